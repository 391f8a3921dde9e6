import SafeguardIngest
import SafeguardModel
import Testing
@testable import SafeguardComparison

/// The passes of ``LevelAligner`` one at a time, on small texts in our own words.
@Suite struct LevelAlignerTests {
    static let scope = "This Convention applies to the prevention, investigation and prosecution of the offences it establishes."
    static let access =
        "Each Party shall establish as a criminal offence the access to the whole or any part of a computer system without right."
    static let interception =
        "Each Party shall establish as a criminal offence the interception without right of non-public transmissions of computer data."
    static let expiry = "The transitional measures of the former regime lapse five years after the entry into force of this instrument."
    static let definitions = "For the purposes of this Convention, a computer system means any device that processes data automatically."

    static func instrument(_ articles: [(String, String, String)]) throws -> Instrument {
        let text = articles.map { "Article \($0.0) – \($0.1)\n\n\($0.2)\n" }.joined(separator: "\n")
        return try StructureParser.parse(text: text)
    }

    static let old: [(String, String, String)] = [
        ("1", "Scope", scope), ("2", "Illegal access", access), ("3", "Illegal interception", interception), ("4", "Transition", expiry),
    ]
    static let new: [(String, String, String)] = [
        ("1", "Scope", scope), ("2", "Definitions", definitions), ("3", "Illegal access", access),
        ("4", "Illegal interception", interception),
    ]

    static func aligner(_ old: Instrument, _ new: Instrument) -> LevelAligner {
        let oldSide = AlignmentSide(old), newSide = AlignmentSide(new)
        let context = AlignmentContext(old: oldSide, new: newSide, idf: { _ in 1 }, thresholds: AlignmentThresholds())
        return LevelAligner(context: context, oldItems: oldSide.topItems, newItems: newSide.topItems, unitLevel: true, renumbering: [:])
    }

    @Test func exactPassPairsIdenticalWordsAcrossRenumbering() throws {
        var aligner = Self.aligner(try Self.instrument(Self.old), try Self.instrument(Self.new))
        aligner.pairIdentical()
        #expect(aligner.oldPartner == [0, 2, 3, nil])
        #expect(aligner.newPartner == [0, nil, 1, 2])
        aligner.pairBySimilarity()
        // The expired article shares no content with the new definitions article.
        #expect(aligner.oldPartner[3] == nil)
    }

    @Test func orderedPairsTellRenumberedAddedAndRemoved() throws {
        var aligner = Self.aligner(try Self.instrument(Self.old), try Self.instrument(Self.new))
        let pairs = aligner.align()
        #expect(pairs.map(\.status) == [.unchanged, .added, .renumbered, .renumbered, .removed])
        #expect(pairs.map(\.newEIds) == [["art_1"], ["art_2"], ["art_3"], ["art_4"], []])
        #expect(aligner.renumbering == ["2": "3", "3": "4"])
    }

    @Test func mergePassGroupsTwoOldArticlesIntoOne() throws {
        let old = try Self.instrument([("1", "Illegal access", Self.access), ("2", "Illegal interception", Self.interception)])
        let new = try Self.instrument([("1", "Offences against systems", "\(Self.access) \(Self.interception)")])
        var aligner = Self.aligner(old, new)
        aligner.pairIdentical()
        aligner.pairBySimilarity()
        aligner.groupMerges()
        #expect(aligner.groups.count == 1)
        #expect(aligner.groups.first?.olds == [0, 1])
        #expect(aligner.groups.first?.status == .merged)
        #expect(aligner.orderedPairs().map(\.status) == [.merged])
    }
}
