import Foundation
@testable import SafeguardIngest
import SafeguardModel
import Testing

/// Akoma Ntoso export and import: the same tree back, and XML that is refused.
@Suite struct AkomaNtosoTests {
    private func roundTrip(_ instrument: Instrument) throws -> Instrument {
        let xml = AkomaNtosoWriter.write(instrument)
        return try InstrumentReader.read(bytes: Array(xml.utf8), source: "roundtrip.akn.xml")
    }

    private func expectSameTree(_ a: Instrument, _ b: Instrument) {
        #expect(a.eIds == b.eIds)
        #expect(a.provisions.map(\.kind) == b.provisions.map(\.kind))
        #expect(a.provisions.map(\.num) == b.provisions.map(\.num))
        #expect(a.provisions.map(\.heading) == b.provisions.map(\.heading))
        #expect(a.provisions.map(\.parentEId) == b.provisions.map(\.parentEId))
        #expect(a.provisions.map(\.depth) == b.provisions.map(\.depth))
        #expect(a.provisions.map { a.quote($0.textSpan) } == b.provisions.map { b.quote($0.textSpan) })
        #expect(a.definitions.map(\.term) == b.definitions.map(\.term))
    }

    @Test(arguments: ["coe-style.txt", "commonwealth-act.txt", "us-code.txt", "resolution.txt", "traps.txt"])
    func roundTripGivesTheSameTree(fixture: String) throws {
        let original = try Fixture.read(fixture)
        let back = try roundTrip(original)
        expectSameTree(original, back)
        #expect(back.metadata.title == original.metadata.title)
        #expect(back.metadata.kind == original.metadata.kind)
        #expect(back.metadata.sourceFormat == "akn")
    }

    @Test func textWithEscapedCharactersRoundTrips() throws {
        let original = try parse("""
        Draft Convention on Examples & Tests

        Article 1
        Use of <terms> & "quotes"

        1. “Data” means facts & figures < 5 > 3, ‘quoted’ and "straight" — accès, données, 数据.
        2. A & B; C < D; E > F; "G".
        """)
        let xml = AkomaNtosoWriter.write(original)
        #expect(xml.contains("&amp; figures &lt; 5 &gt; 3"))
        #expect(xml.contains("<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\""))
        #expect(xml.contains("<FRBRWork>"))
        #expect(xml.contains("<article eId=\"art_1\">"))
        #expect(xml.contains("<docTitle>Draft Convention on Examples &amp; Tests</docTitle>"))
        let back = try roundTrip(original)
        expectSameTree(original, back)
        #expect(back.text(of: "art_1__para_1") == "“Data” means facts & figures < 5 > 3, ‘quoted’ and \"straight\" — accès, données, 数据.")
        #expect(back.text(of: "art_1__para_2") == "A & B; C < D; E > F; \"G\".")
        #expect(back.provision("art_1")?.heading == "Use of <terms> & \"quotes\"")
        #expect(back.metadata.title == "Draft Convention on Examples & Tests")
    }

    @Test func malformedXMLReportsTheLine() {
        let xml = "<?xml version=\"1.0\"?>\n<akomaNtoso>\n<act>\n<body>\n<article eId=\"art_1\"><num>1</num>\n</body>\n</akomaNtoso>\n"
        let error = #expect(throws: SafeguardError.self) { _ = try InstrumentReader.read(bytes: Array(xml.utf8)) }
        #expect(error?.kind == .malformedXML)
        #expect(error?.line != nil)
        #expect((error?.line ?? 0) >= 5)
    }

    @Test func billionLaughsIsRefusedBeforeParsing() {
        let xml = """
        <?xml version="1.0"?>
        <!DOCTYPE akomaNtoso [
          <!ENTITY lol "lol">
          <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
          <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
        ]>
        <akomaNtoso><act><body><article eId="art_1"><content><p>&lol3;</p></content></article></body></act></akomaNtoso>
        """
        #expect(errorKind { _ = try InstrumentReader.read(bytes: Array(xml.utf8)) } == .malformedXML)
    }

    @Test func externalEntitiesAreRefused() {
        let xxe = """
        <?xml version="1.0"?>
        <!DOCTYPE akomaNtoso [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
        <akomaNtoso><act><body><article eId="art_1"><content><p>&xxe;</p></content></article></body></act></akomaNtoso>
        """
        #expect(errorKind { _ = try InstrumentReader.read(bytes: Array(xxe.utf8)) } == .malformedXML)
        let externalDTD = """
        <?xml version="1.0"?>
        <!DOCTYPE akomaNtoso SYSTEM "http://example.invalid/akn.dtd">
        <akomaNtoso><act><body><article eId="art_1"><content><p>x</p></content></article></body></act></akomaNtoso>
        """
        #expect(errorKind { _ = try InstrumentReader.read(bytes: Array(externalDTD.utf8)) } == .malformedXML)
    }

    @Test func otherXMLIsNotAkomaNtoso() {
        let xml = "<?xml version=\"1.0\"?>\n<catalog><book>x</book></catalog>\n"
        #expect(errorKind { _ = try InstrumentReader.read(bytes: Array(xml.utf8)) } == .malformedXML)
    }
}
