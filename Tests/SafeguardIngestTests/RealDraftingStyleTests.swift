@testable import SafeguardIngest
import SafeguardModel
import SafeguardTestSupport
import Testing

// Drafting that real texts use and the parser misread (issue 10, item 1). Every text is our own wording, in the
// layout of the genre: dashes lost to an encoding error upstream, act extracts numbered without periods,
// repealed sections, and the issuing body named beside other bodies' instruments.

@Suite struct RealDraftingStyleTests {
    /// "Section 2. Title. \u{FFFD} Text": a dash lost upstream still separates the heading from the text, and
    /// sections whose text sits on the heading line are not taken for a table of contents.
    @Test func aLostDashStillSeparatesTheHeading() throws {
        let text = """
            REPUBLIC ACT NO. 77

            Section 1. Short Title. \u{FFFD} This Act shall be known as the Model Networks Act.

            Section 2. Declaration of Policy. \u{FFFD} The State recognises the role of networks in the economy.

            Section 3. Preservation. \u{FFFD} Providers shall keep traffic data for six months.

            Section 4. Disclosure. \u{FFFD} Authorities may order the disclosure of data upon a court warrant.

            Section 5. Destruction. \u{FFFD} Data shall be destroyed when no longer needed.
            """
        let instrument = try parse(text)
        #expect(instrument.provisions.filter { $0.kind == .section }.count == 5)
        #expect(instrument.provision("sec_2")?.heading == "Declaration of Policy")
        #expect(instrument.text(of: "sec_3") == "Providers shall keep traffic data for six months.")
        #expect(!instrument.warningCodes().contains("table-of-contents"))
        // The trap: a replacement character inside a word is no dash ("the nation\u{FFFD}s economy").
        let inWord = try parse("Example Act 2026\n\nSection 1. Purposes. \u{FFFD} The nation\u{FFFD}s networks are protected.\n")
        #expect(inWord.text(of: "sec_1") == "The nation\u{FFFD}s networks are protected.")
    }

    /// New Zealand and Australian extracts: "248 Interpretation" starts wherever the act's numbering does.
    @Test func anExtractNumberedWithoutPeriodsParses() throws {
        let text = """
            Crimes Amendment Act 2026

            248 Interpretation
            (1) In this section and sections 249 to 250, access means to instruct or communicate with a computer.

            249 Accessing computer system for dishonest purpose
            (1) Every one is liable to imprisonment who dishonestly accesses any computer system and obtains any benefit.

            250 Damaging computer system
            (1) Every one is liable to imprisonment who intentionally damages any computer system.
            """
        let instrument = try parse(text)
        #expect(instrument.provisions.filter { $0.kind == .section }.map(\.eId) == ["sec_248", "sec_249", "sec_250"])
        #expect(instrument.provision("sec_249")?.heading == "Accessing computer system for dishonest purpose")
        #expect(instrument.provision("sec_249__subsec_1")?.kind == .subsection)
        // The trap: a lone numbered sentence with no sequence after it stays text of the preamble or is refused.
        #expect(throws: SafeguardError.self) {
            _ = try parse("Notes on a draft\n\n248 people answered the survey about computer systems.\n")
        }
    }

    /// "14 [Repealed]" and "Section 15. [Omitted.]" stay units, with their numbers.
    @Test func repealedSectionsStayUnits() throws {
        let text = """
            Computer Offences Act 2026

            12 Unauthorised access to computer material
            (1) A person commits an offence if the person intentionally accesses a computer without authorisation.

            13 Unauthorised modification
            (1) A person commits an offence if the person intentionally modifies data without authorisation.

            14 [Repealed]

            15 Jurisdiction
            (1) This Act applies to offences committed outside the country by its citizens.
            """
        let instrument = try parse(text)
        #expect(instrument.provisions.filter { $0.kind == .section }.map(\.eId) == ["sec_12", "sec_13", "sec_14", "sec_15"])
        #expect(instrument.quote(instrument.provision("sec_14")!.span).contains("[Repealed]"))
        // The repealed line is not swallowed by the section before it.
        #expect(!(instrument.text(of: "sec_13__subsec_1") ?? "").contains("Repealed"))
        // The trap: a bracket that is not a repeal marker is no unit of its own.
        let note = try parse(
            "Example Act 2026\n\n1 Short title\nThis Act is the Example Act.\n\n2 Interpretation\nIn this Act computer means a "
                + "device.\n\n7 [Note: see the Schedule]\n"
        )
        #expect(note.provision("sec_7") == nil)
    }

    /// The issuing body comes from the title, or the front matter, and never from another instrument cited there.
    @Test func theIssuingBodyIsReadNotGuessed() throws {
        let coe = try parse(
            """
            Council of Europe Convention on the Protection of Networks

            Preamble The member States of the Council of Europe, recalling the United Nations Convention on the Rights of the Child, have \
            agreed as follows:

            Article 1

            Purposes

            The purposes of this Convention are to protect networks.
            """)
        #expect(coe.metadata.jurisdiction == "Council of Europe")
        let cited = try parse(
            """
            Model Convention on Networks

            Preamble The States Parties, recalling the United Nations Convention against Corruption, have agreed as follows:

            Article 1

            Purposes

            The purposes of this Convention are to protect networks.
            """)
        #expect(cited.metadata.jurisdiction == nil)
    }
}
