import SafeguardModel

/// Front matter: where the body starts, and the title block, preamble and recitals before it.
extension TreeBuilder {
    func firstBodyLine() -> Int? {
        for index in lines.indices {
            switch tokens[index] {
            case .heading: return index
            case .numbered(let numbered):
                if mode == .act || mode == .plain {
                    // A numbered line only starts the body when it looks like the first item.
                    if numbered.ordinal <= 2 || mode == .act { return index }
                } else if numbered.ordinal == 1, !numbered.isDecimal, hasSecondParagraphBeforeFirstHeading(after: index) {
                    // A report or resolution before its annexed convention: "1. Adopts ...", "2. Requests ...".
                    return index
                }
            case .enumerators(let chain, let textStart):
                // UK style: "1 Short title" as the first section.
                if mode == .act, chain.count == 1, chain[0].candidates[0].type == .arabicBare,
                    chain[0].candidates[0].ordinal <= 2 || hasLaterBareSection(after: index, above: chain[0].candidates[0].ordinal),
                    restIsHeading(from: textStart, line: index, strict: false)
                {
                    return index
                }
            default: break
            }
        }
        return nil
    }

    /// "248 Interpretation" … "249 Accessing computer system": an extract of an act whose sections are numbered
    /// without a period starts wherever its numbering does, when a later heading line continues the sequence.
    private func hasLaterBareSection(after index: Int, above ordinal: Int) -> Bool {
        var k = index + 1
        while k < lines.count {
            if case .enumerators(let chain, let textStart) = tokens[k], chain.count == 1,
                chain[0].candidates[0].type == .arabicBare, chain[0].candidates[0].ordinal > ordinal,
                chain[0].candidates[0].ordinal <= ordinal + 25, restIsHeading(from: textStart, line: k, strict: false)
            {
                return true
            }
            k += 1
        }
        return false
    }

    /// "[Repealed]", "[Omitted.]", "[Repealed by Act 5 of 2020]": the whole rest of a numbered line marks an
    /// omitted or repealed unit (the words are `repealedMarkers` in the drafting vocabulary).
    func restIsRepealedMarker(from start: Int, line index: Int) -> Bool {
        let line = lines[index]
        guard start < line.end, bytes[start] == 0x5B || bytes[start] == 0x28 else { return false }
        let close = bytes[line.end - 1] == 0x2E && line.end - 1 > start ? bytes[line.end - 2] : bytes[line.end - 1]
        guard close == 0x5D || close == 0x29 else { return false }
        var i = start + 1
        while i < line.end, bytes[i] == 0x20 { i += 1 }
        let wordStart = i
        while i < line.end, Bytes.isLetter(bytes[i]) { i += 1 }
        return i > wordStart && vocabulary.repealedMarkers.contains(Bytes.string(bytes, wordStart, i).lowercased())
    }

    private func hasSecondParagraphBeforeFirstHeading(after index: Int) -> Bool {
        var k = index + 1
        while k < lines.count {
            switch tokens[k] {
            case .heading: return false
            case .numbered(let numbered) where numbered.ordinal == 2: return true
            default: k += 1
            }
        }
        return false
    }

    /// The title block and the preamble (with its recitals): the content lines before the body.
    mutating func buildFrontMatter(upTo firstBody: Int) {
        var contentLines: [Int] = []
        for index in 0..<firstBody {
            switch tokens[index] {
            case .blank, .noise: continue
            default: contentLines.append(index)
            }
        }
        guard !contentLines.isEmpty else { return }
        frontLines = contentLines
        let (preambleStart, hasMarker) = findPreambleStart(in: contentLines, firstBody: firstBody)
        titleLines = contentLines.filter { preambleStart == nil || $0 < preambleStart! }
        guard let preambleStart else { return }
        let preambleLines = contentLines.filter { $0 >= preambleStart }
        guard !preambleLines.isEmpty else { return }
        buildPreamble(preambleLines, hasMarker: hasMarker)
    }

    /// The first preamble line — a preamble marker ("PREAMBLE") or opener ("The States Parties …"); else the first
    /// line after the title block — and whether it is a marker.
    private func findPreambleStart(in contentLines: [Int], firstBody: Int) -> (start: Int?, hasMarker: Bool) {
        for index in contentLines {
            if case .preambleMarker = tokens[index] { return (index, true) }
            let line = lines[index]
            if vocabulary.preambleOpeners.contains(where: { Bytes.hasPrefix(bytes, line.content, line.end, $0) }) {
                return (index, false)
            }
        }
        // No opener: the first block of lines (up to a blank line) is the title, the rest is preamble.
        var k = contentLines[0]
        var titleEnd = k
        while k < firstBody, !lines[k].isBlank, k - contentLines[0] < 6 { titleEnd = k; k += 1 }
        return (contentLines.first(where: { $0 > titleEnd }), false)
    }

    private mutating func buildPreamble(_ preambleLines: [Int], hasMarker: Bool) {
        let first = lines[preambleLines[0]]
        var preamble = Node(
            kind: .preamble, start: first.content, end: lines[preambleLines.last!].end, headEnd: first.content, line: preambleLines[0]
        )
        var recitalLines = preambleLines
        if hasMarker {
            preamble.heading = lineText(preambleLines[0])
            preamble.headEnd = first.end
            recitalLines.removeFirst()
        }
        // EU style: "Whereas:" then "(1) …", "(2) …". Numbered recitals keep their number (rec_1 is "(1)"); the
        // citations before them are the preamble's own words, the enacting formula after them a formula.
        let numberedRecitals = recitalLines.filter { recitalNumber($0) != nil }
        let isNumberedPreamble = numberedRecitals.count >= 2 && recitalNumber(numberedRecitals[0]) == 1
        if isNumberedPreamble, let firstNumbered = numberedRecitals.first {
            let own = recitalLines.filter { $0 < firstNumbered }
            if let ownFirst = own.first, let ownLast = own.last {
                preamble.textStart = lines[ownFirst].content
                preamble.textEnd = lines[ownLast].end
            }
            recitalLines.removeAll { $0 < firstNumbered }
        }
        nodes.append(preamble)
        let preambleIndex = nodes.count - 1
        addRecitals(
            recitalLines, to: preambleIndex, lastNumbered: isNumberedPreamble ? numberedRecitals.last : nil,
            isNumberedPreamble: isNumberedPreamble)
        if nodes[preambleIndex].children.isEmpty, nodes[preambleIndex].textStart == nil {
            nodes[preambleIndex].textStart = nodes[preambleIndex].headEnd
            nodes[preambleIndex].textEnd = nodes[preambleIndex].headEnd
        }
    }

    /// Recitals: a new one starts after a blank line, or after , ; : when the line opens a new clause; in a
    /// numbered preamble, at each number.
    private mutating func addRecitals(_ recitalLines: [Int], to preambleIndex: Int, lastNumbered: Int?, isNumberedPreamble: Bool) {
        var current: Int?
        var previousLine: Int?
        for index in recitalLines {
            let startsNew: Bool
            let number = isNumberedPreamble ? recitalNumber(index) : nil
            if number != nil {
                startsNew = true
            } else if isNumberedPreamble, current != nil, let lastNumbered, index < lastNumbered {
                startsNew = false  // a second paragraph of a numbered recital
            } else if let previousLine {
                let blankBetween = index > previousLine + 1
                let last = lastByte(previousLine) ?? 0
                let clauseEnd = last == 0x2C || last == 0x3B || last == 0x3A || last == 0x2E
                startsNew = blankBetween ? !startsLowercase(index) : (clauseEnd && opensRecital(index))
            } else {
                startsNew = true
            }
            let line = lines[index]
            if startsNew || current == nil {
                nodes.append(recital(line: index, number: number, parent: preambleIndex, isNumberedPreamble: isNumberedPreamble))
                current = nodes.count - 1
                nodes[preambleIndex].children.append(current!)
            } else if let current {
                nodes[current].end = line.end
                nodes[current].textEnd = line.end
            }
            previousLine = index
        }
    }

    private func recital(line index: Int, number: Int?, parent: Int, isNumberedPreamble: Bool) -> Node {
        let line = lines[index]
        var recital = Node(kind: .recital, start: line.content, end: line.end, headEnd: line.content, line: index)
        recital.textStart = line.content
        recital.textEnd = line.end
        recital.parent = parent
        if let number, case .enumerators(let chain, let textStart) = tokens[index] {
            recital.num = chain[0].written
            recital.label = "\(number)"
            recital.ordinal = number
            recital.headEnd = chain[0].end
            recital.textStart = textStart
        } else if isNumberedPreamble {
            recital.isFormula = true  // "HAVE ADOPTED THIS DIRECTIVE:"
        }
        return recital
    }

    /// "(12) …" at the start of a preamble line: the recital's number.
    private func recitalNumber(_ index: Int) -> Int? {
        guard case .enumerators(let chain, _) = tokens[index], chain.count == 1,
            let candidate = chain[0].candidates.first, candidate.type == .arabicParen
        else { return nil }
        return candidate.ordinal
    }

    func opensRecital(_ index: Int) -> Bool {
        let line = lines[index]
        guard Bytes.isUpper(bytes[line.content]) else { return false }
        var i = line.content
        while i < line.end, Bytes.isLetter(bytes[i]) { i += 1 }
        let word = Bytes.string(bytes, line.content, i)
        if word.hasSuffix("ing") || word.hasSuffix("ed") { return true }
        return vocabulary.recitalWords.contains(word)
    }
}
