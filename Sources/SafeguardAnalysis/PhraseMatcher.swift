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
/// The transition table is dense over a reduced alphabet (only the symbols that occur in some phrase get
/// their own column), so the inner loop is one table lookup per byte with no branches on the phrase set.
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

    let literals: [Literal]
    private let alphabetSize: Int
    private let symbolClass: [UInt8]  // folded symbol → column; 0 = any symbol no phrase uses
    private let transitions: [Int32]  // state * alphabetSize + column → next state
    private let outputStart: [Int32]  // per state, into `outputs`; state count + 1 entries
    private let outputs: [Int32]  // literal ids, each state's own and its suffix states'
    // Per literal, as plain data for the scan loop: length in symbols, whether it starts with a word character
    // (then it must start on a word boundary), whether it must end on one.
    private let literalLength: [Int]
    private let literalNeedsStartBoundary: [Bool]
    private let literalNeedsEndBoundary: [Bool]

    /// The automaton's tables: what ``MatcherCache`` stores.
    struct Tables: Sendable {
        var alphabetSize: Int
        var symbolClass: [UInt8]
        var transitions: [Int32]
        var outputStart: [Int32]
        var outputs: [Int32]

        /// Whether every index in the tables is in bounds, so that a damaged cache entry can never make the
        /// scanner read outside them. Transitions (millions of slots) are checked with one branch-free maximum
        /// over their targets, which the compiler vectorises; a transition's output mark (its sign bit) is not
        /// checked against the output table: a wrong mark loses or finds no outputs but reads nothing out of
        /// bounds, and the entry's checksum already refuses damage (checking it per slot was most of a load).
        func isWellFormed(literalCount: Int) -> Bool {
            let stateCount = outputStart.count - 1
            guard stateCount >= 1, symbolClass.count == 256, transitions.count == stateCount * alphabetSize,
                outputStart[0] == 0, Int(outputStart[stateCount]) == outputs.count
            else { return false }
            for c in symbolClass where Int(c) >= alphabetSize { return false }
            for k in 0..<stateCount where outputStart[k] > outputStart[k + 1] { return false }
            for id in outputs where id < 0 || Int(id) >= literalCount { return false }
            // `last - target` is negative exactly when a target is out of bounds: OR-ing the differences needs only
            // an and, a subtract and an or per slot, four slots per instruction with baseline SSE2.
            let last = Int32(stateCount - 1)
            let outOfBounds = transitions.withUnsafeBufferPointer { table in
                var bits: Int32 = 0
                for entry in table { bits |= last &- (entry & Int32.max) }
                return bits
            }
            return outOfBounds >= 0
        }
    }

    /// The tables, to store them.
    var tables: Tables {
        Tables(
            alphabetSize: alphabetSize, symbolClass: symbolClass, transitions: transitions, outputStart: outputStart,
            outputs: outputs)
    }

    /// Compiles the literals (already folded with ``TextFolding/foldPhrase(_:)``).
    init(literals: [Literal]) {
        self.init(literals: literals, tables: Self.compile(literals))
    }

    /// A matcher from tables compiled earlier from the same literals (``MatcherCache``).
    init(literals: [Literal], tables: Tables) {
        self.literals = literals
        literalLength = literals.map { $0.symbols.count }  // a closure: a key path costs a runtime call per literal
        literalNeedsStartBoundary = literals.map { TextFolding.isWordSymbol($0.symbols[0]) }
        literalNeedsEndBoundary = literals.map { $0.requiresEndBoundary && TextFolding.isWordSymbol($0.symbols[$0.symbols.count - 1]) }
        alphabetSize = tables.alphabetSize
        symbolClass = tables.symbolClass
        transitions = tables.transitions
        outputStart = tables.outputStart
        outputs = tables.outputs
    }

    /// Builds the automaton's tables.
    private static func compile(_ literals: [Literal]) -> Tables {
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
        let transitions = transitionTable(children: children, stateCount: own.count, size: size)
        var table = transitions.table
        let (starts, flat) = outputTables(own: own, fail: transitions.fail, order: transitions.order)
        // Mark transitions into states with outputs by setting the sign bit, so the scan loop needs one load per
        // byte to know whether anything ends here.
        starts.withUnsafeBufferPointer { starts in
            table.withUnsafeMutableBufferPointer { table in
                for i in 0..<table.count {
                    let target = Int(table[i])
                    if starts[target] != starts[target + 1] { table[i] |= Int32.min }
                }
            }
        }
        return Tables(alphabetSize: size, symbolClass: classes, transitions: table, outputStart: starts, outputs: flat)
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

    /// The complete transition table (states × alphabet), the failure links and the breadth-first order of the
    /// states (the root left out).
    private static func transitionTable(children: [Int32], stateCount: Int, size: Int) -> (
        table: [Int32], fail: [Int32], order: [Int32]
    ) {
        // Breadth-first failure links turned into a complete transition table, in one pass over the flat
        // tables through unsafe buffers (the bounds and uniqueness checks of the array version were a third of
        // the lexicon's start-up: the table has states × alphabet slots, millions).
        var table = [Int32](repeating: 0, count: stateCount * size)
        var fail = [Int32](repeating: 0, count: stateCount)
        var order = [Int32](repeating: 0, count: stateCount)
        var orderCount = 0
        table.withUnsafeMutableBufferPointer { table in
            fail.withUnsafeMutableBufferPointer { fail in
                order.withUnsafeMutableBufferPointer { order in
                    children.withUnsafeBufferPointer { children in
                        for c in 0..<size {
                            let child = children[c]
                            if child >= 0 {
                                table[c] = child
                                fail[Int(child)] = 0
                                order[orderCount] = child
                                orderCount += 1
                            }
                        }
                        var head = 0
                        while head < orderCount {
                            let state = Int(order[head])
                            head += 1
                            let row = state * size
                            let failRow = Int(fail[state]) * size
                            for c in 0..<size {
                                let child = children[row + c]
                                if child >= 0 {
                                    fail[Int(child)] = table[failRow + c]
                                    table[row + c] = child
                                    order[orderCount] = child
                                    orderCount += 1
                                } else {
                                    table[row + c] = table[failRow + c]
                                }
                            }
                        }
                    }
                }
            }
        }
        return (table, fail, Array(order.prefix(orderCount)))
    }

    /// Each state's outputs as runs of one flat array: `starts` (state count + 1 entries) and the literal ids.
    private static func outputTables(own: [[Int32]], fail: [Int32], order: [Int32]) -> (starts: [Int32], flat: [Int32]) {
        let stateCount = own.count
        // Outputs: a state's own literals plus those of its failure chain. A failure state comes earlier in
        // breadth-first order, so one pass in that order fills each state's run from its own literals and its
        // failure state's finished run, straight into the flat array.
        var outputCount = [Int32](repeating: 0, count: stateCount)
        outputCount[0] = Int32(own[0].count)
        for k in order.indices {
            let state = Int(order[k])
            outputCount[state] = Int32(own[state].count) + outputCount[Int(fail[state])]
        }
        var starts = [Int32](repeating: 0, count: stateCount + 1)
        var total: Int32 = 0
        for state in 0..<stateCount {
            starts[state] = total
            total += outputCount[state]
        }
        starts[stateCount] = total
        var flat = [Int32](repeating: 0, count: Int(total))
        func fill(_ state: Int, failState: Int?) {
            var at = Int(starts[state])
            for id in own[state] {
                flat[at] = id
                at += 1
            }
            if let failState {
                for j in Int(starts[failState])..<Int(starts[failState + 1]) {
                    flat[at] = flat[j]
                    at += 1
                }
            }
        }
        fill(0, failState: nil)
        for k in order.indices {
            let state = Int(order[k])
            fill(state, failState: Int(fail[state]))
        }
        return (starts, flat)
    }

    /// Every occurrence of every literal in `text`, in order of their end offsets.
    func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> [LiteralHit] {
        var hits: [LiteralHit] = []
        let size = alphabetSize
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
            symbolClass.withUnsafeBufferPointer { classes in
                transitions.withUnsafeBufferPointer { table in
                    outputStart.withUnsafeBufferPointer { outStart in
                        outputs.withUnsafeBufferPointer { out in
                            literalLength.withUnsafeBufferPointer { lengths in
                                ring.withUnsafeMutableBufferPointer { ring in
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
                                        let entry = table[state &* size &+ Int(classes[Int(symbol)])]
                                        state = Int(entry & Int32.max)
                                        if entry < 0 {
                                            let first = Int(outStart[state])
                                            let last = Int(outStart[state &+ 1])
                                            let end = i &+ width
                                            for k in first..<last {
                                                let id = Int(out[k])
                                                let start = ring[(symbolCount &- lengths[id]) & ringMask]
                                                if literalNeedsStartBoundary[id], TextFolding.wordCharacterEnds(before: start, in: bytes) {
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
        return hits
    }

    /// Scans a string's UTF-8 bytes.
    func scan(_ text: String) -> [LiteralHit] {
        var copy = text
        return copy.withUTF8 { scan($0) }
    }
}
