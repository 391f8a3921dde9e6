@testable import SafeguardIngest
import SafeguardModel
import SafeguardTestSupport
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
        let instrument = try parse(
            """
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
        let page1 =
            "A/AC.999/L.1\nDraft Convention on Page Furniture\n\nArticle 1\nPurpose\n\n1. The purpose of this Convention is\nto promote "
                + "cooperation.\n\n- 1 -"
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
        let instrument = try parse(
            """
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
        let instrument = try parse(
            """
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
        let instrument = try parse(
            """
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
        let warning = try #require(instrument.warnings.first { $0.code == .duplicateNumber })
        #expect(warning.line == 6)
    }

    @Test func backwardsNumberingWarns() throws {
        let instrument = try parse("Article 5\nA\n\nText.\n\nArticle 3\nB\n\nText.")
        #expect(instrument.warningCodes().contains("numbering-backwards"))
        #expect(instrument.eIds == ["art_5", "art_3"])
    }

    @Test func hyphenationAcrossLinesIsRepaired() throws {
        let keep = try DraftingVocabulary.shipped().keepHyphenPrefixes
        let (joined, count) = PageCleaner.repairHyphenation(
            "lawful inter-\nception of data\nand cyber-\ndependent crime\nStates-\nParties", keeping: keep)
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
        let page1 =
            "Article 1\nPurpose\n\n1. States Parties recall the Charter of the United Nations,1 and\nshall cooperate in good faith.\n2. "
                + "Second paragraph of article one.\n3. Third paragraph.\n1 Official Records of the Example Assembly, Supplement No. 49."
        let page2 = "Article 2\nScope\n\nThis Convention applies to networks.\nIt also applies to data.\nAnd to systems.\nAnd to persons."
        let instrument = try parse(page1 + "\u{0C}" + page2)
        #expect(!instrument.text.contains("Official Records"))
        #expect(instrument.text(of: "art_1__para_3") == "Third paragraph.")
        #expect(instrument.warningCodes().contains("footnotes-removed"))
    }

    @Test func aParagraphAtThePageBottomIsNotAFootnote() throws {
        // Council-of-Europe "2 A Party may ..." at a page bottom: no glued marker "2" above, so it stays.
        let page1 =
            "Article 3 – Interception\n\n1 Each Party shall adopt measures against interception\nof transmissions of data without "
                + "right.\nThe measures shall be effective.\n2 A Party may require dishonest intent."
        let page2 = "Article 4 – Interference\n\nEach Party shall adopt measures.\nMore text here.\nAnd more.\nAnd more again."
        let instrument = try parse(page1 + "\u{0C}" + page2)
        #expect(instrument.text(of: "art_3__para_2") == "A Party may require dishonest intent.")
    }
}

@Suite struct HeadingTrapTests {
    @Test func unheadedArticleBodyIsNotTakenAsHeading() throws {
        let instrument = try parse(
            """
            Article 7
            Each State Party shall adopt such measures
            as may be necessary to establish offences.

            Article 8
            Mutual assistance between
            central authorities
            which the Parties designate
            and maintain.

            Article 9
            Procedural measures and law
            enforcement

            1. Text.
            """)
        #expect(instrument.provision("art_7")?.heading == nil)
        #expect(instrument.text(of: "art_7") == "Each State Party shall adopt such measures\nas may be necessary to establish offences.")
        #expect(instrument.provision("art_8")?.heading == nil)
        #expect(instrument.provision("art_9")?.heading == "Procedural measures and law enforcement")
    }

    /// "means" is a sentence verb ("'data' means …"), but in "by means of" it is part of a noun phrase.
    @Test func byMeansOfInAHeadingKeepsTheHeading() throws {
        let instrument = try parse(
            """
            Article 18

            Other offences committed by means of a computer system

            1. Each State Party shall adopt such measures as may be necessary.

            Article 19

            Use of terms

            "Device" means any apparatus.
            """)
        #expect(instrument.provision("art_18")?.heading == "Other offences committed by means of a computer system")
        #expect(instrument.provision("art_19")?.heading == "Use of terms")
        #expect(instrument.text(of: "art_19")?.hasPrefix("\"Device\" means") == true)
    }
}

@Suite struct RunningHeaderTests {
    @Test func repeatedSymbolLinesWithoutPageBreaksAreNoise() throws {
        let instrument = try parse(
            """
            Article 1
            Purpose

            1. The purpose of this Convention is
            V.26-01234 1/9
            A/AC.999/L.1
            to promote cooperation.
            2. Second.
            V.26-01234 2/9
            A/AC.999/L.1
            Article 2
            Scope

            Text of article two
            A/AC.999/L.1
            continues here.
            V.26-01234 3/9
            """)
        // Removed from the text itself, so quotes are clean.
        #expect(instrument.text(of: "art_1__para_1") == "The purpose of this Convention is\nto promote cooperation.")
        #expect(instrument.text(of: "art_2") == "Text of article two\ncontinues here.")
        #expect(!instrument.text.contains("V.26-01234"))
        #expect(instrument.warningCodes().contains("page-furniture-removed"))
        #expect(instrument.eIds == ["art_1", "art_1__para_1", "art_1__para_2", "art_2"])
    }
}

@Suite struct WrapUpTests {
    static let text = """
        Article 12
        Computer-related fraud

        1. Each State Party shall establish as an offence the causing of a loss of property by:

        (a) Any input or alteration of computer data;

        (b) Any interference with the functioning of a computer system,

        with the fraudulent or dishonest intent of procuring an economic benefit.

        2. Second paragraph.

        IN WITNESS WHEREOF the undersigned have signed this Convention.
        DONE at Example City.
        """

    @Test func closingWordsAfterTheLastPointBelongToTheParagraph() throws {
        let instrument = try parse(Self.text)
        #expect(instrument.text(of: "art_12__para_1__point_b") == "Any interference with the functioning of a computer system,")
        let paragraph = try #require(instrument.provision("art_12__para_1"))
        #expect(instrument.quote(paragraph.span).hasSuffix("with the fraudulent or dishonest intent of procuring an economic benefit."))
        #expect(instrument.eIds.contains("art_12__para_2"))
    }

    @Test func closingFormulaBelongsToNoProvision() throws {
        let instrument = try parse(Self.text)
        #expect(instrument.text(of: "art_12__para_2") == "Second paragraph.")
        #expect(instrument.warningCodes().contains("closing-formula"))
    }

    @Test func aHeadingAfterTheClosingFormulaIsParsedAgain() throws {
        let instrument = try parse(Self.text + "\nANNEX\nModel form\n\nArticle 1\nForm\n\nThe form is annexed.\n")
        #expect(instrument.eIds.contains("annex_1"))
        #expect(instrument.eIds.contains("annex_1__art_1"))
    }

    @Test func hardWrappedPointContinuesInLowerCase() throws {
        // No blank line and a full-length line before: the lower-case line continues the point.
        let instrument = try parse(
            """
            Article 3
            Scope

            1. This Convention applies to:
            (a) the offences established in accordance with this Convention, including the offences of
            aiding and abetting;
            (b) the collection of evidence.
            """)
        #expect(
            instrument.text(of: "art_3__para_1__point_a")
                == "the offences established in accordance with this Convention, including the offences of\naiding and abetting;")
    }
}

@Suite struct LineNumberTests {
    @Test func marginLineNumbersAreRemoved() throws {
        let lines = [
            "EXAMPLE NETWORK SAFETY ACT", "", "SECTION 1. SHORT TITLE.", "This Act may be cited as the", "Example Network Safety Act.",
            "SEC. 2. DEFINITIONS.", "In this Act:", "(1) NETWORK.—The term “network” means a", "group of connected devices.",
            "(2) OPERATOR.—The term “operator” means a", "person who controls a network.", "SEC. 3. OFFENSE.",
            "Whoever misuses a network shall be fined.",
        ]
        var text = ""
        var number = 1
        for line in lines {
            if line.isEmpty { text += "\n"; continue }
            text += "\(number) \(line)\n"
            number += 1
        }
        let instrument = try parse(text)
        #expect(instrument.warningCodes().contains("line-numbers-removed"))
        #expect(instrument.eIds == ["sec_1", "sec_2", "sec_2__subsec_1", "sec_2__subsec_2", "sec_3"])
        #expect(instrument.text(of: "sec_1") == "This Act may be cited as the\nExample Network Safety Act.")
        #expect(instrument.definitions.map(\.term) == ["network", "operator"])
    }

    @Test func shortNumberedParagraphsAreNotLineNumbers() throws {
        let instrument = try parse("Article 4 – Interference\n\n1 Each Party shall act.\n2 A Party may reserve.\n3 A Party may declare.\n")
        #expect(instrument.eIds == ["art_4", "art_4__para_1", "art_4__para_2", "art_4__para_3"])
    }
}

@Suite struct WrappedReferenceTests {
    @Test func bareReferenceEndingAWrappedSentenceIsText() throws {
        let instrument = try parse(
            """
            Chapter I
            General provisions

            Article 1
            Purpose

            1. The measures shall be taken by each State Party in accordance with the provisions of
            Chapter II.
            2. Second paragraph.

            Chapter II
            Criminalization

            Article 2
            Offences

            Text.
            """)
        #expect(instrument.eIds == ["chp_1", "art_1", "art_1__para_1", "art_1__para_2", "chp_2", "art_2"])
        #expect(instrument.text(of: "art_1__para_1")?.hasSuffix("provisions of\nChapter II.") == true)
        #expect(!instrument.warningCodes().contains("duplicate-eid"))
    }
}
