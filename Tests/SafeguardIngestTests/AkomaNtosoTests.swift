import Foundation
@testable import SafeguardIngest
import SafeguardModel
import SafeguardTestSupport
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
        let original = try parse(
            """
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

    @Test func aknFromAnotherProducer() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
              <act contains="originalVersion" name="act">
                <meta><identification source="#x"><FRBRWork><FRBRthis value="/akn/xx/act/2020/1/main"/>
                  <FRBRalias value="Example Misuse Act" name="title"/></FRBRWork>
                  <FRBRExpression><FRBRdate date="2020-05-01" name="Generation"/><FRBRlanguage language="eng"/></FRBRExpression>
                </identification></meta>
                <body>
                  <part eId="part_1"><num>I</num><heading>Preliminary</heading>
                    <section eId="sec_1"><num>1.</num><heading>Interpretation</heading>
                      <subsection eId="sec_1__subsec_1"><num>(1)</num>
                        <list eId="sec_1__subsec_1__list_1">
                          <intro><p>In this Act&#8212;</p></intro>
                          <point eId="sec_1__subsec_1__list_1__point_a"><num>(a)</num><content><p><term refersTo="#x">“system”</term> \
            means a device; and</p></content></point>
                        </list>
                      </subsection>
                    </section>
                  </part>
                </body>
              </act>
            </akomaNtoso>
            """
        let instrument = try InstrumentReader.read(bytes: Array(xml.utf8))
        #expect(instrument.eIds == ["part_1", "sec_1", "sec_1__subsec_1", "sec_1__subsec_1__list_1__point_a"])
        #expect(instrument.metadata.title == "Example Misuse Act")
        #expect(instrument.metadata.kind == .nationalLaw)
        #expect(instrument.metadata.date == "2020-05-01")
        #expect(instrument.text(of: "sec_1__subsec_1") == "In this Act—")
        #expect(instrument.text(of: "sec_1__subsec_1__list_1__point_a") == "“system” means a device; and")
        #expect(instrument.definitions.first?.term == "system")
    }

    @Test func otherXMLIsNotAkomaNtoso() {
        let xml = "<?xml version=\"1.0\"?>\n<catalog><book>x</book></catalog>\n"
        #expect(errorKind { _ = try InstrumentReader.read(bytes: Array(xml.utf8)) } == .malformedXML)
    }
}

@Suite struct AkomaNtosoNestedTests {
    @Test func annexedPreamblesAndSchedulesRoundTrip() throws {
        for text in [AnnexedConventionTests.report, StyleTests.unStyle] {
            let original = try parse(text)
            let back = try InstrumentReader.read(bytes: Array(AkomaNtosoWriter.write(original).utf8))
            #expect(back.eIds == original.eIds)
            #expect(back.provisions.map(\.kind) == original.provisions.map(\.kind))
            #expect(back.provisions.map(\.heading) == original.provisions.map(\.heading))
            #expect(back.provisions.map { back.quote($0.textSpan) } == original.provisions.map { original.quote($0.textSpan) })
        }
        let act = try Fixture.read("commonwealth-act.txt")
        let actBack = try InstrumentReader.read(bytes: Array(AkomaNtosoWriter.write(act).utf8))
        #expect(actBack.eIds == act.eIds)
        #expect(actBack.metadata.kind == .nationalLaw)
    }
}
