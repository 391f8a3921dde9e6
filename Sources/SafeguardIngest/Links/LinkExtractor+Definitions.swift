import SafeguardModel

/// Definitions: quoted terms followed by a defining verb ("“computer system” means ..."), and unquoted ones in a
/// unit headed as definitions.
extension LinkExtractor {
    func definitions() -> [Definition] {
        var result: [Definition] = []
        let definitionUnits = Set(
            instrument.unitIndices.filter { index in
                guard let heading = instrument.provisions[index].heading?.lowercased() else { return false }
                return vocabulary.definitionHeadings.contains { heading.fastContains($0) }
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
                    verbAt = verbAfterQualifier(from: v, end: span.end)
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
                            let unquoted = unquotedDefinition(TextSpan(start: k + 1, end: span.end))
                        {
                            found.append(unquoted)
                        }
                    }
                    k += 1
                }
            }
            for (k, item) in found.enumerated() {
                var end = k + 1 < found.count ? found[k + 1].quoteStart : max(provision.span.end, span.end)
                if k + 1 == found.count, index + 1 < instrument.provisions.count,
                    !provision.childIndices.isEmpty
                {
                    end = provision.span.end
                }
                end = trimDefinitionEnd(item.defStart, end)
                guard end > item.defStart else { continue }
                result.append(
                    Definition(
                        term: item.term, eId: provision.eId, termSpan: item.termSpan,
                        definitionSpan: TextSpan(start: item.defStart, end: end)))
            }
        }
        return result
    }

    /// The defining verb after a short qualifier that follows the term's comma, within the sentence and before
    /// any other quotation mark.
    private func verbAfterQualifier(from v: Int, end: Int) -> Int? {
        var k = v
        while k < end, k - v < 160, bytes[k] != 0x3B, bytes[k] != 0x2E, Bytes.quoteLength(bytes, k, end) == 0 {
            if bytes[k - 1] == 0x20 || bytes[k - 1] == Bytes.newline, matchVerb(at: k, end: end) != nil { return k }
            k += 1
        }
        return nil
    }

    /// Whether the provision sits in a unit headed as definitions ("Definitions", "Use of terms", "Interpretation").
    private func isInDefinitionsUnit(_ index: Int, _ units: Set<Int>) -> Bool {
        guard let unit = instrument.unitIndex(containing: index), unit != index || instrument.provisions[index].childIndices.isEmpty else {
            return false
        }
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
                    return (
                        Bytes.string(bytes, start, k), TextSpan(start: start, end: k), Bytes.skipSpaces(bytes, verbEnd, span.end), start
                    )
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
}
