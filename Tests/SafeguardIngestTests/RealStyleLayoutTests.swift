@testable import SafeguardIngest
import SafeguardModel
import SafeguardTestSupport
import Testing
import ZIPFoundation
import Foundation

// Drafting styles of real instruments, continued (RealStyleTests.swift): EU acts, schedules and codes,
// two-column pages, marginal notes, closing words and nesting. Every fixture is our own wording.

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

        1. Member States shall take the necessary measures to ensure that entering a device without right is punishable as a criminal \
        offence, at least where:
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
        let instrument = try parse(
            """
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
        let instrument = try parse(
            """
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
        assertOutlineGolden(instrument, named: "ScheduleAndCodeTests.tableRowsInASchedulerAreNotSections")
        let schedule = try #require(instrument.provision("sched_1"))
        #expect(instrument.quote(schedule.span).contains("Section 3                    Imprisonment for 2 years"))
    }

    @Test func usCodeItemsWithHeadingsAndFiveLevels() throws {
        let instrument = try parse(
            """
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
        let left = [
            "Article 1", "Scope", "This law covers every", "device in the territory", "and every network", "that carries data.",
            "Article 2", "Offence", "A person who enters", "a device without right", "commits an offence.",
        ]
        let right = [
            "Article 3", "Penalty", "The penalty for an", "offence under article 2", "is a fine set by the", "court.",
            "Article 4", "Entry into force", "This law comes into", "force on the day after", "publication.",
        ]
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
        let instrument = try parse(
            "MODEL LAW ON DEVICES\n\nArticle 9\nFinal provision\n\nThis law is in two columns.\n\n" + Self.twoColumnPage + "\n")
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
        let instrument = try parse(
            """
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
        let instrument = try parse(
            """
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
        let instrument = try parse(
            """
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
        assertOutlineGolden(instrument, named: "NestingVariantTests.partsInsideChaptersWhenTheFirstPartOpensInAChapter")
        #expect(instrument.provision("sec_2")?.heading == "Unlawful entry")
        #expect(instrument.provision("sec_5")?.parentEId == "chp_3")
    }

    @Test func partsAboveChaptersStayAbove() throws {
        let instrument = try parse(
            """
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
        assertOutlineGolden(instrument, named: "NestingVariantTests.partsAboveChaptersStayAbove")
    }

    @Test func bracketedArticlesOfANegotiationDraft() throws {
        let instrument = try parse(
            """
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
        assertOutlineGolden(instrument, named: "NestingVariantTests.bracketedArticlesOfANegotiationDraft")
        #expect(instrument.provision("art_6_bis")?.heading == "Possession of tools")
        #expect(instrument.provision("art_6")?.heading == "Misuse of tools")
        #expect(instrument.text(of: "art_7")?.hasSuffix("is moved to article 7.]") == true)
    }
}
