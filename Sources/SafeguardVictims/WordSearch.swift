/// Whole-word, ASCII-case-insensitive search for short phrases in a slice of an instrument's UTF-8 bytes.
///
/// The victims' cues are searched only inside the few provisions that grant a right, so a direct scan is
/// enough; it works on bytes (no `Regex`, which is slow per call) and returns byte spans that cite the words.
struct WordSearch: Sendable {
    /// The lower-cased phrases, longest first so that "within its available resources" wins over "within",
    /// stored end to end in one buffer: phrase `p` is `bytes[starts[p]..<starts[p + 1]]`, and `indices[p]` is its
    /// place in the list given to `init`. (Flat arrays: the scan touches no reference count per phrase tried.)
    private let bytes: [UInt8]
    private let starts: [Int]
    private let indices: [Int]

    /// For each byte value of the text, the phrases (positions, in the order above) whose first byte it can
    /// match: `candidates[firstCandidate[b]..<firstCandidate[b + 1]]`. A search tries only those at a word start.
    private let candidates: [Int]
    private let firstCandidate: [Int]

    init(_ phrases: [String]) {
        let sorted = phrases.enumerated()
            .map { (Array($0.element.utf8).map(WordSearch.fold), $0.offset) }
            .filter { !$0.0.isEmpty }
            .sorted { $0.0.count > $1.0.count }
        bytes = sorted.flatMap(\.0)
        starts = sorted.reduce(into: [0]) { $0.append($0.last! + $1.0.count) }
        indices = sorted.map(\.1)
        var candidates: [Int] = []
        var firstCandidate: [Int] = []
        for byte in 0...255 {
            firstCandidate.append(candidates.count)
            for (position, phrase) in sorted.enumerated() where Self.matches(UInt8(byte), phrase.0[0]) {
                candidates.append(position)
            }
        }
        firstCandidate.append(candidates.count)
        self.candidates = candidates
        self.firstCandidate = firstCandidate
    }

    /// Whether a text byte matches a phrase byte: case-folded, and a line break in the text matches a space.
    @inline(__always) private static func matches(_ textByte: UInt8, _ phraseByte: UInt8) -> Bool {
        fold(textByte) == phraseByte || (phraseByte == 32 && (textByte == 10 || textByte == 13))
    }

    @inline(__always) static func fold(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte + 32 : byte
    }

    @inline(__always) static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) || byte >= 0x80
    }

    /// Every non-overlapping hit in `range` of `text`: (phrase index, byte range), in text order.
    func hits(in text: [UInt8], range: Range<Int>) -> [(index: Int, range: Range<Int>)] {
        var result: [(Int, Range<Int>)] = []
        scan(text, range) { hit in
            result.append(hit)
            return true
        }
        return result
    }

    /// The first hit in `range` of `text`, the same as `hits(in:range:).first` without looking further.
    func firstHit(in text: [UInt8], range: Range<Int>) -> (index: Int, range: Range<Int>)? {
        var first: (index: Int, range: Range<Int>)?
        scan(text, range) { hit in
            first = hit
            return false
        }
        return first
    }

    /// Walks the word starts of `range` left to right, trying the phrases longest first at each, and hands each
    /// hit to `body` (which says whether to go on); the search resumes after the hit.
    private func scan(_ text: [UInt8], _ range: Range<Int>, _ body: ((Int, Range<Int>)) -> Bool) {
        text.withUnsafeBufferPointer { text in
            bytes.withUnsafeBufferPointer { phraseBytes in
                candidates.withUnsafeBufferPointer { candidates in
                    Self.wordBytes.withUnsafeBufferPointer { isWord in
                        var i = range.lowerBound
                        let end = min(range.upperBound, text.count)
                        while i < end {
                            if !isWord[Int(text[i])] {
                                i += 1
                                continue
                            }
                            if i > range.lowerBound && isWord[Int(text[i - 1])] {
                                // Inside a word: no phrase starts before its end.
                                while i < end, isWord[Int(text[i])] { i += 1 }
                                continue
                            }
                            var matched = false
                            let first = Int(text[i])
                            var c = firstCandidate[first]
                            let lastCandidate = firstCandidate[first + 1]
                            while c < lastCandidate {
                                let position = candidates[c]
                                c += 1
                                let phraseStart = starts[position]
                                let count = starts[position + 1] - phraseStart
                                guard i + count <= end else { continue }
                                var k = 0
                                while k < count, Self.matches(text[i + k], phraseBytes[phraseStart + k]) { k += 1 }
                                let after = i + count
                                if k == count
                                    && (after == end || !isWord[Int(text[after])] || !isWord[Int(phraseBytes[phraseStart + count - 1])])
                                {
                                    guard body((indices[position], i..<after)) else { return }
                                    i = after
                                    matched = true
                                    break
                                }
                            }
                            if !matched {
                                // No phrase starts inside the rest of this word.
                                i += 1
                                while i < end, isWord[Int(text[i])] { i += 1 }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `isWordByte` for every byte value, so the scan pays one load per byte.
    private static let wordBytes: [Bool] = (0...255).map { isWordByte(UInt8($0)) }

    /// Whether any phrase occurs in the range.
    func occurs(in text: [UInt8], range: Range<Int>) -> Bool { firstHit(in: text, range: range) != nil }
}
