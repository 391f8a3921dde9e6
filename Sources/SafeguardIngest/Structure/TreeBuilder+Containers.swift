import SafeguardModel
import Foundation

/// Building the tree, part 1: one line at a time, headings open containers and units, numbered lines open sections and paragraphs.
extension TreeBuilder {
    mutating func handle(line index: Int) {
        // The rest of a line whose start was a wrapped section title.
        if let partial = partialLine, partial.index == index {
            partialLine = nil
            continueWithRest(from: partial.start, line: index)
            return
        }
        switch tokens[index] {
        case .blank, .noise, .tocMarker:
            return
        case .preambleMarker:
            if !openBodyPreamble(line: index, marker: true) { handleText(index) }
        case .text:
            handleText(index)
        case .heading(let match):
            if match.kind.isUnit {
                openUnit(match, line: index)
            } else {
                openContainer(match, line: index)
            }
        case .numbered(let numbered):
            handleNumbered(numbered, line: index)
        case .enumerators(let chain, let textStart):
            handleEnumerators(chain, textStart: textStart, line: index)
        }
    }

    private func rank(_ kind: ProvisionKind) -> Int {
        switch kind {
        case .annex, .schedule: 0
        case .part: partRank
        case .title: titleRank
        case .chapter: 3
        case .subchapter: 4
        case .division: 5
        default: 9
        }
    }

    @discardableResult
    mutating func open(_ node: Node) -> Int {
        var node = node
        node.parent = stack.last
        nodes.append(node)
        let index = nodes.count - 1
        if let parent = node.parent { nodes[parent].children.append(index) }
        stack.append(index)
        return index
    }

    /// Extends the innermost open node with a line of its own text (or of its last child's).
    mutating func addContent(_ start: Int, _ end: Int) {
        guard end > start, let innermost = stack.last else { return }
        if nodes[innermost].children.isEmpty {
            if nodes[innermost].textStart == nil { nodes[innermost].textStart = start }
            nodes[innermost].textEnd = end
        }
        for index in stack where nodes[index].end < end { nodes[index].end = end }
    }

    mutating func extendOpen(to end: Int) {
        for index in stack where nodes[index].end < end { nodes[index].end = end }
    }

    private mutating func openContainer(_ match: HeadingMatch, line index: Int) {
        var kind = match.kind
        if kind == .section { kind = .division }
        if kind == .part, partRank == 1, stack.contains(where: { nodes[$0].kind == .chapter }),
            !nodes.contains(where: { $0.kind == .part })
        {
            partRank = 4  // the first part opens inside a chapter: parts divide chapters in this document
        }
        if kind == .title, titleRank == 2, stack.contains(where: { nodes[$0].kind == .chapter || nodes[$0].kind == .division }) {
            titleRank = 6  // Council-of-Europe: "Title 1" inside "Section 1" inside a chapter
        }
        let r = rank(kind)
        while let top = stack.last, !nodes[top].kind.isContainer || rank(nodes[top].kind) >= r { stack.removeLast() }
        if kind == .annex || kind == .schedule { stack.removeAll(); lastUnit = nil }
        let line = lines[index]
        var node = Node(
            kind: kind, num: match.written, label: match.label, ordinal: match.ordinal, start: line.content,
            end: line.end, headEnd: line.end, line: index)
        node.isRoman = match.isRoman
        node.isNumberWord = match.isNumberWord
        node.isBareRoman = match.isBareRoman
        node.heading = match.heading
        if match.heading != nil, let more = inlineHeadingContinuation(after: index) {
            node.heading! += " " + lineText(more)
            node.end = lines[more].end
            node.headEnd = node.end
            consumed.insert(more)
        }
        if match.heading == nil {
            var after = index
            // "SCHEDULE\n(section 24)\nFORM OF NOTICE": the bracketed reference stays text; the title follows it.
            if kind == .annex || kind == .schedule, let next = nextContentLine(after: index), case .text = tokens[next] {
                let line = lines[next]
                if bytes[line.content] == 0x28, bytes[line.end - 1] == 0x29, line.end - line.content <= 60 { after = next }
            }
            let heads = headingLines(after: after)
            if !heads.isEmpty {
                node.heading = heads.map { lineText($0) }.joined(separator: " ")
                node.end = lines[heads.last!].end
                node.headEnd = node.end
                consumed.formUnion(heads)
            }
        }
        open(node)
        extendOpen(to: node.end)
        pendingMarginalNote = nil
    }

    private mutating func openUnit(_ match: HeadingMatch, line index: Int) {
        while let top = stack.last, !nodes[top].kind.isContainer { stack.removeLast() }
        let line = lines[index]
        var node = Node(
            kind: match.kind, num: match.written, label: match.label, ordinal: match.ordinal,
            start: line.content, end: line.end, headEnd: line.end, line: index)
        node.isRoman = match.isRoman
        node.isNumberWord = match.isNumberWord
        node.isUSCode = match.isUSCode
        node.heading = match.heading
        if match.heading != nil, match.restStart >= line.end, let more = inlineHeadingContinuation(after: index) {
            node.heading! += " " + lineText(more)
            node.end = lines[more].end
            node.headEnd = node.end
            consumed.insert(more)
        }
        if match.heading == nil {
            if let note = pendingMarginalNote {
                node.heading = note.text
                node.start = note.start
            } else if match.kind == .article || match.isSectionKeyword || match.isUSCode {
                let heads = headingLines(after: index)
                if !heads.isEmpty {
                    node.heading = heads.map { lineText($0) }.joined(separator: " ")
                    node.end = lines[heads.last!].end
                    node.headEnd = node.end
                    consumed.formUnion(heads)
                }
            }
        }
        pendingMarginalNote = nil
        checkUnitNumber(label: match.label ?? "", ordinal: match.ordinal, line: index)
        if match.restStart < line.end { node.headEnd = match.restStart }
        open(node)
        extendOpen(to: node.end)
        if match.restStart < line.end { addContent(match.restStart, line.end) }
    }

    private mutating func checkUnitNumber(label: String, ordinal: Int?, line index: Int) {
        guard let ordinal else { return }
        if let last = lastUnit {
            if ordinal < last.ordinal {
                warn(.numberingBackwards, "number \(label) comes after \(last.label)", line: index)
            } else if ordinal == last.ordinal, label.lowercased() == last.label.lowercased() {
                warn(.duplicateNumber, "number \(label) appears twice", line: index)
            } else if ordinal > last.ordinal + 1, !label.contains(".") {
                warn(.numberingGap, "number \(label) follows \(last.label)", line: index)
            }
        }
        lastUnit = (ordinal, label)
    }

    var insideAnnexWithoutUnit: Bool {
        guard let container = stack.last(where: { nodes[$0].kind == .annex || nodes[$0].kind == .schedule }) else { return false }
        return !stack.contains(where: { $0 > container && nodes[$0].kind.isUnit })
    }

    var hasOpenUnit: Bool { stack.contains { nodes[$0].kind.isUnit } }

    /// Numbered paragraphs end a preamble inside an annex (the operative part of a resolution follows).
    private mutating func closeBodyPreamble() {
        while let top = stack.last, nodes[top].kind == .recital || nodes[top].kind == .preamble { stack.removeLast() }
    }

    private mutating func handleNumbered(_ numbered: NumberedLine, line index: Int) {
        closeBodyPreamble()
        let line = lines[index]
        let innermostUnitIsArticle = stack.last(where: { nodes[$0].kind.isUnit }).map { nodes[$0].kind == .article } ?? false
        if mode == .act, !insideAnnexWithoutUnit, !innermostUnitIsArticle {
            if acceptsSection(numbered) {
                openSection(numbered, line: index)
                return
            }
        }
        if numbered.isDecimal, mode == .treaty, placeDecimalParagraph(numbered, line: index) { return }
        // Numbered paragraphs before any heading (a report or resolution introducing an annexed convention).
        // Also inside a report's Roman-numbered headings ("II. Recommendations"), whose paragraphs run on.
        let topLevelBeforeUnits =
            mode == .treaty && stack.allSatisfy { nodes[$0].listType != nil || nodes[$0].isBareRoman }
            && !nodes.contains { $0.kind.isUnit || ($0.kind.isContainer && !$0.isBareRoman) }
        let canList = hasOpenUnit || insideAnnexWithoutUnit || mode == .plain || topLevelBeforeUnits
        if canList, !numbered.isDecimal {
            let enumerator = Enumerator(
                written: numbered.written, label: numbered.label,
                candidates: [EnumeratorCandidate(type: .arabicDot, ordinal: numbered.ordinal)],
                start: line.content, end: line.content + numbered.written.utf8.count
            )
            if placeEnumerator(enumerator, forceChild: false, line: index) {
                if let item = stack.last, isParagraphHeading(from: numbered.restStart, line: index) {
                    // "1. Attacks on computer systems" / blank / "State Parties shall ...": a numbered sub-heading.
                    nodes[item].heading = Bytes.string(bytes, numbered.restStart, line.end)
                    nodes[item].headEnd = line.end
                    extendOpen(to: line.end)
                    return
                }
                continueWithRest(from: numbered.restStart, line: index)
                return
            }
        }
        handleText(index)
    }

    /// "2.1 The Parties ..." inside an article: a paragraph of the article, or a subparagraph of the open
    /// paragraph "2." when its major number is that paragraph's. eId keys keep both numbers: `para_2-1`.
    private mutating func placeDecimalParagraph(_ numbered: NumberedLine, line index: Int) -> Bool {
        guard let unitFrame = stack.lastIndex(where: { nodes[$0].kind == .article }) else { return false }
        let major = numbered.ordinal / 1000
        let minor = numbered.ordinal % 1000
        var parentFrame = unitFrame
        if let frame = stack.indices.last(where: {
            $0 > unitFrame && nodes[stack[$0]].listType == .arabicDot && nodes[stack[$0]].ordinal == major
        }) {
            parentFrame = frame
        }
        // Continue the decimal list under that parent, or start it at minor 1 (or 0: "2.0").
        let lastDecimal = nodes[stack[parentFrame]].children.last.flatMap { nodes[$0].listType == .decimal ? nodes[$0] : nil }
        if let lastDecimal, let previous = lastDecimal.ordinal {
            if numbered.ordinal != previous + 1 {
                warn(
                    numbered.ordinal > previous ? .numberingGap : .numberingBackwards,
                    "\(numbered.label) follows \(lastDecimal.num ?? "?")", line: index)
            }
        } else if minor > 1 {
            warn(.numberingStart, "list starts at \(numbered.label)", line: index)
        }
        stack.removeSubrange((parentFrame + 1)...)
        let line = lines[index]
        var node = Node(
            kind: parentFrame == unitFrame ? .paragraph : .subparagraph, num: numbered.label,
            label: numbered.label.replacingOccurrences(of: ".", with: "-"), ordinal: numbered.ordinal,
            start: line.content, end: line.content + numbered.written.utf8.count,
            headEnd: line.content + numbered.written.utf8.count, line: index)
        node.listType = .decimal
        open(node)
        extendOpen(to: node.end)
        continueWithRest(from: numbered.restStart, line: index)
        return true
    }

    func acceptsSection(_ numbered: NumberedLine) -> Bool {
        guard let last = lastUnit else { return true }
        if numbered.isDecimal { return numbered.ordinal > last.ordinal && numbered.ordinal <= last.ordinal + 25_000 }
        if numbered.ordinal > last.ordinal && numbered.ordinal <= last.ordinal + 25 { return true }
        if numbered.ordinal == last.ordinal, numbered.label != last.label { return true }  // "12A." after "12."
        // Inside a section, "1." lines are a numbered list unless they carry the act's dash form.
        return numbered.hasDash && numbered.ordinal > last.ordinal
    }

    mutating func openSection(_ numbered: NumberedLine, line index: Int) {
        while let top = stack.last, !nodes[top].kind.isContainer { stack.removeLast() }
        let line = lines[index]
        var node = Node(
            kind: .section, num: numbered.written, label: numbered.label, ordinal: numbered.ordinal,
            start: line.content, end: line.end, headEnd: numbered.restStart, line: index)
        var pendingHeadingWasMarginal = false
        if let note = pendingMarginalNote {
            node.heading = note.text
            node.start = note.start
            pendingHeadingWasMarginal = true
        }
        pendingMarginalNote = nil
        // "3. Unauthorised access\n(1) A person ..." — a heading on the section line.
        var restStart = numbered.restStart
        // "43. Penalty for damage to computer, etc.—If any person ...": heading, then the text.
        if restStart < line.end, bytes[restStart] != 0x28, Bytes.isUpper(bytes[restStart]) {
            if let (period, dash) = headingThenDash(from: restStart, lineEnd: line.end) {
                node.heading = Bytes.string(bytes, restStart, period)
                node.headEnd = period + 1 + dash
                restStart = Bytes.skipSpaces(bytes, period + 1 + dash, line.end)
            }
            // The same title wrapped onto the next line (PDF text): "69. Power to issue directions … of any" /
            // "information through any computer resource.—(1) Where …".
            if node.heading == nil, !pendingHeadingWasMarginal, let next = nextContentLine(after: index), next == index + 1,
                case .text = tokens[next], startsLowercase(next), !containsSentenceVerb(index)
            {
                let nextLine = lines[next]
                var j = nextLine.content
                while j + 1 < nextLine.end, j - nextLine.content < 120 {
                    if bytes[j] == 0x2E, Bytes.dashLength(bytes, j + 1, nextLine.end) > 0 {
                        let tail = Bytes.string(bytes, nextLine.content, j)
                        let words = tail.split(separator: " ")
                        guard !vocabulary.hasSentenceVerb(words) else { break }
                        node.heading = Bytes.string(bytes, restStart, line.end) + " " + tail
                        node.headEnd = line.end
                        restStart = line.end
                        let dash = Bytes.dashLength(bytes, j + 1, nextLine.end)
                        partialLine = (next, Bytes.skipSpaces(bytes, j + 1 + dash, nextLine.end))
                        break
                    }
                    j += 1
                }
            }
        }
        if node.heading == nil || pendingHeadingWasMarginal, restStart < line.end, bytes[restStart] != 0x28 {
            var isHeading = false
            if let next = nextContentLine(after: index), case .enumerators = tokens[next] {
                isHeading = restIsHeading(from: restStart, line: index, strict: false)
            } else if numbered.written.last != "." {
                isHeading = restIsHeading(from: restStart, line: index, strict: false)  // "1 Short title" (UK style)
            } else {
                isHeading = restIsHeading(from: restStart, line: index, strict: true) && wordCount(restStart, line.end) <= 10
            }
            if isHeading {
                var headingEnd = line.end
                if bytes[headingEnd - 1] == 0x2E { headingEnd -= 1 }
                // A marginal note and an inline heading: the inline one is the section's own.
                node.heading = Bytes.string(bytes, restStart, headingEnd)
                node.headEnd = line.end
                restStart = line.end
            }
        }
        var textEnd = line.end
        if node.heading == nil, restStart < line.end, let (note, end) = gluedMarginalNote(from: restStart, line: index) {
            node.heading = note
            textEnd = end
        }
        checkUnitNumber(label: numbered.label, ordinal: numbered.ordinal, line: index)
        open(node)
        extendOpen(to: line.end)
        continueWithRest(from: restStart, line: index, end: textEnd)
    }

    /// "43. Penalty for damage to computer, etc.—If any person ...": the period that ends the heading and the
    /// length of the dash after it, unless the words before it read as a rule ("shall", "may").
    func headingThenDash(from start: Int, lineEnd: Int) -> (period: Int, dash: Int)? {
        var k = start
        while k + 1 < lineEnd, k - start < 160 {
            if bytes[k] == 0x2E {
                let dash = Bytes.dashLength(bytes, k + 1, lineEnd)
                let candidate = Bytes.string(bytes, start, k)
                if dash > 0, !candidate.contains(" shall "), !candidate.contains(" may ") { return (k, dash) }
            }
            k += 1
        }
        return nil
    }

    func wordCount(_ start: Int, _ end: Int) -> Int {
        var count = 0
        var inWord = false
        for k in start..<end {
            let isSpace = bytes[k] == 0x20
            if !isSpace, !inWord { count += 1 }
            inWord = !isSpace
        }
        return count
    }

    /// Handles what follows a marker on the same line: more markers ("3.—(1)(a)") and then text.
    private mutating func continueWithRest(from restStart: Int, line index: Int, end: Int? = nil) {
        let line = lines[index]
        let end = end ?? line.end
        guard restStart < end else { return }
        if bytes[restStart] == 0x28, let (chain, textStart) = classifier.enumeratorChain(restStart, end) {
            for enumerator in chain { _ = placeEnumerator(enumerator, forceChild: true, line: index) }
            addContent(textStart, end)
        } else {
            addContent(restStart, end)
        }
    }

    /// "13. (1) A person … commits an offence.    Illegal interception": a right-hand marginal note that PDF
    /// text glued to the end of the section's line after a column gap. Returns the note and where the text ends.
    private func gluedMarginalNote(from start: Int, line index: Int) -> (String, Int)? {
        let line = lines[index]
        var k = line.end - 1
        var gapEnd = -1
        while k > start {
            if bytes[k] == 0x20, bytes[k - 1] == 0x20, k - 2 > start, bytes[k - 2] == 0x20 {
                gapEnd = k + 1
                break
            }
            k -= 1
        }
        guard gapEnd > start, gapEnd < line.end, line.end - gapEnd <= 60, Bytes.isUpper(bytes[gapEnd]),
            Bytes.isLetter(bytes[line.end - 1])
        else { return nil }
        let note = Bytes.string(bytes, gapEnd, line.end)
        let words = note.split(separator: " ")
        guard words.count <= 8, !vocabulary.hasSentenceVerb(words) else { return nil }
        var textEnd = gapEnd
        while textEnd > start, bytes[textEnd - 1] == 0x20 { textEnd -= 1 }
        return (note, textEnd)
    }
}
