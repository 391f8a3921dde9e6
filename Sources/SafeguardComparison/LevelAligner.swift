import SafeguardModel

/// Aligns two lists of sibling-level items (units, or the children of aligned units), then their children.
///
/// The passes, in order (``align()``):
/// 1. ``pairIdentical()``: identical words and heading make exact pairs, preferring the same number;
/// 2. ``pairBySimilarity()``: the remaining pairs, greedily by score (cosine plus number and heading bonuses);
/// 3. ``groupMerges()`` and ``groupSplits()``: several old items into one new, and one old into several new;
/// 4. ``orderedPairs()``: a longest increasing subsequence over the one-to-one pairs tells moves from
///    renumbering; added and removed items are placed where they were, and children are aligned recursively.
struct LevelAligner {
    typealias Group = (olds: [Int], news: [Int], status: AlignmentStatus)

    let context: AlignmentContext
    let oldItems: [Int]
    let newItems: [Int]
    /// Whether these are units (top level): only there are containers and renumbering tracked.
    let unitLevel: Bool
    /// Old unit numbers to new ones ("23" → "25"), so that cross-references that merely follow the renumbering do
    /// not count as a change of words; computed at the unit level and handed down.
    var renumbering: [String: String]

    var oldPartner: [Int?]
    var newPartner: [Int?]
    /// Keyed by old position, for one-to-one pairs.
    var similarity: [Int: Double] = [:]
    var groupOfOld: [Int?]
    var groupOfNew: [Int?]
    var groups: [Group] = []
    // Vectors are built on demand: items paired by the exact pass (most of them) never need one.
    private var oldVectorCache: [SparseVector?]
    private var newVectorCache: [SparseVector?]

    private var old: AlignmentSide { context.old }
    private var new: AlignmentSide { context.new }

    init(context: AlignmentContext, oldItems: [Int], newItems: [Int], unitLevel: Bool, renumbering: [String: String]) {
        self.context = context
        self.oldItems = oldItems
        self.newItems = newItems
        self.unitLevel = unitLevel
        self.renumbering = renumbering
        oldPartner = [Int?](repeating: nil, count: oldItems.count)
        newPartner = [Int?](repeating: nil, count: newItems.count)
        groupOfOld = [Int?](repeating: nil, count: oldItems.count)
        groupOfNew = [Int?](repeating: nil, count: newItems.count)
        oldVectorCache = [SparseVector?](repeating: nil, count: oldItems.count)
        newVectorCache = [SparseVector?](repeating: nil, count: newItems.count)
    }

    /// Runs the passes and returns the pairs in new-document order.
    mutating func align() -> [AlignedPair] {
        if oldItems.isEmpty && newItems.isEmpty { return [] }
        pairIdentical()
        pairBySimilarity()
        groupMerges()
        groupSplits()
        return orderedPairs()
    }

    private mutating func oldVector(_ i: Int) -> SparseVector {
        if let v = oldVectorCache[i] { return v }
        let v = context.vector(old, oldItems[i])
        oldVectorCache[i] = v
        return v
    }

    private mutating func newVector(_ j: Int) -> SparseVector {
        if let v = newVectorCache[j] { return v }
        let v = context.vector(new, newItems[j])
        newVectorCache[j] = v
        return v
    }

    // MARK: 1. exact pairs

    /// A 64-bit hash of heading and words (hashing whole texts through Hasher is slow); equality is checked on the bytes.
    private static func textHash(_ heading: String, _ body: [UInt8]) -> UInt64 {
        var hash = WordHashing.fnvOffset
        for byte in heading.utf8 { hash = (hash ^ UInt64(byte)) &* WordHashing.fnvPrime }
        hash = (hash ^ 0xFF) &* WordHashing.fnvPrime
        for byte in body { hash = (hash ^ UInt64(byte)) &* WordHashing.fnvPrime }
        return hash
    }

    /// Identical words and heading: exact pairs, preferring the same number.
    mutating func pairIdentical() {
        var byText: [UInt64: [Int]] = [:]
        for (j, index) in newItems.enumerated() {
            let body = new.normalizedBody(index)
            let heading = new.normalizedHeading(index)
            if body.isEmpty && heading.isEmpty { continue }
            byText[Self.textHash(heading, body), default: []].append(j)
        }
        for (i, index) in oldItems.enumerated() {
            let body = old.normalizedBody(index)
            let heading = old.normalizedHeading(index)
            if body.isEmpty && heading.isEmpty { continue }
            guard let candidates = byText[Self.textHash(heading, body)] else { continue }
            let free = candidates.filter {
                newPartner[$0] == nil && new.normalizedBody(newItems[$0]) == body && new.normalizedHeading(newItems[$0]) == heading
            }
            guard let j = free.first(where: { new.key(newItems[$0]) == old.key(index) }) ?? free.first else { continue }
            oldPartner[i] = j
            newPartner[j] = i
            similarity[i] = 1
        }
    }

    // MARK: 2. similar pairs

    /// Greedy by score over the remaining pairs.
    mutating func pairBySimilarity() {
        let thresholds = context.thresholds
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
                let keyHint = sameKey && !Self.headingsConflict(oldHeading, newHeadings[j])
                let needed: Double =
                    keyHint && sameHeading
                    ? thresholds.withBothHints
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
    }

    // MARK: 3. merges and splits

    /// Several old items into one new: the new item's partner and unmatched old items it contains.
    mutating func groupMerges() {
        let thresholds = context.thresholds
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
    }

    /// One old item into several new: the old item's partner and unmatched new items it contains.
    mutating func groupSplits() {
        let thresholds = context.thresholds
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
    }

    // MARK: 4. order

    /// Every pair (one-to-one, groups, added, removed) with its position in the new document, sorted.
    mutating func orderedPairs() -> [AlignedPair] {
        var ordered: [(position: Double, pair: AlignedPair)] = []
        ordered += oneToOnePairs()
        ordered += groupPairs()
        for j in newItems.indices where newPartner[j] == nil {
            let n = newItems[j]
            ordered.append(
                (
                    Double(j),
                    AlignedPair(
                        oldIndices: [], newIndices: [n], oldEIds: [], newEIds: [new.instrument.provisions[n].eId],
                        status: .added, similarity: 0)
                ))
        }
        ordered += removedPairs()
        return ordered.enumerated().sorted { a, b in
            a.element.position != b.element.position ? a.element.position < b.element.position : a.offset < b.offset
        }.map(\.element.pair)
    }

    /// Unit numbers that changed between paired units ("23" → "25"), added to the renumbering handed down.
    private mutating func recordRenumbering() {
        for (i, o) in oldItems.enumerated() {
            guard let j = oldPartner[i], groupOfOld[i] == nil,
                let a = Self.number(old.instrument.provisions[o].eId), let b = Self.number(new.instrument.provisions[newItems[j]].eId),
                a != b
            else { continue }
            renumbering[a] = b
        }
    }

    /// One-to-one pairs with their status: moved (out of sequence or into another container), modified,
    /// renumbered or unchanged.
    private mutating func oneToOnePairs() -> [(position: Double, pair: AlignedPair)] {
        // A longest increasing subsequence over one-to-one pairs tells moves from renumbering.
        let oneToOne = oldItems.indices.filter { oldPartner[$0] != nil && groupOfOld[$0] == nil }
        let inSequence = Set(longestIncreasingSubsequence(oneToOne.map { oldPartner[$0]! }).map { oneToOne[$0] })
        let containerMap = unitLevel ? mapContainers() : [:]
        if unitLevel { recordRenumbering() }
        var ordered: [(position: Double, pair: AlignedPair)] = []
        for i in oneToOne {
            let j = oldPartner[i]!
            let o = oldItems[i], n = newItems[j]
            let sameKey = old.key(o) == new.key(n)
            let sameWords =
                old.normalizedBody(o) == new.normalizedBody(n)
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
                children: context.alignLevel(
                    oldItems: old.instrument.provisions[o].childIndices,
                    newItems: new.instrument.provisions[n].childIndices, unitLevel: false, renumbering: renumbering),
                retitled: retitled)
            ordered.append((Double(j), pair))
        }
        return ordered
    }

    /// Merged and split groups, at the position of their first new item.
    private mutating func groupPairs() -> [(position: Double, pair: AlignedPair)] {
        var ordered: [(position: Double, pair: AlignedPair)] = []
        for group in groups {
            let oldIdx = group.olds.map { oldItems[$0] }
            let newIdx = group.news.map { newItems[$0] }
            var oldVectors: [SparseVector] = []
            for i in group.olds { oldVectors.append(oldVector(i)) }
            var newVectors: [SparseVector] = []
            for j in group.news { newVectors.append(newVector(j)) }
            let cosine = SparseVector.sum(oldVectors).cosine(SparseVector.sum(newVectors))
            let pair = AlignedPair(
                oldIndices: oldIdx, newIndices: newIdx,
                oldEIds: oldIdx.map { old.instrument.provisions[$0].eId },
                newEIds: newIdx.map { new.instrument.provisions[$0].eId },
                status: group.status, similarity: min(cosine, 0.999),
                children: context.alignLevel(
                    oldItems: oldIdx.flatMap { old.instrument.provisions[$0].childIndices },
                    newItems: newIdx.flatMap { new.instrument.provisions[$0].childIndices }, unitLevel: false,
                    renumbering: renumbering))
            ordered.append((Double(group.news[0]), pair))
        }
        return ordered
    }

    /// Removed items, after the new position of the nearest earlier old item that has one.
    private func removedPairs() -> [(position: Double, pair: AlignedPair)] {
        var ordered: [(position: Double, pair: AlignedPair)] = []
        for i in oldItems.indices where oldPartner[i] == nil {
            var position = -0.5
            var k = i - 1
            while k >= 0 {
                if let j = oldPartner[k] { position = Double(j) + 0.5; break }
                k -= 1
            }
            position += Double(i) / Double(oldItems.count + 1) / 4  // keeps removed runs in old order
            let o = oldItems[i]
            ordered.append(
                (
                    position,
                    AlignedPair(
                        oldIndices: [o], newIndices: [], oldEIds: [old.instrument.provisions[o].eId], newEIds: [],
                        status: .removed, similarity: 0)
                ))
        }
        return ordered
    }
}

// MARK: helpers

extension LevelAligner {
    /// The number part of a unit eId: "art_23" → "23"; nil for anything else ("art_31_bis" has none).
    static func number(_ eId: EId) -> String? {
        let text = eId.rawValue
        guard let underscore = text.firstIndex(of: "_") else { return nil }
        let rest = text[text.index(after: underscore)...]
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
    static func headingsConflict(_ a: String, _ b: String) -> Bool {
        guard !a.isEmpty, !b.isEmpty else { return false }
        func words(_ s: String) -> Set<Substring> {
            Set(s.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).filter { $0.count >= 4 })
        }
        return words(a).isDisjoint(with: words(b))
    }

    /// Maps each old container to the new container it became: same heading first, else where most of its
    /// aligned units went. Key -1 stands for "no container".
    func mapContainers() -> [Int: Int] {
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
