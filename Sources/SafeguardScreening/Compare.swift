import Foundation
import SafeguardModel

/// How two rule sets decide the same population of requests (schema `safeguard.screening-comparison/1`).
public struct RuleSetComparison: Codable, Sendable, Hashable {
    /// Outcome counts for one group of requests under both rule sets.
    public struct Group: Codable, Sendable, Hashable {
        public var key: String
        public var requests: Int
        /// Requests executed (with or without conditions) under A and under B.
        public var letThroughA: Int
        public var letThroughB: Int
        public var changed: Int
    }

    /// One request whose outcome changed.
    public struct Change: Codable, Sendable, Hashable {
        public var line: Int
        public var request: String
        public var outcomeA: DecisionOutcome
        public var outcomeB: DecisionOutcome
        public var rulesA: [String]
        public var rulesB: [String]
    }

    public var schema = "safeguard.screening-comparison/1"
    public var ruleSetA: DecisionReport.RuleSetReference
    public var ruleSetB: DecisionReport.RuleSetReference
    public var requests: Int
    public var invalid: Int
    public var changed: Int
    /// Outcome → count, under each rule set.
    public var outcomesA: [String: Int]
    public var outcomesB: [String: Int]
    /// "a → b" → count, for changed requests.
    public var transitions: [String: Int]
    public var byMeasure: [Group]
    public var byTargetAttribute: [Group]
    public var byConduct: [Group]
    /// The changed requests (first `limit` of them).
    public var changes: [Change]
}

/// Accumulates a comparison chunk by chunk (chunks can be built concurrently and merged in order).
public struct ComparisonAccumulator: Sendable {
    struct Counts: Sendable { var requests = 0, a = 0, b = 0, changed = 0 }
    var requests = 0
    var invalid = 0
    var changed = 0
    var outcomesA = [Int](repeating: 0, count: 4)
    var outcomesB = [Int](repeating: 0, count: 4)
    var transitions: [String: Int] = [:]
    var byMeasure: [String: Counts] = [:]
    var byAttribute: [String: Counts] = [:]
    var byConduct: [String: Counts] = [:]
    var changes: [RuleSetComparison.Change] = []
    let changeLimit: Int

    public init(changeLimit: Int = 1000) { self.changeLimit = changeLimit }

    static func index(_ o: DecisionOutcome) -> Int { DecisionOutcome.allCases.firstIndex(of: o)! }
    static func letThrough(_ o: DecisionOutcome) -> Bool { o == .execute || o == .executeWithConditions }

    public mutating func add(line: Int, request: Request, a: Decision, b: Decision, engineA: ScreeningEngine, engineB: ScreeningEngine) {
        requests += 1
        outcomesA[Self.index(a.outcome)] += 1
        outcomesB[Self.index(b.outcome)] += 1
        let isChanged = a.outcome != b.outcome
        let throughA = Self.letThrough(a.outcome) ? 1 : 0
        let throughB = Self.letThrough(b.outcome) ? 1 : 0
        func bump(_ table: inout [String: Counts], _ key: String) {
            var c = table[key, default: Counts()]
            c.requests += 1; c.a += throughA; c.b += throughB; c.changed += isChanged ? 1 : 0
            table[key] = c
        }
        bump(&byMeasure, request.measure.rawValue)
        bump(&byConduct, request.conduct)
        var seen: Set<String> = []
        for t in request.targets { for attr in t.attributes where seen.insert(attr).inserted { bump(&byAttribute, attr) } }
        if seen.isEmpty { bump(&byAttribute, "(none)") }
        if isChanged {
            changed += 1
            transitions["\(a.outcome.rawValue) → \(b.outcome.rawValue)", default: 0] += 1
            if changes.count < changeLimit {
                changes.append(.init(
                    line: line, request: request.id, outcomeA: a.outcome, outcomeB: b.outcome,
                    rulesA: a.determining.indices.map { engineA.ruleSet.rules[$0].id },
                    rulesB: b.determining.indices.map { engineB.ruleSet.rules[$0].id }
                ))
            }
        }
    }

    public mutating func addInvalid() { invalid += 1 }

    /// Adds another accumulator's counts (the other's requests come after this one's).
    public mutating func merge(_ other: ComparisonAccumulator) {
        requests += other.requests
        invalid += other.invalid
        changed += other.changed
        for i in 0..<4 { outcomesA[i] += other.outcomesA[i]; outcomesB[i] += other.outcomesB[i] }
        for (k, v) in other.transitions { transitions[k, default: 0] += v }
        func mergeTable(_ mine: inout [String: Counts], _ theirs: [String: Counts]) {
            for (k, v) in theirs {
                var c = mine[k, default: Counts()]
                c.requests += v.requests; c.a += v.a; c.b += v.b; c.changed += v.changed
                mine[k] = c
            }
        }
        mergeTable(&byMeasure, other.byMeasure)
        mergeTable(&byAttribute, other.byAttribute)
        mergeTable(&byConduct, other.byConduct)
        for c in other.changes where changes.count < changeLimit { changes.append(c) }
    }

    public func result(engineA: ScreeningEngine, engineB: ScreeningEngine) -> RuleSetComparison {
        func groups(_ table: [String: Counts]) -> [RuleSetComparison.Group] {
            table.keys.sorted().map { k in
                let c = table[k]!
                return .init(key: k, requests: c.requests, letThroughA: c.a, letThroughB: c.b, changed: c.changed)
            }
        }
        func outcomes(_ counts: [Int]) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: DecisionOutcome.allCases.enumerated().map { ($1.rawValue, counts[$0]) })
        }
        func ref(_ e: ScreeningEngine) -> DecisionReport.RuleSetReference {
            .init(id: e.ruleSet.id, version: e.ruleSet.version, digest: e.ruleSet.digest)
        }
        return RuleSetComparison(
            ruleSetA: ref(engineA), ruleSetB: ref(engineB), requests: requests, invalid: invalid, changed: changed,
            outcomesA: outcomes(outcomesA), outcomesB: outcomes(outcomesB), transitions: transitions,
            byMeasure: groups(byMeasure), byTargetAttribute: groups(byAttribute), byConduct: groups(byConduct),
            changes: changes
        )
    }
}

extension RuleSetComparison {
    /// A terminal rendering: totals, transitions, then the three breakdowns.
    public func table() -> String {
        var out = "Comparing \(ruleSetA.id) \(ruleSetA.version) (A) with \(ruleSetB.id) \(ruleSetB.version) (B)\n"
        out += "\(requests) requests screened, \(invalid) invalid, \(changed) change outcome.\n\n"
        var totals = TextTable(headers: ["outcome", "A", "B"])
        for o in DecisionOutcome.allCases { totals.rows.append([o.rawValue, String(outcomesA[o.rawValue] ?? 0), String(outcomesB[o.rawValue] ?? 0)]) }
        out += totals.render() + "\n"
        if !transitions.isEmpty {
            var t = TextTable(headers: ["change (A → B)", "requests"])
            for k in transitions.keys.sorted() { t.rows.append([k, String(transitions[k]!)]) }
            out += t.render() + "\n"
        }
        for (title, groups) in [("measure", byMeasure), ("target attribute", byTargetAttribute), ("conduct", byConduct)] {
            var t = TextTable(headers: [title, "requests", "let through A", "let through B", "changed"])
            for g in groups { t.rows.append([g.key, String(g.requests), String(g.letThroughA), String(g.letThroughB), String(g.changed)]) }
            out += t.render() + "\n"
        }
        out += "(\"let through\" = execute or execute-with-conditions)\n"
        return out
    }
}
