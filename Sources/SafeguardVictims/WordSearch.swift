/// Whole-word, ASCII-case-insensitive search for short phrases in a slice of an instrument's UTF-8 bytes.
///
/// The victims' cues are searched only inside the few provisions that grant a right, so a direct scan is
/// enough; it works on bytes (no `Regex`, which is slow per call) and returns byte spans that cite the words.
struct WordSearch: Sendable {
    /// Lower-cased phrases with their original index, longest first so that "within its available resources"
    /// wins over "within".
    private let phrases: [(bytes: [UInt8], index: Int)]

    init(_ phrases: [String]) {
        self.phrases = phrases.enumerated()
            .map { (Array($0.element.utf8).map(WordSearch.fold), $0.offset) }
            .filter { !$0.0.isEmpty }
            .sorted { $0.0.count > $1.0.count }
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
        var i = range.lowerBound
        let end = min(range.upperBound, text.count)
        while i < end {
            if i > range.lowerBound && Self.isWordByte(text[i - 1]) || !Self.isWordByte(text[i]) {
                i += 1
                continue
            }
            var matched = false
            for phrase in phrases where i + phrase.bytes.count <= end {
                var ok = true
                for (k, b) in phrase.bytes.enumerated() {
                    // Any run of spaces or a line break in the text matches one space in the phrase.
                    if Self.fold(text[i + k]) != b && !(b == 32 && (text[i + k] == 10 || text[i + k] == 13)) {
                        ok = false
                        break
                    }
                }
                let after = i + phrase.bytes.count
                if ok && (after == end || !Self.isWordByte(text[after]) || !Self.isWordByte(phrase.bytes[phrase.bytes.count - 1])) {
                    result.append((phrase.index, i..<after))
                    i = after
                    matched = true
                    break
                }
            }
            if !matched { i += 1 }
        }
        return result
    }

    /// Whether any phrase occurs in the range.
    func occurs(in text: [UInt8], range: Range<Int>) -> Bool { !hits(in: text, range: range).isEmpty }
}
