import SafeguardAnalysis
import SafeguardAssessment
import SafeguardModel
import SafeguardTestSupport
import Testing
@testable import SafeguardComparison
import Foundation
import FoundationEssentials

/// Typed-change rules on hand-built analyses: each rule positive and negative.
@Suite struct ChangeDetectorTests {
    let rules = try! ChangeRules.builtIn()

    func compare(
        _ old: Instrument, _ oldFindings: [(String, String, String)], _ new: Instrument, _ newFindings: [(String, String, String)],
        categories: [String: Category] = [:], newCategories: [String: Category]? = nil
    ) -> [Change] {
        let a = TestInstruments.analysis(old, findings: oldFindings, categories: categories)
        let b = TestInstruments.analysis(new, findings: newFindings, categories: newCategories ?? categories)
        return Comparator(rules: rules).compare(a, b).changes
    }

    static func one(_ articles: [TestArticle]) -> Instrument { TestInstruments.make([TestChapter(nil, nil, articles)]) }

    @Test func selfComparisonReportsNoChange() {
        let instrument = Sample.base()
        let findings = [
            ("obligation.mandatory", "art_7__para_1", "shall adopt"), ("mens-rea.intent", "art_7__para_1", "intentionally"),
            ("standard.without-right", "art_7__para_1", "without right"), ("offence.cyber-dependent", "art_7__para_1", "access"),
            ("safeguard.proportionality", "art_13__para_1", "proportionality"), ("victims.compensation", "art_14__para_2", "compensation"),
        ]
        let changes = compare(instrument, findings, instrument, findings, categories: ["art_7": .criminalization])
        #expect(changes.isEmpty)
        let comparison = Comparator(rules: rules).compare(
            TestInstruments.analysis(instrument, findings: findings), TestInstruments.analysis(instrument, findings: findings))
        #expect(comparison.summary.total == 0)
    }

    @Test func shallBecomingMayWeakensTheObligation() {
        let old = Self.one([
            TestArticle("5", "Review", ["Such conditions shall include judicial review.", "Each Party shall keep records."])
        ])
        let new = Self.one([TestArticle("5", "Review", ["Such conditions may include judicial review.", "Each Party shall keep records."])])
        let changes = compare(
            old, [("obligation.mandatory", "art_5__para_1", "shall include"), ("obligation.mandatory", "art_5__para_2", "shall keep")],
            new, [("obligation.optional", "art_5__para_1", "may include"), ("obligation.mandatory", "art_5__para_2", "shall keep")])
        #expect(changes.count == 1)
        let change = changes.first
        #expect(change?.type == .obligationWeakened)
        #expect(change?.classification == .weakensSafeguard)
        #expect(change?.old == "art_5__para_1")
        #expect(change?.new == "art_5__para_1")
        #expect(change?.oldQuote == "shall include")
        #expect(change?.newQuote == "may include")
        // And the reverse strengthens.
        let reverse = compare(
            new, [("obligation.optional", "art_5__para_1", "may include"), ("obligation.mandatory", "art_5__para_2", "shall keep")],
            old, [("obligation.mandatory", "art_5__para_1", "shall include"), ("obligation.mandatory", "art_5__para_2", "shall keep")])
        #expect(reverse.map(\.type) == [.obligationStrengthened])
    }

    @Test func obligationsReshuffledBetweenParagraphsAreNotWeakened() {
        // The same two sentences in swapped paragraphs: content alignment keeps each with its own words.
        let first = "Each Party shall establish a point of contact available twenty-four hours a day, seven days a week."
        let second = "Each Party may designate a central authority for requests concerning stored electronic data."
        let old = Self.one([TestArticle("5", "Contact", [first, second])])
        let new = Self.one([TestArticle("5", "Contact", [second, first])])
        let changes = compare(
            old, [("obligation.mandatory", "art_5__para_1", "shall establish"), ("obligation.optional", "art_5__para_2", "may designate")],
            new, [("obligation.optional", "art_5__para_1", "may designate"), ("obligation.mandatory", "art_5__para_2", "shall establish")])
        #expect(changes.isEmpty)
    }

    @Test func dualCriminalityMadeOptionalIsWeakened() {
        let old = Self.one([
            TestArticle(
                "20", "Mutual assistance",
                [
                    "Where dual criminality is required, it shall be deemed fulfilled irrespective of the category of the offence.",
                    "Assistance shall be provided promptly.",
                ])
        ])
        let new = Self.one([
            TestArticle(
                "20", "Mutual assistance",
                [
                    "A requested State Party may refuse assistance in the absence of dual criminality.",
                    "Assistance shall be provided promptly.",
                ])
        ])
        let changes = compare(
            old, [("dual-criminality.conduct-based", "art_20__para_1", "deemed fulfilled irrespective of the category")],
            new, [("dual-criminality.optional", "art_20__para_1", "may refuse assistance in the absence of dual criminality")],
            categories: ["art_20": .cooperation])
        #expect(changes.map(\.type) == [.dualCriminalityWeakened])
        #expect(changes.first?.newQuote == "may refuse assistance in the absence of dual criminality")
        #expect(changes.first?.old == "art_20__para_1")
        // Both sides require it: nothing.
        let same = compare(
            old, [("dual-criminality.required", "art_20__para_1", "dual criminality is required")],
            old, [("dual-criminality.required", "art_20__para_1", "dual criminality is required")])
        #expect(same.isEmpty)
        // Optional became required: strengthened.
        let reverse = compare(
            new, [("dual-criminality.optional", "art_20__para_1", "may refuse assistance in the absence of dual criminality")],
            old, [("dual-criminality.conduct-based", "art_20__para_1", "deemed fulfilled irrespective of the category")])
        #expect(reverse.map(\.type) == [.dualCriminalityStrengthened])
    }

    @Test func newOffenceArticleIsOffenceAddedButNewVictimsArticleIsNot() {
        let old = Self.one([Sample.access])
        let speech = TestArticle(
            "8", "False information",
            [
                "Each State Party shall adopt such measures as may be necessary to establish as criminal offences the dissemination of "
                    + "false information likely to disturb public order."
            ])
        let new = Self.one([Sample.access, speech])
        let changes = compare(
            old, [], new, [("offence.content-expression", "art_8__para_1", "dissemination of false information")],
            newCategories: ["art_8": .criminalization])
        #expect(changes.map(\.type) == [.offenceAdded])
        #expect(changes.first?.classification == .expandsScope)
        #expect(changes.first?.old == nil)
        #expect(changes.first?.new == "art_8__para_1")
        let victims = compare(
            old, [], Self.one([Sample.access, Sample.victims.withNumber("8")]), [("obligation.mandatory", "art_8__para_1", "shall take")])
        #expect(victims.isEmpty)
    }

    @Test func anyOffenceInAPowerExtendsScopeButNotInAnOffence() {
        let old = Self.one([
            TestArticle(
                "12", "Production order",
                [
                    "Each Party shall empower its authorities to order production of specified data for the offences established in this "
                        + "Convention."
                ])
        ])
        let new = Self.one([
            TestArticle(
                "12", "Production order",
                [
                    "Each Party shall empower its authorities to order production of specified data for the investigation of any criminal "
                        + "offence."
                ])
        ])
        let findings = [("scope.any-offence", "art_12__para_1", "any criminal offence")]
        let changes = compare(old, [], new, findings, categories: ["art_12": .proceduralPower])
        #expect(changes.map(\.type) == [.scopeExtended])
        #expect(changes.first?.classification == .expandsScope)
        #expect(compare(old, [], new, findings, categories: ["art_12": .criminalization]).isEmpty)
        #expect(compare(new, findings, old, [], categories: ["art_12": .proceduralPower]).map(\.type) == [.scopeNarrowed])
    }

    @Test func intentDroppedIsQualifierDroppedUnlessStillInTheArticle() {
        let old = Self.one([
            TestArticle(
                "7", "Illegal access", ["When committed intentionally, the access to a system.", "A Party may require dishonest intent."])
        ])
        let new = Self.one([
            TestArticle("7", "Illegal access", ["When committed, the access to a system.", "A Party may require dishonest intent."])
        ])
        let changes = compare(
            old, [("mens-rea.intent", "art_7__para_1", "intentionally")], new, [], categories: ["art_7": .criminalization])
        #expect(changes.map(\.type) == [.qualifierDropped])
        #expect(changes.first?.old == "art_7__para_1")
        #expect(changes.first?.new == "art_7__para_1")
        #expect(changes.first?.oldQuote == "intentionally")
        // Intent moved to the other paragraph of the same article: not dropped.
        let moved = Self.one([
            TestArticle(
                "7", "Illegal access",
                [
                    "When committed, the access to a system.",
                    "A Party may require dishonest intent, and the act must be done intentionally.",
                ])
        ])
        #expect(
            compare(
                old, [("mens-rea.intent", "art_7__para_1", "intentionally")], moved, [("mens-rea.intent", "art_7__para_2", "intentionally")]
            ).isEmpty)
        // Harm required dropped is a qualifier dropped too; harm optional appearing alone is not.
        let harmOld = Self.one([TestArticle("9", "Data interference", ["The damaging of data, where it causes serious harm."])])
        let harmNew = Self.one([TestArticle("9", "Data interference", ["The damaging of data. A Party may require serious harm."])])
        let harm = compare(
            harmOld, [("harm.required", "art_9__para_1", "where it causes serious harm")], harmNew,
            [("harm.optional", "art_9__para_1", "may require serious harm")])
        #expect(harm.map(\.type) == [.qualifierDropped])
        #expect(harm.first?.feature == "harm.required")
    }

    @Test func withoutRightAppearingIsVagueStandardIntroduced() {
        let old = Self.one([TestArticle("7", "Illegal access", ["When committed intentionally, the access to a system."])])
        let new = Self.one([TestArticle("7", "Illegal access", ["When committed intentionally and without right, the access to a system."])]
        )
        let changes = compare(
            old, [("mens-rea.intent", "art_7__para_1", "intentionally")], new,
            [("mens-rea.intent", "art_7__para_1", "intentionally"), ("standard.without-right", "art_7__para_1", "without right")])
        #expect(changes.map(\.type) == [.vagueStandardIntroduced])
        #expect(changes.first?.newQuote == "without right")
        #expect(changes.first?.oldQuote == nil)
    }

    @Test func deferenceAddedInAParagraphButNotWhenOnlyMovedWithinTheArticle() {
        let old = Self.one([
            TestArticle(
                "13", "Conditions and safeguards",
                [
                    "The powers shall be subject to conditions that protect human rights.",
                    "Such conditions shall include independent review.",
                ])
        ])
        let new = Self.one([
            TestArticle(
                "13", "Conditions and safeguards",
                [
                    "The powers shall be subject to conditions provided for under its domestic law that protect human rights.",
                    "Such conditions shall include independent review.",
                ])
        ])
        let base = [
            ("obligation.mandatory", "art_13__para_1", "shall be subject"), ("obligation.mandatory", "art_13__para_2", "shall include"),
        ]
        let changes = compare(
            old, base, new, base + [("obligation.domestic-law-deference", "art_13__para_1", "provided for under its domestic law")])
        #expect(changes.map(\.type) == [.deferenceAdded])
        #expect(changes.first?.classification == .weakensSafeguard)
        #expect(changes.first?.new == "art_13__para_1")
        #expect(changes.first?.old == "art_13__para_1")
        // Deference that only moved from one paragraph to the other: same count in the article, no change.
        let oldWith = Self.one([
            TestArticle(
                "13", "Conditions and safeguards",
                [
                    "The powers shall be subject to conditions under its domestic law that protect human rights.",
                    "Such conditions shall include independent review.",
                ])
        ])
        let newWith = Self.one([
            TestArticle(
                "13", "Conditions and safeguards",
                [
                    "The powers shall be subject to conditions that protect human rights.",
                    "Such conditions shall include independent review under its domestic law.",
                ])
        ])
        #expect(
            compare(
                oldWith, [("obligation.domestic-law-deference", "art_13__para_1", "under its domestic law")],
                newWith, [("obligation.domestic-law-deference", "art_13__para_2", "under its domestic law")]
            ).isEmpty)
    }

    @Test func safeguardRemovedAndPriorJudicialAuthorizationWeakened() {
        let old = Self.one([
            TestArticle(
                "25", "Interception of content data",
                ["The measure shall be authorised in advance by a judge.", "The person concerned shall be notified."])
        ])
        let new = Self.one([
            TestArticle(
                "25", "Interception of content data",
                ["The measure shall be subject to review by an independent authority.", "Records shall be kept."])
        ])
        let changes = compare(
            old,
            [
                ("safeguard.prior-judicial-authorization", "art_25__para_1", "authorised in advance by a judge"),
                ("safeguard.notification", "art_25__para_2", "shall be notified"),
            ],
            new, [("safeguard.judicial-authorization", "art_25__para_1", "review by an independent authority")])
        #expect(Set(changes.map(\.type)) == [.judicialAuthorizationWeakened, .safeguardRemoved])
        #expect(changes.count == 2)
        let weakened = changes.first { $0.type == .judicialAuthorizationWeakened }
        #expect(weakened?.oldQuote == "authorised in advance by a judge")
        #expect(weakened?.newQuote == "review by an independent authority")
        let removed = changes.first { $0.type == .safeguardRemoved }
        #expect(removed?.feature == "safeguard.notification")
        #expect(removed?.old == "art_25__para_2")
        // Added back: safeguard-added, strengthening.
        let added = compare(new, [], old, [("safeguard.notification", "art_25__para_2", "shall be notified")])
        #expect(added.map(\.type) == [.safeguardAdded])
        #expect(added.first?.classification == .strengthensSafeguard)
    }

    @Test func refusalGroundRemovedAndVictimRightsRemovedOrConditioned() {
        let old = Self.one([
            TestArticle(
                "30", "Grounds for refusal",
                [
                    "Assistance may be refused if the request is made to prosecute a person on account of sex, race, religion or political "
                        + "opinions."
                ]),
            TestArticle(
                "31", "Victims",
                [
                    "Each Party shall provide victims with compensation and restitution.",
                    "Each Party shall inform victims of the progress of proceedings.",
                ]),
        ])
        let new = Self.one([
            TestArticle("30", "Grounds for refusal", ["Assistance may be refused if the request concerns a political offence."]),
            TestArticle(
                "31", "Victims",
                [
                    "Each Party shall, within its means, provide victims with compensation and restitution.",
                    "Each Party shall ensure that proceedings are recorded.",
                ]),
        ])
        let changes = compare(
            old,
            [
                ("refusal.human-rights", "art_30__para_1", "on account of sex, race, religion or political opinions"),
                ("victims.compensation", "art_31__para_1", "compensation and restitution"),
                ("victims.information", "art_31__para_2", "inform victims"),
            ],
            new,
            [
                ("refusal.political-offence", "art_30__para_1", "political offence"),
                ("victims.compensation", "art_31__para_1", "compensation and restitution"),
                ("obligation.within-means", "art_31__para_1", "within its means"),
            ],
            categories: ["art_31": .victimsWitnesses])
        let types = changes.map(\.type)
        #expect(types.contains(.refusalGroundRemoved))
        #expect(types.contains(.refusalGroundAdded))
        #expect(types.contains(.victimRightRemoved))
        #expect(types.contains(.victimRightConditioned))
        #expect(!types.contains(.deferenceAdded))
        #expect(changes.count == 4)
        #expect(changes.first { $0.type == .victimRightConditioned }?.newQuote == "within its means")
    }

    @Test func definitionBroadenedNarrowedOrLeftAlone() {
        func withDefinition(_ text: String) -> Instrument {
            var instrument = Self.one([TestArticle("2", "Use of terms", [text])])
            let span = instrument.provisions[1].textSpan
            instrument.definitions = [
                Definition(
                    term: "electronic data", eId: "art_2__para_1", termSpan: TextSpan(start: span.start, end: span.start + 17),
                    definitionSpan: span)
            ]
            return instrument
        }
        let narrow = withDefinition("electronic data means data processed by a computer system.")
        let broad = withDefinition("electronic data means any data, including metadata, processed by a computer system.")
        let other = withDefinition("electronic data means data stored by a computer system.")
        let broadened = compare(narrow, [], broad, [])
        #expect(broadened.map(\.type) == [.definitionBroadened])
        #expect(broadened.first?.classification == .expandsScope)
        #expect(compare(broad, [], narrow, []).map(\.type) == [.definitionNarrowed])
        #expect(compare(narrow, [], other, []).isEmpty)  // changed, but no cue: a modification, not a typed change
        #expect(compare(narrow, [], narrow, []).isEmpty)
    }

    @Test func powerAddedWithNewArticle() {
        let old = Self.one([Sample.preservation])
        let realTime = TestArticle(
            "12", "Real-time collection of traffic data",
            ["Each Party shall empower its competent authorities to collect or record traffic data in real time."])
        let new = Self.one([Sample.preservation, realTime])
        let changes = compare(
            old, [], new, [("power.real-time-traffic", "art_12__para_1", "collect or record traffic data in real time")],
            newCategories: ["art_12": .proceduralPower])
        #expect(changes.map(\.type) == [.powerAdded])
        #expect(changes.first?.classification == .expandsScope)
    }

    @Test func verdictChangesAreClassifiedByDirection() {
        func framework(_ verdicts: [(String, Verdict)]) -> [FrameworkResult] {
            [
                FrameworkResult(
                    frameworkID: "fw", title: "FW", version: "1",
                    principles: verdicts.map {
                        PrincipleResult(id: $0.0, title: $0.0, verdict: $0.1, explanation: "because", evidence: [])
                    })
            ]
        }
        let changes = VerdictChanges.changes(
            old: framework([("a", .met), ("b", .notMet), ("c", .notApplicable), ("d", .partlyMet), ("e", .met)]),
            new: framework([("a", .notMet), ("b", .met), ("c", .notMet), ("d", .partlyMet), ("e", .notApplicable)]))
        #expect(changes.map(\.principle) == ["a", "b", "c", "e"])
        #expect(changes.map(\.classification) == [.weakensSafeguard, .strengthensSafeguard, .weakensSafeguard, .neutral])
        #expect(changes.allSatisfy { $0.type == .verdictChanged && $0.framework == "fw" })
        #expect(VerdictChanges.changes(old: framework([("a", .met)]), new: framework([("a", .met)])).isEmpty)
    }

    @Test func safeguardInADeletedParagraphHasNoNewAddress() {
        let old = Self.one([
            TestArticle(
                "25", "Production order",
                [
                    "Each State Party shall empower its authorities to order a person to submit specified computer data.",
                    "The order shall identify the data with particularity and shall be limited to the data necessary for the "
                        + "investigation.",
                ])
        ])
        let new = Self.one([
            TestArticle(
                "25", "Production order",
                ["Each State Party shall empower its authorities to order a person to submit specified computer data."])
        ])
        let changes = compare(old, [("safeguard.necessity", "art_25__para_2", "limited to the data necessary")], new, [])
        #expect(changes.map(\.type) == [.safeguardRemoved])
        #expect(changes.first?.old == "art_25__para_2")
        #expect(changes.first?.new == nil)
        #expect(changes.first?.feature == "safeguard.necessity")
    }

    @Test func qualifierMovedIntoAnOptionalClauseIsDropped() {
        let old = Self.one([
            TestArticle(
                "11", "Forgery", ["The input of data resulting in inauthentic data, with intent to defraud or similar dishonest intent."])
        ])
        let new = Self.one([
            TestArticle(
                "11", "Forgery",
                [
                    "The input of data resulting in inauthentic data.",
                    "A State Party may require an intent to defraud, or similar dishonest intent, before criminal liability attaches.",
                ])
        ])
        let changes = compare(
            old, [("mens-rea.dishonest-intent", "art_11__para_1", "with intent to defraud or similar dishonest intent")],
            new,
            [
                ("mens-rea.dishonest-intent", "art_11__para_2", "an intent to defraud, or similar dishonest intent"),
                ("obligation.optional", "art_11__para_2", "may require"),
            ])
        #expect(changes.map(\.type) == [.qualifierDropped])
        #expect(changes.first?.old == "art_11__para_1")
        #expect(changes.first?.new == "art_11__para_2")
        // Optional on both sides: nothing changed.
        #expect(
            compare(
                new,
                [
                    ("mens-rea.dishonest-intent", "art_11__para_2", "an intent to defraud, or similar dishonest intent"),
                    ("obligation.optional", "art_11__para_2", "may require"),
                ],
                new,
                [
                    ("mens-rea.dishonest-intent", "art_11__para_2", "an intent to defraud, or similar dishonest intent"),
                    ("obligation.optional", "art_11__para_2", "may require"),
                ]
            ).isEmpty)
    }

    @Test func lostQualifierWhoseWordsMovedPointsAtWhereTheyStand() {
        let old = Self.one([TestArticle("11", "Forgery", ["The input of data resulting in inauthentic data, with intent to defraud."])])
        let new = Self.one([
            TestArticle(
                "11", "Forgery", ["The input of data resulting in inauthentic data.", "A State Party may require an intent to defraud."])
        ])
        let changes = compare(
            old, [("mens-rea.dishonest-intent", "art_11__para_1", "intent to defraud")], new,
            [("obligation.optional", "art_11__para_2", "may require")])
        #expect(changes.map(\.type) == [.qualifierDropped])
        #expect(changes.first?.new == "art_11__para_2")
        #expect(changes.first?.newQuote == "intent to defraud")
        // A one-word quote is not looked for (too easily found by chance): the aligned paragraph is the counterpart.
        let single = compare(old, [("mens-rea.dishonest-intent", "art_11__para_1", "defraud")], new, [])
        #expect(single.first?.new == "art_11__para_1")
    }

    @Test func offenceRangeByReferenceTakingInNewOffencesExtendsScope() {
        let scopeText = { (range: String) in
            TestArticle(
                "9", "Scope of procedural measures",
                ["The powers in this chapter apply to the criminal offences established in accordance with \(range) of this Convention."])
        }
        let offence = { (n: String, what: String) in
            TestArticle(
                n, what.capitalized,
                ["Each State Party shall establish as a criminal offence the \(what) of computer data or systems as described here."])
        }
        func make(_ offences: [TestArticle], _ range: String, targets: [EId]) -> Instrument {
            var instrument = Self.one(offences + [scopeText(range).withNumber(String(offences.count + 1))])
            let eId: EId = "art_\(offences.count + 1)__para_1"
            let provision = instrument[eId: eId]!
            let text = instrument.quote(provision.span)
            let r = text.range(of: range)!
            let start = provision.span.start + text.utf8.distance(from: text.utf8.startIndex, to: r.lowerBound)
            instrument.references = [
                CrossReference(
                    sourceEId: eId, span: TextSpan(start: start, end: start + range.utf8.count), kind: .provisions, targets: targets)
            ]
            return instrument
        }
        let a = offence("1", "access"), b = offence("2", "interception"), c = offence("3", "forgery of documents")
        let speech = TestArticle(
            "3", "False information",
            [
                "Each State Party shall establish as a criminal offence the dissemination of false information likely to disturb public "
                    + "order."
            ])
        let old = make([a, b, c], "articles 1 to 3", targets: ["art_1", "art_2", "art_3"])
        let new = make([a, b, speech, c.withNumber("4")], "articles 1 to 4", targets: ["art_1", "art_2", "art_3", "art_4"])
        let categories: [String: Category] = [
            "art_1": .criminalization, "art_2": .criminalization, "art_3": .criminalization, "art_4": .criminalization,
        ]
        let oldAnalysis = TestInstruments.analysis(old, findings: [], categories: categories.merging(["art_4": .proceduralPower]) { $1 })
        let newAnalysis = TestInstruments.analysis(new, findings: [], categories: categories.merging(["art_5": .proceduralPower]) { $1 })
        let changes = Comparator(rules: rules).compare(oldAnalysis, newAnalysis).changes
        #expect(changes.map(\.type) == [.scopeExtended])
        #expect(changes.first?.old == "art_4__para_1")
        #expect(changes.first?.new == "art_5__para_1")
        #expect(changes.first?.newQuote == "articles 1 to 4")
        #expect(changes.first?.feature == nil)
        // A range that only follows the renumbering ("1 to 3" → "1 to 4" after inserting nothing new) is no change.
        let renumberedOnly = make(
            [TestArticle("0 bis", "Purpose", ["This text states the purpose of the convention and nothing else of any kind."]), a, b, c],
            "articles 1 to 3", targets: ["art_1", "art_2", "art_3"])
        let same = Comparator(rules: rules).compare(
            oldAnalysis,
            TestInstruments.analysis(
                renumberedOnly, findings: [], categories: categories.merging(["art_0_bis": .other, "art_5": .proceduralPower]) { $1 })
        ).changes
        #expect(!same.contains { $0.type == .scopeExtended })
    }

    @Test func explanationsAreOneLineWhileQuotesKeepTheLineBreak() {
        let old = Self.one([TestArticle("5", "Remedy", ["Conditions shall include the right to\nan effective remedy."])])
        let new = Self.one([TestArticle("5", "Remedy", ["Conditions shall include review."])])
        let changes = compare(old, [("safeguard.effective-remedy", "art_5__para_1", "right to\nan effective remedy")], new, [])
        #expect(changes.first?.oldQuote == "right to\nan effective remedy")
        #expect(changes.first?.explanation.contains("right to an effective remedy") == true)
        #expect(changes.first?.explanation.contains("\n") == false)
    }

    @Test func rulesFileErrorsNameTheProblem() {
        #expect(throws: SafeguardError.self) {
            try ChangeRules.parse("schema: safeguard.comparison-rules/1\nclassification:\n  offence-added: expands-scope\n", file: "r.yaml")
        }
        do {
            _ = try ChangeRules.parse("schema: safeguard.comparison-rules/1\nclassification:\n  no-such-change: neutral\n", file: "r.yaml")
            Issue.record("accepted an unknown change type")
        } catch let error as SafeguardError {
            #expect(error.kind == .invalidConfiguration)
            #expect(error.message.contains("no-such-change"))
            #expect(error.line == 3)
        } catch { Issue.record("unexpected \(error)") }
    }
}
