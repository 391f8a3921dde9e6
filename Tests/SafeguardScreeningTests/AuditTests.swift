import Foundation
import SafeguardModel
@testable import SafeguardScreening
import Testing

@Suite struct TransparencyTests {
    func entry(_ state: String, _ measure: String, _ outcome: String, _ grounds: String) -> AuditEntry {
        AuditEntry(
            sequence: 1, recordedAt: "2026-05-01T00:00:00.000Z",
            record: AuditRecord(
                requestID: "r", requestDigest: "", received: "2026-05-01", requestingState: state, requestedState: "KARVIA",
                measure: measure, conduct: "defamation", targetAttributes: [], ruleSetID: "rs", ruleSetVersion: "1",
                ruleSetDigest: "", outcome: outcome, grounds: grounds.isEmpty ? [] : grounds.components(separatedBy: ","), conditions: [],
                reasons: []
            ), previousHash: "", entryHash: "")
    }

    var report: TransparencyReport {
        TransparencyReport(
            entries: [
                entry("NORLAND", "stored-content", "refuse", "expression-offence,persecution"),
                entry("NORLAND", "stored-content", "refuse", "expression-offence"),
                entry("NORLAND", "traffic-data", "execute", ""),
                entry("VESTERIA", "stored-content", "needs-review", ""),
            ], from: Day(iso: "2026-05-01"), to: Day(iso: "2026-05-31"))
    }

    @Test func aggregatesPerStateMeasureOutcomeAndGround() {
        let r = report
        #expect(r.decisions == 4)
        #expect(
            r.byRequestingState == [
                .init(key: "NORLAND", total: 3, execute: 1, executeWithConditions: 0, refuse: 2, needsReview: 0),
                .init(key: "VESTERIA", total: 1, execute: 0, executeWithConditions: 0, refuse: 0, needsReview: 1),
            ])
        #expect(r.byMeasure.map(\.key) == ["traffic-data", "stored-content"])  // measure order, not alphabetical
        #expect(r.grounds == ["expression-offence": 2, "persecution": 1])
    }

    @Test func csvHasOneRowPerStateMeasureOutcomeGround() {
        let lines = report.csv().split(separator: "\r\n").map(String.init)
        #expect(lines[0] == "requesting_state,measure,outcome,ground,count")
        #expect(lines.contains("NORLAND,stored-content,refuse,expression-offence,2"))
        #expect(lines.contains("NORLAND,stored-content,refuse,persecution,1"))
        #expect(lines.contains("NORLAND,traffic-data,execute,,1"))
        #expect(lines.count == 5)
    }

    @Test func htmlIsSelfContainedWithSVGCharts() {
        let html = report.html()
        #expect(html.contains("<svg"))
        #expect(html.components(separatedBy: "<rect").count - 1 == 6)  // states: 2 + 1 bars segments; measures: 1 + 2
        #expect(!html.contains("<script"))
        #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))
    }
}

@Suite struct CitationCheckTests {
    /// A tiny hand-built instrument: article 41 without paragraphs, and article 36 with paragraph 1.
    static var instrument: Instrument {
        let text =
            "Article 41\nInterception\nStates Parties shall endeavour to assist one another.\nArticle 36\n1. States Parties shall afford "
                + "one another the widest measure of mutual legal assistance.\n"
        func span(_ s: String) -> TextSpan {
            let r = text.range(of: s)!
            return TextSpan(
                start: text.utf8.distance(from: text.startIndex, to: r.lowerBound),
                end: text.utf8.distance(from: text.startIndex, to: r.upperBound))
        }
        let art41 = "Article 41\nInterception\nStates Parties shall endeavour to assist one another."
        let para = "1. States Parties shall afford one another the widest measure of mutual legal assistance."
        return Instrument(
            metadata: InstrumentMetadata(title: "Test"),
            text: text,
            provisions: [
                Provision(
                    eId: "art_41", kind: .article, num: "Article 41", heading: "Interception", span: span(art41),
                    textSpan: span("States Parties shall endeavour to assist one another.")),
                Provision(
                    eId: "art_36", kind: .article, num: "Article 36", childIndices: [2], span: span("Article 36\n" + para),
                    textSpan: TextSpan(start: 0, end: 0)),
                Provision(
                    eId: "art_36__para_1", kind: .paragraph, num: "1.", parentIndex: 1, parentEId: "art_36", span: span(para),
                    textSpan: span(para), depth: 1),
            ]
        )
    }

    @Test func existingCitationsAreQuotedAndMissingOnesListed() throws {
        let set = try ScreeningResources.ruleSet("model-convention-rev2")
        let check = CitationCheck.check(set, against: Self.instrument)
        #expect(
            check.quotes["art_36__para_1"] == "1. States Parties shall afford one another the widest measure of mutual legal assistance.")
        // A provision without children is quoted by its own words, without number and heading.
        #expect(check.quotes["art_41"] == "States Parties shall endeavour to assist one another.")
        #expect(check.missing.contains { $0.eId == "art_34__para_2" && $0.rule == "dual-criminality-required-by-requested-state" })
        #expect(!check.missing.contains { $0.eId == "art_36__para_1" || $0.eId == "art_41" })
    }

    @Test func quotesReachTheDecision() throws {
        let engine = try Fixtures.engine("model-convention-rev2")
        let check = CitationCheck.check(engine.ruleSet, against: Self.instrument)
        let r = engine.screen(try Fixtures.request(engine: engine), quotes: check.quotes)
        #expect(r.ruleIDs == ["treaty-or-bilateral-request"])
        #expect(r.determiningRules[0].quote?.hasPrefix("1. States Parties shall afford") == true)
    }
}
