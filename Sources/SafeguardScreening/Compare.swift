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
    /// Per rule that differs between A and B: the decisions its change alone makes (see ``RuleAttribution``).
    /// Sorted by `changedAlone`, largest first.
    public var ruleAttribution: [RuleAttribution] = []
}

/// What one rule's difference between rule set A and rule set B does on its own.
///
/// - `changedAlone`: requests whose outcome differs between A and "A with only this rule changed as in B"
///   (added, removed or redefined): what the rule alone would change if it were the only amendment.
/// - `changedWithout`: requests whose outcome differs between B and "B with only this rule put back as in A":
///   where the rule is pivotal in B as a whole.
///
/// Rules interact (a request refused by two new rules changes when either is added alone, and by neither
/// when one is taken out of B), so neither column sums to the total `changed`.
public struct RuleAttribution: Codable, Sendable, Hashable {
    /// `added` (only in B), `removed` (only in A), `modified` (effect, condition, ground or refusal/condition
    /// changed), or `default` (the pseudo-rule for the rule set's default effect).
    public var rule: String
    public var change: String
    public var effectA: String?
    public var effectB: String?
    /// The article the rule implements (B's version, or A's for a removed rule).
    public var implements: Citation?
    public var changedAlone: Int
    /// "outcome under A → outcome with the change alone" → count.
    public var transitionsAlone: [String: Int]
    /// Target attribute (or `(none)`) → requests the change alone changed; a request with several attributes
    /// counts under each.
    public var changedAloneByTargetAttribute: [String: Int]
    /// Target attribute (or `(none)`) → requests let through with the change alone minus under A: negative when
    /// the rule alone lets fewer requests about such people through.
    public var letThroughDeltaAloneByTargetAttribute: [String: Int]
    /// Requests let through (execute or execute-with-conditions) with the change alone, minus under A.
    public var letThroughDeltaAlone: Int
    public var changedWithout: Int
}

/// The variant engines the attribution needs: two per differing rule.
public struct RuleAttributionPlan: Sendable {
    struct Variant: Sendable {
        var rule: String
        var change: String
        var effectA: RuleEffect?
        var effectB: RuleEffect?
        var implements: Citation?
        /// A with only this rule as in B.
        var alone: ScreeningEngine
        /// B with only this rule as in A.
        var without: ScreeningEngine
    }

    let variants: [Variant]
    public var rules: [String] { variants.map(\.rule) }

    /// Finds the rules that differ in what they decide (effect, condition, ground, conditions of application) and
    /// compiles the variants against A's taxonomy and profiles. Differences only in reason or citation change
    /// no decision and are not listed.
    public init(engineA: ScreeningEngine, engineB: ScreeningEngine) throws {
        let a = engineA.ruleSet
        let b = engineB.ruleSet
        func decides(_ x: Rule, _ y: Rule) -> Bool {
            x.effect == y.effect && x.when == y.when && x.ground == y.ground && x.condition == y.condition
        }
        func compile(_ set: RuleSet) throws -> ScreeningEngine { try set.compile(taxonomy: engineA.taxonomy, profiles: engineA.profiles) }
        func replacing(_ set: RuleSet, id: String, with rule: Rule?) -> RuleSet {
            var copy = set
            if let i = copy.rules.firstIndex(where: { $0.id == id }) {
                if let rule { copy.rules[i] = rule } else { copy.rules.remove(at: i) }
            } else if let rule {
                copy.rules.append(rule)
            }
            return copy
        }
        var variants: [Variant] = []
        var ids = a.rules.map(\.id)
        for r in b.rules where !ids.contains(r.id) { ids.append(r.id) }
        for id in ids {
            let ra = a.rules.first { $0.id == id }
            let rb = b.rules.first { $0.id == id }
            let change: String
            switch (ra, rb) {
            case let (x?, y?): if decides(x, y) { continue }; change = "modified"
            case (nil, _?): change = "added"
            case (_?, nil): change = "removed"
            case (nil, nil): continue
            }
            // A rule set holds at most 128 rules; adding one to a full set cannot be compiled.
            let aloneSet = replacing(a, id: id, with: rb)
            let withoutSet = replacing(b, id: id, with: ra)
            guard aloneSet.rules.count <= RuleSet.maximumRules, withoutSet.rules.count <= RuleSet.maximumRules else { continue }
            variants.append(
                Variant(
                    rule: id, change: change, effectA: ra?.effect, effectB: rb?.effect, implements: (rb ?? ra)?.implements,
                    alone: try compile(aloneSet), without: try compile(withoutSet)
                ))
        }
        if a.defaultEffect != b.defaultEffect {
            var aloneSet = a
            aloneSet.defaultEffect = b.defaultEffect
            var withoutSet = b
            withoutSet.defaultEffect = a.defaultEffect
            variants.append(
                Variant(
                    rule: "default", change: "default", effectA: a.defaultEffect, effectB: b.defaultEffect, implements: b.defaultImplements,
                    alone: try compile(aloneSet), without: try compile(withoutSet)
                ))
        }
        self.variants = variants
    }
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
    let plan: RuleAttributionPlan?
    struct RuleCounts: Sendable {
        var alone = 0, without = 0, letThroughDelta = 0
        var transitions: [String: Int] = [:]
        var byAttribute: [String: Int] = [:]
        var deltaByAttribute: [String: Int] = [:]
    }
    var ruleCounts: [RuleCounts]

    public init(changeLimit: Int = 1000, attribution plan: RuleAttributionPlan? = nil) {
        self.changeLimit = changeLimit
        self.plan = plan
        ruleCounts = [RuleCounts](repeating: RuleCounts(), count: plan?.variants.count ?? 0)
    }

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
        if let plan {
            for (i, variant) in plan.variants.enumerated() {
                let alone = variant.alone.decide(request).outcome
                if alone != a.outcome {
                    ruleCounts[i].alone += 1
                    ruleCounts[i].transitions["\(a.outcome.rawValue) → \(alone.rawValue)", default: 0] += 1
                    let delta = (Self.letThrough(alone) ? 1 : 0) - throughA
                    ruleCounts[i].letThroughDelta += delta
                    for attr in seen.isEmpty ? ["(none)"] : seen {
                        ruleCounts[i].byAttribute[attr, default: 0] += 1
                        ruleCounts[i].deltaByAttribute[attr, default: 0] += delta
                    }
                }
                if variant.without.decide(request).outcome != b.outcome { ruleCounts[i].without += 1 }
            }
        }
        if isChanged {
            changed += 1
            transitions["\(a.outcome.rawValue) → \(b.outcome.rawValue)", default: 0] += 1
            if changes.count < changeLimit {
                changes.append(
                    .init(
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
        for i in ruleCounts.indices where i < other.ruleCounts.count {
            let o = other.ruleCounts[i]
            ruleCounts[i].alone += o.alone
            ruleCounts[i].without += o.without
            ruleCounts[i].letThroughDelta += o.letThroughDelta
            for (k, v) in o.transitions { ruleCounts[i].transitions[k, default: 0] += v }
            for (k, v) in o.byAttribute { ruleCounts[i].byAttribute[k, default: 0] += v }
            for (k, v) in o.deltaByAttribute { ruleCounts[i].deltaByAttribute[k, default: 0] += v }
        }
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
        var attribution: [RuleAttribution] = []
        for (i, v) in (plan?.variants ?? []).enumerated() {
            let c = ruleCounts[i]
            attribution.append(
                RuleAttribution(
                    rule: v.rule, change: v.change, effectA: v.effectA?.rawValue, effectB: v.effectB?.rawValue, implements: v.implements,
                    changedAlone: c.alone, transitionsAlone: c.transitions, changedAloneByTargetAttribute: c.byAttribute,
                    letThroughDeltaAloneByTargetAttribute: c.deltaByAttribute, letThroughDeltaAlone: c.letThroughDelta,
                    changedWithout: c.without
                ))
        }
        // Stable: largest effect first, then rule-set order.
        let order = Dictionary(uniqueKeysWithValues: attribution.enumerated().map { ($1.rule, $0) })
        attribution.sort { $0.changedAlone != $1.changedAlone ? $0.changedAlone > $1.changedAlone : order[$0.rule]! < order[$1.rule]! }
        return RuleSetComparison(
            ruleSetA: ref(engineA), ruleSetB: ref(engineB), requests: requests, invalid: invalid, changed: changed,
            outcomesA: outcomes(outcomesA), outcomesB: outcomes(outcomesB), transitions: transitions,
            byMeasure: groups(byMeasure), byTargetAttribute: groups(byAttribute), byConduct: groups(byConduct),
            changes: changes, ruleAttribution: attribution
        )
    }
}

extension RuleSetComparison {
    /// A terminal rendering: totals, transitions, then the three breakdowns.
    public func table() -> String {
        var out = "Comparing \(ruleSetA.id) \(ruleSetA.version) (A) with \(ruleSetB.id) \(ruleSetB.version) (B)\n"
        out += "\(requests) requests screened, \(invalid) invalid, \(changed) change outcome.\n\n"
        var totals = TextTable(headers: ["outcome", "A", "B"])
        for o in DecisionOutcome.allCases {
            totals.rows.append([o.rawValue, String(outcomesA[o.rawValue] ?? 0), String(outcomesB[o.rawValue] ?? 0)])
        }
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
        if !ruleAttribution.isEmpty {
            func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : String(n) }
            out += "Rules that differ, each change applied alone to A (\"alone\") and taken back out of B (\"without\"):\n"
            var t = TextTable(headers: ["rule", "change", "effect A → B", "article", "changed alone", "let through Δ", "changed without"])
            for r in ruleAttribution {
                t.rows.append([
                    r.rule, r.change, "\(r.effectA ?? "—") → \(r.effectB ?? "—")", r.implements?.eId.rawValue ?? "",
                    String(r.changedAlone), signed(r.letThroughDeltaAlone), String(r.changedWithout),
                ])
            }
            out += t.render() + "\n"
            // Rule × target attribute: requests the change alone changed, and (in brackets) the change in how many
            // of them are let through — e.g. which single rule costs journalists the most.
            let attributes = byTargetAttribute.map(\.key)
            let changing = ruleAttribution.filter { $0.changedAlone > 0 }
            if !changing.isEmpty {
                out += "Changed alone, by target attribute (let-through change in brackets):\n"
                var m = TextTable(headers: ["rule"] + attributes)
                for r in changing {
                    m.rows.append(
                        [r.rule]
                            + attributes.map { a in
                                let n = r.changedAloneByTargetAttribute[a] ?? 0
                                return n == 0 ? "0" : "\(n) (\(signed(r.letThroughDeltaAloneByTargetAttribute[a] ?? 0)))"
                            })
                }
                out += m.render() + "\n"
            }
            out += "(rules interact, so neither column sums to the total changed)\n"
        }
        out += "(\"let through\" = execute or execute-with-conditions)\n"
        return out
    }
}
