import SafeguardAnalysis
@testable import SafeguardAssessment
import SafeguardModel
import SafeguardTestSupport
import Testing

/// Principles that demand a safeguard exist for the powers an instrument grants are not-met when it is
/// missing, never not-applicable. Fixtures in our own words, run through the built-in framework.
@Suite struct ExistencePrincipleTests {
    private func builtIn(_ id: String, _ analysis: Analysis, principle: String) throws -> PrincipleResult {
        let fw = try Framework.builtIn(id)
        let result = assess(analysis, frameworks: [fw])[0]
        return try #require(result.principles.first { $0.id == principle })
    }

    @Test func powerWithoutAnySafeguardsProvisionFailsDomesticDeferral() throws {
        var f = AnalysisFixture()
        f.unit(
            "sec_7", .proceduralPower, heading: "Tapping of lines",
            "The Minister may direct any officer to listen to and record the calls of any subscriber.",
            features: [("power.interception-content", "listen to and record the calls")])
        let result = try builtIn("cybercrime-treaty-safeguards", f.analysis, principle: "no-domestic-deferral")
        #expect(result.verdict == .notMet)
        let anchor = try #require(result.evidence.first { $0.eId == "sec_7" })
        #expect(anchor.lacks == ["safeguard.human-rights-law"])
    }

    @Test func powerBoundByASafeguardsArticleCitingHumanRightsLawMeetsIt() throws {
        var f = AnalysisFixture()
        f.chapter("chp_2", "Chapter II", "Investigations")
        f.unit(
            "art_10", .safeguards, heading: "Limits on powers",
            "The powers in this chapter are subject to the protections of international human rights law.",
            features: [("safeguard.human-rights-law", "international human rights law")])
        f.unit(
            "art_11", .proceduralPower, heading: "Seizure of stored data",
            "Authorities may seize stored data in accordance with article 10.",
            features: [("power.search-seizure", "seize stored data")])
        f.link("art_11", "art_10", .reference, words: "article 10")
        let result = try builtIn("cybercrime-treaty-safeguards", f.analysis, principle: "no-domestic-deferral")
        #expect(result.verdict == .met)
    }

    @Test func instrumentWithoutPowersOrSafeguardsLeavesItNotApplicable() throws {
        var f = AnalysisFixture()
        f.unit(
            "sec_2", .criminalization, heading: "Breaking into systems",
            "A person who enters a computer on purpose and without permission commits an offence.",
            features: [("offence.cyber-dependent", "enters a computer")])
        let result = try builtIn("cybercrime-treaty-safeguards", f.analysis, principle: "no-domestic-deferral")
        #expect(result.verdict == .notApplicable)
    }
}

/// A principle's `national_law` sentence is added only when the instrument is a national law.
@Suite struct NationalLawNoteTests {
    private func actWithoutVictimsRights(kind: InstrumentKind) -> Analysis {
        var f = AnalysisFixture()
        f.unit(
            "sec_3", .criminalization, heading: "Entering systems",
            "A person who enters a computer on purpose commits an offence.",
            features: [("offence.cyber-dependent", "enters a computer")])
        var analysis = f.analysis
        analysis.instrument.metadata.kind = kind
        return analysis
    }

    @Test func nationalLawExplanationSaysATreatyStandardIsApplied() throws {
        let fw = try Framework.builtIn("cybercrime-treaty-safeguards")
        let act = assess(actWithoutVictimsRights(kind: .nationalLaw), frameworks: [fw])[0]
        let victims = try #require(act[principle: "victim-guarantees"])
        #expect(victims.verdict == .notMet)
        #expect(victims.explanation.contains("national law judged by what was asked of a treaty"))
        // A principle without the note, and a treaty, get no such sentence.
        #expect(!(try #require(act[principle: "intent-and-harm"])).explanation.contains("national law"))
        let treaty = assess(actWithoutVictimsRights(kind: .treaty), frameworks: [fw])[0]
        #expect(!(try #require(treaty[principle: "victim-guarantees"])).explanation.contains("national law"))
    }

    @Test func nationalLawKeyIsParsedAndUnknownNeighboursStillRejected() throws {
        let fw = try framework(
            """
              - id: p
                title: P
                national_law: Judged as if it were a treaty.
                applies_to: all
                require:
                  any_of: [safeguard.legality]
            """)
        #expect(fw.principles[0].nationalLawNote == "Judged as if it were a treaty.")
        #expect(throws: SafeguardError.self) {
            try framework(
                """
                  - id: p
                    title: P
                    national_laws: typo
                    applies_to: all
                    require:
                      any_of: [safeguard.legality]
                """)
        }
    }
}

/// National acts often list every offence in one section. A computer-integrity offence in such a section is
/// still judged for a research exception; the speech offence beside it must not make the principle vanish.
@Suite struct MixedOffenceSectionTests {
    private func mixedSection(exception: Bool) -> Analysis {
        var f = AnalysisFixture()
        var words = "The following are offences: (a) entering a computer without permission; (b) posting words that shame an official."
        var features = [
            ("offence.cyber-dependent", "entering a computer"),
            ("standard.without-authorization", "without permission"),
            ("offence.content-expression", "posting words that shame an official"),
        ]
        if exception {
            words += " Nothing here applies to good-faith vulnerability research."
            features.append(("exception.security-research", "good-faith vulnerability research"))
        }
        f.unit("sec_6", .criminalization, heading: "Punishable acts", words, features: features)
        return f.analysis
    }

    @Test func mixedSectionWithoutExceptionIsNotMetNotNotApplicable() throws {
        let fw = try Framework.builtIn("cybercrime-treaty-safeguards")
        let result = try #require(assess(mixedSection(exception: false), frameworks: [fw])[0][principle: "research-and-public-interest"])
        #expect(result.verdict == .notMet)
        #expect(result.evidence.contains { $0.eId == "sec_6" && $0.quote == "entering a computer" })
    }

    @Test func mixedSectionWithExceptionIsMet() throws {
        let fw = try Framework.builtIn("cybercrime-treaty-safeguards")
        let result = try #require(assess(mixedSection(exception: true), frameworks: [fw])[0][principle: "research-and-public-interest"])
        #expect(result.verdict == .met)
    }
}
