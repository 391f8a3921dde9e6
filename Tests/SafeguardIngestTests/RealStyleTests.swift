@testable import SafeguardIngest
import SafeguardModel
import SafeguardTestSupport
import Testing
import ZIPFoundation
import Foundation

/// Drafting styles of real instruments that the bundled examples do not use. Every fixture here is our own
/// wording, written to imitate the layout only.
@Suite struct FrancophoneArticleTests {
    static let text = """
        LAW ON OFFENCES AGAINST DEVICES

        Chapter I – General provisions

        Art. 1. – This law applies to any offence committed by means of a device.

        Art. 2.- For the purposes of this law, "device" means any apparatus that handles data.

        Art. 3. – Scope

        Nothing in this law restricts lawful research.

        Chapter II – Offences

        Art. 12. – Whoever enters a device without right shall be fined.

        Art. 13.- Whoever alters records without right shall be imprisoned.
        """

    @Test func abbreviatedArticlesWithTextOnTheHeadingLine() throws {
        let instrument = try parse(Self.text)
        assertOutlineGolden(instrument, named: "FrancophoneArticleTests.abbreviatedArticlesWithTextOnTheHeadingLine")
        #expect(instrument.text(of: "art_12") == "Whoever enters a device without right shall be fined.")
        #expect(instrument.text(of: "art_2")?.hasPrefix("For the purposes of this law") == true)
        #expect(instrument.provision("art_2")?.heading == nil)
        #expect(!instrument.warningCodes().contains("table-of-contents"))
        #expect(instrument.definitions.map(\.term) == ["device"])
    }

    @Test func aShortTitleAfterTheDashIsStillAHeading() throws {
        let instrument = try parse(Self.text)
        #expect(instrument.provision("art_3")?.heading == "Scope")
        #expect(instrument.text(of: "art_3") == "Nothing in this law restricts lawful research.")
    }
}

@Suite struct NumberWordArticleTests {
    static let text = """
        REGIONAL CONVENTION ON COMBATING DEVICE OFFENCES

        Chapter One: General Provisions

        Article One: Purpose

        This Convention aims to deepen cooperation among the States Parties.

        Article Two: Terms

        The terms below carry these meanings.

        Chapter Two: Offences

        Article Six: Offence of unlawful entry

        Entering a device without right shall be an offence.

        Article Twenty-One: Entry into force

        This Convention enters into force on the thirtieth day after the seventh ratification.
        """

    @Test func numberWordsBecomeArabicEIdsAndKeepTheWrittenNumber() throws {
        let instrument = try parse(Self.text)
        assertOutlineGolden(instrument, named: "NumberWordArticleTests.numberWordsBecomeArabicEIdsAndKeepTheWrittenNumber")
        #expect(instrument.provision("art_21")?.num == "Article Twenty-One")
        #expect(instrument.provision("art_21")?.heading == "Entry into force")
        #expect(instrument.provision("art_6")?.heading == "Offence of unlawful entry")
    }

    @Test func referencesInWordsAndDigitsResolve() throws {
        let instrument = try parse(
            """
            REGIONAL CONVENTION ON COMBATING DATA OFFENCES

            Article One: Aim

            This Convention aims to deepen cooperation, as set out in Article Six and article 7.

            Article Six: Offence of illegal entry

            Entering a device without right shall be an offence, subject to Article Twenty-One.

            Article Seven: Offence of illegal capture

            Capturing data in transit without right shall be an offence.

            Article Twenty-One: Final provision

            This Convention enters into force on the thirtieth day after the seventh ratification.
            """)
        let targets = instrument.references.filter { $0.kind == .provisions }.map(\.targets)
        #expect(targets == [["art_6"], ["art_7"], ["art_21"]])
    }

    @Test func lettersAreNotNumberWords() throws {
        let instrument = try parse(
            """
            MODEL TREATY

            Article A
            Scope

            This treaty covers devices.

            Article B
            Terms

            Terms are defined here.
            """)
        assertOutlineGolden(instrument, named: "NumberWordArticleTests.lettersAreNotNumberWords")
    }
}

@Suite struct HeadingVariantTests {
    static let text = """
        MODEL LAW ON NETWORK MISUSE

        ARTICLE 1 - SCOPE

        This law applies to conduct on networks within the territory.

        ARTICLE 2 - DATA INTERFERENCE

        1. A person who alters data without right commits an offence. The term has the meaning
        as defined in Article 2 of the Convention on Network Safety and applies here.
        Article 3 of that Convention does not apply.

        Article 3 [System interference]

        A person who hinders a system without right commits an offence.

        Article 4°

        A person who sells attack tools commits an offence.

        Article 5º - Aiding

        A person who aids an offence commits an offence.
        """

    @Test func capitalsBracketsAndOrdinalIndicators() throws {
        let instrument = try parse(Self.text)
        assertOutlineGolden(instrument, named: "HeadingVariantTests.capitalsBracketsAndOrdinalIndicators")
        #expect(instrument.provision("art_2")?.heading == "DATA INTERFERENCE")
        #expect(instrument.provision("art_3")?.heading == "System interference")
        #expect(instrument.provision("art_4")?.num == "Article 4°")
        #expect(instrument.provision("art_5")?.num == "Article 5º")
        #expect(instrument.provision("art_5")?.heading == "Aiding")
    }

    @Test func referencesAtALineStartStayInTheParagraph() throws {
        let instrument = try parse(Self.text)
        let text = instrument.text(of: "art_2__para_1") ?? ""
        #expect(text.contains("as defined in Article 2 of the Convention"))
        #expect(text.hasSuffix("Article 3 of that Convention does not apply."))
    }

    @Test func windowsLineEndingsParseLikeUnixOnes() throws {
        let unix = try parse(Self.text)
        let windows = try parse(Self.text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(windows.eIds == unix.eIds)
        #expect(windows.text == unix.text)
        #expect(windows.text(of: "art_3") == unix.text(of: "art_3"))
    }
}

@Suite struct NumberedSubheadingTests {
    static let text = """
        REGIONAL CONVENTION ON DIGITAL TRUST

        CHAPTER II: FIGHTING ONLINE OFFENCES

        Section I: Offences

        Article 12: Offences against devices

        1. Breaking into devices

        State Parties shall adopt the legislative measures required to make it an offence to:

        a) enter or try to enter a device without lawful excuse;

        b) stay in a device after the right to be there has ended;

        2. Tampering with records

        State Parties shall adopt the legislative measures required to make it an offence to:

        a) alter records held in a device without lawful excuse.

        Article 13: Sanctions

        1. Each State Party shall ensure that offences carry proportionate sanctions.

        2. Sanctions for legal persons

        may include fines.
        """

    @Test func aShortNumberedPhraseBeforeASentenceIsTheParagraphHeading() throws {
        let instrument = try parse(Self.text)
        #expect(instrument.provision("chp_2__dvs_1")?.heading == "Offences")
        #expect(instrument.provision("art_12__para_1")?.heading == "Breaking into devices")
        #expect(instrument.provision("art_12__para_2")?.heading == "Tampering with records")
        #expect(instrument.text(of: "art_12__para_1")?.hasPrefix("State Parties shall adopt") == true)
        #expect(instrument.eIds.contains("art_12__para_1__point_b"))
        #expect(instrument.eIds.contains("art_12__para_2__point_a"))
    }

    @Test func withoutBlankLinesAsInPDFText() throws {
        let compact = Self.text.split(separator: "\n", omittingEmptySubsequences: true).joined(separator: "\n")
        let instrument = try parse(compact)
        #expect(instrument.provision("art_12__para_1")?.heading == "Breaking into devices")
        #expect(instrument.provision("art_12__para_2")?.heading == "Tampering with records")
        #expect(instrument.provision("art_13__para_1")?.heading == nil)
        #expect(instrument.provision("art_13__para_2")?.heading == nil)
    }

    @Test func sentencesAndPhrasesThatRunOnAreNotHeadings() throws {
        let instrument = try parse(Self.text)
        #expect(instrument.provision("art_13__para_1")?.heading == nil)
        // Followed by lower-case words: the phrase runs on, it is not a heading.
        #expect(instrument.provision("art_13__para_2")?.heading == nil)
        #expect(instrument.text(of: "art_13__para_2")?.hasPrefix("Sanctions for legal persons") == true)
    }
}

@Suite struct UnwrappedTextTests {
    static let singleNewlines = """
        MODEL LAW ON NETWORK MISUSE
        Article 1
        Scope
        1. This law applies to conduct on networks.
        2. It does not apply to conduct authorised by law.
        Article 2
        Illegal entry
        1. A person commits an offence who, without right,
        (a) enters a network; or
        (b) remains in a network,
        with intent to obtain data.
        2. The penalty is a fine.
        Article 3
        Penalties
        Offences under this law are punishable by a fine.
        """

    @Test func closingWordsAfterAShortLastPointWithoutBlankLines() throws {
        let instrument = try parse(Self.singleNewlines)
        #expect(instrument.text(of: "art_2__para_1__point_b") == "remains in a network,")
        let paragraph = try #require(instrument.provision("art_2__para_1"))
        #expect(instrument.quote(paragraph.span).hasSuffix("with intent to obtain data."))
        #expect(instrument.eIds.contains("art_2__para_2"))
    }

    @Test func oneParagraphPerLineClosingWords() throws {
        let long = String(repeating: "any record held for a purpose that the holder has not disclosed to the person concerned, ", count: 3)
        let instrument = try parse(
            """
            THE DEVICE SECURITY ACT, 2030

            12. Sending harmful messages.–Any person who sends, by means of a device,–
            (a) \(long)or
            (b) \(long)
            shall be punishable with a fine.
            Explanation.–For the purposes of this section, "message" includes any record sent.
            13. Penalty.–Whoever breaks a rule under this Act shall be fined.
            """)
        #expect(instrument.text(of: "sec_12__para_b")?.hasSuffix("concerned,") == true)
        let section = try #require(instrument.provision("sec_12"))
        #expect(instrument.quote(section.span).contains("shall be punishable with a fine.\nExplanation.–"))
        assertOutlineGolden(instrument, named: "UnwrappedTextTests.oneParagraphPerLineClosingWords")
    }

    @Test func aHardWrappedPointStillContinuesInLowerCase() throws {
        let instrument = try parse(
            """
            MODEL LAW ON NETWORK MISUSE

            Article 2
            Illegal entry

            1. A person commits an offence who, without right and with intent to obtain
            data that the person is not entitled to obtain, does any of the following acts,
            namely:
            (a) enters a network that is protected by a security measure of any kind, whether
            or not the measure is effective; or
            (b) remains in a network after being told to leave it by the owner or operator,
            including by an automated notice.
            2. The penalty is a fine.
            """)
        #expect(instrument.text(of: "art_2__para_1__point_a")?.hasSuffix("effective; or") == true)
        #expect(instrument.text(of: "art_2__para_1__point_b")?.hasSuffix("automated notice.") == true)
    }
}

@Suite struct RomanReportHeadingTests {
    static let report = """
        Report of the Working Group on Device Crime on its final session

        I. Introduction

        1. The Working Group met in Vienna for two weeks.
        2. It had before it a revised draft text.

        II. Recommendation of the Working Group

        3. The Working Group recommends the adoption of the draft convention annexed.

        III. Adoption of the report

        4. At its last meeting, the Working Group adopted this report.

        Annex

        Draft convention on device crime

        Preamble

        The States Parties to this Convention,

        Have agreed as follows:

        Chapter I
        General provisions

        Article 1
        Purposes

        The purposes of this Convention are to prevent device crime.
        """

    @Test func romanHeadingsOfAReportAreChaptersHoldingTheirParagraphs() throws {
        let instrument = try parse(Self.report)
        assertOutlineGolden(instrument, named: "RomanReportHeadingTests.romanHeadingsOfAReportAreChaptersHoldingTheirParagraphs")
        #expect(instrument.provision("chp_2")?.heading == "Recommendation of the Working Group")
        #expect(instrument.provision("chp_2")?.num == "II.")
        #expect(instrument.provision("chp_1")?.kind == .chapter)
        #expect(!instrument.warningCodes().contains("numbering-start"))
        #expect(instrument.text(of: "chp_1__para_2") == "It had before it a revised draft text.")
    }

    @Test func letteredSubheadingsOfAReportAreSubchapters() throws {
        let instrument = try parse(
            """
            Report of the Working Group on Device Crime

            I. Organization of the session

            A. Opening of the session

            1. The Working Group met in Vienna.

            B. Attendance

            2. Forty States attended.
            D. Out of sequence
            3. Observers also attended.

            II. Recommendations

            4. The Working Group recommends adoption.

            Annex

            Draft convention

            Article 1
            Purposes

            The purposes of this Convention are listed here.
            """)
        assertOutlineGolden(instrument, named: "RomanReportHeadingTests.letteredSubheadingsOfAReportAreSubchapters")
        #expect(instrument.provision("chp_1__subchp_B")?.heading == "Attendance")
        #expect(instrument.text(of: "chp_1__subchp_B__para_2")?.hasSuffix("D. Out of sequence") == true)
    }

    @Test func aLoneOrOutOfSequenceRomanLineIsText() throws {
        let instrument = try parse(
            """
            MODEL TREATY ON DEVICES

            Article 1
            Scope

            1. This treaty covers devices named in the list.
            V. Smith Holdings
            2. It does not cover devices used for defence.
            I. Each Party shall report under this treaty.
            """)
        assertOutlineGolden(instrument, named: "RomanReportHeadingTests.aLoneOrOutOfSequenceRomanLineIsText")
        #expect(instrument.text(of: "art_1__para_1")?.hasSuffix("V. Smith Holdings") == true)
        #expect(instrument.text(of: "art_1__para_2")?.hasSuffix("shall report under this treaty.") == true)
    }
}

@Suite struct DecimalParagraphTests {
    static let text = """
        MODEL AGREEMENT ON DEVICE SECURITY

        Article 1
        Scope

        1.1 This Agreement applies to devices.
        1.2 It does not apply to devices used for defence.

        Article 2
        Obligations

        1. Each Party shall protect devices.
        1.1 Protection includes:
        (a) patching; and
        (b) monitoring.
        1.2 Protection excludes surveillance.
        2. Each Party shall report incidents.
        2.1. Reports are confidential.
        2.3 Reports are kept for a year.

        Article 3
        Entry into force

        This Agreement enters into force on signature.
        """

    @Test func decimalParagraphsKeepBothNumbersInTheirEIds() throws {
        let instrument = try parse(Self.text)
        assertOutlineGolden(instrument, named: "DecimalParagraphTests.decimalParagraphsKeepBothNumbersInTheirEIds")
        #expect(instrument.provision("art_2__para_2__subpara_2-1")?.num == "2.1")
        #expect(instrument.text(of: "art_2__para_2__subpara_2-1") == "Reports are confidential.")
        #expect(instrument.text(of: "art_2__para_2") == "Each Party shall report incidents.")
        #expect(instrument.warningCodes().contains("numbering-gap"))
    }

    @Test func referencesToDecimalNumbersNeverPointAtTheWholeNumber() throws {
        let instrument = try parse(
            """
            MODEL AGREEMENT ON DEVICE SECURITY

            Article 1
            Scope

            1.1 This Agreement applies to devices.
            1.2 It does not apply to devices covered by paragraph 1.1 of article 1.

            Article 2
            Obligations

            1. Each Party shall protect devices.
            2. Each Party shall report incidents.
            2.1 Reports follow paragraph 1.2 of article 1, not paragraph 2 of article 1.
            """)
        let targets = instrument.references.filter { $0.kind == .provisions }.map(\.targets)
        #expect(targets.contains(["art_1__para_1-1"]))
        #expect(targets.contains(["art_1__para_1-2"]))
        #expect(!targets.contains(["art_2__para_2"]))
        #expect(!targets.contains(["art_2__para_1"]))
    }

    @Test func decimalSectionsOfACodeAreStillSections() throws {
        let instrument = try parse(
            """
            CRIMINAL CODE ACT 2031

            Division 477—Device offences

            477.1 Unauthorised entry
            (1) A person commits an offence if the person enters a device without right.

            477.2 Unauthorised change
            (1) A person commits an offence if the person changes data without right.
            """)
        #expect(instrument.eIds.contains("sec_477_1__subsec_1"))
        #expect(instrument.eIds.contains("sec_477_2"))
    }
}

@Suite struct AmendingActTests {
    static let text = """
        THE DEVICE MISUSE (AMENDMENT) ACT 2032

        PART 1
        PRELIMINARY

        1. Short title
        This Act may be cited as the Device Misuse (Amendment) Act 2032.

        2. Amendment of section 3
        In section 3 of the principal Act, for subsection (2) substitute—
        "(2) A person guilty of an offence under this section is liable to a fine.
        (3) This section does not apply to authorised testing."

        3. Insertion of section 3A
        After section 3 of the principal Act insert—
        “3A. Making tools for misuse
        (1) A person commits an offence if the person makes a tool for use in an offence under section 3.
        (2) A person guilty of an offence under subsection (1) is liable to a fine.”.

        4. Interpretation
        In this Act—
        "device" means any apparatus that handles data;
        "principal Act" means the Device Misuse Act 2030.
        """

    @Test func quotedProvisionsAreTextOfTheAmendingSection() throws {
        let instrument = try parse(Self.text)
        assertOutlineGolden(instrument, named: "AmendingActTests.quotedProvisionsAreTextOfTheAmendingSection")
        #expect(instrument.text(of: "sec_2")?.hasSuffix("does not apply to authorised testing.\"") == true)
        #expect(instrument.text(of: "sec_3")?.contains("“3A. Making tools for misuse\n(1) A person commits") == true)
        #expect(instrument.warningCodes().contains("quoted-structure"))
    }

    @Test func quotedDefinitionsAreNotAmendments() throws {
        let instrument = try parse(Self.text)
        #expect(instrument.definitions.map(\.term) == ["device", "principal Act"])
        #expect(instrument.definitions.allSatisfy { $0.eId == "sec_4" })
    }

    @Test func aQuoteThatNeverClosesLeavesTheStructureAlone() throws {
        let instrument = try parse(
            """
            THE DEVICE MISUSE ACT 2030

            1. Short title
            This Act may be cited as follows—
            "(1) the Device Misuse Act 2030; or
            (2) the Device Act.

            2. Offence
            A person who enters a device without right commits an offence.
            """)
        #expect(instrument.eIds.contains("sec_2"))
        #expect(!instrument.warningCodes().contains("quoted-structure"))
    }
}
