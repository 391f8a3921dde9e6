@testable import SafeguardIngest
import SafeguardModel
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
        #expect(instrument.eIds == ["chp_1", "art_1", "art_2", "art_3", "chp_2", "art_12", "art_13"])
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
        #expect(instrument.eIds == ["chp_1", "art_1", "art_2", "chp_2", "art_6", "art_21"])
        #expect(instrument.provision("art_21")?.num == "Article Twenty-One")
        #expect(instrument.provision("art_21")?.heading == "Entry into force")
        #expect(instrument.provision("art_6")?.heading == "Offence of unlawful entry")
    }

    @Test func referencesInWordsAndDigitsResolve() throws {
        let instrument = try parse("""
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
        let instrument = try parse("""
        MODEL TREATY

        Article A
        Scope

        This treaty covers devices.

        Article B
        Terms

        Terms are defined here.
        """)
        #expect(instrument.eIds == ["art_A", "art_B"])
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
        #expect(instrument.eIds == ["art_1", "art_2", "art_2__para_1", "art_3", "art_4", "art_5"])
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
        let instrument = try parse("""
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
        #expect(instrument.eIds == ["sec_12", "sec_12__para_a", "sec_12__para_b", "sec_13"])
    }

    @Test func aHardWrappedPointStillContinuesInLowerCase() throws {
        let instrument = try parse("""
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
        #expect(instrument.eIds == [
            "chp_1", "chp_1__para_1", "chp_1__para_2", "chp_2", "chp_2__para_3", "chp_3", "chp_3__para_4",
            "annex_1", "annex_1__preamble", "annex_1__preamble__rec_1", "annex_1__preamble__rec_2",
            "annex_1__chp_1", "art_1",
        ])
        #expect(instrument.provision("chp_2")?.heading == "Recommendation of the Working Group")
        #expect(instrument.provision("chp_2")?.num == "II.")
        #expect(instrument.provision("chp_1")?.kind == .chapter)
        #expect(!instrument.warningCodes().contains("numbering-start"))
        #expect(instrument.text(of: "chp_1__para_2") == "It had before it a revised draft text.")
    }

    @Test func letteredSubheadingsOfAReportAreSubchapters() throws {
        let instrument = try parse("""
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
        #expect(instrument.eIds == [
            "chp_1", "chp_1__subchp_A", "chp_1__subchp_A__para_1", "chp_1__subchp_B", "chp_1__subchp_B__para_2",
            "chp_1__subchp_B__para_3", "chp_2", "chp_2__para_4", "annex_1", "art_1",
        ])
        #expect(instrument.provision("chp_1__subchp_B")?.heading == "Attendance")
        #expect(instrument.text(of: "chp_1__subchp_B__para_2")?.hasSuffix("D. Out of sequence") == true)
    }

    @Test func aLoneOrOutOfSequenceRomanLineIsText() throws {
        let instrument = try parse("""
        MODEL TREATY ON DEVICES

        Article 1
        Scope

        1. This treaty covers devices named in the list.
        V. Smith Holdings
        2. It does not cover devices used for defence.
        I. Each Party shall report under this treaty.
        """)
        #expect(instrument.eIds == ["art_1", "art_1__para_1", "art_1__para_2"])
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
        #expect(instrument.eIds == [
            "art_1", "art_1__para_1-1", "art_1__para_1-2",
            "art_2", "art_2__para_1", "art_2__para_1__subpara_1-1", "art_2__para_1__subpara_1-1__point_a",
            "art_2__para_1__subpara_1-1__point_b", "art_2__para_1__subpara_1-2",
            "art_2__para_2", "art_2__para_2__subpara_2-1", "art_2__para_2__subpara_2-3", "art_3",
        ])
        #expect(instrument.provision("art_2__para_2__subpara_2-1")?.num == "2.1")
        #expect(instrument.text(of: "art_2__para_2__subpara_2-1") == "Reports are confidential.")
        #expect(instrument.text(of: "art_2__para_2") == "Each Party shall report incidents.")
        #expect(instrument.warningCodes().contains("numbering-gap"))
    }

    @Test func referencesToDecimalNumbersNeverPointAtTheWholeNumber() throws {
        let instrument = try parse("""
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
        let instrument = try parse("""
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
        #expect(instrument.eIds == ["part_1", "sec_1", "sec_2", "sec_3", "sec_4"])
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
        let instrument = try parse("""
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

@Suite struct EUStyleTests {
    static let text = """
    DIRECTIVE (EU) 2031/77 OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL

    on attacks against networked devices

    THE EUROPEAN PARLIAMENT AND THE COUNCIL OF THE EUROPEAN UNION,

    Having regard to the founding Treaty, and in particular Article 83(1) thereof,

    Whereas:

    (1) The aim of this Directive is to align the criminal law of the Member States on attacks against devices.

    (2) Networked devices are part of daily life and
    their protection calls for common rules.

    HAVE ADOPTED THIS DIRECTIVE:

    Article 1
    Subject matter

    This Directive lays down minimum rules on offences against networked devices.

    Article 3
    Unlawful entry into devices

    1. Member States shall take the necessary measures to ensure that entering a device without right is punishable as a criminal offence, at least where:
    (a) a protective measure is defeated; or
    (b) the entry is repeated.

    2. Member States shall ensure that the following are covered:
    — entering the whole device,
    — entering any part of it,
    where the entry is without right.

    3. A device is protected - whatever its kind - under this Article.
    - This line is a stray dash, not an indent.
    """

    @Test func numberedRecitalsKeepTheirNumbers() throws {
        let instrument = try parse(Self.text)
        #expect(Array(instrument.eIds.prefix(4)) == ["preamble", "preamble__rec_1", "preamble__rec_2", "preamble__formula_1"])
        #expect(instrument.provision("preamble__rec_2")?.num == "(2)")
        #expect(instrument.text(of: "preamble__rec_1")?.hasPrefix("The aim of this Directive") == true)
        #expect(instrument.text(of: "preamble")?.hasPrefix("THE EUROPEAN PARLIAMENT") == true)
        #expect(instrument.text(of: "preamble")?.hasSuffix("Whereas:") == true)
        #expect(instrument.text(of: "preamble__formula_1") == "HAVE ADOPTED THIS DIRECTIVE:")
    }

    @Test func aSecondParagraphOfANumberedRecitalIsNotAFormula() throws {
        let instrument = try parse("""
        REGULATION (EU) 2032/5

        Whereas:

        (1) Devices need protection.

        Such protection should be common to the Union.

        (2) Rules should be proportionate.

        HAVE ADOPTED THIS REGULATION:

        Article 1
        Subject matter

        This Regulation protects devices.
        """)
        #expect(Array(instrument.eIds.prefix(4)) == ["preamble", "preamble__rec_1", "preamble__rec_2", "preamble__formula_1"])
        #expect(instrument.text(of: "preamble__rec_1")?.hasSuffix("common to the Union.") == true)
        let xml = AkomaNtosoWriter.write(instrument)
        #expect(xml.contains("<formula name=\"enactingFormula\" eId=\"preamble__formula_1\">"))
    }

    @Test func dashIndentsArePointsAfterAColon() throws {
        let instrument = try parse(Self.text)
        #expect(instrument.eIds.contains("art_3__para_2__indent_1"))
        #expect(instrument.text(of: "art_3__para_2__indent_2") == "entering any part of it,")
        #expect(AkomaNtosoWriter.write(instrument).contains("<indent eId=\"art_3__para_2__indent_1\">"))
        let paragraph = try #require(instrument.provision("art_3__para_2"))
        #expect(instrument.quote(paragraph.span).hasSuffix("where the entry is without right."))
        // A dash line that no colon announces stays text.
        #expect(!instrument.eIds.contains("art_3__para_3__indent_1"))
        #expect(instrument.text(of: "art_3__para_3")?.hasSuffix("- This line is a stray dash, not an indent.") == true)
    }

    @Test func unnumberedPreamblesStillCountByPosition() throws {
        let instrument = try parse(StyleTests.unStyle)
        #expect(instrument.eIds.contains("preamble__rec_3"))
        #expect(!instrument.eIds.contains { $0.contains("formula") })
    }

    @Test func roundTripsThroughAkomaNtoso() throws {
        for text in [Self.text, RomanReportHeadingTests.report, DecimalParagraphTests.text, NumberWordArticleTests.text] {
            let original = try parse(text)
            let back = try InstrumentReader.read(bytes: Array(AkomaNtosoWriter.write(original).utf8))
            #expect(back.eIds == original.eIds)
            #expect(back.provisions.map(\.num) == original.provisions.map(\.num))
            #expect(back.provisions.map(\.heading) == original.provisions.map(\.heading))
            #expect(back.provisions.map { back.quote($0.textSpan) } == original.provisions.map { original.quote($0.textSpan) })
        }
    }
}

@Suite struct ScheduleAndCodeTests {
    @Test func tableRowsInASchedulerAreNotSections() throws {
        let instrument = try parse("""
        DEVICE CRIMES ACT 2029

        PART 1
        OFFENCES

        1. Short title
        This Act may be cited as the Device Crimes Act 2029.

        2. Offence
        (1) A person who enters a device without right commits an offence.
        (2) The penalty is set out in the Schedule.

        SCHEDULE
        (section 2)
        PENALTIES

        Offence                      Maximum penalty
        Section 2(1)                 Fine of 1000 units
        Section 3                    Imprisonment for 2 years

        FORM 1
        APPLICATION FOR A WARRANT

        1. Name of applicant: ..................
        2. Device to be searched: ..................
        """)
        #expect(instrument.eIds == ["part_1", "sec_1", "sec_2", "sec_2__subsec_1", "sec_2__subsec_2", "sched_1"])
        let schedule = try #require(instrument.provision("sched_1"))
        #expect(instrument.quote(schedule.span).contains("Section 3                    Imprisonment for 2 years"))
    }

    @Test func usCodeItemsWithHeadingsAndFiveLevels() throws {
        let instrument = try parse("""
        § 2711. Access to stored records

        (a) In general.—A provider shall not disclose—
        (1) the contents of a communication, unless—
        (A) the disclosure is to the addressee; or
        (B) the disclosure is—
        (i) necessary to render the service; or
        (ii) required by—
        (I) a warrant; or
        (II) a court order.
        (2) a record of a customer.
        (b) Exceptions.—Subsection (a) does not apply to lawful process.
        (c) The provider may.—not a heading, since it has a verb.
        """)
        #expect(instrument.provision("sec_2711__subsec_a")?.heading == "In general")
        #expect(instrument.text(of: "sec_2711__subsec_a") == "A provider shall not disclose—")
        #expect(instrument.provision("sec_2711__subsec_b")?.heading == "Exceptions")
        #expect(instrument.provision("sec_2711__subsec_c")?.heading == nil)
        #expect(instrument.provision("sec_2711__subsec_a__para_1__subpara_B__cl_ii__subcl_II")?.kind == .subclause)
        #expect(instrument.eIds.contains("sec_2711__subsec_a__para_2"))
    }
}

@Suite struct TwoColumnTests {
    static let twoColumnPage: String = {
        let left = ["Article 1", "Scope", "This law covers every", "device in the territory", "and every network", "that carries data.",
                    "Article 2", "Offence", "A person who enters", "a device without right", "commits an offence."]
        let right = ["Article 3", "Penalty", "The penalty for an", "offence under article 2", "is a fine set by the", "court.",
                     "Article 4", "Entry into force", "This law comes into", "force on the day after", "publication."]
        return zip(left, right).map { $0.padding(toLength: 40, withPad: " ", startingAt: 0) + $1 }.joined(separator: "\n")
    }()

    @Test func pagesWithAColumnGapAreFound() {
        let oneColumn = String(repeating: "This law covers every device in the territory and every network.\n", count: 12)
        #expect(ColumnLayout.twoColumnPages(inLayoutText: oneColumn + "\u{0C}" + Self.twoColumnPage) == [2])
    }

    @Test func indentedMarginalNotesAndShortTablesAreNotColumns() {
        let page = """
                                        Illegal access
        12. (1) A person who enters the whole or any part of a device without right commits an offence.
        (2) A person who commits an offence under subsection (1) is liable on conviction to a fine.
        Offence                      Maximum penalty
        Section 2(1)                 Fine of 1000 units
        13. (1) A person who intercepts data without right commits an offence under this Act.
        (2) A person who commits an offence under subsection (1) is liable on conviction to a fine.
        (3) This section does not apply to a person acting in good faith for research.
        (4) This section does not apply to a person acting under a warrant issued by a judge.
        """
        #expect(ColumnLayout.twoColumnPages(inLayoutText: page).isEmpty)
    }

    @Test func twoColumnTextSavedFromLayoutModeIsReported() throws {
        let instrument = try parse("MODEL LAW ON DEVICES\n\nArticle 9\nFinal provision\n\nThis law is in two columns.\n\n" + Self.twoColumnPage + "\n")
        #expect(instrument.warningCodes().contains("two-column-layout"))
        let plain = try parse(StyleTests.unStyle)
        #expect(!plain.warningCodes().contains("two-column-layout"))
    }

    @Test func noStructureInTwoColumnTextNamesTheLayout() {
        do {
            _ = try parse("MODEL LAW ON DEVICES\n\n" + Self.twoColumnPage + "\n")
            Issue.record("expected a no-structure error")
        } catch let error as SafeguardError {
            #expect(error.kind == .noStructure)
            #expect(error.message.contains("two columns"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test(.enabled(if: PDFTextExtractor.toolPath() != nil))
    func aTwoColumnPDFIsReportedWithAWarning() throws {
        let lines = Self.twoColumnPage.split(separator: "\n").map(String.init)
        let instrument = try InstrumentReader.read(bytes: TinyPDF.make(pages: [lines]), source: "columns.pdf")
        #expect(instrument.warningCodes().contains("two-column-layout"))
    }
}

@Suite struct ItemHeadingTests {
    @Test func philippineStyleHeadingsWithSpacedDashes() throws {
        let instrument = try parse("""
        REPUBLIC ACT NO. 99001

        SEC. 4. Device Offenses. – The following acts constitute device offenses:
        (a) Offenses against devices:
        (1) Illegal Entry. – The entry into a device without right.
        (2) Illegal Capture. – The capture of data without right.
        (3) Mr. Smith - a trap: not a heading, since the period is not followed by a dash.

        SEC. 5. Penalties. – Any person found guilty shall be fined.
        """)
        #expect(instrument.provision("sec_4")?.heading == "Device Offenses")
        #expect(instrument.provision("sec_4__para_a__para_1")?.heading == "Illegal Entry")
        #expect(instrument.text(of: "sec_4__para_a__para_2") == "The capture of data without right.")
        #expect(instrument.provision("sec_4__para_a__para_3")?.heading == nil)
    }
}

@Suite struct UnmarkedDefinitionTests {
    static let text = """
    REGIONAL CONVENTION ON DIGITAL TRUST

    CHAPTER I: GENERAL PROVISIONS

    Article 1: Definitions

    For the purposes of this Convention:

    Device means any apparatus or group of apparatus that processes data automatically;

    Shared criminality means conduct punishable under the laws of both States concerned;

    Record holder means any person who keeps records for others, including any agent
    Provider means nothing here, since the line above runs on.

    Article 2: Scope

    This Convention applies to offences.

    Network means a definition outside a definitions article and is not read as one.
    """

    @Test func oneUnmarkedParagraphPerTermInADefinitionsArticle() throws {
        let instrument = try parse(Self.text)
        #expect(instrument.definitions.map(\.term) == ["Device", "Shared criminality", "Record holder"])
        #expect(instrument.definitions.allSatisfy { $0.eId == "art_1" })
        let device = try #require(instrument.definitions.first)
        #expect(instrument.quote(device.definitionSpan) == "any apparatus or group of apparatus that processes data automatically")
    }
}

@Suite struct TrailingMarginalNoteTests {
    static let text = """
    DEVICE CRIMES ACT 2029

    PART 3
    OFFENCES

    12. (1) A person who, intentionally and without lawful excuse, enters a device commits an offence.
    Illegal entry
    (2) A person who commits an offence under subsection (1) is liable on conviction to a fine.
    13. (1) A person who, intentionally and without lawful excuse, intercepts data commits an offence.
    (2) A person who commits an offence under subsection (1) is liable on conviction to a fine.
    Penalty for interception is a fine.
    (3) Nothing in this section applies to service providers.
    """

    @Test func aNoteAfterTheFirstLineIsTheSectionHeading() throws {
        let instrument = try parse(Self.text)
        #expect(instrument.provision("sec_12")?.heading == "Illegal entry")
        #expect(instrument.text(of: "sec_12__subsec_1")?.hasSuffix("commits an offence.") == true)
        #expect(instrument.eIds.contains("sec_12__subsec_2"))
    }

    @Test func aNoteGluedToTheEndOfTheSectionLine() throws {
        let instrument = try parse("""
        DEVICE CRIMES ACT 2029

        PART 3
        OFFENCES

        21. (1) A person who, without lawful excuse, intercepts data commits an offence.    Illegal interception
        (2) A person who commits an offence under subsection (1) is liable to a fine.
        22. (1) A person who sells an attack tool commits an offence and is liable to a fine of    500 units.
        (2) This section does not apply to testing.    It is lawful
        """)
        #expect(instrument.provision("sec_21")?.heading == "Illegal interception")
        #expect(instrument.text(of: "sec_21__subsec_1") == "A person who, without lawful excuse, intercepts data commits an offence.")
        #expect(instrument.provision("sec_22")?.heading == nil)
        #expect(instrument.text(of: "sec_22__subsec_1")?.hasSuffix("500 units.") == true)
        #expect(instrument.text(of: "sec_22__subsec_2")?.hasSuffix("It is lawful") == true)
    }

    @Test func aSentenceLaterInTheSectionIsNotANote() throws {
        let instrument = try parse(Self.text)
        #expect(instrument.provision("sec_13")?.heading == nil)
        #expect(instrument.text(of: "sec_13__subsec_2")?.hasSuffix("Penalty for interception is a fine.") == true)
    }
}

@Suite struct ClosingWordOpenerTests {
    static let text = """
    THE DEVICE SECURITY ACT, 2030

    CHAPTER XI
    OFFENCES

    66. Sending harmful messages by means of a device.–Any person who sends, by means of a device or a
    network operated by any provider,–
    (a) any record that is grossly harmful to another person and that the sender knows to be harmful,
    (b) any record that the sender knows to be false, for the purpose of causing annoyance to anyone,
    shall be punishable with imprisonment for a term which may extend to three years and with fine.
    67. Damage to devices.–Any person who, without permission of the owner of a device or network,–
    (a) alters data held in the device or network, or damages the device or the network or any part,
    with intent to cause loss to the owner; or
    (b) stops the device or network from working for the purposes for which its owner intended it,
    shall be liable to pay damages by way of compensation to the person so affected.
    68. Penalty.–Whoever breaks a rule made under this Act shall be fined.
    """

    @Test func closingWordsAfterAFullWidthLastPoint() throws {
        let instrument = try parse(Self.text)
        #expect(instrument.text(of: "sec_66__para_b")?.hasSuffix("annoyance to anyone,") == true)
        let section = try #require(instrument.provision("sec_66"))
        #expect(instrument.quote(section.span).hasSuffix("three years and with fine."))
        #expect(instrument.text(of: "sec_67__para_b")?.hasSuffix("its owner intended it,") == true)
    }

    @Test func anOpenerBeforeAnotherPointStaysInThePoint() throws {
        let instrument = try parse(Self.text)
        // "with intent …" is followed by point (b): it continues point (a).
        #expect(instrument.text(of: "sec_67__para_a")?.hasSuffix("with intent to cause loss to the owner; or") == true)
        #expect(instrument.eIds.contains("sec_67__para_b"))
        #expect(instrument.eIds.contains("sec_68"))
    }
}

@Suite struct NestingVariantTests {
    @Test func partsInsideChaptersWhenTheFirstPartOpensInAChapter() throws {
        let instrument = try parse("""
        DEVICE OFFENCES ACT 19 OF 2030

        CHAPTER 2
        DEVICE OFFENCES

        Part I
        Offences against devices

        Unlawful entry
        2. (1) Any person who unlawfully and intentionally enters a device is guilty of an offence.
        (2) For the purposes of this section a person enters a device when he or she uses data in it.

        Part II
        Penalties

        Sentences
        4. (1) A person convicted of an offence under section 2 is liable to a fine.

        CHAPTER 3
        POWERS

        5. Search
        A police official may search a device under a warrant.
        """)
        #expect(instrument.eIds == [
            "chp_2", "chp_2__part_1", "sec_2", "sec_2__subsec_1", "sec_2__subsec_2", "chp_2__part_2", "sec_4", "sec_4__subsec_1",
            "chp_3", "sec_5",
        ])
        #expect(instrument.provision("sec_2")?.heading == "Unlawful entry")
        #expect(instrument.provision("sec_5")?.parentEId == "chp_3")
    }

    @Test func partsAboveChaptersStayAbove() throws {
        let instrument = try parse("""
        MODEL CONVENTION

        PART ONE
        SUBSTANCE

        Chapter I
        Offences

        Article 1
        Illegal entry

        Each Party shall make illegal entry an offence.

        PART TWO
        COOPERATION

        Chapter II
        Assistance

        Article 2
        Mutual assistance

        The Parties shall assist one another.
        """)
        #expect(instrument.eIds == ["part_1", "part_1__chp_1", "art_1", "part_2", "part_2__chp_2", "art_2"])
    }

    @Test func bracketedArticlesOfANegotiationDraft() throws {
        let instrument = try parse("""
        DRAFT CONVENTION ON DEVICE SAFETY

        Article 6. Misuse of tools

        Each State Party shall establish as an offence the sale of attack tools.

        [Article 6 bis
        Possession of tools

        Each State Party may establish as an offence the possession of attack tools.]

        Article 7.—Jurisdiction

        Each State Party shall establish its jurisdiction over offences.
        [Article 8 of the Vienna text is moved to article 7.]
        """)
        #expect(instrument.eIds == ["art_6", "art_6_bis", "art_7"])
        #expect(instrument.provision("art_6_bis")?.heading == "Possession of tools")
        #expect(instrument.provision("art_6")?.heading == "Misuse of tools")
        #expect(instrument.text(of: "art_7")?.hasSuffix("is moved to article 7.]") == true)
    }
}

@Suite struct WrappedHeadingTests {
    @Test func capitalHeadingsWrappedOverTwoLinesAndParenthesisedHeadings() throws {
        let instrument = try parse("""
        MODEL CONVENTION

        ARTICLE 5
        DATA INTERFERENCE AND MISUSE OF
        DEVICES BY PUBLIC OFFICIALS

        Each Party shall make data interference an offence.

        Article 6 (Illegal interception)

        Each Party shall make illegal interception an offence.

        Article 7 (see also article 5) applies to interception by officials.
        """)
        #expect(instrument.eIds == ["art_5", "art_6"])
        #expect(instrument.provision("art_5")?.heading == "DATA INTERFERENCE AND MISUSE OF DEVICES BY PUBLIC OFFICIALS")
        #expect(instrument.text(of: "art_5") == "Each Party shall make data interference an offence.")
        #expect(instrument.provision("art_6")?.heading == "Illegal interception")
        #expect(instrument.text(of: "art_6")?.hasSuffix("applies to interception by officials.") == true)
    }

    @Test func inlineHeadingsWrappedOntoALowerCaseLine() throws {
        let instrument = try parse("""
        MODEL REGIONAL CONVENTION

        Chapter II – Measures to be taken at the national level

        Section 1 – Substantive criminal law

        Title 1 – Offences against the confidentiality, integrity and availability of device
        data and systems

        Article 2 – Illegal entry into the whole or any part of a
        device

        Each Party shall make illegal entry an offence.

        Article 3 – Illegal capture
        of data in transit is also covered by this article, which each Party applies.
        """)
        #expect(instrument.provision("chp_2__dvs_1__title_1")?.heading == "Offences against the confidentiality, integrity and availability of device data and systems")
        #expect(instrument.provision("art_2")?.heading == "Illegal entry into the whole or any part of a device")
        #expect(instrument.text(of: "art_2") == "Each Party shall make illegal entry an offence.")
        // A continuation that is a sentence (a verb, a final period) stays text.
        #expect(instrument.provision("art_3")?.heading == "Illegal capture")
        #expect(instrument.text(of: "art_3")?.hasPrefix("of data in transit") == true)
    }

    @Test func aCapitalMarginalNoteAfterAPartHeadingStaysTheSectionHeading() throws {
        let instrument = try parse("""
        THE DEVICE ACT 2031

        PART I
        PRELIMINARY
        SHORT TITLE
        1. This Act may be cited as the Device Act 2031.

        PART II
        OFFENCES
        UNLAWFUL ENTRY
        2. A person who enters a device without right commits an offence.
        """)
        #expect(instrument.provision("part_1")?.heading == "PRELIMINARY")
        #expect(instrument.provision("sec_1")?.heading == "SHORT TITLE")
        #expect(instrument.provision("sec_2")?.heading == "UNLAWFUL ENTRY")
    }
}

@Suite struct InlineSentenceArticleTests {
    @Test func translatedCodeArticlesWithTheTextAfterTheNumber() throws {
        let instrument = try parse("""
        CRIMINAL LAW (EXTRACT)

        Article 285 Whoever, in breach of the rules of the State, enters a device holding data on state affairs shall be sentenced to imprisonment of not more than three years.

        Article 286 Whoever deletes or alters the functions of a device shall be punished.

        Article 287 Definitions

        In this Law, "device" means any apparatus.
        """)
        #expect(instrument.eIds == ["art_285", "art_286", "art_287"])
        #expect(instrument.text(of: "art_285")?.hasPrefix("Whoever, in breach of the rules") == true)
        #expect(instrument.provision("art_285")?.heading == nil)
        #expect(instrument.provision("art_287")?.heading == "Definitions")
    }

    @Test func aReferenceStartingAWrappedLineWithACapitalIsNotAnArticle() throws {
        let instrument = try parse("""
        MODEL CONVENTION

        Article 1
        Scope

        This Convention applies to the offences set out in
        Article 12 The Parties shall apply it also to attempts made from their territory.

        Article 2
        Jurisdiction

        Each Party shall establish jurisdiction.
        """)
        #expect(instrument.eIds == ["art_1", "art_2"])
        #expect(instrument.text(of: "art_1")?.contains("Article 12 The Parties shall apply it") == true)
    }
}

@Suite struct FirstMarginalNoteTests {
    @Test func theFirstSectionsMarginalNoteIsItsHeading() throws {
        let instrument = try parse("""
        CRIMINAL CODE (EXTRACT)

        Unauthorized use of device
        342.1 (1) Everyone is guilty of an offence who, fraudulently and without colour of right,
        (a) obtains any device service; or
        (b) intercepts any function of a device.
        (2) In this section, data means representations of information.

        Interception
        342.2 (1) Everyone who makes an interception tool is guilty of an offence.
        """)
        #expect(instrument.eIds.first == "sec_342_1")
        #expect(instrument.provision("sec_342_1")?.heading == "Unauthorized use of device")
        #expect(instrument.provision("sec_342_2")?.heading == "Interception")
        #expect(instrument.metadata.title == "CRIMINAL CODE (EXTRACT)")
    }

    @Test func aTitleOrLongTitleRightBeforeTheFirstSectionIsNot() throws {
        let single = try parse("""
        THE DEVICE ACT 2031
        1. Short title
        This Act may be cited as the Device Act 2031.
        2. Offence
        A person who enters a device without right commits an offence.
        """)
        #expect(single.provision("sec_1")?.heading == "Short title")
        #expect(single.metadata.title == "THE DEVICE ACT 2031")
        let longTitle = try parse("""
        THE DEVICE ACT 2031
        An Act to punish misuse
        1. Short title
        This Act may be cited as the Device Act 2031.
        """)
        #expect(longTitle.provision("sec_1")?.heading == "Short title")
        #expect(longTitle.eIds.first == "preamble")
    }
}

@Suite struct ProvisoTests {
    static let text = """
    THE PREVENTION OF DEVICE CRIMES ACT, 2031

    CHAPTER II
    OFFENCES

    3. Unauthorized access to information.—(1) Whoever with dishonest intention gains access to any device shall be punished with imprisonment which may extend to three months.

    Provided that nothing in this sub-section applies to a person acting under a lawful warrant:

    Provided further that the court may reduce the sentence for a first offence.

    (2) Whoever copies data without authorization shall be punished with fine.

    Explanation.—For the purposes of this section, "data" includes any stored record.

    4. Interference with devices.—Whoever interferes with any device shall be punished with fine.
    """

    @Test func provisosAndExplanationsAreTextOfTheirProvision() throws {
        let instrument = try parse(Self.text)
        #expect(instrument.eIds == ["chp_2", "sec_3", "sec_3__subsec_1", "sec_3__subsec_2", "sec_4"])
        let first = instrument.text(of: "sec_3__subsec_1") ?? ""
        #expect(first.contains("Provided that nothing in this sub-section applies"))
        #expect(first.hasSuffix("for a first offence."))
        #expect(instrument.text(of: "sec_3__subsec_2")?.hasSuffix("includes any stored record.") == true)
        #expect(instrument.provision("sec_3")?.heading == "Unauthorized access to information")
        #expect(instrument.definitions.first?.eId == "sec_3__subsec_2")
    }
}

@Suite struct WordyRunningHeaderTests {
    static var text: String {
        var parts = ["THE DEVICE CRIMES ACT 2029\n\nPART 1\nOFFENCES\n"]
        for n in 1...12 {
            parts.append("\n\(n). Offence number \(n)\n(1) A person who does act \(n) without right commits an offence.\n(2) A person guilty of an offence under subsection (1) is liable to a fine.\nForfeiture\n(3) The court may order forfeiture.\n")
            if n % 3 == 0 { parts.append("\nDevice Crimes Act 2029 \(n / 3)\n") }
        }
        parts.append("\nSCHEDULE\nFEES\n\nFee 1 unit\nFee 2 units\nFee 3 units\n")
        for form in 1...3 {
            parts.append("\nFORM \(form)\n" + (1...10).map { "Line \($0) of the form for applicants to fill in" }.joined(separator: "\n") + "\n")
        }
        return parts.joined()
    }

    @Test func repeatedHeadersWithWordsAndPageNumbersAreRemoved() throws {
        let instrument = try parse(Self.text)
        #expect(instrument.warningCodes().contains("repeated-lines-removed"))
        #expect(instrument.text(of: "sec_3__subsec_3") == "The court may order forfeiture.")
        for provision in instrument.provisions where provision.childIndices.isEmpty {
            #expect(!instrument.quote(provision.textSpan).contains("Device Crimes Act 2029"))
        }
    }

    @Test func repeatedNotesWithoutNumbersAndCloseRowsStay() throws {
        let instrument = try parse(Self.text)
        #expect(instrument.text(of: "sec_5__subsec_2")?.hasSuffix("Forfeiture") == true)
        let schedule = try #require(instrument.provision("sched_1"))
        #expect(instrument.quote(schedule.textSpan).contains("Fee 2 units"))
        #expect(instrument.quote(schedule.textSpan).contains("FORM 3\nLine 1 of the form"))
    }
}

@Suite struct NumberedContainerHeadingTests {
    @Test func partsNumberedInDigitsAreNotRunningHeaders() throws {
        let instrument = try parse("""
        THE DEVICE ACT 2031

        PART 1
        PRELIMINARY

        1. Short title
        This Act may be cited as the Device Act.

        PART 2
        OFFENCES

        2. Offence
        A person who enters a device commits an offence.

        PART 3
        PENALTIES

        3. Fine
        The fine is 5 units.

        SCHEDULE
        FORM 1
        Name of applicant
        FORM 2
        Name of witness
        FORM 3
        Name of judge
        """)
        #expect(instrument.eIds == ["part_1", "sec_1", "part_2", "sec_2", "part_3", "sec_3", "sched_1"])
        #expect(!instrument.warningCodes().contains("page-furniture-removed"))
        let schedule = try #require(instrument.provision("sched_1"))
        #expect(instrument.quote(schedule.span).contains("FORM 3\nName of judge"))
    }

    @Test func paragraphNumbersAloneOnTheirLinesAreNotRunningHeaders() throws {
        let text = "MODEL CONVENTION\n\nArticle 1\nScope\n\n1.\nThis Convention applies to devices.\n\n2.\nIt applies to networks.\n\n3.\nIt applies to data.\n\nArticle 2\nTerms\n\n1.\nTerms are defined here.\n"
        let instrument = try parse(text)
        #expect(instrument.eIds == ["art_1", "art_1__para_1", "art_1__para_2", "art_1__para_3", "art_2", "art_2__para_1"])
        #expect(instrument.text(of: "art_1__para_2") == "It applies to networks.")
        // The same with a page break before each paragraph: the numbers sit at page tops.
        let paged = try parse(text.replacingOccurrences(of: "\n\n1.", with: "\n\u{0C}1.").replacingOccurrences(of: "\n\n2.", with: "\n\u{0C}2.")
            .replacingOccurrences(of: "\n\n3.", with: "\n\u{0C}3."))
        #expect(paged.eIds == instrument.eIds)
    }

    @Test func documentSymbolsAreStillRunningHeaders() throws {
        let instrument = try parse("""
        DRAFT CONVENTION
        A/AC.999/L.1
        Article 1
        Scope
        This Convention applies to devices.
        A/AC.999/L.1
        Article 2
        Terms
        The terms are defined here.
        A/AC.999/L.1
        Article 3
        Entry into force
        This Convention enters into force on signature.
        """)
        #expect(instrument.eIds == ["art_1", "art_2", "art_3"])
        #expect(instrument.text(of: "art_1") == "This Convention applies to devices.")
    }
}

@Suite struct HTMLOrderedListTests {
    @Test func orderedListNumbersAreRebuilt() throws {
        let html = """
        <html><body><h1>Model Law on Devices</h1>
        <h2>Article 1</h2><h3>Scope</h3>
        <ol><li>This law applies to devices.</li><li>It applies to:<ol type="a"><li>public networks;</li><li>private networks.</li></ol></li></ol>
        <h2>Article 2</h2><h3>Offence</h3>
        <ol start="1"><li>2020 rules apply to devices made after that year.</li><li>Older devices are exempt.</li></ol>
        <h2>Article 3</h2><h3>Penalty</h3>
        <ol style="list-style:none"><li>(1) A person who enters a device commits an offence.</li><li>(2) The penalty is a fine.</li></ol>
        <ul><li>A bullet stays without a number.</li></ul>
        </body></html>
        """
        let instrument = try InstrumentReader.read(bytes: Array(html.utf8), source: "law.html")
        #expect(instrument.eIds == [
            "art_1", "art_1__para_1", "art_1__para_2", "art_1__para_2__point_a", "art_1__para_2__point_b",
            "art_2", "art_2__para_1", "art_2__para_2", "art_3", "art_3__para_1", "art_3__para_2",
        ])
        #expect(instrument.provision("art_1__para_2__point_b")?.num == "(b)")
        #expect(instrument.text(of: "art_2__para_1")?.hasPrefix("2020 rules") == true)
        #expect(instrument.provision("art_3__para_1")?.num == "(1)")
        #expect(instrument.text(of: "art_3__para_2")?.hasPrefix("The penalty is a fine.") == true)
    }
}

@Suite struct StylesThroughPDFAndDOCXTests {
    /// PDF text loses blank lines: the same fixture read from a PDF must give the same provisions.
    @Test(.enabled(if: PDFTextExtractor.toolPath() != nil), arguments: ["eu", "au", "franco", "number-words", "amending", "report", "decimal", "proviso", "notes", "closing"])
    func sameTreeFromPDF(style: String) throws {
        let original = switch style {
        case "eu": EUStyleTests.text
        case "au": NumberedSubheadingTests.text
        case "franco": FrancophoneArticleTests.text
        case "number-words": NumberWordArticleTests.text
        case "report": RomanReportHeadingTests.report
        case "decimal": DecimalParagraphTests.text
        case "proviso": ProvisoTests.text
        case "notes": TrailingMarginalNoteTests.text
        case "closing": ClosingWordOpenerTests.text
        default: AmendingActTests.text
        }
        // The tiny PDF writer uses Helvetica's standard encoding: keep to ASCII (dashes and curly quotes would be
        // dropped by the font, not by Safeguard).
        let text = original.replacingOccurrences(of: "—", with: "-").replacingOccurrences(of: "–", with: "-")
            .replacingOccurrences(of: "“", with: "\"").replacingOccurrences(of: "”", with: "\"")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Long lines would run off the page: wrap them at 90 characters like a printed page.
        var wrapped: [String] = []
        for line in lines {
            var rest = Substring(line)
            while rest.count > 90, let space = rest.prefix(90).lastIndex(of: " ") {
                wrapped.append(String(rest[..<space]))
                rest = rest[rest.index(after: space)...]
            }
            wrapped.append(String(rest))
        }
        let pages = stride(from: 0, to: wrapped.count, by: 50).map { Array(wrapped[$0..<min($0 + 50, wrapped.count)]) }
        let fromText = try parse(text)
        let fromPDF = try InstrumentReader.read(bytes: TinyPDF.make(pages: pages), source: "\(style).pdf")
        #expect(fromPDF.eIds == fromText.eIds)
        #expect(fromPDF.provisions.map(\.heading) == fromText.provisions.map(\.heading))
    }

    /// The same fixtures as Word documents: one paragraph per non-blank line, no blank paragraphs.
    @Test(arguments: ["eu", "au", "franco", "number-words", "amending", "report", "decimal", "proviso", "notes", "closing"])
    func sameTreeFromDOCX(style: String) throws {
        let text = switch style {
        case "eu": EUStyleTests.text
        case "au": NumberedSubheadingTests.text
        case "franco": FrancophoneArticleTests.text
        case "number-words": NumberWordArticleTests.text
        case "report": RomanReportHeadingTests.report
        case "decimal": DecimalParagraphTests.text
        case "proviso": ProvisoTests.text
        case "notes": TrailingMarginalNoteTests.text
        case "closing": ClosingWordOpenerTests.text
        default: AmendingActTests.text
        }
        let body = text.split(separator: "\n").map { "<w:p><w:r><w:t xml:space=\"preserve\">\(AkomaNtosoWriter.escape(String($0)))</w:t></w:r></w:p>" }.joined()
        let document = "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\(body)</w:body></w:document>"
        let archive = try Archive(data: Data(), accessMode: .create)
        try DOCXNumberingTests.entry(archive, "word/document.xml", document)
        let fromDOCX = try InstrumentReader.read(bytes: [UInt8](archive.data ?? Data()), source: "\(style).docx")
        let fromText = try parse(text)
        #expect(fromDOCX.eIds == fromText.eIds)
        #expect(fromDOCX.provisions.map(\.heading) == fromText.provisions.map(\.heading))
    }
}

@Suite struct WrappedSectionTitleTests {
    static let text = """
    THE DEVICE SECURITY ACT, 2030

    69. Power to issue directions for interception or monitoring or decryption of any
    information through any device.—(1) Where the Government is satisfied that it is necessary, it may direct
    any agency to intercept any information held in any device.
    (2) The procedure and safeguards for such interception shall be such as may be prescribed.
    70. Protected systems.—The Government may declare any device to be a protected system.
    71. Penalty for a person who enters a protected system without
    authority of the Government and remains there for any purpose shall be punished with fine.
    """

    @Test func aTitleWrappedBeforeTheDashIsTheHeading() throws {
        let instrument = try parse(Self.text)
        #expect(instrument.provision("sec_69")?.heading == "Power to issue directions for interception or monitoring or decryption of any information through any device")
        #expect(instrument.text(of: "sec_69__subsec_1")?.hasPrefix("Where the Government is satisfied") == true)
        #expect(instrument.eIds == ["sec_69", "sec_69__subsec_1", "sec_69__subsec_2", "sec_70", "sec_71"])
    }

    @Test func aSentenceWrappedWithoutADashIsText() throws {
        let instrument = try parse(Self.text)
        #expect(instrument.provision("sec_71")?.heading == nil)
        #expect(instrument.text(of: "sec_71")?.hasSuffix("shall be punished with fine.") == true)
    }
}

@Suite struct ClosingWordsTrapTests {
    @Test func aSubsectionWrappedBeforeIsLiableIsOneSentence() throws {
        let instrument = try parse("""
        THE DEVICE ACT 2031

        PART 3
        POWERS

        24. Notices
        (1) The Commissioner may serve a notice on any provider requiring it to keep the data named in the notice.
        (2) A notice under subsection (1) must state the period for which the data must be kept by the provider.
        (3) A person who fails to comply with a notice under this section commits an offence and
        is liable on conviction to a fine not exceeding five hundred thousand dollars in total.
        25. Appeals
        (1) A provider may appeal against a notice to the High Court within twenty-eight days of service.
        """)
        #expect(instrument.text(of: "sec_24__subsec_3")?.hasSuffix("five hundred thousand dollars in total.") == true)
    }

    @Test func closingWordsKeepTheirReferences() throws {
        let instrument = try parse("""
        § 1030. Fraud and related activity in connection with devices

        (a) Whoever—
        (1) knowingly accesses a device without authorization; or
        (2) intentionally damages a device without authorization,

        shall be punished as provided in subsection (c) of this section.
        (b) Whoever attempts an offense under subsection (a) shall be punished as provided in subsection (c).
        (c) The punishment is a fine.
        """)
        #expect(instrument.text(of: "sec_1030__subsec_a__para_2") == "intentionally damages a device without authorization,")
        let closing = instrument.references.filter { $0.sourceEId == "sec_1030__subsec_a" }
        #expect(closing.map(\.targets) == [["sec_1030__subsec_c"]])
        // Document order is kept.
        let starts = instrument.references.map(\.span.start)
        #expect(starts == starts.sorted())
    }
}

@Suite struct RightAlignedFooterTests {
    @Test func footersWithRightAlignedPageNumbersAreRemoved() throws {
        let topics = ["scope", "terms", "entry", "capture", "damage", "misuse", "fraud", "forgery", "records", "custody",
                      "transfer", "review", "access", "seizure", "storage", "disclosure", "assistance", "training", "reports", "signature"]
        var pages: [String] = []
        // Footers on ten of twenty pages (as when odd and even pages differ), the page number right-aligned, so
        // "3/20" and "12/20" are preceded by different runs of spaces.
        let footed: Set<Int> = [2, 3, 5, 6, 8, 11, 12, 14, 15, 17]
        for page in 1...20 {
            let number = "\(page)/20"
            let footer = footed.contains(page) ? "V.31-00042" + String(repeating: " ", count: 70 - number.count) + number + "\n" : ""
            let topic = topics[page - 1]
            pages.append("Article \(page)\nOn \(topic)\n\nEach Party shall act on \(topic) without delay.\n\n\(footer)")
        }
        let instrument = try parse("DRAFT CONVENTION\n\n" + pages.joined(separator: "\u{0C}"))
        #expect(instrument.unitIndices.count == 20)
        for provision in instrument.provisions {
            #expect(!instrument.quote(provision.textSpan).contains("V.31-00042"), "footer left in \(provision.eId)")
        }
        #expect(instrument.text(of: "art_10") == "Each Party shall act on custody without delay.")
    }

    @Test func theRevisedExampleHasNoFooterInAnyProvision() throws {
        let instrument = try InstrumentReader.read(contentsOf: Fixture.examples.appendingPathComponent("model-convention-rev2.txt"))
        for provision in instrument.provisions {
            #expect(!instrument.quote(provision.textSpan).contains("V.26-05678"), "footer left in \(provision.eId)")
        }
    }
}

@Suite struct AkomaNtosoWrapUpTests {
    @Test func closingWordsSurviveTheRoundTripAsWrapUp() throws {
        let original = try parse(UnwrappedTextTests.singleNewlines)
        let xml = AkomaNtosoWriter.write(original)
        #expect(xml.contains("<wrapUp><p>with intent to obtain data.</p></wrapUp>"))
        let back = try InstrumentReader.read(bytes: Array(xml.utf8))
        #expect(back.eIds == original.eIds)
        let paragraph = try #require(back.provision("art_2__para_1"))
        #expect(back.quote(paragraph.span).hasSuffix("with intent to obtain data."))
        #expect(back.text(of: "art_2__para_1__point_b") == "remains in a network,")
        // The next paragraph starts after the wrap-up.
        let next = try #require(back.provision("art_2__para_2"))
        #expect(next.span.start >= paragraph.span.end)
    }
}
