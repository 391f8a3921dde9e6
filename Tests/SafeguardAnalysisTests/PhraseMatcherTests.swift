import Foundation
import SafeguardTestSupport
import Testing

@testable import SafeguardAnalysis

/// The phrase automaton keeps complete rows only for its shallow states and edges plus failure links for the rest
/// (docs/performance.md). However many states get a complete row, every scan must find exactly the same hits.
@Suite struct PhraseMatcherTests {
    static let literals = try! Lexicon.sharedBuiltIn().matcher.literals
    /// Every state with a complete row: the automaton as it was before rows were limited (built once, it is slow
    /// in a debug build).
    static let allDense = PhraseMatcher(literals: literals, denseStateLimit: Int.max)

    /// Every example instrument, plus texts made of the lexicon's own phrases run together, cut inside words and
    /// interleaved with noise (the states deep in the trie, and failure walks out of them, are reached far more
    /// often there than in running prose).
    static let texts: [String] = {
        var texts: [String] = []
        let files = (try? FileManager.default.contentsOfDirectory(at: RepositoryPaths.examples, includingPropertiesForKeys: nil)) ?? []
        for file in files where file.pathExtension == "txt" {
            if let text = try? String(contentsOf: file, encoding: .utf8) { texts.append(text) }
        }
        var generator = SeededGenerator(seed: 20261202)
        let phrases = literals.map { String(decoding: $0.symbols, as: UTF8.self) }
        for _ in 0..<40 {
            var text = ""
            for _ in 0..<300 {
                var phrase = phrases[Int(generator.next() % UInt64(phrases.count))]
                switch generator.next() % 6 {
                case 0: phrase = String(phrase.prefix(Int(generator.next() % UInt64(phrase.count + 1))))
                case 1: phrase = phrase.uppercased()
                case 2: phrase += "s"
                default: break
                }
                text += phrase
                text += ["", " ", "  ", ", ", "\n", "-", "é", "“"][Int(generator.next() % 8)]
            }
            texts.append(text)
        }
        return texts
    }()

    @Test(arguments: [1, 2, 50, PhraseMatcher.defaultDenseStateLimit])
    func aMatcherFindsTheSameHitsWhateverNumberOfStatesHaveCompleteRows(_ denseStates: Int) throws {
        let allDense = Self.allDense
        #expect(allDense.tables.denseCount == allDense.tables.stateCount)
        let matcher = PhraseMatcher(literals: Self.literals, denseStateLimit: denseStates)
        #expect(matcher.tables.denseCount == denseStates)
        #expect(matcher.tables.isWellFormed(literalCount: Self.literals.count))
        var total = 0
        for text in Self.texts {
            let expected = allDense.scan(text)
            total += expected.count
            #expect(matcher.scan(text) == expected)
        }
        #expect(total > 10_000)
    }

    @Test func aMatcherWithoutPhrasesFindsNothing() {
        let matcher = PhraseMatcher(literals: [])
        #expect(matcher.tables.stateCount == 1)
        #expect(matcher.tables.isWellFormed(literalCount: 0))
        #expect(matcher.scan("anything at all").isEmpty)
    }

    @Test func overlappingPhrasesAreFoundThroughFailureLinksOfStatesWithoutRows() {
        // "he", "she", "hers" and "his" share suffixes: the classic case for failure links; with one complete row
        // (the root's), every other transition goes through edges and failure links.
        let words = ["he", "she", "hers", "his", "s h"]
        let literals = words.map { PhraseMatcher.Literal(symbols: Array($0.utf8), requiresEndBoundary: false) }
        let sparse = PhraseMatcher(literals: literals, denseStateLimit: 1)
        let hits = sparse.scan("ushers his s hers").map { words[$0.literal] }
        #expect(hits == PhraseMatcher(literals: literals, denseStateLimit: Int.max).scan("ushers his s hers").map { words[$0.literal] })
        #expect(hits.contains("his") && hits.contains("s h"))
    }
}
