/// Word-level difference of two texts (Myers' O(ND) algorithm over word and punctuation tokens).
///
/// Tokens are compared without the whitespace before them, so a change of layout is no change; each segment
/// keeps that whitespace so the segments of one side concatenate back to its text (trailing whitespace aside).
public enum WordDiff {
    public enum Operation: String, Sendable, Codable {
        case equal
        case delete
        case insert
    }

    public struct Segment: Sendable, Hashable {
        public var operation: Operation
        /// The words as in the old text (as in the new text for insertions).
        public var text: String
        /// For equal segments, the same words with the new text's spacing.
        public var newText: String

        public init(_ operation: Operation, _ text: String, newText: String? = nil) {
            self.operation = operation
            self.text = text
            self.newText = newText ?? text
        }

        /// The segment as it reads on the old side (empty for insertions).
        public var oldSide: String { operation == .insert ? "" : text }
        /// The segment as it reads on the new side (empty for deletions).
        public var newSide: String { operation == .delete ? "" : newText }
    }

    /// Beyond this many differing tokens the texts are shown as one deletion and one insertion: the
    /// redline would be unreadable anyway, and it bounds time and memory.
    public static let maximumEdits = 4000

    public static func diff(_ old: String, _ new: String) -> [Segment] {
        let a = Tokens(old), b = Tokens(new)
        let n = a.count, m = b.count
        // Common prefix and suffix first: most revisions change little.
        var prefix = 0
        while prefix < n && prefix < m && a.equal(prefix, b, prefix) { prefix += 1 }
        var suffix = 0
        while suffix < n - prefix && suffix < m - prefix && a.equal(n - 1 - suffix, b, m - 1 - suffix) { suffix += 1 }
        // Operation and token indices: into a for equal/delete, into b for insert and (second) for equal.
        var ops: [(Operation, Int, Int)] = []
        ops.reserveCapacity(n + m)
        for i in 0..<prefix { ops.append((.equal, i, i)) }
        ops += myers(a, b, aRange: prefix..<(n - suffix), bRange: prefix..<(m - suffix))
        for k in 0..<suffix { ops.append((.equal, n - suffix + k, m - suffix + k)) }
        // Coalesce into segments.
        var segments: [Segment] = []
        for (operation, index, other) in ops {
            let text = operation == .insert ? b.text(index) : a.text(index)
            let newText = operation == .equal ? b.text(other) : text
            if let last = segments.last, last.operation == operation {
                segments[segments.count - 1].text += text
                segments[segments.count - 1].newText += newText
            } else {
                segments.append(Segment(operation, text, newText: newText))
            }
        }
        return segments
    }

    /// Shortest edit script between a[aRange] and b[bRange].
    static func myers(_ a: Tokens, _ b: Tokens, aRange: Range<Int>, bRange: Range<Int>) -> [(Operation, Int, Int)] {
        let n = aRange.count, m = bRange.count
        if n == 0 { return bRange.map { (.insert, $0, $0) } }
        if m == 0 { return aRange.map { (.delete, $0, $0) } }
        let limit = min(n + m, maximumEdits)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        var finalD = -1
        search: for d in 0...limit {
            trace.append(Array(v[(offset - d - 1)...(offset + d + 1)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n && y < m && a.equal(aRange.lowerBound + x, b, bRange.lowerBound + y) {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n && y >= m {
                    finalD = d
                    break search
                }
            }
        }
        if finalD < 0 {
            return aRange.map { (.delete, $0, $0) } + bRange.map { (.insert, $0, $0) }
        }
        // Walk back through the saved frontiers.
        var reversed: [(Operation, Int, Int)] = []
        var x = n, y = m
        for d in stride(from: finalD, through: 1, by: -1) {
            let frontier = trace[d]  // values after round d-1, indexed by k + d + 1
            func value(_ k: Int) -> Int { frontier[k + d + 1] }
            let k = x - y
            let previousK = (k == -d || (k != d && value(k - 1) < value(k + 1))) ? k + 1 : k - 1
            let previousX = value(previousK)
            let previousY = previousX - previousK
            while x > previousX && y > previousY {
                reversed.append((.equal, aRange.lowerBound + x - 1, bRange.lowerBound + y - 1))
                x -= 1
                y -= 1
            }
            if x == previousX {
                reversed.append((.insert, bRange.lowerBound + y - 1, bRange.lowerBound + y - 1))
            } else {
                reversed.append((.delete, aRange.lowerBound + x - 1, aRange.lowerBound + x - 1))
            }
            x = previousX
            y = previousY
        }
        while x > 0 && y > 0 {
            reversed.append((.equal, aRange.lowerBound + x - 1, bRange.lowerBound + y - 1))
            x -= 1
            y -= 1
        }
        return reversed.reversed()
    }

    /// Word and punctuation tokens of a text, on bytes, each with the whitespace before it.
    struct Tokens {
        let bytes: [UInt8]
        /// Start of the whitespace before each token, start of the token, end of the token.
        var lead: [Int] = []
        var start: [Int] = []
        var end: [Int] = []
        var hashes: [UInt64] = []

        init(_ text: String) {
            bytes = Array(text.utf8)
            var i = 0
            var whitespaceStart = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                    i += 1
                    continue
                }
                let tokenStart = i
                if WordHashing.isWordByte(byte) {
                    while i < bytes.count && WordHashing.isWordByte(bytes[i]) { i += 1 }
                } else {
                    i += 1
                }
                var hash = WordHashing.fnvOffset
                for j in tokenStart..<i { hash = (hash ^ UInt64(bytes[j])) &* WordHashing.fnvPrime }
                lead.append(whitespaceStart)
                start.append(tokenStart)
                end.append(i)
                hashes.append(hash)
                whitespaceStart = i
            }
            if !end.isEmpty { end[end.count - 1] = max(end[end.count - 1], bytes.count) }  // keep trailing whitespace
        }

        var count: Int { start.count }

        func equal(_ i: Int, _ other: Tokens, _ j: Int) -> Bool {
            guard hashes[i] == other.hashes[j] else { return false }
            let length = trimmedEnd(i) - start[i]
            guard length == other.trimmedEnd(j) - other.start[j] else { return false }
            for k in 0..<length where bytes[start[i] + k] != other.bytes[other.start[j] + k] { return false }
            return true
        }

        /// The token's end without the trailing whitespace kept on the last token.
        func trimmedEnd(_ i: Int) -> Int {
            var e = end[i]
            while e > start[i] + 1, [0x20, 0x0A, 0x09, 0x0D, 0x0C].contains(bytes[e - 1]) { e -= 1 }
            return e
        }

        func text(_ i: Int) -> String { String(decoding: bytes[lead[i]..<end[i]], as: UTF8.self) }
    }
}
