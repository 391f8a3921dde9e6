import SafeguardAnalysis
import SafeguardModel
import SafeguardTestSupport
import Testing

/// One sentence in one article with a heading that sets its category, and whether a feature must be found.
struct FeatureCase: CustomTestStringConvertible, Sendable {
    enum Kind: String, Sendable { case positive, negative, negation }
    var feature: String
    var kind: Kind
    var heading: String
    var text: String
    /// The words the finding must quote (positive cases), when given.
    var quote: String?

    var testDescription: String { "\(feature) \(kind.rawValue): \(text.prefix(60))" }

    static func yes(_ feature: String, _ heading: String, _ text: String, quote: String? = nil) -> FeatureCase {
        FeatureCase(feature: feature, kind: .positive, heading: heading, text: text, quote: quote)
    }
    static func no(_ feature: String, _ heading: String, _ text: String) -> FeatureCase {
        FeatureCase(feature: feature, kind: .negative, heading: heading, text: text)
    }
    static func negated(_ feature: String, _ heading: String, _ text: String) -> FeatureCase {
        FeatureCase(feature: feature, kind: .negation, heading: heading, text: text)
    }
}

let crime = "Illegal access"
let power = "Production order"
let guard_ = "Conditions and safeguards"
let coop = "Mutual legal assistance"
let victims = "Assistance to and protection of victims"
let terms = "Use of terms"
let scopeHeading = "Scope of procedural measures"

let featureCases: [FeatureCase] = [
    // obligation.mandatory
    .yes(
        "obligation.mandatory", crime,
        "Each State Party shall adopt such legislative and other measures as may be necessary to establish as a criminal offence the "
            + "access.",
        quote: "Each State Party shall adopt such legislative and other measures"),
    .yes(
        "obligation.mandatory", crime,
        "Each State Party shall, in accordance with its domestic law, take the measures necessary to criminalize the access."),
    .no("obligation.mandatory", crime, "Each State Party may adopt such measures as it deems appropriate."),
    .negated(
        "obligation.mandatory", crime,
        "A State Party shall not be required to adopt measures to establish the conduct in paragraph 1 as an offence."),
    .negated("obligation.mandatory", crime, "No State Party shall be required to adopt measures to punish the conduct."),
    // obligation.optional
    .yes(
        "obligation.optional", crime, "A Party may require that the offence be committed by infringing security measures.",
        quote: "Party may require"),
    .yes("obligation.optional", coop, "States Parties shall consider entering into bilateral agreements."),
    .no("obligation.optional", crime, "Each Party shall adopt such measures as may be necessary to establish the offence."),
    .negated("obligation.optional", coop, "The requested State Party may not refuse assistance on the ground of bank secrecy."),
    // obligation.reservation
    .yes("obligation.reservation", crime, "Each Party may reserve the right not to apply paragraph 1 of this article."),
    .no("obligation.reservation", crime, "Each Party shall apply paragraph 1 of this article."),
    .negated("obligation.reservation", crime, "Parties may not reserve the right not to apply this article."),
    // obligation.domestic-law-deference
    .yes(
        "obligation.domestic-law-deference", power,
        "Each State Party shall, in accordance with its domestic law, empower its competent authorities to order the production."),
    .yes(
        "obligation.domestic-law-deference", power,
        "consistent with the fundamental principles of its legal system, each State Party shall empower its competent authorities."),
    .no(
        "obligation.domestic-law-deference", crime,
        "Each Party shall establish as criminal offences under its domestic law the access to a computer system."),
    // obligation.within-means
    .yes("obligation.within-means", "Prevention", "Each State Party shall, within its means, endeavour to develop preventive measures."),
    .yes("obligation.within-means", "Prevention", "States Parties shall, where appropriate, promote awareness."),
    .no("obligation.within-means", "Prevention", "States Parties shall promote awareness in the widest measure."),
    // scope.broad-grounds
    .yes(
        "scope.broad-grounds", "Power to direct interception",
        "Where the Minister is satisfied that it is necessary or expedient in the interest of public order, he may direct any agency to "
            + "intercept any information.",
        quote: "necessary or expedient in the interest of public order"),
    .yes(
        "scope.broad-grounds", "Blocking of content",
        "The Authority may order a provider to block content on grounds of national security.", quote: "on grounds of national security"),
    .no(
        "scope.broad-grounds", coop,
        "Assistance may be refused if the request is likely to prejudice the sovereignty, security or public order of the requested "
            + "State."),
    .no(
        "scope.broad-grounds", power,
        "A production order may be made only where necessary in a democratic society in the interests of national security."),
    .negated("scope.broad-grounds", power, "No order under this section shall be made on grounds of national security alone."),
    // mens-rea.intent
    .yes(
        "mens-rea.intent", crime, "when committed intentionally and without right, the access to a computer system.", quote: "intentionally"
    ),
    .no("mens-rea.intent", crime, "when committed negligently, the access to a computer system."),
    .no("mens-rea.intent", terms, "\"Intentionally\" means with purpose."),
    // mens-rea.dishonest-intent
    .yes("mens-rea.dishonest-intent", "Computer-related fraud", "with a dishonest intent to obtain a financial gain."),
    .no(
        "mens-rea.dishonest-intent", "Computer-related fraud",
        "the causing of a loss of property to another person by any input of computer data."),
    // mens-rea.criminal-intent
    .yes(
        "mens-rea.criminal-intent", "Misuse of devices",
        "with intent that the tool be used to commit one of the offences in articles 2 to 5."),
    .no("mens-rea.criminal-intent", "Misuse of devices", "with intent to obtain computer data."),
    .no(
        "mens-rea.criminal-intent", "Misuse of devices",
        "the sale of a device designed primarily for the purpose of committing an offence under article 2."),
    // harm.required
    .yes(
        "harm.required", "System interference", "the serious hindering of the functioning of a computer system which causes serious harm.",
        quote: "causes serious harm"),
    .no("harm.required", "System interference", "A Party may require that the conduct result in serious harm."),
    .no("harm.required", "System interference", "the hindering of the functioning of a computer system by inputting computer data."),
    // harm.optional
    .yes(
        "harm.optional", "Data interference",
        "A Party may reserve the right to require that the conduct described in paragraph 1 result in serious harm."),
    .no("harm.optional", "Data interference", "the damaging of computer data which causes serious harm."),
    .negated("harm.optional", "Data interference", "No Party may require that the conduct result in serious harm."),
    .negated("harm.required", "Data interference", "No Party may require that the conduct result in serious harm."),
    // standard.without-right
    .yes("standard.without-right", crime, "the access to the whole or any part of a computer system without right."),
    .yes("standard.without-right", crime, "A person who unlawfully accesses a computer system commits an offence."),
    .no("standard.without-right", crime, "the access to the whole of a computer system."),
    .no("standard.without-right", guard_, "No one shall be subjected to arbitrary or unlawful interference with privacy."),
    // standard.without-authorization
    .yes(
        "standard.without-authorization", crime,
        "A person who accesses a computer system without authorization or in excess of authorization."),
    .yes("standard.without-authorization", crime, "A person who causes unauthorised access to a program commits an offence."),
    .no("standard.without-authorization", crime, "A person who accesses a computer system commits an offence."),
    // offence.cyber-dependent
    .yes(
        "offence.cyber-dependent", crime, "the access to the whole or any part of a computer system without right.",
        quote: "access to the whole or any part of a computer system"),
    .yes(
        "offence.cyber-dependent", "Illegal interception", "the interception by technical means of private transmissions of computer data.",
        quote: "interception by technical means of private transmissions of computer data"),
    .no(
        "offence.cyber-dependent", terms,
        "\"Computer data\" means any representation of facts suitable for processing in a computer system, including access codes."),
    .no("offence.cyber-dependent", power, "to order the interception of transmissions of computer data."),
    .negated(
        "offence.cyber-dependent", crime,
        "Nothing in this article shall establish as an offence the access to a computer system by its owner."),
    // offence.cyber-enabled
    .yes(
        "offence.cyber-enabled", "Computer-related fraud", "Each Party shall criminalize computer-related fraud.",
        quote: "computer-related fraud"),
    .yes(
        "offence.cyber-enabled", "Computer-related forgery", "the input of computer data resulting in inauthentic data.",
        quote: "inauthentic data"),
    .no("offence.cyber-enabled", "Offences", "with fraudulent intent of procuring a benefit."),
    .no("offence.cyber-enabled", coop, "mutual assistance in relation to fraud shall be afforded."),
    // offence.content-expression
    .yes(
        "offence.content-expression", "False information",
        "A person who publishes false information likely to disturb public order commits an offence."),
    .yes(
        "offence.content-expression", "Offences against the State",
        "A person who insults the Head of State by means of a computer system commits an offence."),
    .no("offence.content-expression", coop, "The requested Party may refuse assistance if execution would prejudice its public order."),
    .no("offence.content-expression", crime, "the access to a computer system without right."),
    // offence.content-sexual-abuse
    .yes(
        "offence.content-sexual-abuse", "Offences related to child sexual abuse material",
        "producing child sexual abuse material for the purpose of its distribution.", quote: "child sexual abuse material"),
    .yes(
        "offence.content-sexual-abuse", "Solicitation of children",
        "the solicitation of children for sexual purposes through a computer system.", quote: "solicitation of children"),
    .no("offence.content-sexual-abuse", victims, "protection of victims of child sexual abuse shall be ensured."),
    // exception.security-research
    .yes(
        "exception.security-research", "Misuse of devices",
        "No liability arises under this article where the tool is made for the authorised testing of a computer system."),
    .no(
        "exception.security-research", "Misuse of devices",
        "the production, sale or distribution of a device designed for committing an offence."),
    // exception.public-interest
    .yes("exception.public-interest", "Illegal interception", "It is a defence that the disclosure was made in the public interest."),
    .yes(
        "exception.public-interest", "Illegal "
            + "interception", "This article does not apply to conduct for legitimate journalistic purposes."),
    .no("exception.public-interest", coop, "execution of the request would prejudice essential interests of the requested Party."),
    // protected.*
    .yes(
        "protected.journalists", "Protection of human rights",
        "including the right to freedom of expression of journalists and their sources."),
    .no("protected.journalists", "Protection of human rights", "including the right to freedom of expression."),
    .yes(
        "protected.human-rights-defenders", "Protection of human rights",
        "the legitimate activities of human rights defenders shall not be criminalized."),
    .no("protected.human-rights-defenders", "Protection of human rights", "in accordance with international human rights law."),
    .yes("protected.whistleblowers", "Protection of reporting persons", "appropriate measures to provide protection to whistleblowers."),
    .no("protected.whistleblowers", "Protection of reporting persons", "service providers shall report incidents."),
    .yes("protected.civil-society", "Prevention", "in cooperation with civil society and non-governmental organizations."),
    .no("protected.civil-society", "Prevention", "in cooperation with relevant stakeholders."),
    // scope.any-offence
    .yes("scope.any-offence", scopeHeading, "the collection of evidence in electronic form of any criminal offence."),
    .yes("scope.any-offence", scopeHeading, "other criminal offences committed by means of a computer system."),
    .yes("scope.any-offence", coop, "for the purpose of investigations of serious crime."),
    .no("scope.any-offence", scopeHeading, "the criminal offences established in accordance with articles 7 to 16 of this Convention."),
    .no("scope.any-offence", crime, "Any person who accesses a computer system without right commits any offence under this Act."),
    .negated("scope.any-offence", scopeHeading, "Nothing in this chapter shall apply the powers to any criminal offence."),
    // power.preservation
    .yes(
        "power.preservation", "Expedited preservation of stored computer data",
        "to order or similarly obtain the expeditious preservation of specified computer data."),
    .no("power.preservation", "Expedited preservation of stored computer data", "service providers shall keep records."),
    .negated(
        "power.preservation", "Expedited preservation of stored computer data",
        "Nothing in this article shall require the expeditious preservation of specified computer data."),
    // power.data-retention
    .yes(
        "power.data-retention", "Data retention",
        "Service providers shall retain all traffic data of their users for a period of two years."),
    .no(
        "power.data-retention", "Expedited preservation of stored computer data",
        "to preserve specified computer data for up to ninety days."),
    // power.production-order
    .yes("power.production-order", power, "to order a company in its territory to submit specified computer data it holds."),
    .no("power.production-order", coop, "The requesting Party shall submit a request in writing."),
    .negated(
        "power.production-order", power,
        "Nothing in this article shall be interpreted as permitting authorities to order a person to submit specified computer data."),
    // power.subscriber-information
    .yes("power.subscriber-information", power, "to order a service provider to submit subscriber information relating to such services."),
    .no("power.subscriber-information", terms, "\"Subscriber information\" means any information held by a service provider."),
    // power.search-seizure
    .yes(
        "power.search-seizure", "Search and seizure of stored computer data",
        "to search a computer system and to seize or similarly secure the data found there."),
    .no("power.search-seizure", "Confiscation", "the freezing, seizure and confiscation of proceeds of crime."),
    // power.real-time-traffic
    .yes("power.real-time-traffic", "Real-time collection of traffic data", "to record traffic data in real time using technical means."),
    .no("power.real-time-traffic", "Expedited preservation of stored computer data", "to preserve stored traffic data."),
    // power.interception-content
    .yes(
        "power.interception-content", "Interception of content data",
        "to collect or record content data, in real time, of specified communications."),
    .negated(
        "power.interception-content", "Interception of content data",
        "Nothing in this article shall be interpreted as authorizing the interception of content data."),
    .no(
        "power.interception-content", "Illegal interception", "the interception without right of non-public transmissions of computer data."
    ),
    // power.compelled-assistance
    .yes(
        "power.compelled-assistance", "Search and seizure of stored computer data",
        "to compel anyone with knowledge about the functioning of a system to help investigators."),
    .no("power.compelled-assistance", "Technical assistance", "States Parties shall afford one another technical assistance."),
    // power.cross-border-access
    .yes(
        "power.cross-border-access", "Trans-border access to stored computer data",
        "the police may obtain stored data located in another State without making a request."),
    .no("power.cross-border-access", coop, "The requesting Party may request the requested Party to search stored computer data."),
    // power.content-blocking
    .yes(
        "power.content-blocking", "Removal of content", "The competent authority may order the blocking of a website hosting such material."
    ),
    .no("power.content-blocking", "System interference", "the serious hindering of the functioning of a computer system."),
    .negated("power.content-blocking", "Removal of content", "Nothing in this article authorizes the removal of content."),
    // safeguards
    .yes("safeguard.legality", guard_, "Any such measure shall be provided for by law."),
    .no("safeguard.legality", guard_, "Each Party shall, in accordance with its domestic law, apply the measures."),
    .yes("safeguard.necessity", guard_, "interference must be necessary and proportionate to a legitimate aim."),
    .no("safeguard.necessity", guard_, "Each Party shall adopt such measures as may be necessary."),
    .yes("safeguard.proportionality", guard_, "which shall incorporate the principle of proportionality."),
    .no("safeguard.proportionality", "Sanctions and measures", "punishable by effective, proportionate and dissuasive sanctions."),
    .no("safeguard.proportionality", guard_, "punishable by effective, proportionate and dissuasive sanctions."),
    .yes("safeguard.judicial-authorization", guard_, "Such conditions shall include judicial or other independent supervision."),
    .no("safeguard.judicial-authorization", guard_, "Such conditions shall include authorization by the competent authority."),
    .negated("safeguard.judicial-authorization", guard_, "Preservation orders shall not be subject to judicial review."),
    .yes("safeguard.prior-judicial-authorization", guard_, "Interception may take place only on the basis of a warrant issued by a judge."),
    .yes("safeguard.prior-judicial-authorization", guard_, "subject to prior authorization by a judicial authority."),
    .no("safeguard.prior-judicial-authorization", guard_, "Such conditions shall include judicial or other independent review."),
    .yes(
        "safeguard.independent-oversight", guard_,
        "The use of these powers shall be subject to oversight by an independent supervisory authority."),
    .no("safeguard.independent-oversight", guard_, "Such conditions shall include judicial or other independent supervision."),
    .yes("safeguard.effective-remedy", guard_, "Any person whose data have been obtained shall have the right to an effective remedy."),
    .no("safeguard.effective-remedy", guard_, "Providers shall remedy breaches of security without delay."),
    .yes("safeguard.notification", guard_, "The person concerned shall be notified once the measure has ended."),
    .no("safeguard.notification", coop, "The requested Party shall promptly notify the requesting Party of the outcome."),
    .negated("safeguard.notification", guard_, "Authorities shall not inform the person concerned."),
    .yes("safeguard.limited-duration", guard_, "Such conditions shall include limitation of the scope and duration of such power."),
    .yes(
        "safeguard.limited-duration", "Expedited preservation of stored computer data",
        "for as long as needed, up to a maximum of ninety days."),
    .yes("safeguard.limited-duration", "Expedited preservation of stored computer data", "The order shall not exceed ninety days."),
    .no("safeguard.limited-duration", "Expedited preservation of stored computer data", "for a period of time as long as necessary."),
    .yes("safeguard.human-rights-law", guard_, "consistent with its obligations under international human rights law."),
    .yes("safeguard.human-rights-law", guard_, "rights arising under the International Covenant on Civil and Political Rights."),
    .no("safeguard.human-rights-law", guard_, "in accordance with its domestic law."),
    // cooperation
    .yes("dual-criminality.required", coop, "Assistance shall be subject to dual criminality."),
    .yes("dual-criminality.required", "Extradition", "The offence shall be punishable under the laws of both States Parties."),
    .yes(
        "dual-criminality.required", "Extradition",
        "provided that the offence is punishable under the domestic law of both the requesting and the requested State."),
    .no(
        "dual-criminality.required", coop,
        "Whenever dual criminality is considered a requirement, it shall be deemed fulfilled irrespective of whether the laws of the "
            + "requested State Party place the offence within the same category."
    ),
    .no("dual-criminality.required", coop, "The requested State Party may refuse the request in the absence of dual criminality."),
    .negated("dual-criminality.required", coop, "Assistance shall not be refused for lack of dual criminality."),
    .yes("dual-criminality.optional", coop, "The requested State Party may refuse the request in the absence of dual criminality."),
    .yes(
        "dual-criminality.optional", coop,
        "Whenever dual criminality is considered a requirement, it shall be deemed fulfilled irrespective of the category."),
    .no("dual-criminality.optional", coop, "Assistance shall be subject to dual criminality."),
    .negated(
        "dual-criminality.optional", coop,
        "The requested State Party may not refuse the request on the ground of absence of dual criminality."),
    .yes(
        "dual-criminality.conduct-based", coop,
        "this condition is deemed satisfied regardless of whether the two legal systems classify the act in the same category or give it "
            + "the same name, provided the underlying conduct is an offence under the laws of both."
    ),
    .no("dual-criminality.conduct-based", coop, "The requested State Party may refuse the request in the absence of dual criminality."),
    .yes(
        "refusal.human-rights", coop,
        "Assistance may be refused where the request aims to punish someone on account of their religion or political opinions."),
    .no("refusal.human-rights", coop, "Assistance shall not be refused on the ground of bank secrecy."),
    .yes(
        "refusal.political-offence", coop,
        "Assistance may be refused if the request concerns an offence which the requested Party considers a political offence."),
    .negated(
        "refusal.political-offence", coop, "Assistance may not be refused on the sole ground that the request concerns a political offence."
    ),
    .negated(
        "refusal.political-offence", "Extradition",
        "None of the offences established in accordance with this Convention shall be regarded as a political offence."),
    .yes(
        "refusal.sovereignty-public-order", coop,
        "The requested Party may refuse where granting the request would harm the sovereignty or essential interests of the requested "
            + "Party."
    ),
    .no("refusal.sovereignty-public-order", coop, "States Parties shall cooperate with full respect for the sovereignty of other States."),
    .no("refusal.human-rights", "Protection of human rights", "States Parties shall protect human rights defenders from persecution."),
    .yes(
        "refusal.political-offence", "Extradition",
        "Extradition shall not be granted if the offence is regarded by the requested Party as a political offence."),
    .yes("refusal.political-offence", "Extradition", "A State Party shall not be obliged to extradite a person for a political offence."),
    .no("refusal.sovereignty-public-order", coop, "if execution of the request would interfere with an ongoing investigation."),
    // victims
    .yes(
        "victims.protection", victims, "Each State Party shall take appropriate measures to provide assistance and protection to victims."),
    .no("victims.protection", victims, "the number of victims shall be recorded."),
    .yes("victims.information", victims, "Each State Party shall inform victims of the progress of proceedings."),
    .no("victims.information", victims, "Each State Party shall provide information relating to subscribers."),
    .yes("victims.participation", victims, "so that the views and concerns of victims are heard."),
    .no("victims.participation", victims, "to provide assistance and protection to victims."),
    .yes("victims.compensation", victims, "procedures to provide access to compensation and restitution for victims."),
    .no("victims.compensation", coop, "The requesting Party shall bear the costs, including compensation for the costs of experts."),
    .yes(
        "victims.return-of-property", "Return of confiscated property",
        "States Parties shall return confiscated property to its prior legitimate owners."),
    .no("victims.return-of-property", "Confiscation", "the freezing and confiscation of proceeds of crime."),
]

/// Negation for every negatable feature, and negation that must not cancel the protective ones.
let negationCases: [FeatureCase] = [
    .negated(
        "obligation.domestic-law-deference", power, "Nothing in this article shall be read as making the order subject to its domestic law."
    ),
    .negated("obligation.within-means", "Prevention", "Nothing in this article makes this duty apply only where appropriate."),
    .negated("mens-rea.intent", crime, "A Party may require that the conduct be committed intentionally."),
    .negated("mens-rea.dishonest-intent", "Computer-related fraud", "A Party may require a dishonest intent."),
    .negated(
        "mens-rea.criminal-intent", "Misuse of devices",
        "No liability arises where the production is not for the purpose of committing an offence."),
    .negated("harm.required", "System interference", "The offence shall not require that the conduct causes serious harm."),
    .negated("standard.without-right", crime, "A Party may require that the access be without right."),
    .negated("standard.without-authorization", crime, "A Party may require that the access be made without authorization."),
    .negated("offence.cyber-enabled", "Computer-related fraud", "Nothing in this article shall criminalize fraud committed offline."),
    .negated(
        "offence.content-expression", "Dissemination of false information",
        "Nothing in this article shall establish as an offence the publication of false information."),
    .negated(
        "offence.content-sexual-abuse", "Offences related to child sexual abuse material",
        "Nothing in this article shall require a Party to criminalize the consensual sharing of intimate images between adults."),
    .negated(
        "power.data-retention", "Data retention",
        "Nothing in this article shall require providers to retain traffic data for a period of one year."),
    .negated("power.subscriber-information", power, "A Party shall not be required to order the disclosure of subscriber information."),
    .negated(
        "power.search-seizure", "Search and seizure of stored computer data",
        "Authorities may not search or similarly access a computer system without a warrant."),
    .negated(
        "power.real-time-traffic", "Real-time collection of traffic data",
        "No State Party shall be required to collect traffic data in real time."),
    .negated(
        "power.compelled-assistance", "Search and seizure of stored computer data",
        "Nothing in this article shall permit an order to any person who has knowledge about the functioning of the system."),
    .negated(
        "power.cross-border-access", "Trans-border access to stored computer data",
        "Authorities shall not access stored data located in another State without its consent."),
    .negated("safeguard.legality", guard_, "The measure need not be provided for by law."),
    .negated("safeguard.necessity", guard_, "The measure need not be strictly necessary."),
    .negated("safeguard.proportionality", guard_, "Such orders shall not be subject to the principle of proportionality."),
    .negated("safeguard.prior-judicial-authorization", guard_, "Preservation orders shall not require a warrant issued by a judge."),
    .negated(
        "safeguard.independent-oversight", guard_, "These powers shall not be subject to oversight by an independent supervisory authority."
    ),
    .negated("safeguard.effective-remedy", guard_, "Persons affected shall not have a right to an effective remedy."),
    .negated("safeguard.human-rights-law", guard_, "These measures shall not be limited by international human rights law."),
    .negated(
        "dual-criminality.conduct-based", coop, "Dual criminality shall not be deemed fulfilled irrespective of the category of offence."),
    .negated(
        "refusal.human-rights", coop,
        "Assistance shall not be refused solely on the ground that the person alleges persecution on account of their religion."),
    .negated(
        "refusal.sovereignty-public-order", coop,
        "Assistance may not be refused on the sole ground that it concerns the essential interests of a third State."),
    .negated("victims.protection", victims, "A Party shall not be obliged to protect victims outside its territory."),
    .negated("victims.information", victims, "Authorities shall not inform victims of ongoing investigations."),
    .negated("victims.participation", victims, "A Party shall not be required to ensure that the views and concerns of victims are heard."),
    .negated("victims.compensation", victims, "Victims shall not receive compensation under this article."),
    .negated(
        "victims.return-of-property", "Return of confiscated property",
        "States Parties shall not be required to return confiscated property to its prior legitimate owners."),
    // Not negatable: the negation states the exception or protection.
    .yes("exception.public-interest", "Cyber harassment", "This section shall not apply to legitimate journalism."),
    .yes("protected.journalists", "Protection of human rights", "Measures shall not be applied so as to penalize journalists."),
    .yes(
        "protected.human-rights-defenders", "Protection of human rights",
        "Measures shall not be applied so as to penalize human rights defenders."),
    .yes("protected.whistleblowers", "Protection of human rights", "Measures shall not be applied so as to penalize whistleblowers."),
    .yes("protected.civil-society", "Protection of human rights", "Measures shall not be applied so as to restrict civil society."),
    .yes(
        "exception.security-research", "Misuse of devices", "This article shall not apply to the authorised testing of a computer system."),
    .yes("safeguard.limited-duration", "Expedited preservation of stored computer data", "The order shall not exceed ninety days."),
]

/// The same features in other drafting styles (our own sentences, written in the manner of each genre).
let genreCases: [FeatureCase] = [
    // US Code style
    .yes(
        "mens-rea.intent", "Fraud and related activity in connection with computers",
        "Whoever knowingly accesses a protected computer without authorization shall be fined under this title."),
    .yes(
        "offence.cyber-dependent", "Fraud and related activity in connection with computers",
        "Whoever intentionally accesses a computer without authorization shall be fined under this title."),
    .yes(
        "standard.without-authorization", "Fraud and related activity in connection with computers",
        "Whoever intentionally exceeds authorized access shall be fined under this title."),
    .yes(
        "safeguard.prior-judicial-authorization", "Required disclosure of customer communications",
        "A provider shall disclose the contents only pursuant to a warrant issued under the rules of criminal procedure by a court of "
            + "competent jurisdiction."
    ),
    .yes(
        "power.production-order", "Required disclosure of stored communications",
        "A governmental entity may require a provider to disclose the contents of a communication."),
    .no(
        "obligation.optional", "Required disclosure of stored communications",
        "A governmental entity may require a provider to disclose the contents of a communication."),
    .yes(
        "power.preservation", "Preservation of records",
        "A provider shall take all necessary steps to preserve records and other evidence in its possession."),
    .yes(
        "safeguard.limited-duration", "Preservation of records",
        "A provider shall preserve records and other evidence for a period of 90 days."),
    // Council-of-Europe style
    .yes(
        "safeguard.human-rights-law", guard_,
        "shall provide for the protection of human rights and liberties, including rights under the 1950 Convention for the Protection of "
            + "Human Rights and Fundamental Freedoms."
    ),
    .yes(
        "dual-criminality.optional", coop,
        "A Party may, for offences other than those in Articles 2 to 5, reserve the right to refuse preservation where the condition of "
            + "dual criminality cannot be fulfilled."
    ),
    .yes("scope.any-offence", "Scope of procedural provisions", "b. other criminal offences committed by means of a computer system; and"),
    // UN style
    .yes(
        "obligation.domestic-law-deference", guard_,
        "Each State Party shall ensure that the powers in this chapter are subject to conditions and safeguards provided for under its "
            + "domestic law."
    ),
    .yes(
        "offence.cyber-dependent", crime,
        "the access to the whole or any part of an information and communications technology system without right.",
        quote: "access to the whole or any part of an information and communications technology system"),
    // African regional style
    .yes(
        "obligation.mandatory", crime,
        "State Parties shall take the necessary legislative and/or regulatory measures to make it a criminal offence to access a computer "
            + "system without authorisation."
    ),
    .yes(
        "dual-criminality.required", "International cooperation",
        "agreements on mutual legal assistance in conformity with the principle of double criminal liability."),
    .yes(
        "safeguard.judicial-authorization", "Procedural law",
        "the investigating judge may carry out a search to access all or part of a computer system."),
    .yes(
        "power.search-seizure", "Procedural law",
        "the investigating judge may carry out a search to access all or part of a computer system."),
    // Traps from other genres
    .no("safeguard.necessity", coop, "States Parties recognize the necessity of prompt cooperation."),
    .no(
        "safeguard.prior-judicial-authorization", coop,
        "The requested Party shall give effect to a confiscation order issued by a court of the requesting Party."),
    .no("safeguard.judicial-authorization", coop, "Requests shall be sent to the judicial authorities of the requested Party."),
    .no("standard.without-right", crime, "A person who possesses unlawfully obtained computer data commits an offence."),
    .no(
        "safeguard.independent-oversight", "Review mechanism",
        "An independent body of experts shall review the implementation of this Convention."),
    // Commonwealth act style
    .yes(
        "safeguard.prior-judicial-authorization", "Search warrant",
        "Where a magistrate is satisfied on information on oath, the magistrate may issue a warrant authorising a police officer to search "
            + "the premises."
    ),
    .no(
        "safeguard.prior-judicial-authorization", "Preservation notice",
        "An authorised officer may, by written notice, require a person to preserve the data."),
    .yes(
        "power.compelled-assistance", "Assisting a police officer",
        "A person in possession or control of a computer system shall assist a police officer executing a warrant."),
    .yes(
        "standard.without-right", crime,
        "A person who intentionally, without lawful excuse or justification, accesses a computer system commits an offence."),
    .no(
        "safeguard.limited-duration", crime,
        "A person who accesses a computer system commits an offence punishable by imprisonment for a period not exceeding two months."),
    .no(
        "safeguard.limited-duration", crime,
        "A person who accesses a computer system without authorisation commits an offence and is liable to imprisonment for a term not "
            + "exceeding two years."
    ),
]

@Suite struct FeatureTests {
    static let lexicon = try! Lexicon.sharedBuiltIn()

    @Test(arguments: featureCases)
    func featureCase(_ testCase: FeatureCase) throws {
        let instrument = InstrumentBuilder.single(heading: testCase.heading, testCase.text)
        let analysis = Analyzer(lexicon: Self.lexicon).analyze(instrument)
        // An optional finding (an element a party may add) is no element: "may require" cases expect none.
        let hits = analysis.findings.filter { $0.feature.rawValue == testCase.feature && !$0.optional }
        switch testCase.kind {
        case .positive:
            #expect(!hits.isEmpty, "expected \(testCase.feature); found \(analysis.findings.map { "\($0.feature)=\($0.quote)" })")
            if let quote = testCase.quote {
                #expect(hits.contains { $0.quote == quote }, "quotes: \(hits.map(\.quote))")
            }
            for hit in hits {
                #expect(instrument.quote(hit.span) == hit.quote)
                #expect(hit.eId == "art_1")
            }
        case .negative, .negation:
            #expect(hits.isEmpty, "unexpected \(hits.map { "\($0.feature)=\($0.quote) [\($0.pattern ?? "")]" })")
        }
    }

    @Test(arguments: genreCases)
    func genreCase(_ testCase: FeatureCase) throws {
        try featureCase(testCase)
    }

    @Test(arguments: negationCases)
    func negationCase(_ testCase: FeatureCase) throws {
        try featureCase(testCase)
    }

    @Test func everyFeatureHasANegationTest() throws {
        let all = featureCases + negationCases
        let negated = Set(all.filter { $0.kind == .negation }.map(\.feature))
        let survivesNegation = Set(all.filter { $0.kind == .positive && $0.text.contains(" not ") }.map(\.feature))
        for feature in Self.lexicon.features {
            if feature.negatable {
                #expect(negated.contains(feature.id.rawValue), "no negation case for \(feature.id)")
            } else {
                #expect(survivesNegation.contains(feature.id.rawValue), "no case showing negation keeps \(feature.id)")
            }
        }
    }

    @Test func everyCatalogueFeatureHasAPositiveAndANegativeCase() throws {
        let positives = Set(featureCases.filter { $0.kind == .positive }.map(\.feature))
        let negatives = Set(featureCases.filter { $0.kind != .positive }.map(\.feature))
        for feature in Self.lexicon.features {
            #expect(positives.contains(feature.id.rawValue), "no positive case for \(feature.id)")
            #expect(negatives.contains(feature.id.rawValue), "no negative case for \(feature.id)")
        }
    }
}
