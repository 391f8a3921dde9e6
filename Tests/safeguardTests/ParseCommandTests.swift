import Foundation
import SafeguardTestSupport
import Testing

/// End-to-end tests of `safeguard parse`.
@Suite struct ParseCommandTests {
    static var fixtures: URL { SafeguardBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/ingest") }
    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static func temporaryDirectory() throws -> URL { try makeTemporaryDirectory(prefix: "safeguard-parse") }

    @Test func outlineShowsEIdsAndHeadings() throws {
        let result = try SafeguardBinary.run(["parse", Self.fixture("commonwealth-act.txt")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("sec_3  3. — Unauthorised entry"))
        #expect(result.stdout.contains("sec_3__subsec_1__para_a  (a)"))
        #expect(result.stdout.contains("part_2  PART II — OFFENCES"))
        // Warnings go to standard error, with the file and line.
        #expect(result.stderr.contains("commonwealth-act.txt:3:"))
        #expect(result.stderr.contains("[table-of-contents]"))
    }

    @Test func jsonFollowsTheSchema() throws {
        let result = try SafeguardBinary.run(["parse", "--format", "json", Self.fixture("traps.txt")])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "safeguard.instrument/1")
        let instrument = try #require(object["instrument"] as? [String: Any])
        #expect(instrument["title"] as? String == "Draft Convention on Example Trap Handling")
        #expect(instrument["kind"] as? String == "draft")
        let provisions = try #require(object["provisions"] as? [[String: Any]])
        let paragraph = try #require(provisions.first { $0["eId"] as? String == "art_3__para_2" })
        #expect(paragraph["kind"] as? String == "paragraph")
        #expect(paragraph["num"] as? String == "2.")
        #expect(paragraph["parent"] as? String == "art_3")
        #expect(paragraph["text"] as? String == "This article applies subject to the Convention on Example Rights.")
        // start/end are code-point offsets of the whole node; text offsets slice the normalised text.
        let normalised = try SafeguardBinary.run(["parse", "--format", "text", Self.fixture("traps.txt")]).stdout
        let scalars = Array(normalised.unicodeScalars)
        let start = try #require(paragraph["start"] as? Int)
        let end = try #require(paragraph["end"] as? Int)
        var slice = String.UnicodeScalarView()
        slice.append(contentsOf: scalars[start..<end])
        #expect(String(slice).hasPrefix("2. This article applies"))
        // Every key is present, null when unknown.
        let article = try #require(provisions.first { $0["eId"] as? String == "art_1" })
        #expect(article.keys.contains("heading"))
        #expect(article["parent"] is NSNull)
        let references = try #require(object["references"] as? [[String: Any]])
        #expect(
            references.contains {
                $0["text"] as? String == "paragraph 2 of this article" && ($0["targets"] as? [String]) == ["art_3__para_2"]
            })
        #expect(object["definitions"] is [Any])
        #expect((object["warnings"] as? [[String: Any]])?.contains { $0["code"] as? String == "table-of-contents" } == true)
    }

    @Test func severalFilesGiveAJSONArray() throws {
        let result = try SafeguardBinary.run(["parse", "--format", "json", Self.fixture("us-code.txt"), Self.fixture("resolution.txt")])
        #expect(result.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 2)
        let outline = try SafeguardBinary.run(["parse", Self.fixture("us-code.txt"), Self.fixture("resolution.txt")])
        #expect(outline.stdout.contains("== \(Self.fixture("us-code.txt"))"))
        #expect(outline.stdout.contains("== \(Self.fixture("resolution.txt"))"))
    }

    @Test func aknOutputReadsBackToTheSameOutline() throws {
        let directory = try Self.temporaryDirectory()
        let akn = directory.appendingPathComponent("coe.akn.xml").path
        let write = try SafeguardBinary.run(["parse", "--format", "akn", Self.fixture("coe-style.txt"), "-o", akn])
        #expect(write.status == 0)
        #expect(write.stdout.isEmpty)
        let original = try SafeguardBinary.run(["parse", "--format", "json", Self.fixture("coe-style.txt")])
        let back = try SafeguardBinary.run(["parse", "--format", "json", akn])
        #expect(back.status == 0)
        func tree(_ json: String) throws -> [String] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let provisions = try #require(object["provisions"] as? [[String: Any]])
            return provisions.map { "\($0["eId"] ?? "")|\($0["kind"] ?? "")|\($0["num"] ?? "")|\($0["heading"] ?? "")|\($0["text"] ?? "")" }
        }
        #expect(try tree(original.stdout) == tree(back.stdout))
    }

    @Test func exitCodesForBadInput() throws {
        let directory = try Self.temporaryDirectory()
        let missing = try SafeguardBinary.run(["parse", directory.appendingPathComponent("none.txt").path])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("no such file"))

        let empty = directory.appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        #expect(try SafeguardBinary.run(["parse", empty.path]).status == 65)

        let binary = directory.appendingPathComponent("binary.txt")
        try Data([0, 1, 2, 3, 0, 0, 7, 8]).write(to: binary)
        let binaryResult = try SafeguardBinary.run(["parse", binary.path])
        #expect(binaryResult.status == 65)
        #expect(binaryResult.stderr.contains("binary"))

        let tooLarge = try SafeguardBinary.run(["parse", "--max-size", "100", Self.fixture("traps.txt")])
        #expect(tooLarge.status == 65)
        #expect(tooLarge.stderr.contains("--max-size"))

        let xml = directory.appendingPathComponent("bad.xml")
        try Data("<?xml version=\"1.0\"?>\n<akomaNtoso><act>\n</akomaNtoso>\n".utf8).write(to: xml)
        let malformed = try SafeguardBinary.run(["parse", xml.path])
        #expect(malformed.status == 65)
        #expect(malformed.stderr.contains("malformed XML"))

        let prose = directory.appendingPathComponent("prose.txt")
        try Data("Dear reader,\n\nthis letter has no provisions.\n".utf8).write(to: prose)
        #expect(try SafeguardBinary.run(["parse", prose.path]).status == 65)
    }

    @Test func usageErrors() throws {
        #expect(try SafeguardBinary.run(["parse"]).status == 64)
        #expect(try SafeguardBinary.run(["parse", "--format", "yaml", Self.fixture("traps.txt")]).status == 64)
        #expect(try SafeguardBinary.run(["parse", "--format", "akn", Self.fixture("traps.txt"), Self.fixture("us-code.txt")]).status == 64)
    }

    @Test func missingPdftotextIsReportedWithThePackageName() throws {
        let directory = try Self.temporaryDirectory()
        let pdf = directory.appendingPathComponent("x.pdf")
        try Data("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8).write(to: pdf)
        let result = try SafeguardBinary.run(["parse", pdf.path], environment: ["PATH": directory.path])
        #expect(result.status == 69)
        #expect(result.stderr.contains("poppler-utils"))
    }

    @Test func unwritableOutputIs73() throws {
        let result = try SafeguardBinary.run(["parse", Self.fixture("traps.txt"), "-o", "/nonexistent-dir/out.txt"])
        #expect(result.status == 73)
    }

    @Test func forcedInputFormat() throws {
        let directory = try Self.temporaryDirectory()
        let file = directory.appendingPathComponent("page.data")
        try Data("<p>Article 1</p><p>Purpose</p><p>1. Text &amp; more.</p>".utf8).write(to: file)
        let result = try SafeguardBinary.run(["parse", "--input-format", "html", "--format", "json", file.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"text\" : \"Text & more.\""))
    }
}

@Suite struct ParseCommandColourTests {
    @Test func noColourWhenPipedOrNoColorIsSet() throws {
        let piped = try SafeguardBinary.run(["parse", ParseCommandTests.fixture("us-code.txt")])
        #expect(!piped.stdout.contains("\u{1B}["))
        let noColor = try SafeguardBinary.run(["parse", ParseCommandTests.fixture("us-code.txt")], environment: ["NO_COLOR": "1"])
        #expect(!noColor.stdout.contains("\u{1B}["))
    }
}

@Suite struct ParseCommandDraftingTests {
    @Test func draftingExtensionFromTheCommandLine() throws {
        let result = try SafeguardBinary.run([
            "parse", "--drafting", ParseCommandTests.fixture("drafting-fr.yaml"), ParseCommandTests.fixture("french-style.txt"),
        ])
        #expect(result.status == 0)
        #expect(result.stdout.contains("chp_1"))
        #expect(!result.stderr.contains("old spelling"))
    }

    @Test func draftingFileWithOldKeySpellingsWarnsAndIsRead() throws {
        let directory = try ParseCommandTests.temporaryDirectory()
        let old = directory.appendingPathComponent("old.yaml")
        try Data("schema: safeguard.drafting/1\nheadings:\n  chapitre: chapter\npreambleOpeners: [Les États Parties]\n".utf8)
            .write(to: old)
        let result = try SafeguardBinary.run(["parse", "--drafting", old.path, ParseCommandTests.fixture("french-style.txt")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("chp_1"))
        #expect(result.stderr.contains("old.yaml:4: drafting vocabulary: 'preambleOpeners' is the old spelling of 'preamble-openers'"))
    }

    @Test func invalidDraftingFileIs78() throws {
        let directory = try ParseCommandTests.temporaryDirectory()
        let bad = directory.appendingPathComponent("bad.yaml")
        try Data("schema: safeguard.drafting/1\nheadings:\n  artikel: nonsense\n".utf8).write(to: bad)
        let result = try SafeguardBinary.run(["parse", "--drafting", bad.path, ParseCommandTests.fixture("traps.txt")])
        #expect(result.status == 78)
        #expect(result.stderr.contains("nonsense"))
        let missing = try SafeguardBinary.run([
            "parse", "--drafting", directory.appendingPathComponent("none.yaml").path, ParseCommandTests.fixture("traps.txt"),
        ])
        #expect(missing.status == 66)
    }

    @Test func amendingActWithWindowsLineEndingsKeepsQuotedProvisionsAsText() throws {
        let result = try SafeguardBinary.run(["parse", ParseCommandTests.fixture("amending-act-crlf.txt")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("sec_2  2. — Amendment of section 7"))
        #expect(result.stdout.contains("sec_3  3. — Commencement"))
        #expect(!result.stdout.contains("subsec_3"))
        #expect(!result.stdout.contains("subsec_4"))
        #expect(result.stderr.contains("amending-act-crlf.txt:8:"))
        #expect(result.stderr.contains("[quoted-structure]"))
    }
}
