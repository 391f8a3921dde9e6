@testable import SafeguardIngest
import SafeguardModel
import Testing

/// Lines that look like structure but are not: tables of contents, page furniture, footnotes,
/// cross-references at a line start.
@Suite struct TrapTests {
    @Test func trapFixtureHasOnlyTheRealArticles() throws {
        let instrument = try Fixture.read("traps.txt")
        #expect(instrument.unitIndices.map { instrument.provisions[$0].eId } == ["art_1", "art_2", "art_3", "art_4"])
        #expect(instrument.warningCodes().contains("table-of-contents"))
        #expect(!instrument.warningCodes().contains("duplicate-eid"))
        // The TOC entries did not become articles with the preamble as their text.
        #expect(instrument.provision("art_1")?.heading == "Purpose")
        #expect(instrument.provision("preamble") != nil)
    }

    @Test func lineStartReferencesAreNotHeadings() throws {
        let instrument = try Fixture.read("traps.txt")
        let own = try #require(instrument.text(of: "art_1__para_1"))
        // "article 24 applies ..." and "Article 3 applies ..." stay in the paragraph's words.
        #expect(own.contains("article 24 applies mutatis mutandis"))
        #expect(own.contains("Article 3 applies to requests"))
        #expect(instrument.provisions.filter { $0.kind == .article }.count == 4)
    }

    @Test func footnotesUnderARuleAreSkipped() throws {
        let instrument = try Fixture.read("traps.txt")
        let own = try #require(instrument.text(of: "art_2"))
        #expect(!own.contains("footnote"))
        #expect(instrument.warningCodes().contains("footnotes-skipped"))
    }

    @Test func articleFollowedByLowercaseTextIsARunningReference() throws {
        let instrument = try parse("""
        Article 1
        Scope

        1. Measures shall be taken in accordance with
        Article 24
        of this Convention and its safeguards.
        2. Second paragraph.

        Article 2
        Other

        Text.
        """)
        #expect(instrument.unitIndices.count == 2)
        #expect(instrument.eIds.contains("art_1__para_2"))
        #expect(instrument.text(of: "art_1__para_1")?.contains("Article 24\nof this Convention") == true)
    }

    @Test func pageHeadersFootersAndNumbersAreRemoved() throws {
        let page1 = "A/AC.999/L.1\nDraft Convention on Page Furniture\n\nArticle 1\nPurpose\n\n1. The purpose of this Convention is\nto promote cooperation.\n\n- 1 -"
        let page2 = "A/AC.999/L.1\n2. Second paragraph of article 1.\n\nArticle 2\nScope\n\nThis Convention applies to networks.\n\n- 2 -"
        let page3 = "A/AC.999/L.1\nArticle 3\nFinal\n\nThis Convention enters into force.\nPage 3 of 3"
        let instrument = try parse([page1, page2, page3].joined(separator: "\u{0C}"))
        #expect(!instrument.text.contains("A/AC.999/L.1"))
        #expect(!instrument.text.contains("- 2 -"))
        #expect(!instrument.text.contains("Page 3 of 3"))
        #expect(instrument.eIds == ["art_1", "art_1__para_1", "art_1__para_2", "art_2", "art_3"])
        #expect(instrument.text(of: "art_1__para_2") == "Second paragraph of article 1.")
        #expect(instrument.warningCodes().contains("page-furniture-removed"))
    }

    @Test func barePageNumbersInPlainTextAreNoise() throws {
        let instrument = try parse("Article 1\nPurpose\n\n1. First.\n\n12\n\n2. Second.\n\n7/52\n\nArticle 2\nEnd\n\nText.")
        #expect(instrument.text(of: "art_1__para_1") == "First.")
        #expect(instrument.eIds == ["art_1", "art_1__para_1", "art_1__para_2", "art_2"])
    }

    @Test func tableOfContentsWithoutMarkerIsSkipped() throws {
        let instrument = try parse("""
        Model Convention

        Article 1 Purpose
        Article 2 Scope
        Article 3 Definitions
        Article 4 Final

        Article 1
        Purpose

        The purpose is cooperation.

        Article 2
        Scope

        It applies to networks.

        Article 3
        Definitions

        None.

        Article 4
        Final

        It enters into force.
        """)
        #expect(instrument.eIds == ["art_1", "art_2", "art_3", "art_4"])
        #expect(instrument.text(of: "art_1") == "The purpose is cooperation.")
        #expect(!instrument.warningCodes().contains("duplicate-eid"))
    }

    @Test func dotLeaderContentsLinesAreNoise() throws {
        let instrument = try parse("""
        Contents
        Chapter I. General ............ 3
        Article 1. Purpose ............ 3
        Article 2. Scope .............. 4

        Chapter I
        General

        Article 1
        Purpose

        Text one.

        Article 2
        Scope

        Text two.
        """)
        #expect(instrument.eIds == ["chp_1", "art_1", "art_2"])
    }

    @Test func duplicateArticleNumbersAreKeptWithAWarning() throws {
        let instrument = try parse("""
        Article 1
        First

        Text one.

        Article 1
        Again

        Text two.
        """)
        #expect(instrument.eIds == ["art_1", "art_1_dup2"])
        #expect(instrument.warningCodes().contains("duplicate-eid"))
        #expect(instrument.warningCodes().contains("duplicate-number"))
        let warning = try #require(instrument.warnings.first { $0.code == "duplicate-number" })
        #expect(warning.line == 6)
    }

    @Test func backwardsNumberingWarns() throws {
        let instrument = try parse("Article 5\nA\n\nText.\n\nArticle 3\nB\n\nText.")
        #expect(instrument.warningCodes().contains("numbering-backwards"))
        #expect(instrument.eIds == ["art_5", "art_3"])
    }

    @Test func hyphenationAcrossLinesIsRepaired() {
        let (joined, count) = PageCleaner.repairHyphenation("lawful inter-\nception of data\nand cyber-\ndependent crime\nStates-\nParties")
        #expect(joined.contains("interception\nof data"))
        #expect(joined.contains("cyber-dependent\ncrime"))
        // An upper-case continuation is not a broken word.
        #expect(joined.contains("States-\nParties"))
        #expect(count == 2)
    }

    @Test func textWithoutStructureIsRefused() {
        #expect(errorKind { _ = try parse("Just a letter.\n\nNothing numbered here at all.") } == .noStructure)
    }
}

@Suite struct PageFootnoteTests {
    @Test func footnotesAtThePageBottomWithAMarkerAreRemoved() throws {
        let page1 = "Article 1\nPurpose\n\n1. States Parties recall the Charter of the United Nations,1 and\nshall cooperate in good faith.\n2. Second paragraph of article one.\n3. Third paragraph.\n1 Official Records of the Example Assembly, Supplement No. 49."
        let page2 = "Article 2\nScope\n\nThis Convention applies to networks.\nIt also applies to data.\nAnd to systems.\nAnd to persons."
        let instrument = try parse(page1 + "\u{0C}" + page2)
        #expect(!instrument.text.contains("Official Records"))
        #expect(instrument.text(of: "art_1__para_3") == "Third paragraph.")
        #expect(instrument.warningCodes().contains("footnotes-removed"))
    }

    @Test func aParagraphAtThePageBottomIsNotAFootnote() throws {
        // Council-of-Europe "2 A Party may ..." at a page bottom: no glued marker "2" above, so it stays.
        let page1 = "Article 3 – Interception\n\n1 Each Party shall adopt measures against interception\nof transmissions of data without right.\nThe measures shall be effective.\n2 A Party may require dishonest intent."
        let page2 = "Article 4 – Interference\n\nEach Party shall adopt measures.\nMore text here.\nAnd more.\nAnd more again."
        let instrument = try parse(page1 + "\u{0C}" + page2)
        #expect(instrument.text(of: "art_3__para_2") == "A Party may require dishonest intent.")
    }
}
