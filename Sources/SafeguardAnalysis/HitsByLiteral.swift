/// Literal hits grouped by literal, each group in order of start, as `combine` looks them up. One array of all
/// hits and an offset per literal: an array per literal meant tens of thousands of empty arrays made and released
/// for every text.
struct HitsByLiteral {
    private let hits: [LiteralHit]
    /// The group of literal `l` is `hits[first[l]..<first[l + 1]]`.
    private let first: [Int32]

    init(_ unordered: [LiteralHit], literalCount: Int) {
        var first = [Int32](repeating: 0, count: literalCount + 1)
        for hit in unordered { first[hit.literal + 1] += 1 }
        for literal in 0..<literalCount { first[literal + 1] += first[literal] }
        // Each hit to the next place of its group: within a group, hits keep the order they came in.
        var next = first
        var hits = [LiteralHit](repeating: LiteralHit(literal: 0, start: 0, end: 0), count: unordered.count)
        for hit in unordered {
            hits[Int(next[hit.literal])] = hit
            next[hit.literal] += 1
        }
        var k = 0
        while k < hits.count {
            let end = Int(first[hits[k].literal + 1])
            if end - k > 1 { hits[k..<end].sort { $0.start < $1.start } }
            k = end
        }
        self.hits = hits
        self.first = first
    }

    subscript(literal: Int) -> HitList { HitList(hits: hits, lower: Int(first[literal]), count: Int(first[literal + 1] - first[literal])) }

    /// One literal's hits, indexed from 0.
    struct HitList: RandomAccessCollection {
        let hits: [LiteralHit]
        let lower: Int
        let count: Int
        var startIndex: Int { 0 }
        var endIndex: Int { count }
        subscript(position: Int) -> LiteralHit { hits[lower + position] }
    }
}
