import Foundation
import SafeguardAnalysis
@testable import SafeguardAssessment
import SafeguardModel
import SafeguardTestSupport
import Testing

@Suite struct ReviewTests {
    let noSpeech = """
          - id: no-speech
            title: No speech offences
            applies_to: {categories: [criminalization]}
            require: {none_of: [offence.content-expression]}
            verdicts: {all: met, some: not-met, none: not-met}
        """

    func instrument() -> AnalysisFixture {
        var f = AnalysisFixture()
        f.unit(
            "art_1", .criminalization, heading: "Illegal access", "Access to a computer system without right.",
            features: [("offence.cyber-dependent", "Access to a computer system")])
        f.unit(
            "art_2", .criminalization, heading: "Threats",
            "Sending a message that threatens to kill a person, or spreads false information.",
            features: [("offence.content-expression", "spreads false information")])
        return f
    }

    func review(_ entries: String) throws -> Review {
        try Review.parse(
            yaml: """
                reviewer: Ana Lima
                organisation: Example Rights Watch
                date: 2026-11-20
                entries:
                \(entries)
                """, file: "review.yaml")
    }

    @Test func rejectRemovesTheFindingBeforeEvaluation() throws {
        let fw = try framework(noSpeech)
        #expect(verdictOf(fw, instrument().analysis).verdict == .notMet)
        let r = try review(
            """
              - action: reject
                feature: offence.content-expression
                eId: art_2
                quote: spreads false information
                reason: The article is about threats to kill; the false-information clause is part of the threat.
            """)
        let assessment = Assessor(frameworks: [fw]).assess(instrument().analysis, reviews: [r])
        #expect(assessment.results[0].principles[0].verdict == .met)
        #expect(assessment.analysis.findings.count == 1)
        #expect(assessment.reviewOutcomes.map(\.status) == [.applied])
        #expect(assessment.reviewOutcomes[0].detail.contains("rejected by Ana Lima (Example Rights Watch) on 2026-11-20"))
    }

    @Test func confirmMarksTheEvidence() throws {
        let r = try review(
            """
              - action: confirm
                feature: offence.content-expression
                eId: art_2
                quote: false information
                reason: A plain speech offence.
            """)
        let assessment = Assessor(frameworks: [try framework(noSpeech)]).assess(instrument().analysis, reviews: [r])
        let principle = assessment.results[0].principles[0]
        #expect(principle.verdict == .notMet)
        let marked = principle.evidence.filter { $0.review != nil }
        #expect(marked.count == 1)
        #expect(marked.first?.review?.description == "confirmed by Ana Lima (Example Rights Watch) on 2026-11-20: A plain speech offence.")
        #expect(assessment.reviewOutcomes.map(\.status) == [.applied])
    }

    @Test func overrideReplacesTheVerdictAndSaysSo() throws {
        let r = try review(
            """
              - action: override
                framework: test
                principle: no-speech
                verdict: partly-met
                reason: The clause is narrow and tied to threats.
            """)
        let assessment = Assessor(frameworks: [try framework(noSpeech)]).assess(instrument().analysis, reviews: [r])
        let principle = assessment.results[0].principles[0]
        #expect(principle.verdict == .partlyMet)
        #expect(principle.computedVerdict == .notMet)
        #expect(principle.review?.reviewer == "Ana Lima")
        #expect(
            principle.explanation.hasPrefix(
                "Partly-met — overridden by Ana Lima (Example Rights Watch) on 2026-11-20: The clause is narrow and tied to threats. The "
                    + "rules gave not-met:"
            ))
        // The overall score follows the reviewer's verdict.
        #expect(assessment.results[0].score?.overall.value == 50)
    }

    @Test func staleEntriesAreReportedAndNotApplied() throws {
        let r = try review(
            """
              - action: reject
                feature: offence.content-expression
                eId: art_2
                quote: spreads rumours
                reason: Not a speech offence.
              - action: confirm
                feature: offence.cyber-dependent
                eId: art_7
                quote: Access
                reason: Gone.
              - action: override
                framework: test
                principle: no-speech
                verdict: met
                eId: art_2
                quote: spreads rumours
                reason: Reviewed the earlier wording.
            """)
        let assessment = Assessor(frameworks: [try framework(noSpeech)]).assess(instrument().analysis, reviews: [r])
        #expect(assessment.reviewOutcomes.map(\.status) == [.stale, .stale, .stale])
        #expect(assessment.reviewOutcomes[0].detail.contains("no longer in art_2"))
        #expect(assessment.reviewOutcomes[1].detail.contains("art_7 no longer exists"))
        #expect(assessment.reviewOutcomes.map(\.line) == [5, 10, 15])
        // Nothing was applied.
        #expect(assessment.results[0].principles[0].verdict == .notMet)
        #expect(assessment.results[0].principles[0].review == nil)
        #expect(assessment.analysis.findings.count == 2)
    }

    @Test func wordsPresentButNoSuchFindingIsUnmatched() throws {
        let r = try review(
            """
              - action: reject
                feature: offence.cyber-dependent
                eId: art_2
                quote: threatens to kill
                reason: No finding here.
              - action: override
                framework: other-framework
                principle: no-speech
                verdict: met
                reason: Framework not assessed.
            """)
        let assessment = Assessor(frameworks: [try framework(noSpeech)]).assess(instrument().analysis, reviews: [r])
        #expect(assessment.reviewOutcomes.map(\.status) == [.unmatched, .unmatched])
    }

    @Test func aReviewForAnotherInstrumentIsNotApplied() throws {
        let r = try Review.parse(
            yaml: """
                reviewer: Ana Lima
                date: 2026-11-20
                instrument: other-act.txt
                entries:
                  - action: reject
                    feature: offence.content-expression
                    eId: art_2
                    quote: spreads false information
                    reason: Meant for another act.
                """)
        var analysis = instrument().analysis
        analysis.instrument.metadata.source = "corpus/model-act.txt"
        let assessment = Assessor(frameworks: [try framework(noSpeech)]).assess(analysis, reviews: [r])
        #expect(assessment.reviewOutcomes.isEmpty)
        #expect(assessment.results[0].principles[0].verdict == .notMet)
        analysis.instrument.metadata.source = "corpus/other-act.txt"
        let matching = Assessor(frameworks: [try framework(noSpeech)]).assess(analysis, reviews: [r])
        #expect(matching.reviewOutcomes.map(\.status) == [.applied])
        #expect(matching.results[0].principles[0].verdict == .met)
    }

    func reviewError(_ yaml: String) -> SafeguardError? {
        do {
            _ = try Review.parse(yaml: yaml, file: "review.yaml")
            Issue.record("expected an error")
            return nil
        } catch let error as SafeguardError {
            #expect(error.kind == .invalidConfiguration)
            #expect(error.file == "review.yaml")
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test func invalidReviewsNameFileAndLine() {
        let head = "reviewer: A\ndate: 2026-11-20\nentries:\n"
        #expect(reviewError(head + "  - action: approve\n    reason: x\n")?.line == 4)
        #expect(
            reviewError(head + "  - action: override\n    framework: f\n    principle: p\n    verdict: good\n    reason: x\n")?.line == 7)
        #expect(
            reviewError(head + "  - action: reject\n    feature: a.b\n    eId: art_1\n    reason: x\n")?.message.contains("'quote'") == true
        )
        #expect(
            reviewError(head + "  - action: reject\n    feature: a.b\n    eId: art_1\n    quote: q\n    reason: x\n    verdict: met\n")?
                .line == 9)
        #expect(reviewError("reviewer: A\ndate: 20 Nov 2026\nentries: []\n")?.line == 2)
        #expect(reviewError("reviewer: A\ndate: 2026-11-20\n")?.message.contains("'entries'") == true)
        #expect(
            reviewError(head + "  - action: confirm\n    feature: a.b\n    eId: art_1\n    quote: q\n")?.message.contains("'reason'")
                == true)
        #expect(reviewError("reviewer: [A\n")?.message.contains("not valid YAML") == true)
    }
}
