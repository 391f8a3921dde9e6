import SafeguardModel

/// Per-instrument lookup tables the analysis needs after the scan: which provision owns a byte, where
/// clauses and sentences end, how many words lie between two offsets. Built in one pass each.
struct TextIndex {
    let bytes: [UInt8]
    /// Start offsets of ownership segments, and the deepest provision owning each (-1: none).
    private let segmentStarts: [Int]
    private let segmentOwners: [Int]
    /// Offsets where a clause ends (`;` and sentence ends), sorted.
    let clauseBreaks: [Int]
    /// Offsets where a sentence ends (`.`, `?`, `!` before whitespace; blank lines), sorted.
    let sentenceBreaks: [Int]
    /// Offsets of full stops only (a sentence may run over blank lines into its sub-provisions), sorted.
    let stopBreaks: [Int]
    let provisions: [Provision]
    /// For each provision, the article or section containing (or being) it; -1 when none.
    let unitOf: [Int]
    /// For each provision, whether it is or lies inside the preamble.
    let inPreamble: [Bool]

    init(_ instrument: Instrument) {
        let bytes = Array(instrument.text.utf8)
        self.bytes = bytes
        provisions = instrument.provisions
        var unitOf = [Int](repeating: -1, count: instrument.provisions.count)
        var inPreamble = [Bool](repeating: false, count: instrument.provisions.count)
        for (i, provision) in instrument.provisions.enumerated() {
            let parent = provision.parentIndex.flatMap { $0 < i ? $0 : nil }
            unitOf[i] = provision.kind.isUnit ? i : parent.map { unitOf[$0] } ?? -1
            inPreamble[i] = provision.kind == .preamble || parent.map { inPreamble[$0] } ?? false
        }
        self.unitOf = unitOf
        self.inPreamble = inPreamble
        var starts: [Int] = []
        var owners: [Int] = []
        var stack: [Int] = []
        var position = 0
        func emit(_ upTo: Int, owner: Int) {
            guard upTo > position else { return }
            if let last = owners.last, last == owner {
                position = upTo
                return
            }
            starts.append(position)
            owners.append(owner)
            position = upTo
        }
        for (i, provision) in instrument.provisions.enumerated() {
            let start = max(provision.span.start, position)
            while let top = stack.last, instrument.provisions[top].span.end <= start {
                emit(instrument.provisions[top].span.end, owner: top)
                stack.removeLast()
            }
            emit(start, owner: stack.last ?? -1)
            stack.append(i)
        }
        while let top = stack.popLast() {
            emit(instrument.provisions[top].span.end, owner: top)
        }
        emit(bytes.count, owner: -1)
        segmentStarts = starts
        segmentOwners = owners

        var clauses: [Int] = []
        var sentences: [Int] = []
        var stops: [Int] = []
        let count = bytes.count
        var i = 0
        while i < count {
            let b = bytes[i]
            if b == UInt8(ascii: ";") {
                clauses.append(i + 1)
            } else if b == UInt8(ascii: ".") || b == UInt8(ascii: "?") || b == UInt8(ascii: "!") {
                let next = i + 1 < count ? bytes[i + 1] : UInt8(ascii: " ")
                if next == 0x20 || next == 0x0A || next == 0x0D || next == 0x09 || next == UInt8(ascii: "\"") {
                    if b != UInt8(ascii: ".") || !Self.isAbbreviation(endingAt: i, in: bytes) {
                        clauses.append(i + 1)
                        sentences.append(i + 1)
                        stops.append(i + 1)
                    }
                }
            } else if b == 0x0A {
                // A blank line ends a sentence (headings and list items without final stops).
                var j = i + 1
                while j < count && (bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0D) { j += 1 }
                if j < count && bytes[j] == 0x0A {
                    clauses.append(i)
                    sentences.append(i)
                }
            }
            i += 1
        }
        clauseBreaks = clauses
        sentenceBreaks = sentences
        stopBreaks = stops
    }

    /// "art.", "para.", "No.", "e.g.", single letters: full stops that do not end a sentence.
    private static func isAbbreviation(endingAt dot: Int, in bytes: [UInt8]) -> Bool {
        var start = dot
        while start > 0 {
            let c = bytes[start - 1]
            let isLetter = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: ".")
            if !isLetter { break }
            start -= 1
        }
        let length = dot - start
        if length == 1 { return true }
        if length == 0 || length > 7 { return false }
        let word = String(decoding: bytes[start..<dot], as: UTF8.self).lowercased()
        return [
            "art", "arts", "para", "paras", "no", "nos", "sec", "secs", "e.g", "i.e", "cf", "vol", "pp", "subpara",
            "ch", "chap", "mr", "mrs", "dr", "st", "u.s", "u.n", "op", "cit", "viz",
        ].contains(word)
    }

    /// The article or section containing (or being) the provision at `index`.
    func unit(of index: Int) -> Int? { unitOf[index] >= 0 ? unitOf[index] : nil }

    /// The deepest provision that contains the whole span, if any.
    func owner(of span: TextSpan) -> Int? {
        guard var owner = deepest(at: span.start) else { return nil }
        while provisions[owner].span.end < span.end {
            guard let parent = provisions[owner].parentIndex else { return nil }
            owner = parent
        }
        return owner
    }

    /// The deepest provision containing the byte at `offset`.
    func deepest(at offset: Int) -> Int? {
        var low = 0
        var high = segmentStarts.count
        while low < high {
            let mid = (low + high) / 2
            if segmentStarts[mid] <= offset { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return nil }
        let owner = segmentOwners[low - 1]
        return owner >= 0 ? owner : nil
    }

    /// Whether `ancestor` is `index` or one of its ancestors.
    func isSelfOrAncestor(_ ancestor: Int, of index: Int) -> Bool {
        var current: Int? = index
        while let i = current {
            if i == ancestor { return true }
            if i < ancestor { return false }  // pre-order: ancestors come first
            current = provisions[i].parentIndex
        }
        return false
    }

    /// Whether a break lies after `start` and at or before `end` (so the two offsets are in different clauses).
    func hasBreak(_ breaks: [Int], from start: Int, to end: Int) -> Bool {
        guard start < end else { return false }
        let i = Self.firstIndex(in: breaks, notBelow: start + 1)
        return i < breaks.count && breaks[i] <= end
    }

    /// The number of the sentence holding `offset` (count of sentence breaks at or before it).
    func sentenceNumber(at offset: Int) -> Int {
        Self.firstIndex(in: sentenceBreaks, notBelow: offset + 1)
    }

    /// The number of words starting in `start..<end`, counting no further than `limit + 1` (so that a far-away
    /// offset costs no more than a near one).
    func wordCount(from start: Int, to end: Int, limit: Int = Int.max) -> Int {
        guard start < end else { return 0 }
        var count = 0
        var inWord = start > 0 && Self.isWordByte(bytes[start - 1])
        for i in start..<min(end, bytes.count) {
            let word = Self.isWordByte(bytes[i])
            if word && !inWord {
                count += 1
                if count > limit { return count }
            }
            inWord = word
        }
        return count
    }

    @inline(__always)
    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b >= 0x80
    }

    static func firstIndex(in sorted: [Int], notBelow value: Int) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
