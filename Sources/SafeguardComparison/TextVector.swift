import Foundation
import SafeguardModel

/// Word tokens of a text, found on bytes and hashed once: ASCII letters and digits are folded to lower case,
/// every byte of a multi-byte UTF-8 scalar counts as a word byte, everything else separates words.
enum WordHashing {
    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte >= 0x80
    }

    @inline(__always)
    static func fold(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
    }

    /// The hashes of the words in `bytes[range]`, in order.
    static func wordHashes(_ bytes: [UInt8], _ range: Range<Int>) -> [UInt64] {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(range.count / 6)
        var hash = fnvOffset
        var inWord = false
        for i in range {
            let byte = bytes[i]
            if isWordByte(byte) {
                hash = (hash ^ UInt64(fold(byte))) &* fnvPrime
                inWord = true
            } else if inWord {
                hashes.append(hash)
                hash = fnvOffset
                inWord = false
            }
        }
        if inWord { hashes.append(hash) }
        return hashes
    }

    /// A hash for an ordered pair of word hashes (a word bigram), kept apart from unigram hashes.
    @inline(__always)
    static func pairHash(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var x = a &* 0x9E37_79B9_7F4A_7C15 ^ (b &+ 0x632B_E59B_D9B4_E019)
        x ^= x >> 31
        x = x &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 29
        return x
    }

    /// Unigram and bigram hashes of a word sequence, with their counts, sorted by hash.
    static func termCounts(_ words: [UInt64]) -> [(UInt64, Int)] {
        var terms = words
        if words.count > 1 {
            terms.reserveCapacity(words.count * 2)
            for i in 1..<words.count { terms.append(pairHash(words[i - 1], words[i])) }
        }
        terms.sort()
        var result: [(UInt64, Int)] = []
        result.reserveCapacity(terms.count)
        var i = 0
        while i < terms.count {
            var j = i + 1
            while j < terms.count && terms[j] == terms[i] { j += 1 }
            result.append((terms[i], j - i))
            i = j
        }
        return result
    }

    /// The text with runs of whitespace collapsed to one space and trimmed: two texts that differ only in
    /// layout compare equal.
    static func normalizedBytes(_ bytes: [UInt8], _ range: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var pendingSpace = false
        for i in range {
            let byte = bytes[i]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(byte)
            }
        }
        return out
    }
}

/// A sparse TF-IDF vector over hashed word unigrams and bigrams, sorted by term hash.
struct SparseVector: Sendable {
    var terms: [UInt64] = []
    var weights: [Double] = []
    var norm: Double = 0
    /// Sum of the weights: the denominator of containment.
    var mass: Double = 0

    init() {}

    init(counts: [(UInt64, Int)], idf: (UInt64) -> Double) {
        terms.reserveCapacity(counts.count)
        weights.reserveCapacity(counts.count)
        var squares = 0.0
        for (term, count) in counts {
            let weight = (1 + log(Double(count))) * idf(term)
            terms.append(term)
            weights.append(weight)
            squares += weight * weight
            mass += weight
        }
        norm = squares.squareRoot()
    }

    var isEmpty: Bool { terms.isEmpty }

    /// Cosine similarity in 0…1.
    func cosine(_ other: SparseVector) -> Double {
        guard norm > 0, other.norm > 0 else { return 0 }
        var dot = 0.0
        var i = 0
        var j = 0
        while i < terms.count && j < other.terms.count {
            let a = terms[i], b = other.terms[j]
            if a == b {
                dot += weights[i] * other.weights[j]
                i += 1
                j += 1
            } else if a < b {
                i += 1
            } else {
                j += 1
            }
        }
        return min(1, dot / (norm * other.norm))
    }

    /// How much of this vector's weight is also in `other` (0…1): near 1 when this text is contained in the other.
    func containment(in other: SparseVector) -> Double {
        guard mass > 0 else { return 0 }
        var shared = 0.0
        var i = 0
        var j = 0
        while i < terms.count && j < other.terms.count {
            let a = terms[i], b = other.terms[j]
            if a == b {
                shared += min(weights[i], other.weights[j])
                i += 1
                j += 1
            } else if a < b {
                i += 1
            } else {
                j += 1
            }
        }
        return min(1, shared / mass)
    }

    /// The sum of several vectors (for a merged or split group).
    static func sum(_ vectors: [SparseVector]) -> SparseVector {
        var merged: [UInt64: Double] = [:]
        for vector in vectors {
            for (k, term) in vector.terms.enumerated() { merged[term, default: 0] += vector.weights[k] }
        }
        var result = SparseVector()
        for (term, weight) in merged.sorted(by: { $0.key < $1.key }) {
            result.terms.append(term)
            result.weights.append(weight)
            result.mass += weight
        }
        result.norm = result.weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return result
    }
}
