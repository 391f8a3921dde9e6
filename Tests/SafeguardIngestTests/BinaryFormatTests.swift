import Foundation
@testable import SafeguardIngest
import SafeguardModel
import SafeguardTestSupport
import Testing
import ZIPFoundation

/// PDF (through pdftotext) and DOCX inputs, and their refusals.
@Suite struct BinaryFormatTests {
    static let pages: [[String]] = [
        [
            "A/AC.999/L.9", "Draft Convention on Example Pages", "", "Article 1", "Purpose", "",
            "1. The purpose of this Convention is to promote the inter-", "ception of nothing and cyber-", "dependent cooperation.",
            "- 1 -",
        ],
        ["A/AC.999/L.9", "2. Second paragraph.", "", "Article 2", "Scope", "", "This Convention applies to networks.", "- 2 -"],
        ["A/AC.999/L.9", "Article 3", "Final clause", "", "This Convention enters into force on signature.", "- 3 -"],
    ]

    @Test func pdfTextIsExtractedCleanedAndParsed() throws {
        let instrument = try InstrumentReader.read(bytes: TinyPDF.make(pages: Self.pages), source: "pages.pdf")
        #expect(instrument.metadata.sourceFormat == "pdf")
        #expect(instrument.eIds == ["art_1", "art_1__para_1", "art_1__para_2", "art_2", "art_3"])
        #expect(instrument.provision("art_3")?.heading == "Final clause")
        #expect(!instrument.text.contains("A/AC.999/L.9"))
        #expect(!instrument.text.contains("- 2 -"))
        let own = try #require(instrument.text(of: "art_1__para_1"))
        // pdftotext (reading-order mode) joins words broken at line ends itself; no "-\n" survives.
        #expect(own.contains("interception"))
        #expect(!own.contains("inter-"))
        // ... and the hyphen of a real compound comes back.
        #expect(own.contains("cyber-dependent"))
        #expect(instrument.warningCodes().contains("hyphens-restored"))
        #expect(instrument.metadata.title == "Draft Convention on Example Pages")
    }

    @Test func encryptedPDFIsRefused() {
        let pdf = TinyPDF.make(pages: Self.pages, encrypted: true)
        #expect(errorKind { _ = try InstrumentReader.read(bytes: pdf) } == .encryptedPDF)
    }

    @Test func imageOnlyPDFIsRefused() {
        let pdf = TinyPDF.make(pages: [[], []], imageOnly: true)
        let error = #expect(throws: SafeguardError.self) { _ = try InstrumentReader.read(bytes: pdf) }
        #expect(error?.kind == .imageOnlyPDF)
        #expect(error?.exitCode == 65)
    }

    @Test func damagedPDFIsMalformed() {
        let pdf = Array("%PDF-1.4\nthis is not a pdf at all\n".utf8)
        #expect(errorKind { _ = try InstrumentReader.read(bytes: pdf) } == .malformedDocument)
    }

    static func docx(paragraphs: [String], documentPath: String = "word/document.xml") throws -> [UInt8] {
        let body = paragraphs.map { paragraph -> String in
            // Split each paragraph into two runs, with a tab element in the middle of "Article\t1" lines.
            let escaped = AkomaNtosoWriter.escape(paragraph)
            let half = escaped.index(escaped.startIndex, offsetBy: escaped.count / 2)
            let first = String(escaped[..<half])
            let second = String(escaped[half...])
            return "<w:p><w:r><w:t xml:space=\"preserve\">\(first)</w:t></w:r><w:r><w:t xml:space=\"preserve\">\(second)</w:t></w:r></w:p>"
        }.joined()
        let xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document \
            xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\(body)<w:p><w:r><w:t>Article</w:t><w:tab/>\
            <w:t>3</w:t></w:r></w:p><w:p><w:r><w:t>Last</w:t><w:br/><w:t>This Convention enters into \
            force.</w:t></w:r></w:p></w:body></w:document>
            """
        let archive = try Archive(data: Data(), accessMode: .create)
        let data = Data(xml.utf8)
        try archive.addEntry(with: documentPath, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
            position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
        let types = Data("<Types/>".utf8)
        try archive.addEntry(with: "[Content_Types].xml", type: .file, uncompressedSize: Int64(types.count)) { position, size in
            types.subdata(in: Int(position)..<Int(position) + size)
        }
        return [UInt8](archive.data ?? Data())
    }

    @Test func docxParagraphsBecomeLines() throws {
        let bytes = try Self.docx(paragraphs: [
            "Draft Convention on Word Files", "Article 1", "Use of terms",
            "1. “Data” means facts & figures.", "2. Second paragraph.", "Article 2", "Scope", "It applies.",
        ])
        let instrument = try InstrumentReader.read(bytes: bytes, source: "x.docx")
        #expect(instrument.metadata.sourceFormat == "docx")
        #expect(instrument.eIds == ["art_1", "art_1__para_1", "art_1__para_2", "art_2", "art_3"])
        #expect(instrument.text(of: "art_1__para_1") == "“Data” means facts & figures.")
        #expect(instrument.provision("art_3")?.heading == "Last")
        #expect(instrument.definitions.map(\.term) == ["Data"])
    }

    @Test func docxWithoutDocumentXMLIsMalformed() throws {
        let bytes = try Self.docx(paragraphs: ["Article 1"], documentPath: "word/other.xml")
        let error = #expect(throws: SafeguardError.self) { _ = try InstrumentReader.read(bytes: bytes) }
        #expect(error?.kind == .malformedDocument)
    }

    @Test func damagedZipIsMalformed() throws {
        var bytes = try Self.docx(paragraphs: ["Article 1", "Purpose", "Text."])
        // Keep the zip signature, destroy the rest.
        for i in 4..<bytes.count { bytes[i] = UInt8(truncatingIfNeeded: i * 7) }
        #expect(errorKind { _ = try InstrumentReader.read(bytes: bytes) } == .malformedDocument)
        #expect(errorKind { _ = try InstrumentReader.read(bytes: [0x50, 0x4B, 0x03, 0x04, 1, 2, 3]) } == .malformedDocument)
    }

    @Test func docxInflatingBeyondTheLimitIsRefused() throws {
        let long = String(repeating: "Each State Party shall cooperate. ", count: 3000)
        let bytes = try Self.docx(paragraphs: ["Article 1", "Purpose", long])
        // The compressed file is small; the inflated XML is over 90 kB.
        #expect(bytes.count < 20_000)
        #expect(errorKind { _ = try InstrumentReader.read(bytes: bytes, options: ReadOptions(maxBytes: 50_000)) } == .tooLarge)
    }
}

/// Word's automatic numbering: the numbers are not in the text, they come from numbering.xml.
@Suite struct DOCXNumberingTests {
    static func entry(_ archive: Archive, _ path: String, _ text: String) throws {
        let data = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    @Test func automaticNumbersBecomeMarkers() throws {
        func p(_ text: String, level: Int? = nil, numId: String = "1") -> String {
            let numPr = level.map { "<w:pPr><w:numPr><w:ilvl w:val=\"\($0)\"/><w:numId w:val=\"\(numId)\"/></w:numPr></w:pPr>" } ?? ""
            return "<w:p>\(numPr)<w:r><w:t>\(text)</w:t></w:r></w:p>"
        }
        let body = [
            p("Draft Convention on Numbered Lists"), p("Article 1"), p("Scope"),
            p("This Convention applies to:", level: 0), p("networks;", level: 1), p("systems.", level: 1),
            p("It also applies to data.", level: 0), p("Article 2"), p("Bullets"), p("A bullet item.", level: 0, numId: "2"),
        ].joined()
        let document =
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
                + "\(body)</w:body></w:document>"
        let numbering = """
            <?xml version="1.0"?>
            <w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
              <w:abstractNum w:abstractNumId="10">
                <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
                <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
              </w:abstractNum>
              <w:abstractNum w:abstractNumId="11">
                <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
              </w:abstractNum>
              <w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
              <w:num w:numId="2"><w:abstractNumId w:val="11"/></w:num>
            </w:numbering>
            """
        let archive = try Archive(data: Data(), accessMode: .create)
        try Self.entry(archive, "word/document.xml", document)
        try Self.entry(archive, "word/numbering.xml", numbering)
        let instrument = try InstrumentReader.read(bytes: [UInt8](archive.data ?? Data()))
        #expect(
            instrument.eIds == ["art_1", "art_1__para_1", "art_1__para_1__point_a", "art_1__para_1__point_b", "art_1__para_2", "art_2"])
        #expect(instrument.provision("art_1__para_1__point_b")?.num == "(b)")
        #expect(instrument.text(of: "art_2") == "A bullet item.")
    }

    @Test func numberingInheritedFromParagraphStyles() throws {
        func p(_ text: String, style: String? = nil, numPr: String = "") -> String {
            let pStyle = style.map { "<w:pStyle w:val=\"\($0)\"/>" } ?? ""
            return "<w:p><w:pPr>\(pStyle)\(numPr)</w:pPr><w:r><w:t>\(text)</w:t></w:r></w:p>"
        }
        let body = [
            p("Model Law on Styled Lists"), p("Article 1"), p("Scope"),
            p("This law applies to:", style: "ClauseNumber"), p("networks;", style: "PointLetter"), p("systems.", style: "PointLetter"),
            p("It also applies to data.", style: "ClauseNumber"),
            p(
                "A paragraph whose own numbering is switched off.", style: "ClauseNumber",
                numPr: "<w:numPr><w:numId w:val=\"0\"/></w:numPr>"),
            p("Article 2"), p("Entry into force"), p("This law enters into force on publication.", style: "Normal"),
        ].joined()
        let document =
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
                + "\(body)</w:body></w:document>"
        let numbering = """
            <?xml version="1.0"?>
            <w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
              <w:abstractNum w:abstractNumId="4">
                <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
                <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
              </w:abstractNum>
              <w:num w:numId="7"><w:abstractNumId w:val="4"/></w:num>
            </w:numbering>
            """
        // PointLetter is based on ClauseNumber and only changes the level.
        let styles = """
            <?xml version="1.0"?>
            <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
              <w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
              <w:style w:type="paragraph" w:styleId="ClauseNumber"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId \
            w:val="7"/></w:numPr></w:pPr></w:style>
              <w:style w:type="paragraph" w:styleId="PointLetter"><w:basedOn w:val="ClauseNumber"/><w:pPr><w:numPr><w:ilvl \
            w:val="1"/></w:numPr></w:pPr></w:style>
            </w:styles>
            """
        let archive = try Archive(data: Data(), accessMode: .create)
        try Self.entry(archive, "word/document.xml", document)
        try Self.entry(archive, "word/numbering.xml", numbering)
        try Self.entry(archive, "word/styles.xml", styles)
        let instrument = try InstrumentReader.read(bytes: [UInt8](archive.data ?? Data()))
        #expect(
            instrument.eIds == ["art_1", "art_1__para_1", "art_1__para_1__point_a", "art_1__para_1__point_b", "art_1__para_2", "art_2"])
        #expect(instrument.provision("art_1__para_1__point_b")?.num == "(b)")
        #expect(instrument.text(of: "art_1__para_2")?.hasSuffix("switched off.") == true)
        #expect(instrument.text(of: "art_2") == "This law enters into force on publication.")
    }
}
