import Foundation
public import SafeguardModel

/// How a provision of the old revision relates to the new one.
public enum AlignmentStatus: String, Codable, Sendable, CaseIterable {
    /// Same number, same words (whitespace, and cross-reference numbers that follow the renumbering, aside).
    case unchanged
    /// Different words (whether or not the number changed); or, with the same number, a new heading.
    case modified
    /// In a different chapter, or out of sequence relative to its aligned neighbours (it may also be modified).
    case moved
    /// A different number in the same relative place, same words (other provisions were inserted or removed
    /// before it).
    case renumbered
    /// Only in the new revision.
    case added
    /// Only in the old revision.
    case removed
    /// Several old provisions became one new provision.
    case merged
    /// One old provision became several new provisions.
    case split
}

/// Two corresponding provisions (or groups, for merges and splits) of two revisions.
public struct AlignedPair: Sendable, Hashable {
    /// Indices into the old instrument's provisions: empty when added, several when merged.
    public var oldIndices: [Int]
    /// Indices into the new instrument's provisions: empty when removed, several when split.
    public var newIndices: [Int]
    public var oldEIds: [EId]
    public var newEIds: [EId]
    public var status: AlignmentStatus
    /// Content similarity in 0…1 (1 for identical words; 0 for added or removed).
    public var similarity: Double
    /// The aligned paragraphs, points, ... inside this pair.
    public var children: [AlignedPair]
    /// The heading changed (whatever the status: a retitled article with the same words is `renumbered`
    /// or `modified` by its number).
    public var retitled: Bool

    public init(
        oldIndices: [Int], newIndices: [Int], oldEIds: [EId], newEIds: [EId],
        status: AlignmentStatus, similarity: Double, children: [AlignedPair] = [], retitled: Bool = false
    ) {
        self.retitled = retitled
        self.oldIndices = oldIndices
        self.newIndices = newIndices
        self.oldEIds = oldEIds
        self.newEIds = newEIds
        self.status = status
        self.similarity = similarity
        self.children = children
    }

    /// The first old eId (the eId for one-to-one pairs).
    public var oldEId: EId? { oldEIds.first }
    /// The first new eId.
    public var newEId: EId? { newEIds.first }
}

/// The alignment of two revisions: one pair per article or section (and the preamble), nested pairs inside.
public struct Alignment: Sendable {
    /// Unit-level pairs in reading order of the new revision (removed units after their old predecessor).
    public var pairs: [AlignedPair]

    public init(pairs: [AlignedPair]) { self.pairs = pairs }

    /// Every pair at every level, in pre-order.
    public var allPairs: [AlignedPair] {
        var result: [AlignedPair] = []
        func walk(_ pair: AlignedPair) {
            result.append(pair)
            pair.children.forEach(walk)
        }
        pairs.forEach(walk)
        return result
    }

    /// Unit-level counts per status.
    public var statusCounts: [AlignmentStatus: Int] {
        var counts: [AlignmentStatus: Int] = [:]
        for pair in pairs { counts[pair.status, default: 0] += 1 }
        return counts
    }
}

/// Thresholds of the aligner. Content similarity decides; number and heading only lower the bar.
public struct AlignmentThresholds: Sendable {
    /// Cosine similarity needed to pair two units with no hint in common.
    public var plain: Double = 0.5
    /// ... with the same number or the same heading.
    public var withHint: Double = 0.3
    /// ... with both the same number and the same heading.
    public var withBothHints: Double = 0.18
    /// Share of an old unit's content found in a new unit for it to count as merged into it (and vice versa).
    public var containment: Double = 0.75
    /// Minimum number of words for a provision to take part in a merge or split.
    public var minimumGroupWords: Int = 5

    public init() {}
}

/// Aligns the provisions of two revisions of an instrument.
///
/// Every unit (article, section, preamble) becomes a sparse TF-IDF vector of hashed word unigrams and bigrams
/// over its full text; pairs are chosen greedily by similarity, with number and heading as small bonuses;
/// leftovers are tested for merges and splits by containment; a longest increasing subsequence over the
/// aligned pairs tells moved provisions from renumbered ones. The same procedure aligns paragraphs and points
/// inside aligned units.
public struct Aligner: Sendable {
    public var thresholds: AlignmentThresholds

    public init(thresholds: AlignmentThresholds = AlignmentThresholds()) {
        self.thresholds = thresholds
    }

    public func align(_ old: Instrument, _ new: Instrument) -> Alignment {
        let oldSide = AlignmentSide(old)
        let newSide = AlignmentSide(new)
        // Document frequencies over every unit of both revisions: boilerplate weighs little.
        var documentFrequency: [UInt64: Int] = [:]
        let oldUnits = oldSide.topItems
        let newUnits = newSide.topItems
        for side in [(oldSide, oldUnits), (newSide, newUnits)] {
            for index in side.1 {
                for (term, _) in side.0.counts(index) { documentFrequency[term, default: 0] += 1 }
            }
        }
        let total = Double(max(1, oldUnits.count + newUnits.count))
        // IDF once per term (the logarithm is not recomputed for every vector that holds the term).
        var weights: [UInt64: Double] = [:]
        weights.reserveCapacity(documentFrequency.count)
        for (term, df) in documentFrequency { weights[term] = log(1 + total / (1 + Double(df))) }
        let unseen = log(1 + total)
        let table = weights
        let idf: (UInt64) -> Double = { term in table[term] ?? unseen }
        let context = AlignmentContext(old: oldSide, new: newSide, idf: idf, thresholds: thresholds)
        let pairs = context.alignLevel(oldItems: oldUnits, newItems: newUnits, unitLevel: true, renumbering: [:])
        return Alignment(pairs: pairs)
    }
}

/// One revision prepared for alignment: its bytes and lazily computed per-provision data.
final class AlignmentSide {
    let instrument: Instrument
    let bytes: [UInt8]
    private var countCache: [Int: [(UInt64, Int)]] = [:]
    private var normalizedCache: [Int: [UInt8]] = [:]
    private var headingCache: [Int: String] = [:]
    private var wordCountCache: [Int: Int] = [:]

    init(_ instrument: Instrument) {
        self.instrument = instrument
        self.bytes = Array(instrument.text.utf8)
    }

    /// Units plus any top-level preamble, in document order.
    var topItems: [Int] {
        instrument.provisions.indices.filter { i in
            let p = instrument.provisions[i]
            return p.kind.isUnit || (p.kind == .preamble && p.parentIndex == nil)
        }
    }

    /// The words of a provision after its number and heading, children included.
    func bodyRange(_ index: Int) -> Range<Int> {
        let p = instrument.provisions[index]
        var start = p.textSpan.start
        if let first = p.childIndices.first { start = min(start, instrument.provisions[first].span.start) }
        start = max(start, p.span.start)
        let end = max(start, min(p.span.end, bytes.count))
        return min(start, end)..<end
    }

    func counts(_ index: Int) -> [(UInt64, Int)] {
        if let cached = countCache[index] { return cached }
        let result = WordHashing.termCounts(WordHashing.wordHashes(bytes, bodyRange(index)))
        countCache[index] = result
        return result
    }

    func wordCount(_ index: Int) -> Int {
        if let cached = wordCountCache[index] { return cached }
        let count = WordHashing.wordHashes(bytes, bodyRange(index)).count
        wordCountCache[index] = count
        return count
    }

    func normalizedBody(_ index: Int) -> [UInt8] {
        if let cached = normalizedCache[index] { return cached }
        let result = WordHashing.normalizedBytes(bytes, bodyRange(index))
        normalizedCache[index] = result
        return result
    }

    func normalizedHeading(_ index: Int) -> String {
        if let cached = headingCache[index] { return cached }
        var result = ""
        if let heading = instrument.provisions[index].heading {
            let b = Array(heading.utf8)
            result = String(decoding: WordHashing.normalizedBytes(b, 0..<b.count).map(WordHashing.fold), as: UTF8.self)
        }
        headingCache[index] = result
        return result
    }

    /// The last component of the eId ("art_7", "para_2"): what the number became.
    func key(_ index: Int) -> Substring {
        let eId = instrument.provisions[index].eId
        if let range = eId.rawValue.range(of: "__", options: .backwards) { return eId.rawValue[range.upperBound...] }
        return Substring(eId.rawValue)
    }

    /// The nearest enclosing container (chapter, part, division...), if any.
    func container(_ index: Int) -> Int? {
        instrument.ancestors(of: index).first { instrument.provisions[$0].kind.isContainer }
    }
}

struct AlignmentContext {
    let old: AlignmentSide
    let new: AlignmentSide
    let idf: (UInt64) -> Double
    let thresholds: AlignmentThresholds

    func vector(_ side: AlignmentSide, _ index: Int) -> SparseVector { SparseVector(counts: side.counts(index), idf: idf) }

    /// Aligns two lists of sibling-level items and their children (see ``LevelAligner``).
    func alignLevel(oldItems: [Int], newItems: [Int], unitLevel: Bool, renumbering: [String: String]) -> [AlignedPair] {
        var aligner = LevelAligner(context: self, oldItems: oldItems, newItems: newItems, unitLevel: unitLevel, renumbering: renumbering)
        return aligner.align()
    }
}

/// Positions (into `values`) of one longest strictly increasing subsequence, in order. O(n log n).
func longestIncreasingSubsequence(_ values: [Int]) -> [Int] {
    guard !values.isEmpty else { return [] }
    var tails: [Int] = []  // positions of the smallest tail of each length
    var previous = [Int](repeating: -1, count: values.count)
    for (k, value) in values.enumerated() {
        var low = 0, high = tails.count
        while low < high {
            let mid = (low + high) / 2
            if values[tails[mid]] < value { low = mid + 1 } else { high = mid }
        }
        if low > 0 { previous[k] = tails[low - 1] }
        if low == tails.count { tails.append(k) } else { tails[low] = k }
    }
    var result: [Int] = []
    var k = tails.last!
    while k >= 0 {
        result.append(k)
        k = previous[k]
    }
    return result.reversed()
}
