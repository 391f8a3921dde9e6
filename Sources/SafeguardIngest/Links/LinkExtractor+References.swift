import SafeguardModel

/// Cross-references: "articles 7 to 16", "section 3(2)(a)", "paragraph 2 of this article", "this Convention",
/// "the Convention on Cybercrime". `reference(at:)` tries the forms in order, one function each; the words come
/// from the drafting vocabulary (`referenceWords`, `selfWords`, `titleJoiners`).
extension LinkExtractor {
    private typealias Word = DraftingVocabulary.ReferenceTarget

    func references() -> [CrossReference] {
        let index = ResolutionIndex(instrument)
        let initials = referenceStartInitials()
        var result: [CrossReference] = []
        for (provisionIndex, provision) in instrument.provisions.enumerated() {
            // Its own words, and the closing words after its last child ("(b) …, / shall be punished as provided
            // in subsection (c)"), which belong to it but not to its own text.
            var spans = [provision.textSpan]
            if let lastChild = provision.childIndices.last, instrument.provisions[lastChild].span.end < provision.span.end {
                spans.append(TextSpan(start: instrument.provisions[lastChild].span.end, end: provision.span.end))
            }
            for span in spans where !span.isEmpty {
                result += references(in: span, source: provisionIndex, index: index, initials: initials)
            }
        }
        // Closing words come after the children's words: keep document order.
        return result.enumerated().sorted { ($0.element.span.start, $0.offset) < ($1.element.span.start, $1.offset) }.map(\.element)
    }

    /// The lower-case first bytes a reference can start with: a reference word, a self-word or "the".
    private func referenceStartInitials() -> [Bool] {
        var initials = vocabulary.referenceInitials
        for word in vocabulary.selfWords { if let first = word.first { initials[Int(first)] = true } }
        initials[0x74] = true  // "the Convention on …"
        return initials
    }

    private func references(in span: TextSpan, source: Int, index: ResolutionIndex, initials: [Bool]) -> [CrossReference] {
        var result: [CrossReference] = []
        var i = span.start
        while i < span.end {
            guard Bytes.isLetter(bytes[i]), i == span.start || !Bytes.isLetter(bytes[i - 1]) else { i += 1; continue }
            // Only words whose first letter starts some reference are tried.
            guard initials[Int(Bytes.lower(bytes[i]))] else {
                while i < span.end, Bytes.isLetter(bytes[i]) { i += 1 }
                continue
            }
            if let (reference, next) = reference(at: i, end: span.end, source: source, index: index) {
                result.append(reference)
                i = next
            } else {
                while i < span.end, Bytes.isLetter(bytes[i]) { i += 1 }
            }
        }
        return result
    }

    private func wordEnd(_ i: Int, _ end: Int, _ word: [UInt8]) -> Int? {
        guard Bytes.hasPrefixCI(bytes, i, end, word) else { return nil }
        let e = i + word.count
        return e == end || !Bytes.isLetter(bytes[e]) ? e : nil
    }

    private func wordEnd(_ i: Int, _ end: Int, _ word: StaticString) -> Int? {
        guard Bytes.hasPrefixCI(bytes, i, end, word) else { return nil }
        let e = i + word.utf8CodeUnitCount
        return e == end || !Bytes.isLetter(bytes[e]) ? e : nil
    }

    /// The end of a self-word ("this", "present") at `i`, or nil.
    private func selfWordEnd(_ i: Int, _ end: Int) -> Int? {
        for word in vocabulary.selfWords { if let e = wordEnd(i, end, word) { return e } }
        return nil
    }

    /// Skips spaces and line breaks (references wrap across lines).
    private func skipBlank(_ i: Int, _ end: Int) -> Int {
        var i = i
        while i < end, bytes[i] == 0x20 || bytes[i] == Bytes.newline { i += 1 }
        return i
    }

    /// The reference starting at `i` and where it ends, trying each form in turn: a self-reference, another
    /// instrument's name, then a reference word (units, containers, subdivisions).
    private func reference(at i: Int, end: Int, source: Int, index: ResolutionIndex) -> (CrossReference, Int)? {
        if let selfEnd = selfWordEnd(i, end) {
            return selfReference(from: i, after: selfEnd, end: end, source: source)
        }
        if let theEnd = wordEnd(i, end, "the") {
            return namedInstrumentReference(after: theEnd, end: end, source: source)
        }
        guard let (word, wEnd) = structureWord(at: i, end: end, allowPlural: true) else { return nil }
        let cursor = skipBlank(wEnd, end)
        switch word {
        case .article, .section:
            return unitReference(word, from: i, cursor: cursor, end: end, source: source, index: index)
        case .chapter, .part, .title, .annex, .schedule:
            return containerReference(word, from: i, cursor: cursor, end: end, source: source, index: index)
        case .paragraph, .subsection, .subparagraph, .point:
            return subdivisionReference(word, from: i, cursor: cursor, end: end, source: source, index: index)
        }
    }

    /// "this article", "this Convention", "the present Protocol": the provision or instrument the words are in.
    private func selfReference(from i: Int, after selfEnd: Int, end: Int, source: Int) -> (CrossReference, Int)? {
        let sourceEId = instrument.provisions[source].eId
        let w = skipBlank(selfEnd, end)
        if let (word, wEnd) = structureWord(at: w, end: end, allowPlural: false) {
            let targets = enclosing(word, from: source).map { [instrument.provisions[$0].eId] } ?? []
            let kind: CrossReference.Kind
            switch word {
            case .article, .section, .paragraph, .subparagraph, .subsection, .point: kind = .relative
            default: kind = .container
            }
            return (CrossReference(sourceEId: sourceEId, span: TextSpan(start: i, end: wEnd), kind: kind, targets: targets), wEnd)
        }
        for word in vocabulary.instrumentWords {
            if let wEnd = wordEnd(w, end, word) {
                return (CrossReference(sourceEId: sourceEId, span: TextSpan(start: i, end: wEnd), kind: .instrument, targets: []), wEnd)
            }
        }
        return nil
    }

    /// "the Convention on Cybercrime": capitalised words (joined by title joiners) with an instrument word.
    /// External, unless the instrument cites its own title ("may be cited as the Example Act").
    private func namedInstrumentReference(after theEnd: Int, end: Int, source: Int) -> (CrossReference, Int)? {
        let w = skipBlank(theEnd, end)
        guard w < end, Bytes.isUpper(bytes[w]) else { return nil }
        var k = w
        var sawInstrumentWord = false
        var lastWordEnd = w
        var words = 0
        while k < end, words < 14 {
            let ws = k
            while k < end, Bytes.isLetter(bytes[k]) { k += 1 }
            guard k > ws else { break }
            let capital = Bytes.isUpper(bytes[ws])
            let joiner = vocabulary.titleJoiners.contains { wordEnd(ws, k, $0) != nil }
            guard capital || (joiner && words > 0) else { break }
            if capital {
                lastWordEnd = k
                for word in vocabulary.instrumentWords where wordEnd(ws, k, word) != nil { sawInstrumentWord = true }
            }
            words += 1
            if k < end, bytes[k] == 0x20 { k += 1 } else { break }
        }
        guard sawInstrumentWord, words >= 2 else { return nil }
        let name = Bytes.string(bytes, w, lastWordEnd).lowercased()
        let title = instrument.metadata.title.lowercased()
        let kind: CrossReference.Kind = !title.isEmpty && title.contains(name) ? .instrument : .external
        let sourceEId = instrument.provisions[source].eId
        return (CrossReference(sourceEId: sourceEId, span: TextSpan(start: w, end: lastWordEnd), kind: kind, targets: []), lastWordEnd)
    }

    /// "article 7", "articles 7 to 16", "section 3(2)(a)", UN style "article 24, paragraph 3 (b)".
    private func unitReference(
        _ word: Word, from i: Int, cursor start: Int, end: Int, source: Int, index: ResolutionIndex
    ) -> (CrossReference, Int)? {
        let sourceEId = instrument.provisions[source].eId
        guard let (items, listEnd) = numberList(at: start, end: end) else { return nil }
        var cursor = listEnd
        // "section 3(2)(a)": descend into the unit.
        var chain: [String] = []
        if items.count == 1, case .single = items[0] {
            let (c, chainEnd) = parenChain(at: cursor, end: end)
            chain = c
            if !c.isEmpty {
                cursor = chainEnd
            } else if let (subChain, subEnd) = trailingSubdivision(at: cursor, end: end) {
                chain = subChain
                cursor = subEnd
            }
        }
        if isExternalContinuation(at: cursor, end: end) {
            return (CrossReference(sourceEId: sourceEId, span: TextSpan(start: i, end: cursor), kind: .external, targets: []), cursor)
        }
        let unitKind: ProvisionKind = (word == .article) ? .article : .section
        var targets: [EId] = []
        for item in items {
            switch item {
            case .single(let label):
                if let unit = index.unit(unitKind, label)
                    ?? (word == .section && documentMode == .treaty ? index.container(.division, label) : nil)
                {
                    if let deep = chain.isEmpty ? nil : index.descend(from: unit, chain) {
                        targets.append(instrument.provisions[deep].eId)
                    } else {
                        targets.append(instrument.provisions[unit].eId)
                    }
                }
            case .range(let low, let high):
                targets += index.units(unitKind, from: low, to: high).map { instrument.provisions[$0].eId }
            }
        }
        return (CrossReference(sourceEId: sourceEId, span: TextSpan(start: i, end: cursor), kind: .provisions, targets: targets), cursor)
    }

    /// UN style: ", paragraph 3 (b)" after "article 24" — the labels of one paragraph of that article, and where
    /// they end; nil when the paragraph belongs to another base ("article 1, paragraph 2 of this article").
    private func trailingSubdivision(at cursor: Int, end: Int) -> ([String], Int)? {
        var k = cursor
        if k < end, bytes[k] == 0x2C { k += 1 }
        k = skipBlank(k, end)
        guard let (subWord, subEnd) = structureWord(at: k, end: end, allowPlural: false),
            subWord == .paragraph || subWord == .subsection || subWord == .subparagraph,
            let (subItems, subListEnd) = numberList(at: skipBlank(subEnd, end), end: end), subItems.count == 1,
            case .single(let subLabel) = subItems[0]
        else { return nil }
        let (more, moreEnd) = parenChain(at: subListEnd, end: end)
        let after = more.isEmpty ? subListEnd : moreEnd
        guard wordEnd(skipBlank(after, end), end, "of") == nil else { return nil }
        return ([subLabel] + more, after)
    }

    /// "chapter II", "part 3", "annexes I and II": containers by number.
    private func containerReference(
        _ word: Word, from i: Int, cursor start: Int, end: Int, source: Int, index: ResolutionIndex
    ) -> (CrossReference, Int)? {
        let sourceEId = instrument.provisions[source].eId
        guard let (items, listEnd) = numberList(at: start, end: end) else { return nil }
        let cursor = listEnd
        if isExternalContinuation(at: cursor, end: end) {
            return (CrossReference(sourceEId: sourceEId, span: TextSpan(start: i, end: cursor), kind: .external, targets: []), cursor)
        }
        let kind: ProvisionKind =
            switch word {
            case .chapter: .chapter
            case .part: .part
            case .title: .title
            case .annex: .annex
            default: .schedule
            }
        var targets: [EId] = []
        for item in items {
            if case .single(let label) = item, let container = index.container(kind, label) {
                targets.append(instrument.provisions[container].eId)
            }
        }
        return (CrossReference(sourceEId: sourceEId, span: TextSpan(start: i, end: cursor), kind: .container, targets: targets), cursor)
    }

    /// "paragraph 2", "paragraphs 1 and 3", "subparagraph (a)", "paragraph 1 (b) of article 12": labels relative to
    /// a base ("of this article", "of article 12", "of paragraph 1", or the provision the words are in).
    private func subdivisionReference(
        _ word: Word, from i: Int, cursor start: Int, end: Int, source: Int, index: ResolutionIndex
    ) -> (CrossReference, Int)? {
        let sourceEId = instrument.provisions[source].eId
        guard let (labels, cursor) = subdivisionLabels(at: start, end: end) else { return nil }
        var base: Int?
        var ofEnd = cursor
        let afterSpace = skipBlank(cursor, end)
        if let of = wordEnd(afterSpace, end, "of") {
            switch explicitBase(after: of, end: end, source: source, index: index) {
            case .found(let found, let foundEnd):
                base = found
                ofEnd = foundEnd
            case .external where isExternalContinuation(at: cursor, end: end):
                return nil
            case .external:
                break
            }
        }
        if base == nil {
            switch word {
            case .paragraph, .subsection: base = enclosingUnit(source)
            default: base = enclosingParagraphLevel(source) ?? enclosingUnit(source)
            }
        }
        var targets: [EId] = []
        if let base {
            for chain in labels {
                if let target = index.descend(from: base, chain) { targets.append(instrument.provisions[target].eId) }
            }
        }
        let kind: CrossReference.Kind = ofEnd > cursor && base != nil && !isSelfBase(cursor, ofEnd) ? .provisions : .relative
        return (CrossReference(sourceEId: sourceEId, span: TextSpan(start: i, end: ofEnd), kind: kind, targets: targets), ofEnd)
    }

    /// The label chains of a subdivision reference ("1", "1 (a)", "(a) and (b)", "1 (a) (i) or (ii)") and where they end.
    private func subdivisionLabels(at start: Int, end: Int) -> ([[String]], Int)? {
        var labels: [[String]] = []
        var cursor = start
        if let (items, listEnd) = numberList(at: cursor, end: end) {
            cursor = listEnd
            for item in items {
                if case .single(let label) = item { labels.append([label]) }
                if case .range(let low, let high) = item, high >= low, high - low < 50 {
                    for n in low...high { labels.append(["\(n)"]) }
                }
            }
            let (chain, chainEnd) = parenChain(at: cursor, end: end)
            if !chain.isEmpty, labels.count == 1 {
                labels[0] += chain
                cursor = chainEnd
                // "paragraph 1 (a) (i) or (ii)": alternatives for the last marker.
                let stem = Array(labels[0].dropLast())
                var k = skipBlank(cursor, end)
                while let joinEnd = wordEnd(k, end, "or") ?? wordEnd(k, end, "and") ?? (k < end && bytes[k] == 0x2C ? k + 1 : nil) {
                    let (more, moreEnd) = parenChain(at: skipBlank(joinEnd, end), end: end)
                    guard more.count == 1 else { break }
                    labels.append(stem + more)
                    cursor = moreEnd
                    k = skipBlank(cursor, end)
                }
            }
        } else {
            let (chain, chainEnd) = parenChain(at: cursor, end: end)
            guard !chain.isEmpty else { return nil }
            labels.append(chain)
            cursor = chainEnd
            // "subparagraphs (a) and (b)"
            var k = skipBlank(cursor, end)
            while let andEnd = wordEnd(k, end, "and") ?? wordEnd(k, end, "or") ?? (k < end && bytes[k] == 0x2C ? k + 1 : nil) {
                let (more, moreEnd) = parenChain(at: skipBlank(andEnd, end), end: end)
                guard !more.isEmpty else { break }
                labels.append(more)
                cursor = moreEnd
                k = skipBlank(cursor, end)
            }
        }
        return (labels, cursor)
    }

    /// What follows "of" after a subdivision reference.
    private enum ExplicitBase {
        /// "of this article", "of article 12", "of paragraph 1": the base (nil when not in this instrument) and its end.
        case found(Int?, Int)
        /// Something else, which may be another instrument ("of the Convention on …").
        case external
    }

    private func explicitBase(after of: Int, end: Int, source: Int, index: ResolutionIndex) -> ExplicitBase {
        let w = skipBlank(of, end)
        if let selfEnd = selfWordEnd(w, end),
            let (baseWord, bEnd) = structureWord(at: skipBlank(selfEnd, end), end: end, allowPlural: false)
        {
            return .found(enclosing(baseWord, from: source), bEnd)
        }
        if let (baseWord, bEnd) = structureWord(at: w, end: end, allowPlural: false),
            let (items, listEnd) = numberList(at: skipBlank(bEnd, end), end: end), items.count == 1,
            case .single(let label) = items[0]
        {
            switch baseWord {
            case .article: return .found(index.unit(.article, label), listEnd)
            case .section: return .found(index.unit(.section, label), listEnd)
            case .paragraph, .subsection: return .found(enclosingUnit(source).flatMap { index.descend(from: $0, [label]) }, listEnd)
            default: return .found(nil, listEnd)
            }
        }
        return .external
    }

    /// Whether the words between `from` and `to` contain a self-word ("of this article" is relative, not a target).
    private func isSelfBase(_ from: Int, _ to: Int) -> Bool {
        var k = from
        while k < to {
            if selfWordEnd(k, to) != nil { return true }
            k += 1
        }
        return false
    }

    /// "... of the Convention on ..." / "... of the Budapest Convention": the reference is to another instrument.
    private func isExternalContinuation(at cursor: Int, end: Int) -> Bool {
        var k = skipBlank(cursor, end)
        guard let of = wordEnd(k, end, "of") else { return false }
        k = skipBlank(of, end)
        guard let the = wordEnd(k, end, "the") else { return false }
        k = skipBlank(the, end)
        return k < end && Bytes.isUpper(bytes[k])
    }

    /// The reference word at `i` (plural forms only when `allowPlural`) and where it ends.
    private func structureWord(at i: Int, end: Int, allowPlural: Bool) -> (Word, Int)? {
        guard i < end else { return nil }
        let first = Bytes.lower(bytes[i])
        guard vocabulary.referenceInitials[Int(first)] else { return nil }
        // Every word matched below starts with its first two bytes (when all have two or more).
        if !vocabulary.hasShortReferenceWord {
            guard i + 1 < end, vocabulary.referencePairs[Int(first) << 8 | Int(Bytes.lower(bytes[i + 1]))] else { return nil }
        }
        // Only the entries with the same first letter are tried, in the vocabulary's order.
        for entry in vocabulary.referenceWords where entry.singular[0] == first {
            if allowPlural, let e = wordEnd(i, end, entry.plural) { return (entry.target, e) }
            if let e = wordEnd(i, end, entry.singular) { return (entry.target, e) }
            // A singular of four characters also matches at the start of a longer word ("part" in "parts").
            if entry.singular.count == 4, Bytes.hasPrefixCI(bytes, i, end, entry.singular) { return (entry.target, i + 4) }
        }
        return nil
    }

    private enum ListItem {
        case single(String)
        case range(Int, Int)
    }

    /// "7", "7 bis", "VII", "7 to 16", "7 and 8", "7, 8 and 10", "7-9".
    private func numberList(at start: Int, end: Int) -> ([ListItem], Int)? {
        var items: [ListItem] = []
        var cursor = start
        guard var (label, labelEnd) = number(at: cursor, end: end) else { return nil }
        cursor = labelEnd
        while true {
            let k = skipBlank(cursor, end)
            var rangeEnd: Int?
            if let e = wordEnd(k, end, "to") ?? wordEnd(k, end, "through") { rangeEnd = e }
            let dash = Bytes.dashLength(bytes, cursor, end)
            if dash > 0 { rangeEnd = cursor + dash }
            if let rangeEnd, let (high, highEnd) = number(at: skipBlank(rangeEnd, end), end: end),
                let low = ordinal(label), let highValue = ordinal(high)
            {
                items.append(.range(low, highValue))
                cursor = highEnd
            } else {
                items.append(.single(label))
            }
            // Continue the list: ", 8", " and 8", " or 8".
            var k2 = cursor
            if k2 < end, bytes[k2] == 0x2C { k2 += 1 }
            k2 = skipBlank(k2, end)
            if let e = wordEnd(k2, end, "and") ?? wordEnd(k2, end, "or") { k2 = skipBlank(e, end) }
            guard k2 > cursor, let (next, nextEnd) = number(at: k2, end: end) else { break }
            label = next
            labelEnd = nextEnd
            cursor = labelEnd
        }
        return (items, cursor)
    }

    /// A provision number: digits with an optional letter and Latin suffix, or an upper-case Roman numeral.
    private func number(at start: Int, end: Int) -> (String, Int)? {
        guard start < end else { return nil }
        var i = start
        if Bytes.isDigit(bytes[i]) {
            while i < end, Bytes.isDigit(bytes[i]) { i += 1 }
            // "section 477.1", "paragraph 2.1": a decimal number is one number, not "477" and a period.
            while i + 1 < end, bytes[i] == 0x2E, Bytes.isDigit(bytes[i + 1]) {
                i += 1
                while i < end, Bytes.isDigit(bytes[i]) { i += 1 }
            }
            if i < end, Bytes.isUpper(bytes[i]), i + 1 == end || !Bytes.isLetter(bytes[i + 1]) { i += 1 }
        } else if Bytes.isUpper(bytes[i]) {
            while i < end, Bytes.isUpper(bytes[i]) { i += 1 }
            if Bytes.romanValue(bytes, start, i) == nil || (i < end && Bytes.isLetter(bytes[i])) {
                // "article Six", "Article Twenty-One": a number word.
                i = start + 1
                while i < end, Bytes.isLetter(bytes[i]) { i += 1 }
                guard let value = vocabulary.numberWords[Bytes.string(bytes, start, i).lowercased()] else { return nil }
                if value >= 20, i + 1 < end, bytes[i] == 0x2D, Bytes.isLetter(bytes[i + 1]) {
                    var j = i + 1
                    while j < end, Bytes.isLetter(bytes[j]) { j += 1 }
                    if let unit = vocabulary.numberWords[Bytes.string(bytes, i + 1, j).lowercased()], unit < 10 { i = j }
                }
            }
        } else {
            return nil
        }
        var labelEnd = i
        if i < end, bytes[i] == 0x20 {
            for suffix in vocabulary.latinSuffixes {
                let count = suffix.utf8.count
                if i + 1 + count <= end, Bytes.string(bytes, i + 1, i + 1 + count) == suffix,
                    i + 1 + count == end || !Bytes.isLetter(bytes[i + 1 + count])
                {
                    labelEnd = i + 1 + count
                }
            }
        }
        return (Bytes.string(bytes, start, labelEnd), labelEnd)
    }

    private func ordinal(_ label: String) -> Int? {
        if let n = Int(label) { return n }
        let b = Array(label.utf8)
        return Bytes.romanValue(b, 0, b.count)
    }

    /// "(2)(a)" or " (b)" after a number.
    /// "(2)(a)", " (b)", " (a) (ii)" after a number (one space or line break allowed between markers).
    private func parenChain(at start: Int, end: Int) -> ([String], Int) {
        var labels: [String] = []
        var i = start
        var k = i < end && (bytes[i] == 0x20 || bytes[i] == Bytes.newline) ? i + 1 : i
        while k < end, bytes[k] == 0x28 {
            var j = k + 1
            while j < end, Bytes.isAlnum(bytes[j]), j - k <= 6 { j += 1 }
            guard j < end, bytes[j] == 0x29, j > k + 1 else { break }
            labels.append(Bytes.string(bytes, k + 1, j))
            i = j + 1
            k = i < end && (bytes[i] == 0x20 || bytes[i] == Bytes.newline) ? i + 1 : i
        }
        return (labels, i)
    }

    // MARK: enclosing provisions

    private func enclosing(_ word: Word, from index: Int) -> Int? {
        let kinds: [ProvisionKind]
        switch word {
        case .article: kinds = [.article]
        case .section: kinds = documentMode == .treaty ? [.division, .section] : [.section]
        case .paragraph: kinds = [.paragraph]
        case .subsection: kinds = [.subsection]
        case .subparagraph: kinds = [.subparagraph, .point]
        case .point: kinds = [.point]
        case .chapter: kinds = [.chapter]
        case .part: kinds = [.part]
        case .title: kinds = [.title]
        case .annex: kinds = [.annex]
        case .schedule: kinds = [.schedule]
        }
        if kinds.contains(instrument.provisions[index].kind) { return index }
        return instrument.ancestors(of: index).first { kinds.contains(instrument.provisions[$0].kind) }
    }

    private func enclosingUnit(_ index: Int) -> Int? { instrument.unitIndex(containing: index) }

    private func enclosingParagraphLevel(_ index: Int) -> Int? {
        let kinds: [ProvisionKind] = [.paragraph, .subsection]
        if kinds.contains(instrument.provisions[index].kind) { return index }
        return instrument.ancestors(of: index).first { kinds.contains(instrument.provisions[$0].kind) }
    }
}
