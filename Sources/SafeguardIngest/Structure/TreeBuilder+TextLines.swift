import SafeguardModel

/// Building the tree, part 3: lines of running text, dash items, the body preamble, recitals and marginal notes.
extension TreeBuilder {
    mutating func handleText(_ index: Int) {
        let line = lines[index]
        if mode == .act, isMarginalNote(index) {
            var text = lineText(index)
            if text.hasSuffix(".") { text.removeLast() }
            pendingMarginalNote = (text, line.content)
            return
        }
        if stack.isEmpty {
            warn(.unattachedText, "text outside any provision: \(String(lineText(index).prefix(60)))", line: index)
            return
        }
        if mode == .act, isTrailingMarginalNote(index), let section = stack.last(where: { nodes[$0].kind == .section }) {
            // A right-hand marginal note that PDF text puts after the section's first line.
            var text = lineText(index)
            if text.hasSuffix(".") { text.removeLast() }
            nodes[section].heading = text
            return
        }
        if let top = stack.last, nodes[top].kind == .preamble || nodes[top].kind == .recital {
            addRecitalLine(index)
            return
        }
        if startsWithPreambleOpener(index), openBodyPreamble(line: index, marker: false) { return }
        if openDashItem(index) { return }
        if openLetteredReportHeading(index) { return }
        if isWrapUp(index), let top = stack.last, nodes[top].listType != nil {
            // Closing words after the last point ("..., with intent that ...") belong to the point's parent:
            // the point ends here; the parent's span covers the words.
            stack.removeLast()
        }
        addContent(line.content, line.end)
    }

    /// "A. Opening of the session" inside a report's Roman-numbered chapter: a subchapter (`chp_1__subchp_A`),
    /// when its letter is the next one in that chapter (A first).
    private mutating func openLetteredReportHeading(_ index: Int) -> Bool {
        guard let chapterFrame = stack.lastIndex(where: { nodes[$0].isBareRoman && nodes[$0].kind == .chapter }),
            !stack.contains(where: { nodes[$0].kind.isUnit })
        else { return false }
        let line = lines[index]
        let s = line.content
        guard s + 3 < line.end, Bytes.isUpper(bytes[s]), bytes[s + 1] == 0x2E, bytes[s + 2] == 0x20,
            Bytes.isUpper(bytes[Bytes.skipSpaces(bytes, s + 2, line.end)]), isHeadingLike(index),
            line.end - s <= 90, !containsSentenceVerb(index)
        else { return false }
        let chapter = stack[chapterFrame]
        let previous = nodes[chapter].children.last { nodes[$0].kind == .subchapter }.flatMap { nodes[$0].ordinal } ?? 0
        let ordinal = Int(bytes[s] - 0x40)
        guard ordinal == previous + 1 else { return false }
        stack.removeSubrange((chapterFrame + 1)...)
        var node = Node(
            kind: .subchapter, num: Bytes.string(bytes, s, s + 2), label: Bytes.string(bytes, s, s + 1), ordinal: ordinal,
            start: s, end: line.end, headEnd: line.end, line: index)
        node.heading = Bytes.string(bytes, Bytes.skipSpaces(bytes, s + 2, line.end), line.end)
        node.isBareRoman = true  // a report heading: its paragraphs are numbered through, like the chapter's
        open(node)
        extendOpen(to: line.end)
        return true
    }

    /// "— entering the whole device,": an indent (EU style) after a colon or after another indent. Indents are
    /// points numbered by position with the Akoma Ntoso `indent` prefix: `art_3__para_2__indent_1`.
    private mutating func openDashItem(_ index: Int) -> Bool {
        let line = lines[index]
        let dash = Bytes.dashLength(bytes, line.content, line.end)
        guard dash > 0, line.content + dash < line.end, bytes[line.content + dash] == 0x20, hasOpenUnit || insideAnnexWithoutUnit,
            let top = stack.last
        else { return false }
        let textStart = Bytes.skipSpaces(bytes, line.content + dash, line.end)
        guard textStart < line.end, Bytes.isLetter(bytes[textStart]) || Bytes.quoteLength(bytes, textStart, line.end) > 0 else {
            return false
        }
        var ordinal = 1
        if ownTextEndsWithColon(top), nodes[top].listType != .dash {
            ordinal = 1
        } else if let frame = stack.lastIndex(where: { nodes[$0].listType == .dash }),
            stack[frame...].allSatisfy({ nodes[$0].listType != nil })
        {
            // The next indent of the open list (after any points nested in the previous indent).
            ordinal = (nodes[stack[frame]].ordinal ?? 0) + 1
            stack.removeSubrange(frame...)
        } else {
            return false
        }
        let marker = Enumerator(
            written: Bytes.string(bytes, line.content, line.content + dash), label: "\(ordinal)",
            candidates: [EnumeratorCandidate(type: .dash, ordinal: ordinal)],
            start: line.content, end: line.content + dash)
        openListItem(marker, marker.candidates[0], line: index)
        addContent(textStart, line.end)
        return true
    }

    /// A new paragraph in lower case right after a list item that ended with , ; or "or"/"and": the wrap-up
    /// of the enclosing list, not more words of the item. A blank line (or one paragraph per line) is required,
    /// since a hard-wrapped item also continues in lower case.
    private func isWrapUp(_ index: Int) -> Bool {
        // Cheap tests first: most lower-case lines continue a sentence outside any list item.
        guard startsLowercase(index), let top = stack.last, nodes[top].listType != nil, nodes[top].children.isEmpty,
            let previous = previousContentLine(before: index)
        else { return false }
        let last = lastByte(previous) ?? 0
        let line = lines[previous]
        let endsItem =
            last == 0x2C || last == 0x3B
            || (line.end - line.content >= 3
                && (Bytes.hasPrefixCI(bytes, line.end - 3, line.end, " or") || Bytes.hasPrefixCI(bytes, line.end - 4, line.end, " and")))
        guard endsItem else { return false }
        // Without a blank line, a short previous line is the end of its paragraph (PDF text loses blank lines).
        let previousLength = line.end - line.content
        let endsShort = typicalLineLength > 0 && previousLength * 4 < typicalLineLength * 3
        // Lines far longer than any printed width: the text is not hard-wrapped, each line is a paragraph.
        let unwrapped = typicalLineLength > 160 || previousLength > 160
        if paragraphPerLine || unwrapped || previous < index - 1 || endsShort { return true }
        // A full-width line and closing words ("shall be punishable …"): only for a list that its parent introduces
        // ("… who, without right,", "… as follows:", "Whoever—", or a bare "(5)"); a subsection ending "… commits an
        // offence and" / "is liable …" is one hard-wrapped sentence.
        guard let parent = nodes[top].parent, introducesList(parent) else { return false }
        return opensClosingWords(index)
    }

    /// Whether a node's own words lead into its list: they end with a colon, a dash or a comma.
    private func introducesList(_ index: Int) -> Bool {
        guard let start = nodes[index].textStart, let end = nodes[index].textEnd, end > start else {
            return nodes[index].listType != nil  // "(5)" / "(A) …": a bare marker leads straight into its list
        }
        let last = bytes[end - 1]
        if last == 0x3A || last == 0x2C { return true }
        return Bytes.dashLength(bytes, end - 1, end) == 1 || (end - 3 >= start && Bytes.dashLength(bytes, end - 3, end) == 3)
    }

    /// "shall be punishable …", "with intent …" at the line start, and no further point follows: the closing
    /// words of the list even without a paragraph break.
    private func opensClosingWords(_ index: Int) -> Bool {
        let line = lines[index]
        guard
            vocabulary.closingWordOpeners.contains(where: { words in
                Bytes.hasPrefix(bytes, line.content, line.end, words)
                    && (line.content + words.count == line.end || !Bytes.isLetter(bytes[line.content + words.count]))
            })
        else { return false }
        var k = index + 1
        while k < lines.count, k - index < 6 {
            switch tokens[k] {
            case .enumerators: return false
            case .text where startsLowercase(k): k += 1
            case .blank, .noise: k += 1
            default: return true
            }
        }
        return true
    }

    func startsWithPreambleOpener(_ index: Int) -> Bool {
        let line = lines[index]
        return vocabulary.preambleOpeners.contains { Bytes.hasPrefix(bytes, line.content, line.end, $0) }
    }

    /// A preamble inside an annex (a resolution whose annex is the convention): "Preamble" or "The States
    /// Parties to this Convention," after an annex heading and before its first article.
    mutating func openBodyPreamble(line index: Int, marker: Bool) -> Bool {
        guard let top = stack.last, nodes[top].kind.isContainer, nodes[top].children.isEmpty,
            stack.contains(where: { nodes[$0].kind == .annex || nodes[$0].kind == .schedule })
        else { return false }
        let line = lines[index]
        var node = Node(kind: .preamble, start: line.content, end: line.end, headEnd: marker ? line.end : line.content, line: index)
        if marker { node.heading = lineText(index) }
        open(node)
        extendOpen(to: line.end)
        if !marker { addRecitalLine(index) }
        return true
    }

    mutating func addRecitalLine(_ index: Int) {
        let line = lines[index]
        var startsNew = true
        if let top = stack.last, nodes[top].kind == .recital {
            let previous = nodes[top].line
            var lastLine = previous
            while lastLine + 1 < index, lines[lastLine + 1].end <= nodes[top].end { lastLine += 1 }
            let blankBetween = index > lastLine + 1
            let last = nodes[top].end > 0 ? bytes[nodes[top].end - 1] : 0
            let clauseEnd = last == 0x2C || last == 0x3B || last == 0x3A || last == 0x2E
            startsNew = blankBetween ? !startsLowercase(index) : (clauseEnd && opensRecital(index))
            if !startsNew {
                addContent(line.content, line.end)
                return
            }
            stack.removeLast()
        }
        var recital = Node(kind: .recital, start: line.content, end: line.end, headEnd: line.content, line: index)
        recital.textStart = line.content
        recital.textEnd = line.end
        open(recital)
        extendOpen(to: line.end)
    }

    /// "12. (1) A person … commits an offence." / "Illegal access" / "(2) …": a short heading-like line right after
    /// the first line of a section without a heading, after a finished sentence and before a list marker.
    private func isTrailingMarginalNote(_ index: Int) -> Bool {
        guard let section = stack.last(where: { nodes[$0].kind == .section }), nodes[section].heading == nil,
            !nodes[section].isUSCode, index - nodes[section].line <= 2,
            isHeadingLike(index, allowPeriod: true), lines[index].end - lines[index].content <= 60,
            !containsSentenceVerb(index),
            let previous = previousContentLine(before: index), let last = lastByte(previous),
            last == 0x2E || last == 0x3B || last == 0x3A,
            let next = nextContentLine(after: index)
        else { return false }
        if case .enumerators = tokens[next] { return true }
        return false
    }

    /// A short line before a section line, set apart from the previous text: a marginal note (the section's heading).
    func isMarginalNote(_ index: Int) -> Bool {
        guard let next = nextContentLine(after: index), case .numbered(let numbered) = tokens[next],
            acceptsSection(numbered), isHeadingLike(index, allowPeriod: true),
            !containsSentenceVerb(index)
        else { return false }
        guard let previous = previousContentLine(before: index) else { return true }
        if previous < index - 1 { return true }  // a blank line before
        guard let last = lastByte(previous) else { return true }
        return last == 0x2E || last == 0x3B || last == 0x3A
            || {
                if case .heading = tokens[previous] { return true }
                return consumed.contains(previous)
            }()
    }
}
