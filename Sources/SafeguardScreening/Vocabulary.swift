import Foundation
import SafeguardModel

/// The measure a request asks for. Raw values are the ids used in requests, rule sets and reports.
public enum Measure: String, Codable, Sendable, CaseIterable {
    case preservation
    case subscriberInformation = "subscriber-information"
    case trafficData = "traffic-data"
    case storedContent = "stored-content"
    case realTimeTraffic = "real-time-traffic"
    case interceptionContent = "interception-content"
    case searchSeizure = "search-seizure"
    case extradition

    var bit: UInt16 { 1 << UInt16(Self.allCases.firstIndex(of: self)!) }
}

/// Who sent the request in the requesting state.
public enum Authority: String, Codable, Sendable, CaseIterable {
    case police
    case prosecutor
    case court
    case other

    var bit: UInt8 { 1 << UInt8(Self.allCases.firstIndex(of: self)!) }
}

/// Who issued the domestic authorisation behind the request.
public enum AuthorisationIssuer: String, Codable, Sendable, CaseIterable {
    case court
    case prosecutor
    case police
    case other
}

/// Whether the authorisation was given before the measure or confirmed after it.
public enum AuthorisationTiming: String, Codable, Sendable, CaseIterable {
    case prior
    case afterTheFact = "after-the-fact"
}

/// How fast the requesting state says the request must be handled.
public enum Urgency: String, Codable, Sendable, CaseIterable {
    case routine
    case urgent
    case emergency

    var bit: UInt8 { 1 << UInt8(Self.allCases.firstIndex(of: self)!) }
}

/// The kind of legal basis a request claims.
public enum LegalBasisKind: String, Codable, Sendable, CaseIterable {
    /// An article of a multilateral treaty (name the instrument and article).
    case treaty
    /// A bilateral mutual-legal-assistance treaty or agreement.
    case bilateral
    /// The requested state's or provider's own domestic law (e.g. a voluntary-disclosure statute).
    case domestic
    /// No legal basis claimed.
    case none

    var bit: UInt8 { 1 << UInt8(Self.allCases.firstIndex(of: self)!) }
}

/// The categories of data a request's scope may cover.
public enum DataCategory: String, Codable, Sendable, CaseIterable {
    case subscriber
    case traffic
    case location
    case content

    var bit: UInt8 { 1 << UInt8(Self.allCases.firstIndex(of: self)!) }
}

/// Outcome of the conduct-based dual-criminality test for one request.
public enum DualCriminality: String, Codable, Sendable, CaseIterable {
    /// The underlying conduct is criminal in both the requesting and the requested state.
    case met
    /// The requested state's profile does not make the conduct criminal.
    case notMet = "not-met"
    /// No profile for one of the states: the test cannot be decided from the data.
    case unknown

    var bit: UInt8 { 1 << UInt8(Self.allCases.firstIndex(of: self)!) }
}

/// A calendar day as a count of days since 1970-01-01 (proleptic Gregorian), for cheap range arithmetic.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var daysSinceEpoch: Int32

    public init(daysSinceEpoch: Int32) { self.daysSinceEpoch = daysSinceEpoch }

    /// Parses `YYYY-MM-DD` exactly (a valid calendar date), or returns nil.
    public init?(iso text: String) {
        var text = text
        guard let value = text.withUTF8({ Day.parse($0) }) else { return nil }
        self = value
    }

    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Day? {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let d = b[i] &- 0x30
                guard d < 10 else { return nil }
                value = value * 10 + Int(d)
            }
            return value
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10), (1...12).contains(m), d >= 1 else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard d <= monthDays[m - 1] else { return nil }
        return Day(daysSinceEpoch: Int32(daysFromCivil(y, m, d)))
    }

    /// Howard Hinnant's days-from-civil algorithm.
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// Appends the `YYYY-MM-DD` bytes (years 0–9999).
    func appendISO(to out: inout [UInt8]) {
        let (y, m, d) = civil
        let year = max(0, min(9999, y))
        out.append(UInt8(ascii: "0") + UInt8(year / 1000))
        out.append(UInt8(ascii: "0") + UInt8(year / 100 % 10))
        out.append(UInt8(ascii: "0") + UInt8(year / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(year % 10))
        out.append(UInt8(ascii: "-"))
        out.append(UInt8(ascii: "0") + UInt8(m / 10))
        out.append(UInt8(ascii: "0") + UInt8(m % 10))
        out.append(UInt8(ascii: "-"))
        out.append(UInt8(ascii: "0") + UInt8(d / 10))
        out.append(UInt8(ascii: "0") + UInt8(d % 10))
    }

    /// Year, month, day (Howard Hinnant's civil-from-days).
    var civil: (Int, Int, Int) {
        let z = Int(daysSinceEpoch) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The `YYYY-MM-DD` form.
    public var iso: String {
        let z = Int(daysSinceEpoch) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    public var description: String { iso }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

/// One conduct of the taxonomy: the behaviour behind an offence, whatever a statute calls it.
public struct Conduct: Sendable, Hashable, Codable {
    public var id: String
    public var label: String
    public var description: String
    /// Free-form flags rule sets can test (`expression` marks conducts whose punishment restricts expression).
    public var flags: [String]
}

/// A target attribute (journalist, lawyer, minor, ...), with flags such as `protected`.
public struct TargetAttribute: Sendable, Hashable, Codable {
    public var id: String
    public var label: String
    public var flags: [String]
}

/// The conduct taxonomy and target attributes every request, profile and rule set refers to.
///
/// Loaded from YAML (`conducts.yaml`, schema `safeguard.conducts/1`) and extensible by users.
/// Each conduct and attribute gets a small integer id (its position) so compiled rules test bitmasks.
public struct ConductTaxonomy: Sendable {
    public static let maximumConducts = 64
    public static let maximumAttributes = 64

    public var version: String
    public var conducts: [Conduct]
    public var attributes: [TargetAttribute]
    var conductIndex: [String: Int]
    var attributeIndex: [String: Int]

    public init(version: String, conducts: [Conduct], attributes: [TargetAttribute]) throws {
        guard conducts.count <= Self.maximumConducts else {
            throw SafeguardError(
                .invalidConfiguration,
                "the conduct taxonomy holds \(conducts.count) conducts; at most \(Self.maximumConducts) are supported")
        }
        guard attributes.count <= Self.maximumAttributes else {
            throw SafeguardError(
                .invalidConfiguration,
                "the taxonomy holds \(attributes.count) target attributes; at most \(Self.maximumAttributes) are supported")
        }
        self.version = version
        self.conducts = conducts
        self.attributes = attributes
        var ci: [String: Int] = [:]
        for (i, c) in conducts.enumerated() {
            if ci[c.id] != nil { throw SafeguardError(.invalidConfiguration, "conduct \"\(c.id)\" is defined twice") }
            ci[c.id] = i
        }
        var ai: [String: Int] = [:]
        for (i, a) in attributes.enumerated() {
            if ai[a.id] != nil { throw SafeguardError(.invalidConfiguration, "target attribute \"\(a.id)\" is defined twice") }
            ai[a.id] = i
        }
        conductIndex = ci
        attributeIndex = ai
    }

    public func conduct(_ id: String) -> Conduct? { conductIndex[id].map { conducts[$0] } }

    /// Bitmask of the conducts carrying a flag.
    public func conductMask(flag: String) -> UInt64 {
        var mask: UInt64 = 0
        for (i, c) in conducts.enumerated() where c.flags.contains(flag) { mask |= 1 << UInt64(i) }
        return mask
    }

    /// Bitmask of the target attributes carrying a flag.
    public func attributeMask(flag: String) -> UInt64 {
        var mask: UInt64 = 0
        for (i, a) in attributes.enumerated() where a.flags.contains(flag) { mask |= 1 << UInt64(i) }
        return mask
    }

    /// Reads a taxonomy file.
    public static func load(yaml text: String, source: String? = nil) throws -> ConductTaxonomy {
        let root: DataValue
        do { root = try DataValue.parseYAML(text, source: source) } catch let error as SafeguardError {
            throw SafeguardError(.invalidConfiguration, error.message, file: source, line: error.line)
        }
        do {
            let reader = try FieldReader(root, path: "", source: source, line: nil)
            try reader.rejectUnknownKeys(["schema", "version", "description", "conducts", "target-attributes"])
            let schema = try reader.requiredString("schema")
            guard schema == "safeguard.conducts/1" else { throw reader.error("schema", "expected safeguard.conducts/1, found \(schema)") }
            let version = try reader.requiredString("version")
            var conducts: [Conduct] = []
            for (i, item) in (try reader.list("conducts") ?? []).enumerated() {
                let r = try FieldReader(item, path: "conducts[\(i)]", source: source, line: nil)
                try r.rejectUnknownKeys(["id", "label", "description", "flags"])
                conducts.append(
                    Conduct(
                        id: try r.requiredString("id"),
                        label: try r.requiredString("label"),
                        description: try r.string("description") ?? "",
                        flags: try r.stringList("flags") ?? []
                    ))
            }
            var attributes: [TargetAttribute] = []
            for (i, item) in (try reader.list("target-attributes") ?? []).enumerated() {
                let r = try FieldReader(item, path: "target-attributes[\(i)]", source: source, line: nil)
                try r.rejectUnknownKeys(["id", "label", "flags"])
                attributes.append(
                    TargetAttribute(
                        id: try r.requiredString("id"),
                        label: try r.requiredString("label"),
                        flags: try r.stringList("flags") ?? []
                    ))
            }
            guard !conducts.isEmpty else { throw reader.error("conducts", "at least one conduct is required") }
            return try ConductTaxonomy(version: version, conducts: conducts, attributes: attributes)
        } catch let error as SafeguardError where error.kind == .invalidData {
            throw SafeguardError(.invalidConfiguration, error.message, file: source, line: error.line)
        }
    }
}
