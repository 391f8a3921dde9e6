import SafeguardModel
@testable import SafeguardScreening
import Testing

/// The conduct-based test: the underlying conduct decides, never the statute's label.
@Suite struct DualCriminalityTests {
    let engine = try! Fixtures.engine("recommended-safeguards")

    func report(_ changes: [String: DataValue]) throws -> DecisionReport {
        engine.screen(try Fixtures.request(changes, engine: engine))
    }

    @Test func metWhenBothStatesCriminaliseTheConductWhateverTheLabel() throws {
        // The statute label is a different offence name; the conduct is fraud, criminal in both states.
        let r = try report(["offence.statute": .string("Sedition and Public Order Act, s. 9")])
        #expect(r.dualCriminality.status == .met)
        #expect(r.dualCriminality.citedStatute == "Sedition and Public Order Act, s. 9")
        #expect(
            r.dualCriminality.requesting
                == .init(
                    state: "EXAMPLIA", profiled: true, criminal: true, statute: "Criminal Code, art. 214",
                    maximumPenalty: "8 years' imprisonment"))
        #expect(r.dualCriminality.requested.statute == "Cybercrime Act 2020, s. 8")
        #expect(r.dualCriminalitySummary == "computer-fraud: EXAMPLIA: Criminal Code, art. 214 | KARVIA: Cybercrime Act 2020, s. 8 → met")
    }

    @Test func notMetWhenTheRequestedStateDoesNotCriminaliseTheConduct() throws {
        // Norland criminalises insulting officials; Karvia does not.
        let r = try report([
            "requesting.state": .string("NORLAND"), "offence.conduct": .string("insulting-officials"),
            "offence.statute": .string("Penal Code, s. 212"),
        ])
        #expect(r.dualCriminality.status == .notMet)
        #expect(r.dualCriminality.requesting.criminal)
        #expect(r.dualCriminality.requested == .init(state: "KARVIA", profiled: true, criminal: false))
        #expect(r.grounds.contains("dual-criminality"))
    }

    @Test func notMetWhenTheRequestingStateItselfDoesNotCriminaliseTheConduct() throws {
        // Examplia's profile has no defamation offence: a label it cites cannot make the conduct criminal there.
        let r = try report(["offence.conduct": .string("defamation"), "offence.statute": .string("Criminal Code, art. 300")])
        #expect(r.dualCriminality.status == .notMet)
        #expect(r.dualCriminality.requesting.criminal == false)
        #expect(r.dualCriminality.requested.criminal)  // Karvia does criminalise defamation
    }

    @Test func unknownWithoutAProfile() throws {
        let r = try report(["requested.state": .string("ATLANTIS")])
        #expect(r.dualCriminality.status == .unknown)
        #expect(r.dualCriminality.requested.profiled == false)
        #expect(r.dualCriminality.requiredByRequestedState == nil)
        #expect(r.outcome == .needsReview)
        #expect(r.ruleIDs == ["dual-criminality-unknown"])
    }

    @Test func preservationIsExemptUnderRecommendedSafeguards() throws {
        let r = try report([
            "requesting.state": .string("NORLAND"), "offence.conduct": .string("false-information"), "measure": .string("preservation"),
            "targets": Fixtures.target(["suspect"]),
        ])
        #expect(r.dualCriminality.status == .notMet)
        #expect(!r.ruleIDs.contains("dual-criminality-mandatory"))
        #expect(r.grounds == ["expression-offence"])  // still refused, but on expression, not dual criminality
    }

    @Test func rev2RefusesOnDualCriminalityOnlyWhereTheRequestedStateRequiresIt() throws {
        let rev2 = try Fixtures.engine("model-convention-rev2")
        // Examplia requires dual criminality for stored content; Karvia does not.
        let toExamplia = rev2.screen(
            try Fixtures.request(
                [
                    "requesting.state": .string("NORLAND"), "requested.state": .string("EXAMPLIA"),
                    "offence.conduct": .string("insulting-officials"), "measure": .string("stored-content"),
                ], engine: rev2))
        #expect(toExamplia.outcome == .refuse)
        #expect(toExamplia.ruleIDs == ["dual-criminality-required-by-requested-state"])
        #expect(toExamplia.dualCriminality.requiredByRequestedState == true)
        let toKarvia = rev2.screen(
            try Fixtures.request(
                [
                    "requesting.state": .string("NORLAND"), "offence.conduct": .string("insulting-officials"),
                    "measure": .string("stored-content"),
                ], engine: rev2))
        #expect(toKarvia.outcome == .execute)
        #expect(toKarvia.dualCriminality.status == .notMet)
        #expect(toKarvia.dualCriminality.requiredByRequestedState == false)
    }
}

/// The two shipped rule sets, on the cases the README and docs show.
@Suite struct ShippedRuleSetTests {
    let rev2 = try! Fixtures.engine("model-convention-rev2")
    let recommended = try! Fixtures.engine("recommended-safeguards")

    static let journalistRequest: [String: DataValue] = [
        "requesting": .object(["state": .string("NORLAND"), "authority": .string("prosecutor")]),
        "measure": .string("stored-content"),
        "offence": .object(["statute": .string("Penal Code, s. 212"), "conduct": .string("insulting-officials")]),
        "targets": Fixtures.target(["journalist"]),
        "scope.data-categories": .array([.string("content")]),
    ]

    @Test func insultingOfficialsAgainstAJournalistIsExecutedUnderRev2AndRefusedUnderSafeguards() throws {
        let a = rev2.screen(try Fixtures.request(Self.journalistRequest, engine: rev2))
        let b = recommended.screen(try Fixtures.request(Self.journalistRequest, engine: recommended))
        #expect(a.outcome == .execute)
        #expect(a.ruleIDs == ["treaty-or-bilateral-request"])
        #expect(b.outcome == .refuse)
        #expect(b.grounds == ["expression-offence", "persecution", "dual-criminality"])
        #expect(
            b.determiningRules.first { $0.rule == "persecution-of-protected-target" }?.restedOn == [
                "offence.conduct", "targets[].attributes",
            ])
    }

    @Test func protectedTargetAloneIsNotRefused() throws {
        // A journalist suspected of fraud: no persecution refusal, conditions apply as for anyone.
        let r = recommended.screen(try Fixtures.request(["targets": Fixtures.target(["journalist"])], engine: recommended))
        #expect(r.outcome == .executeWithConditions)
        #expect(r.grounds.isEmpty)
        #expect(!r.matchedRules.contains("persecution-of-protected-target"))
    }

    @Test func expressionOffenceWithoutProtectedTargetIsRefusedOnExpressionOnly() throws {
        let r = recommended.screen(
            try Fixtures.request(
                [
                    "requesting.state": .string("VESTERIA"), "requested.state": .string("NORLAND"), "offence.conduct": .string("blasphemy"),
                    "targets": Fixtures.target(["suspect"]),
                ], engine: recommended))
        #expect(r.outcome == .refuse)
        #expect(r.grounds == ["expression-offence", "dual-criminality"])
    }

    @Test func contentWithoutPriorJudicialOrderNeedsOne() throws {
        let r = recommended.screen(
            try Fixtures.request(
                ["measure": .string("stored-content"), "authorisation.issuer": .string("prosecutor")], engine: recommended))
        #expect(r.outcome == .executeWithConditions)
        #expect(r.conditions.map(\.id) == ["obtain-prior-judicial-order", "notify-user", "restrict-use"])
        let judged = recommended.screen(try Fixtures.request(["measure": .string("stored-content")], engine: recommended))
        #expect(judged.conditions.map(\.id) == ["notify-user", "restrict-use"])
    }

    @Test func longDateRangeIsNarrowedAndMissingRangeIsReviewed() throws {
        let long = recommended.screen(
            try Fixtures.request(["measure": .string("traffic-data"), "scope.from": .string("2025-01-01")], engine: recommended))
        #expect(long.conditions.map(\.id).contains("narrow-date-range"))
        let missing = recommended.screen(
            try Fixtures.request(["measure": .string("traffic-data"), "scope": .object(["accounts": .number(1)])], engine: recommended))
        #expect(missing.outcome == .needsReview)
        #expect(missing.ruleIDs == ["date-range-missing"])
    }

    @Test func nonPartyClaimingTheTreatyIsRefusedUnderBoth() throws {
        for engine in [rev2, recommended] {
            let r = engine.screen(try Fixtures.request(["requesting.state": .string("LUMERIA")], engine: engine))
            #expect(r.outcome == .refuse)
            #expect(r.grounds == ["no-treaty-relationship"])
        }
    }
}
