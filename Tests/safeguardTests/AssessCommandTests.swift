import Foundation
import SafeguardTestSupport
import Testing

/// End-to-end tests of `safeguard assess`.
@Suite struct AssessCommandTests {
    static var examples: String { SafeguardBinary.repositoryRoot.appendingPathComponent("examples").path }
    static var rev1: String { examples + "/model-convention-rev1.txt" }
    static var rev2: String { examples + "/model-convention-rev2.txt" }
    static var act: String { examples + "/model-computer-misuse-act.txt" }

    static func temporaryDirectory() throws -> URL { try makeTemporaryDirectory(prefix: "safeguard-assess") }

    @Test func scorecardShowsBothBuiltInFrameworks() throws {
        let result = try SafeguardBinary.run(["assess", Self.rev1])
        #expect(result.status == 0)
        #expect(result.stdout.contains("[cybercrime-treaty-safeguards 1.2]"))
        #expect(result.stdout.contains("[necessary-and-proportionate 1.0]"))
        #expect(result.stdout.contains("Score "))
        #expect(result.stdout.contains("mandatory-dual-criminality"))
        // Piped output never carries colour codes.
        #expect(!result.stdout.contains("\u{1B}["))
    }

    @Test func jsonFollowsTheSchemaWithCodePointOffsets() throws {
        let result = try SafeguardBinary.run(["assess", Self.rev2, "--format", "json", "--framework", "cybercrime-treaty-safeguards"])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["schema"] as? String == "safeguard.assessment/1")
        let assessments = try #require(json["assessments"] as? [[String: Any]])
        let frameworks = try #require(assessments.first?["frameworks"] as? [[String: Any]])
        #expect(frameworks.map { $0["id"] as? String } == ["cybercrime-treaty-safeguards"])
        let principles = try #require(frameworks[0]["principles"] as? [[String: Any]])
        #expect(principles.count == 15)
        let speech = try #require(principles.first { $0["id"] as? String == "no-speech-offences" })
        #expect(speech["verdict"] as? String == "not-met")
        let evidence = try #require(speech["evidence"] as? [[String: Any]])
        #expect(!evidence.isEmpty)
        for item in evidence {
            #expect(item["eId"] is String && item["quote"] is String && item["start"] is Int && item["end"] is Int)
        }
        let score = try #require((frameworks[0]["score"] as? [String: Any])?["overall"] as? [String: Any])
        #expect(score["value"] is Double || score["value"] is Int)
        #expect((score["arithmetic"] as? String)?.contains("counted × 100") == true)
    }

    @Test func htmlIsSelfContainedAndLinksVerdictsToTheText() throws {
        let result = try SafeguardBinary.run(["assess", Self.rev2, "--format", "html"])
        #expect(result.status == 0)
        let html = result.stdout
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("src=\"http"))
        #expect(html.contains("<mark class=\"against\""))
        // Every evidence link points at an anchor in the text.
        let links = html.components(separatedBy: "href=\"#ev-").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(!links.isEmpty)
        for link in Set(links) { #expect(html.contains("id=\"ev-\(link)\""), "\(link)") }
        #expect(html.contains("id=\"art_16\""))
    }

    @Test func markdownAndCSVCarryTheVerdicts() throws {
        let md = try SafeguardBinary.run(["assess", Self.act, "--format", "md"])
        #expect(md.status == 0)
        #expect(md.stdout.contains("# Assessment: "))
        #expect(md.stdout.contains("No speech or content offences beyond child sexual abuse — not-met"))
        let csv = try SafeguardBinary.run(["assess", Self.act, "--format", "csv"])
        #expect(csv.status == 0)
        let lines = csv.stdout.split(separator: "\r\n")
        #expect(lines.first == "instrument,framework,principle,title,verdict,computed_verdict,eids,explanation")
        #expect(lines.count == 1 + 15 + 13)
    }

    @Test func outputOptionWritesTheFile() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("report.json").path
        let result = try SafeguardBinary.run(["assess", Self.rev1, "--format", "json", "--output", path])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("safeguard.assessment/1"))
    }

    @Test func invalidFrameworkExits78WithFileAndLine() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bad.yaml").path
        try """
        id: bad
        title: Bad
        version: "1"
        source: {by: Me, title: Mine, year: "2026"}
        principles:
          - id: p
            title: P
            applies_to: all
            quantifier: most
            require: {none_of: [scope.any-offence]}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try SafeguardBinary.run(["assess", Self.rev1, "--framework", path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("bad.yaml:9:"))
        #expect(result.stderr.contains("unknown quantifier 'most'"))
    }

    @Test func misspeltFeatureIsRejectedAgainstTheLexicon() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("typo.yaml").path
        try """
        id: typo
        title: Typo
        version: "1"
        source: {by: Me, title: Mine, year: "2026"}
        principles:
          - id: p
            title: P
            applies_to: {features: [power.interception-content]}
            require: {all_of: [safeguard.prior-judicial-authorisation]}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try SafeguardBinary.run(["assess", Self.rev1, "--framework", path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("typo.yaml:9:"))
        #expect(result.stderr.contains("unknown feature 'safeguard.prior-judicial-authorisation'"))
    }

    @Test func unknownFrameworkIdAndMissingInput() throws {
        let unknown = try SafeguardBinary.run(["assess", Self.rev1, "--framework", "no-such-framework"])
        #expect(unknown.status == 78)
        #expect(unknown.stderr.contains("cybercrime-treaty-safeguards"))
        let missing = try SafeguardBinary.run(["assess", "/nonexistent/treaty.txt"])
        #expect(missing.status == 66)
    }

    @Test func reviewIsAppliedAndStaleEntriesAreShown() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("review.yaml").path
        try """
        reviewer: Ana Lima
        organisation: Example Rights Watch
        date: 2026-11-20
        entries:
          - action: override
            framework: cybercrime-treaty-safeguards
            principle: prior-judicial-authorization
            verdict: partly-met
            eId: art_28__para_3
            quote: a warrant issued in advance by a judge
            reason: Article 28(3) requires a prior judicial warrant for interception.
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let rev1 = try SafeguardBinary.run(["assess", Self.rev1, "--review", path])
        #expect(rev1.status == 0)
        #expect(rev1.stdout.contains("overridden by Ana Lima (Example Rights Watch) on 2026-11-20"))
        let rev2 = try SafeguardBinary.run(["assess", Self.rev2, "--review", path, "--format", "md"])
        #expect(rev2.status == 0)
        #expect(rev2.stdout.contains("| stale |"))

        let bad = dir.appendingPathComponent("bad-review.yaml").path
        try "reviewer: A\ndate: 2026-11-20\nentries:\n  - action: approve\n    reason: x\n".write(
            toFile: bad, atomically: true, encoding: .utf8)
        let invalid = try SafeguardBinary.run(["assess", Self.rev1, "--review", bad])
        #expect(invalid.status == 78)
        #expect(invalid.stderr.contains("bad-review.yaml:4:"))
    }

    @Test func corpusMatrixContinuesPastBadFilesAndExits65() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["model-convention-rev2.txt", "model-convention-rev1.txt"] {
            try FileManager.default.copyItem(atPath: Self.examples + "/" + name, toPath: dir.appendingPathComponent(name).path)
        }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("acts"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.act, toPath: dir.appendingPathComponent("acts/act.txt").path)
        try Data().write(to: dir.appendingPathComponent("empty.txt"))
        try Data("ignored".utf8).write(to: dir.appendingPathComponent("notes.yaml"))

        let table = try SafeguardBinary.run(["assess", dir.path])
        #expect(table.status == 65)
        #expect(table.stderr.contains("empty.txt"))
        #expect(!table.stderr.contains("notes.yaml"))
        #expect(!table.stderr.contains("assessing "))  // no progress bar when stderr is not a terminal
        // Sorted order, whatever the order the files were analysed in; failed files after the others.
        let rows = table.stdout.split(separator: "\n").filter { $0.contains(".txt") }
        let names = rows.prefix(4).map { String($0.split(separator: " ")[0]) }
        let expected = ["/acts/act.txt", "/model-convention-rev1.txt", "/model-convention-rev2.txt", "/empty.txt"]
        #expect(names.count == 4)
        for (name, suffix) in zip(names, expected) { #expect(name.hasSuffix(suffix), "\(name)") }
        #expect(rows[3].contains("error:"))

        let csv = try SafeguardBinary.run(["assess", dir.path, "--format", "csv", "--framework", "cybercrime-treaty-safeguards"])
        #expect(csv.status == 65)
        let lines = csv.stdout.split(separator: "\r\n")
        #expect(lines.first?.hasPrefix("instrument,title,cybercrime-treaty-safeguards/narrow-scope,") == true)
        #expect(lines.count == 5)
        let rev2 = try #require(lines.first { $0.contains("model-convention-rev2.txt") })
        #expect(rev2.contains("not-met"))
        let empty = try #require(lines.first { $0.contains("empty.txt") })
        #expect(empty.hasSuffix(",") == false)

        let html = try SafeguardBinary.run(["assess", Self.rev1, Self.rev2, "--format", "html"])
        #expect(html.status == 0)
        #expect(html.stdout.contains("class=\"heat\""))
        #expect(html.stdout.contains("<td class=\"cell not-met\""))
    }

    @Test func everyRenditionOfRev1GetsTheSameVerdicts() throws {
        let inputs = ["txt", "html", "docx"].map { Self.examples + "/model-convention-rev1." + $0 }
        let result = try SafeguardBinary.run(["assess"] + inputs + ["--format", "csv"])
        #expect(result.status == 0)
        let rows = result.stdout.split(separator: "\r\n").dropFirst().map { row in
            // Drop the instrument path; keep title, verdicts and scores.
            row.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false).last.map(String.init) ?? ""
        }
        #expect(rows.count == 3)
        #expect(Set(rows).count == 1)
    }

    @Test func corpusJSONListsEveryInstrumentInOrder() throws {
        let result = try SafeguardBinary.run(["assess", Self.rev2, Self.rev1, "--format", "json"])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let assessments = try #require(json["assessments"] as? [[String: Any]])
        let sources = assessments.compactMap { ($0["instrument"] as? [String: Any])?["source"] as? String }
        #expect(sources == [Self.rev2, Self.rev1])
    }
}

@Suite struct AssessDirectoryTests {
    /// A folder's README is documentation, not an instrument: assessing examples/ must not fail on it.
    @Test func directoryModeSkipsReadmeFiles() throws {
        let examples = SafeguardBinary.repositoryRoot.appendingPathComponent("examples").path
        let result = try SafeguardBinary.run(["assess", "--format", "csv", "--framework", "cybercrime-treaty-safeguards", examples])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(!result.stdout.contains("README"))
        #expect(result.stdout.contains("model-computer-misuse-act.txt"))
    }
}
