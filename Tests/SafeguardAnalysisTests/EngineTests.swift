import Foundation
import SafeguardAnalysis
import SafeguardModel
import SafeguardTestSupport
import Testing

private let lexicon = try! Lexicon.sharedBuiltIn()
private func analyze(_ instrument: Instrument) -> Analysis { Analyzer(lexicon: lexicon).analyze(instrument) }

@Suite struct MatcherTests {
    @Test func foldsCaseAccentsLineBreaksAndTypographicQuotes() {
        let instrument = InstrumentBuilder.single(
            heading: "Illegal access",
            "Each Party SHALL ADOPT such legislative\n   and other MEASURES to establish as offences the accès to a computer system, when "
                + "committed intentionally, WITHOUT\nRIGHT."
        )
        let analysis = analyze(instrument)
        let quotes = Dictionary(grouping: analysis.findings, by: \.feature).mapValues { $0.map(\.quote) }
        // "Each Party" and "SHALL ADOPT ... MEASURES" both state the duty: one finding quotes both.
        #expect(quotes["obligation.mandatory"] == ["Each Party SHALL ADOPT such legislative\n   and other MEASURES"])
        #expect(quotes["standard.without-right"] == ["WITHOUT\nRIGHT"])
    }

    @Test func matchesWholeWordsOnly() {
        // "unintentionally" must not match "intentionally"; "fraudulent" must not match "fraud".
        let instrument = InstrumentBuilder.single(
            heading: "Offences", "the input of data, committed unintentionally, with fraudulentness.")
        let features = Set(analyze(instrument).findings.map(\.feature))
        #expect(!features.contains("mens-rea.intent"))
        #expect(!features.contains("offence.cyber-enabled"))
    }

    @Test func spansAreByteOffsetsIntoTheOriginalTextEvenAfterMultiByteCharacters() {
        let instrument = InstrumentBuilder.single(
            heading: "Illegal access", "« Éléments » — the access to a computer system “without right”.")
        let finding = analyze(instrument).findings.first { $0.feature == "standard.without-right" }
        #expect(finding?.quote == "without right")
        if let finding { #expect(instrument.quote(finding.span) == "without right") }
    }

    @Test func gapsDoNotCrossSentences() {
        let instrument = InstrumentBuilder.single(
            heading: "Illegal access", "Each Party shall cooperate. The Party may adopt measures.")
        #expect(!analyze(instrument).findings.contains { $0.pattern == "obligation.mandatory#shall-adopt-measures" })
    }
}

@Suite struct NegationTests {
    @Test func nothingInThisArticleReachesIntoItsPoints() {
        var builder = InstrumentBuilder()
        builder.article(10, "Conditions and safeguards")
        builder.add("art_10__para_1", .paragraph, num: "1.", "Nothing in this article shall be interpreted as:")
        builder.add("art_10__para_1__point_a", .point, num: "(a)", "authorizing the interception of content data; or")
        builder.add("art_10__para_1__point_b", .point, num: "(b)", "requiring the real-time collection of traffic data.")
        builder.add(
            "art_10__para_2", .paragraph, num: "2.",
            "The interception of content data shall be subject to judicial or other independent supervision.")
        let analysis = analyze(builder.build())
        let powers = analysis.findings.filter { $0.feature.family == "power" }
        // Paragraph 2 is a new sentence: its words are not negated (and it is a safeguards article, so no power).
        #expect(powers.isEmpty, "\(powers.map(\.quote))")
        #expect(analysis.findings.contains { $0.feature == "safeguard.judicial-authorization" && $0.eId == "art_10__para_2" })
    }

    @Test func aNegatedChapeauReachesTheItemsOfItsList() {
        var builder = InstrumentBuilder()
        builder.article(9, "Scope of procedural measures")
        builder.add("art_9__para_1", .paragraph, num: "1.", "No State Party shall be required to:")
        builder.add("art_9__para_1__point_a", .point, num: "(a)", "apply these powers to any criminal offence; or")
        builder.add("art_9__para_2", .paragraph, num: "2.", "Each State Party shall apply these powers to any criminal offence.")
        let findings = analyze(builder.build()).findings.filter { $0.feature == "scope.any-offence" }
        #expect(findings.map(\.eId) == ["art_9__para_2"])

        var plain = InstrumentBuilder()
        plain.article(9, "Scope of procedural measures")
        plain.add("art_9__para_1", .paragraph, num: "1.", "Each State Party shall not hesitate. It shall apply the powers to:")
        plain.add("art_9__para_1__point_a", .point, num: "(a)", "any criminal offence.")
        #expect(analyze(plain.build()).findings.contains { $0.feature == "scope.any-offence" })
    }

    @Test func negationEndsWithTheSentence() {
        var builder = InstrumentBuilder()
        builder.article(20, "Interception of content data")
        builder.add(
            "art_20__para_1", .paragraph, num: "1.",
            "Nothing in this article shall require a Party to act outside its territory. Each Party shall empower its competent "
                + "authorities to collect or record content data of specified communications."
        )
        let analysis = analyze(builder.build())
        let finding = analysis.findings.first { $0.feature == "power.interception-content" }
        #expect(finding?.eId == "art_20__para_1")
        #expect(analysis.findings.contains { $0.feature == "obligation.mandatory" })
    }

    @Test func shallNotApplyToTestingIsAnExceptionNotANegatedOne() {
        let instrument = InstrumentBuilder.single(
            heading: "Misuse of devices",
            "This article shall not apply where the production is for the authorised testing of a computer system.")
        #expect(analyze(instrument).findings.contains { $0.feature == "exception.security-research" })
    }

    @Test func theMeansOfAFraudIsNoSeparateOffenceButASiblingOffenceIs() {
        var fraud = InstrumentBuilder()
        fraud.article(12, "Computer-related fraud")
        fraud.add(
            "art_12__para_1", .paragraph, num: "1.", "Each Party shall criminalize the causing of a loss of property to another person by:")
        fraud.add("art_12__para_1__point_a", .point, num: "(a)", "any deletion or suppression of computer data; or")
        let fraudFeatures = analyze(fraud.build()).features(ofUnit: "art_12")
        #expect(fraudFeatures.contains("offence.cyber-enabled") && !fraudFeatures.contains("offence.cyber-dependent"))

        var two = InstrumentBuilder()
        two.article(2, "Attacks on computer systems")
        two.add(
            "art_2__para_1", .paragraph, num: "1.",
            "State Parties shall make it a criminal offence to gain unauthorised access to a computer system.")
        two.add(
            "art_2__para_2", .paragraph, num: "2.",
            "State Parties shall make it a criminal offence to publish content that insults a person.")
        let twoFeatures = analyze(two.build()).features(ofUnit: "art_2")
        #expect(twoFeatures.contains("offence.cyber-dependent") && twoFeatures.contains("offence.content-expression"))
    }

    @Test func exclusionOtherThanCancelsTheFollowingScope() {
        let instrument = InstrumentBuilder.single(
            heading: "Scope of procedural measures",
            "The powers shall apply to offences other than any criminal offence punishable by a fine.")
        #expect(!analyze(instrument).findings.contains { $0.feature == "scope.any-offence" })
    }
}

@Suite struct CategoryTests {
    @Test(arguments: [
        ("Use of terms", "For the purposes of this Convention: \"computer system\" means any device.", Category.definitions),
        ("Illegal interception", "Each Party shall establish as criminal offences the interception without right.", .criminalization),
        ("Interception of content data", "Each Party shall empower its competent authorities to collect content data.", .proceduralPower),
        ("Conditions and safeguards", "The powers shall be subject to judicial or other independent supervision.", .safeguards),
        ("Extradition", "The offences shall be deemed to be included as extraditable offences.", .cooperation),
        ("Jurisdiction", "Each Party shall establish its jurisdiction over any offence.", .jurisdiction),
        ("Liability of legal persons", "Legal persons shall be held liable.", .liability),
        (
            "Sanctions and measures", "punishable by effective, proportionate and dissuasive sanctions, including deprivation of liberty.",
            .sanctions
        ),
        ("Assistance to and protection of victims", "Each Party shall protect victims.", .victimsWitnesses),
        ("Freezing, seizure and confiscation of proceeds of crime", "Each Party shall confiscate proceeds of crime.", .assetRecovery),
        ("Entry into force", "This Convention shall enter into force on the first day of the month.", .finalClauses),
        ("Reservations", "No other reservation may be made.", .finalClauses),
        ("Conference of the States Parties", "A Conference of the States Parties is hereby established.", .implementation),
        ("Protection of human rights", "States Parties shall ensure respect for human rights.", .humanRights),
        ("Statement of purpose", "The purposes of this Convention are to promote cooperation.", .scope),
        ("Technical assistance and capacity-building", "States Parties shall provide training.", .technicalAssistance),
        ("Prevention", "States Parties shall develop preventive measures.", .prevention),
        (
            "Required disclosure of stored communications", "A governmental entity may require a provider to disclose records.",
            .proceduralPower
        ),
        ("Cooperation with service providers", "States Parties shall facilitate cooperation with service providers.", .prevention),
        ("Attacks on computer systems", "State Parties shall make it a criminal offence to hinder a computer system.", .criminalization),
        ("Procedural law", "State Parties shall enable judges to order the search of computer systems.", .proceduralPower),
        ("Scope of procedural measures", "The powers in this chapter apply to the offences in articles 2 to 9.", .scope),
    ])
    func headingDecides(_ heading: String, _ text: String, _ expected: Category) {
        let instrument = InstrumentBuilder.single(heading: heading, text)
        let assignment = analyze(instrument).category(of: "art_1")
        #expect(assignment?.primary == expected)
        // The deciding words are quoted from the text.
        if let words = assignment?.evidence.first { #expect(instrument.quote(words.span) == words.quote) }
        #expect(assignment?.evidence.isEmpty == false)
    }

    @Test func bodyCuesDecideWithoutHeadingAndChapterBreaksTies() {
        let noHeading = InstrumentBuilder.single(
            heading: nil, "\"Computer data\" means any data. \"Service provider\" means any entity. \"Traffic data\" means data.")
        #expect(analyze(noHeading).category(of: "art_1")?.primary == .definitions)

        let inChapter = InstrumentBuilder.single(heading: nil, "Each Party shall do what is required.", chapter: "Procedural measures")
        let assignment = analyze(inChapter).category(of: "art_1")
        #expect(assignment?.primary == .proceduralPower)
        #expect(assignment?.evidence.first?.quote == "Procedural measures")
    }

    @Test func noCueGivesOther() {
        let instrument = InstrumentBuilder.single(heading: "Miscellany", "The text is silent.")
        #expect(analyze(instrument).category(of: "art_1")?.primary == .other)
    }

    @Test func preambleUnitsAndRecitals() {
        var builder = InstrumentBuilder()
        builder.add("preamble", .preamble, "The States Parties to this Convention,")
        builder.add("preamble__rec_1", .recital, "Recalling the Universal Declaration of Human Rights,")
        builder.article(1, "Use of terms", "\"Data\" means data.")
        let analysis = analyze(builder.build())
        #expect(analysis.findings.contains { $0.feature == "safeguard.human-rights-law" && $0.eId == "preamble__rec_1" })
        #expect(analysis.category(of: "art_1")?.primary == .definitions)
    }

    @Test func offencesAreNotTaggedInDefinitions() {
        let instrument = InstrumentBuilder.single(
            heading: "Use of terms",
            "\"Computer data\" means any representation of facts; \"illegal access\" means the access to a computer system without right.")
        let analysis = analyze(instrument)
        #expect(!analysis.findings.contains { $0.feature.family == "offence" || $0.feature.family == "standard" })
    }
}

@Suite struct RollupAndLinkTests {
    static func convention() -> Instrument {
        var b = InstrumentBuilder()
        b.add("chp_2", .chapter, num: "Chapter II", heading: "Criminalization")
        b.article(
            7, "Illegal access",
            "Each State Party shall establish as a criminal offence, when committed intentionally, the access to a computer system without "
                + "right.",
            parent: "chp_2")
        b.article(
            8, "Illegal interception",
            "Each State Party shall establish as a criminal offence the interception, without right, of transmissions of computer data.",
            parent: "chp_2")
        b.add("chp_4", .chapter, num: "Chapter IV", heading: "Procedural measures")
        b.article(23, "Scope of procedural measures", parent: "chp_4")
        b.add(
            "art_23__para_1", .paragraph, num: "1.",
            "Each State Party shall apply the powers and procedures referred to in this article to:")
        b.add(
            "art_23__para_1__point_a", .point, num: "(a)",
            "the criminal offences established in accordance with articles 7 and 8 of this Convention;")
        b.add("art_23__para_1__point_b", .point, num: "(b)", "the collection of evidence in electronic form of any criminal offence.")
        b.article(
            24, "Conditions and safeguards",
            "Each State Party shall ensure that the powers and procedures provided for in this chapter are subject to conditions and "
                + "safeguards which shall provide for the protection of human rights and liberties, including judicial or other "
                    + "independent review, and the principle of proportionality.",
            parent: "chp_4")
        b.article(
            25, "Expedited preservation of stored computer data",
            "Each State Party shall adopt measures to enable its competent authorities to order the expeditious preservation of specified "
                + "computer data, for up to a maximum of ninety days.",
            parent: "chp_4")
        b.article(
            26, "Interception of content data",
            "Each State Party shall empower its competent authorities to collect or record content data of specified communications. See "
                + "article 7.",
            parent: "chp_4")
        b.reference(from: "art_23__para_1__point_a", "articles 7 and 8", .provisions, to: ["art_7", "art_8"])
        b.reference(from: "art_24", "this chapter", .container, to: ["chp_4"])
        b.reference(from: "art_26", "article 7", .provisions, to: ["art_7"])
        return b.build()
    }

    @Test func articleRollupCollectsChildrenFindings() {
        let analysis = analyze(Self.convention())
        let features = analysis.features(ofUnit: "art_23")
        #expect(features.contains("scope.any-offence"))
        #expect(analysis.findings(of: "scope.any-offence", inUnit: "art_23").first?.eId == "art_23__para_1__point_b")
        #expect(!features.contains("power.interception-content"))
    }

    @Test func safeguardsArticleLinksToEveryPowerOfItsChapter() {
        let analysis = analyze(Self.convention())
        let targets = Set(analysis.links(from: "art_24").filter { $0.kind == .safeguards }.map(\.to))
        #expect(targets == ["art_25", "art_26"])
    }

    @Test func offenceListByReferenceResolvesToTheArticles() {
        let analysis = analyze(Self.convention())
        let offences = analysis.links(from: "art_23").filter { $0.kind == .offences }
        #expect(Set(offences.map(\.to)) == ["art_7", "art_8"])
        if let span = offences.first?.span {
            #expect(analysis.instrument.quote(span).hasPrefix("offences established in accordance with"))
        }
    }

    @Test func otherReferencesAreLinksOfKindReference() {
        let analysis = analyze(Self.convention())
        #expect(
            analysis.links(from: "art_26") == [
                ProvisionLink(from: "art_26", to: "art_7", kind: .reference, span: analysis.links(from: "art_26").first?.span)
            ])
    }

    @Test func filterKeepsSelectedArticlesAndFeatures() {
        let analysis = analyze(Self.convention())
        let powers = analysis.filtered(by: AnalysisFilter(features: ["power"]))
        #expect(Set(powers.categories.map(\.eId)) == ["art_25", "art_26"])
        #expect(powers.findings.allSatisfy { $0.feature.family == "power" })
        let safeguards = analysis.filtered(by: AnalysisFilter(categories: [.safeguards]))
        #expect(safeguards.categories.map(\.eId) == ["art_24"])
    }

    @Test func jsonDocumentUsesCodePointOffsetsAndCarriesQuotes() throws {
        var b = InstrumentBuilder()
        b.article(1, "Illegal access", "Über-Zugang — the access to a computer system without right.")
        let analysis = analyze(b.build())
        let document = AnalysisDocument(analysis)
        #expect(document.schema == "safeguard.analysis/1")
        let finding = try #require(document.findings.first { $0.feature == "standard.without-right" })
        let scalars = Array(analysis.instrument.text.unicodeScalars)
        let sliced = String(String.UnicodeScalarView(scalars[finding.start..<finding.end]))
        #expect(sliced == "without right")
        #expect(finding.unit == "art_1")
        let unit = try #require(document.provisions.first { $0.eId == "art_1" })
        #expect(unit.category == "criminalization")
        #expect(unit.features?.contains("standard.without-right") == true)
    }

    @Test func htmlIsSelfContainedWithMarksAnchorsAndLegend() {
        let analysis = analyze(Self.convention())
        let html = AnalysisRenderer(lexicon: lexicon).html([analysis])
        #expect(html.contains("id=\"art_24\""))
        #expect(html.contains("<mark class=\"fam-safeguard"))
        #expect(html.contains("Prior judicial authorisation"))  // legend from the catalogue
        #expect(!html.contains("<script src"))
        #expect(!html.contains("http://") && !html.contains("https://"))
    }
}

@Suite struct LexiconTests {
    static let header = "schema: safeguard.lexicon/1\nlanguage: en\nversion: test-1\n"

    func base() throws -> (file: String, yaml: String) {
        let url = try #require(Lexicon.builtInURL())
        return ("lexicon-en.yaml", try String(contentsOf: url, encoding: .utf8))
    }

    @Test func invalidYAMLReportsFileAndLine() throws {
        let yaml = Self.header + "features:\n  - id: power.preservation\n    patterns: [unclosed\n"
        let error = try #require(throws: SafeguardError.self) { try Lexicon.compile(yaml: [try base(), ("mine.yaml", yaml)]) }
        #expect(error.kind == .invalidConfiguration)
        #expect(error.file == "mine.yaml")
        #expect(error.line != nil)
    }

    @Test func unknownFeatureIdIsRejectedWithItsLine() throws {
        let yaml = Self.header + "features:\n  - id: power.teleportation\n    patterns: [beam me up]\n"
        let error = try #require(throws: SafeguardError.self) { try Lexicon.compile(yaml: [try base(), ("mine.yaml", yaml)]) }
        #expect(error.kind == .invalidConfiguration)
        #expect(error.message.contains("power.teleportation"))
        #expect(error.line == 5)
    }

    @Test func badPatternsAndKeysAreRejected() throws {
        for body in [
            "features:\n  - id: power.preservation\n    patterns: [\"{unclosed\"]\n",
            "features:\n  - id: power.preservation\n    patterns: [\"... leading gap\"]\n",
            "features:\n  - id: power.preservation\n    patterns: [\"in*side\"]\n",
            "colours: red\n",
            "categories:\n  - id: nonsense\n    heading: [x]\n",
            "negation:\n  - id: x\n    match: never\n    cancels: [no-such-family]\n",
        ] {
            #expect(throws: SafeguardError.self) { try Lexicon.compile(yaml: [try base(), ("mine.yaml", Self.header + body)]) }
        }
        #expect(throws: SafeguardError.self) { try Lexicon.compile(yaml: [("x.yaml", "schema: other/1\nlanguage: en\nversion: 1\n")]) }
    }

    @Test func userLexiconExtendsFeaturesCategoriesAndNegation() throws {
        let yaml =
            Self.header + """
                features:
                  - id: power.content-blocking
                    patterns:
                      - {id: throttle, match: "throttle ... bandwidth"}
                  - id: custom.surveillance-drones
                    title: Drone surveillance
                    tone: risk
                    patterns: ["aerial surveillance"]
                categories:
                  - id: procedural-power
                    heading: ["throttling"]
                """
        let extended = try Lexicon.compile(yaml: [try base(), ("mine.yaml", yaml)])
        #expect(extended.version == "en-2026.12.2+test-1")
        let instrument = InstrumentBuilder.single(
            heading: "Throttling", "The authority may order a provider to throttle the bandwidth of a service and use aerial surveillance.")
        let analysis = Analyzer(lexicon: extended).analyze(instrument)
        #expect(analysis.category(of: "art_1")?.primary == .proceduralPower)
        #expect(analysis.findings.contains { $0.feature == "power.content-blocking" && $0.pattern == "power.content-blocking#throttle" })
        #expect(analysis.findings.contains { $0.feature == "custom.surveillance-drones" })
        // Without the extension, nothing of the kind.
        let plain = Analyzer(lexicon: try Lexicon.builtIn()).analyze(instrument)
        #expect(!plain.findings.contains { $0.feature == "power.content-blocking" })
    }

    @Test func aFrenchLexiconIsJustAnotherFileAndFoldsAccents() throws {
        let yaml = """
            schema: safeguard.lexicon/1
            language: fr
            version: fr-test
            features:
              - id: standard.without-right
                patterns: [{id: sans-droit, match: "sans droit"}]
              - id: obligation.mandatory
                patterns: [{id: adopte-mesures, match: "adopte ... {mesures|législatives}"}]
            categories:
              - id: criminalization
                heading: ["accès illégal"]
            """
        let french = try Lexicon.compile(yaml: [try base(), ("lexicon-fr.yaml", yaml)])
        #expect(french.languages == ["en", "fr"])
        let instrument = InstrumentBuilder.single(
            heading: "Accès illegal",
            "Chaque Partie ADOPTE les mesures LEGISLATIVES pour ériger en infraction l'accès à un système informatique, sans droit.")
        let analysis = Analyzer(lexicon: french).analyze(instrument)
        #expect(analysis.category(of: "art_1")?.primary == .criminalization)
        #expect(analysis.findings.contains { $0.feature == "standard.without-right" && $0.quote == "sans droit" })
        #expect(analysis.findings.contains { $0.feature == "obligation.mandatory" })
    }

    @Test func loadingAMissingFileIsInputNotFound() {
        let error = #expect(throws: SafeguardError.self) {
            try Lexicon.load(extraFiles: [URL(fileURLWithPath: "/nonexistent/lexicon.yaml")])
        }
        #expect(error?.kind == .inputNotFound)
    }

    @Test func catalogueIsCompleteAndDocumented() throws {
        let lexicon = try Lexicon.builtIn()
        let expected = [
            "obligation.mandatory", "obligation.optional", "obligation.reservation", "obligation.domestic-law-deference",
            "obligation.within-means", "mens-rea.intent", "mens-rea.dishonest-intent", "mens-rea.criminal-intent",
            "harm.required", "harm.optional", "standard.without-right", "standard.without-authorization",
            "offence.cyber-dependent", "offence.cyber-enabled", "offence.content-expression", "offence.content-sexual-abuse",
            "exception.security-research", "exception.public-interest", "protected.journalists",
            "protected.human-rights-defenders", "protected.whistleblowers", "protected.civil-society", "scope.any-offence",
            "scope.broad-grounds",
            "power.preservation", "power.data-retention", "power.production-order", "power.subscriber-information",
            "power.search-seizure", "power.real-time-traffic", "power.interception-content", "power.compelled-assistance",
            "power.cross-border-access", "power.content-blocking", "safeguard.legality", "safeguard.necessity",
            "safeguard.proportionality", "safeguard.judicial-authorization", "safeguard.prior-judicial-authorization",
            "safeguard.independent-oversight", "safeguard.effective-remedy", "safeguard.notification",
            "safeguard.limited-duration", "safeguard.human-rights-law", "dual-criminality.required",
            "dual-criminality.optional", "dual-criminality.conduct-based", "refusal.human-rights",
            "refusal.political-offence", "refusal.sovereignty-public-order", "victims.protection", "victims.information",
            "victims.participation", "victims.compensation", "victims.return-of-property",
        ]
        #expect(Set(lexicon.features.map(\.id.rawValue)) == Set(expected))
        for feature in lexicon.features {
            #expect(!feature.description.isEmpty && feature.example != nil && feature.counterExample != nil, "\(feature.id)")
        }
        #expect(Set(lexicon.categories.map(\.id)) == Set(Category.allCases))
    }
}
