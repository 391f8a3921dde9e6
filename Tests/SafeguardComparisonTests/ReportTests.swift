import Foundation
import SafeguardAnalysis
import SafeguardAssessment
import SafeguardModel
import SafeguardTestSupport
import Testing
@testable import SafeguardComparison

@Suite struct ReportTests {
    let rules = try! ChangeRules.builtIn()

    func sampleComparison() -> Comparison {
        let old = Sample.base()
        var weakened = Sample.safeguards
        weakened.paragraphs[1] =
            "Such conditions and safeguards may include review, and limitation of the scope of such power or procedure."
        let new = TestInstruments.make([
            TestChapter("I", "Criminalization", [Sample.access, Sample.interception, Sample.misuse.withNumber("9")]),
            TestChapter(
                "II", "Procedural measures",
                [
                    Sample.preservation.withNumber("10"), Sample.production.withNumber("11"), weakened.withNumber("12"),
                    Sample.victims.withNumber("13"),
                ]),
        ])
        let a = TestInstruments.analysis(
            old,
            findings: [
                ("obligation.mandatory", "art_13__para_2", "shall include"),
                ("safeguard.judicial-authorization", "art_13__para_2", "judicial or other independent review"),
                ("offence.cyber-dependent", "art_9__para_1", "damaging, deletion"),
            ], categories: ["art_9": .criminalization])
        let b = TestInstruments.analysis(new, findings: [("obligation.optional", "art_12__para_2", "may include")])
        let frameworks: (Verdict) -> [FrameworkResult] = { verdict in
            [
                FrameworkResult(
                    frameworkID: "cybercrime-treaty-safeguards", title: "T", version: "1",
                    principles: [
                        PrincipleResult(
                            id: "powers-safeguarded", title: "Powers safeguarded", verdict: verdict, explanation: "x", evidence: [])
                    ])
            ]
        }
        return Comparator(rules: rules).compare(a, b, oldFrameworks: frameworks(.met), newFrameworks: frameworks(.partlyMet))
    }

    @Test func jsonFollowsTheSchema() throws {
        let comparison = sampleComparison()
        let json = try JSONOutput.string(ComparisonDocument(comparison, rulesVersion: rules.version))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "safeguard.comparison/1")
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["weakens-safeguard"] as? Int == 3)  // obligation, judicial review removed, verdict
        #expect(summary["expands-scope"] as? Int == 0)
        #expect(summary["neutral"] as? Int == 1)  // offence removed with its article
        let alignment = try #require(object["alignment"] as? [[String: Any]])
        let removed = try #require(alignment.first { $0["old"] as? String == "art_9" })
        #expect(removed["new"] is NSNull)
        #expect(removed["status"] as? String == "removed")
        #expect(removed["similarity"] as? Double == 0)
        let changes = try #require(object["changes"] as? [[String: Any]])
        let weakened = try #require(changes.first { $0["type"] as? String == "obligation-weakened" })
        #expect(weakened["old"] as? String == "art_13__para_2")
        #expect(weakened["new"] as? String == "art_12__para_2")
        #expect(weakened["old_quote"] as? String == "shall include")
        #expect(weakened["new_quote"] as? String == "may include")
        #expect(weakened["classification"] as? String == "weakens-safeguard")
        // Character offsets point at the quoted words.
        let newText = comparison.new.instrument.text
        let start = try #require(weakened["new_start"] as? Int), end = try #require(weakened["new_end"] as? Int)
        let scalars = Array(newText.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[start..<end])) == "may include")
        let verdict = try #require(changes.first { $0["type"] as? String == "verdict-changed" })
        #expect(verdict["principle"] as? String == "powers-safeguarded")
        #expect(verdict["old_verdict"] as? String == "met")
        #expect(verdict["new_verdict"] as? String == "partly-met")
    }

    @Test func htmlIsSelfContainedWithRedlinesAndPinnedChanges() {
        let html = ComparisonReport(sampleComparison()).html()
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"))
        #expect(html.contains("<del> shall</del>"))
        #expect(html.contains("<ins> may</ins>"))
        #expect(html.contains("obligation-weakened"))
        // The summary table links each typed change to its pair; verdict changes get their own table.
        #expect(html.contains("<h2>Typed changes</h2>"))
        #expect(html.contains("<a href=\"#art_12\">obligation-weakened</a>"))
        #expect(html.contains("<tr id=\"art_12\""))
        #expect(html.contains("<h2>Framework verdicts that changed</h2>"))
        // Redline shows the renumbering too.
        #expect(html.contains("<del> 13</del>") && html.contains("<ins> 12</ins>"))
        // Unchanged units have no redline marks.
        let accessRow = html.components(separatedBy: "<tr id=\"art_7\"").dropFirst().first?.components(separatedBy: "</tr>").first ?? ""
        #expect(!accessRow.isEmpty && !accessRow.contains("<del>") && !accessRow.contains("<ins>"))
    }

    @Test func tableAndMarkdownOpenWithTheHeadline() {
        let report = ComparisonReport(sampleComparison())
        let table = report.table()
        #expect(table.contains("Changes: 0 expands-scope, 3 weakens-safeguard, 0 strengthens-safeguard, 1 neutral"))
        #expect(table.contains("obligation-weakened"))
        #expect(!table.contains("\u{1B}["))
        let markdown = report.markdown()
        #expect(markdown.contains("**Changes:** 0 expand scope, 3 weaken safeguards, 0 strengthen safeguards, 1 neutral"))
        #expect(markdown.contains("| weakens-safeguard | obligation-weakened | `art_13__para_2` | `art_12__para_2` |"))
    }

    @Test func historyTracksVerdictsAndCountsPerStep() {
        let instrument = Sample.base()
        func revision(_ label: String, _ verdict: Verdict) -> History.Revision {
            History.Revision(
                label: label, analysis: TestInstruments.analysis(instrument, findings: []),
                frameworks: [
                    FrameworkResult(
                        frameworkID: "fw", title: "FW", version: "1",
                        principles: [
                            PrincipleResult(id: "p", title: "P", verdict: verdict, explanation: "", evidence: [])
                        ])
                ])
        }
        let history = History(
            revisions: [revision("rev1", .met), revision("rev2", .notMet), revision("rev3", .notMet)], comparator: Comparator(rules: rules))
        #expect(history.principles.first?.verdicts == [.met, .notMet, .notMet])
        #expect(history.steps.map { $0.summary[.weakensSafeguard] } == [1, 0])
        let svg = history.svg()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("fill=\"#cf222e\""))  // a not-met dot
        #expect(history.table().contains("fw/p       met   not-met  not-met"))
        #expect(history.html().contains("<svg"))
    }
}
