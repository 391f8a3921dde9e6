import SafeguardAnalysis
@testable import SafeguardAssessment
import SafeguardModel
import SafeguardTestSupport
import Testing
import Foundation

/// Three offences: two purely cyber-dependent, one speech offence.
private func offences() -> AnalysisFixture {
    var f = AnalysisFixture()
    f.chapter("chp_1", "Chapter I", "Offences")
    f.unit(
        "art_1", .criminalization, heading: "Illegal access",
        "Each Party shall establish as an offence access to a computer system when committed intentionally and causing serious damage.",
        features: [
            ("offence.cyber-dependent", "access to a computer system"), ("mens-rea.intent", "intentionally"),
            ("harm.required", "causing serious damage"),
        ])
    f.unit(
        "art_2", .criminalization, heading: "Data interference",
        "Each Party shall establish as an offence the deletion of data when committed intentionally and without right.",
        features: [
            ("offence.cyber-dependent", "deletion of data"), ("mens-rea.intent", "intentionally"),
            ("standard.without-right", "without right"),
        ])
    f.unit(
        "art_3", .criminalization, heading: "False news",
        "Each Party shall establish as an offence the dissemination of false information insulting the State.",
        features: [("offence.content-expression", "dissemination of false information")])
    return f
}

@Suite struct QuantifierTests {
    let intentAndHarm = """
          - id: p
            title: Intent and harm
            applies_to:
              categories: [criminalization]
              features: [offence.cyber-dependent]
            require:
              all_of: [mens-rea.intent, harm.required]
        """

    @Test func everyGivesPartlyMetWhenSomeProvisionsFallShort() throws {
        let result = verdictOf(try framework(intentAndHarm), offences().analysis)
        // art_1 has both, art_2 lacks harm; art_3 has no cyber-dependent offence so it is not applicable.
        #expect(result.verdict == .partlyMet)
        #expect(result.counts == PrincipleCounts(applicable: 2, satisfied: 1, partlySatisfied: 1))
        #expect(result.explanation.contains("art_2"))
        #expect(result.explanation.contains("lacks harm.required"))
        #expect(!result.explanation.contains("art_3"))
    }

    @Test func everyGivesMetWhenAllSatisfyAndNotMetWhenNoneDoes() throws {
        var all = AnalysisFixture()
        all.unit(
            "art_1", .criminalization, "Access committed intentionally causing damage.",
            features: [
                ("offence.cyber-dependent", "Access"), ("mens-rea.intent", "intentionally"),
                ("harm.required", "causing damage"),
            ])
        #expect(verdictOf(try framework(intentAndHarm), all.analysis).verdict == .met)

        var none = AnalysisFixture()
        none.unit("art_1", .criminalization, "Access to a system.", features: [("offence.cyber-dependent", "Access")])
        let result = verdictOf(try framework(intentAndHarm), none.analysis)
        #expect(result.verdict == .notMet)
        #expect(result.explanation.contains("lacks mens-rea.intent, harm.required"))
    }

    @Test func anyIsMetByOneSatisfyingProvision() throws {
        let fw = try framework(
            """
              - id: p
                title: Some offence requires harm
                applies_to: {categories: [criminalization]}
                quantifier: any
                require: {all_of: [harm.required]}
            """)
        #expect(verdictOf(fw, offences().analysis).verdict == .met)
        let strict = try framework(
            """
              - id: p
                title: Every offence requires harm
                applies_to: {categories: [criminalization]}
                require: {all_of: [harm.required]}
            """)
        #expect(verdictOf(strict, offences().analysis).verdict == .partlyMet)
    }

    @Test func togetherPoolsFeaturesSpreadOverProvisions() throws {
        var f = AnalysisFixture()
        f.unit("art_1", .victimsWitnesses, "Each Party shall protect victims.", features: [("victims.protection", "protect victims")])
        f.unit(
            "art_2", .victimsWitnesses, "Each Party shall ensure victims obtain compensation.",
            features: [("victims.compensation", "obtain compensation")])
        let pooled = try framework(
            """
              - id: p
                title: Victims
                applies_to: {categories: [victims-witnesses]}
                quantifier: together
                require: {all_of: [victims.protection, victims.compensation]}
            """)
        let result = verdictOf(pooled, f.analysis)
        #expect(result.verdict == .met)
        #expect(result.evidence.map(\.eId).sorted() == ["art_1", "art_2"])
        // Judged one by one, each provision has only half of what is required.
        let single = try framework(
            """
              - id: p
                title: Victims
                applies_to: {categories: [victims-witnesses]}
                require: {all_of: [victims.protection, victims.compensation]}
            """)
        #expect(verdictOf(single, f.analysis).verdict == .partlyMet)
    }
}

@Suite struct PresenceAbsenceTests {
    @Test func absentFeatureWithStrictMappingFailsOnOneOffence() throws {
        let fw = try framework(
            """
              - id: no-speech
                title: No speech offences
                applies_to: {categories: [criminalization]}
                require: {none_of: [offence.content-expression]}
                verdicts: {all: met, some: not-met, none: not-met}
            """)
        let result = verdictOf(fw, offences().analysis)
        #expect(result.verdict == .notMet)
        #expect(result.explanation.contains("art_3"))
        #expect(result.explanation.contains("“dissemination of false information”"))
        let against = result.evidence.filter { $0.role == .against }
        #expect(against.count == 1)
        #expect(against.first?.eId == "art_3")
        #expect(against.first?.feature == "offence.content-expression")
    }

    @Test func absentFeatureIsMetWhenNoProvisionHasIt() throws {
        var f = AnalysisFixture()
        f.unit(
            "art_1", .criminalization, heading: "Illegal access", "Access to a computer system.",
            features: [("offence.cyber-dependent", "Access")])
        let fw = try framework(
            """
              - id: no-speech
                title: No speech offences
                applies_to: {categories: [criminalization]}
                require: {none_of: [offence.content-expression]}
            """)
        let result = verdictOf(fw, f.analysis)
        #expect(result.verdict == .met)
        // Even a met absence verdict names the provision it looked at, with its words.
        #expect(result.explanation.contains("art_1"))
        #expect(result.explanation.contains("“Illegal access”"))
    }

    @Test func presentAndAbsentTogetherGivePartlyWhenBothHold() throws {
        var f = AnalysisFixture()
        f.unit(
            "art_1", .safeguards,
            "Powers are subject to international human rights law and to conditions in accordance with its domestic law.",
            features: [
                ("safeguard.human-rights-law", "international human rights law"),
                ("obligation.domestic-law-deference", "in accordance with its domestic law"),
            ])
        f.unit(
            "art_2", .safeguards, "Powers are subject to international human rights law.",
            features: [("safeguard.human-rights-law", "international human rights law")])
        let fw = try framework(
            """
              - id: p
                title: No deferral
                applies_to: {categories: [safeguards]}
                require: {any_of: [safeguard.human-rights-law], none_of: [obligation.domestic-law-deference]}
            """)
        let result = verdictOf(fw, f.analysis)
        #expect(result.verdict == .partlyMet)
        #expect(result.counts == PrincipleCounts(applicable: 2, satisfied: 1, partlySatisfied: 1))
    }

    @Test func partlyByGivesPartialCreditOnly() throws {
        var f = AnalysisFixture()
        f.unit(
            "art_1", .proceduralPower, "Each Party may intercept content data subject to judicial review.",
            features: [
                ("power.interception-content", "intercept content data"),
                ("safeguard.judicial-authorization", "judicial review"),
            ])
        let fw = try framework(
            """
              - id: p
                title: Prior authorisation
                applies_to: {features: [power.interception-content]}
                require:
                  all_of: [safeguard.prior-judicial-authorization]
                  partly_by: [safeguard.judicial-authorization]
            """)
        #expect(verdictOf(fw, f.analysis).verdict == .partlyMet)
    }

    @Test func wildcardMatchesAFeatureFamily() throws {
        let fw = try framework(
            """
              - id: p
                title: Offence kinds
                applies_to: {features: [offence.*]}
                require: {none_of: [offence.content-*]}
            """)
        // "offence.content-*" is not a family wildcard (only ".*" is), so it matches nothing.
        #expect(verdictOf(fw, offences().analysis).verdict == .met)
        let family = try framework(
            """
              - id: p
                title: Offences
                applies_to: {features: [offence.*]}
                require: {none_of: [mens-rea.*]}
            """)
        let result = verdictOf(family, offences().analysis)
        #expect(result.verdict == .partlyMet)  // only art_3 has no mens-rea finding
        #expect(result.counts?.applicable == 3)
    }
}

@Suite struct LinkTests {
    /// A power in chapter 2, a safeguards article in chapter 2, and another safeguards article in chapter 3.
    func powers(linkSafeguards: Bool, sameChapter: Bool) -> AnalysisFixture {
        var f = AnalysisFixture()
        f.chapter("chp_2", "Chapter II", "Procedural measures")
        f.unit(
            "art_10", .proceduralPower, heading: "Interception",
            "Each Party shall empower its authorities to intercept content data.",
            features: [("power.interception-content", "intercept content data")])
        if sameChapter {
            f.unit(
                "art_11", .safeguards, heading: "Conditions",
                "The powers in this chapter require prior authorisation by a judge.",
                features: [("safeguard.prior-judicial-authorization", "prior authorisation by a judge")])
        }
        f.chapter("chp_3", "Chapter III", "Other")
        f.unit(
            "art_20", .safeguards, heading: "Safeguards",
            "The powers in article 10 require prior authorisation by a judge.",
            features: [("safeguard.prior-judicial-authorization", "prior authorisation by a judge")])
        if linkSafeguards { f.link("art_20", "art_10", .safeguards, words: "The powers in article 10") }
        return f
    }

    let direct = """
          - id: p
            title: Prior authorisation
            applies_to: {features: [power.interception-content]}
            require: {all_of: [safeguard.prior-judicial-authorization], via: directly}
        """
    let linked = """
          - id: p
            title: Prior authorisation
            applies_to: {features: [power.interception-content]}
            require: {all_of: [safeguard.prior-judicial-authorization], via: or_linked}
        """

    @Test func directlyIgnoresLinkedSafeguards() throws {
        let result = verdictOf(try framework(direct), powers(linkSafeguards: true, sameChapter: true).analysis)
        #expect(result.verdict == .notMet)
        #expect(result.explanation.contains("“intercept content data”"))
    }

    @Test func orLinkedFollowsASafeguardsLink() throws {
        let result = verdictOf(try framework(linked), powers(linkSafeguards: true, sameChapter: false).analysis)
        #expect(result.verdict == .met)
        #expect(result.explanation.contains("art_20"))
        #expect(result.explanation.contains("“The powers in article 10”"))
        #expect(result.evidence.contains { $0.eId == "art_20" && $0.role == .supports })
    }

    @Test func orLinkedUsesASafeguardsArticleInTheSameChapter() throws {
        let result = verdictOf(try framework(linked), powers(linkSafeguards: false, sameChapter: true).analysis)
        #expect(result.verdict == .met)
        #expect(result.evidence.contains { $0.eId == "art_11" })
        #expect(result.explanation.contains("same chapter"))
    }

    @Test func orLinkedDoesNotUseAnUnlinkedSafeguardsArticleElsewhere() throws {
        let result = verdictOf(try framework(linked), powers(linkSafeguards: false, sameChapter: false).analysis)
        #expect(result.verdict == .notMet)
    }

    @Test func forbiddenWordsInALinkedArticleDoNotCountAgainstThePower() throws {
        var f = AnalysisFixture()
        f.unit(
            "art_1", .proceduralPower, "Authorities may intercept content data.",
            features: [("power.interception-content", "intercept content data")])
        f.unit(
            "art_2", .safeguards, "Interception is subject to domestic law.",
            features: [("obligation.domestic-law-deference", "subject to domestic law")])
        f.link("art_2", "art_1", .safeguards)
        let fw = try framework(
            """
              - id: p
                title: p
                applies_to: {categories: [procedural-power]}
                require: {none_of: [obligation.domestic-law-deference], via: or_linked}
            """)
        #expect(verdictOf(fw, f.analysis).verdict == .met)
    }

    @Test func linkedSelectorPicksTargetsOfALinkKind() throws {
        var f = offences()
        f.unit("art_9", .cooperation, "Cooperation applies to the offences in articles 1 and 3.")
        f.link("art_9", "art_1", .offences)
        f.link("art_9", "art_3", .offences)
        let fw = try framework(
            """
              - id: p
                title: Listed offences are cyber-dependent
                applies_to: {linked: [offences]}
                require: {any_of: [offence.cyber-dependent]}
            """)
        let result = verdictOf(fw, f.analysis)
        #expect(result.verdict == .partlyMet)
        #expect(result.counts?.applicable == 2)
    }
}

@Suite struct ApplicabilityTests {
    @Test func nothingApplicableIsNotApplicable() throws {
        let fw = try framework(
            """
              - id: p
                title: Real-time collection limited
                applies_to: {features: [power.real-time-traffic]}
                require: {all_of: [safeguard.limited-duration]}
            """)
        let result = verdictOf(fw, offences().analysis)
        #expect(result.verdict == .notApplicable)
        #expect(result.explanation.contains("Not applicable"))
        #expect(result.evidence.isEmpty)
    }

    @Test func existencePrincipleIsNotMetWhenMissing() throws {
        let fw = try framework(
            """
              - id: victims
                title: Victims' rights
                existence: true
                applies_to:
                  - categories: [victims-witnesses]
                  - features: [victims.*]
                quantifier: together
                require: {all_of: [victims.protection]}
            """)
        let result = verdictOf(fw, offences().analysis)
        #expect(result.verdict == .notMet)
        #expect(result.explanation.contains("requires one"))
    }

    @Test func notCategoriesExcludesProvisions() throws {
        var f = AnalysisFixture()
        f.unit(
            "art_1", .safeguards, "Interception of content data needs a warrant.",
            features: [("power.interception-content", "Interception of content data")])
        let fw = try framework(
            """
              - id: p
                title: p
                applies_to: {features: [power.interception-content], not_categories: [safeguards]}
                require: {all_of: [safeguard.prior-judicial-authorization]}
            """)
        #expect(verdictOf(fw, f.analysis).verdict == .notApplicable)
    }

    @Test func principleVerdictIsTheWorstOfItsRules() throws {
        var f = offences()
        f.unit(
            "art_9", .proceduralPower, "The powers apply to any criminal offence.",
            features: [("scope.any-offence", "any criminal offence")])
        let fw = try framework(
            """
              - id: narrow
                title: Narrow scope
                rules:
                  - applies_to: {categories: [criminalization], features: [offence.*]}
                    require: {none_of: [offence.content-expression]}
                  - applies_to: {categories: [procedural-power]}
                    require: {none_of: [scope.any-offence]}
                  - applies_to: {categories: [victims-witnesses]}
                    require: {none_of: [scope.any-offence]}
            """)
        let result = verdictOf(fw, f.analysis)
        // Rule 1 partly-met (art_3), rule 2 not-met (art_9), rule 3 not applicable and ignored.
        #expect(result.verdict == .notMet)
        #expect(result.explanation.contains("art_9"))
        #expect(result.explanation.contains("art_3"))
    }

    @Test func evidenceQuotesExactlyTheWordsAtItsSpan() throws {
        let f = offences()
        let fw = try Framework.builtIn("cybercrime-treaty-safeguards")
        let results = assess(f.analysis, frameworks: [fw])
        let instrument = f.instrument
        for principle in results[0].principles {
            for item in principle.evidence {
                #expect(instrument.quote(item.span) == item.quote, "\(principle.id) \(item.eId)")
                #expect(instrument[eId: item.eId] != nil)
            }
        }
    }

    @Test func assessmentIsDeterministic() throws {
        let f = offences()
        let frameworks = try Framework.builtIns()
        let first = assess(f.analysis, frameworks: frameworks)
        let second = assess(f.analysis, frameworks: frameworks)
        #expect(first == second)
    }
}

@Suite struct ScoreTests {
    @Test func arithmeticCountsMetOneHalfAndZeroAndLeavesOutNotApplicable() {
        let score = Score(verdicts: [.met, .met, .partlyMet, .notMet, .notApplicable])
        // (2 + 0.5) / 4 × 100 = 62.5
        #expect(score.value == 62.5)
        #expect(score.notApplicable == 1)
        #expect(score.arithmetic == "(2 met + 0.5 × 1 partly-met) / 4 counted × 100 = 62.5")
        #expect(Score(verdicts: [.notApplicable]).value == nil)
        #expect(Score(verdicts: [.met, .notMet, .notMet]).value == 33.3)
    }

    @Test func chapterScoresEvaluateEachChapterAlone() throws {
        var f = AnalysisFixture()
        f.chapter("chp_1", "Chapter I", "Offences")
        f.unit(
            "art_1", .criminalization, "Access committed intentionally.",
            features: [("offence.cyber-dependent", "Access"), ("mens-rea.intent", "intentionally")])
        f.chapter("chp_2", "Chapter II", "More offences")
        f.unit(
            "art_2", .criminalization, "Insulting the State online.",
            features: [("offence.content-expression", "Insulting the State")])
        f.unit("art_3", .victimsWitnesses, "Victims shall be protected.", features: [("victims.protection", "Victims shall be protected")])
        let fw = try Framework.parse(
            yaml: """
                id: t
                title: T
                version: "1"
                source: {by: Tests, title: Tests, year: "2026"}
                principles:
                  - id: no-speech
                    title: No speech offences
                    applies_to: {categories: [criminalization]}
                    require: {none_of: [offence.content-expression]}
                  - id: victims
                    title: Victims
                    existence: true
                    applies_to: {categories: [victims-witnesses]}
                    require: {all_of: [victims.protection]}
                """)
        let result = assess(f.analysis, frameworks: [fw])[0]
        let score = try #require(result.score)
        // Overall: no-speech partly-met (1 of 2 offences), victims met → (1 + 0.5) / 2 = 75.
        #expect(score.overall.value == 75)
        #expect(score.chapters.map(\.eId) == ["chp_1", "chp_2"])
        // Chapter I: no-speech met; victims not-applicable (existence is not penalised per chapter) → 100.
        #expect(score.chapters[0].verdicts == ["no-speech": .met, "victims": .notApplicable])
        #expect(score.chapters[0].score.value == 100)
        // Chapter II: no-speech not-met (its only offence is speech), victims met → 50.
        #expect(score.chapters[1].verdicts == ["no-speech": .notMet, "victims": .met])
        #expect(score.chapters[1].score.value == 50)
        #expect(score.chapters[0].label == "Chapter I — Offences")
    }

    @Test func undividedInstrumentHasNoChapterBreakdown() throws {
        var f = AnalysisFixture()
        f.unit("art_1", .criminalization, "Access.", features: [("offence.cyber-dependent", "Access")])
        let result = assess(f.analysis, frameworks: [try Framework.builtIn("cybercrime-treaty-safeguards")])[0]
        #expect(result.score?.chapters.isEmpty == true)
    }
}

@Suite struct LevelAndReferenceTests {
    /// A victims article whose paragraphs give rights with and without qualifiers.
    func victims(qualifyCompensation: Bool) -> AnalysisFixture {
        var f = AnalysisFixture()
        f.unit(
            "art_31", .victimsWitnesses, heading: "Victims", "",
            paragraphs: [
                (
                    "Each State Party shall within its means protect victims.",
                    [("victims.protection", "protect victims"), ("obligation.within-means", "within its means")]
                ),
                (
                    qualifyCompensation
                        ? "Each State Party shall, where appropriate and within its means, provide compensation."
                        : "Each State Party shall provide compensation.",
                    qualifyCompensation
                        ? [("victims.compensation", "provide compensation"), ("obligation.within-means", "within its means")]
                        : [("victims.compensation", "provide compensation")]
                ),
            ])
        return f
    }

    let perParagraph = """
          - id: p
            title: Unqualified victims' rights
            applies_to: {features: [victims.*]}
            level: paragraph
            require: {none_of: [obligation.within-means]}
        """

    @Test func paragraphLevelJudgesEachRightWhereItIsStated() throws {
        let fw = try framework(perParagraph)
        let rev1 = verdictOf(fw, victims(qualifyCompensation: false).analysis)
        #expect(rev1.verdict == .partlyMet)
        #expect(rev1.counts == PrincipleCounts(applicable: 2, satisfied: 1, partlySatisfied: 0))
        #expect(rev1.explanation.contains("art_31__para_1"))
        #expect(rev1.explanation.contains("paragraphs of"))
        let rev2 = verdictOf(fw, victims(qualifyCompensation: true).analysis)
        #expect(rev2.verdict == .notMet)
        #expect(rev2.evidence.filter { $0.role == .against }.map(\.eId) == ["art_31__para_1", "art_31__para_2"])
    }

    @Test func unitLevelWouldMissTheDifference() throws {
        // The same test at unit level sees one article with a qualifier either way.
        let fw = try framework(perParagraph.replacingOccurrences(of: "    level: paragraph\n", with: ""))
        #expect(verdictOf(fw, victims(qualifyCompensation: false).analysis).verdict == .notMet)
        #expect(verdictOf(fw, victims(qualifyCompensation: true).analysis).verdict == .notMet)
    }

    @Test func aReferenceToAParagraphTakesInOnlyThatParagraph() throws {
        var f = AnalysisFixture()
        f.unit(
            "art_28", .proceduralPower, heading: "Interception", "",
            paragraphs: [
                ("Authorities may intercept content data.", [("power.interception-content", "intercept content data")]),
                ("Providers shall keep it confidential for ninety days.", [("safeguard.limited-duration", "for ninety days")]),
                (
                    "Interception requires a warrant issued in advance by a judge.",
                    [("safeguard.prior-judicial-authorization", "a warrant issued in advance by a judge")]
                ),
            ])
        f.unit(
            "art_39", .cooperation, "States shall assist in intercepting content data, subject to article 28, paragraph 3.",
            features: [("power.interception-content", "intercepting content data")])
        f.link("art_39", "art_28__para_3", .reference, words: "article 28, paragraph 3")
        let fw = try framework(
            """
              - id: p
                title: p
                applies_to: {categories: [cooperation]}
                require:
                  all_of: [safeguard.prior-judicial-authorization, safeguard.limited-duration]
                  via: or_linked
            """)
        let result = verdictOf(fw, f.analysis)
        // The warrant in paragraph 3 counts; the duration in paragraph 2 was not referred to.
        #expect(result.verdict == .partlyMet)
        #expect(result.explanation.contains("lacks safeguard.limited-duration"))
        #expect(result.explanation.contains("“article 28, paragraph 3”"))
    }

    @Test func levelIsValidated() {
        #expect(throws: SafeguardError.self) {
            try framework(
                """
                  - id: p
                    title: p
                    applies_to: all
                    level: sentence
                    require: {none_of: [scope.any-offence]}
                """)
        }
    }
}

@Suite struct DegenerateInputTests {
    @Test func anInstrumentWithNothingAnalysedFailsOnlyTheExistencePrinciples() throws {
        let empty = AnalysisFixture().analysis
        let results = assess(empty, frameworks: try Framework.builtIns())
        let cts = results[0]
        let notMet = Set(cts.principles.filter { $0.verdict == .notMet }.map(\.id))
        #expect(notMet == ["protected-groups", "victim-guarantees", "human-rights-clause"])
        #expect(cts.principles.filter { $0.verdict == .notApplicable }.count == 12)
        #expect(cts.score?.overall.value == 0)
        #expect(results[1].principles.allSatisfy { $0.verdict == .notApplicable })
        #expect(results[1].score?.overall.value == nil)
    }

    @Test func findingsOnUnknownProvisionsAreIgnored() throws {
        var analysis = AnalysisFixture().analysis
        analysis.findings = [Finding(feature: "offence.content-expression", eId: "art_99", span: TextSpan(start: 0, end: 0), quote: "")]
        analysis.links = [ProvisionLink(from: "art_98", to: "art_99", kind: .safeguards)]
        let results = assess(analysis, frameworks: try Framework.builtIns())
        #expect(results[0][principle: "no-speech-offences"]?.verdict == .notApplicable)
    }
}
