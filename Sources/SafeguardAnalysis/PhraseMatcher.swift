/// One occurrence of a literal phrase in a text, as UTF-8 byte offsets into the original (unfolded) text.
struct LiteralHit: Sendable, Hashable {
    var literal: Int
    var start: Int
    var end: Int
}

/// An Aho–Corasick automaton over folded UTF-8 bytes, compiled once from every literal phrase of a
/// lexicon. One pass over the text finds every occurrence of every phrase that starts and ends on a word
/// boundary (a phrase ending in `*` may end inside a word: `intentional*` matches "intentionally").
///
/// States are numbered in breadth-first order. The shallow states, where a scan spends most of its bytes, get a
/// complete row of transitions over a reduced alphabet (only the symbols that occur in some phrase get their own
/// column): one table lookup per byte. The deep states (most of the ~200,000 of the built-in lexicon) keep only
/// their trie edges and a failure link, which always leads to a shallower state, so a miss there walks back
/// towards the dense rows. A fully dense table would be 40 MB, most of it copies of shallow rows: reading it was
/// most of a short command's start-up, and it does not fit in any cache while scanning.
struct PhraseMatcher: Sendable {
    /// A literal as compiled: its folded symbols and whether it must end on a word boundary.
    struct Literal: Sendable, Hashable {
        var symbols: [UInt8]
        var requiresEndBoundary: Bool

        /// Hashes the symbols as one block of bytes (the synthesised hash feeds the hasher byte by byte, which
        /// was a tenth of the lexicon's compile time: every alternative of every pattern is looked up once).
        func hash(into hasher: inout Hasher) {
            symbols.withUnsafeBytes { hasher.combine(bytes: $0) }
            hasher.combine(requiresEndBoundary)
        }
    }

    /// The longest literal, in folded symbols; the scanner keeps that many symbol start offsets.
    static let maximumLiteralLength = 255

    /// How many states get a complete row by default: the first ones in breadth-first order, up to about 1 MB of
    /// rows for the built-in lexicon's alphabet (so the rows a scan uses most stay in the processor's cache).
    static let defaultDenseStateLimit = 6_000

    let literals: [Literal]
    /// The automaton (what ``MatcherCache`` stores).
    let tables: Tables
    // Per literal, as plain data for the scan loop: length in symbols, whether it starts with a word character
    // (then it must start on a word boundary), whether it must end on one.
    private let literalLength: [Int]
    private let literalNeedsStartBoundary: [Bool]
    private let literalNeedsEndBoundary: [Bool]

    /// The automaton's tables: what ``MatcherCache`` stores.
    ///
    /// A transition's target carries the sign bit when the target state has outputs, so the scan loop needs one
    /// load per byte to know whether anything ends there.
    struct Tables: Sendable {
        var alphabetSize: Int
        var symbolClass: [UInt8]  // folded symbol → column; 0 = any symbol no phrase uses
        /// Complete rows (`alphabetSize` slots each) of states `0..<denseCount`.
        var dense: [Int32]
        /// For each state `denseCount + k`: its failure state (`sparseFail[k]`, always a lower number) and its
        /// trie edges `edgeStart[k]..<edgeStart[k + 1]` (column, target).
        var sparseFail: [Int32]
        var edgeStart: [Int32]
        var edgeClass: [UInt8]
        var edgeTarget: [Int32]
        var outputStart: [Int32]  // per state, into `outputs`; state count + 1 entries
        var outputs: [Int32]  // literal ids, each state's own and its suffix states'

        var stateCount: Int { outputStart.count - 1 }
        var denseCount: Int { alphabetSize > 0 ? dense.count / alphabetSize : 0 }

        /// Whether every index in the tables is in bounds and every failure link leads to a lower state, so that a
        /// damaged cache entry can never make the scanner read outside the tables or loop. Targets are checked
        /// with one branch-free OR over them, which the compiler vectorises; an output mark (the sign bit) is not
        /// checked against the output table: a wrong mark loses or finds no outputs but reads nothing out of
        /// bounds, and the entry's checksum already refuses damage.
        func isWellFormed(literalCount: Int) -> Bool {
            let stateCount = self.stateCount
            let denseCount = self.denseCount
            let sparseCount = stateCount - denseCount
            guard stateCount >= 1, alphabetSize >= 1, symbolClass.count == 256, dense.count == denseCount * alphabetSize,
                denseCount >= 1, sparseCount >= 0, sparseFail.count == sparseCount, edgeStart.count == sparseCount + 1,
                edgeStart[0] == 0, Int(edgeStart[sparseCount]) == edgeClass.count, edgeClass.count == edgeTarget.count,
                outputStart[0] == 0, Int(outputStart[stateCount]) == outputs.count
            else { return false }
            for c in symbolClass where Int(c) >= alphabetSize { return false }
            for c in edgeClass where Int(c) >= alphabetSize { return false }
            for k in 0..<stateCount where outputStart[k] > outputStart[k + 1] { return false }
            for k in 0..<sparseCount where edgeStart[k] > edgeStart[k + 1] { return false }
            for (k, fail) in sparseFail.enumerated() where fail < 0 || Int(fail) >= denseCount + k { return false }
            for id in outputs where id < 0 || Int(id) >= literalCount { return false }
            // `last - target` is negative exactly when a target is out of bounds: OR-ing the differences needs only
            // an and, a subtract and an or per slot, four slots per instruction with baseline SSE2.
            let last = Int32(stateCount - 1)
            func outOfBounds(_ targets: [Int32]) -> Bool {
                targets.withUnsafeBufferPointer { table in
                    var bits: Int32 = 0
                    for entry in table { bits |= last &- (entry & Int32.max) }
                    return bits < 0
                }
            }
            return !outOfBounds(dense) && !outOfBounds(edgeTarget)
        }
    }

    /// Compiles the literals (already folded with ``TextFolding/foldPhrase(_:)``); `denseStateLimit` bounds how many
    /// states get a complete row (tests compare a fully dense automaton with a sparse one).
    init(literals: [Literal], denseStateLimit: Int = PhraseMatcher.defaultDenseStateLimit) {
        self.init(literals: literals, tables: Self.compile(literals, denseStateLimit: max(1, denseStateLimit)))
    }

    /// A matcher from tables compiled earlier from the same literals (``MatcherCache``).
    init(literals: [Literal], tables: Tables) {
        self.literals = literals
        literalLength = literals.map { $0.symbols.count }  // a closure: a key path costs a runtime call per literal
        literalNeedsStartBoundary = literals.map { TextFolding.isWordSymbol($0.symbols[0]) }
        literalNeedsEndBoundary = literals.map { $0.requiresEndBoundary && TextFolding.isWordSymbol($0.symbols[$0.symbols.count - 1]) }
        self.tables = tables
    }

    // MARK: - Compiling

    /// Builds the automaton's tables: the trie, its failure links in breadth-first order, then the states renumbered
    /// in that order, complete rows for the first ones and edges for the rest, and each state's outputs.
    private static func compile(_ literals: [Literal], denseStateLimit: Int) -> Tables {
        // Alphabet: every symbol that occurs in some literal.
        var used = [Bool](repeating: false, count: 256)
        for literal in literals { for s in literal.symbols { used[Int(s)] = true } }
        var classes = [UInt8](repeating: 0, count: 256)
        var size = 1
        for s in 0..<256 where used[s] {
            classes[s] = UInt8(size)
            size += 1
        }
        precondition(size <= 256)

        let (children, own) = trie(literals, classes: classes, size: size)
        let stateCount = own.count
        let (order, fail) = breadthFirst(children: children, stateCount: stateCount, size: size)
        var number = [Int32](repeating: 0, count: stateCount)  // trie state → breadth-first number
        for (k, state) in order.enumerated() { number[Int(state)] = Int32(k) }

        // Outputs, in breadth-first order: a state's own literals, then its failure state's finished run.
        var outputStart = [Int32](repeating: 0, count: stateCount + 1)
        var outputs: [Int32] = []
        for (k, state) in order.enumerated() {
            outputStart[k] = Int32(outputs.count)
            outputs.append(contentsOf: own[Int(state)])
            if k > 0 {
                // By index: appending a slice of the array to itself would copy the whole array each time.
                let failNumber = Int(number[Int(fail[Int(state)])])
                for j in Int(outputStart[failNumber])..<Int(outputStart[failNumber + 1]) { outputs.append(outputs[j]) }
            }
        }
        outputStart[stateCount] = Int32(outputs.count)
        // The sign bit marks a target with outputs.
        func target(_ trieState: Int32) -> Int32 {
            let k = Int(number[Int(trieState)])
            return outputStart[k] != outputStart[k + 1] ? Int32(k) | Int32.min : Int32(k)
        }

        let denseCount = min(stateCount, denseStateLimit)
        var dense = [Int32](repeating: 0, count: denseCount * size)
        dense.withUnsafeMutableBufferPointer { dense in
            children.withUnsafeBufferPointer { children in
                for k in 0..<denseCount {
                    let state = Int(order[k])
                    // The failure state is shallower, so it has a lower number and its row is complete.
                    let failRow = k == 0 ? -1 : Int(number[Int(fail[state])]) * size
                    for c in 0..<size {
                        let child = children[state * size + c]
                        if child >= 0 {
                            dense[k * size + c] = target(child)
                        } else if failRow >= 0 {
                            dense[k * size + c] = dense[failRow + c]
                        }
                    }
                }
            }
        }
        var sparseFail: [Int32] = []
        var edgeStart: [Int32] = [0]
        var edgeClass: [UInt8] = []
        var edgeTarget: [Int32] = []
        sparseFail.reserveCapacity(stateCount - denseCount)
        edgeStart.reserveCapacity(stateCount - denseCount + 1)
        for k in denseCount..<stateCount {
            let state = Int(order[k])
            sparseFail.append(number[Int(fail[state])])
            for c in 0..<size where children[state * size + c] >= 0 {
                edgeClass.append(UInt8(c))
                edgeTarget.append(target(children[state * size + c]))
            }
            edgeStart.append(Int32(edgeClass.count))
        }
        return Tables(
            alphabetSize: size, symbolClass: classes, dense: dense, sparseFail: sparseFail, edgeStart: edgeStart,
            edgeClass: edgeClass, edgeTarget: edgeTarget, outputStart: outputStart, outputs: outputs)
    }

    /// The trie of the literals: children (`size` slots per state, -1 for none; rows past the last state unused)
    /// and each state's own literals.
    private static func trie(_ literals: [Literal], classes: [UInt8], size: Int) -> (children: [Int32], own: [[Int32]]) {
        // One flat table (`size` slots per state, -1 for no child): one array per state cost most of
        // the start-up of every run (tens of thousands of allocations).
        var children = [Int32](repeating: -1, count: size)
        var own: [[Int32]] = [[]]
        for (id, literal) in literals.enumerated() {
            var state = 0
            for s in literal.symbols {
                let slot = state * size + Int(classes[Int(s)])
                if children[slot] < 0 {
                    // Grow the table by doubling, not by one row per state (one append per state was a tenth of
                    // the automaton's construction); rows past the last state are never read.
                    if (own.count + 1) * size > children.count {
                        children.append(contentsOf: repeatElement(-1, count: children.count))
                    }
                    children[slot] = Int32(own.count)
                    own.append([])
                }
                state = Int(children[slot])
            }
            own[state].append(Int32(id))
        }
        return (children, own)
    }

    /// The trie's states in breadth-first order (the root first) and each state's failure link (the state of
    /// the longest proper suffix of its path that is also a path of the trie).
    private static func breadthFirst(children: [Int32], stateCount: Int, size: Int) -> (order: [Int32], fail: [Int32]) {
        var fail = [Int32](repeating: 0, count: stateCount)
        var order = [Int32](repeating: 0, count: stateCount)
        var orderCount = 1
        children.withUnsafeBufferPointer { children in
            var head = 0
            while head < orderCount {
                let state = Int(order[head])
                head += 1
                for c in 0..<size {
                    let child = children[state * size + c]
                    guard child >= 0 else { continue }
                    var suffix = state == 0 ? -1 : Int(fail[state])
                    while suffix >= 0 {
                        let next = children[suffix * size + c]
                        if next >= 0 {
                            fail[Int(child)] = next
                            break
                        }
                        suffix = suffix == 0 ? -1 : Int(fail[suffix])
                    }
                    order[orderCount] = child
                    orderCount += 1
                }
            }
        }
        return (order, fail)
    }

    // MARK: - Scanning

    /// Every occurrence of every literal in `text`, in order of their end offsets.
    func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> [LiteralHit] {
        var hits: [LiteralHit] = []
        let size = tables.alphabetSize
        let denseCount = tables.denseCount
        let ringMask = 255
        var ring = [Int](repeating: 0, count: ringMask + 1)
        var fold = TextFolding.asciiFold
        fold.append(contentsOf: [UInt8](repeating: 0, count: 128))  // 256 entries: no bounds surprises
        var symbolCount = 0
        var state = 0
        var i = 0
        var lastWasSpace = true
        let count = bytes.count
        let space = TextFolding.space
        fold.withUnsafeBufferPointer { fold in
            tables.symbolClass.withUnsafeBufferPointer { classes in
                tables.dense.withUnsafeBufferPointer { dense in
                    tables.outputStart.withUnsafeBufferPointer { outStart in
                        tables.outputs.withUnsafeBufferPointer { out in
                            literalLength.withUnsafeBufferPointer { lengths in
                                ring.withUnsafeMutableBufferPointer { ring in
                                    tables.withSparseEdges { edges in
                                        while i < count {
                                            let symbol: UInt8
                                            let width: Int
                                            let b = bytes[i]
                                            if b < 0x80 {
                                                symbol = fold[Int(b)]
                                                width = 1
                                            } else {
                                                (symbol, width) = TextFolding.fold(bytes, at: i)
                                            }
                                            if symbol == space {
                                                if lastWasSpace {
                                                    i += width
                                                    continue
                                                }
                                                lastWasSpace = true
                                            } else {
                                                lastWasSpace = false
                                            }
                                            ring[symbolCount & ringMask] = i
                                            symbolCount &+= 1
                                            let column = Int(classes[Int(symbol)])
                                            let entry =
                                                state < denseCount
                                                ? dense[state &* size &+ column]
                                                : edges.transition(from: state, column: column, dense: dense, size: size)
                                            state = Int(entry & Int32.max)
                                            if entry < 0 {
                                                let first = Int(outStart[state])
                                                let last = Int(outStart[state &+ 1])
                                                let end = i &+ width
                                                for k in first..<last {
                                                    let id = Int(out[k])
                                                    let start = ring[(symbolCount &- lengths[id]) & ringMask]
                                                    if literalNeedsStartBoundary[id],
                                                        TextFolding.wordCharacterEnds(before: start, in: bytes)
                                                    {
                                                        continue
                                                    }
                                                    if literalNeedsEndBoundary[id], TextFolding.wordCharacterStarts(at: end, in: bytes) {
                                                        continue
                                                    }
                                                    hits.append(LiteralHit(literal: id, start: start, end: end))
                                                }
                                            }
                                            i &+= width
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return hits
    }

    /// Scans a string's UTF-8 bytes.
    func scan(_ text: String) -> [LiteralHit] {
        var copy = text
        return copy.withUTF8 { scan($0) }
    }
}

extension PhraseMatcher.Tables {
    /// The tables of the states without a complete row, as buffers for the scan loop.
    struct SparseEdges {
        let denseCount: Int
        let start: UnsafeBufferPointer<Int32>
        let column: UnsafeBufferPointer<UInt8>
        let target: UnsafeBufferPointer<Int32>
        let fail: UnsafeBufferPointer<Int32>

        /// The transition from a state without a complete row: its trie edge for the column, else the transition
        /// from its failure state (always a lower number, so the walk ends at a complete row).
        @inline(__always)
        func transition(from state: Int, column: Int, dense: UnsafeBufferPointer<Int32>, size: Int) -> Int32 {
            var state = state
            while state >= denseCount {
                let k = state &- denseCount
                var e = Int(start[k])
                let end = Int(start[k &+ 1])
                while e < end {
                    if Int(self.column[e]) == column { return target[e] }
                    e &+= 1
                }
                state = Int(fail[k])
            }
            return dense[state &* size &+ column]
        }
    }

    func withSparseEdges<Result>(_ body: (SparseEdges) -> Result) -> Result {
        edgeStart.withUnsafeBufferPointer { start in
            edgeClass.withUnsafeBufferPointer { column in
                edgeTarget.withUnsafeBufferPointer { target in
                    sparseFail.withUnsafeBufferPointer { fail in
                        body(SparseEdges(denseCount: denseCount, start: start, column: column, target: target, fail: fail))
                    }
                }
            }
        }
    }
}
