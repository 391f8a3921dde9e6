import SafeguardModel
import SafeguardTestSupport
import Testing
@testable import SafeguardComparison

/// A small convention in our own words, with the boilerplate that makes offence articles look alike.
enum Sample {
    static let boiler =
        "Each State Party shall adopt such legislative and other measures as may be necessary to establish as criminal offences under its "
            + "domestic law, when committed intentionally and without right,"
    static let access = TestArticle(
        "7", "Illegal access",
        [
            "\(boiler) the access to the whole or any part of an information and communications technology system.",
            "A State Party may require that the offence be committed by infringing security measures, with the intent of obtaining "
                + "electronic data.",
        ])
    static let interception = TestArticle(
        "8", "Illegal interception",
        [
            "\(boiler) the interception, made by technical means, of non-public transmissions of electronic data to, from or within an "
                + "information and communications technology system."
        ])
    static let interference = TestArticle(
        "9", "Interference with electronic data",
        [
            "\(boiler) the damaging, deletion, deterioration, alteration or suppression of electronic data.",
            "A State Party may require that the conduct result in serious harm.",
        ])
    static let misuse = TestArticle(
        "10", "Misuse of devices",
        [
            "\(boiler) the production, sale, procurement for use, import or distribution of a device designed primarily for the purpose of "
                + "committing any of the offences established in articles 7 to 9."
        ])
    static let preservation = TestArticle(
        "11", "Expedited preservation of stored data",
        [
            "Each State Party shall adopt such measures as may be necessary to enable its competent authorities to order the expedited "
                + "preservation of specified electronic data that has been stored by means of a computer system, in particular where there "
                    + "are grounds to believe that the data are particularly vulnerable to loss or modification.",
            "The preservation order shall last no longer than ninety days, and may be renewed once.",
        ])
    static let production = TestArticle(
        "12", "Production order",
        [
            "Each State Party shall adopt such measures as may be necessary to empower its competent authorities to order a person in its "
                + "territory to submit specified electronic data in that person's possession or control, and a service provider to submit "
                    + "subscriber information."
        ])
    static let safeguards = TestArticle(
        "13", "Conditions and safeguards",
        [
            "Each State Party shall ensure that the establishment, implementation and application of the powers and procedures provided "
                + "for in this chapter are subject to conditions and safeguards that provide for the protection of human rights, including "
                    + "the principle of proportionality.",
            "Such conditions and safeguards shall include judicial or other independent review, grounds justifying application, and "
                + "limitation of the scope and the duration of such power or procedure.",
        ])
    static let victims = TestArticle(
        "14", "Assistance to victims",
        [
            "Each State Party shall take appropriate measures to provide assistance and protection to victims of offences covered by this "
                + "Convention, in particular in cases of threat of retaliation or intimidation.",
            "Each State Party shall establish procedures to provide access to compensation and restitution for victims.",
        ])

    static func base() -> Instrument {
        TestInstruments.make([
            TestChapter("I", "Criminalization", [access, interception, interference, misuse]),
            TestChapter("II", "Procedural measures", [preservation, production, safeguards, victims]),
        ])
    }

    static func renumbered(_ article: TestArticle, _ number: String) -> TestArticle {
        var copy = article
        copy.number = number
        return copy
    }
}

@Suite struct AlignmentTests {
    func pair(_ alignment: Alignment, old: EId) -> AlignedPair? {
        alignment.pairs.first { $0.oldEIds.contains(old) }
    }

    @Test func selfComparisonIsAllUnchangedWithSimilarityOne() {
        let instrument = Sample.base()
        let alignment = Aligner().align(instrument, instrument)
        #expect(alignment.pairs.count == 8)
        for pair in alignment.allPairs {
            #expect(pair.status == .unchanged, "\(pair.oldEIds)")
            #expect(pair.similarity == 1)
            #expect(pair.oldEIds == pair.newEIds)
        }
    }

    @Test func insertionRenumbersFollowingArticlesWithoutMovingThem() {
        let old = Sample.base()
        let inserted = TestArticle(
            "8", "Dissemination of false information",
            [
                "Each State Party shall adopt such measures as may be necessary to establish as criminal offences the dissemination of "
                    + "false information likely to disturb public order."
            ])
        let new = TestInstruments.make([
            TestChapter(
                "I", "Criminalization",
                [
                    Sample.access, inserted, Sample.renumbered(Sample.interception, "9"), Sample.renumbered(Sample.interference, "10"),
                    Sample.renumbered(Sample.misuse, "11"),
                ]),
            TestChapter(
                "II", "Procedural measures",
                [
                    Sample.renumbered(Sample.preservation, "12"), Sample.renumbered(Sample.production, "13"),
                    Sample.renumbered(Sample.safeguards, "14"), Sample.renumbered(Sample.victims, "15"),
                ]),
        ])
        let alignment = Aligner().align(old, new)
        #expect(pair(alignment, old: "art_7")?.status == .unchanged)
        let interception = pair(alignment, old: "art_8")
        #expect(interception?.newEIds == ["art_9"])
        #expect(interception?.status == .renumbered)
        #expect(pair(alignment, old: "art_14")?.newEIds == ["art_15"])
        #expect(pair(alignment, old: "art_14")?.status == .renumbered)
        let added = alignment.pairs.filter { $0.status == .added }
        #expect(added.map(\.newEIds) == [["art_8"]])
        #expect(added.first?.oldEIds == [])
        // Reading order of the new text.
        #expect(
            alignment.pairs.map { $0.newEIds.first ?? "-" } == [
                "art_7", "art_8", "art_9", "art_10", "art_11", "art_12", "art_13", "art_14", "art_15",
            ])
    }

    @Test func articleMovedToAnotherChapterIsMoved() {
        let old = Sample.base()
        // Victims' article moves into chapter I as article 11; procedural articles keep their numbers.
        let new = TestInstruments.make([
            TestChapter(
                "I", "Criminalization",
                [Sample.access, Sample.interception, Sample.interference, Sample.misuse, Sample.renumbered(Sample.victims, "10 bis")]),
            TestChapter("II", "Procedural measures", [Sample.preservation, Sample.production, Sample.safeguards]),
        ])
        let alignment = Aligner().align(old, new)
        let victims = pair(alignment, old: "art_14")
        #expect(victims?.newEIds == ["art_10_bis"])
        #expect(victims?.status == .moved)
        #expect(victims?.similarity ?? 0 > 0.99)
        #expect(pair(alignment, old: "art_11")?.status == .unchanged)
        #expect(!alignment.pairs.contains { $0.status == .added || $0.status == .removed })
    }

    @Test func articleOutOfSequenceInSameChapterIsMovedNotRenumbered() {
        let old = Sample.base()
        // Misuse of devices jumps ahead of interception: 7, 8(misuse), 9(interception), 10(interference).
        let new = TestInstruments.make([
            TestChapter(
                "I", "Criminalization",
                [
                    Sample.access, Sample.renumbered(Sample.misuse, "8"), Sample.renumbered(Sample.interception, "9"),
                    Sample.renumbered(Sample.interference, "10"),
                ]),
            TestChapter("II", "Procedural measures", [Sample.preservation, Sample.production, Sample.safeguards, Sample.victims]),
        ])
        let alignment = Aligner().align(old, new)
        #expect(pair(alignment, old: "art_10")?.status == .moved)
        #expect(pair(alignment, old: "art_10")?.newEIds == ["art_8"])
        #expect(pair(alignment, old: "art_8")?.status == .renumbered)
        #expect(pair(alignment, old: "art_9")?.status == .renumbered)
    }

    @Test func mergeOfTwoArticlesIsOnePairWithBothOldEIds() {
        let old = Sample.base()
        let merged = TestArticle("11", "Preservation and production of data", Sample.preservation.paragraphs + Sample.production.paragraphs)
        let new = TestInstruments.make([
            TestChapter("I", "Criminalization", [Sample.access, Sample.interception, Sample.interference, Sample.misuse]),
            TestChapter(
                "II", "Procedural measures", [merged, Sample.renumbered(Sample.safeguards, "12"), Sample.renumbered(Sample.victims, "13")]),
        ])
        let alignment = Aligner().align(old, new)
        let group = alignment.pairs.first { $0.status == .merged }
        #expect(group?.oldEIds == ["art_11", "art_12"])
        #expect(group?.newEIds == ["art_11"])
        #expect(group?.similarity ?? 0 > 0.9)
        #expect(!alignment.pairs.contains { $0.status == .removed || $0.status == .added })
        // Paragraphs inside the merge are aligned across the old articles.
        #expect(group?.children.contains { $0.oldEIds == ["art_12__para_1"] && $0.newEIds == ["art_11__para_3"] } == true)
    }

    @Test func splitOfOneArticleIsOnePairWithBothNewEIds() {
        let old = Sample.base()
        let first = TestArticle("13", "Conditions and safeguards", [Sample.safeguards.paragraphs[0]])
        let second = TestArticle("14", "Review and limitation of powers", [Sample.safeguards.paragraphs[1]])
        let new = TestInstruments.make([
            TestChapter("I", "Criminalization", [Sample.access, Sample.interception, Sample.interference, Sample.misuse]),
            TestChapter(
                "II", "Procedural measures",
                [Sample.preservation, Sample.production, first, second, Sample.renumbered(Sample.victims, "15")]),
        ])
        let alignment = Aligner().align(old, new)
        let group = alignment.pairs.first { $0.status == .split }
        #expect(group?.oldEIds == ["art_13"])
        #expect(group?.newEIds == ["art_13", "art_14"])
        #expect(!alignment.pairs.contains { $0.status == .removed || $0.status == .added })
        #expect(pair(alignment, old: "art_14")?.status == .renumbered)
    }

    @Test func retitledArticleWithSameWordsIsModifiedNotAddedAndRemoved() {
        let old = Sample.base()
        var retitled = Sample.production
        retitled.heading = "Orders to produce data"
        let new = TestInstruments.make([
            TestChapter("I", "Criminalization", [Sample.access, Sample.interception, Sample.interference, Sample.misuse]),
            TestChapter("II", "Procedural measures", [Sample.preservation, retitled, Sample.safeguards, Sample.victims]),
        ])
        let alignment = Aligner().align(old, new)
        let production = pair(alignment, old: "art_12")
        #expect(production?.status == .modified)
        #expect(production?.newEIds == ["art_12"])
        #expect(production?.similarity ?? 0 > 0.99)
    }

    @Test func removedArticleAndModifiedParagraph() {
        let old = Sample.base()
        var weakened = Sample.safeguards
        weakened.paragraphs[1] =
            "Such conditions and safeguards may include, where appropriate, review, and limitation of the scope of such power or procedure."
        let new = TestInstruments.make([
            TestChapter("I", "Criminalization", [Sample.access, Sample.interception, Sample.misuse.withNumber("9")]),
            TestChapter(
                "II", "Procedural measures",
                [
                    Sample.preservation.withNumber("10"), Sample.production.withNumber("11"), weakened.withNumber("12"),
                    Sample.victims.withNumber("13"),
                ]),
        ])
        let alignment = Aligner().align(old, new)
        #expect(pair(alignment, old: "art_9")?.status == .removed)
        #expect(pair(alignment, old: "art_9")?.newEIds == [])
        #expect(pair(alignment, old: "art_10")?.newEIds == ["art_9"])
        let safeguards = pair(alignment, old: "art_13")
        #expect(safeguards?.newEIds == ["art_12"])
        #expect(safeguards?.status == .modified)  // new number and new words: modified wins
        #expect(safeguards?.similarity ?? 1 < 1)
        let paragraph = safeguards?.children.first { $0.oldEIds == ["art_13__para_2"] }
        #expect(paragraph?.newEIds == ["art_12__para_2"])
        #expect(paragraph?.status == .modified)
        #expect(safeguards?.children.first?.status == .unchanged)
        // The removed article sits after its old predecessor in reading order.
        let order = alignment.pairs.map { $0.oldEIds.first ?? "+" }
        #expect(order.firstIndex(of: "art_9")! == order.firstIndex(of: "art_8")! + 1)
    }

    @Test func crossReferencesThatFollowTheRenumberingAreNoChangeOfWords() {
        let referring = TestArticle(
            "14", "Assistance to victims",
            [
                "Each State Party shall protect victims of the offences in article 9 and article 12 of this Convention, in particular "
                    + "against retaliation."
            ])
        let retargeted = TestArticle(
            "13", "Assistance to victims",
            [
                "Each State Party shall protect victims of the offences in article 9 and article 10 of this Convention, in particular "
                    + "against retaliation."
            ])
        let followed = TestArticle(
            "13", "Assistance to victims",
            [
                "Each State Party shall protect victims of the offences in article 9 and article 11 of this Convention, in particular "
                    + "against retaliation."
            ])
        let old = TestInstruments.make([
            TestChapter(
                nil, nil,
                [
                    Sample.access, Sample.interception, Sample.interference, Sample.misuse, Sample.preservation, Sample.production,
                    Sample.safeguards, referring,
                ])
        ])
        func new(_ last: TestArticle) -> Instrument {
            TestInstruments.make([
                TestChapter(
                    nil, nil,
                    [
                        Sample.access, Sample.interception, Sample.interference, Sample.misuse, Sample.preservation,
                        Sample.production.withNumber("11"), Sample.safeguards.withNumber("12"), last,
                    ])
            ])
        }
        // Article 11 removed: 12 → 11, 13 → 12, 14 → 13. "article 12" → "article 11" follows the renumbering.
        #expect(pair(Aligner().align(old, new(followed)), old: "art_14")?.status == .renumbered)
        #expect(pair(Aligner().align(old, new(followed)), old: "art_14")?.children.first?.status == .unchanged)
        // "article 12" → "article 10" does not follow the renumbering: a change of words.
        #expect(pair(Aligner().align(old, new(retargeted)), old: "art_14")?.status == .modified)
    }

    @Test func retitledRenumberedArticleStaysRenumberedAndIsFlagged() {
        let old = Sample.base()
        var retitled = Sample.victims.withNumber("13")
        retitled.heading = "Assistance to and protection of victims"
        let new = TestInstruments.make([
            TestChapter("I", "Criminalization", [Sample.access, Sample.interception, Sample.interference, Sample.misuse]),
            TestChapter("II", "Procedural measures", [Sample.preservation, Sample.production, retitled]),
        ])
        let victims = pair(Aligner().align(old, new), old: "art_14")
        #expect(victims?.status == .renumbered)
        #expect(victims?.retitled == true)
        #expect(pair(Aligner().align(old, new), old: "art_11")?.retitled == false)
    }

    @Test func unrelatedArticlesAreNotPairedEvenWithTheSameNumber() {
        let old = TestInstruments.make([TestChapter(nil, nil, [Sample.access, Sample.victims.withNumber("8")])])
        let new = TestInstruments.make([TestChapter(nil, nil, [Sample.access, Sample.production.withNumber("8")])])
        let alignment = Aligner().align(old, new)
        #expect(pair(alignment, old: "art_8")?.status == .removed)
        #expect(alignment.pairs.contains { $0.status == .added && $0.newEIds == ["art_8"] })
    }

    @Test func similarOffenceBoilerplateDoesNotPairDifferentOffences() {
        // Interception replaced by a new offence with the same boilerplate: not a modification.
        let fraud = TestArticle(
            "8", "Computer-related fraud",
            [
                "\(Sample.boiler) the causing of a loss of property to another person by any input, alteration, deletion or suppression of "
                    + "electronic data, with fraudulent or dishonest intent of procuring an economic benefit."
            ])
        let old = TestInstruments.make([TestChapter(nil, nil, [Sample.access, Sample.interception])])
        let new = TestInstruments.make([TestChapter(nil, nil, [Sample.access, fraud])])
        let alignment = Aligner().align(old, new)
        #expect(pair(alignment, old: "art_8")?.status == .removed, "\(String(describing: pair(alignment, old: "art_8")?.similarity))")
    }

    @Test func instrumentsWithoutUnitsAlignToNothingAndAllAddedOrRemoved() {
        let empty = Instrument(metadata: InstrumentMetadata(title: "Empty"), text: "", provisions: [])
        #expect(Aligner().align(empty, empty).pairs.isEmpty)
        let base = Sample.base()
        #expect(Aligner().align(empty, base).pairs.allSatisfy { $0.status == .added && $0.oldEIds.isEmpty })
        #expect(Aligner().align(base, empty).pairs.allSatisfy { $0.status == .removed && $0.newEIds.isEmpty })
        #expect(Aligner().align(base, empty).pairs.count == 8)
    }

    @Test func longestIncreasingSubsequenceKeepsTheLongestOrderedRun() {
        #expect(longestIncreasingSubsequence([0, 4, 1, 2, 3]) == [0, 2, 3, 4])
        #expect(longestIncreasingSubsequence([]) == [])
        #expect(longestIncreasingSubsequence([3, 2, 1]).count == 1)
    }
}

extension TestArticle {
    func withNumber(_ number: String) -> TestArticle {
        var copy = self
        copy.number = number
        return copy
    }
}
