import SafeguardScreening

/// A small, deterministic input mutator for the bounded fuzz run in `swift test` (libFuzzer does the long runs).
///
/// Each mutant is a seed changed by one to four edits of the kinds that broke readers before: flipped bits,
/// bytes set to values parsers trip on (NUL, invalid UTF-8 lead bytes, markup and YAML punctuation), tokens of the
/// target's syntax inserted, ranges deleted or repeated, the input cut short, or two seeds spliced.
public struct Mutator: Sendable {
    /// The screening generator's PRNG: the same seed gives the same mutants on every machine.
    private var random: SplitMix64

    /// Bytes parsers trip on: NUL, control bytes, invalid or partial UTF-8, markup and YAML punctuation.
    static let interestingBytes: [UInt8] = [
        0x00, 0x01, 0x0A, 0x0D, 0x7F, 0x80, 0xC0, 0xE6, 0xF8, 0xFF, 0x3C, 0x3E, 0x26, 0x22, 0x27, 0x3A, 0x2D, 0x2A,
        0x7B, 0x7D, 0x5B, 0x5D, 0x28, 0x29, 0x2E, 0x20, 0x09,
    ]

    /// The syntax of every target's input, in small pieces: numbering, headings, markup, entities, YAML.
    static let tokens: [[UInt8]] = [
        "Article 1", "CHAPTER II", "Section 3.", "(a)", "(iv)", "1.", "—", "\n\n", "Part 1 – ", "shall", "means",
        "<p>", "</div>", "<article eId=\"art_1\">", "<!DOCTYPE a [<!ENTITY b \"c\">]>", "&b;", "<?x?>", "]]>", "<![CDATA[",
        "<w:p>", "PK\u{3}\u{4}", "%PDF", "\u{FEFF}", "\u{2028}", "*a", "&a ", "? ", "- ", ": ", "!!binary ", "{", "}", "[",
        "]", "\"", "null", "1e999", "-0", "\\u0000",
    ].map { Array($0.utf8) }

    public init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    private mutating func below(_ bound: Int) -> Int {
        bound <= 1 ? 0 : Int(random.next() % UInt64(bound))
    }

    /// A mutant of `seed`, sometimes spliced with `other`, at most `limit` bytes long.
    public mutating func mutate(_ seed: [UInt8], other: [UInt8], limit: Int) -> [UInt8] {
        var bytes = Array(seed.prefix(limit))
        for _ in 0...below(4) {
            edit(&bytes, other: other)
        }
        return Array(bytes.prefix(limit))
    }

    private mutating func edit(_ bytes: inout [UInt8], other: [UInt8]) {
        let at = below(bytes.count + 1)
        switch below(8) {
        case 0 where !bytes.isEmpty:
            bytes[min(at, bytes.count - 1)] ^= UInt8(1 << below(8))
        case 1 where !bytes.isEmpty:
            bytes[min(at, bytes.count - 1)] = Self.interestingBytes[below(Self.interestingBytes.count)]
        case 2:
            bytes.insert(contentsOf: Self.tokens[below(Self.tokens.count)], at: at)
        case 3 where !bytes.isEmpty:
            let end = min(bytes.count, at + 1 + below(64))
            bytes.removeSubrange(min(at, bytes.count - 1)..<end)
        case 4:
            let end = min(bytes.count, at + below(128))
            let piece = Array(bytes[at..<end])
            for _ in 0..<(1 + below(8)) { bytes.insert(contentsOf: piece, at: at) }
        case 5:
            bytes.removeSubrange(at...)
        case 6 where !other.isEmpty:
            let from = below(other.count)
            bytes.replaceSubrange(at..., with: other[from...])
        default:
            bytes.insert(Self.interestingBytes[below(Self.interestingBytes.count)], at: at)
        }
    }
}
