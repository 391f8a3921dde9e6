import Foundation

/// A small, fast, seedable PRNG (SplitMix64): the same seed gives the same population on every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Generates realistic synthetic request populations over the shipped fictional states, as JSON Lines.
///
/// The mix is invented but shaped like published transparency reports: most requests are for subscriber
/// information and traffic data about fraud and access offences; states that criminalise expression send
/// a share of expression-offence requests, often about journalists, activists or opponents.
public struct RequestGenerator: Sendable {
    public var seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    static let states = ["EXAMPLIA", "NORLAND", "VESTERIA", "KARVIA", "LUMERIA"]
    /// Requesting-state weights (sum 100).
    static let requestingWeights = [25, 25, 25, 15, 10]
    static let coreConducts = [
        "unauthorised-access", "computer-fraud", "extortion", "child-sexual-abuse-material", "identity-theft",
        "data-interference", "system-interference", "money-laundering", "harassment", "grooming",
        "non-consensual-intimate-images", "misuse-of-devices",
    ]
    /// Expression conducts each state criminalises (and so may ask about).
    static let expressionByState: [String: [String]] = [
        "NORLAND": ["insulting-officials", "false-information", "defamation"],
        "VESTERIA": ["blasphemy", "lgbt-expression", "protest-organising", "extremism-speech", "false-information", "insulting-officials"],
        "KARVIA": ["defamation"],
    ]
    static let statutes: [String: String] = [
        "EXAMPLIA": "Criminal Code, art. ", "NORLAND": "Penal Code, s. ", "VESTERIA": "Criminal Code, art. ",
        "KARVIA": "Penal Code, s. ", "LUMERIA": "Criminal Code, § ",
    ]
    static let measures: [(String, Int)] = [
        ("subscriber-information", 35), ("traffic-data", 22), ("stored-content", 18), ("preservation", 12),
        ("real-time-traffic", 4), ("interception-content", 3), ("search-seizure", 4), ("extradition", 2),
    ]
    static let protectedAttributes = ["journalist", "human-rights-defender", "activist", "political-opponent", "lawyer", "whistleblower"]

    /// The requests as JSON Lines (one compact object per line, fixed key order).
    public func jsonLines(count: Int) -> String {
        var rng = SplitMix64(seed: seed)
        var out = ""
        out.reserveCapacity(count * 520)
        for i in 0..<count { out += line(index: i, rng: &rng); out += "\n" }
        return out
    }

    func pick<T>(_ items: [(T, Int)], _ rng: inout SplitMix64) -> T {
        let total = items.reduce(0) { $0 + $1.1 }
        var roll = Int(rng.next() % UInt64(total))
        for (item, weight) in items {
            if roll < weight { return item }
            roll -= weight
        }
        return items[items.count - 1].0
    }

    func chance(_ percent: Int, _ rng: inout SplitMix64) -> Bool { Int(rng.next() % 100) < percent }

    func line(index: Int, rng: inout SplitMix64) -> String {
        let states = Self.states
        let requesting = pick(Array(zip(states, Self.requestingWeights)), &rng)
        var requested = states[Int(rng.next() % UInt64(states.count))]
        if requested == requesting { requested = requesting == "KARVIA" ? "EXAMPLIA" : "KARVIA" }
        let expressionConducts = Self.expressionByState[requesting] ?? []
        let expression = !expressionConducts.isEmpty && chance(requesting == "VESTERIA" ? 30 : 15, &rng)
        let conduct =
            expression
            ? expressionConducts[Int(rng.next() % UInt64(expressionConducts.count))]
            : Self.coreConducts[Int(rng.next() % UInt64(Self.coreConducts.count))]
        let measure = pick(Self.measures, &rng)
        let authority = pick([("police", 50), ("prosecutor", 35), ("court", 15)], &rng)
        let day = 1 + Int(rng.next() % 28)
        let month = 1 + Int(rng.next() % 12)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let received = "2026-\(two(month))-\(two(day))"
        var attributes: [String] = []
        if chance(expression ? 60 : 6, &rng) {
            attributes.append(Self.protectedAttributes[Int(rng.next() % UInt64(Self.protectedAttributes.count))])
        }
        if !expression && chance(3, &rng) { attributes.append("minor") }
        if chance(50, &rng) { attributes.append("suspect") }
        let target = "acct-\(String(rng.next() % 0xFFFF_FFFF, radix: 16))"
        var json = "{\"id\":\"gen-\(seed)-\(index)\",\"received\":\"\(received)\""
        json += ",\"requesting\":{\"state\":\"\(requesting)\",\"authority\":\"\(authority)\"}"
        json += ",\"requested\":{\"state\":\"\(requested)\",\"provider\":\"provider-\(rng.next() % 7)\"}"
        if chance(92, &rng) {
            let bilateral = requesting == "LUMERIA" || requested == "LUMERIA" ? chance(70, &rng) : chance(10, &rng)
            json +=
                bilateral
                ? ",\"legal-basis\":{\"kind\":\"bilateral\",\"instrument\":"
                    + "\"\(requesting.lowercased())-\(requested.lowercased())-mla-treaty\"}"
                : ",\"legal-basis\":{\"kind\":\"treaty\",\"instrument\":\"model-convention-rev2\",\"article\":\"art_40\"}"
        } else if chance(50, &rng) {
            json += ",\"legal-basis\":{\"kind\":\"none\"}"
        }
        json += ",\"measure\":\"\(measure)\""
        json += ",\"offence\":{\"statute\":\"\(Self.statutes[requesting]!)\(100 + rng.next() % 300)\",\"conduct\":\"\(conduct)\"}"
        json += ",\"targets\":[{\"id\":\"\(target)\",\"attributes\":[\(attributes.map { "\"\($0)\"" }.joined(separator: ","))],"
        json += "\"location\":\"\(requested)\",\"nationality\":\"\(chance(70, &rng) ? requesting : requested)\"}]"
        if chance(85, &rng) {
            let issuer = authority == "court" || chance(40, &rng) ? "court" : (authority == "police" ? "police" : "prosecutor")
            let timing = chance(85, &rng) ? "prior" : "after-the-fact"
            json += ",\"authorisation\":{\"issuer\":\"\(issuer)\",\"timing\":\"\(timing)\","
            json += "\"reference\":\"\(requesting.prefix(2))-2026-\(rng.next() % 10000)\"}"
        }
        if measure != "extradition" {
            let accounts = chance(95, &rng) ? 1 + Int(rng.next() % 3) : 11 + Int(rng.next() % 200)
            json += ",\"scope\":{\"accounts\":\(accounts)"
            if measure != "subscriber-information" && chance(90, &rng) {
                let length = chance(75, &rng) ? 1 + Int(rng.next() % 180) : 181 + Int(rng.next() % 1000)
                let end = Day.daysFromCivil(2026, month, day)
                json +=
                    ",\"from\":\"\(Day(daysSinceEpoch: Int32(end - length + 1)).iso)\",\"to\":\"\(Day(daysSinceEpoch: Int32(end)).iso)\""
            }
            let categories: String
            switch measure {
            case "subscriber-information": categories = chance(5, &rng) ? "\"subscriber\",\"content\"" : "\"subscriber\""
            case "traffic-data", "real-time-traffic": categories = "\"traffic\",\"location\""
            default: categories = "\"content\""
            }
            json += ",\"data-categories\":[\(categories)]}"
        }
        json += ",\"urgency\":\"\(pick([("routine", 80), ("urgent", 17), ("emergency", 3)], &rng))\""
        if chance(88, &rng) { json += ",\"necessity\":\"Needed to identify the person responsible for the offence under investigation.\"" }
        json += "}"
        return json
    }
}
