import Foundation
import SafeguardModel
@testable import SafeguardScreening
import Testing

@Suite struct RuleAttributionTests {
    static let permit = """
          - id: basis
            effect: permit
            implements: {eId: art_36__para_1}
            reason: a treaty request
            when: {legal-basis: [treaty]}
        """
    static let journalists = """
          - id: protect-journalists
            effect: refuse
            ground: persecution
            implements: {eId: art_5__para_3}
            reason: journalists
            when: {target-attribute: [journalist]}
        """
    static let expression = """
          - id: expression
            effect: refuse
            ground: expression-offence
            implements: {eId: art_5__para_2}
            reason: expression
            when: {conduct-flag: expression}
        """

    /// A: permit treaty requests. B: also refuse anything about journalists and any expression offence.
    static func compare(_ requests: [Request], a: ScreeningEngine, b: ScreeningEngine) throws -> RuleSetComparison {
        let plan = try RuleAttributionPlan(engineA: a, engineB: b)
        var acc = ComparisonAccumulator(attribution: plan)
        for (i, r) in requests.enumerated() { acc.add(line: i + 1, request: r, a: a.decide(r), b: b.decide(r), engineA: a, engineB: b) }
        // Merging chunk accumulators gives the same counts as one accumulator.
        var halves = ComparisonAccumulator(attribution: plan)
        var first = ComparisonAccumulator(attribution: plan), second = ComparisonAccumulator(attribution: plan)
        for (i, r) in requests.enumerated() {
            if i < requests.count / 2 {
                first.add(line: i + 1, request: r, a: a.decide(r), b: b.decide(r), engineA: a, engineB: b)
            } else {
                second.add(line: i + 1, request: r, a: a.decide(r), b: b.decide(r), engineA: a, engineB: b)
            }
        }
        halves.merge(first)
        halves.merge(second)
        #expect(halves.result(engineA: a, engineB: b).ruleAttribution == acc.result(engineA: a, engineB: b).ruleAttribution)
        return acc.result(engineA: a, engineB: b)
    }

    @Test func eachRuleIsCreditedWithWhatItAloneChangesAndForWhom() throws {
        let a = try Fixtures.engine(rules: Self.permit)
        let b = try Fixtures.engine(rules: Self.permit + "\n" + Self.journalists + "\n" + Self.expression)
        let e = { (changes: [String: DataValue]) in try Fixtures.request(changes, engine: a) }
        let requests = [
            try e(["targets": Fixtures.target(["journalist"])]),  // journalists only
            try e(["targets": Fixtures.target(["journalist"])]),  // journalists only
            try e([
                "targets": Fixtures.target(["journalist", "activist"]),
                "offence": .object(["statute": .string("s. 1"), "conduct": .string("defamation")]),
            ]),  // both
            try e(["offence": .object(["statute": .string("s. 1"), "conduct": .string("blasphemy")])]),  // expression only
            try e([:]),  // neither
        ]
        let result = try Self.compare(requests, a: a, b: b)
        #expect(result.changed == 4)
        #expect(result.ruleAttribution.map(\.rule) == ["protect-journalists", "expression"])
        let j = result.ruleAttribution[0]
        #expect(j.change == "added")
        #expect(j.effectA == nil && j.effectB == "refuse")
        #expect(j.implements?.eId == "art_5__para_3")
        #expect(j.changedAlone == 3)
        #expect(j.transitionsAlone == ["execute → refuse": 3])
        #expect(j.changedAloneByTargetAttribute == ["journalist": 3, "activist": 1])
        #expect(j.letThroughDeltaAlone == -3)
        #expect(j.letThroughDeltaAloneByTargetAttribute == ["journalist": -3, "activist": -1])
        // Request 3 is refused by both rules in B: taking either one out changes nothing for it.
        #expect(j.changedWithout == 2)
        let x = result.ruleAttribution[1]
        #expect(x.changedAlone == 2)
        #expect(x.changedAloneByTargetAttribute == ["journalist": 1, "activist": 1, "suspect": 1])
        #expect(x.changedWithout == 1)
    }

    @Test func removedModifiedAndDefaultChangesAreListedAndTextOnlyChangesAreNot() throws {
        let a = try Fixtures.engine(rules: Self.permit + "\n" + Self.expression)
        // B drops the expression rule, narrows the permit to bilateral requests, reworded; default refuses.
        let modified = Self.permit.replacingOccurrences(of: "[treaty]", with: "[bilateral]")
        let b = try Fixtures.engine(rules: modified, default: "refuse")
        let requests = [
            try Fixtures.request(["offence": .object(["statute": .string("s. 1"), "conduct": .string("blasphemy")])], engine: a),
            try Fixtures.request([:], engine: a),
        ]
        let result = try Self.compare(requests, a: a, b: b)
        let byRule = Dictionary(uniqueKeysWithValues: result.ruleAttribution.map { ($0.rule, $0) })
        #expect(byRule["basis"]?.change == "modified")
        #expect(byRule["expression"]?.change == "removed")
        #expect(byRule["default"]?.change == "default")
        #expect(byRule["basis"]?.changedAlone == 1)  // the fraud request loses its permit → default needs-review
        #expect(byRule["expression"]?.changedAlone == 1)  // the blasphemy request is no longer refused
        #expect(byRule["default"]?.changedAlone == 0)  // under A every request matched a rule
        // Only the reason changes: not a difference that decides anything.
        let reworded = try Fixtures.engine(
            rules: Self.permit.replacingOccurrences(of: "reason: a treaty request", with: "reason: reworded"))
        #expect(try RuleAttributionPlan(engineA: a, engineB: reworded).rules == ["expression"])
        #expect(try RuleAttributionPlan(engineA: a, engineB: a).rules.isEmpty)
    }

    @Test func tableNamesTheRulesTheirArticlesAndTheMostAffected() throws {
        let a = try Fixtures.engine(rules: Self.permit)
        let b = try Fixtures.engine(rules: Self.permit + "\n" + Self.journalists)
        let result = try Self.compare([try Fixtures.request(["targets": Fixtures.target(["journalist"])], engine: a)], a: a, b: b)
        let table = result.table()
        #expect(table.contains("Rules that differ"))
        #expect(table.contains("protect-journalists"))
        #expect(table.contains("art_5__para_3"))
        #expect(table.contains("Changed alone, by target attribute"))
        #expect(table.contains("1 (-1)"))
    }
}
