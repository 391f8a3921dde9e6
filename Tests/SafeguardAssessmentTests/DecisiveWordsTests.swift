import SafeguardAnalysis
@testable import SafeguardAssessment
import SafeguardModel
import SafeguardTestSupport
import Testing

/// The scorecard's "decisive words" must be the words that decide a verdict. When a provision fails for
/// what it lacks, its heading decides nothing: the cell must name what is missing.
@Suite struct DecisiveWordsTests {
    /// A hand-written offence section: a heading, an intent element, no harm element, no research exception.
    private func tamperingOffence() -> AnalysisFixture {
        var f = AnalysisFixture()
        f.unit(
            "art_4", .criminalization, heading: "Tampering with stored records",
            "A person who on purpose alters records held in a computer without permission commits an offence.",
            features: [
                ("offence.cyber-dependent", "alters records held in a computer"),
                ("mens-rea.intent", "on purpose"),
                ("standard.without-authorization", "without permission"),
            ])
        return f
    }

    @Test func failingProvisionIsShownWithWhatItLacks() throws {
        let fw = try framework(
            """
              - id: intent-and-harm
                title: Intent and harm
                applies_to:
                  categories: [criminalization]
                  features: [offence.cyber-dependent]
                require:
                  all_of: [mens-rea.intent, harm.required]
            """)
        let result = verdictOf(fw, tamperingOffence().analysis)
        #expect(result.verdict == .partlyMet)
        let anchor = try #require(result.evidence.first { $0.role == .applies })
        #expect(anchor.lacks == ["harm.required"])
        let words = AssessmentReport.decisiveWords(result)
        #expect(words.hasSuffix("— lacks harm.required"))
        #expect(words.hasPrefix("art_4: “alters records held in a computer”"))
    }

    @Test func missingExceptionIsNamedNotTheOffenceAlone() throws {
        let fw = try framework(
            """
              - id: research-and-public-interest
                title: Research
                applies_to:
                  categories: [criminalization]
                  features: [offence.cyber-dependent]
                require:
                  any_of: [exception.security-research, exception.public-interest]
            """)
        let result = verdictOf(fw, tamperingOffence().analysis)
        #expect(result.verdict == .notMet)
        let words = AssessmentReport.decisiveWords(result)
        #expect(words.contains("lacks exception.security-research or exception.public-interest"))
        let markdown = AssessmentReport.markdown(Assessor(frameworks: [fw]).assess(tamperingOffence().analysis))
        #expect(markdown.contains("(applies) lacks exception.security-research or exception.public-interest"))
    }

    @Test func wordsAgainstAPrincipleNeedNoLacksNote() throws {
        var f = AnalysisFixture()
        f.unit(
            "art_9", .criminalization, heading: "Upsetting messages",
            "A person who posts a message that upsets another commits an offence.",
            features: [("offence.content-expression", "posts a message that upsets another")])
        let fw = try framework(
            """
              - id: no-speech-offences
                title: No speech offences
                applies_to:
                  categories: [criminalization]
                require:
                  none_of: [offence.content-expression]
            """)
        let result = verdictOf(fw, f.analysis)
        #expect(result.verdict == .notMet)
        #expect(AssessmentReport.decisiveWords(result) == "art_9: “posts a message that upsets another”")
        #expect(result.evidence.allSatisfy { $0.lacks == nil })
    }
}
