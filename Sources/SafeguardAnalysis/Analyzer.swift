import Foundation
public import SafeguardModel

/// Finds categories, features and links in an instrument.
///
/// The pipeline: one scan of the whole text with the lexicon's automaton; raw phrase hits combined into
/// pattern matches (gaps, `unless` exclusions); each match assigned to the deepest provision holding it;
/// categories decided per article or section from heading, body and chapter cues; feature candidates gated by
/// category, cancelled by negation cues, replaced by stronger readings in the same sentence (`suppressed-by`);
/// links derived from the instrument's resolved cross-references.
public struct Analyzer: Sendable {
    public let lexicon: Lexicon

    /// An analyzer with a compiled lexicon (``Lexicon/sharedBuiltIn()`` for the built-in one).
    public init(lexicon: Lexicon) { self.lexicon = lexicon }

    /// A pattern match in the text, with the deepest provision holding it.
    struct Match {
        var pattern: Int
        var span: TextSpan
        var owner: Int
    }

    /// How long each phase of one analysis took (for `safeguard analyze --timings` and benchmarks).
    public struct Timings: Sendable {
        public var index = Duration.zero
        public var scan = Duration.zero
        public var combine = Duration.zero
        public var categories = Duration.zero
        public var features = Duration.zero
        public var links = Duration.zero
        public init() {}
    }

    /// Categories, findings and links of an instrument; every finding quotes the words it rests on.
    public func analyze(_ instrument: Instrument) -> Analysis {
        var timings = Timings()
        return analyze(instrument, timings: &timings)
    }

    /// Analyses and reports how long each phase took.
    public func analyze(_ instrument: Instrument, timings: inout Timings) -> Analysis {
        let clock = ContinuousClock()
        var mark = clock.now
        func lap(_ phase: WritableKeyPath<Timings, Duration>) {
            let now = clock.now
            timings[keyPath: phase] += now - mark
            mark = now
        }
        let index = TextIndex(instrument)
        lap(\.index)
        let hits = index.bytes.withUnsafeBufferPointer { lexicon.matcher.scan($0) }
        lap(\.scan)
        let matches = combine(hits, index: index)

        var featureMatches: [Match] = []
        var negations: [Match] = []
        var categoryMatches: [Match] = []
        var linkMatches: [Match] = []
        var elementMatches: [Match] = []
        var clauseMatches: [Match] = []
        for match in matches {
            switch lexicon.tables.patternKind[match.pattern] {
            case .feature: featureMatches.append(match)
            case .negation: negations.append(match)
            case .headingCue, .bodyCue, .contextCue: categoryMatches.append(match)
            case .link: linkMatches.append(match)
            case .element: elementMatches.append(match)
            case .clause: clauseMatches.append(match)
            }
        }
        negations.sort { $0.span < $1.span }
        linkMatches.sort { $0.span < $1.span }

        lap(\.combine)
        let categories = categorize(instrument, index: index, cues: categoryMatches)
        var categoriesByUnit: [Int: CategoryAssignment] = [:]
        for assignment in categories {
            if let i = instrument.index(of: assignment.eId) { categoriesByUnit[i] = assignment }
        }
        lap(\.categories)
        let clauses = ClauseReader(lexicon: lexicon, index: index, matches: clauseMatches)
        let findings = features(
            instrument, index: index, candidates: featureMatches, negations: negations, categories: categoriesByUnit,
            clauses: clauses)
        lap(\.features)
        let links = self.links(instrument, index: index, cues: linkMatches, categories: categoriesByUnit, findings: findings)
        let offences = OffenceReader(lexicon: lexicon, instrument: instrument, index: index)
            .offences(findings: findings, categories: categoriesByUnit, cues: elementMatches)
        lap(\.links)
        return Analysis(
            instrument: instrument, categories: categories, findings: findings, links: links, offences: offences,
            lexiconVersion: lexicon.version)
    }

    // MARK: - Pattern matches

    /// Combines literal hits into pattern matches: segments in order within their gaps, in one provision,
    /// not overlapping an `unless` phrase.
    func combine(_ hits: [LiteralHit], index: TextIndex) -> [Match] {
        let byLiteral = HitsByLiteral(hits, literalCount: lexicon.matcher.literals.count)
        var matches: [Match] = []
        matches.reserveCapacity(hits.count)
        // One-segment patterns: one pass over the hits, one owner lookup per hit.
        let single = lexicon.tables.singleSegmentPatterns
        let singleStart = lexicon.tables.singleSegmentStart
        for hit in hits where singleStart[hit.literal] < singleStart[hit.literal + 1] {
            let span = TextSpan(start: hit.start, end: hit.end)
            guard let owner = index.owner(of: span) else { continue }
            for p in single[Int(singleStart[hit.literal])..<Int(singleStart[hit.literal + 1])] {
                guard lexicon.tables.patternHasFilters[p] else {
                    matches.append(Match(pattern: p, span: span, owner: owner))
                    continue
                }
                let pattern = lexicon.patterns[p]
                if !pattern.unless.isEmpty, overlapsAny(span, pattern.unless, byLiteral) { continue }
                if !pattern.context.isEmpty,
                    !hasContext(before: span.start, owner: owner, pattern.context, byLiteral, index: index)
                {
                    continue
                }
                matches.append(Match(pattern: p, span: span, owner: owner))
            }
        }
        // Patterns with gaps: segment by segment from each hit of the first one.
        for p in lexicon.tables.multiSegmentPatterns {
            let pattern = lexicon.patterns[p]
            for first in pattern.segments[0] {
                for hit in byLiteral[first] {
                    var end = hit.end
                    var complete = true
                    for k in 1..<pattern.segments.count {
                        var best: LiteralHit?
                        for literal in pattern.segments[k] {
                            let list = byLiteral[literal]
                            var low = 0
                            var high = list.count
                            while low < high {
                                let mid = (low + high) / 2
                                if list[mid].start < end { low = mid + 1 } else { high = mid }
                            }
                            if low < list.count, best == nil || list[low].start < best!.start { best = list[low] }
                        }
                        guard let next = best,
                            !index.hasBreak(index.clauseBreaks, from: end, to: next.start),
                            index.wordCount(from: end, to: next.start, limit: pattern.gaps[k - 1]) <= pattern.gaps[k - 1]
                        else {
                            complete = false
                            break
                        }
                        end = next.end
                    }
                    guard complete else { continue }
                    let span = TextSpan(start: hit.start, end: end)
                    guard let owner = index.owner(of: span) else { continue }
                    if pattern.segments.count > 1, index.deepest(at: span.start) != index.deepest(at: span.end - 1) {
                        continue  // a gap must not run from one provision into another
                    }
                    if !pattern.unless.isEmpty, overlapsAny(span, pattern.unless, byLiteral) { continue }
                    if !pattern.context.isEmpty,
                        !hasContext(before: span.start, owner: owner, pattern.context, byLiteral, index: index)
                    {
                        continue
                    }
                    matches.append(Match(pattern: p, span: span, owner: owner))
                }
            }
        }
        return matches
    }

    /// Whether a context literal stands before `offset` in the provision `owner` or one of its ancestors,
    /// without leaving the article (or top-level provision) that holds it.
    private func hasContext(
        before offset: Int, owner: Int, _ literals: [Int], _ byLiteral: HitsByLiteral, index: TextIndex
    ) -> Bool {
        var top = owner
        while let parent = index.provisions[top].parentIndex, !index.provisions[top].kind.isUnit { top = parent }
        let floor = index.provisions[top].span.start
        for literal in literals {
            let list = byLiteral[literal]
            var low = 0
            var high = list.count
            while low < high {
                let mid = (low + high) / 2
                if list[mid].start < offset { low = mid + 1 } else { high = mid }
            }
            var i = low - 1
            while i >= 0, list[i].start >= floor {
                if let holder = index.deepest(at: list[i].start), index.isSelfOrAncestor(holder, of: owner) { return true }
                i -= 1
            }
        }
        return false
    }

    private func overlapsAny(_ span: TextSpan, _ literals: [Int], _ byLiteral: HitsByLiteral) -> Bool {
        for literal in literals {
            let list = byLiteral[literal]
            var low = 0
            var high = list.count
            while low < high {
                let mid = (low + high) / 2
                if list[mid].end <= span.start { low = mid + 1 } else { high = mid }
            }
            if low < list.count && list[low].start < span.end { return true }
        }
        return false
    }

    // MARK: - Features

    /// The feature findings: candidates gated by the category of their unit and by negation cues (1), weaker
    /// readings dropped where a stronger one stands in the same sentence or article (2), and overlapping words
    /// for one feature in one provision merged into one finding (3).
    func features(
        _ instrument: Instrument, index: TextIndex, candidates: [Match], negations: [Match],
        categories: [Int: CategoryAssignment], clauses: ClauseReader
    ) -> [Finding] {
        var gated = gate(
            candidates, in: instrument, index: index, negations: negations, categories: categories, clauses: clauses)
        dropWeakerReadings(&gated, index: index)
        return mergeOverlapping(gated, in: instrument)
    }

    /// A match's pattern and words, to remember which matches stand under an "optional" cue.
    struct OptionalKey: Hashable {
        var pattern: Int
        var start: Int
        var end: Int

        init(_ match: Match) {
            (pattern, start, end) = (match.pattern, match.span.start, match.span.end)
        }
    }

    /// The candidates that pass the gate, with what the later stages need to know of them.
    struct GatedMatches {
        var kept: [(feature: Int, match: Match)] = []
        /// Matches under an "optional" cue ("A Party may require that ... with dishonest intent").
        var optional = Set<OptionalKey>()
        /// Where each provision's own words begin, after its number and heading.
        var headingEnd: [Int: Int] = [:]
    }

    /// Stage 1: keeps the candidates whose feature fits the category of the enclosing unit, that stand in the
    /// provision's own words (or in a unit heading that speaks for a feature), and that no negation cue cancels.
    private func gate(
        _ candidates: [Match], in instrument: Instrument, index: TextIndex, negations: [Match],
        categories: [Int: CategoryAssignment], clauses: ClauseReader
    ) -> GatedMatches {
        let tables = lexicon.tables
        var unitMask: [Int: UInt32] = [:]
        var unitPrimaryMask: [Int: UInt32] = [:]
        for (unit, assignment) in categories {
            unitMask[unit] = Lexicon.Tables.mask([assignment.primary] + assignment.secondary)
            unitPrimaryMask[unit] = Lexicon.Tables.bit(assignment.primary)
        }
        let preambleMask = Lexicon.Tables.bit(.preamble)
        let definingProvisions = definingProvisions(of: instrument, index: index)
        let offenceFamily = Set(lexicon.features.indices.filter { lexicon.features[$0].id.family == "offence" })
        let negationStarts = negations.map(\.span.start)
        var gated = GatedMatches()
        for match in candidates {
            let feature = tables.patternFeature[match.pattern]
            guard feature >= 0 else { continue }
            if definingProvisions.contains(match.owner), offenceFamily.contains(feature) { continue }
            // Headings decide categories; features rest on the provision's own words.
            let ownStart =
                gated.headingEnd[match.owner]
                ?? {
                    let end = Self.headingRegion(of: match.owner, in: instrument).upperBound
                    gated.headingEnd[match.owner] = end
                    return end
                }()
            if match.span.start < ownStart {
                // Only a unit's own heading, and only for features that say so ("Unauthorised access ...").
                // The heading speaks for the section only when the section is primarily of the feature's kind
                // ("Powers of investigation of unauthorised access" is a power, not an offence).
                guard tables.inHeadings[feature], index.provisions[match.owner].kind.isUnit,
                    match.span.end <= ownStart,
                    (unitPrimaryMask[match.owner] ?? 0) & tables.onlyInMask[feature] != 0,
                    !headingIsNegated(
                        unit: match.owner, feature: feature, negations: negations, starts: negationStarts, index: index)
                else { continue }
            }
            let mask: UInt32
            if let unit = index.unit(of: match.owner) {
                guard let unitCategories = unitMask[unit] else { continue }
                mask = unitCategories
            } else if index.inPreamble[match.owner] {
                mask = preambleMask
            } else {
                continue  // container headings and loose text carry no features
            }
            if mask & tables.onlyInMask[feature] == 0 { continue }
            if let unit = index.unit(of: match.owner), let primary = unitPrimaryMask[unit],
                primary & tables.notWhenPrimaryMask[feature] != 0
            {
                continue
            }
            if mask & ~tables.notInMask[feature] == 0 { continue }
            if tables.negatable[feature] {
                let effect = cueEffect(
                    match, feature: feature, negations: negations, starts: negationStarts, index: index, clauses: clauses)
                switch effect {
                case .cancelled: continue
                case .optional: gated.optional.insert(OptionalKey(match))
                case .none: break
                }
            }
            gated.kept.append((feature, match))
        }
        return gated
    }

    /// The provisions that open by defining a term ("(6) the term 'exceeds authorized access' means to access a
    /// computer ..."): they describe no offence, even inside an offence section.
    private func definingProvisions(of instrument: Instrument, index: TextIndex) -> Set<Int> {
        var defining = Set<Int>()
        for definition in instrument.definitions {
            guard let i = instrument.index(of: definition.eId) else { continue }
            let own = max(index.provisions[i].textSpan.start, index.provisions[i].span.start)
            if definition.termSpan.start - own <= 40 { defining.insert(i) }
        }
        return defining
    }

    /// Stage 2: stronger readings in the same sentence (or article) replace weaker ones.
    private func dropWeakerReadings(_ gated: inout GatedMatches, index: TextIndex) {
        let tables = lexicon.tables
        struct Place: Hashable {
            var owner: Int
            var sentence: Int
        }
        var present: [Place: Set<Int>] = [:]
        var presentInProvision: [Int: Set<Int>] = [:]
        for (feature, match) in gated.kept {
            // A heading names the section's offence but does not make the body's words a means of it
            // ("Computer-related fraud" must not hide an access offence described in the body).
            if let end = gated.headingEnd[match.owner], match.span.start < end { continue }
            present[Place(owner: match.owner, sentence: index.sentenceNumber(at: match.span.start)), default: []]
                .insert(feature)
            presentInProvision[match.owner, default: []].insert(feature)
        }
        gated.kept.removeAll { feature, match in
            let replacements = tables.suppressedBy[feature]
            if !replacements.isEmpty {
                let place = Place(owner: match.owner, sentence: index.sentenceNumber(at: match.span.start))
                if let there = present[place], replacements.contains(where: there.contains) { return true }
            }
            let aroundReplacements = tables.suppressedAroundBy[feature]
            if !aroundReplacements.isEmpty {
                // The provision itself and the ones enclosing it, up to its article.
                var current: Int? = match.owner
                while let p = current {
                    if let there = presentInProvision[p], aroundReplacements.contains(where: there.contains) { return true }
                    if index.provisions[p].kind.isUnit { break }
                    current = index.provisions[p].parentIndex
                }
            }
            return false
        }
    }

    /// Stage 3: one finding per feature for overlapping words in the same provision, quoting all of them.
    private func mergeOverlapping(_ gated: GatedMatches, in instrument: Instrument) -> [Finding] {
        let kept = gated.kept.sorted { a, b in
            if a.match.span.start != b.match.span.start { return a.match.span.start < b.match.span.start }
            if a.match.span.end != b.match.span.end { return a.match.span.end > b.match.span.end }
            return a.feature < b.feature
        }
        var spans: [(feature: Int, owner: Int, span: TextSpan, pattern: Int, optional: Bool)] = []
        var lastByFeature = [Int](repeating: -1, count: lexicon.features.count)
        for (feature, match) in kept {
            let previous = lastByFeature[feature]
            let optional = gated.optional.contains(OptionalKey(match))
            if previous >= 0, spans[previous].span.overlaps(match.span), spans[previous].owner == match.owner {
                spans[previous].span = TextSpan(
                    start: min(spans[previous].span.start, match.span.start),
                    end: max(spans[previous].span.end, match.span.end))
                spans[previous].optional = spans[previous].optional && optional
                continue
            }
            lastByFeature[feature] = spans.count
            spans.append((feature, match.owner, match.span, match.pattern, optional))
        }
        return spans.map { item in
            Finding(
                feature: lexicon.features[item.feature].id, eId: instrument.provisions[item.owner].eId, span: item.span,
                quote: instrument.quote(item.span), pattern: lexicon.patterns[item.pattern].trace, optional: item.optional)
        }
    }

    /// Whether the unit's own words hold a sentence-scope cue ("Nothing in this article shall ...") that cancels
    /// the feature: then its heading ("Illegal access") names no offence either.
    private func headingIsNegated(
        unit: Int, feature: Int, negations: [Match], starts: [Int], index: TextIndex
    ) -> Bool {
        let tables = lexicon.tables
        guard tables.negatable[feature] else { return false }
        let span = index.provisions[unit].span
        var i = TextIndex.firstIndex(in: starts, notBelow: span.start)
        while i < negations.count, negations[i].span.start < span.end {
            let cueMatch = negations[i]
            i += 1
            guard cueMatch.owner == unit else { continue }
            let cue = tables.patternCue[cueMatch.pattern]
            if cue >= 0, tables.cueScopeIsSentence[cue], tables.cueCancels[cue][feature], !tables.cueMarksOptional[cue] {
                return true
            }
        }
        return false
    }

    /// Whether a negation or exclusion cue governs the match: the cue stands inside the match, or before it in
    /// the same clause within its window, or (scope `sentence`) anywhere before it in the same sentence, in the
    /// same provision or one enclosing it.
    /// What the negation cues do to a match: nothing, cancel it, or (an `effect: optional` cue) mark it as an
    /// element a party may add. A cancelling cue wins over an optional one.
    enum CueEffect { case none, cancelled, optional }

    /// One pass over the cues that may govern the match: a proviso after it in the same provision (scope
    /// `provision`), or a cue inside the match, or before it in the same clause within its window, or (scope
    /// `sentence`) anywhere before it in the same sentence, in the same provision or one enclosing it.
    private func cueEffect(
        _ match: Match, feature: Int, negations: [Match], starts: [Int], index: TextIndex, clauses: ClauseReader
    ) -> CueEffect {
        let tables = lexicon.tables
        // The clause reading first: a rule on the clause's actor and modal may cancel the words or mark them
        // optional ("A Party may require that ... with dishonest intent").
        var optional = false
        switch clauseEffect(match, feature: feature, clauses: clauses) {
        case .cancelled: return .cancelled
        case .optional: optional = true
        case .none: break
        }
        // Provisos after the match, in the same provision.
        let ownerEnd = index.provisions[match.owner].span.end
        var after = TextIndex.firstIndex(in: starts, notBelow: match.span.end)
        while after < negations.count, negations[after].span.start < ownerEnd {
            let cueMatch = negations[after]
            after += 1
            let cue = tables.patternCue[cueMatch.pattern]
            if cue >= 0, tables.cueScopeIsProvision[cue], tables.cueCancels[cue][feature], cueMatch.owner == match.owner {
                if !tables.cueMarksOptional[cue] { return .cancelled }
                optional = true
            }
        }
        // Cues starting before the match ends, nearest first.
        var i = TextIndex.firstIndex(in: starts, notBelow: match.span.end) - 1
        let floor = index.provisions[index.unit(of: match.owner) ?? match.owner].span.start
        while i >= 0 {
            let cueMatch = negations[i]
            i -= 1
            if cueMatch.span.start < floor { break }
            let cue = tables.patternCue[cueMatch.pattern]
            guard cue >= 0, tables.cueCancels[cue][feature] else { continue }
            guard index.isSelfOrAncestor(cueMatch.owner, of: match.owner),
                governs(cueMatch, cue: cue, match: match, index: index, clauses: clauses),
                !isKeptByItsClause(cueMatch, feature: feature, clauses: clauses)
            else { continue }
            if !tables.cueMarksOptional[cue] { return .cancelled }
            optional = true
        }
        return optional ? .optional : .none
    }

    /// Whether a cue before (or inside) the match, in the match's provision or one enclosing it, reaches it.
    private func governs(_ cueMatch: Match, cue: Int, match: Match, index: TextIndex, clauses: ClauseReader) -> Bool {
        let tables = lexicon.tables
        // "shall not be required to adopt ... measures": the cue is part of the words.
        if cueMatch.span.start >= match.span.start || cueMatch.span.end > match.span.start { return true }
        if tables.cueScopeIsProvision[cue] { return cueMatch.owner == match.owner }
        if tables.cueScopeIsSentence[cue] {
            return !index.hasBreak(index.stopBreaks, from: cueMatch.span.end, to: match.span.start)
        }
        // An example or illustration runs to the end of its provision, sub-provisions included.
        if tables.cueScopeIsRemainder[cue] { return true }
        let window = tables.cueWindow[cue]
        if !tables.cueNotAfter[cue].isEmpty, tables.cueNotAfter[cue].contains(Self.word(before: match.span.start, in: index.bytes)) {
            return false
        }
        if tables.cueScopeIsPhrase[cue] {
            return cueMatch.owner == match.owner
                && !index.hasBreak(index.clauseBreaks, from: cueMatch.span.end, to: match.span.start)
                && !Self.hasPhraseBreak(index.bytes, from: cueMatch.span.end, to: match.span.start)
                && index.wordCount(from: cueMatch.span.end, to: match.span.start, limit: window) <= window
        }
        if cueMatch.owner == match.owner {
            // Negation stays in its clause: a new actor with its own modal ("..., but the court may order ...")
            // starts another one.
            return !index.hasBreak(index.clauseBreaks, from: cueMatch.span.end, to: match.span.start)
                && !clauses.hasClauseStart(from: cueMatch.span.end, to: match.span.start)
                && index.wordCount(from: cueMatch.span.end, to: match.span.start, limit: window) <= window
        }
        return isListNegated(cue: cueMatch, match: match, window: window, index: index)
    }

    /// The word that ends before `offset`, lower-cased (ASCII letters only).
    static func word(before offset: Int, in bytes: [UInt8]) -> String {
        var end = min(offset, bytes.count)
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0A || bytes[end - 1] == 0x09 { end -= 1 }
        var start = end
        while start > 0, (bytes[start - 1] | 0x20) >= 0x61, (bytes[start - 1] | 0x20) <= 0x7A { start -= 1 }
        return String(decoding: bytes[start..<end].map { $0 | 0x20 }, as: UTF8.self)
    }

    /// Whether a comma, colon, semicolon or dash lies in `start..<end` (the end of a phrase).
    static func hasPhraseBreak(_ bytes: [UInt8], from start: Int, to end: Int) -> Bool {
        guard start < end else { return false }
        var i = start
        while i < min(end, bytes.count) {
            switch bytes[i] {
            case UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: ";"): return true
            case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0x93 || bytes[i + 2] == 0x94):
                return true
            case UInt8(ascii: "-") where i > 0 && bytes[i - 1] == 0x20: return true
            default: break
            }
            i += 1
        }
        return false
    }

    /// What the clause rules (`clauses: rules:`) do to a match: nothing, cancel it or mark it optional.
    private func clauseEffect(_ match: Match, feature: Int, clauses: ClauseReader) -> CueEffect {
        let id = lexicon.features[feature].id
        var clause: ClauseReader.Clause?
        var effect = CueEffect.none
        for rule in lexicon.clauseRules where rule.effect != .keep && rule.applies(to: id) {
            let here = clause ?? clauses.clause(at: match.span.start, owner: match.owner)
            clause = here
            guard clauses.matches(rule, here, actorKinds: lexicon.actorKinds) else { continue }
            if rule.position == .inSubject {
                // After the clause's first word and before its own modal.
                guard !here.inherited, let modal = here.modalSpan, match.span.end <= modal.start,
                    clauses.index.wordCount(from: here.start, to: match.span.start, limit: 1) >= 1
                else { continue }
            }
            if rule.effect == .cancel { return .cancelled }
            effect = .optional
        }
        return effect
    }

    /// Whether the cue is the negative modal of a clause whose rule keeps the feature ("A person shall not
    /// intentionally access ...": a prohibition states its elements).
    private func isKeptByItsClause(_ cueMatch: Match, feature: Int, clauses: ClauseReader) -> Bool {
        let id = lexicon.features[feature].id
        let rules = lexicon.clauseRules.filter { $0.effect == .keep && $0.applies(to: id) }
        guard !rules.isEmpty else { return false }
        let clause = clauses.clause(at: cueMatch.span.start, owner: cueMatch.owner)
        guard let modal = clause.modalSpan, modal.overlaps(cueMatch.span) else { return false }
        return rules.contains { clauses.matches($0, clause, actorKinds: lexicon.actorKinds) }
    }

    /// "No State Party shall be required to: (a) order the preservation of ...": a clause-scope cue at the end of
    /// a chapeau that introduces a list reaches the start of each item below it (within its window of words
    /// counted from the item's start), and no further than the item's first clause.
    private func isListNegated(cue: Match, match: Match, window: Int, index: TextIndex) -> Bool {
        // The item of the cue's provision that holds the match.
        var item = match.owner
        while let parent = index.provisions[item].parentIndex, parent != cue.owner { item = parent }
        guard index.provisions[item].parentIndex == cue.owner else { return false }
        let itemStart = index.provisions[item].span.start
        // The chapeau runs from the cue to the list without ending its clause, and ends with ":" or a dash.
        guard cue.span.end <= itemStart else { return false }
        var last = itemStart - 1
        while last > cue.span.end,
            index.bytes[last] == 0x20 || index.bytes[last] == 0x0A || index.bytes[last] == 0x0D
                || index.bytes[last] == 0x09
        {
            last -= 1
        }
        let introducer = index.bytes[last]
        let endsWithDash =
            last >= 2 && index.bytes[last - 2] == 0xE2 && index.bytes[last - 1] == 0x80
            && (index.bytes[last] == 0x94 || index.bytes[last] == 0x93)
        guard introducer == UInt8(ascii: ":") || introducer == UInt8(ascii: "-") || endsWithDash else { return false }
        for offset in cue.span.end..<last where index.bytes[offset] == UInt8(ascii: ";") || index.bytes[offset] == UInt8(ascii: ".") {
            return false
        }
        // Inside the item: the same clause, within the window.
        let ownStart = index.provisions[match.owner].textSpan.start
        let from = min(max(ownStart, index.provisions[match.owner].span.start), match.span.start)
        guard !index.hasBreak(index.clauseBreaks, from: from, to: match.span.start) else { return false }
        return index.wordCount(from: from, to: match.span.start, limit: window) <= window
    }

    // MARK: - Links

    func links(
        _ instrument: Instrument, index: TextIndex, cues: [Match], categories: [Int: CategoryAssignment],
        findings: [Finding]
    ) -> [ProvisionLink] {
        var powerUnits = Set<Int>()
        for finding in findings where finding.feature.rawValue.hasPrefix("power.") {
            if let i = instrument.index(of: finding.eId), let unit = index.unit(of: i) { powerUnits.insert(unit) }
        }
        func isPowerUnit(_ unit: Int) -> Bool {
            powerUnits.contains(unit) || categories[unit]?.primary == .proceduralPower
        }
        var result: [ProvisionLink] = []
        var seen = Set<ProvisionLink>()
        func add(_ link: ProvisionLink) {
            var key = link
            key.span = nil
            if seen.insert(key).inserted { result.append(link) }
        }
        let cueStarts = cues.map(\.span.start)
        let units = instrument.unitIndices
        for reference in instrument.references where !reference.targets.isEmpty {
            guard reference.kind != .external, reference.kind != .instrument,
                let sourceIndex = instrument.index(of: reference.sourceEId)
            else { continue }
            let sourceUnit = index.unit(of: sourceIndex)
            let fromEId = sourceUnit.map { instrument.provisions[$0].eId } ?? reference.sourceEId
            // The cue that types the link: in the same clause, ending before the reference, within the window.
            var kind = ProvisionLink.Kind.reference
            var cueSpan: TextSpan?
            var i = TextIndex.firstIndex(in: cueStarts, notBelow: reference.span.start + 1) - 1
            while i >= 0 {
                let cue = cues[i]
                i -= 1
                if index.hasBreak(index.clauseBreaks, from: cue.span.end, to: reference.span.start) { break }
                guard index.wordCount(from: cue.span.end, to: reference.span.start, limit: lexicon.linkWindow) <= lexicon.linkWindow
                else { break }
                guard lexicon.tables.patternKind[cue.pattern] == .link else { continue }
                let cueKind = lexicon.tables.patternLink[cue.pattern]
                if cueKind == .safeguards {
                    guard let unit = sourceUnit, let assignment = categories[unit],
                        assignment.primary == .safeguards || assignment.secondary.contains(.safeguards)
                    else { continue }
                }
                kind = cueKind
                cueSpan = TextSpan(start: cue.span.start, end: max(cue.span.end, reference.span.end))
                break
            }
            // Targets: a container stands for the units inside it.
            var targets: [Int] = []
            for eId in reference.targets {
                guard let t = instrument.index(of: eId) else { continue }
                let target = instrument.provisions[t]
                if target.kind.isContainer || target.kind == .preamble {
                    // Units after the container in document order, while they lie inside its span.
                    var u = TextIndex.firstIndex(in: units, notBelow: t + 1)
                    while u < units.count, target.span.contains(instrument.provisions[units[u]].span) {
                        targets.append(units[u])
                        u += 1
                    }
                } else if kind == .reference {
                    targets.append(t)
                } else if let unit = index.unit(of: t) {
                    targets.append(unit)
                }
            }
            if kind == .safeguards {
                let powers = targets.filter(isPowerUnit)
                if !powers.isEmpty { targets = powers }
            }
            for t in targets {
                let toEId = instrument.provisions[t].eId
                // References inside one article ("paragraph 1 of this article") are its own structure, not links.
                guard toEId != fromEId, sourceUnit == nil || index.unit(of: t) != sourceUnit else { continue }
                add(ProvisionLink(from: fromEId, to: toEId, kind: kind, span: cueSpan ?? reference.span))
            }
        }
        // A plain reference adds nothing where the same pair is already linked with a type.
        let typed = Set(result.filter { $0.kind != .reference }.map { "\($0.from)>\($0.to)" })
        return result.filter { $0.kind != .reference || !typed.contains("\($0.from)>\($0.to)") }
    }
}
