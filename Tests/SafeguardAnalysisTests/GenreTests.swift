import SafeguardAnalysis
import SafeguardModel
import SafeguardTestSupport
import Testing

// Drafting genres the examples do not cover: Commonwealth and Indian-style acts, EU directives, African Union,
// Arab League and Gulf-style laws in translation, US Code style. Every sentence is our own wording, written in
// the style of the genre (never copied from a real law). Each genre has positive cases and traps.

let commonwealthCases: [FeatureCase] = [
    // Mental element written the Commonwealth way.
    .yes(
        "mens-rea.intent", "Unauthorised access to computer material",
        "A person commits an offence if he makes a machine run any routine with intent to secure access to any program stored on that "
            + "machine.",
        quote: "with intent to"),
    .yes(
        "mens-rea.intent", "Unauthorised access to computer material",
        "A person commits an offence if, at the time of the act, he knows that the access he seeks is unauthorised.", quote: "he knows that"
    ),
    .yes(
        "mens-rea.intent", "Unauthorised modification of computer material",
        "A person who does an act causing a change to the contents of a computer commits an offence if he has the requisite intent.",
        quote: "has the requisite intent"),
    .yes(
        "mens-rea.intent", "Unauthorised access to computer material",
        "A person who obtains data from a computer, knowing that he is not entitled to do so, commits an offence.", quote: "knowing that"),
    // An objective standard ("reason to believe") or a rule that knowledge need not be proved is not intent.
    .no(
        "mens-rea.intent", "Publication of false statements",
        "A person who publishes a statement knowing or having reason to believe that it is untrue commits an offence."),
    .negated(
        "mens-rea.intent", "Unauthorised access to computer material",
        "In proceedings for an offence under this section it is not necessary to prove that the accused knew that the computer was "
            + "protected."
    ),
    // Offence kind from the body.
    .yes(
        "offence.cyber-dependent", "Unauthorised access to computer material",
        "A person commits an offence if he makes a machine run any routine with intent to secure access to any program stored on that "
            + "machine.",
        quote: "secure access to any program"),
    .yes(
        "offence.cyber-dependent", "Unauthorised modification of computer material",
        "A person commits an offence if he does any act which causes an unauthorised modification of the contents of any computer.",
        quote: "unauthorised modification of the contents of any computer"),
    .yes(
        "offence.cyber-dependent", "Damage to computer material",
        "A person who, without lawful excuse, does any act intended to impair the operation of any computer commits an offence.",
        quote: "impair the operation of any computer"),
    // Offence kind from the heading of an offence section only.
    .yes(
        "offence.cyber-dependent", "Unauthorised interference with a computer",
        "A person who does any act in relation to a computer, knowing that the act is not permitted, commits an offence and is liable on "
            + "conviction to a fine.",
        quote: "Unauthorised interference"),
    .negated(
        "offence.cyber-dependent", "Unauthorised access to computer material",
        "Nothing in this section makes it an offence for an employee to use a computer provided by the employer."),
    .no(
        "offence.cyber-dependent", "Interpretation",
        "\"unauthorised access\" means access by a person who is not entitled to control access of the kind in question."),
    .yes(
        "offence.cyber-dependent", "Making or supplying articles for computer offences",
        "A person is guilty of an offence if he supplies any article intending it to be used to commit an offence under section 3.",
        quote: "supplies any article intending"),
    .yes(
        "mens-rea.intent", "Making or supplying articles for computer offences",
        "A person is guilty of an offence if he supplies any article intending it to be used to commit an offence under section 3.",
        quote: "intending it to"),
    .yes(
        "offence.cyber-dependent", "Impairing the operation of a computer",
        "A person is guilty of an offence if he does any unauthorised act in relation to a computer with intent to impair its operation.",
        quote: "unauthorised act in relation to a computer"),
    .yes(
        "power.compelled-assistance", "Power to direct decryption",
        "The person in charge of the computer resource shall, when called upon by the agency, extend all facilities and technical "
            + "assistance to decrypt the information.",
        quote: "extend all facilities and technical assistance to decrypt"),
    // The speech offences NGOs look for.
    .yes(
        "offence.content-expression", "Offensive electronic communication",
        "Any person who, by means of a computer system, transmits a message that is grossly offensive, or that he knows to be false, for "
            + "the purpose of causing annoyance or needless anxiety to another person commits an offence.",
        quote: "grossly offensive"),
    .yes(
        "offence.content-expression", "Improper use of a communication service",
        "A person who sends through a public electronic network a message of a menacing character commits an offence.",
        quote: "menacing character"),
    .yes(
        "offence.content-expression", "False publication",
        "Any person who publishes false news likely to cause fear among the public commits an offence."),
    .yes(
        "offence.content-expression", "Seditious publication online",
        "Any person who, using a computer system, circulates seditious material commits an offence.", quote: "seditious"),
    .yes(
        "offence.content-expression", "Religious hatred",
        "A person who uses a social media platform to stir up religious hatred commits an offence.", quote: "religious hatred"),
    .yes(
        "offence.content-expression", "Offences relating to publication",
        "A person who publishes information in a computer system where that information is false, deceptive, misleading or inaccurate "
            + "commits an offence.",
        quote: "false, deceptive, misleading or inaccurate"),
    .no(
        "offence.content-expression", "Interpretation",
        "\"false information\" means information which the person sending it knows to be false."),
    .negated(
        "offence.content-expression", "Publication of false statements",
        "It shall not be an offence under this section to publish false information in good faith for the purposes of journalism."),
    .yes(
        "exception.public-interest", "Publication of false statements",
        "It shall not be an offence under this section to publish false information in good faith for the purposes of journalism.",
        quote: "journalism"),
    .yes(
        "offence.cyber-enabled", "Cyber bullying",
        "A person who engages in cyber bullying of a child through a computer system commits an offence.", quote: "cyber bullying"),
    .no(
        "offence.content-expression", "Computer-related forgery",
        "A person who creates a mock-up of a bank website with intent to deceive commits an offence."),
    .negated(
        "mens-rea.criminal-intent", "Unauthorised access to computer material",
        "A person who, without the intention to commit any further offence, accesses a computer without authority commits an offence."),
    // Obscene images of children are sexual abuse material, not a morals offence.
    .no(
        "offence.content-expression", "Child pornography",
        "Whoever publishes obscene material depicting a child engaged in sexual conduct shall be punished."),
    // Powers and their conditions in national acts.
    .yes(
        "safeguard.prior-judicial-authorization", "Search warrant",
        "A police officer may, on a warrant issued by a magistrate, enter any premises and search any computer system found there.",
        quote: "warrant issued by a magistrate"),
    .negated(
        "safeguard.prior-judicial-authorization", "Search without warrant",
        "An authorised officer may, without a warrant issued by a magistrate, search any computer system and seize any data found in it."),
    .negated(
        "safeguard.judicial-authorization", "Search without warrant",
        "An authorised officer may, without a warrant issued by a magistrate, search any computer system and seize any data found in it."),
    .yes(
        "power.search-seizure", "Search without warrant",
        "An authorised officer may, without a warrant issued by a magistrate, search any computer system and seize any data found in it."),
    .yes(
        "safeguard.prior-judicial-authorization", "Production order",
        "A police officer may apply ex parte to a judge for an order requiring a service provider to disclose traffic data.",
        quote: "apply ex parte to a judge for an order"),
    .yes(
        "safeguard.necessity", "Interception warrant",
        "The judge shall not issue a warrant under this section unless satisfied that the interception is necessary and proportionate to "
            + "the offence investigated.",
        quote: "necessary and proportionate"),
    .yes(
        "safeguard.proportionality", "Interception warrant",
        "The judge shall not issue a warrant under this section unless satisfied that the interception is necessary and proportionate to "
            + "the offence investigated."
    ),
    .yes(
        "safeguard.limited-duration", "Interception warrant",
        "A warrant under this section shall remain in force for a period not exceeding ninety days."),
    .yes(
        "safeguard.limited-duration", "Interception order",
        "An order under this section shall not be granted for a period exceeding three months.",
        quote: "shall not be granted for a period exceeding"),
    .yes(
        "power.data-retention", "Retention of traffic data",
        "Every service provider shall retain the traffic data of all subscribers for a period of not less than two years.",
        quote: "retain the traffic data of all subscribers for a period"),
    .no(
        "power.data-retention", "Preservation of data",
        "An authorised officer may by notice require a person to keep specified computer data for a period not exceeding ninety days."),
    .yes(
        "power.compelled-assistance", "Disclosure of decryption keys",
        "A person who holds a key to protected information shall, when so ordered, disclose the key needed to decrypt that information.",
        quote: "disclose the key needed to decrypt"),
    .yes(
        "power.content-blocking", "Blocking of websites",
        "The Authority may direct a service provider to block access to a website within twenty-four hours of the direction."),
    .negated(
        "power.interception-content", "Prohibition of interception",
        "No person shall intercept any communication transmitted through a public network."),
    .no(
        "power.data-retention", "Mutual legal assistance",
        "The central authority shall keep records of every request received for a period of five years."),
    // Victims in the sentencing sections of acts.
    .yes(
        "victims.compensation", "Penalties",
        "In addition to any penalty, the court may order the convicted person to pay compensation to the victim of the offence.",
        quote: "compensation"),
    .no("victims.compensation", "Penalties", "The court may order the convicted person to pay the costs of the prosecution."),
    .negated(
        "victims.compensation", "Penalties",
        "The court shall not order compensation under this section where the victim has been paid by an insurer."),
    // Consent of the person depicted is a precise element of the offence, not a vague unlawfulness standard.
    .no(
        "standard.without-authorization", "Intimate images",
        "A person who shares an intimate image of another person without the consent of the person depicted commits an offence."),
    .no(
        "standard.without-right", "Intimate images",
        "A person who shares an intimate image of another person without the consent of the person depicted commits an offence."),
]

let indianStyleCases: [FeatureCase] = [
    .yes(
        "offence.content-expression", "Punishment for transmitting offensive material through a communication device",
        "Whoever transmits by means of a computer resource any information which he knows to be false, for the purpose of causing insult, "
            + "enmity or ill will, shall be punishable with imprisonment for a term which may extend to two years.",
        quote: "knows to be false"),
    .yes(
        "power.interception-content", "Power to direct interception",
        "Where the Minister is satisfied that it is expedient in the interest of public order, he may by order direct any agency to "
            + "intercept or monitor any information transmitted through any computer resource.",
        quote: "intercept or monitor any information"),
    .no(
        "safeguard.prior-judicial-authorization", "Power to direct interception",
        "Where the Minister is satisfied that it is expedient in the interest of public order, he may by order direct any agency to "
            + "intercept or monitor any information transmitted through any computer resource."
    ),
    .negated(
        "power.interception-content", "Lawful interception",
        "Nothing in this section shall authorise the interception of any communication by an agency of the Government."),
    .yes(
        "offence.cyber-dependent", "Tampering with computer source code",
        "Whoever knowingly conceals, destroys or alters any computer source code required to be kept by law shall be punishable with fine.",
        quote: "conceals, destroys or alters any computer source code"),
]

let regionalCases: [FeatureCase] = [
    // EU directive.
    .yes(
        "offence.cyber-dependent", "Illegal system interference",
        "Member States shall take the necessary measures to ensure that seriously hindering the functioning of an information system by "
            + "inputting computer data is punishable as a criminal offence, when committed intentionally.",
        quote: "seriously hindering the functioning of an information system"),
    .yes(
        "obligation.mandatory", "Illegal system interference",
        "Member States shall take the necessary measures to ensure that seriously hindering the functioning of an information system by "
            + "inputting computer data is punishable as a criminal offence, when committed intentionally."
    ),
    // Council of Europe style, interception with a long qualifier.
    .yes(
        "offence.cyber-dependent", "Illegal interception",
        "Each Party shall establish as criminal offences the interception without right, made by any technical means whatsoever, of "
            + "non-public transmissions of computer data.",
        quote: "interception without right, made by any technical means whatsoever, of non-public transmissions"),
    // African Union style.
    .yes(
        "offence.cyber-dependent", "Attacks on computer systems",
        "State Parties shall take the necessary legislative and/or regulatory measures to make it a criminal offence to gain unauthorised "
            + "access to a computer system.",
        quote: "gain unauthorised access to a computer system"),
    .yes(
        "offence.cyber-dependent", "Computerised data breaches",
        "State Parties shall take the necessary legislative and/or regulatory measures to make it a criminal offence to intercept "
            + "computerised data fraudulently by technical means.",
        quote: "intercept computerised data"),
    .yes(
        "offence.cyber-dependent", "Offences against information systems",
        "Member States shall ensure that, when committed intentionally, the access without right, to the whole or to any part of an "
            + "information system, is punishable as a criminal offence.",
        quote: "access without right, to the whole or to any part of an information system"),
    // ECOWAS style.
    .yes(
        "offence.cyber-dependent", "Fraudulent access to computer systems",
        "The fact of accessing or attempting to access fraudulently all or part of a computer system shall be an offence.",
        quote: "Fraudulent access to computer systems"),
    // Arab League style in translation.
    .yes(
        "offence.cyber-dependent", "Offence of illicit access",
        "Illicit access to all or part of information technology, or remaining in it, shall be punishable.", quote: "Illicit access"),
    // Gulf style in translation.
    .yes(
        "offence.content-expression", "Offences against the State",
        "Whoever uses an information network to publish anything that would prejudice public order or harm the reputation of the State "
            + "shall be punished by imprisonment.",
        quote: "harm the reputation of the State"),
    .yes(
        "offence.content-expression", "Offences against the State",
        "Whoever uses an information network to offend the prestige or stature of the State shall be punished by imprisonment.",
        quote: "offend the prestige"),
    // A computer that matters to national security is the target of an attack, not speech.
    .no(
        "offence.content-expression", "Unauthorised access to protected computers",
        "Whoever gains access without permission to a computer holding data relating to national security shall be punished by "
            + "imprisonment."
    ),
    // South and Southeast Asian styles.
    .yes(
        "offence.content-expression", "Offences relating to computer data",
        "Whoever enters into a computer system false computer data likely to cause public panic shall be punished.", quote: "public panic"),
    .yes(
        "offence.content-expression", "Hurting religious sentiment",
        "Whoever publishes through any electronic medium anything that hurts religious sentiment shall be punished.",
        quote: "religious sentiment"),
    .yes(
        "offence.content-expression", "Offences against the Crown",
        "Whoever, by means of a computer system, brings into contempt the ruler of the State shall be punished.",
        quote: "brings into contempt"),
    .no(
        "offence.content-expression", "Damage to protected systems",
        "Whoever causes damage to computer data of a protected system shall be punished with imprisonment."),
    // UK style: approval of the warrant by a judicial commissioner.
    .yes(
        "safeguard.judicial-authorization", "Interception warrants",
        "A warrant may be issued only if the decision to issue it has been approved by a Judicial Commissioner.",
        quote: "approved by a Judicial Commissioner"),
    .no(
        "safeguard.judicial-authorization", "Interception warrants",
        "The Secretary of State may issue an interception warrant if satisfied that it is necessary."),
    // US Code style.
    .yes(
        "offence.cyber-dependent", "Fraud and related activity in connection with computers",
        "Whoever knowingly causes the transmission of a program to a protected computer and thereby intentionally causes damage to it "
            + "without authorization shall be fined or imprisoned.",
        quote: "transmission of a program"),
    .yes(
        "harm.required", "Fraud and related activity in connection with computers",
        "Whoever knowingly causes the transmission of a program to a protected computer and thereby intentionally causes damage to it "
            + "without authorization shall be fined or imprisoned."
    ),
]

@Suite struct GenreTests {
    static let lexicon = try! Lexicon.sharedBuiltIn()

    @Test(arguments: commonwealthCases + indianStyleCases + regionalCases)
    func genreSentence(_ testCase: FeatureCase) throws {
        try FeatureTests().featureCase(testCase)
    }

    /// A section of an act, numbered and headed the way acts are.
    private func section(_ heading: String, _ text: String) -> Instrument {
        var builder = InstrumentBuilder()
        builder.add("sec_66A", .section, num: "66A.", heading: heading, text)
        return builder.build()
    }

    @Test func punishmentForConductIsCriminalization() throws {
        let analysis = Analyzer(lexicon: Self.lexicon).analyze(
            section(
                "Punishment for transmitting offensive material through a communication device",
                "Whoever transmits by means of a computer resource any information that is grossly offensive shall be punishable with "
                    + "imprisonment for a term which may extend to two years."
            ))
        #expect(analysis.category(of: "sec_66A")?.primary == .criminalization)
        #expect(analysis.features(ofUnit: "sec_66A").contains(FeatureID("offence.content-expression")))
    }

    @Test func punishmentForOffencesIsSanctions() throws {
        let analysis = Analyzer(lexicon: Self.lexicon).analyze(
            section(
                "Punishment for offences under this Chapter",
                "Any person who commits an offence under this Chapter shall be punishable with imprisonment for a term which may extend to "
                    + "three years."
            ))
        #expect(analysis.category(of: "sec_66A")?.primary == .sanctions)
    }

    @Test func offenceHeadingsNameTheirKindWithoutHidingBodyOffences() throws {
        // The body never says "harass": the heading names the offence.
        let harassment = Analyzer(lexicon: Self.lexicon).analyze(
            section(
                "Cyber harassment",
                "A person who, by means of a computer system, wilfully communicates with another person so as to cause that person to fear "
                    + "for his safety commits an offence."
            ))
        #expect(harassment.findings.contains { $0.feature == FeatureID("offence.cyber-enabled") && $0.quote == "Cyber harassment" })
        // A fraud heading does not turn the body's access offence into a means of fraud.
        let mixed = Analyzer(lexicon: Self.lexicon).analyze(
            section(
                "Computer fraud",
                "A person who intentionally accesses a computer system without authority commits an offence."))
        #expect(mixed.features(ofUnit: "sec_66A").contains(FeatureID("offence.cyber-dependent")))
        #expect(mixed.features(ofUnit: "sec_66A").contains(FeatureID("offence.cyber-enabled")))
        // The US Code heading over access offences is not a fraud offence.
        let usCode = Analyzer(lexicon: Self.lexicon).analyze(
            section(
                "Fraud and related activity in connection with computers",
                "Whoever intentionally accesses a computer without authorization shall be punished."))
        #expect(!usCode.features(ofUnit: "sec_66A").contains(FeatureID("offence.cyber-enabled")))
        #expect(usCode.features(ofUnit: "sec_66A").contains(FeatureID("offence.cyber-dependent")))
    }

    @Test func aDutyWithAPenaltyStaysAPower() throws {
        let analysis = Analyzer(lexicon: Self.lexicon).analyze(
            section(
                "Duty of service providers to retain data",
                "Every service provider shall retain the traffic data of all its subscribers for a period of not less than one year, and a "
                    + "service provider who fails to do so commits an offence."
            ))
        #expect(analysis.category(of: "sec_66A")?.primary == .proceduralPower)
        #expect(analysis.features(ofUnit: "sec_66A").contains(FeatureID("power.data-retention")))
    }

    @Test func aCompensationSectionInAPowersPartIsAboutVictims() throws {
        var builder = InstrumentBuilder()
        builder.add("part_4", .part, num: "PART IV", heading: "Investigation procedures")
        builder.add(
            "sec_13", .section, num: "13.", heading: "Compensation",
            "The court may, in addition to any other penalty, order the convicted person to pay compensation to the victim.",
            parent: "part_4")
        let analysis = Analyzer(lexicon: Self.lexicon).analyze(builder.build())
        #expect(analysis.category(of: "sec_13")?.primary == .victimsWitnesses)
        #expect(analysis.features(ofUnit: "sec_13").contains(FeatureID("victims.compensation")))
    }

    @Test func headingEvidenceNamesTheSectionAndQuotesTheHeading() throws {
        let instrument = section(
            "Unauthorised interference with a computer",
            "A person who does any act in relation to a computer, knowing that the act is not permitted, commits an offence.")
        let analysis = Analyzer(lexicon: Self.lexicon).analyze(instrument)
        let hits = analysis.findings.filter { $0.feature == FeatureID("offence.cyber-dependent") }
        #expect(hits.count == 1)
        #expect(hits.first?.eId == "sec_66A")
        #expect(hits.first?.quote == "Unauthorised interference")
        if let hit = hits.first { #expect(instrument.quote(hit.span) == hit.quote) }
        // Other features never rest on headings: "Unauthorised" in the heading is no without-authorisation element.
        #expect(!analysis.findings.contains { $0.feature == FeatureID("standard.without-authorization") })
    }

    @Test func headingOfAPowerSectionGivesNoOffence() throws {
        let analysis = Analyzer(lexicon: Self.lexicon).analyze(
            section(
                "Powers of investigation of unauthorised access",
                "A police officer may, on a warrant issued by a magistrate, search any computer system."))
        #expect(analysis.category(of: "sec_66A")?.primary != .criminalization)
        #expect(!analysis.findings.contains { $0.feature.rawValue.hasPrefix("offence.") })
    }
}
