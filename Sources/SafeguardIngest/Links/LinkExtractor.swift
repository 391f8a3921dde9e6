import Foundation
import SafeguardModel

/// Finds definitions ("“computer system” means ...") and cross-references ("articles 7 to 16",
/// "paragraph 2 of this article", "this Act") in the own text of each provision, and resolves
/// references to eIds where the instrument has the target.
struct LinkExtractor {
    let instrument: Instrument
    let bytes: [UInt8]
    let documentMode: DocumentMode
    let vocabulary: DraftingVocabulary

    // MARK: definitions

    func definitions() -> [Definition] {
        var result: [Definition] = []
        let definitionUnits = Set(instrument.unitIndices.filter { index in
            guard let heading = instrument.provisions[index].heading?.lowercased() else { return false }
            return vocabulary.definitionHeadings.contains { heading.contains($0) }
        })
        for (index, provision) in instrument.provisions.enumerated() {
            let span = provision.textSpan
            guard !span.isEmpty else { continue }
            var found: [(term: String, termSpan: TextSpan, defStart: Int, quoteStart: Int)] = []
            var i = span.start
            while i < span.end {
                let q = Bytes.quoteLength(bytes, i, span.end)
                guard q > 0, isOpeningContext(i) else { i += 1; continue }
                let termStart = i + q
                var j = termStart
                var closing = -1
                while j < span.end, j - termStart < 120, bytes[j] != Bytes.newline {
                    let c = Bytes.quoteLength(bytes, j, span.end)
                    if c > 0, j > termStart { closing = j; break }
                    j += 1
                }
                guard closing > termStart else { i = termStart; continue }
                let closeLength = Bytes.quoteLength(bytes, closing, span.end)
                // Optional "(or “x”)" and commas between term and verb are not handled: the verb must follow.
                var v = closing + closeLength
                while v < span.end, bytes[v] == 0x20 || bytes[v] == Bytes.newline || bytes[v] == 0x2C { v += 1 }
                var verbAt: Int? = matchVerb(at: v, end: span.end) != nil ? v : nil
                // "“access”, in relation to a computer system, means ...": the verb after a short qualifier.
                if verbAt == nil, closing + closeLength < span.end, bytes[closing + closeLength] == 0x2C {
                    var k = v
                    while k < span.end, k - v < 160, bytes[k] != 0x3B, bytes[k] != 0x2E, Bytes.quoteLength(bytes, k, span.end) == 0 {
                        if (bytes[k - 1] == 0x20 || bytes[k - 1] == Bytes.newline), matchVerb(at: k, end: span.end) != nil { verbAt = k; break }
                        k += 1
                    }
                }
                if let verbAt, let verbEnd = matchVerb(at: verbAt, end: span.end) {
                    // « terme »: French quotes have spaces inside.
                    let termFrom = Bytes.skipSpaces(bytes, termStart, closing)
                    let termTo = max(termFrom, Bytes.trimEnd(bytes, termFrom, closing))
                    let term = Bytes.string(bytes, termFrom, termTo)
                    found.append((term, TextSpan(start: termFrom, end: termTo), Bytes.skipSpaces(bytes, verbEnd, span.end), i))
                    i = verbEnd
                } else {
                    i = closing + closeLength
                }
            }
            // Unquoted terms in a definitions provision: "Child pornography means any visual depiction ...".
            if found.isEmpty, !definitionUnits.isEmpty, isInDefinitionsUnit(index, definitionUnits) {
                if let unquoted = unquotedDefinition(span) { found.append(unquoted) }
                // African Union style: one unmarked paragraph per term in the unit's own text
                // ("For the purposes of this Convention:" / "Computer system means …;" / "Dual criminality means …").
                var k = span.start
                while k < span.end {
                    if bytes[k] == Bytes.newline, k + 1 < span.end, Bytes.isUpper(bytes[k + 1]) {
                        var p = k
                        while p > span.start, bytes[p - 1] == Bytes.newline || bytes[p - 1] == 0x20 { p -= 1 }
                        if p > span.start, [0x3B, 0x2E, 0x3A].contains(bytes[p - 1]),
                           let unquoted = unquotedDefinition(TextSpan(start: k + 1, end: span.end)) {
                            found.append(unquoted)
                        }
                    }
                    k += 1
                }
            }
            for (k, item) in found.enumerated() {
                var end = k + 1 < found.count ? found[k + 1].quoteStart : max(provision.span.end, span.end)
                if k + 1 == found.count, index + 1 < instrument.provisions.count,
                   !provision.childIndices.isEmpty { end = provision.span.end }
                end = trimDefinitionEnd(item.defStart, end)
                guard end > item.defStart else { continue }
                result.append(Definition(term: item.term, eId: provision.eId, termSpan: item.termSpan,
                                         definitionSpan: TextSpan(start: item.defStart, end: end)))
            }
        }
        return result
    }

    /// Whether the provision sits in a unit headed as definitions ("Definitions", "Use of terms", "Interpretation").
    private func isInDefinitionsUnit(_ index: Int, _ units: Set<Int>) -> Bool {
        guard let unit = instrument.unitIndex(containing: index), unit != index || instrument.provisions[index].childIndices.isEmpty else { return false }
        return units.contains(unit)
    }

    private func unquotedDefinition(_ span: TextSpan) -> (term: String, termSpan: TextSpan, defStart: Int, quoteStart: Int)? {
        var start = span.start
        for lead in ["the term ", "The term ", "the expression ", "The expression "] {
            let b = Array(lead.utf8)
            if Bytes.hasPrefix(bytes, start, span.end, b) { start += b.count; break }
        }
        guard start < span.end, Bytes.isLetter(bytes[start]) else { return nil }
        var k = start
        var words = 0
        while k < span.end, k - start < 100, words <= 8 {
            let b = bytes[k]
            if b == 0x2C || b == 0x3B || b == 0x3A || b == 0x2E || b == 0x28 || b == Bytes.newline { return nil }
            if b == 0x20 {
                words += 1
                if let verbEnd = matchVerb(at: k + 1, end: span.end), words >= 1 {
                    return (Bytes.string(bytes, start, k), TextSpan(start: start, end: k), Bytes.skipSpaces(bytes, verbEnd, span.end), start)
                }
            }
            k += 1
        }
        return nil
    }

    private func isOpeningContext(_ i: Int) -> Bool {
        i == 0 || bytes[i - 1] == 0x20 || bytes[i - 1] == Bytes.newline || bytes[i - 1] == 0x28 || bytes[i - 1] == 0x3A
    }

    /// Matches a defining verb at `v`; spaces in the verb also match line breaks ("shall\nmean").
    private func matchVerb(at v: Int, end: Int) -> Int? {
        for w in vocabulary.definingVerbs {
            var i = v
            var k = 0
            var matched = true
            while k < w.count {
                guard i < end else { matched = false; break }
                if w[k] == 0x20 {
                    guard bytes[i] == 0x20 || bytes[i] == Bytes.newline else { matched = false; break }
                    while i < end, bytes[i] == 0x20 || bytes[i] == Bytes.newline { i += 1 }
                    k += 1
                    continue
                }
                guard Bytes.lower(bytes[i]) == w[k] else { matched = false; break }
                i += 1
                k += 1
            }
            if matched, i == end || !Bytes.isLetter(bytes[i]) { return i }
        }
        return nil
    }

    private func trimDefinitionEnd(_ start: Int, _ end: Int) -> Int {
        var e = Bytes.trimEnd(bytes, start, end)
        while e > start {
            if bytes[e - 1] == 0x3B || bytes[e - 1] == 0x2C { e -= 1; continue }
            if e - 4 >= start, Bytes.hasPrefixCI(bytes, e - 4, e, " and") { e -= 4; continue }
            if e - 3 >= start, Bytes.hasPrefixCI(bytes, e - 3, e, " or") { e -= 3; continue }
            if bytes[e - 1] == 0x20 || bytes[e - 1] == Bytes.newline { e -= 1; continue }
            break
        }
        return e
    }

    // MARK: references

    private enum Word {
        case article, paragraph, subparagraph, section, subsection, chapter, part, title, annex, schedule, point
    }

    func references() -> [CrossReference] {
        let index = ResolutionIndex(instrument)
        var result: [CrossReference] = []
        for (provisionIndex, provision) in instrument.provisions.enumerated() {
            // Its own words, and the closing words after its last child ("(b) …, / shall be punished as provided
            // in subsection (c)"), which belong to it but not to its own text.
            var spans = [provision.textSpan]
            if let lastChild = provision.childIndices.last, instrument.provisions[lastChild].span.end < provision.span.end {
                spans.append(TextSpan(start: instrument.provisions[lastChild].span.end, end: provision.span.end))
            }
            for span in spans where !span.isEmpty {
            var i = span.start
            while i < span.end {
                guard Bytes.isLetter(bytes[i]), i == span.start || !Bytes.isLetter(bytes[i - 1]) else { i += 1; continue }
                // Every reference starts with a, c, p, s or t (article, chapter, paragraph, section, this, the, ...).
                switch Bytes.lower(bytes[i]) {
                case 0x61, 0x63, 0x70, 0x73, 0x74: break
                default:
                    while i < span.end, Bytes.isLetter(bytes[i]) { i += 1 }
                    continue
                }
                if let (reference, next) = reference(at: i, end: span.end, source: provisionIndex, index: index) {
                    result.append(reference)
                    i = next
                } else {
                    while i < span.end, Bytes.isLetter(bytes[i]) { i += 1 }
                }
            }
            }
        }
        // Closing words come after the children's words: keep document order.
        return result.enumerated().sorted { ($0.element.span.start, $0.offset) < ($1.element.span.start, $1.offset) }.map(\.element)
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

    /// Skips spaces and line breaks (references wrap across lines).
    private func skipBlank(_ i: Int, _ end: Int) -> Int {
        var i = i
        while i < end, bytes[i] == 0x20 || bytes[i] == Bytes.newline { i += 1 }
        return i
    }

    private func reference(at i: Int, end: Int, source: Int, index: ResolutionIndex) -> (CrossReference, Int)? {
        let sourceEId = instrument.provisions[source].eId
        // "this article", "this Convention", ...
        if let thisEnd = wordEnd(i, end, "this") ?? wordEnd(i, end, "present") {
            let w = skipBlank(thisEnd, end)
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
        // "the Convention on ...": another instrument.
        if let theEnd = wordEnd(i, end, "the") {
            let w = skipBlank(theEnd, end)
            if w < end, Bytes.isUpper(bytes[w]) {
                var k = w
                var sawInstrumentWord = false
                var lastWordEnd = w
                var words = 0
                while k < end, words < 14 {
                    let ws = k
                    while k < end, Bytes.isLetter(bytes[k]) { k += 1 }
                    guard k > ws else { break }
                    let capital = Bytes.isUpper(bytes[ws])
                    let joiner = wordEnd(ws, k, "on") != nil || wordEnd(ws, k, "against") != nil || wordEnd(ws, k, "of") != nil
                        || wordEnd(ws, k, "and") != nil || wordEnd(ws, k, "for") != nil || wordEnd(ws, k, "the") != nil
                        || wordEnd(ws, k, "in") != nil
                    guard capital || (joiner && words > 0) else { break }
                    if capital {
                        lastWordEnd = k
                        for word in vocabulary.instrumentWords where wordEnd(ws, k, word) != nil { sawInstrumentWord = true }
                    }
                    words += 1
                    if k < end, bytes[k] == 0x20 { k += 1 } else { break }
                }
                if sawInstrumentWord, words >= 2 {
                    // The instrument citing its own title ("may be cited as the Example Act") is not external.
                    let name = Bytes.string(bytes, w, lastWordEnd).lowercased()
                    let title = instrument.metadata.title.lowercased()
                    let kind: CrossReference.Kind = !title.isEmpty && title.contains(name) ? .instrument : .external
                    return (CrossReference(sourceEId: sourceEId, span: TextSpan(start: w, end: lastWordEnd), kind: kind, targets: []), lastWordEnd)
                }
            }
            return nil
        }
        guard let (word, wEnd) = structureWord(at: i, end: end, allowPlural: true) else { return nil }
        var cursor = skipBlank(wEnd, end)
        switch word {
        case .article, .section:
            guard let (items, listEnd) = numberList(at: cursor, end: end) else { return nil }
            cursor = listEnd
            // "section 3(2)(a)": descend into the unit.
            var chain: [String] = []
            if items.count == 1, case .single = items[0] {
                let (c, chainEnd) = parenChain(at: cursor, end: end)
                chain = c
                if !c.isEmpty { cursor = chainEnd }
                // UN style: "article 24, paragraph 3 (b)" — one reference to the paragraph of that article.
                if c.isEmpty {
                    var k = cursor
                    if k < end, bytes[k] == 0x2C { k += 1 }
                    k = skipBlank(k, end)
                    if let (subWord, subEnd) = structureWord(at: k, end: end, allowPlural: false),
                       subWord == .paragraph || subWord == .subsection || subWord == .subparagraph,
                       let (subItems, subListEnd) = numberList(at: skipBlank(subEnd, end), end: end), subItems.count == 1,
                       case .single(let subLabel) = subItems[0] {
                        let (more, moreEnd) = parenChain(at: subListEnd, end: end)
                        let after = more.isEmpty ? subListEnd : moreEnd
                        // "article 1, paragraph 2 of this article": the paragraph belongs to another base.
                        if wordEnd(skipBlank(after, end), end, "of") == nil {
                            chain = [subLabel] + more
                            cursor = after
                        }
                    }
                }
            }
            if isExternalContinuation(at: cursor, end: end) {
                return (CrossReference(sourceEId: sourceEId, span: TextSpan(start: i, end: cursor), kind: .external, targets: []), cursor)
            }
            let unitKind: ProvisionKind = (word == .article) ? .article : .section
            var targets: [String] = []
            for item in items {
                switch item {
                case .single(let label):
                    if let unit = index.unit(unitKind, label) ?? (word == .section && documentMode == .treaty ? index.container(.division, label) : nil) {
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
        case .chapter, .part, .title, .annex, .schedule:
            guard let (items, listEnd) = numberList(at: cursor, end: end) else { return nil }
            cursor = listEnd
            if isExternalContinuation(at: cursor, end: end) {
                return (CrossReference(sourceEId: sourceEId, span: TextSpan(start: i, end: cursor), kind: .external, targets: []), cursor)
            }
            let kind: ProvisionKind = switch word {
            case .chapter: .chapter
            case .part: .part
            case .title: .title
            case .annex: .annex
            default: .schedule
            }
            var targets: [String] = []
            for item in items {
                if case .single(let label) = item, let container = index.container(kind, label) {
                    targets.append(instrument.provisions[container].eId)
                }
            }
            return (CrossReference(sourceEId: sourceEId, span: TextSpan(start: i, end: cursor), kind: .container, targets: targets), cursor)
        case .paragraph, .subsection, .subparagraph, .point:
            // "paragraph 2", "paragraphs 1 and 3", "subparagraph (a)", "paragraph 1 (b)".
            var labels: [[String]] = []
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
            // The base the labels are relative to: "of this article", "of article 12", "of paragraph 1", or here.
            var base: Int?
            var ofEnd = cursor
            let afterSpace = skipBlank(cursor, end)
            if let of = wordEnd(afterSpace, end, "of") {
                let w = skipBlank(of, end)
                if let thisEnd = wordEnd(w, end, "this"), let (baseWord, bEnd) = structureWord(at: skipBlank(thisEnd, end), end: end, allowPlural: false) {
                    base = enclosing(baseWord, from: source)
                    ofEnd = bEnd
                } else if let (baseWord, bEnd) = structureWord(at: w, end: end, allowPlural: false),
                          let (items, listEnd) = numberList(at: skipBlank(bEnd, end), end: end), items.count == 1,
                          case .single(let label) = items[0] {
                    switch baseWord {
                    case .article: base = index.unit(.article, label)
                    case .section: base = index.unit(.section, label)
                    case .paragraph, .subsection:
                        if let unit = enclosingUnit(source) { base = index.descend(from: unit, [label]) }
                    default: break
                    }
                    ofEnd = listEnd
                    if base == nil { ofEnd = listEnd }
                } else if isExternalContinuation(at: cursor, end: end) {
                    return nil
                }
            }
            if base == nil {
                switch word {
                case .paragraph, .subsection: base = enclosingUnit(source)
                default: base = enclosingParagraphLevel(source) ?? enclosingUnit(source)
                }
            }
            var targets: [String] = []
            if let base {
                for chain in labels {
                    if let target = index.descend(from: base, chain) { targets.append(instrument.provisions[target].eId) }
                }
            }
            let kind: CrossReference.Kind = ofEnd > cursor && base != nil && !isThisBase(cursor, ofEnd) ? .provisions : .relative
            return (CrossReference(sourceEId: sourceEId, span: TextSpan(start: i, end: ofEnd), kind: kind, targets: targets), ofEnd)
        }
    }

    private func isThisBase(_ from: Int, _ to: Int) -> Bool {
        var k = from
        while k < to {
            if wordEnd(k, to, "this") != nil { return true }
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

    private static let structureWords: [(StaticString, StaticString, Word)] = [
        ("articles", "article", .article), ("subparagraphs", "subparagraph", .subparagraph),
        ("paragraphs", "paragraph", .paragraph), ("subsections", "subsection", .subsection),
        ("sections", "section", .section), ("chapters", "chapter", .chapter), ("parts", "part", .part),
        ("titles", "title", .title), ("annexes", "annex", .annex), ("schedules", "schedule", .schedule),
        ("points", "point", .point), ("art.", "art.", .article),
    ]

    private func structureWord(at i: Int, end: Int, allowPlural: Bool) -> (Word, Int)? {
        guard i < end else { return nil }
        let first = Bytes.lower(bytes[i])
        switch first {
        case 0x61, 0x63, 0x70, 0x73, 0x74: break  // a c p s t
        default: return nil
        }
        // The table is built once, and only the entries with the same first letter are tried.
        for (plural, singular, word) in Self.structureWords where singular.utf8Start.pointee == first {
            if allowPlural, let e = wordEnd(i, end, plural) { return (word, e) }
            if let e = wordEnd(i, end, singular) { return (word, e) }
            if singular.utf8CodeUnitCount == 4, Bytes.hasPrefixCI(bytes, i, end, singular) { return (word, i + 4) }
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
               let low = ordinal(label), let highValue = ordinal(high) {
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
                   i + 1 + count == end || !Bytes.isLetter(bytes[i + 1 + count]) {
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

/// Lookup tables for resolving references: units and containers by number, children by label.
struct ResolutionIndex {
    let instrument: Instrument
    private var units: [String: Int] = [:]
    private var containers: [String: Int] = [:]
    private var unitOrdinals: [(kind: ProvisionKind, ordinal: Int, index: Int)] = []

    /// Per provision: the label as written (brackets and period removed) and lower-cased.
    private var rawLabels: [String] = []
    private var lowerLabels: [String] = []

    init(_ instrument: Instrument) {
        self.instrument = instrument
        rawLabels.reserveCapacity(instrument.provisions.count)
        lowerLabels.reserveCapacity(instrument.provisions.count)
        for provision in instrument.provisions {
            let raw = Self.rawLabel(of: provision)
            rawLabels.append(raw)
            lowerLabels.append(raw.lowercased())
        }
        for (index, provision) in instrument.provisions.enumerated() {
            guard provision.kind.isUnit || provision.kind.isContainer else { continue }
            // Units inside annexes are not the instrument's own articles.
            if provision.kind.isUnit, instrument.ancestors(of: index).contains(where: {
                instrument.provisions[$0].kind == .annex || instrument.provisions[$0].kind == .schedule
            }) { continue }
            let label = Self.label(of: provision)
            let key = "\(provision.kind.rawValue):\(label)"
            if provision.kind.isUnit {
                if units[key] == nil { units[key] = index }
                if let ordinal = Self.ordinal(label), !label.contains(" ") { unitOrdinals.append((provision.kind, ordinal, index)) }
                if let ordinal = Self.ordinal(label), label.contains(" ") { unitOrdinals.append((provision.kind, ordinal, index)) }
            } else if containers[key] == nil {
                containers[key] = index
            }
            // "Article Six" is art_6: its number comes from the eId when the label is a word.
            if let ordinal = Self.ordinal(label) ?? Self.eIdOrdinal(provision.eId) {
                let numericKey = "\(provision.kind.rawValue):#\(ordinal)"
                if provision.kind.isUnit, !label.contains(" ") { if units[numericKey] == nil { units[numericKey] = index } }
                if provision.kind.isContainer, containers[numericKey] == nil { containers[numericKey] = index }
            }
        }
    }

    /// The number of a provision without keyword, brackets or final period, lower-cased: "7 bis", "ii", "a", "1".
    static func label(of provision: Provision) -> String { rawLabel(of: provision).lowercased() }

    private static let keywordPrefixes = [
        "Article ", "ARTICLE ", "Art. ", "Chapter ", "CHAPTER ", "Part ", "PART ", "Title ", "TITLE ",
        "Section ", "SECTION ", "SEC. ", "Sec. ", "Annex ", "ANNEX ", "Appendix ", "APPENDIX ",
        "Schedule ", "SCHEDULE ", "Division ", "DIVISION ", "§ ", "§",
    ]

    static func rawLabel(of provision: Provision) -> String {
        guard let num = provision.num else { return "" }
        var scalars = Substring(num).unicodeScalars[...]
        if provision.kind.isUnit || provision.kind.isContainer {
            for prefix in keywordPrefixes where num.hasPrefix(prefix) {
                scalars = scalars.dropFirst(prefix.unicodeScalars.count)
                break
            }
        }
        func isTrim(_ c: Unicode.Scalar) -> Bool { c == "(" || c == ")" || c == "." || c == " " }
        while let first = scalars.first, isTrim(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, isTrim(last) { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// The number of a unit or container eId's last segment ("art_21" → 21), when it is all digits.
    static func eIdOrdinal(_ eId: String) -> Int? {
        let last = eId.split(separator: "__").last ?? Substring(eId)
        guard let underscore = last.firstIndex(of: "_") else { return nil }
        return Int(last[last.index(after: underscore)...])
    }

    static func ordinal(_ label: String) -> Int? {
        let head = label.split(separator: " ").first.map(String.init) ?? label
        var digits = ""
        for c in head { if c.isNumber { digits.append(c) } else { break } }
        if let n = Int(digits) { return n }
        let b = Array(head.uppercased().utf8)
        return Bytes.romanValue(b, 0, b.count)
    }

    func unit(_ kind: ProvisionKind, _ label: String) -> Int? {
        let key = label.lowercased()
        if let found = units["\(kind.rawValue):\(key)"] { return found }
        if !key.contains(" "), let ordinal = Self.ordinal(key), Int(key) != nil || Bytes.romanValue(Array(label.utf8), 0, label.utf8.count) != nil {
            return units["\(kind.rawValue):#\(ordinal)"]
        }
        return nil
    }

    func container(_ kind: ProvisionKind, _ label: String) -> Int? {
        if let found = containers["\(kind.rawValue):\(label.lowercased())"] { return found }
        if let ordinal = Self.ordinal(label) { return containers["\(kind.rawValue):#\(ordinal)"] }
        return nil
    }

    /// Units numbered from `low` to `high`, in document order (including inserted "bis" articles in between).
    func units(_ kind: ProvisionKind, from low: Int, to high: Int) -> [Int] {
        guard high >= low, high - low < 1000 else { return [] }
        return unitOrdinals.filter { $0.kind == kind && $0.ordinal >= low && $0.ordinal <= high }.map(\.index).sorted()
    }

    /// The descendant reached by following child labels ("1", "b"), or nil.
    func descend(from index: Int, _ labels: [String]) -> Int? {
        var current = index
        for label in labels {
            let wanted = label.lowercased()
            guard let child = findChild(of: current, label: wanted, exactCase: label) else { return nil }
            current = child
        }
        return current
    }

    private func findChild(of index: Int, label: String, exactCase: String) -> Int? {
        let children = instrument.provisions[index].childIndices
        // Prefer an exact-case match: "(A)" and "(a)" can both exist in US Code style.
        if let exact = children.first(where: { rawLabels[$0] == exactCase }) { return exact }
        return children.first { lowerLabels[$0] == label }
    }
}
