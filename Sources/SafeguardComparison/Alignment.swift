import Foundation
import SafeguardModel

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
    public var oldEIds: [String]
    public var newEIds: [String]
    public var status: AlignmentStatus
    /// Content similarity in 0…1 (1 for identical words; 0 for added or removed).
    public var similarity: Double
    /// The aligned paragraphs, points, ... inside this pair.
    public var children: [AlignedPair]
    /// The heading changed (whatever the status: a retitled article with the same words is `renumbered`
    /// or `modified` by its number).
    public var retitled: Bool

    public init(
        oldIndices: [Int], newIndices: [Int], oldEIds: [String], newEIds: [String],
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
    public var oldEId: String? { oldEIds.first }
    /// The first new eId.
    public var newEId: String? { newEIds.first }
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
        let oldSide = Side(old)
        let newSide = Side(new)
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
        let context = Context(old: oldSide, new: newSide, idf: idf, thresholds: thresholds)
        let pairs = context.alignLevel(oldItems: oldUnits, newItems: newUnits, unitLevel: true, renumbering: [:])
        return Alignment(pairs: pairs)
    }
}

/// One revision prepared for alignment: its bytes and lazily computed per-provision data.
private final class Side {
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
        if let range = eId.range(of: "__", options: .backwards) { return eId[range.upperBound...] }
        return Substring(eId)
    }

    /// The nearest enclosing container (chapter, part, division...), if any.
    func container(_ index: Int) -> Int? {
        instrument.ancestors(of: index).first { instrument.provisions[$0].kind.isContainer }
    }
}

private struct Context {
    let old: Side
    let new: Side
    let idf: (UInt64) -> Double
    let thresholds: AlignmentThresholds

    func vector(_ side: Side, _ index: Int) -> SparseVector { SparseVector(counts: side.counts(index), idf: idf) }

    /// Aligns two lists of sibling-level items (units, or the children of aligned units), then their children.
    /// `renumbering` maps old unit numbers to new ones ("23" → "25") so that cross-references that merely
    /// follow the renumbering do not count as a change of words; it is computed at the unit level.
    func alignLevel(oldItems: [Int], newItems: [Int], unitLevel: Bool, renumbering: [String: String]) -> [AlignedPair] {
        if oldItems.isEmpty && newItems.isEmpty { return [] }
        // Vectors are built on demand: items paired by the exact pass (most of them) never need one.
        var oldVectorCache = [SparseVector?](repeating: nil, count: oldItems.count)
        var newVectorCache = [SparseVector?](repeating: nil, count: newItems.count)
        func oldVector(_ i: Int) -> SparseVector {
            if let v = oldVectorCache[i] { return v }
            let v = vector(old, oldItems[i])
            oldVectorCache[i] = v
            return v
        }
        func newVector(_ j: Int) -> SparseVector {
            if let v = newVectorCache[j] { return v }
            let v = vector(new, newItems[j])
            newVectorCache[j] = v
            return v
        }
        var oldPartner = [Int?](repeating: nil, count: oldItems.count)
        var newPartner = [Int?](repeating: nil, count: newItems.count)
        var similarity: [Int: Double] = [:]  // keyed by old position, for one-to-one pairs

        // 1. Identical words and heading: exact pairs, preferring the same number.
        // Keyed by a 64-bit hash of heading and words (hashing whole texts through Hasher is slow); equality
        // is checked on the bytes.
        func textHash(_ heading: String, _ body: [UInt8]) -> UInt64 {
            var hash = WordHashing.fnvOffset
            for byte in heading.utf8 { hash = (hash ^ UInt64(byte)) &* WordHashing.fnvPrime }
            hash = (hash ^ 0xFF) &* WordHashing.fnvPrime
            for byte in body { hash = (hash ^ UInt64(byte)) &* WordHashing.fnvPrime }
            return hash
        }
        var byText: [UInt64: [Int]] = [:]
        for (j, index) in newItems.enumerated() {
            let body = new.normalizedBody(index)
            let heading = new.normalizedHeading(index)
            if body.isEmpty && heading.isEmpty { continue }
            byText[textHash(heading, body), default: []].append(j)
        }
        for (i, index) in oldItems.enumerated() {
            let body = old.normalizedBody(index)
            let heading = old.normalizedHeading(index)
            if body.isEmpty && heading.isEmpty { continue }
            guard let candidates = byText[textHash(heading, body)] else { continue }
            let free = candidates.filter {
                newPartner[$0] == nil && new.normalizedBody(newItems[$0]) == body && new.normalizedHeading(newItems[$0]) == heading
            }
            guard let j = free.first(where: { new.key(newItems[$0]) == old.key(index) }) ?? free.first else { continue }
            oldPartner[i] = j
            newPartner[j] = i
            similarity[i] = 1
        }

        // 2. Greedy by score over the remaining pairs.
        var candidates: [(score: Double, cosine: Double, i: Int, j: Int)] = []
        let newKeys = newItems.map { new.key($0) }
        let newHeadings = newItems.map { new.normalizedHeading($0) }
        for i in oldItems.indices where oldPartner[i] == nil {
            let oldKey = old.key(oldItems[i])
            let oldHeading = old.normalizedHeading(oldItems[i])
            for j in newItems.indices where newPartner[j] == nil {
                var cosine = oldVector(i).cosine(newVector(j))
                let sameKey = oldKey == newKeys[j]
                let sameHeading = !oldHeading.isEmpty && oldHeading == newHeadings[j]
                if oldVector(i).isEmpty && newVector(j).isEmpty && sameHeading { cosine = 1 }
                // A number is no hint when the headings have nothing in common (a new article took the number).
                let keyHint = sameKey && !headingsConflict(oldHeading, newHeadings[j])
                let needed: Double =
                    keyHint && sameHeading ? thresholds.withBothHints
                    : (keyHint || sameHeading) ? thresholds.withHint : thresholds.plain
                guard cosine >= needed else { continue }
                let score = cosine + (sameKey ? 0.05 : 0) + (sameHeading ? 0.1 : 0)
                candidates.append((score, cosine, i, j))
            }
        }
        candidates.sort { $0.score != $1.score ? $0.score > $1.score : ($0.i, $0.j) < ($1.i, $1.j) }
        for candidate in candidates where oldPartner[candidate.i] == nil && newPartner[candidate.j] == nil {
            oldPartner[candidate.i] = candidate.j
            newPartner[candidate.j] = candidate.i
            similarity[candidate.i] = candidate.cosine
        }

        // 3. Merges (several old into one new) and splits (one old into several new).
        var groupOfOld = [Int?](repeating: nil, count: oldItems.count)
        var groupOfNew = [Int?](repeating: nil, count: newItems.count)
        var groups: [(olds: [Int], news: [Int], status: AlignmentStatus)] = []
        for j in newItems.indices {
            var members: [Int] = []
            var anyUnmatched = false
            for i in oldItems.indices where groupOfOld[i] == nil {
                if oldPartner[i] == j {
                    members.append(i)
                } else if oldPartner[i] == nil, old.wordCount(oldItems[i]) >= thresholds.minimumGroupWords,
                    oldVector(i).containment(in: newVector(j)) >= thresholds.containment
                {
                    members.append(i)
                    anyUnmatched = true
                }
            }
            guard members.count >= 2, anyUnmatched else { continue }
            for i in members { oldPartner[i] = j; groupOfOld[i] = groups.count }
            groupOfNew[j] = groups.count
            groups.append((members, [j], .merged))
        }
        for i in oldItems.indices where groupOfOld[i] == nil {
            var members: [Int] = []
            var anyUnmatched = false
            for j in newItems.indices where groupOfNew[j] == nil {
                if newPartner[j] == i {
                    members.append(j)
                } else if newPartner[j] == nil, new.wordCount(newItems[j]) >= thresholds.minimumGroupWords,
                    newVector(j).containment(in: oldVector(i)) >= thresholds.containment
                {
                    members.append(j)
                    anyUnmatched = true
                }
            }
            guard members.count >= 2, anyUnmatched else { continue }
            for j in members { newPartner[j] = i; groupOfNew[j] = groups.count }
            groupOfOld[i] = groups.count
            groups.append(([i], members, .split))
        }

        // 4. Order: a longest increasing subsequence over one-to-one pairs tells moves from renumbering.
        let oneToOne = oldItems.indices.filter { oldPartner[$0] != nil && groupOfOld[$0] == nil }
        let inSequence = Set(longestIncreasingSubsequence(oneToOne.map { oldPartner[$0]! }).map { oneToOne[$0] })
        let containerMap = unitLevel ? mapContainers(oldItems: oldItems, newItems: newItems, oldPartner: oldPartner) : [:]

        var renumbering = renumbering
        if unitLevel {
            for (i, o) in oldItems.enumerated() {
                guard let j = oldPartner[i], groupOfOld[i] == nil,
                    let a = Self.number(old.instrument.provisions[o].eId), let b = Self.number(new.instrument.provisions[newItems[j]].eId),
                    a != b
                else { continue }
                renumbering[a] = b
            }
        }
        var ordered: [(position: Double, pair: AlignedPair)] = []
        for i in oneToOne {
            let j = oldPartner[i]!
            let o = oldItems[i], n = newItems[j]
            let sameKey = old.key(o) == new.key(n)
            let sameWords = old.normalizedBody(o) == new.normalizedBody(n)
                || Self.sameModuloRenumbering(old.bytes, old.bodyRange(o), new.bytes, new.bodyRange(n), renumbering)
            let retitled = old.normalizedHeading(o) != new.normalizedHeading(n)
            let sameText = sameWords && !retitled
            var moved = !inSequence.contains(i)
            if unitLevel {
                let mapped = containerMap[old.container(o) ?? -1] ?? -1
                if mapped != (new.container(n) ?? -1) { moved = true }
            }
            let status: AlignmentStatus =
                moved ? .moved : !sameWords ? .modified : !sameKey ? .renumbered : retitled ? .modified : .unchanged
            let pairSimilarity = sameText ? 1 : sameWords ? max(similarity[i] ?? 0, 0.999) : min(similarity[i] ?? 0, 0.999)
            let pair = AlignedPair(
                oldIndices: [o], newIndices: [n],
                oldEIds: [old.instrument.provisions[o].eId], newEIds: [new.instrument.provisions[n].eId],
                status: status, similarity: pairSimilarity,
                children: alignLevel(
                    oldItems: old.instrument.provisions[o].childIndices,
                    newItems: new.instrument.provisions[n].childIndices, unitLevel: false, renumbering: renumbering),
                retitled: retitled)
            ordered.append((Double(j), pair))
        }
        for group in groups {
            let oldIdx = group.olds.map { oldItems[$0] }
            let newIdx = group.news.map { newItems[$0] }
            let cosine = SparseVector.sum(group.olds.map { oldVector($0) }).cosine(SparseVector.sum(group.news.map { newVector($0) }))
            let pair = AlignedPair(
                oldIndices: oldIdx, newIndices: newIdx,
                oldEIds: oldIdx.map { old.instrument.provisions[$0].eId },
                newEIds: newIdx.map { new.instrument.provisions[$0].eId },
                status: group.status, similarity: min(cosine, 0.999),
                children: alignLevel(
                    oldItems: oldIdx.flatMap { old.instrument.provisions[$0].childIndices },
                    newItems: newIdx.flatMap { new.instrument.provisions[$0].childIndices }, unitLevel: false,
                    renumbering: renumbering))
            ordered.append((Double(group.news[0]), pair))
        }
        for j in newItems.indices where newPartner[j] == nil {
            let n = newItems[j]
            ordered.append((Double(j), AlignedPair(
                oldIndices: [], newIndices: [n], oldEIds: [], newEIds: [new.instrument.provisions[n].eId],
                status: .added, similarity: 0)))
        }
        for i in oldItems.indices where oldPartner[i] == nil {
            // After the new position of the nearest earlier old item that has one.
            var position = -0.5
            var k = i - 1
            while k >= 0 {
                if let j = oldPartner[k] { position = Double(j) + 0.5; break }
                k -= 1
            }
            position += Double(i) / Double(oldItems.count + 1) / 4  // keeps removed runs in old order
            let o = oldItems[i]
            ordered.append((position, AlignedPair(
                oldIndices: [o], newIndices: [], oldEIds: [old.instrument.provisions[o].eId], newEIds: [],
                status: .removed, similarity: 0)))
        }
        return ordered.enumerated().sorted { a, b in
            a.element.position != b.element.position ? a.element.position < b.element.position : a.offset < b.offset
        }.map(\.element.pair)
    }

    /// The number part of a unit eId: "art_23" → "23"; nil for anything else ("art_31_bis" has none).
    static func number(_ eId: String) -> String? {
        guard let underscore = eId.firstIndex(of: "_") else { return nil }
        let rest = eId[eId.index(after: underscore)...]
        return !rest.isEmpty && rest.allSatisfy(\.isNumber) ? String(rest) : nil
    }

    /// The same word tokens, except numbers that the renumbering maps ("article 23" → "article 25").
    /// Compared on bytes; only differing tokens become strings.
    static func sameModuloRenumbering(
        _ a: [UInt8], _ aRange: Range<Int>, _ b: [UInt8], _ bRange: Range<Int>, _ renumbering: [String: String]
    ) -> Bool {
        guard !renumbering.isEmpty else { return false }
        var i = aRange.lowerBound, j = bRange.lowerBound
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C }
        func next(_ bytes: [UInt8], _ k: inout Int, _ end: Int) -> Range<Int>? {
            while k < end && isSpace(bytes[k]) { k += 1 }
            guard k < end else { return nil }
            let start = k
            if WordHashing.isWordByte(bytes[k]) {
                while k < end && WordHashing.isWordByte(bytes[k]) { k += 1 }
            } else {
                k += 1
            }
            return start..<k
        }
        while true {
            let x = next(a, &i, aRange.upperBound), y = next(b, &j, bRange.upperBound)
            switch (x, y) {
            case (nil, nil): return true
            case let (x?, y?):
                if x.count == y.count && zip(a[x], b[y]).allSatisfy({ WordHashing.fold($0) == WordHashing.fold($1) }) { continue }
                let p = String(decoding: a[x], as: UTF8.self), q = String(decoding: b[y], as: UTF8.self)
                guard renumbering[p] == q else { return false }
            default: return false
            }
        }
    }

    /// Both headings present and without a word of four letters or more in common.
    func headingsConflict(_ a: String, _ b: String) -> Bool {
        guard !a.isEmpty, !b.isEmpty else { return false }
        func words(_ s: String) -> Set<Substring> {
            Set(s.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).filter { $0.count >= 4 })
        }
        return words(a).isDisjoint(with: words(b))
    }

    /// Maps each old container to the new container it became: same heading first, else where most of its
    /// aligned units went. Key -1 stands for "no container".
    func mapContainers(oldItems: [Int], newItems: [Int], oldPartner: [Int?]) -> [Int: Int] {
        var votes: [Int: [Int: Int]] = [:]
        for (i, o) in oldItems.enumerated() {
            guard let j = oldPartner[i] else { continue }
            votes[old.container(o) ?? -1, default: [:]][new.container(newItems[j]) ?? -1, default: 0] += 1
        }
        var newByHeading: [String: Int] = [:]
        for index in new.instrument.provisions.indices where new.instrument.provisions[index].kind.isContainer {
            let heading = new.normalizedHeading(index)
            if !heading.isEmpty && newByHeading[heading] == nil { newByHeading[heading] = index }
        }
        var result: [Int: Int] = [:]
        for (oldContainer, targets) in votes {
            if oldContainer >= 0, let byHeading = newByHeading[old.normalizedHeading(oldContainer)],
                !old.normalizedHeading(oldContainer).isEmpty
            {
                result[oldContainer] = byHeading
            } else if let best = targets.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) {
                result[oldContainer] = best.key
            }
        }
        return result
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
