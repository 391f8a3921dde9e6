import SafeguardModel

/// Building the tree, part 2: enumerator chains ("(a)", "(i)", "1.") become paragraphs, points and list items.
extension TreeBuilder {
    mutating func handleEnumerators(_ chain: [Enumerator], textStart: Int, line index: Int) {
        if let top = stack.last, nodes[top].kind == .recital || nodes[top].kind == .preamble {
            addRecitalLine(index)
            return
        }
        let bareTypes: [EnumeratorType] = [.arabicBare, .lowerBare, .lowerRomanBare]
        let isBare = bareTypes.contains(chain[0].candidates[0].type)
        // UK style: "1 Unauthorised access to computer material." — a section number without a period.
        if isBare, chain.count == 1, mode == .act, !insideAnnexWithoutUnit, chain[0].candidates[0].type == .arabicBare {
            let numbered = NumberedLine(
                written: chain[0].written, label: chain[0].label, ordinal: chain[0].candidates[0].ordinal,
                restStart: textStart, hasDash: false)
            if acceptsSection(numbered),
                restIsHeading(from: textStart, line: index, strict: false) || restIsRepealedMarker(from: textStart, line: index)
            {
                openSection(numbered, line: index)
                return
            }
        }
        let anchored = hasOpenUnit || insideAnnexWithoutUnit || mode == .plain || (mode == .act && !stack.isEmpty)
        guard anchored else {
            handleText(index)
            return
        }
        if isBare {
            guard acceptsBare(chain[0]) else {
                handleText(index)
                return
            }
        }
        guard placeEnumerator(chain[0], forceChild: false, line: index) else {
            handleText(index)
            return
        }
        for enumerator in chain.dropFirst() { _ = placeEnumerator(enumerator, forceChild: true, line: index) }
        var start = textStart
        // US Code "(a) In general.—A provider shall ...": a heading, then the item's text.
        if mode == .act || stack.contains(where: { nodes[$0].isUSCode }), let item = stack.last,
            let (heading, rest) = itemHeading(from: textStart, line: index)
        {
            nodes[item].heading = heading
            nodes[item].headEnd = rest
            start = rest
        }
        addContent(start, lines[index].end)
    }

    /// "In general.—", "Exceptions.–": a short capitalised phrase closed by a period and a dash at the start of
    /// a list item's words. Returns the heading and where the text starts.
    private func itemHeading(from start: Int, line index: Int) -> (String, Int)? {
        let line = lines[index]
        guard start < line.end, Bytes.isUpper(bytes[start]) else { return nil }
        var k = start
        while k + 1 < line.end, k - start < 80 {
            if bytes[k] == 0x2E {
                // ".—" or ". –" (Philippine style); the first period must close the heading.
                let dashAt = Bytes.skipSpaces(bytes, k + 1, line.end)
                let dash = Bytes.dashLength(bytes, dashAt, line.end)
                guard dash > 0, dashAt + dash < line.end, bytes[dashAt + dash] == 0x20 || dashAt == k + 1 else { return nil }
                let words = Bytes.string(bytes, start, k).split(separator: " ")
                guard words.count <= 8, !vocabulary.hasSentenceVerb(words) else { return nil }
                return (Bytes.string(bytes, start, k), Bytes.skipSpaces(bytes, dashAt + dash, line.end))
            }
            k += 1
        }
        return nil
    }

    /// Council-of-Europe "1 Each Party" / "a the" markers count only where the number is expected.
    private func acceptsBare(_ enumerator: Enumerator) -> Bool {
        for candidate in enumerator.candidates {
            if let frame = stack.last(where: { nodes[$0].listType == candidate.type }),
                candidate.ordinal == (nodes[frame].ordinal ?? 0) + 1
            {
                return true
            }
        }
        guard let candidate = enumerator.candidates.first(where: { $0.ordinal == 1 }), let innermost = stack.last else { return false }
        if stack.contains(where: { nodes[$0].listType == candidate.type }), !ownTextEndsWithColon(innermost) { return false }
        if candidate.type == .arabicBare {
            return nodes[innermost].kind.isUnit && nodes[innermost].children.isEmpty && nodes[innermost].textStart == nil
        }
        return ownTextEndsWithColon(innermost)
    }

    /// Whether the words after a section number are its heading: short, capitalised, not a sentence.
    func restIsHeading(from start: Int, line index: Int, strict: Bool) -> Bool {
        let line = lines[index]
        guard start < line.end, Bytes.isUpper(bytes[start]) else { return false }
        let length = line.end - start
        guard length <= (strict ? 80 : 120) else { return false }
        let last = bytes[line.end - 1]
        if last == 0x2C || last == 0x3B || last == 0x3A { return false }
        if Bytes.dashLength(bytes, line.end - 1, line.end) > 0
            || (line.end - start >= 3 && Bytes.dashLength(bytes, line.end - 3, line.end) == 3)
        {
            return false
        }
        // "1. Objectives." is a title; "1. This Act applies." is a sentence.
        if strict, last == 0x2E, length > 40 || wordCount(start, line.end) > 5 || containsSentenceVerb(index) {
            return false
        }
        guard let next = nextContentLine(after: index) else { return !strict }
        // "71. Penalty for a person who enters a system without" / "authority …": a wrapped sentence.
        if next == index + 1, case .text = tokens[next], startsLowercase(next) { return false }
        switch tokens[next] {
        case .enumerators, .text: return true
        default: return !strict
        }
    }

    /// A numbered paragraph whose words are a heading (African Union style): a short capitalised phrase with no
    /// sentence verb and no punctuation at its end, set apart from a capitalised sentence that follows.
    func isParagraphHeading(from start: Int, line index: Int) -> Bool {
        let line = lines[index]
        guard mode == .treaty, start < line.end, Bytes.isUpper(bytes[start]), line.end - start <= 80 else { return false }
        guard Bytes.isLetter(bytes[line.end - 1]) || bytes[line.end - 1] == 0x29 else { return false }
        guard wordCount(start, line.end) <= 8, !containsSentenceVerb(index) else { return false }
        // Set apart by a blank line, or (PDF text, no blank lines) a line well short of the usual full line.
        let length = line.end - line.content
        let short = typicalLineLength > 0 && length * 2 < typicalLineLength
        guard let next = nextContentLine(after: index), paragraphPerLine || next > index + 1 || short else { return false }
        switch tokens[next] {
        case .text: return Bytes.isUpper(bytes[lines[next].content])
        case .enumerators(let chain, _): return !chain.isEmpty && !chain[0].candidates[0].type.isNumeric
        default: return false
        }
    }

    func ownTextEndsWithColon(_ index: Int) -> Bool {
        guard let end = nodes[index].textEnd, nodes[index].children.isEmpty, end > 0 else { return false }
        let last = bytes[end - 1]
        if last == 0x3A { return true }
        return end >= 3 && Bytes.dashLength(bytes, end - 3, end) == 3 || Bytes.dashLength(bytes, end - 1, end) == 1
    }

    /// Places a list marker in the tree: sibling of the open list it continues, or a new nested list.
    mutating func placeEnumerator(_ enumerator: Enumerator, forceChild: Bool, line index: Int) -> Bool {
        let candidates = enumerator.candidates
        let listFrames = stack.indices.filter { nodes[stack[$0]].listType != nil }
        func openTypes() -> [EnumeratorType] { listFrames.compactMap { nodes[stack[$0]].listType } }

        if !forceChild {
            // A node whose text announces a list ("... as follows:") takes a new nested list first.
            if let innermost = stack.last, ownTextEndsWithColon(innermost),
                let first = candidates.first(where: { $0.ordinal == 1 && !openTypes().contains($0.type) })
            {
                openListItem(enumerator, first, line: index)
                return true
            }
            // The expected next sibling, innermost list first.
            for frame in listFrames.reversed() {
                let node = nodes[stack[frame]]
                if let c = candidates.first(where: { $0.type == node.listType && $0.ordinal == (node.ordinal ?? 0) + 1 }) {
                    stack.removeSubrange(frame...)
                    openListItem(enumerator, c, line: index)
                    return true
                }
            }
            // The first item of a new nested list.
            if let first = candidates.first(where: { $0.ordinal == 1 && !openTypes().contains($0.type) }) {
                openListItem(enumerator, first, line: index)
                return true
            }
            // A gap in the numbering: continue the list, with a warning.
            for frame in listFrames.reversed() {
                let node = nodes[stack[frame]]
                if let c = candidates.first(where: {
                    $0.type == node.listType && $0.ordinal > (node.ordinal ?? 0) && $0.ordinal <= (node.ordinal ?? 0) + 3
                }) {
                    warn(.numberingGap, "\(enumerator.written) follows \(node.num ?? "?")", line: index)
                    stack.removeSubrange(frame...)
                    openListItem(enumerator, c, line: index)
                    return true
                }
            }
            // Backwards or repeated: keep going as a sibling, with a warning.
            for frame in listFrames.reversed() {
                let node = nodes[stack[frame]]
                if let c = candidates.first(where: { $0.type == node.listType && $0.ordinal <= (node.ordinal ?? 0) }) {
                    if enumerator.candidates[0].type == .arabicDot, c.ordinal > 1 {
                        return false  // a stray "2." at a line start is more likely wrapped text
                    }
                    warn(.numberingBackwards, "\(enumerator.written) after \(node.num ?? "?")", line: index)
                    stack.removeSubrange(frame...)
                    openListItem(enumerator, c, line: index)
                    return true
                }
            }
            // A report's paragraphs are numbered through its Roman-numbered headings: "3." opens "II.".
            if let top = stack.last, nodes[top].isBareRoman, nodes[top].children.isEmpty,
                let c = candidates.first(where: { $0.type == .arabicDot })
            {
                openListItem(enumerator, c, line: index)
                return true
            }
            // A list starting at an unexpected number.
            guard let c = candidates.first, c.ordinal <= 3 || c.type != .arabicDot else { return false }
            if c.type == .arabicDot, c.ordinal > 1 { return false }
            warn(.numberingStart, "list starts at \(enumerator.written)", line: index)
            openListItem(enumerator, c, line: index)
            return true
        }
        // Chained markers ("(a)(1)") nest: prefer the reading whose type is not already open.
        let c =
            candidates.first(where: { !openTypes().contains($0.type) && $0.ordinal == 1 }) ?? candidates.first(where: {
                !openTypes().contains($0.type)
            }) ?? candidates[0]
        openListItem(enumerator, c, line: index)
        return true
    }

    mutating func openListItem(_ enumerator: Enumerator, _ candidate: EnumeratorCandidate, line index: Int) {
        let line = lines[index]
        let parentIndex = stack.last
        var node = Node(
            kind: .point, num: enumerator.written, label: enumerator.label, ordinal: candidate.ordinal,
            start: enumerator.start, end: max(enumerator.end, line.end), headEnd: enumerator.end, line: index)
        node.listType = candidate.type
        node.kind = listKind(for: candidate.type, parent: parentIndex)
        node.end = enumerator.end
        open(node)
        extendOpen(to: enumerator.end)
    }

    /// The kind of a list item from its drafting style: paragraphs and points in treaties, subsections,
    /// paragraphs, subparagraphs, clauses in acts.
    private func listKind(for type: EnumeratorType, parent: Int?) -> ProvisionKind {
        var listDepth = 0
        var unit: Node?
        var cursor = parent
        while let c = cursor {
            if nodes[c].listType != nil { listDepth += 1; cursor = nodes[c].parent; continue }
            if nodes[c].kind.isUnit { unit = nodes[c] }
            break
        }
        guard let unit else { return listDepth == 0 && type.isNumeric ? .paragraph : .point }
        if unit.kind == .article {
            return listDepth == 0 && type.isNumeric ? .paragraph : .point
        }
        if unit.isUSCode {
            let kinds: [ProvisionKind] = [.subsection, .paragraph, .subparagraph, .clause, .subclause]
            return listDepth < kinds.count ? kinds[listDepth] : .point
        }
        switch type {
        case .arabicDot, .arabicParen, .arabicBare: return listDepth == 0 ? .subsection : .paragraph
        case .lower, .lowerBare: return .paragraph
        case .lowerRoman, .lowerRomanBare, .doubleLower: return .subparagraph
        case .upper: return .clause
        case .upperRoman: return .subclause
        case .decimal: return listDepth == 0 ? .paragraph : .subparagraph
        case .dash: return .point
        }
    }
}
