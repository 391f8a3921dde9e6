import Foundation
import Testing

/// End-to-end tests of `safeguard analyze`.
@Suite struct AnalyzeCommandTests {
    static let rev1 = SafeguardBinary.repositoryRoot.appendingPathComponent("examples/model-convention-rev1.txt").path
    static let act = SafeguardBinary.repositoryRoot.appendingPathComponent("examples/model-computer-misuse-act.txt").path

    static func temporaryFile(_ name: String, _ contents: String? = nil) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("safeguard-analyze-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        if let contents { try contents.write(to: url, atomically: true, encoding: .utf8) }
        return url
    }

    @Test
    func jsonFollowsTheSchemaWithQuotesAndCodePointOffsets() throws {
        let result = try SafeguardBinary.run(["analyze", Self.rev1, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["schema"] as? String == "safeguard.analysis/1")
        let provisions = try #require(json["provisions"] as? [[String: Any]])
        let art22 = try #require(provisions.first { $0["eId"] as? String == "art_22" })
        #expect(art22["category"] as? String == "safeguards")
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.count > 100)
        for finding in findings {
            let start = try #require(finding["start"] as? Int)
            let end = try #require(finding["end"] as? Int)
            let quote = try #require(finding["quote"] as? String)
            // Offsets count code points: the quote has exactly end - start of them.
            #expect(quote.unicodeScalars.count == end - start, "\(quote)")
            #expect(finding["eId"] is String && finding["feature"] is String)
        }
        #expect(
            findings.contains {
                $0["feature"] as? String == "safeguard.prior-judicial-authorization" && $0["eId"] as? String == "art_28__para_3"
            })
        let links = try #require(json["links"] as? [[String: Any]])
        #expect(
            links.contains { $0["from"] as? String == "art_22" && $0["to"] as? String == "art_28" && $0["kind"] as? String == "safeguards" }
        )
    }

    @Test
    func tableHasOneLinePerArticleAndNoColourWithNO_COLOR() throws {
        let result = try SafeguardBinary.run(["analyze", Self.rev1], environment: ["NO_COLOR": "1"])
        #expect(result.status == 0)
        #expect(!result.stdout.contains("\u{1B}["))
        // The article table comes first; the offences table after it also starts rows with eIds.
        let articleTable = result.stdout.components(separatedBy: "\nOffences, element by element")[0]
        let rows = articleTable.split(separator: "\n").filter { $0.hasPrefix("art_") }
        #expect(rows.count == 54)
        #expect(result.stdout.contains("Offences, element by element"))
        #expect(rows.contains { $0.hasPrefix("art_28") && $0.contains("safeguard.prior-judicial-authorization") })
    }

    @Test
    func featureAndCategoryFiltersNarrowTheOutput() throws {
        let powers = try SafeguardBinary.run(["analyze", Self.act, "--format", "json", "--feature", "power"])
        #expect(powers.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(powers.stdout.utf8)) as? [String: Any])
        let features = (json["findings"] as? [[String: Any]] ?? []).compactMap { $0["feature"] as? String }
        #expect(!features.isEmpty && features.allSatisfy { $0.hasPrefix("power.") })

        let safeguards = try SafeguardBinary.run(["analyze", Self.rev1, "--category", "safeguards"], environment: ["NO_COLOR": "1"])
        let rows = safeguards.stdout.split(separator: "\n").filter { $0.hasPrefix("art_") }
        #expect(rows.map { $0.split(separator: " ").first.map(String.init) ?? "" } == ["art_22"])
    }

    @Test
    func htmlAndMarkdownAreWrittenToTheOutputFile() throws {
        let html = try Self.temporaryFile("rev1.html")
        let result = try SafeguardBinary.run(["analyze", Self.rev1, "--format", "html", "--output", html.path])
        #expect(result.status == 0 && result.stdout.isEmpty)
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<mark class=\"fam-power"))
        #expect(page.contains("id=\"art_28__para_3\""))
        #expect(!page.contains("<script") && !page.contains("https://"))

        let md = try SafeguardBinary.run(["analyze", Self.rev1, "--format", "md"])
        #expect(md.stdout.contains("| [`art_22`](#art_22) | Conditions and safeguards | safeguards |"))
    }

    @Test
    func userLexiconExtendsTheAnalysis() throws {
        let lexicon = try Self.temporaryFile(
            "extra.yaml",
            """
            schema: safeguard.lexicon/1
            language: en
            version: extra-1
            features:
              - id: offence.content-expression
                patterns:
                  - {id: ridicule, match: "ridicules"}
            """)
        let result = try SafeguardBinary.run(["analyze", Self.act, "--format", "json", "--lexicon", lexicon.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("offence.content-expression#ridicule"))
        #expect(result.stdout.contains("en-2026.12.2+extra-1"))
    }

    @Test func severalFilesGiveAJSONArrayAndATableEach() throws {
        let json = try SafeguardBinary.run(["analyze", Self.rev1, Self.act, "--format", "json"])
        #expect(json.status == 0)
        let documents = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(documents.count == 2)
        #expect(documents.allSatisfy { $0["schema"] as? String == "safeguard.analysis/1" })
        let table = try SafeguardBinary.run(["analyze", Self.rev1, Self.act], environment: ["NO_COLOR": "1"])
        #expect(table.stdout.contains("art_54") && table.stdout.contains("sec_38"))
    }

    @Test func timingsGoToStandardErrorOnly() throws {
        let plain = try SafeguardBinary.run(["analyze", Self.act, "--format", "json"])
        let timed = try SafeguardBinary.run(["analyze", Self.act, "--format", "json", "--timings"])
        #expect(timed.status == 0)
        #expect(timed.stdout == plain.stdout)
        #expect(timed.stderr.contains("MB/s") && timed.stderr.contains("phases:") && timed.stderr.contains("scan"))
    }

    @Test func invalidLexiconIsAConfigurationErrorWithFileAndLine() throws {
        let lexicon = try Self.temporaryFile(
            "bad.yaml", "schema: safeguard.lexicon/1\nlanguage: en\nversion: x\nfeatures:\n  - id: power.nonsense\n    patterns: [x]\n")
        let result = try SafeguardBinary.run(["analyze", Self.rev1, "--lexicon", lexicon.path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("bad.yaml:5"))
        #expect(result.stderr.contains("power.nonsense"))
    }

    @Test func unknownFeatureOrCategoryIsAUsageError() throws {
        #expect(try SafeguardBinary.run(["analyze", Self.rev1, "--category", "nonsense"]).status == 64)
        #expect(try SafeguardBinary.run(["analyze", Self.rev1, "--feature", "power.teleport"]).status == 64)
    }

    @Test func missingInputIsExit66() throws {
        let result = try SafeguardBinary.run(["analyze", "/nonexistent/instrument.txt"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("/nonexistent/instrument.txt"))
    }
}
