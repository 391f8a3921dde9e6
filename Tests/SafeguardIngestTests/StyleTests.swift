@testable import SafeguardIngest
import SafeguardModel
import SafeguardTestSupport
import Testing

/// Each drafting style parses to the right tree and eIds.
@Suite struct StyleTests {
    static let unStyle = """
        Draft Convention on Example Cooperation

        Preamble

        The States Parties to this Convention,

        Bearing in mind the need for cooperation,

        Have agreed as follows:

        Chapter I
        General provisions

        Article 1
        Use of terms

        For the purposes of this Convention:
        (a) "Network" means a group of connected devices;
        (b) "Data" means any representation of facts;
        (c) point c;
        (d) point d;
        (e) point e;
        (f) point f;
        (g) point g;
        (h) point h;
        (i) point i is a letter after (h);
        (j) point j.

        CHAPTER II
        CRIMINALIZATION

        Article 7
        Illegal access

        1. Each State Party shall adopt such legislative and other measures as may be
        necessary to establish as a criminal offence the access to a network without right.
        2. A State Party may require that the offence be committed:
        (a) by infringing security measures; or
        (b) with intent to obtain data, including:
        (i) stored data; and
        (ii) data in transit.
        (aa) a double-letter point.

        Article 7 bis
        Inserted offence

        Each State Party may adopt measures under article 7.
        """

    @Test func unTreatyStyle() throws {
        let instrument = try parse(Self.unStyle)
        assertOutlineGolden(instrument, named: "StyleTests.unTreatyStyle")
        let chapter = try #require(instrument.provision("chp_2"))
        #expect(chapter.num == "CHAPTER II")
        #expect(chapter.heading == "CRIMINALIZATION")
        #expect(chapter.kind == .chapter)
        let article = try #require(instrument.provision("art_7"))
        #expect(article.heading == "Illegal access")
        #expect(article.parentEId == "chp_2")
        #expect(article.kind == .article)
        #expect(instrument.provision("art_7__para_1")?.kind == .paragraph)
        #expect(instrument.provision("art_7__para_2__point_a")?.kind == .point)
        #expect(instrument.provision("art_7_bis")?.num == "Article 7 bis")
        #expect(instrument.provision("art_7_bis")?.heading == "Inserted offence")
        // Own text of a paragraph stops before its first point; the span covers the points.
        #expect(instrument.text(of: "art_7__para_2") == "A State Party may require that the offence be committed:")
        let paragraph = try #require(instrument.provision("art_7__para_2"))
        #expect(instrument.quote(paragraph.span).hasPrefix("2. A State Party"))
        #expect(instrument.quote(paragraph.span).hasSuffix("(aa) a double-letter point."))
        // Hard-wrapped lines belong to their paragraph.
        #expect(instrument.text(of: "art_7__para_1")?.hasSuffix("access to a network without right.") == true)
        #expect(instrument.metadata.kind == .draft)
        #expect(instrument.metadata.title == "Draft Convention on Example Cooperation")
    }

    @Test func parsingTwiceGivesTheSameTree() throws {
        let first = try parse(Self.unStyle)
        let second = try parse(Self.unStyle)
        #expect(first.provisions == second.provisions)
        #expect(first.definitions == second.definitions)
        #expect(first.references == second.references)
    }

    @Test func councilOfEuropeStyle() throws {
        let instrument = try Fixture.read("coe-style.txt")
        assertOutlineGolden(instrument, named: "StyleTests.councilOfEuropeStyle")
        #expect(instrument.provision("art_2")?.heading == "Unlawful entry")
        #expect(instrument.provision("art_4")?.heading == "Data tampering")  // colon separator
        #expect(instrument.provision("art_5")?.heading == "Scope of procedural provisions")  // hyphen separator
        #expect(instrument.provision("chp_2__dvs_1")?.kind == .division)
        #expect(instrument.provision("chp_2__dvs_1__title_1")?.kind == .title)
        #expect(instrument.provision("art_2")?.parentEId == "chp_2__dvs_1__title_1")
        // An unnumbered article body is the article's own text.
        #expect(instrument.text(of: "art_2")?.hasPrefix("Each Party shall adopt") == true)
        #expect(instrument.definitions.map(\.term) == ["network system", "stored data"])
        #expect(instrument.metadata.kind == .treaty)
    }

    @Test func romanArticleNumbersBecomeArabicWhenConsistent() throws {
        let instrument = try Fixture.read("roman-articles.txt")
        assertOutlineGolden(instrument, named: "StyleTests.romanArticleNumbersBecomeArabicWhenConsistent")
        #expect(instrument.provision("art_7")?.num == "ARTICLE VII")
        #expect(instrument.provision("art_1")?.heading == "Definitions")
        #expect(instrument.warningCodes().contains("numbering-gap"))
        // "Article II applies" in running text is a reference, resolved through the Roman number.
        #expect(instrument.references.contains { $0.sourceEId == "art_7" && $0.targets == ["art_2"] })
    }

    @Test func mixedArticleNumbersKeepTheWrittenForm() throws {
        let instrument = try parse(
            """
            Model Agreement

            Article 1
            First

            Text one.

            Article A
            Lettered

            Text two.
            """)
        assertOutlineGolden(instrument, named: "StyleTests.mixedArticleNumbersKeepTheWrittenForm")
    }

    @Test func commonwealthAct() throws {
        let instrument = try Fixture.read("commonwealth-act.txt")
        assertOutlineGolden(instrument, named: "StyleTests.commonwealthAct")
        // Marginal notes become headings.
        #expect(instrument.provision("sec_3")?.heading == "Unauthorised entry")
        #expect(instrument.provision("sec_1")?.heading == "Short title")
        #expect(instrument.provision("sec_3")?.num == "3.")
        #expect(instrument.provision("sec_3__subsec_1")?.kind == .subsection)
        #expect(instrument.provision("sec_3__subsec_1__para_a")?.kind == .paragraph)
        #expect(instrument.provision("sec_3__subsec_2__subpara_i")?.kind == .subparagraph)
        #expect(instrument.provision("part_2")?.heading == "OFFENCES")
        #expect(instrument.provision("sched_1")?.num == "FIRST SCHEDULE")
        // "4. (1) ...": the subsection starts on the section line.
        #expect(instrument.text(of: "sec_4__subsec_1") == "A person guilty of an offence under section 3 is liable to a fine.")
        // Interpretation section: unnumbered "term" means lines, straight and curly quotes.
        #expect(instrument.definitions.map(\.term) == ["network", "operator"])
        #expect(instrument.definitions.allSatisfy { $0.eId == "sec_2" })
        #expect(instrument.metadata.kind == .nationalLaw)
        #expect(instrument.metadata.jurisdiction == "Republic of Sampleland")
        #expect(instrument.warningCodes().contains("table-of-contents"))
    }

    @Test func usCodeChains() throws {
        let instrument = try Fixture.read("us-code.txt")
        let ids = instrument.eIds
        #expect(ids.contains("sec_1030__subsec_a__para_2__subpara_A"))
        #expect(ids.contains("sec_1030__subsec_c__para_1__subpara_A"))
        #expect(ids.contains("sec_1030__subsec_c__para_1__subpara_B__cl_i"))
        #expect(ids.contains("sec_1030__subsec_c__para_1__subpara_B__cl_ii__subcl_I"))
        #expect(ids.contains("sec_1030__subsec_c__para_1__subpara_B__cl_ii__subcl_II"))
        #expect(ids.contains("sec_1031__subsec_a"))
        #expect(instrument.provision("sec_1030")?.heading == "Fraud and related activity in connection with example networks")
        #expect(instrument.provision("sec_1030__subsec_a")?.kind == .subsection)
        #expect(instrument.provision("sec_1030__subsec_a__para_1")?.kind == .paragraph)
        #expect(instrument.provision("sec_1030__subsec_c__para_1__subpara_B__cl_i")?.kind == .clause)
        #expect(instrument.provision("sec_1030__subsec_c__para_1__subpara_B__cl_ii__subcl_I")?.kind == .subclause)
        // "(1)(A) a fine": the text belongs to the deepest marker of the chain.
        #expect(instrument.text(of: "sec_1030__subsec_c__para_1__subpara_A") == "a fine or imprisonment for not more than one year; and")
        #expect(instrument.text(of: "sec_1030__subsec_c__para_1") == "")
    }

    @Test func numberedParagraphsWithoutArticles() throws {
        let instrument = try Fixture.read("resolution.txt")
        assertOutlineGolden(instrument, named: "StyleTests.numberedParagraphsWithoutArticles")
        #expect(instrument.provision("para_1")?.kind == .paragraph)
        #expect(instrument.provision("para_1")?.depth == 0)
        #expect(instrument.text(of: "preamble__rec_2") == "Recalling its earlier resolutions on example matters,")
    }

    @Test func pointAfterColonNestsEvenWhenALetterIsExpected() throws {
        // "(h) ... :" announces a list: the "(i)" after it is the first Roman sub-point, not the letter i.
        let instrument = try parse(
            """
            Article 3
            Scope

            1. This article covers:
            (a) a;
            (b) b;
            (c) c;
            (d) d;
            (e) e;
            (f) f;
            (g) g;
            (h) the following:
            (i) first sub-point;
            (ii) second sub-point.
            """)
        #expect(instrument.eIds.contains("art_3__para_1__point_h__point_i"))
        #expect(instrument.eIds.contains("art_3__para_1__point_h__point_ii"))
        #expect(!instrument.eIds.contains("art_3__para_1__point_i"))
    }

    @Test func spansNestAndQuoteExactWords() throws {
        let instrument = try parse(Self.unStyle)
        for provision in instrument.provisions {
            #expect(provision.span.contains(provision.textSpan), "\(provision.eId) text outside its span")
            if let parent = provision.parentIndex {
                #expect(instrument.provisions[parent].span.contains(provision.span), "\(provision.eId) outside its parent")
                #expect(parent < instrument.index(of: provision.eId)!)
            }
        }
        let point = try #require(instrument.provision("art_7__para_2__point_b__point_i"))
        #expect(instrument.quote(point.span) == "(i) stored data; and")
        #expect(point.depth == 4)
    }
}

/// Variants seen in real acts and drafts.
@Suite struct StyleVariantTests {
    @Test func ukStyleSectionsWithoutPeriods() throws {
        let instrument = try Fixture.read("uk-style-act.txt")
        #expect(instrument.unitIndices.map { instrument.provisions[$0].eId } == ["sec_1", "sec_2", "sec_3"])
        #expect(instrument.provision("sec_1")?.heading == "Unauthorised access to example material")
        #expect(instrument.eIds.contains("sec_1__subsec_2"))
        #expect(instrument.provision("sec_1__subsec_2")?.kind == .subsection)
    }

    @Test func sectionKeywordWithTitleAndText() throws {
        let instrument = try Fixture.read("sections-with-titles.txt")
        assertOutlineGolden(instrument, named: "StyleVariantTests.sectionKeywordWithTitleAndText")
        #expect(instrument.provision("sec_1")?.heading == "Title")
        #expect(instrument.text(of: "sec_1") == "This Act shall be known as the \"Example Prevention Act\".")
        #expect(instrument.provision("sec_2")?.num == "SEC. 2")
        // Unquoted terms in a definitions section.
        #expect(instrument.definitions.map(\.term) == ["Access", "Computer"])
        #expect(instrument.definitions.first?.eId == "sec_3__para_a")
    }

    @Test func councilOfEuropeRomanSubPoints() throws {
        let instrument = try parse(
            """
            Article 6 – Misuse of devices

            1 Each Party shall adopt such measures as may be necessary to establish as criminal offences:
            a the production, sale or distribution of:
            i a device designed primarily for committing offences;
            ii a password or access code; and
            b the possession of an item referred to above.
            2 This article shall not be interpreted as imposing criminal liability.
            """)
        assertOutlineGolden(instrument, named: "StyleVariantTests.councilOfEuropeRomanSubPoints")
    }

    @Test func councilOfEuropeParagraphAndPointOnOneLine() throws {
        let instrument = try parse(
            """
            Article 24 – Extradition

            1 a This article applies to extradition between Parties for the offences established.
            b Where a different minimum penalty is to be applied, that penalty applies.
            2 The offences described shall be deemed to be included as extraditable offences.
            """)
        assertOutlineGolden(instrument, named: "StyleVariantTests.councilOfEuropeParagraphAndPointOnOneLine")
        #expect(
            instrument.text(of: "art_24__para_1__point_a")
                == "This article applies to extradition between Parties for the offences established.")
        #expect(instrument.text(of: "art_24__para_1") == "")
    }

    @Test func bracketedDraftParagraphs() throws {
        let instrument = try parse(
            """
            Article 9
            Options

            1. Each State Party shall cooperate.
            [2. Each State Party may refuse cooperation.]
            [(a) where the request is political;]
            3. Final paragraph.
            """)
        assertOutlineGolden(instrument, named: "StyleVariantTests.bracketedDraftParagraphs")
    }

    @Test func sectionHeadingOnTheNumberLine() throws {
        let instrument = try parse(
            """
            THE EXAMPLE ACT

            PART I—PRELIMINARY

            1. Short title
            This Act may be cited as the Example Act.

            2. Offences
            (1) A person who misuses a system commits an offence.

            3. A person who aids an offence under section 2 commits an offence.
            """)
        assertOutlineGolden(instrument, named: "StyleVariantTests.sectionHeadingOnTheNumberLine")
        #expect(instrument.provision("part_1")?.heading == "PRELIMINARY")
        #expect(instrument.provision("sec_1")?.heading == "Short title")
        #expect(instrument.text(of: "sec_1") == "This Act may be cited as the Example Act.")
        #expect(instrument.provision("sec_3")?.heading == nil)
        #expect(instrument.references.contains { $0.sourceEId == "sec_3" && $0.targets == ["sec_2"] })
    }

    @Test func sectionTitleWithPeriodOnTheNumberLine() throws {
        let instrument = try parse(
            """
            EXAMPLE CYBERCRIMES ACT

            1. Objectives.
            The objectives of this Act are to—
            (a) provide a framework;
            (b) ensure protection.

            2. Application.
            This Act applies throughout Examplia.

            3. This Act binds the State.
            """)
        #expect(instrument.provision("sec_1")?.heading == "Objectives")
        #expect(instrument.provision("sec_2")?.heading == "Application")
        #expect(instrument.eIds.contains("sec_1__para_a"))
        #expect(instrument.provision("sec_3")?.heading == nil)
        #expect(instrument.text(of: "sec_3") == "This Act binds the State.")
    }

    @Test func resolutionWithTheConventionInItsAnnex() throws {
        let instrument = try parse(
            """
            Resolution adopting the Example Convention

            The General Assembly,

            1. Adopts the Convention annexed to the present resolution;
            2. Requests the Secretary-General to act as depositary.

            Annex
            Example Convention

            Article 1
            Purpose

            The purpose is cooperation.

            Article 2
            Scope

            It applies to networks.
            """)
        // No articles outside the annex: the annex's articles are the instrument's own.
        #expect(instrument.eIds.contains("art_1"))
        #expect(instrument.eIds.contains("art_2"))
        #expect(instrument.provision("art_1")?.parentEId == "annex_1")
    }

    @Test func annexArticlesArePrefixedWhenTheBodyHasArticles() throws {
        let instrument = try parse(
            """
            Article 1
            Purpose

            Text.

            ANNEX I
            Model form

            Article 1
            Form

            Annex text.
            """)
        assertOutlineGolden(instrument, named: "StyleVariantTests.annexArticlesArePrefixedWhenTheBodyHasArticles")
    }
}

@Suite struct AnnexedConventionTests {
    static let report = """
        Report of the Example Committee

        I. Introduction

        1. The Committee met.
        2. It adopted a text.

        Annex

        Draft resolution

        The General Assembly,

        Recalling its work,

        1. Adopts the Convention;
        2. Requests the depositary.

        Annex

        Example Convention against Misuse

        Preamble

        The States Parties to this Convention,

        Bearing in mind the Charter,

        Have agreed as follows:

        Chapter I
        General provisions

        Article 1
        Purpose

        The purpose is cooperation.

        Article 2
        Scope

        It applies.
        """

    @Test func reportWithResolutionAndConventionInAnnexes() throws {
        let instrument = try parse(Self.report)
        assertOutlineGolden(instrument, named: "AnnexedConventionTests.reportWithResolutionAndConventionInAnnexes")
        #expect(instrument.provision("annex_2__preamble")?.heading == "Preamble")
        #expect(instrument.text(of: "annex_2__preamble__rec_1") == "The States Parties to this Convention,")
    }
}

@Suite struct ReferenceTests {
    static let text = """
        Article 1
        Definitions

        1. For the purposes of this Convention:
        (a) "Data" means facts;
        (b) "System" means a device.
        2. Paragraph two.

        Article 2
        Scope

        1. This article applies to the offences in articles 1 to 3, articles 1 and 2, articles 1, 2 and 3,
        and to article 1, paragraph 1 (b), and to paragraph 1 (b) of article 1, and to paragraph 1 (a) or (b) of article 1.
        2. Subject to subparagraph (a) of this paragraph and paragraph 1 of this article, as set out in this chapter.
        (a) point under paragraph two;

        Article 3
        Final

        Nothing in article 5 of the Example Convention on Matters affects this Convention.
        """

    @Test func referencesResolveToEIds() throws {
        let instrument = try parse(Self.text)
        func targets(_ text: String) -> [EId]? {
            instrument.references.first { instrument.quote($0.span) == text }?.targets
        }
        #expect(targets("articles 1 to 3") == ["art_1", "art_2", "art_3"])
        #expect(targets("articles 1 and 2") == ["art_1", "art_2"])
        #expect(targets("articles 1, 2 and 3") == ["art_1", "art_2", "art_3"])
        #expect(targets("article 1, paragraph 1 (b)") == ["art_1__para_1__point_b"])
        #expect(targets("paragraph 1 (b) of article 1") == ["art_1__para_1__point_b"])
        #expect(targets("paragraph 1 (a) or (b) of article 1") == ["art_1__para_1__point_a", "art_1__para_1__point_b"])
        #expect(targets("subparagraph (a) of this paragraph") == ["art_2__para_2__point_a"])
        #expect(targets("paragraph 1 of this article") == ["art_2__para_1"])
        #expect(targets("This article") == ["art_2"])
        let external = try #require(instrument.references.first { instrument.quote($0.span).hasPrefix("article 5") })
        #expect(external.kind == .external)
        #expect(external.targets.isEmpty)
        #expect(instrument.references.contains { $0.kind == .instrument && instrument.quote($0.span) == "this Convention" })
        // A reference the document cannot resolve keeps an empty target list.
        #expect(instrument.references.contains { $0.kind == .container && $0.targets.isEmpty })
    }
}

@Suite struct ScheduledConventionTests {
    @Test func actSchedulingAConventionKeepsSectionsAndArticles() throws {
        let instrument = try parse(
            """
            THE EXAMPLE CONVENTION (IMPLEMENTATION) ACT, 2025

            PART I — PRELIMINARY

            1. This Act may be cited as the Example Convention (Implementation) Act, 2025.
            2. The Convention set out in the Schedule has the force of law.

            SCHEDULE

            Article 1
            Purpose

            1. The Parties shall cooperate.
            2. The Parties shall report.

            Article 2
            Scope

            It applies to networks.
            """)
        assertOutlineGolden(instrument, named: "ScheduledConventionTests.actSchedulingAConventionKeepsSectionsAndArticles")
        #expect(instrument.metadata.kind == .nationalLaw)
    }
}

@Suite struct CodeStyleTests {
    @Test func decimalSectionsInDivisions() throws {
        let instrument = try Fixture.read("decimal-sections.txt")
        assertOutlineGolden(instrument, named: "CodeStyleTests.decimalSectionsInDivisions")
        #expect(instrument.provision("sec_477_1")?.num == "477.1")
        #expect(instrument.provision("sec_478_1")?.heading == "Unauthorised access to restricted data")
        #expect(!instrument.warningCodes().contains("numbering-gap"))
        #expect(instrument.references.contains { $0.targets == ["sec_477_1__subsec_1__para_a"] })
    }

    @Test func sectionHeadingsEndingWithADash() throws {
        let instrument = try Fixture.read("inline-title-sections.txt")
        assertOutlineGolden(instrument, named: "CodeStyleTests.sectionHeadingsEndingWithADash")
        #expect(instrument.provision("sec_65")?.heading == "Tampering with computer source documents")
        #expect(
            instrument.text(of: "sec_65") == "Whoever knowingly conceals any computer source code shall be punishable with imprisonment.")
        #expect(instrument.provision("sec_66A")?.heading == "Punishment for sending offensive messages, etc")
        #expect(instrument.references.contains { $0.sourceEId == "sec_66" && $0.targets == ["sec_65"] })
    }
}

@Suite struct InlineTextTests {
    @Test func articleTextOnTheHeadingLine() throws {
        let instrument = try parse(
            """
            Art. 1. – Any person who accesses a system without right shall be punished.
            Art. 2. – Attempt is punishable.
            Art. 3 – Final provisions
            This law enters into force on publication.
            """)
        assertOutlineGolden(instrument, named: "InlineTextTests.articleTextOnTheHeadingLine")
        #expect(instrument.provision("art_1")?.heading == nil)
        #expect(instrument.text(of: "art_1") == "Any person who accesses a system without right shall be punished.")
        #expect(instrument.text(of: "art_2") == "Attempt is punishable.")
        #expect(instrument.provision("art_3")?.heading == "Final provisions")
    }
}

@Suite struct LetteredContainerTests {
    @Test func letteredPartsAreLettersNotNumerals() throws {
        let instrument = try parse(
            """
            Part A – General

            Article 1
            One

            Text.

            Part B – Offences

            Article 2
            Two

            Text.

            Part C – Procedure

            Article 3
            Three

            Text.

            Part D – Final

            Article 4
            Four

            Text.
            """)
        assertOutlineGolden(instrument, named: "LetteredContainerTests.letteredPartsAreLettersNotNumerals")
    }
}
