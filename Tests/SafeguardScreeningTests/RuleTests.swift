import Foundation
import SafeguardModel
@testable import SafeguardScreening
import Testing

/// Each condition kind, each effect, and how effects combine.
@Suite struct RuleConditionTests {
    /// Whether a one-rule set with this `when` (YAML flow mapping) matches the base request with changes.
    func matches(_ when: String, _ changes: [String: DataValue] = [:]) throws -> Bool {
        let engine = try Fixtures.engine(
            rules: """
                  - id: r
                    effect: permit
                    implements: {eId: art_2}
                    reason: test
                    when: \(when)
                """)
        return engine.decide(try Fixtures.request(changes, engine: engine)).outcome == .execute
    }

    @Test func measureAuthorityUrgencyLegalBasis() throws {
        #expect(try matches("{measure: [subscriber-information, traffic-data]}"))
        #expect(try !matches("{measure: [stored-content]}"))
        #expect(try matches("{authority: [police]}"))
        #expect(try !matches("{authority: [court]}"))
        #expect(try matches("{urgency: [routine]}"))
        #expect(try !matches("{urgency: [routine]}", ["urgency": .null]))  // absent urgency matches no urgency
        #expect(try matches("{legal-basis: [treaty]}"))
        #expect(try !matches("{legal-basis: [none]}", ["legal-basis": .null]))  // not saying is not "none"
        #expect(try matches("{legal-basis: [none]}", ["legal-basis": .object(["kind": .string("none")])]))
    }

    @Test func conductAndConductFlag() throws {
        #expect(try matches("{conduct: [computer-fraud]}"))
        #expect(try !matches("{conduct-flag: expression}"))
        #expect(try matches("{conduct-flag: expression}", ["offence.conduct": .string("blasphemy")]))
        #expect(try matches("{conduct-flag: sexual-abuse}", ["offence.conduct": .string("grooming")]))
    }

    @Test func targetAttributesAndFlags() throws {
        #expect(try !matches("{target-attribute-flag: protected}"))
        #expect(try matches("{target-attribute-flag: protected}", ["targets": Fixtures.target(["lawyer"])]))
        #expect(try matches("{target-attribute: [minor]}", ["targets": Fixtures.target(["minor", "victim"])]))
        #expect(try !matches("{target-attribute: [minor]}", ["targets": Fixtures.target(["victim"])]))
    }

    @Test func authorisation() throws {
        #expect(try matches("{authorisation-judicial: true}"))
        #expect(try matches("{authorisation-prior: true}"))
        #expect(try matches("{authorisation-judicial: false}", ["authorisation.issuer": .string("prosecutor")]))
        // No authorisation at all is "not judicial" and "not prior": absence never satisfies a safeguard.
        #expect(try matches("{authorisation-judicial: false}", ["authorisation": .null]))
        #expect(try matches("{authorisation-prior: false}", ["authorisation": .null]))
        #expect(try !matches("{authorisation-judicial: true}", ["authorisation": .null]))
        #expect(try matches("{authorisation-prior: false}", ["authorisation.timing": .string("after-the-fact")]))
        #expect(try matches("{authorisation-prior: false}", ["authorisation.timing": .null]))
    }

    @Test func scopeLimits() throws {
        #expect(try !matches("{date-range-days-over: 31}"))  // January is exactly 31 days
        #expect(try matches("{date-range-days-over: 30}"))
        #expect(try !matches("{date-range-days-over: 1}", ["scope": .object(["accounts": .number(1)])]))  // no range: no match
        #expect(try matches("{accounts-over: 10}", ["scope.accounts": .number(11)]))
        #expect(try !matches("{accounts-over: 10}", ["scope.accounts": .number(10)]))
        #expect(try matches("{data-category: [subscriber]}"))
        #expect(try !matches("{data-category: [content]}"))
    }

    @Test func missingFields() throws {
        #expect(try !matches("{missing: [necessity, urgency]}"))
        #expect(try matches("{missing: [necessity, urgency]}", ["necessity": .null]))
        #expect(try matches("{missing: [scope.date-range]}", ["scope": .null]))
        #expect(try matches("{missing: ['targets[].location']}", ["targets": Fixtures.target([], location: nil)]))
        #expect(try matches("{missing: [authorisation.timing]}", ["authorisation.timing": .null]))
    }

    @Test func statesPartiesAndReservations() throws {
        #expect(try matches("{requesting-state-party: true}"))
        // Lumeria has only signed; an unprofiled state is not a party either.
        #expect(try matches("{requesting-state-party: false}", ["requesting.state": .string("LUMERIA")]))
        #expect(try matches("{requesting-state-party: false}", ["requesting.state": .string("ATLANTIS")]))
        // Examplia made a reservation under article 23(3) in its (fictional) profile; Karvia did not.
        #expect(try matches("{requested-state-reservation: art_23__para_3}", ["requested.state": .string("EXAMPLIA")]))
        #expect(try !matches("{requested-state-reservation: art_23__para_3}"))
        #expect(try !matches("{requested-state-reservation: art_34__para_2}", ["requested.state": .string("EXAMPLIA")]))
    }

    @Test func combinators() throws {
        #expect(try matches("{any: [{measure: [extradition]}, {authority: [police]}]}"))
        #expect(try !matches("{any: [{measure: [extradition]}, {authority: [court]}]}"))
        #expect(try !matches("{all: [{measure: [subscriber-information]}, {authority: [court]}]}"))
        #expect(try matches("{not: {authority: [court]}}"))
        // Several keys in one mapping must all hold.
        #expect(try !matches("{measure: [subscriber-information], authority: [court]}"))
        #expect(try matches("{always: true}"))
    }
}

@Suite struct RuleEffectTests {
    static let rules = """
          - id: refuse-blasphemy
            effect: refuse
            ground: expression-offence
            implements: {eId: art_6}
            reason: expression
            when: {conduct: [blasphemy]}
          - id: review-no-necessity
            effect: needs-review
            implements: {eId: art_24}
            reason: necessity
            when: {missing: [necessity]}
          - id: notify
            effect: require-condition
            condition: {id: notify-user, text: Notify the user.}
            implements: {eId: art_24}
            reason: notification
            when: {measure: [subscriber-information, stored-content]}
          - id: strip
            effect: require-condition
            condition: {id: strip-content, text: Strip content.}
            implements: {eId: art_24}
            reason: strip
            when: {data-category: [content]}
          - id: permit-treaty
            effect: permit
            implements: {eId: art_40}
            reason: treaty
            when: {legal-basis: [treaty]}
        """

    let engine = try! Fixtures.engine(rules: rules)

    func report(_ changes: [String: DataValue]) throws -> DecisionReport {
        engine.screen(try Fixtures.request(changes, engine: engine))
    }

    @Test func refuseBeatsEverything() throws {
        let r = try report(["offence.conduct": .string("blasphemy"), "necessity": .null])
        #expect(r.outcome == .refuse)
        #expect(r.grounds == ["expression-offence"])
        #expect(r.ruleIDs == ["refuse-blasphemy"])
        #expect(r.matchedRules == ["refuse-blasphemy", "review-no-necessity", "notify", "permit-treaty"])
    }

    @Test func reviewBeatsConditions() throws {
        let r = try report(["necessity": .null])
        #expect(r.outcome == .needsReview)
        #expect(r.ruleIDs == ["review-no-necessity"])
        #expect(r.determiningRules[0].restedOn == ["necessity"])
    }

    @Test func conditionsAccumulateInRuleOrder() throws {
        let r = try report(["measure": .string("stored-content"), "scope.data-categories": .array([.string("content")])])
        #expect(r.outcome == .executeWithConditions)
        #expect(r.conditions.map(\.id) == ["notify-user", "strip-content"])
        #expect(r.ruleIDs == ["notify", "strip"])
        #expect(r.determiningRules[0].implements == Citation(instrument: "model-convention-rev2", eId: "art_24"))
    }

    @Test func permitExecutes() throws {
        let r = try report(["measure": .string("traffic-data")])
        #expect(r.outcome == .execute)
        #expect(r.ruleIDs == ["permit-treaty"])
        #expect(r.byDefault == false)
    }

    @Test func defaultAppliesWhenNothingMatches() throws {
        let r = try report(["measure": .string("traffic-data"), "legal-basis": .null])
        #expect(r.outcome == .needsReview)
        #expect(r.byDefault)
        #expect(r.ruleIDs == ["default"])
        #expect(r.determiningRules[0].implements?.eId == "art_1")
    }

    @Test func defaultRefuseGivesAGround() throws {
        let refusing = try Fixtures.engine(rules: Self.rules, default: "refuse")
        let r = refusing.screen(try Fixtures.request(["measure": .string("traffic-data"), "legal-basis": .null], engine: refusing))
        #expect(r.outcome == .refuse)
        #expect(r.grounds == ["no-applicable-rule"])
    }
}

@Suite struct RuleSetValidationTests {
    func loadError(_ rules: String, default defaultEffect: String = "needs-review") -> SafeguardError? {
        do { _ = try Fixtures.engine(rules: rules, default: defaultEffect); return nil } catch let e as SafeguardError { return e } catch {
            return nil
        }
    }

    @Test func permitIsNotAllowedAsDefault() {
        #expect(loadError("  []", default: "permit")?.kind == .invalidConfiguration)
    }

    @Test func everyRuleMustCiteAnArticle() {
        let error = loadError(
            """
              - id: r
                effect: permit
                reason: x
                when: {always: true}
            """)
        #expect(error?.kind == .invalidConfiguration)
        #expect(error?.message.contains("rules[0].implements") == true)
    }

    @Test func unknownConductOrFlagIsAConfigurationError() {
        let conduct = loadError(
            """
              - {id: r, effect: permit, reason: x, implements: {eId: a}, when: {conduct: [sedition]}}
            """)
        #expect(conduct?.kind == .invalidConfiguration)
        #expect(conduct?.message.contains("unknown conduct \"sedition\"") == true)
        let flag = loadError(
            """
              - {id: r, effect: permit, reason: x, implements: {eId: a}, when: {conduct-flag: expresion}}
            """)
        #expect(flag?.message.contains("no conduct in the taxonomy carries the flag") == true)
    }

    @Test func unknownConditionKeyAndEmptyConditionAreErrors() {
        #expect(
            loadError("  - {id: r, effect: permit, reason: x, implements: {eId: a}, when: {measures: [preservation]}}")?.message.contains(
                "rules[0].when.measures: unknown field") == true)
        #expect(
            loadError("  - {id: r, effect: permit, reason: x, implements: {eId: a}, when: {}}")?.message.contains("empty condition") == true
        )
    }

    @Test func refuseNeedsGroundAndConditionNeedsCondition() {
        #expect(loadError("  - {id: r, effect: refuse, reason: x, implements: {eId: a}}")?.message.contains("ground") == true)
        #expect(loadError("  - {id: r, effect: require-condition, reason: x, implements: {eId: a}}")?.message.contains("condition") == true)
    }

    @Test func shippedRuleSetsLoadAndCiteTheirInstrument() throws {
        for id in ScreeningResources.shippedRuleSets {
            let set = try ScreeningResources.ruleSet(id)
            #expect(set.id == id)
            #expect(!set.rules.isEmpty)
            #expect(
                set.rules.allSatisfy {
                    $0.implements.instrument == "model-convention-rev2" && $0.implements.eId.rawValue.hasPrefix("art_")
                })
            #expect(set.digest.count == 64)
        }
    }
}
