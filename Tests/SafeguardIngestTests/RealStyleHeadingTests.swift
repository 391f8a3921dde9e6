@testable import SafeguardIngest
import SafeguardModel
import SafeguardTestSupport
import Testing
import ZIPFoundation
import Foundation

// Drafting styles of real instruments, continued (RealStyleTests.swift): wrapped and inline headings,
// running headers, HTML lists, PDF and DOCX inputs. Every fixture is our own wording.

@Suite struct WrappedHeadingTests {
    @Test func capitalHeadingsWrappedOverTwoLinesAndParenthesisedHeadings() throws {
        let instrument = try parse(
            """
            MODEL CONVENTION

            ARTICLE 5
            DATA INTERFERENCE AND MISUSE OF
            DEVICES BY PUBLIC OFFICIALS

            Each Party shall make data interference an offence.

            Article 6 (Illegal interception)

            Each Party shall make illegal interception an offence.

            Article 7 (see also article 5) applies to interception by officials.
            """)
        assertOutlineGolden(instrument, named: "WrappedHeadingTests.capitalHeadingsWrappedOverTwoLinesAndParenthesisedHeadings")
        #expect(instrument.provision("art_5")?.heading == "DATA INTERFERENCE AND MISUSE OF DEVICES BY PUBLIC OFFICIALS")
        #expect(instrument.text(of: "art_5") == "Each Party shall make data interference an offence.")
        #expect(instrument.provision("art_6")?.heading == "Illegal interception")
        #expect(instrument.text(of: "art_6")?.hasSuffix("applies to interception by officials.") == true)
    }

    @Test func inlineHeadingsWrappedOntoALowerCaseLine() throws {
        let instrument = try parse(
            """
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
        #expect(
            instrument.provision("chp_2__dvs_1__title_1")?.heading
                == "Offences against the confidentiality, integrity and availability of device data and systems")
        #expect(instrument.provision("art_2")?.heading == "Illegal entry into the whole or any part of a device")
        #expect(instrument.text(of: "art_2") == "Each Party shall make illegal entry an offence.")
        // A continuation that is a sentence (a verb, a final period) stays text.
        #expect(instrument.provision("art_3")?.heading == "Illegal capture")
        #expect(instrument.text(of: "art_3")?.hasPrefix("of data in transit") == true)
    }

    @Test func aCapitalMarginalNoteAfterAPartHeadingStaysTheSectionHeading() throws {
        let instrument = try parse(
            """
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
        let instrument = try parse(
            """
            CRIMINAL LAW (EXTRACT)

            Article 285 Whoever, in breach of the rules of the State, enters a device holding data on state affairs shall be sentenced to \
            imprisonment of not more than three years.

            Article 286 Whoever deletes or alters the functions of a device shall be punished.

            Article 287 Definitions

            In this Law, "device" means any apparatus.
            """)
        assertOutlineGolden(instrument, named: "InlineSentenceArticleTests.translatedCodeArticlesWithTheTextAfterTheNumber")
        #expect(instrument.text(of: "art_285")?.hasPrefix("Whoever, in breach of the rules") == true)
        #expect(instrument.provision("art_285")?.heading == nil)
        #expect(instrument.provision("art_287")?.heading == "Definitions")
    }

    @Test func aReferenceStartingAWrappedLineWithACapitalIsNotAnArticle() throws {
        let instrument = try parse(
            """
            MODEL CONVENTION

            Article 1
            Scope

            This Convention applies to the offences set out in
            Article 12 The Parties shall apply it also to attempts made from their territory.

            Article 2
            Jurisdiction

            Each Party shall establish jurisdiction.
            """)
        assertOutlineGolden(instrument, named: "InlineSentenceArticleTests.aReferenceStartingAWrappedLineWithACapitalIsNotAnArticle")
        #expect(instrument.text(of: "art_1")?.contains("Article 12 The Parties shall apply it") == true)
    }
}

@Suite struct FirstMarginalNoteTests {
    @Test func theFirstSectionsMarginalNoteIsItsHeading() throws {
        let instrument = try parse(
            """
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
        let single = try parse(
            """
            THE DEVICE ACT 2031
            1. Short title
            This Act may be cited as the Device Act 2031.
            2. Offence
            A person who enters a device without right commits an offence.
            """)
        #expect(single.provision("sec_1")?.heading == "Short title")
        #expect(single.metadata.title == "THE DEVICE ACT 2031")
        let longTitle = try parse(
            """
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

        3. Unauthorized access to information.—(1) Whoever with dishonest intention gains access to any device shall be punished with \
        imprisonment which may extend to three months.

        Provided that nothing in this sub-section applies to a person acting under a lawful warrant:

        Provided further that the court may reduce the sentence for a first offence.

        (2) Whoever copies data without authorization shall be punished with fine.

        Explanation.—For the purposes of this section, "data" includes any stored record.

        4. Interference with devices.—Whoever interferes with any device shall be punished with fine.
        """

    @Test func provisosAndExplanationsAreTextOfTheirProvision() throws {
        let instrument = try parse(Self.text)
        assertOutlineGolden(instrument, named: "ProvisoTests.provisosAndExplanationsAreTextOfTheirProvision")
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
            parts.append(
                "\n\(n). Offence number \(n)\n(1) A person who does act \(n) without right commits an offence.\n(2) A person guilty of an "
                    + "offence under subsection (1) is liable to a fine.\nForfeiture\n(3) The court may order forfeiture.\n"
            )
            if n % 3 == 0 { parts.append("\nDevice Crimes Act 2029 \(n / 3)\n") }
        }
        parts.append("\nSCHEDULE\nFEES\n\nFee 1 unit\nFee 2 units\nFee 3 units\n")
        for form in 1...3 {
            parts.append(
                "\nFORM \(form)\n" + (1...10).map { "Line \($0) of the form for applicants to fill in" }.joined(separator: "\n") + "\n")
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
        let instrument = try parse(
            """
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
        assertOutlineGolden(instrument, named: "NumberedContainerHeadingTests.partsNumberedInDigitsAreNotRunningHeaders")
        #expect(!instrument.warningCodes().contains("page-furniture-removed"))
        let schedule = try #require(instrument.provision("sched_1"))
        #expect(instrument.quote(schedule.span).contains("FORM 3\nName of judge"))
    }

    @Test func paragraphNumbersAloneOnTheirLinesAreNotRunningHeaders() throws {
        let text =
            "MODEL CONVENTION\n\nArticle 1\nScope\n\n1.\nThis Convention applies to devices.\n\n2.\nIt applies to networks.\n\n3.\nIt "
                + "applies to data.\n\nArticle 2\nTerms\n\n1.\nTerms are defined here.\n"
        let instrument = try parse(text)
        assertOutlineGolden(instrument, named: "NumberedContainerHeadingTests.paragraphNumbersAloneOnTheirLinesAreNotRunningHeaders")
        #expect(instrument.text(of: "art_1__para_2") == "It applies to networks.")
        // The same with a page break before each paragraph: the numbers sit at page tops.
        let paged = try parse(
            text.replacingOccurrences(of: "\n\n1.", with: "\n\u{0C}1.").replacingOccurrences(of: "\n\n2.", with: "\n\u{0C}2.")
                .replacingOccurrences(of: "\n\n3.", with: "\n\u{0C}3."))
        #expect(paged.eIds == instrument.eIds)
    }

    @Test func documentSymbolsAreStillRunningHeaders() throws {
        let instrument = try parse(
            """
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
        assertOutlineGolden(instrument, named: "NumberedContainerHeadingTests.documentSymbolsAreStillRunningHeaders")
        #expect(instrument.text(of: "art_1") == "This Convention applies to devices.")
    }
}

@Suite struct HTMLOrderedListTests {
    @Test func orderedListNumbersAreRebuilt() throws {
        let html = """
            <html><body><h1>Model Law on Devices</h1>
            <h2>Article 1</h2><h3>Scope</h3>
            <ol><li>This law applies to devices.</li><li>It applies to:<ol type="a"><li>public networks;</li><li>private \
            networks.</li></ol></li></ol>
            <h2>Article 2</h2><h3>Offence</h3>
            <ol start="1"><li>2020 rules apply to devices made after that year.</li><li>Older devices are exempt.</li></ol>
            <h2>Article 3</h2><h3>Penalty</h3>
            <ol style="list-style:none"><li>(1) A person who enters a device commits an offence.</li><li>(2) The penalty is a \
            fine.</li></ol>
            <ul><li>A bullet stays without a number.</li></ul>
            </body></html>
            """
        let instrument = try InstrumentReader.read(bytes: Array(html.utf8), source: "law.html")
        assertOutlineGolden(instrument, named: "HTMLOrderedListTests.orderedListNumbersAreRebuilt")
        #expect(instrument.provision("art_1__para_2__point_b")?.num == "(b)")
        #expect(instrument.text(of: "art_2__para_1")?.hasPrefix("2020 rules") == true)
        #expect(instrument.provision("art_3__para_1")?.num == "(1)")
        #expect(instrument.text(of: "art_3__para_2")?.hasPrefix("The penalty is a fine.") == true)
    }
}

@Suite struct StylesThroughPDFAndDOCXTests {
    /// PDF text loses blank lines: the same fixture read from a PDF must give the same provisions.
    @Test(
        .enabled(if: PDFTextExtractor.toolPath() != nil),
        arguments: ["eu", "au", "franco", "number-words", "amending", "report", "decimal", "proviso", "notes", "closing"])
    func sameTreeFromPDF(style: String) throws {
        let original =
            switch style {
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
        let text =
            switch style {
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
        let body = text.split(separator: "\n").map {
            "<w:p><w:r><w:t xml:space=\"preserve\">\(AkomaNtosoWriter.escape(String($0)))</w:t></w:r></w:p>"
        }.joined()
        let document =
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
                + "\(body)</w:body></w:document>"
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
        #expect(
            instrument.provision("sec_69")?.heading
                == "Power to issue directions for interception or monitoring or decryption of any information through any device")
        #expect(instrument.text(of: "sec_69__subsec_1")?.hasPrefix("Where the Government is satisfied") == true)
        assertOutlineGolden(instrument, named: "WrappedSectionTitleTests.aTitleWrappedBeforeTheDashIsTheHeading")
    }

    @Test func aSentenceWrappedWithoutADashIsText() throws {
        let instrument = try parse(Self.text)
        #expect(instrument.provision("sec_71")?.heading == nil)
        #expect(instrument.text(of: "sec_71")?.hasSuffix("shall be punished with fine.") == true)
    }
}

@Suite struct ClosingWordsTrapTests {
    @Test func aSubsectionWrappedBeforeIsLiableIsOneSentence() throws {
        let instrument = try parse(
            """
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
        let instrument = try parse(
            """
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
        let topics = [
            "scope", "terms", "entry", "capture", "damage", "misuse", "fraud", "forgery", "records", "custody",
            "transfer", "review", "access", "seizure", "storage", "disclosure", "assistance", "training", "reports", "signature",
        ]
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
