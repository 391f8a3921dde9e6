import Testing
@testable import SafeguardComparison

@Suite struct WordDiffTests {
    /// wdiff-style rendering, with the new text's spacing for equal words.
    func render(_ segments: [WordDiff.Segment]) -> String {
        segments.map { s in
            switch s.operation {
            case .equal: s.newText
            case .delete: "[-\(s.text)-]"
            case .insert: "{+\(s.text)+}"
            }
        }.joined()
    }

    func side(_ segments: [WordDiff.Segment], keep: WordDiff.Operation) -> String {
        segments.map { keep == .delete ? $0.oldSide : $0.newSide }.joined()
    }

    @Test func shallBecomesMay() {
        let segments = WordDiff.diff("Each Party shall adopt measures.", "Each Party may adopt measures.")
        #expect(render(segments) == "Each Party[- shall-]{+ may+} adopt measures.")
    }

    @Test func segmentsRebuildBothTexts() {
        let old = "Such conditions and safeguards shall include judicial or other independent review, and limitation of duration."
        let new =
            "Such conditions and safeguards may include, where appropriate, review, grounds justifying application and limitation of "
                + "duration."
        let segments = WordDiff.diff(old, new)
        #expect(side(segments, keep: .delete) == old)
        #expect(side(segments, keep: .insert) == new)
        // Minimal: the words kept in common are all kept.
        let equalWords = segments.filter { $0.operation == .equal }.flatMap { $0.text.split(separator: " ") }
        #expect(equalWords.joined(separator: " ").contains("limitation of duration."))
    }

    @Test func identicalTextsAreOneEqualSegmentAndLayoutIsNoChange() {
        #expect(WordDiff.diff("a b c", "a b c") == [WordDiff.Segment(.equal, "a b c")])
        #expect(WordDiff.diff("a  b\nc", "a b c").allSatisfy { $0.operation == .equal })
        #expect(WordDiff.diff("", "") == [])
    }

    @Test func insertionsAndDeletionsAtTheEdges() {
        #expect(render(WordDiff.diff("", "new words")) == "{+new words+}")
        #expect(render(WordDiff.diff("old words", "")) == "[-old words-]")
        #expect(render(WordDiff.diff("b c", "a b c")) == "{+a+} b c")
        #expect(render(WordDiff.diff("a b c", "a b")) == "a b[- c-]")
    }

    @Test func editDistanceIsMinimalOnAClassicExample() {
        // Myers' paper example: ABCABBA → CBABAC has D = 5.
        let segments = WordDiff.diff("A B C A B B A", "C B A B A C")
        let edits = segments.filter { $0.operation != .equal }.flatMap { $0.text.split(separator: " ") }.count
        #expect(edits == 5)
        #expect(side(segments, keep: .delete) == "A B C A B B A")
        #expect(side(segments, keep: .insert) == "C B A B A C")
    }

    @Test func punctuationIsItsOwnToken() {
        #expect(render(WordDiff.diff("review, and", "review and")) == "review[-,-] and")
    }
}

/// Property checks against a dynamic-programming LCS on many small random texts.
@Suite struct WordDiffPropertyTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    func lcsLength(_ a: [Substring], _ b: [Substring]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }

    @Test func diffIsMinimalAndRebuildsBothSides() {
        var random = Generator(state: 42)
        let words = ["shall", "may", "State", "Party", "review", "judicial", ",", "data", "any", "offence"]
        for _ in 0..<300 {
            let a = (0..<random.next(12)).map { _ in words[random.next(words.count)] }.joined(separator: " ")
            let b = (0..<random.next(12)).map { _ in words[random.next(words.count)] }.joined(separator: " ")
            let segments = WordDiff.diff(a, b)
            #expect(segments.map(\.oldSide).joined() == a)
            #expect(segments.map(\.newSide).joined() == b)
            let equalTokens = segments.filter { $0.operation == .equal }.flatMap { $0.text.split(separator: " ") }.count
            #expect(equalTokens == lcsLength(a.split(separator: " "), b.split(separator: " ")), "\(a) | \(b)")
        }
    }
}
