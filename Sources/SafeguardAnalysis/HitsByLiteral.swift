/// Literal hits grouped by literal (``KeyGroups``), each group in order of start, as `combine` looks them up.
struct HitsByLiteral {
    private let hits: [LiteralHit]
    /// The group of literal `l` is `hits[first[l]..<first[l + 1]]`.
    private let first: [Int32]

    init(_ unordered: [LiteralHit], literalCount: Int) {
        let groups = KeyGroups(keys: unordered.lazy.map { $0.literal }, keyCount: literalCount)
        let first = groups.first
        var hits = groups.order.map { unordered[$0] }
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
