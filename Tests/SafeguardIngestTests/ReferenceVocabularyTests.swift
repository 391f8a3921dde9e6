import Testing
@testable import SafeguardIngest
import SafeguardModel

/// The words of cross-references (reference words, self-words, title joiners) are data in the drafting
/// vocabulary, checked at load and extendable like the other drafting words.
@Suite struct ReferenceVocabularyTests {
    static let text = """
        Part 1 – General

        Article 1 – Object

        1. The Parties shall act.

        2. The measures in alinéa 1 apply to the whole of livre 1.

        """

    static let frenchReferences = """
        schema: safeguard.drafting/1
        referenceWords:
          - {singular: alinéa, plural: alinéas, refers-to: paragraph}
          - {singular: livre, plural: livres, refers-to: part}
        """

    @Test func shippedReferenceWordsAreLoaded() throws {
        let vocabulary = try DraftingVocabulary.shipped()
        #expect(
            vocabulary.referenceWords.contains {
                $0.singular == Array("article".utf8) && $0.plural == Array("articles".utf8) && $0.target == .article
            })
        #expect(vocabulary.selfWords == [Array("this".utf8), Array("present".utf8)])
        #expect(vocabulary.titleJoiners.contains(Array("against".utf8)))
    }

    @Test func referenceWordsGivenThroughADraftingFileAreRecognised() throws {
        let english = try StructureParser.parse(text: Self.text)
        #expect(!english.references.contains { english.text.utf8Slice($0.span).hasPrefix("alinéa") })
        let french = try DraftingVocabulary.shipped().extended(yaml: Self.frenchReferences, source: "drafting-fr.yaml")
        let instrument = try StructureParser.parse(text: Self.text, vocabulary: french)
        let alinea = try #require(instrument.references.first { instrument.text.utf8Slice($0.span) == "alinéa 1" })
        #expect(alinea.targets == ["art_1__para_1"])
        // "l" starts no English reference word: the extension's initials are tried too.
        let livre = try #require(instrument.references.first { instrument.text.utf8Slice($0.span) == "livre 1" })
        #expect(livre.targets == ["part_1"])
    }

    /// A word is tried only where the text starts with its first two letters; a one-letter word ("s 1", as some
    /// acts abbreviate "section") turns that check off rather than going unfound.
    @Test func aOneLetterReferenceWordIsStillTried() throws {
        let shipped = try DraftingVocabulary.shipped()
        #expect(!shipped.hasShortReferenceWord)
        #expect(shipped.referencePairs[Int(UInt8(ascii: "a")) << 8 | Int(UInt8(ascii: "r"))])
        #expect(!shipped.referencePairs[Int(UInt8(ascii: "t")) << 8 | Int(UInt8(ascii: "h"))])  // "the", "this": not reference words
        let yaml = "schema: safeguard.drafting/1\nreference-words:\n  - {singular: s, plural: ss, refers-to: section}\n"
        let vocabulary = try shipped.extended(yaml: yaml, source: "drafting-s.yaml")
        #expect(vocabulary.hasShortReferenceWord)
        let text = "Section 1 – Title\n\n(1) A person.\n\nSection 2 – Offence\n\n(1) As provided in s 1, a person shall.\n"
        let plain = try StructureParser.parse(text: text)
        #expect(!plain.references.contains { plain.text.utf8Slice($0.span) == "s 1" })
        let instrument = try StructureParser.parse(text: text, vocabulary: vocabulary)
        #expect(instrument.references.contains { instrument.text.utf8Slice($0.span) == "s 1" })
    }

    @Test func aVocabularyWithoutReferenceWordsIsRefused() throws {
        let noReferenceWords = "schema: safeguard.drafting/1\nself-words: [this]\ntitle-joiners: [of]\n"
        let error = #expect(throws: SafeguardError.self) { _ = try DraftingVocabulary.load(yaml: noReferenceWords, source: "bad.yaml") }
        #expect(error?.kind == .invalidConfiguration)
        #expect(error?.message.contains("has no reference-words") == true)
        let emptySelfWords =
            "schema: safeguard.drafting/1\nreference-words: [{singular: article, plural: articles, refers-to: article}]\n"
            + "self-words: []\ntitle-joiners: [of]\n"
        let selfError = #expect(throws: SafeguardError.self) { _ = try DraftingVocabulary.load(yaml: emptySelfWords, source: "bad.yaml") }
        #expect(selfError?.message.contains("has no self-words") == true)
    }

    @Test func anUnknownReferenceTargetIsRefused() {
        let bad = "schema: safeguard.drafting/1\nreference-words: [{singular: artikel, plural: artikels, refers-to: articel}]\n"
        let error = #expect(throws: SafeguardError.self) { _ = try DraftingVocabulary.shipped().extended(yaml: bad, source: "bad.yaml") }
        #expect(error?.kind == .invalidConfiguration)
        #expect(error?.message.contains("articel") == true)
        #expect(error?.line == 2)
    }

    /// Keys were camelCase in the first version of the format: still read, each with a warning naming the line.
    @Test func oldKeySpellingsAreReadWithAWarning() throws {
        let old = "schema: safeguard.drafting/1\nreferenceWords:\n  - {singular: alinéa, plural: alinéas, refersTo: paragraph}\n"
        let vocabulary = try DraftingVocabulary.shipped().extended(yaml: old, source: "old.yaml")
        #expect(vocabulary.referenceWords.contains { $0.singular == Array("alinéa".utf8) && $0.target == .paragraph })
        #expect(
            vocabulary.warnings == [
                "old.yaml:2: drafting vocabulary: 'referenceWords' is the old spelling of 'reference-words' (still read in this "
                    + "version)",
                "old.yaml:3: reference word: 'refersTo' is the old spelling of 'refers-to' (still read in this version)",
            ])
        #expect(try DraftingVocabulary.shipped().warnings.isEmpty)
    }

    /// A misspelt key is an error, not a silently empty list; so are both spellings of one key, and a missing schema.
    @Test(arguments: [
        ("schema: safeguard.drafting/1\nself-word: [ici]\n", "unknown key 'self-word'", 2),
        ("schema: safeguard.drafting/1\nselfWords: [ici]\nself-words: [là]\n", "are the same key", 2),
        ("self-words: [ici]\n", "missing required key 'schema'", 1),
        ("schema: safeguard.drafting/1\nnumber-words: {douze: twelve}\n", "must be a whole number", 2),
        ("schema: safeguard.drafting/2\n", "schema must be safeguard.drafting/1", 1),
    ])
    func badKeysAreRefusedWithTheirLine(yaml: String, message: String, line: Int) {
        let error = #expect(throws: SafeguardError.self) { _ = try DraftingVocabulary.shipped().extended(yaml: yaml, source: "x.yaml") }
        #expect(error?.kind == .invalidConfiguration)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
        #expect(error?.line == line)
    }
}

private extension String {
    /// The words at a byte span of the normalised text.
    func utf8Slice(_ span: TextSpan) -> String {
        let bytes = Array(utf8)
        guard span.start >= 0, span.end <= bytes.count, span.start <= span.end else { return "" }
        return String(decoding: bytes[span.start..<span.end], as: UTF8.self)
    }
}
