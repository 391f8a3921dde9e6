import SafeguardAnalysis
import SafeguardModel
import SafeguardTestSupport
import Testing

// Real drafting that the first lexicon read wrongly (issue 10). Every sentence is our own, written in the
// pattern of a genre: treaty translations, East African prohibitions, surveillance statutes, Council of Europe
// victims' chapters, Philippine provisos. Each pattern has a positive case and a trap.

/// A fraud section whose second sentence explains the word "means" by a list (the means of the fraud).
private let fraudByMeans =
    "A person who, with dishonest intent, obtains a gain by any of the means in subsection (2) commits an offence. "
    + "For the purposes of subsection (1) the expression \"means\" refers to— (a) an unauthorised access to a "
    + "computer system; (b) the deletion of data."

let realDraftingCases: [FeatureCase] = [
    // The treaty formula and obligations in translation.
    .yes(
        "mens-rea.intent", "Offences against the integrity of data",
        "Each Party shall establish as criminal offences under its domestic law, when committed intentionally and without right, the "
            + "following conduct: the erasure of data held in a computer.",
        quote: "intentionally"),
    .yes(
        "standard.without-right", "Offences against the integrity of data",
        "Each Party shall establish as criminal offences under its domestic law, when committed intentionally and without right, the "
            + "following conduct: the erasure of data held in a computer.",
        quote: "without right"),
    .yes(
        "obligation.mandatory", coop, "Every State Party shall commit itself to exchanging information with the other States Parties.",
        quote: "Every State Party shall"),
    .yes(
        "obligation.domestic-law-deference", coop,
        "Every State Party shall commit itself, subject to its own statutes, to render assistance.", quote: "subject to its own statutes"),
    .yes(
        "obligation.domestic-law-deference", "Assistance to victims",
        "Each Party shall, under the conditions provided for by its internal law, assist victims.",
        quote: "conditions provided for by its internal law"),
    .no(
        "obligation.domestic-law-deference", crime,
        "Each Party shall establish as criminal offences under its domestic law the erasure of data."),
    .yes(
        "mens-rea.intent", "Offence of unlawful interception",
        "The deliberate unlawful interception of the flow of data by technical means.", quote: "deliberate"),
    .yes(
        "standard.without-right", "Offence of unlawful interception",
        "The deliberate unlawful interception of the flow of data by technical means.", quote: "unlawful interception"),
    .no("standard.without-right", "Use of terms", "\"Unlawful interception\" means the interception of data without right."),
    // Content offences named by their conduct.
    .yes(
        "offence.content-expression", "Racist threats",
        "Each Party shall establish as criminal offences the threatening of a person through a computer system because of his or her race "
            + "or religion.",
        quote: "threatening of a person through a computer system because of his or her race"),
    .yes(
        "offence.content-expression", "Denial of atrocities",
        "the distribution to the public of material which denies or grossly minimises acts constituting genocide."),
    // Cyber terrorism is not a speech offence.
    .no(
        "offence.content-expression", "Cyber terrorism",
        "A person who accesses a computer system of a power station with intent to cause an explosion commits an offence."),
    // Prohibitions are offences, not negations (East African drafting).
    .yes(
        "mens-rea.intent", "Unauthorised access",
        "A person shall not intentionally and unlawfully access a computer system belonging to another person.", quote: "intentionally"),
    .yes(
        "standard.without-right", "Unauthorised access",
        "A person shall not intentionally and unlawfully access a computer system belonging to another person.", quote: "unlawfully"),
    .negated(
        "mens-rea.intent", "Exemption",
        "A person shall not be liable under this section if the person acted intentionally in the course of authorised testing."),
    // Traps that fired on real texts.
    .no(
        "scope.any-offence", "Powers of police officers",
        "A police officer may seize a computer used in the commission of any offence under this Act."),
    .yes(
        "scope.any-offence", "Powers of police officers",
        "A police officer may seize a computer where it is reasonably required for the purposes of a criminal investigation.",
        quote: "for the purposes of a criminal investigation"),
    .negated(
        "refusal.political-offence", coop,
        "In no case shall the offences established under this Convention be regarded as a political offence."),
    .no(
        "safeguard.effective-remedy", guard_,
        "A Party may reserve the right not to apply paragraph 1, provided that other effective remedies are available."),
    .yes(
        "dual-criminality.optional", coop,
        "The requested State may decline to render assistance on the ground of absence of dual criminality.",
        quote: "may decline to render assistance on the ground of absence of dual criminality"),
    .no(
        "dual-criminality.required", coop,
        "The requested State may decline to render assistance on the ground of absence of dual criminality."),
    .no("safeguard.legality", "Extradition", "A Party may consider this Convention as the legal basis for extradition."),
    .no(
        "offence.content-expression", "Espionage",
        "A person who obtains information from a computer whose disclosure would damage national security commits an offence."),
    // Surveillance statutes.
    .yes(
        "safeguard.prior-judicial-authorization", "Interception of communications",
        "An officer shall apply to a judge, who may issue a warrant authorising the "
            + "interception.", quote: "judge, who may issue a warrant"),
    .yes(
        "safeguard.limited-duration", "Interception of communications",
        "An interception warrant expires at the end of sixty days from the day on which it was issued."),
    .yes(
        "safeguard.effective-remedy", "Oversight of interception",
        "A person who believes that his communications were intercepted may make a complaint to the tribunal.",
        quote: "complaint to the tribunal"),
    .negated(
        "safeguard.independent-oversight", "Oversight of interception",
        "Warrants are reviewed by an oversight body composed of the Minister and two senior officials of the ministry."),
    .yes(
        "safeguard.judicial-authorization", power,
        "The Court may order a service provider to disclose the subscriber information of an account.",
        quote: "Court may order a service provider"),
    .no(
        "safeguard.judicial-authorization", "Protection of child witnesses",
        "The judge may order the hearing to take place without the presence of the public."),
    // Provisos and presumptions take elements away.
    .no(
        "harm.required", "Computer-related fraud",
        "The input of computer data causing damage thereby with fraudulent intent: Provided, that if no damage has yet been caused, the "
            + "penalty shall be one degree lower."
    ),
    .negated(
        "mens-rea.intent", "Lending of credentials",
        "It is presumed, until the contrary is proved, that the accused has the requisite knowledge if he received a payment for the act."),
    .negated(
        "standard.without-authorization", "Access with intent to commit an offence",
        "For the purposes of this section, it is immaterial whether — (a) the access is authorised or unauthorised; (b) the further "
            + "offence is committed at the same time."
    ),
    // Victims' chapters.
    .yes("victims.protection", victims, "Each Party shall protect victims from intimidation and retaliation.", quote: "intimidation"),
    .yes("victims.information", victims, "Each Party shall inform victims of their rights and of the services at their disposal."),
    .yes("victims.participation", victims, "Each Party shall enable victims to have their views and concerns presented and considered."),
    .no("victims.protection", coop, "The requested Party shall protect the confidentiality of the request."),
    // The last traps on real law (issue 10): a sentence that explains a word of the offence, the purpose of the
    // conduct, a measure named as an occasion, a worked example.
    .no(
        "offence.cyber-dependent", "Computer fraud",
        fraudByMeans
    ),
    .yes(
        "mens-rea.dishonest-intent", "Computer fraud",
        fraudByMeans
    ),
    .no(
        "standard.without-authorization", "Online deception",
        "A person who sends an electronic message with the intention to persuade the recipient to reveal a password "
            + "or to obtain unauthorised access to a computer system, commits an offence."
    ),
    .yes(
        "standard.without-authorization", "Computer fraud",
        "A person who, with intent to defraud, accesses a computer system without authorisation commits an offence.",
        quote: "without authorisation"),
    .yes(
        "standard.without-authorization", "Computer fraud",
        "A person who, with intent to defraud and without authorisation, causes a loss of property commits an offence.",
        quote: "without authorisation"),
    .no(
        "power.search-seizure", coop,
        "Once a warrant is issued, the central authority may ask for the help of the requesting State during the search and seizure."),
    .no(
        "power.search-seizure", "Scope of procedural powers",
        "The fact that evidence was found in a search of a computer system does not of itself make the evidence inadmissible."),
    .yes(
        "power.search-seizure", coop,
        "The requested State may search or similarly access a computer system located in its territory."),
    .no(
        "offence.cyber-dependent", "Offences relating to passwords",
        "A person who retains a password knowing that it was obtained by an offence commits an offence. Example 1.— X "
            + "finds a list of passwords that Y took through unauthorised access to a bank's server, and keeps it."
    ),
    .yes(
        "offence.cyber-dependent", "Offences relating to passwords",
        "A person who retains a password knowing that it was obtained through unauthorised access to a server commits an offence."),
    // The clause reading: a prohibition keeps its elements, a negated duty or safeguard does not, a negation stays
    // in its clause, and "where appropriate" inside a subject that names no actor does not qualify the duty.
    .yes(
        "mens-rea.intent", "Unlawful interception",
        "Any person must not knowingly intercept a transmission of data to a computer system.", quote: "knowingly"),
    .negated(
        "safeguard.notification", "Interception of communications",
        "The officer shall not notify the person concerned of the interception."),
    .yes(
        "power.preservation", "Preservation of stored data",
        "The officer shall not copy the data, but a judge may order its expedited preservation."),
    .yes(
        "mens-rea.intent", "Obstruction of the Commissioner",
        "Where the Commissioner may require the disclosure of data, a person who intentionally withholds the data commits an offence.",
        quote: "intentionally"),
    .no(
        "obligation.within-means", victims,
        "Each Party shall ensure that children learn about the risks of abuse. This information, prepared together "
            + "with their teachers, where appropriate, shall be given in a general context."
    ),
    .yes("obligation.within-means", victims, "Each Party shall, where appropriate, consult the parents of the child."),
    .yes("obligation.within-means", victims, "Where appropriate, each Party shall consult the parents of the child."),
    // Speech: "with or without financial gain" makes gain immaterial.
    .no(
        "mens-rea.dishonest-intent", "False publications",
        "A person who intentionally publishes false data, with or without any financial gain, commits an offence."),
]

@Suite struct RealDraftingTests {
    static let lexicon = try! Lexicon.sharedBuiltIn()

    @Test(arguments: realDraftingCases)
    func realDrafting(_ testCase: FeatureCase) throws {
        let instrument = InstrumentBuilder.single(heading: testCase.heading, testCase.text)
        let analysis = Analyzer(lexicon: Self.lexicon).analyze(instrument)
        let hits = analysis.findings.filter { $0.feature.rawValue == testCase.feature && !$0.optional }
        switch testCase.kind {
        case .positive:
            #expect(!hits.isEmpty, "expected \(testCase.feature); found \(analysis.findings.map { "\($0.feature)=\($0.quote)" })")
            if let quote = testCase.quote {
                #expect(hits.contains { $0.quote == quote }, "quotes: \(hits.map(\.quote))")
            }
            for hit in hits { #expect(instrument.quote(hit.span) == hit.quote) }
        case .negative, .negation:
            #expect(hits.isEmpty, "unexpected \(hits.map { "\($0.feature)=\($0.quote) [\($0.pattern ?? "")]" })")
        }
    }

    private func article(_ heading: String, _ text: String) -> Instrument {
        InstrumentBuilder.single(heading: heading, text)
    }

    private func section(_ heading: String, _ text: String) -> Instrument {
        var builder = InstrumentBuilder()
        builder.add("sec_66A", .section, num: "66A.", heading: heading, text)
        return builder.build()
    }

    /// "A Party may require that the offence be committed with dishonest intent" is a standard a state may adopt:
    /// reported, marked optional, and never an element that the assessment counts.
    @Test func optionalElementsAreReportedAndMarked() throws {
        let analysis = Analyzer(lexicon: Self.lexicon).analyze(
            article(
                "Computer-related forgery",
                "Each Party shall establish as criminal offences the input of computer data resulting in inauthentic data. A Party may "
                    + "require that the offence be committed with dishonest intent."
            ))
        let dishonest = analysis.findings.filter { $0.feature == FeatureID("mens-rea.dishonest-intent") }
        #expect(dishonest.count == 1)
        #expect(dishonest.first?.optional == true)
        #expect(dishonest.first?.quote == "dishonest")
        // A required element in another sentence is not optional.
        let required = Analyzer(lexicon: Self.lexicon).analyze(
            article(
                "Computer-related fraud",
                "Each Party shall establish as criminal offences the input of data with dishonest intent to obtain a gain."))
        #expect(required.findings.contains { $0.feature == FeatureID("mens-rea.dishonest-intent") && !$0.optional })
    }

    /// The clause reading marks the elements of a clause in which a Party may add them as optional, whatever the
    /// verb of discretion, and only when the actor is a Party.
    @Test func partyDiscretionMarksElementsOptional() throws {
        let analysis = Analyzer(lexicon: Self.lexicon).analyze(
            article(
                "Computer-related fraud",
                "Each Party shall establish as criminal offences the input of data causing a loss of property. Each Party may "
                    + "restrict liability to conduct committed with dishonest intent."
            ))
        let dishonest = analysis.findings.filter { $0.feature == FeatureID("mens-rea.dishonest-intent") }
        #expect(dishonest.count == 1)
        #expect(dishonest.first?.optional == true)
        let commissioner = Analyzer(lexicon: Self.lexicon).analyze(
            article(
                "Obstruction of the Commissioner",
                "The Commissioner may require that a person who intentionally withholds data be prosecuted."))
        #expect(commissioner.findings.contains { $0.feature == FeatureID("mens-rea.intent") && !$0.optional })
    }

    /// A prohibition addressed to a person keeps its elements in every item of the list its "shall not" introduces;
    /// an exemption ("shall not be liable") still cancels them.
    @Test func prohibitionListKeepsItsElements() throws {
        var builder = InstrumentBuilder()
        builder.add("sec_12", .section, num: "12.", heading: "Unauthorised access", "A person shall not—")
        builder.add(
            "sec_12__para_a", .paragraph, num: "(a)", "intentionally access a computer system without authorisation; or",
            parent: "sec_12")
        builder.add("sec_12__para_b", .paragraph, num: "(b)", "knowingly intercept data sent to a computer system.", parent: "sec_12")
        let analysis = Analyzer(lexicon: Self.lexicon).analyze(builder.build())
        let intent = analysis.findings.filter { $0.feature == FeatureID("mens-rea.intent") }
        #expect(intent.map(\.eId) == ["sec_12__para_a", "sec_12__para_b"])
        #expect(analysis.findings.contains { $0.feature == FeatureID("standard.without-authorization") })

        var exempt = InstrumentBuilder()
        exempt.add("sec_13", .section, num: "13.", heading: "Unauthorised access", "A person shall not be liable under section 12 for—")
        exempt.add(
            "sec_13__para_a", .paragraph, num: "(a)", "intentionally accessing a computer system to test its security.", parent: "sec_13")
        let exemption = Analyzer(lexicon: Self.lexicon).analyze(exempt.build())
        #expect(!exemption.findings.contains { $0.feature == FeatureID("mens-rea.intent") })
    }

    /// Offences are judged one by one: the damage of one offence is not another's, and a penalty subsection
    /// or a definition states no offence.
    @Test func offencesAreReadElementByElement() throws {
        var builder = InstrumentBuilder()
        builder.add("sec_9", .section, num: "9.", heading: "Offences against computers", "Whoever—")
        builder.add(
            "sec_9__subsec_a", .subsection, num: "(a)",
            "intentionally accesses a computer without authorization and thereby obtains information;", parent: "sec_9")
        builder.add(
            "sec_9__subsec_b", .subsection, num: "(b)",
            "knowingly causes the transmission of a program, and as a result intentionally causes damage to a protected computer;",
            parent: "sec_9")
        builder.add(
            "sec_9__subsec_c", .subsection, num: "(c)", "shall be punished by a fine or imprisonment for not more than five years.",
            parent: "sec_9")
        builder.add(
            "sec_9__subsec_d", .subsection, num: "(d)", "In this section \"damage\" means any impairment to the integrity of data.",
            parent: "sec_9")
        let analysis = Analyzer(lexicon: Self.lexicon).analyze(builder.build())
        let ids = analysis.offences.map(\.eId)
        #expect(ids == ["sec_9__subsec_a", "sec_9__subsec_b"])
        let first = try #require(analysis.offences.first)
        #expect(first.evidence(.harm).isEmpty)
        #expect(first.absent.contains(.harm))
        #expect(first.evidence(.mentalElement).map(\.quote) == ["intentionally"])
        #expect(first.evidence(.unlawfulness).map(\.quote) == ["without authorization"])
        #expect(first.evidence(.penalty).contains { $0.quote.contains("punished") })
        let second = analysis.offences[1]
        #expect(second.evidence(.harm).map(\.quote) == ["causes damage"])
        #expect(second.evidence(.circumstances).contains { $0.quote == "protected computer" })
        // Every piece of evidence quotes the words at its span.
        for offence in analysis.offences {
            for element in Offence.Element.allCases {
                for evidence in offence.evidence(element) { #expect(analysis.instrument.quote(evidence.span) == evidence.quote) }
            }
        }
    }

    /// A lead-in's intent belongs to every offence in the list it introduces.
    @Test func leadInElementsReachEveryItem() throws {
        var builder = InstrumentBuilder()
        builder.add("sec_4", .section, num: "4.", heading: "Child sexual abuse material", "A person who intentionally—")
        builder.add("sec_4__para_a", .paragraph, num: "(a)", "publishes child pornography through a computer system; or", parent: "sec_4")
        builder.add("sec_4__para_b", .paragraph, num: "(b)", "possesses child pornography in a computer system,", parent: "sec_4")
        let analysis = Analyzer(lexicon: Self.lexicon).analyze(builder.build())
        #expect(analysis.offences.map(\.eId) == ["sec_4__para_a", "sec_4__para_b"])
        for offence in analysis.offences {
            #expect(offence.evidence(.mentalElement).map(\.quote) == ["intentionally"])
            #expect(!offence.evidence(.conduct).isEmpty)
        }
    }

    /// A jurisdiction section's "serious harm in the territory" is a link, not an element of an offence.
    @Test func harmInAJurisdictionSectionIsNoElement() throws {
        let analysis = Analyzer(lexicon: Self.lexicon).analyze(
            section(
                "Territorial scope of offences under this Act",
                "This Act applies to an offence committed outside the country where the offence causes serious harm in the country, and "
                    + "the person commits an offence as if the act had been done here."
            ))
        #expect(analysis.category(of: "sec_66A")?.primary == .jurisdiction)
        #expect(!analysis.findings.contains { $0.feature == FeatureID("harm.required") })
    }
}
