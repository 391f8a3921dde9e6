import Foundation
@testable import SafeguardIngest
import SafeguardModel
import SafeguardTestSupport
import Testing

/// Format detection, decoding and refusals.
@Suite struct InputTests {
    static let sample = "Draft Convention\n\nArticle 1\nPurpose\n\n1. The purpose is cooperation “in good faith” – always.\n"

    @Test func detectsFormatsFromContent() {
        #expect(FormatDetector.detect(Array("%PDF-1.4\n...".utf8)) == .pdf)
        #expect(FormatDetector.detect([0x50, 0x4B, 0x03, 0x04, 0, 0]) == .docx)
        #expect(FormatDetector.detect(Array("<?xml version=\"1.0\"?>\n<akomaNtoso xmlns=\"x\"><act/></akomaNtoso>".utf8)) == .akn)
        #expect(FormatDetector.detect(Array("<!DOCTYPE html><html><body><p>x</p></body></html>".utf8)) == .html)
        #expect(FormatDetector.detect(Array("<div><p>Article 1</p></div>".utf8)) == .html)
        #expect(FormatDetector.detect(Array("# Convention\n\n## Article 1\n".utf8)) == .markdown)
        #expect(FormatDetector.detect(Array("Article 1\nText".utf8)) == .text)
        // The extension is only a hint: HTML content named .txt is HTML.
        #expect(FormatDetector.detect(Array("<html><body>x</body></html>".utf8), extensionHint: "txt") == .html)
        #expect(FormatDetector.detect(Array("Article 1".utf8), extensionHint: "md") == .markdown)
    }

    @Test func utf8WithBOMIsStripped() throws {
        let instrument = try InstrumentReader.read(bytes: [0xEF, 0xBB, 0xBF] + Array(Self.sample.utf8))
        #expect(instrument.text.hasPrefix("Draft Convention"))
        #expect(instrument.text(of: "art_1__para_1")?.contains("“in good faith” – always") == true)
    }

    @Test func utf16LittleAndBigEndian() throws {
        var little: [UInt8] = [0xFF, 0xFE]
        var big: [UInt8] = [0xFE, 0xFF]
        for unit in Self.sample.utf16 {
            little += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            big += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        for bytes in [little, big] {
            let instrument = try InstrumentReader.read(bytes: bytes)
            #expect(instrument.eIds == ["art_1", "art_1__para_1"])
            #expect(instrument.text(of: "art_1__para_1")?.contains("“in good faith”") == true)
            #expect(instrument.warnings.isEmpty)
        }
    }

    @Test func latin1FallsBackWithAWarning() throws {
        // "Accès" in Latin-1, and Windows-1252 curly quotes 0x93/0x94.
        let bytes: [UInt8] =
            Array("Article 1\nAcc".utf8) + [0xE8] + Array("s\n\n1. The ".utf8) + [0x93] + Array("term".utf8) + [0x94]
            + Array(" means x.\n".utf8)
        let instrument = try InstrumentReader.read(bytes: bytes)
        #expect(instrument.provision("art_1")?.heading == "Accès")
        #expect(instrument.text(of: "art_1__para_1") == "The “term” means x.")
        #expect(instrument.warningCodes().contains("latin1-fallback"))
    }

    @Test func normalisationKeepsOffsetsOnTheNormalisedText() throws {
        let instrument = try InstrumentReader.read(bytes: Array("Article 1\r\nPurpose\r\n\r\n1.\tThe\u{00A0}purpose   \r\n".utf8))
        #expect(!instrument.text.contains("\r"))
        #expect(!instrument.text.contains("\u{00A0}"))
        #expect(instrument.text(of: "art_1__para_1") == "The purpose")
    }

    @Test func refusesEmptyInput() throws {
        #expect(errorKind { _ = try InstrumentReader.read(bytes: []) } == .emptyInput)
        let url = try temporaryFile([], name: "empty.txt")
        #expect(errorKind { _ = try InstrumentReader.read(contentsOf: url) } == .emptyInput)
        #expect(errorKind { _ = try InstrumentReader.read(bytes: Array("   \n\n \t\n".utf8)) } == .emptyInput)
    }

    @Test func refusesBinaryInput() {
        let binary: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + Array(repeating: 0, count: 64)
        #expect(errorKind { _ = try InstrumentReader.read(bytes: binary) } == .binaryInput)
        let controls: [UInt8] = (0..<200).map { UInt8($0 % 8 + 1) } + Array("Article 1".utf8)
        #expect(errorKind { _ = try InstrumentReader.read(bytes: controls) } == .binaryInput)
    }

    @Test func refusesLegacyWordAndRTFWithAClearMessage() {
        let doc: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 32)
        let error = #expect(throws: SafeguardError.self) { _ = try InstrumentReader.read(bytes: doc) }
        #expect(error?.kind == .binaryInput)
        #expect(error?.message.contains("DOCX") == true)
        #expect(errorKind { _ = try InstrumentReader.read(bytes: Array("{\\rtf1\\ansi Article 1}".utf8)) } == .binaryInput)
    }

    @Test func refusesTooLargeBeforeReading() throws {
        let url = try temporaryFile(Array(Self.sample.utf8), name: "big.txt")
        let error = #expect(throws: SafeguardError.self) {
            _ = try InstrumentReader.read(contentsOf: url, options: ReadOptions(maxBytes: 10))
        }
        #expect(error?.kind == .tooLarge)
        #expect(error?.exitCode == 65)
        #expect(
            errorKind { _ = try InstrumentReader.read(bytes: Array(Self.sample.utf8), options: ReadOptions(maxBytes: 10)) } == .tooLarge)
    }

    @Test func refusesMissingFileAndDirectory() {
        let missing = URL(fileURLWithPath: "/nonexistent/safeguard/none.txt")
        let error = #expect(throws: SafeguardError.self) { _ = try InstrumentReader.read(contentsOf: missing) }
        #expect(error?.kind == .inputNotFound)
        #expect(error?.exitCode == 66)
        #expect(errorKind { _ = try InstrumentReader.read(contentsOf: FileManager.default.temporaryDirectory) } == .inputNotFound)
    }

    @Test func forcedFormatOverridesDetection() throws {
        let html = "<p>Article 1</p><p>Purpose</p><p>1. Text &amp; more.</p>"
        let asText = try InstrumentReader.read(bytes: Array(html.utf8), options: ReadOptions(format: .html))
        #expect(asText.text(of: "art_1__para_1") == "Text & more.")
        #expect(asText.metadata.sourceFormat == "html")
    }

    @Test func markdownHeadingsAndEmphasis() throws {
        let markdown = """
            # Model Convention on Examples

            ## Chapter I – General

            ### Article 1 – Purpose

            1. The **purpose** is *cooperation*.
            2. Second paragraph with an escaped \\(x\\).
            """
        let instrument = try InstrumentReader.read(bytes: Array(markdown.utf8), extensionHint: "md")
        #expect(instrument.metadata.sourceFormat == "markdown")
        #expect(instrument.eIds == ["chp_1", "art_1", "art_1__para_1", "art_1__para_2"])
        #expect(instrument.text(of: "art_1__para_1") == "The purpose is cooperation.")
        #expect(instrument.metadata.title == "Model Convention on Examples")
    }

    @Test func htmlAdjacentInlineNumberAndHeading() throws {
        let html =
            "<html><body><p>Example Act</p><h2><span class=\"num\">1</span><span class=\"title\">Unauthorised access</span></h2><p><span>"
                + "(1)</span><span>A person commits an offence.</span></p><p>Art<span>icle</span> text.</p></body></html>"
        let (text, _) = HTMLTextExtractor.extract(html)
        #expect(text.contains("1 Unauthorised access"))
        #expect(text.contains("(1) A person commits an offence."))
        #expect(text.contains("Article text."))
    }

    @Test func htmlToText() throws {
        let html = """
            <!DOCTYPE html>
            <html><head><title>A/1/2 – Model Convention</title><style>p { color: red }</style>
            <script>var article = "Article 9";</script></head>
            <body><nav>Article 99 Menu</nav>
            <h1>Model Convention</h1>
            <h2>Article 1</h2><h3>Use of terms</h3>
            <p>1. &ldquo;Data&rdquo; means facts &amp; figures &#8211; and <b>more</b>&#x2026;</p>
            <p>2. Nothing in this article&nbsp;limits &sect;&nbsp;3.</p>
            <footer>Page 1</footer>
            </body></html>
            """
        let instrument = try InstrumentReader.read(bytes: Array(html.utf8))
        #expect(instrument.metadata.sourceFormat == "html")
        #expect(instrument.metadata.title == "Model Convention")
        #expect(instrument.eIds == ["art_1", "art_1__para_1", "art_1__para_2"])
        #expect(instrument.text(of: "art_1__para_1") == "“Data” means facts & figures – and more…")
        #expect(instrument.text(of: "art_1__para_2") == "Nothing in this article limits § 3.")
        #expect(!instrument.text.contains("Article 9"))
        #expect(!instrument.text.contains("Menu"))
        #expect(instrument.definitions.first?.term == "Data")
    }
}

/// The drafting vocabulary is data: shipped YAML, extensible by users.
@Suite struct DraftingVocabularyTests {
    @Test func shippedVocabularyLoads() throws {
        let vocabulary = try DraftingVocabulary.shipped()
        #expect(vocabulary.headings.contains { $0.keyword == Array("article".utf8) && $0.kind == .article })
        #expect(vocabulary.contentsMarkers.contains("arrangement of sections"))
        #expect(vocabulary.numberWords["second"] == 2)
    }

    @Test func userExtensionAddsKeywords() throws {
        let text = try String(contentsOf: Fixture.url("french-style.txt"), encoding: .utf8)
        // With the shipped English vocabulary "Chapitre" is not a heading.
        let english = try InstrumentReader.read(bytes: Array(text.utf8))
        #expect(!english.eIds.contains("chp_1"))
        let extension_ = try String(contentsOf: Fixture.url("drafting-fr.yaml"), encoding: .utf8)
        let french = try DraftingVocabulary.shipped().extended(yaml: extension_, source: "drafting-fr.yaml")
        let instrument = try InstrumentReader.read(bytes: Array(text.utf8), options: ReadOptions(vocabulary: french))
        #expect(instrument.eIds.contains("chp_1"))
        #expect(instrument.provision("chp_1")?.heading == "Dispositions générales")
        #expect(instrument.eIds.contains("art_2"))
        #expect(instrument.definitions.map(\.term) == ["système", "données"])
        #expect(instrument.provision("preamble") != nil)
    }

    @Test func invalidVocabularyIsAConfigurationError() {
        let badKind = "schema: safeguard.drafting/1\nheadings:\n  artikel: articel\n"
        let error = #expect(throws: SafeguardError.self) { _ = try DraftingVocabulary.load(yaml: badKind, source: "bad.yaml") }
        #expect(error?.kind == .invalidConfiguration)
        #expect(error?.exitCode == 78)
        #expect(error?.message.contains("articel") == true)
        let badSchema = "schema: something/2\n"
        #expect(errorKind { _ = try DraftingVocabulary.load(yaml: badSchema, source: "bad.yaml") } == .invalidConfiguration)
        let notYAML = "schema: [unclosed\n"
        #expect(errorKind { _ = try DraftingVocabulary.load(yaml: notYAML, source: "bad.yaml") } == .invalidConfiguration)
    }
}
