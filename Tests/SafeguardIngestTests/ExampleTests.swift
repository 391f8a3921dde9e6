import Foundation
@testable import SafeguardIngest
import SafeguardModel
import SafeguardTestSupport
import Testing

/// The bundled examples parse to the expected structure, in every format.
@Suite struct ExampleTests {
    static func example(_ name: String) -> URL { Fixture.examples.appendingPathComponent(name) }

    static func read(_ name: String) throws -> Instrument {
        try InstrumentReader.read(contentsOf: example(name))
    }

    @Test func rev1HasItsArticlesAndChaptersAndNoTrapProvisions() throws {
        let instrument = try Self.read("model-convention-rev1.txt")
        let articles = instrument.provisions.filter { $0.kind == .article }
        let chapters = instrument.provisions.filter { $0.kind == .chapter }
        #expect(articles.count == 54)
        #expect(chapters.count == 9)
        #expect(articles.map(\.eId) == (1...54).map { "art_\($0)" })
        // The table of contents (dot leaders, page numbers) produced nothing.
        #expect(!instrument.eIds.contains { $0.contains("dup") })
        #expect(instrument.warningCodes().contains("table-of-contents"))
        #expect(instrument.metadata.kind == .draft)
        #expect(instrument.metadata.title.hasPrefix("Draft Model Convention"))
        // Lines that start with a cross-reference word are text, not headings.
        let own = try #require(instrument.text(of: "art_37__para_2"))
        #expect(own.contains("\narticle 23 of this Convention; dual criminality shall not be required"))
        // Closing words after the last point belong to the paragraph, not to the point.
        #expect(instrument.text(of: "art_12__para_1__point_b")?.hasSuffix("computer system,") == true)
        // The closing formula is not part of the last article.
        let last = try #require(instrument.provision("art_54"))
        #expect(!instrument.quote(last.span).contains("IN WITNESS WHEREOF"))
        #expect(instrument.definitions.contains { $0.term == "Computer system" && $0.eId == "art_2__para_1__point_a" })
        #expect(instrument.definitions.contains { $0.term == "child sexual abuse material" && $0.eId == "art_13__para_2" })
    }

    @Test func rev2HasPageFurnitureRemovedAndInsertedArticles() throws {
        let instrument = try Self.read("model-convention-rev2.txt")
        #expect(instrument.warningCodes().contains("page-furniture-removed"))
        #expect(!instrument.text.contains("A/AC.999/L.1/Rev.1\n"))
        let articles = instrument.provisions.filter { $0.kind == .article }
        #expect(articles.count == 56)  // 55 articles plus Article 31 bis
        #expect(instrument.provisions.filter { $0.kind == .chapter }.count == 10)
        #expect(instrument.metadata.date == "2026-09-04")
        #expect(instrument.eIds.contains("art_31_bis"))
        #expect(
            instrument.references.contains { instrument.quote($0.span) == "paragraphs 1 to 3 of this article" && $0.targets.count == 3 })
    }

    @Test func actHasPartsSectionsAndSchedule() throws {
        let instrument = try Self.read("model-computer-misuse-act.txt")
        #expect(instrument.metadata.kind == .nationalLaw)
        let sections = instrument.provisions.filter { $0.kind == .section }
        #expect(sections.map(\.eId) == (1...sections.count).map { "sec_\($0)" })
        #expect(sections.count >= 30)
        #expect(instrument.provision("sec_5__subsec_4__para_a") != nil)
        #expect(instrument.provisions.filter { $0.kind == .part }.count == 6)
        #expect(sections.count == 38)
        // "SCHEDULE / (section 24) / FORM OF PRESERVATION NOTICE": the title after the bracketed reference.
        #expect(instrument.provision("sched_1")?.heading == "FORM OF PRESERVATION NOTICE")
        #expect(instrument.definitions.contains { $0.term == "computer system" && $0.eId == "sec_2" })
        #expect(instrument.warningCodes().contains("table-of-contents"))
    }

    /// PDF, DOCX, HTML and AKN renditions of rev1 give the same tree as the text.
    @Test(arguments: [
        "model-convention-rev1.pdf", "model-convention-rev1.docx", "model-convention-rev1.html", "model-convention-rev1.akn.xml",
    ])
    func renditionsMatchTheText(rendition: String) throws {
        let text = try Self.read("model-convention-rev1.txt")
        let other = try Self.read(rendition)
        #expect(other.eIds == text.eIds)
        #expect(other.provisions.map(\.heading) == text.provisions.map(\.heading))
        #expect(other.provisions.map(\.num) == text.provisions.map(\.num))
        func words(_ instrument: Instrument, _ provision: Provision) -> String {
            instrument.quote(provision.textSpan).split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        }
        #expect(other.provisions.map { words(other, $0) } == text.provisions.map { words(text, $0) })
        #expect(other.definitions.map(\.term) == text.definitions.map(\.term))
        #expect(other.metadata.title == text.metadata.title)
    }

    @Test func committedAkomaNtosoIsUpToDate() throws {
        let text = try Self.read("model-convention-rev1.txt")
        let committed = try String(contentsOf: Self.example("model-convention-rev1.akn.xml"), encoding: .utf8)
        var fresh = text
        fresh.metadata.source = nil
        #expect(AkomaNtosoWriter.write(fresh) == committed, "regenerate with scripts/make-example-formats")
    }
}
