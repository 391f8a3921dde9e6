import SafeguardModel

/// Context decisions: passes over the classified lines that correct what one line alone cannot tell (false headings, quoted amendments,
/// closing formulas, footnotes, tables of contents) and decide the document mode.
extension TreeBuilder {
    /// "Article 24" alone on a line followed by lower-case words is a wrapped reference, not a heading.
    mutating func rejectFalseHeadings() {
        var lastArticle: Int?
        for index in tokens.indices {
            guard case .heading(let match) = tokens[index] else { continue }
            if match.kind == .article {
                // "Article 24 The …" with a sentence and no separator: an article only where its number comes next.
                if match.isInlineSentence, let last = lastArticle, match.ordinal != last + 1 {
                    tokens[index] = .text
                    continue
                }
                if let ordinal = match.ordinal { lastArticle = ordinal }
            }
            if match.heading == nil, match.label != nil, match.kind != .annex, match.kind != .schedule,
                let next = nextContentLine(after: index), startsLowercase(next)
            {
                tokens[index] = .text
            }
            // "... in accordance with\nChapter II.\n2. Each ...": a bare reference ending a wrapped sentence. The
            // line before is a long line of running text that stops mid-sentence (lower case or comma).
            if match.heading == nil, match.label != nil, match.kind != .annex, match.kind != .schedule, !match.isUSCode,
                let previous = previousContentLine(before: index), previous == index - 1, isRunningText(previous),
                let last = lastByte(previous), Bytes.isLower(last) || last == 0x2C,
                lines[previous].end - lines[previous].content >= 50
            {
                tokens[index] = .text
            }
        }
    }

    /// "I. Introduction" / "II. Recommendations": bare Roman headings are chapters only when they run I, II,
    /// III, ... (restarting at I after an annex heading); a lone "V. Something" stays text.
    mutating func keepRomanHeadingSequences() {
        var candidates: [[Int]] = [[]]
        for index in tokens.indices {
            guard case .heading(let match) = tokens[index] else { continue }
            if match.kind == .annex || match.kind == .schedule { candidates.append([]); continue }
            guard match.isBareRoman else { continue }
            candidates[candidates.count - 1].append(index)
        }
        for group in candidates {
            var expected = 1
            var kept: [Int] = []
            for index in group {
                guard case .heading(let match) = tokens[index] else { continue }
                if match.ordinal == expected { kept.append(index); expected += 1 } else { tokens[index] = .text }
            }
            if kept.count < 2 { for index in kept { tokens[index] = .text } }
        }
    }

    /// Amending acts quote the words they insert: "for subsection (2) substitute—" / `"(2) A person …".`.
    /// The quoted sections and subsections are text of the amending provision, not provisions of this act.
    mutating func markQuotedAmendments() {
        var index = 0
        var kept = 0
        var first: Int?
        while index < lines.count {
            // Only lines opening with a quotation mark (", “, «) can start a block: test the first byte inline.
            let opening = lines[index].content < lines[index].end ? bytes[lines[index].content] : 0
            guard opening == 0x22 || opening == 0xE2 || opening == 0xC2, let end = quotedBlockEnd(startingAt: index) else {
                index += 1; continue
            }
            for k in index...end {
                if case .blank = tokens[k] { continue }
                tokens[k] = .text
                kept += 1
            }
            if first == nil { first = index }
            index = end + 1
        }
        if let first {
            warn(
                .quotedStructure, "kept \(kept) line(s) of quoted provisions (amending text) as text of the amending provision",
                line: first)
        }
    }

    /// The last line of a quoted block opening at `index`: the line starts with a quotation mark and a heading or
    /// number, follows a line ending in a dash or colon, and a later line ends with a closing quotation mark.
    private func quotedBlockEnd(startingAt index: Int) -> Int? {
        let line = lines[index]
        guard !line.isBlank else { return nil }
        let q = Bytes.quoteLength(bytes, line.content, line.end)
        guard q > 0, bytes[line.content] != 0x27, line.content + q < line.end else { return nil }
        let inner = TextLine(start: line.start, end: line.end, content: line.content + q)
        switch classifier.classify(inner) {
        case .heading, .numbered, .enumerators: break
        default: return nil
        }
        guard let previous = previousContentLine(before: index) else { return nil }
        let p = lines[previous]
        let last = bytes[p.end - 1]
        let endsWithDash =
            last == 0x3A || Bytes.dashLength(bytes, p.end - 1, p.end) > 0
            || (p.end - p.content >= 3 && Bytes.dashLength(bytes, p.end - 3, p.end) == 3)
        guard endsWithDash else { return nil }
        var k = index
        while k < lines.count, k - index < 400 {
            let l = lines[k]
            if !l.isBlank {
                var e = l.end
                while e > l.content, bytes[e - 1] == 0x2E || bytes[e - 1] == 0x3B || bytes[e - 1] == 0x2C { e -= 1 }
                if e > l.content + (k == index ? q : 0) {
                    let b = bytes[e - 1]
                    let closes =
                        b == 0x22
                        || (e - 3 >= l.content && bytes[e - 3] == 0xE2 && bytes[e - 2] == 0x80
                            && (bytes[e - 1] == 0x9D || bytes[e - 1] == 0x99))
                        || (e - 2 >= l.content && bytes[e - 2] == 0xC2 && bytes[e - 1] == 0xBB)
                    if closes { return k }
                }
                // A new heading of the amending act itself ends the search: the quote never closed.
                if k > index, case .heading = tokens[k] { return nil }
            }
            k += 1
        }
        return nil
    }

    private func isRunningText(_ index: Int) -> Bool {
        switch tokens[index] {
        case .text, .numbered, .enumerators: return true
        default: return false
        }
    }

    /// "IN WITNESS WHEREOF ... DONE at ...": the closing formula after the last article is not part of it.
    mutating func markClosingFormula() {
        let openers = vocabulary.closingFormulas
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard case .text = tokens[index], openers.contains(where: { Bytes.hasPrefix(bytes, line.content, line.end, $0) }) else {
                index += 1
                continue
            }
            let start = index
            while index < lines.count {
                if case .heading = tokens[index] { break }  // an annex, schedule or any new heading ends it
                if case .blank = tokens[index] {} else { tokens[index] = .noise }
                index += 1
            }
            warn(.closingFormula, "the closing formula (\(index - start) lines) belongs to no provision", line: start)
        }
    }

    /// Running headers that survived without page breaks (text copied from a PDF): short symbol-like lines
    /// ("A/AC.999/L.1", "V.26-01234") repeated three or more times are page furniture.
    mutating func markRepeatedSymbolLines() {
        var counts: [[UInt8]: Int] = [:]
        var keys: [Int: [UInt8]] = [:]
        for index in lines.indices {
            let line = lines[index]
            guard line.end - line.content <= 40, case .text = tokens[index] else { continue }
            // Most short lines are headings in mixed case: reject them before allocating a key.
            var hasLower = false
            for k in line.content..<line.end where Bytes.isLower(bytes[k]) { hasLower = true; break }
            if hasLower { continue }
            var key: [UInt8] = []
            var hasDigitOrSlash = false
            var symbolLike = true
            var punctuation = 0
            var digitGroups = 0
            for k in line.content..<line.end {
                let b = bytes[k]
                if Bytes.isDigit(b) { hasDigitOrSlash = true; if key.last != 0x23 { key.append(0x23); digitGroups += 1 }; continue }
                if b == 0x2F { hasDigitOrSlash = true }
                if b == 0x2F || b == 0x2E || b == 0x2D { punctuation += 1 }
                if Bytes.isLower(b) { symbolLike = false; break }
                key.append(b)
            }
            // A document symbol has a slash, period or hyphen, or several numbers ("A/AC.999/L.1",
            // "V.26-01234 3/9"); "FORM 1", "FORM 2" are headings of a schedule.
            guard symbolLike, hasDigitOrSlash, punctuation > 0 || digitGroups >= 2 else { continue }
            counts[key, default: 0] += 1
            keys[index] = key
        }
        // Running headers with words ("Device Crimes Act 2029 7", "The Device Act"): a capitalised line without
        // final punctuation, with a number or equal to the first line (the title), repeated three or more times
        // at least ten lines apart.
        var wordyLines: [[UInt8]: [Int]] = [:]
        let firstContent = lines.firstIndex { !$0.isBlank }
        for index in lines.indices {
            // Cheap byte tests before the token and the dictionary: this runs for every line.
            let line = lines[index]
            let length = line.end - line.content
            guard length >= 4, length <= 70, Bytes.isUpper(bytes[line.content]) else { continue }
            let last = bytes[line.end - 1]
            guard last != 0x2E, last != 0x2C, last != 0x3B, last != 0x3A else { continue }
            guard case .text = tokens[index], keys[index] == nil else { continue }
            // Cheap tests first: most such lines are headings without a number.
            var hasDigit = false
            for k in line.content..<line.end where Bytes.isDigit(bytes[k]) { hasDigit = true; break }
            var isTitle = false
            if !hasDigit, let title = firstContent, title != index, lines[title].end - lines[title].content == length {
                isTitle = bytes[lines[title].content..<lines[title].end].elementsEqual(bytes[line.content..<line.end])
            }
            guard hasDigit || isTitle else { continue }
            var key: [UInt8] = []
            for k in line.content..<line.end {
                let b = bytes[k]
                if Bytes.isDigit(b) { if key.last != 0x23 { key.append(0x23) }; continue }
                key.append(b)
            }
            // At least two words besides the number: "FORM 1", "FORM 2", … are schedule headings, not headers.
            let words = Bytes.string(bytes, line.content, line.end).split(separator: " ").filter { $0.contains { $0.isLetter } }
            guard words.count >= 2 else { continue }
            wordyLines[key, default: []].append(index)
        }
        for (key, occurrences) in wordyLines where occurrences.count >= 3 {
            let spread = zip(occurrences, occurrences.dropFirst()).allSatisfy { $1 - $0 >= 10 }
            guard spread else { continue }
            for index in occurrences { keys[index] = key }
            counts[key] = occurrences.count
        }
        var removed = 0
        var first: Int?
        for (index, key) in keys.sorted(by: { $0.key < $1.key }) where counts[key, default: 0] >= 3 {
            tokens[index] = .noise
            removed += 1
            if first == nil { first = index }
        }
        if let first {
            warn(.repeatedLinesRemoved, "removed \(removed) repeated running-header line(s)", line: first)
        }
    }

    /// Footnotes under a rule ("______" then "1 See ..."): noise until the next blank line or heading.
    mutating func markFootnotes() {
        var index = 0
        var skipped = 0
        var firstLine: Int?
        while index < lines.count {
            defer { index += 1 }
            guard case .noise = tokens[index], isRuleLine(index) else { continue }
            var k = index + 1
            guard k < lines.count, !lines[k].isBlank, startsWithFootnoteNumber(k) else { continue }
            while k < lines.count, !lines[k].isBlank {
                if case .heading = tokens[k] { break }
                tokens[k] = .noise
                skipped += 1
                if firstLine == nil { firstLine = k }
                k += 1
            }
            index = k - 1
        }
        if let firstLine {
            warn(.footnotesSkipped, "skipped \(skipped) footnote line(s) under a rule", line: firstLine)
        }
    }

    private func isRuleLine(_ index: Int) -> Bool {
        let line = lines[index]
        guard line.end - line.content >= 3 else { return false }
        for k in line.content..<line.end where bytes[k] != 0x5F && bytes[k] != 0x2D && bytes[k] != 0x20 { return false }
        return true
    }

    private func startsWithFootnoteNumber(_ index: Int) -> Bool {
        let line = lines[index]
        var i = line.content
        while i < line.end, Bytes.isDigit(bytes[i]), i - line.content < 3 { i += 1 }
        if i > line.content, i < line.end, bytes[i] == 0x20 { return true }
        // Superscript digits
        if bytes[line.content] == 0xC2 || bytes[line.content] == 0xE2 {
            if case .noise = tokens[index] { return true }
        }
        return false
    }

    mutating func decideMode() {
        var articles = 0
        var actSignals = 0
        var inAnnex = false
        var articlesInAnnexes = 0
        for token in tokens {
            switch token {
            case .heading(let match):
                if match.kind == .annex || match.kind == .schedule { inAnnex = true }
                if match.kind == .article, !match.endsWithPageNumber { if inAnnex { articlesInAnnexes += 1 } else { articles += 1 } }
                if match.kind == .section, match.isUSCode || !match.isSectionKeyword { actSignals += 1 }
                if match.kind == .part || match.kind == .schedule { actSignals += 1 }
            case .numbered(let numbered):
                if numbered.hasDash { actSignals += 2 }
                if numbered.restStart < bytes.count, bytes[numbered.restStart] == 0x28 { actSignals += 1 }
            default: break
            }
        }
        // An act's title names it: "Computer Misuse Act 2026".
        var seen = 0
        for index in lines.indices where seen < 12 {
            guard case .text = tokens[index] else { continue }
            seen += 1
            if containsWord(index, vocabulary.actTitleWords) { actSignals += 2 }
        }
        var sectionKeywordHeadings = 0
        for token in tokens { if case .heading(let m) = token, m.isSectionKeyword { sectionKeywordHeadings += 1 } }
        if articles > 0 {
            mode = .treaty
        } else if actSignals >= 2 || sectionKeywordHeadings > 0 {
            // An act that schedules a convention: its own sections decide, the scheduled articles stay articles.
            mode = .act
        } else if articlesInAnnexes > 0 {
            mode = .treaty
        } else {
            mode = .plain
        }
        // "Section 1 – ..." inside a treaty is a division of a chapter; in an act it is a section.
        if mode == .treaty {
            for index in tokens.indices {
                if case .heading(var match) = tokens[index], match.isSectionKeyword {
                    match.kind = .division
                    tokens[index] = .heading(match)
                }
            }
        }
    }

    private func containsWord(_ index: Int, _ words: Set<String>) -> Bool {
        let line = lines[index]
        var i = line.content
        while i < line.end {
            while i < line.end, !Bytes.isLetter(bytes[i]) { i += 1 }
            let start = i
            while i < line.end, Bytes.isLetter(bytes[i]) { i += 1 }
            if i > start {
                let word = Bytes.string(bytes, start, i)
                if words.contains(word) { return true }
            }
        }
        return false
    }

    /// Whether the line has a sentence verb ("shall", "means", ...) outside an idiom such as "by means of".
    /// Case-sensitive like ``containsWord(_:_:)``: a capitalised "Means" opening a heading is a noun.
    func containsSentenceVerb(_ index: Int) -> Bool {
        let line = lines[index]
        var i = line.content
        var previous: String?
        while i < line.end {
            while i < line.end, !Bytes.isLetter(bytes[i]) { i += 1 }
            let start = i
            while i < line.end, Bytes.isLetter(bytes[i]) { i += 1 }
            if i > start {
                let word = Bytes.string(bytes, start, i)
                if vocabulary.isSentenceVerb(word, after: previous) { return true }
                previous = word
            }
        }
        return false
    }

    /// A TOC entry: a heading line (article, chapter, ...) or, in acts, "12. Short title".
    private func isEntry(_ index: Int) -> Bool {
        switch tokens[index] {
        case .heading: return true
        case .numbered(let numbered):
            guard mode == .act else { return false }
            let line = lines[index]
            let rest = line.end - numbered.restStart
            guard rest > 0, rest <= 90 else { return false }
            let first = bytes[numbered.restStart]
            guard Bytes.isUpper(first) else { return false }
            let last = bytes[line.end - 1]
            // Section titles are noun phrases; "1. The Parties shall cooperate." is a provision.
            if containsSentenceVerb(index) { return false }
            return last != 0x2C && last != 0x3B && last != 0x3A && !(last == 0x2E && rest > 60)
        default: return false
        }
    }

    private func isUnitEntry(_ index: Int) -> Bool {
        switch tokens[index] {
        case .heading(let match): return match.kind.isUnit
        case .numbered: return true
        default: return false
        }
    }

    private func entryKey(_ index: Int) -> String? {
        switch tokens[index] {
        case .heading(let match): return "\(match.kind.rawValue):\(match.label?.lowercased() ?? "")"
        case .numbered(let numbered): return "section:\(numbered.label.lowercased())"
        default: return nil
        }
    }

    /// The line where an entry's text would start (after its heading lines), for the "has body" test.
    private func entryHasBody(_ index: Int, headingLines: [Int]) -> Bool {
        if case .heading(let match) = tokens[index] {
            if match.endsWithPageNumber { return false }
            // "Art. 12. – Whoever ...", "Section 16. Custody. – All data ...": the text is on the heading line itself.
            if match.restStart < lines[index].end { return true }
        }
        let after = headingLines.last ?? index
        guard let next = nextContentLine(after: after) else { return false }
        switch tokens[next] {
        case .heading, .tocMarker: return false
        case .numbered: return !isEntry(next)
        default: return true
        }
    }

    /// Finds tables of contents (after a "Contents" marker, or runs of three or more bodiless headings) and
    /// turns them into noise. A later heading with the same number and a body is the real one.
    mutating func markTablesOfContents() {
        var index = 0
        while index < lines.count {
            var runStart = index
            var hasMarker = false
            if case .tocMarker = tokens[index] {
                hasMarker = true
                runStart = index
                index += 1
            } else if !isEntry(index) {
                index += 1
                continue
            }
            // Collect the run of entries.
            var entries: [(line: Int, headings: [Int], hasBody: Bool)] = []
            var cursor = index
            while cursor < lines.count {
                switch tokens[cursor] {
                case .blank, .noise:
                    cursor += 1
                    continue
                default: break
                }
                // Column labels inside a table of contents ("Page", "Articles").
                if hasMarker, case .text = tokens[cursor], lines[cursor].end - lines[cursor].content <= 12, isHeadingLike(cursor),
                    !vocabulary.preambleMarkers.contains(lineText(cursor).lowercased())
                {
                    cursor += 1
                    continue
                }
                guard isEntry(cursor) else { break }
                var heads: [Int] = []
                if case .heading(let match) = tokens[cursor], match.heading == nil, match.restStart >= lines[cursor].end {
                    heads = headingLines(after: cursor)
                }
                if case .numbered(let numbered) = tokens[cursor], numbered.restStart >= lines[cursor].end {
                    heads = headingLines(after: cursor)
                }
                let body = entryHasBody(cursor, headingLines: heads)
                entries.append((cursor, heads, body))
                cursor = (heads.last ?? cursor) + 1
                if body { break }
            }
            let runEnd = cursor
            let units = entries.filter { isUnitEntry($0.line) }
            let bodiless = units.filter { !$0.hasBody }.count
            guard hasMarker || bodiless >= 3 else {
                index = max(runEnd, index + 1)
                continue
            }
            let realStart = firstRealLine(entries, runEnd: runEnd)
            if realStart > runStart {
                var skipped = 0
                for k in runStart..<realStart {
                    switch tokens[k] {
                    case .blank: break
                    default:
                        tokens[k] = .noise
                        skipped += 1
                    }
                }
                warn(.tableOfContents, "skipped a table of contents (\(skipped) lines)", line: runStart)
            }
            index = max(runEnd, index + 1)
        }
    }

    /// Where the real text starts after a run of table-of-contents entries: at the last entry when it has a body
    /// and its heading is not repeated later (a repeated key means it was a TOC line), together with the
    /// containers right before it that are not repeated later either; otherwise after the run.
    func firstRealLine(_ entries: [(line: Int, headings: [Int], hasBody: Bool)], runEnd: Int) -> Int {
        guard let lastEntry = entries.last, lastEntry.hasBody else { return runEnd }
        var laterKeys = Set<String>()
        var scan = lastEntry.line + 1
        while scan < lines.count {
            if let key = entryKey(scan) { laterKeys.insert(key) }
            scan += 1
        }
        guard !laterKeys.contains(entryKey(lastEntry.line) ?? "") else { return runEnd }
        var realStart = lastEntry.line
        var k = entries.count - 2
        while k >= 0, !isUnitEntry(entries[k].line), let key = entryKey(entries[k].line), !laterKeys.contains(key) {
            realStart = entries[k].line
            k -= 1
        }
        return realStart
    }
}
