import Foundation
@testable import SafeguardIngest
import SafeguardModel
import SafeguardTestSupport
import Testing
import ZIPFoundation

/// Akoma Ntoso written by other tools: every hierarchical element comes back with its own eId.
/// The fixtures are our own fictional texts in the patterns such tools write (blockList items, unnumbered
/// subparts, cross headings, attachments, empty or missing eIds).
@Suite struct AkomaNtosoInteropTests {
    private let act: Instrument
    init() throws { act = try Fixture.read("akn-other-tool.xml") }

    /// Every eId written on a hierarchical element in the file, outside quoted structures and footnotes.
    private static let unitEIdsInTheFile = [
        "preamble__list_1__item_a", "preamble__list_1__item_b",
        "chp_1", "chp_1__sec_1", "chp_1__sec_1__crossHeading_1", "chp_1__sec_2", "chp_1__sec_2__para_a",
        "chp_1__sec_3", "chp_1__sec_3__list_1__item_i", "chp_1__sec_3__list_1__item_ii", "chp_1__sec_4",
        "chp_2", "chp_2__subpart_nn_1", "chp_2__subpart_nn_1__sec_5",
        "dvs_1", "dvs_1__subdvs_A", "dvs_1__subdvs_A__para_7", "dvs_1__subdvs_A__hcontainer_1",
        "att_1", "att_1__para_1",
    ]

    @Test func everyEIdInTheFileComesBack() {
        for eId in Self.unitEIdsInTheFile { #expect(act.provision(eId) != nil, "lost \(eId)") }
        #expect(!act.eIds.contains(""))
        #expect(Set(act.eIds).count == act.eIds.count, "eIds are unique")
    }

    @Test func blockListItemsAreCitableUnderTheElementHoldingTheList() throws {
        let item = try #require(act.provision("chp_1__sec_3__list_1__item_ii"))
        #expect(item.kind == .item)
        #expect(item.num == "(ii)")
        #expect(item.parentEId == "chp_1__sec_3")
        #expect(act.text(of: "chp_1__sec_3__list_1__item_ii") == "hand them to the court;")
        // The list's introduction is the section's own words; the words after the list close the section.
        #expect(act.text(of: "chp_1__sec_3") == "A court may order a provider to:\nin writing and for at most ninety days,")
        let section = try #require(act.provision("chp_1__sec_3"))
        #expect(act.quote(section.span).hasSuffix("and the provider may appeal against the order."))
        #expect(act.provision("preamble__list_1__item_a")?.parentEId == "preamble")
        #expect(act.quote(act.provision("preamble")!.span).hasSuffix("and the public deserves both."))
    }

    @Test func emptyOrMissingEIdsAreDerivedByTheNamingConvention() throws {
        // `<paragraph eId="">` with num (b), `<crossHeading eId="">`, an unnumbered subpart, its section,
        // and an attachment paragraph without eId.
        #expect(act.provision("chp_1__sec_2__para_b")?.num == "(b)")
        #expect(act.provision("chp_1__sec_2__crossHeading_1")?.heading == "Sharing")
        // The second unnumbered subpart: position 2 among its siblings, even though the first has its own eId.
        #expect(act.provision("chp_2__subpart_nn_2")?.heading == "Oversight")
        #expect(act.provision("chp_2__subpart_nn_2__sec_6")?.kind == .section)
        #expect(act.provision("att_1__para_2")?.num == "2.")
        #expect(act.warningCodes().contains("derived-eid"))
        #expect(!act.warningCodes().contains("duplicate-eid"))
    }

    @Test func subpartsSubdivisionsCrossHeadingsAndHContainersAreProvisions() {
        #expect(act.provision("chp_2__subpart_nn_1")?.kind == .subpart)
        #expect(act.provision("chp_2__subpart_nn_1")?.heading == "Investigations")
        #expect(act.provision("chp_2__subpart_nn_1__sec_5")?.parentEId == "chp_2__subpart_nn_1")
        #expect(act.provision("dvs_1__subdvs_A")?.kind == .subdivision)
        #expect(act.provision("dvs_1__subdvs_A")?.num == "A.")
        #expect(act.provision("chp_1__sec_1__crossHeading_1")?.kind == .crossHeading)
        #expect(act.provision("chp_1__sec_1__crossHeading_1")?.heading == "Entry")
        #expect(act.provision("dvs_1__subdvs_A__hcontainer_1")?.kind == .hcontainer)
        #expect(act.text(of: "dvs_1__subdvs_A__hcontainer_1") == "Words between two paragraphs.")
    }

    @Test func attachmentsAreAnnexesOrSchedulesWithTheirBodies() throws {
        let schedule = try #require(act.provision("att_1"))
        #expect(schedule.kind == .schedule)  // its document is named "schedule"
        #expect(schedule.heading == "First Schedule — Penalties")
        #expect(act.text(of: "att_1__para_1") == "Section 1: a fine of up to one thousand units.")
        // The attachment's own meta is not the instrument's.
        #expect(act.metadata.title == "Example Network Misuse Act")
        #expect(act.metadata.language == "en")
        #expect(act.metadata.date == nil)  // "TODAY" and "2031" are not ISO dates
    }

    @Test func aDocumentWhoseContentSitsInAttachmentsIsRead() throws {
        let decision = try Fixture.read("akn-attachments-only.xml")
        #expect(decision.eIds == ["att_1", "att_1__para_1", "att_1__att_1", "att_1__att_1__para_1"])
        #expect(decision.provision("att_1")?.kind == .annex)
        #expect(decision.provision("att_1__att_1")?.kind == .schedule)
        #expect(decision.text(of: "att_1__att_1__para_1") == "Each contact point answers within one day.")
        #expect(decision.metadata.title == "Example Decision on Network Cooperation")
        #expect(decision.metadata.date == "2031-05-06")
    }

    @Test func footnotesAreSkippedAndQuotedStructuresAreWordsOfTheQuotingProvision() throws {
        let section1 = try #require(act.provision("chp_1__sec_1"))
        #expect(!act.quote(section1.span).contains("Footnote words"))
        #expect(act.warningCodes().contains("footnotes-skipped"))
        // The quoted section 9 is not a provision of this act; its words belong to section 4.
        #expect(!act.eIds.contains { $0.contains("sec_9") })
        #expect(act.text(of: "chp_1__sec_4")?.contains("Quoted words of the code.") == true)
        #expect(act.warningCodes().contains("quoted-structure"))
    }

    @Test func duplicateEIdsInTheXMLAreMadeUnique() throws {
        let xml = """
            <akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><body>
            <section eId="sec_1"><num>1.</num><content><p>One.</p></content></section>
            <section eId="sec_1"><num>1.</num><content><p>Again.</p></content></section>
            <section><num>1.</num><content><p>Third.</p></content></section>
            </body></act></akomaNtoso>
            """
        let instrument = try InstrumentReader.read(bytes: Array(xml.utf8))
        #expect(instrument.eIds == ["sec_1", "sec_1_dup2", "sec_1_dup3"])
        #expect(instrument.warningCodes().contains("duplicate-eid"))
    }

    @Test func itemsAndNewKindsRoundTripThroughOurWriter() throws {
        let xml = AkomaNtosoWriter.write(act)
        #expect(xml.contains("<blockList eId=\"chp_1__sec_3__list_1\">"))
        #expect(xml.contains("<item eId=\"chp_1__sec_3__list_1__item_i\">"))
        #expect(xml.contains("<crossHeading eId=\"chp_1__sec_1__crossHeading_1\">Entry</crossHeading>"))
        let back = try InstrumentReader.read(bytes: Array(xml.utf8), source: "back.xml")
        #expect(back.eIds == act.eIds)
        #expect(back.provisions.map(\.kind) == act.provisions.map(\.kind))
        #expect(back.provisions.map(\.num) == act.provisions.map(\.num))
        #expect(back.provisions.map(\.parentEId) == act.provisions.map(\.parentEId))
        #expect(back.text(of: "chp_1__sec_3__list_1__item_i") == "keep the records of one account;")
    }

    @Test func textOutsideAnyProvisionIsReportedNotSilentlyDropped() throws {
        let xml = """
            <akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement><mainBody>
            <p>The Assembly,</p>
            <paragraph eId="para_1"><num>1.</num><content><p>Decides.</p></content></paragraph>
            </mainBody></statement></akomaNtoso>
            """
        let instrument = try InstrumentReader.read(bytes: Array(xml.utf8))
        #expect(instrument.eIds == ["para_1"])
        #expect(instrument.warningCodes().contains("unattached-text"))
    }
}

/// Bytes that crashed FoundationXML's XMLParser (SIGILL) are refused before it sees them.
@Suite struct XMLByteValidationTests {
    private func aknError(_ bytes: [UInt8]) -> SafeguardError? {
        #expect(throws: SafeguardError.self) { _ = try InstrumentReader.read(bytes: bytes, source: "x.xml") }
    }

    @Test func anInvalidByteInAnElementNameIsMalformedXMLNotACrash() {
        var bytes = Array("<akomaNtoso>\n<hea".utf8)
        bytes.append(0xE6)
        bytes += Array("ing/></akomaNtoso>\n".utf8)
        let error = aknError(bytes)
        #expect(error?.kind == .malformedXML)
        #expect(error?.exitCode == 65)
        #expect(error?.line == 2)
        #expect(error?.message.contains("not valid UTF-8 (byte 0xE6 at offset 17)") == true)
    }

    @Test func invalidBytesInAttributeNamesValuesAndTextAreRefusedToo() {
        let cases: [[UInt8]] = [
            Array("<akomaNtoso><act a".utf8) + [0xFF] + Array("=\"1\"/></akomaNtoso>".utf8),
            Array("<akomaNtoso><act name=\"".utf8) + [0xC3] + Array("\"/></akomaNtoso>".utf8),
            Array("<akomaNtoso><act><body><p>".utf8) + [0xED, 0xA0, 0x80] + Array("</p></body></act></akomaNtoso>".utf8),  // a surrogate
            Array("<akomaNtoso><".utf8) + [0xC0, 0xAF] + Array("/></akomaNtoso>".utf8),  // overlong
            Array("<akomaNtoso><a".utf8) + [0xF4, 0x90, 0x80, 0x80] + Array("/></akomaNtoso>".utf8),  // above U+10FFFF
        ]
        for bytes in cases { #expect(aknError(bytes)?.kind == .malformedXML) }
    }

    @Test func validMultiByteNamesStillRead() throws {
        let xml =
            "<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"><act><body><section eId=\"sec_1\"><num>1.</num>"
                + "<données/><content><p>Texte – 数据.</p></content></section></body></act></akomaNtoso>"
        let instrument = try InstrumentReader.read(bytes: Array(xml.utf8))
        #expect(instrument.text(of: "sec_1") == "Texte – 数据.")
    }

    @Test func utf16AndOtherDeclaredEncodingsAreRefusedWithAClearMessage() {
        let utf16: [UInt8] =
            [0xFF, 0xFE] + Array("<akomaNtoso/>".utf16).flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let error = #expect(throws: SafeguardError.self) { _ = try AkomaNtosoReader.read(utf16) }
        #expect(error?.message.contains("UTF-16") == true)
        let latin1 = aknError(Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><akomaNtoso/>".utf8))
        #expect(latin1?.message.contains("declared as ISO-8859-1") == true)
        // A name that is not a plain encoding name is not echoed back.
        let hostile = aknError(Array("<?xml version=\"1.0\" encoding=\"<script>\"?><akomaNtoso/>".utf8))
        #expect(hostile?.message.contains("<script>") == false)
        #expect(hostile?.kind == .malformedXML)
    }

    @Test func theValidatorAgreesWithSwiftOnEveryTwoByteSequenceAndRandomBytes() {
        for a in 0...255 {
            for b in 0...255 {
                let bytes: [UInt8] = [0x41, UInt8(a), UInt8(b), 0x41]
                let swift = String(validating: bytes, as: UTF8.self) != nil
                #expect((UTF8Validation.firstInvalidOffset(bytes) == nil) == swift)
            }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...24, using: &generator)).map { _ in UInt8.random(in: 0x7E...0xFF, using: &generator) }
            #expect((UTF8Validation.firstInvalidOffset(bytes) == nil) == (String(validating: bytes, as: UTF8.self) != nil))
        }
    }

    @Test func anInvalidByteInsideADOCXIsMalformedXMLNotACrash() throws {
        let archive = try Archive(data: Data(), accessMode: .create)
        let head =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document "
            + "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:"
        var xml = Array(head.utf8)
        xml += [0xE6] + Array("t>Article 1</w:t></w:r></w:p></w:body></w:document>".utf8)
        let data = Data(xml)
        try archive.addEntry(with: "word/document.xml", type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
            position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
        let error = #expect(throws: SafeguardError.self) {
            _ = try InstrumentReader.read(bytes: [UInt8](archive.data ?? Data()), source: "x.docx")
        }
        #expect(error?.kind == .malformedXML)
        #expect(error?.message.contains("word/document.xml is not valid UTF-8") == true)
    }

    @Test func aDOCXWhoseDocumentIsASymlinkIsRefused() throws {
        let archive = try Archive(data: Data(), accessMode: .create)
        let target = Data("/etc/passwd".utf8)
        try archive.addEntry(with: "word/document.xml", type: .symlink, uncompressedSize: Int64(target.count)) { position, size in
            target.subdata(in: Int(position)..<Int(position) + size)
        }
        let error = #expect(throws: SafeguardError.self) {
            _ = try InstrumentReader.read(bytes: [UInt8](archive.data ?? Data()), source: "x.docx")
        }
        #expect(error?.kind == .malformedDocument)
    }

    @Test func aZipWhoseOffsetsPointPastTheEndIsMalformedNotACrash() throws {
        // Found by FuzzDOCX: the example with 7 kB cut out of its middle, so the central directory's offsets
        // point past the end. ZIPFoundation's in-memory archive trapped on it (SIGILL).
        let original = try [UInt8](Data(contentsOf: Fixture.examples.appendingPathComponent("model-convention-rev1.docx")))
        let damaged = Array(original[..<7916]) + Array(original[(original.count - 1103)...])
        let error = #expect(throws: SafeguardError.self) { _ = try InstrumentReader.read(bytes: damaged, source: "x.docx") }
        #expect(error?.kind == .malformedDocument)
        // Every cut of the same size at other places is refused too, never a crash.
        for start in stride(from: 0, to: original.count - 7042, by: 997) {
            let cut = Array(original[..<start]) + Array(original[(start + 7042)...])
            #expect(throws: SafeguardError.self) { _ = try InstrumentReader.read(bytes: cut, source: "x.docx") }
        }
    }

    @Test func leadingNULBytesAreMalformedXMLNotACrash() {
        // Found by FuzzAKN: "\0\0\0<" makes libxml2 guess UCS-4, and FoundationXML crashed (SEGV).
        let bytes: [UInt8] = [0, 0, 0] + Array("<n nesteo".utf8)
        let error = #expect(throws: SafeguardError.self) { _ = try AkomaNtosoReader.read(bytes) }
        #expect(error?.kind == .malformedXML)
        #expect(error?.message.contains("NUL byte at offset 0") == true)
        #expect(throws: SafeguardError.self) {
            _ = try InstrumentReader.read(bytes: Array("<akomaNtoso>\u{0}</akomaNtoso>".utf8), options: ReadOptions(format: .akn))
        }
    }

    @Test func aProcessingInstructionWithoutDataIsMalformedXMLNotACrash() throws {
        // Found by FuzzAKN: FoundationXML passes the missing data of `<?xxml?>` to strlen (SEGV).
        for xml in [
            "<?xxml?>\n<akomaNtoso/>", "<akomaNtoso><?target ?></akomaNtoso>", "<?xml version=\"1.0\"?><akomaNtoso><?pi\n?></akomaNtoso>",
        ] {
            let error = #expect(throws: SafeguardError.self) { _ = try AkomaNtosoReader.read(Array(xml.utf8)) }
            #expect(error?.message.contains("processing instruction without data") == true)
        }
        // A declaration and a processing instruction with data still read.
        let fine =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><?xml-stylesheet href=\"a.css\"?><akomaNtoso "
                + "xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"><act><body><section eId=\"sec_1\"><num>1.</num><content><p>"
                    + "Words.</p></content></section></body></act></akomaNtoso>"
        #expect(try AkomaNtosoReader.read(Array(fine.utf8)).eIds == ["sec_1"])
    }
}
