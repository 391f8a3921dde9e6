import SafeguardModel

/// A pattern's phrases as ids of literals of the lexicon's ``PhraseMatcher``: the part of compiling a pattern that
/// expands its text, and what ``MatcherCache`` stores so that a process start need not expand it again.
struct PatternIDs: Sendable, Equatable {
    /// Alternatives per segment; segments follow each other with at most `gaps[k]` words between k and k+1.
    var segments: [[Int]]
    var gaps: [Int]
    /// Literals that cancel a match they overlap.
    var unless: [Int]
    /// Literals of which one must stand before the match.
    var context: [Int]

    /// Every pattern's ids in one array: the pattern count, then per pattern its segment count, each segment as
    /// a count and ids, then gaps, `unless` and `context`, each as a count and values.
    static func flatten(_ patterns: [PatternIDs]) -> [Int32] {
        var flat: [Int32] = [Int32(patterns.count)]
        func append(_ values: [Int]) {
            flat.append(Int32(values.count))
            for value in values { flat.append(Int32(value)) }
        }
        for pattern in patterns {
            flat.append(Int32(pattern.segments.count))
            for segment in pattern.segments { append(segment) }
            append(pattern.gaps)
            append(pattern.unless)
            append(pattern.context)
        }
        return flat
    }

    /// The patterns of ``flatten(_:)``'s array, or nil when it is malformed or names a literal out of range.
    static func unflatten(_ flat: [Int32], literalCount: Int) -> [PatternIDs]? {
        var at = 0
        func next() -> Int? {
            guard at < flat.count else { return nil }
            defer { at += 1 }
            return Int(flat[at])
        }
        func values(below limit: Int) -> [Int]? {
            guard let count = next(), count >= 0, count <= flat.count - at else { return nil }
            var result: [Int] = []
            result.reserveCapacity(count)
            for _ in 0..<count {
                let value = Int(flat[at])
                guard value >= 0, value < limit else { return nil }
                result.append(value)
                at += 1
            }
            return result
        }
        guard let count = next(), count >= 0, count <= flat.count else { return nil }
        var patterns: [PatternIDs] = []
        patterns.reserveCapacity(count)
        for _ in 0..<count {
            guard let segmentCount = next(), segmentCount >= 1, segmentCount <= flat.count - at else { return nil }
            var segments: [[Int]] = []
            for _ in 0..<segmentCount {
                guard let segment = values(below: literalCount), !segment.isEmpty else { return nil }
                segments.append(segment)
            }
            guard let gaps = values(below: Int(Int32.max)), gaps.count == segmentCount - 1,
                let unless = values(below: literalCount), let context = values(below: literalCount)
            else { return nil }
            patterns.append(PatternIDs(segments: segments, gaps: gaps, unless: unless, context: context))
        }
        return at == flat.count ? patterns : nil
    }
}

/// Turns pattern text into literal ids: `shall ... {adopt|establish} ... measures`, `intentional*`.
///
/// Syntax: words match whole words, case- and accent-insensitively; `...` allows up to the default number
/// of words in between (`...3` up to 3), never across a `;` or the end of a sentence; `{a|b|}` gives
/// alternatives (an empty one makes the group optional); a final `*` lets the last word run on
/// ("intentional*" matches "intentionally").
struct PatternCompiler {
    var defaultGap: Int
    var literals: [PhraseMatcher.Literal] = []
    private var literalIDs: [PhraseMatcher.Literal: Int] = [:]

    init(defaultGap: Int) {
        self.defaultGap = defaultGap
        // The built-in lexicon has a few thousand distinct literals: growing the table step by step rehashed
        // every key several times.
        literals.reserveCapacity(8192)
        literalIDs.reserveCapacity(8192)
    }

    /// Everything the ids of `sources` depend on, as bytes: the default gap and every pattern's match, `unless`
    /// and `context` texts, each length-prefixed. Two lexicons with the same key compile to the same ids.
    static func sourceKey(_ sources: [PatternSource], defaultGap: Int) -> [UInt8] {
        var key: [UInt8] = []
        key.reserveCapacity(sources.reduce(16) { $0 + $1.match.utf8.count + 16 })
        func append(_ value: Int) { withUnsafeBytes(of: Int64(value)) { key.append(contentsOf: $0) } }
        func append(_ text: String) {
            append(text.utf8.count)
            key.append(contentsOf: text.utf8)
        }
        append(defaultGap)
        append(sources.count)
        for source in sources {
            append(source.match)
            append(source.unless.count)
            for text in source.unless { append(text) }
            append(source.context.count)
            for text in source.context { append(text) }
        }
        return key
    }

    /// The literal ids of a pattern's phrases, adding new literals to ``literals``.
    /// - Throws: ``SafeguardError`` `.invalidConfiguration` (with the pattern's file and line) for bad syntax.
    mutating func ids(_ source: PatternSource) throws -> PatternIDs {
        func fail(_ message: String) -> SafeguardError {
            SafeguardError(.invalidConfiguration, "pattern '\(source.match)': \(message)", file: source.file, line: source.line)
        }
        var segmentTexts: [String] = []
        var gaps: [Int] = []
        var current: [Substring] = []
        for word in source.match.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            if word.hasPrefix("...") {
                let digits = word.dropFirst(3)
                guard digits.isEmpty || Int(digits) != nil else { throw fail("a gap is '...' or '...N'") }
                guard !current.isEmpty else { throw fail("a gap must stand between words") }
                segmentTexts.append(current.joined(separator: " "))
                current = []
                gaps.append(digits.isEmpty ? defaultGap : Int(digits)!)
            } else {
                current.append(word)
            }
        }
        guard !current.isEmpty else { throw fail(segmentTexts.isEmpty ? "empty pattern" : "a gap must stand between words") }
        segmentTexts.append(current.joined(separator: " "))

        var segments: [[Int]] = []
        for text in segmentTexts {
            segments.append(try literalIDs(for: text, fail: fail))
        }
        var unless: [Int] = []
        for text in source.unless {
            guard !text.contains("...") else { throw fail("'unless' phrases cannot have gaps") }
            unless.append(contentsOf: try literalIDs(for: text, fail: fail))
        }
        var context: [Int] = []
        for text in source.context {
            guard !text.contains("...") else { throw fail("'context' phrases cannot have gaps") }
            context.append(contentsOf: try literalIDs(for: text, fail: fail))
        }
        return PatternIDs(segments: segments, gaps: gaps, unless: unless, context: context)
    }

    /// A compiled pattern from its source and ids; category cues get their default weights from `scoring`.
    static func pattern(_ source: PatternSource, ids: PatternIDs, scoring: CategoryScoring) -> CompiledPattern {
        let trace: String
        switch source.role {
        case .feature(let id): trace = "\(id)#\(source.id)"
        case .headingCue(let category): trace = "category.\(category.rawValue).heading#\(source.id)"
        case .bodyCue(let category): trace = "category.\(category.rawValue).body#\(source.id)"
        case .contextCue(let category): trace = "category.\(category.rawValue).context#\(source.id)"
        case .negation(let cue): trace = "negation#\(cue.id)"
        case .link(let kind): trace = "link.\(kind.rawValue)#\(source.id)"
        case .element(let element): trace = "offence.\(element.rawValue)#\(source.id)"
        case .clauseActor(let kind): trace = "clause.actor.\(kind)#\(source.id)"
        case .clauseModal(let modality): trace = "clause.modal.\(modality.rawValue)#\(source.id)"
        }
        let defaultWeight: Int
        switch source.role {
        case .headingCue: defaultWeight = scoring.headingWeight
        case .contextCue: defaultWeight = scoring.contextWeight
        case .bodyCue: defaultWeight = scoring.bodyWeight
        default: defaultWeight = 1  // not a category cue: the weight is never read
        }
        return CompiledPattern(
            trace: trace, role: source.role, segments: ids.segments, gaps: ids.gaps, unless: ids.unless,
            context: ids.context, weight: source.weight ?? defaultWeight)
    }

    private mutating func literalIDs(for text: String, fail: (String) -> SafeguardError) throws -> [Int] {
        var ids: [Int] = []
        for alternative in try Self.expand(text, fail: fail) {
            var phrase = alternative
            var requiresEnd = true
            if phrase.hasSuffix("*") {
                phrase.removeLast()
                requiresEnd = false
            }
            // Byte checks, not Foundation's String.contains(String): this runs for every alternative at start-up.
            guard !phrase.utf8.contains(UInt8(ascii: "*")) else { throw fail("'*' may only end a phrase") }
            let symbols = TextFolding.foldPhrase(phrase)
            guard !symbols.isEmpty else { throw fail("an alternative is empty") }
            guard symbols.count <= PhraseMatcher.maximumLiteralLength else {
                throw fail("a phrase is longer than \(PhraseMatcher.maximumLiteralLength) characters")
            }
            let literal = PhraseMatcher.Literal(symbols: symbols, requiresEndBoundary: requiresEnd)
            if let id = literalIDs[literal] {
                ids.append(id)
            } else {
                literalIDs[literal] = literals.count
                ids.append(literals.count)
                literals.append(literal)
            }
        }
        return ids
    }

    /// Expands `{a|b}` groups into every combination (at most 2048).
    static func expand(_ text: String, fail: (String) -> SafeguardError) throws -> [String] {
        guard let open = text.firstIndex(of: "{") else {
            guard !text.utf8.contains(UInt8(ascii: "}")) && !text.utf8.contains(UInt8(ascii: "|")) else {
                throw fail("'|' and '}' belong inside '{...}'")
            }
            return [text]
        }
        guard let close = text[open...].firstIndex(of: "}") else { throw fail("unclosed '{'") }
        let inner = text[text.index(after: open)..<close]
        guard !inner.utf8.contains(UInt8(ascii: "{")) else { throw fail("'{...}' groups cannot nest") }
        let prefix = String(text[..<open])
        guard !prefix.utf8.contains(UInt8(ascii: "}")) && !prefix.utf8.contains(UInt8(ascii: "|")) else {
            throw fail("'|' and '}' belong inside '{...}'")
        }
        let rest = try expand(String(text[text.index(after: close)...]), fail: fail)
        var result: [String] = []
        for alternative in inner.split(separator: "|", omittingEmptySubsequences: false) {
            for tail in rest {
                result.append(prefix + alternative + tail)
                if result.count > 2048 { throw fail("too many alternatives (more than 2048)") }
            }
        }
        return result
    }
}
