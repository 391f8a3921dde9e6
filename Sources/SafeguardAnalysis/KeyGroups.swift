/// Items grouped by a small whole-number key, stably (a counting sort): the items of key `k` are
/// `order[first[k]..<first[k + 1]]`, given as their positions in the items, in the order they came in.
///
/// One array and an offset per key: an array per key meant tens of thousands of mostly empty arrays for the
/// lexicon's literals, made at every start (``Lexicon``'s one-segment patterns) and for every text
/// (``HitsByLiteral``).
struct KeyGroups {
    let order: [Int]
    let first: [Int32]

    /// Groups items by `keys` (one per item, each in `0..<keyCount`).
    init<Keys: Collection<Int>>(keys: Keys, keyCount: Int) {
        var first = [Int32](repeating: 0, count: keyCount + 1)
        for key in keys { first[key + 1] += 1 }
        for key in 0..<keyCount { first[key + 1] += first[key] }
        var next = first
        var order = [Int](repeating: 0, count: keys.count)
        for (item, key) in keys.enumerated() {
            order[Int(next[key])] = item
            next[key] += 1
        }
        self.order = order
        self.first = first
    }
}
