import Testing

@testable import SafeguardVictims

/// `WordSearch` tries only the phrases whose first byte can match at a word start; these tests hold it to the
/// plain search that tries every phrase (the one it replaced), hit for hit.
@Suite struct WordSearchTests {
    /// Every phrase tried at every word start, longest first: the reference.
    static func referenceHits(_ phrases: [String], _ text: [UInt8], _ range: Range<Int>) -> [(Int, Range<Int>)] {
        let sorted = phrases.enumerated()
            .map { (Array($0.element.utf8).map(WordSearch.fold), $0.offset) }
            .filter { !$0.0.isEmpty }
            .sorted { $0.0.count > $1.0.count }
        var result: [(Int, Range<Int>)] = []
        var i = range.lowerBound
        let end = min(range.upperBound, text.count)
        while i < end {
            if i > range.lowerBound && WordSearch.isWordByte(text[i - 1]) || !WordSearch.isWordByte(text[i]) {
                i += 1
                continue
            }
            var matched = false
            for (bytes, index) in sorted where i + bytes.count <= end {
                var ok = true
                for (k, b) in bytes.enumerated()
                where WordSearch.fold(text[i + k]) != b && !(b == 32 && (text[i + k] == 10 || text[i + k] == 13)) {
                    ok = false
                    break
                }
                let after = i + bytes.count
                if ok && (after == end || !WordSearch.isWordByte(text[after]) || !WordSearch.isWordByte(bytes[bytes.count - 1])) {
                    result.append((index, i..<after))
                    i = after
                    matched = true
                    break
                }
            }
            if !matched { i += 1 }
        }
        return result
    }

    static let phrases = [
        "victim", "victims", "inform the victim", "shall", "has the right to", "legal aid", "within", "within its means",
        "Return of data", "état", " leading space", "a", "é", "",
    ]

    static func texts() -> [String] {
        let words = [
            "victim", "Victims", "VICTIM's", "inform", "the", "shall", "has", "right", "to", "legal", "aid", "within",
            "its", "means", "return", "of", "data", "État", "état", "a", "é", "\n", " ", ",", "(a)", "victimhood", "9",
        ]
        var generator = SystemRandomNumberGenerator()
        var texts = [
            "The victim shall be informed.\nVictims have the right to legal\naid within its means.",
            "inform the\nvictim; inform the\rvictim; INFORM THE VICTIM",
            "État état a é leading space",
        ]
        for _ in 0..<200 {
            let count = Int.random(in: 0...40, using: &generator)
            texts.append((0..<count).map { _ in words.randomElement(using: &generator)! }.joined(separator: " "))
        }
        return texts
    }

    @Test func hitsAndFirstHitMatchTheSearchOfEveryPhrase() {
        let search = WordSearch(Self.phrases)
        for text in Self.texts() {
            let bytes = Array(text.utf8)
            for range in [0..<bytes.count, min(3, bytes.count)..<bytes.count, 0..<(bytes.count / 2)] {
                let expected = Self.referenceHits(Self.phrases, bytes, range)
                let hits = search.hits(in: bytes, range: range)
                #expect(hits.map(\.index) == expected.map(\.0), "\(text)")
                #expect(hits.map(\.range) == expected.map(\.1), "\(text)")
                #expect(search.firstHit(in: bytes, range: range)?.range == expected.first?.1)
                #expect(search.firstHit(in: bytes, range: range)?.index == expected.first?.0)
                #expect(search.occurs(in: bytes, range: range) == !expected.isEmpty)
            }
        }
    }

    @Test func theLongestPhraseWinsAndALineBreakMatchesASpace() {
        let search = WordSearch(["within", "within its available resources"])
        let text = Array("Each Party, within its available\nresources, shall".utf8)
        let hits = search.hits(in: text, range: 0..<text.count)
        #expect(hits.count == 1)
        #expect(hits.first?.index == 1)
        #expect(search.firstHit(in: text, range: 0..<text.count)?.index == 1)
        #expect(search.firstHit(in: text, range: 12..<text.count)?.index == 1)
        #expect(search.firstHit(in: text, range: 13..<text.count) == nil)
    }
}
