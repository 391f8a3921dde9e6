import SafeguardModel

/// Line helpers: the questions every pass asks about one line (its text, its neighbours, whether it looks like a heading).
extension TreeBuilder {
    func nextContentLine(after index: Int) -> Int? {
        var j = index + 1
        while j < lines.count {
            switch tokens[j] {
            case .blank, .noise: j += 1
            default: return j
            }
        }
        return nil
    }

    func previousContentLine(before index: Int) -> Int? {
        var j = index - 1
        while j >= 0 {
            switch tokens[j] {
            case .blank, .noise: j -= 1
            default: return j
            }
        }
        return nil
    }

    func lineText(_ index: Int) -> String { Bytes.string(bytes, lines[index].content, lines[index].end) }

    func startsLowercase(_ index: Int) -> Bool {
        let line = lines[index]
        return !line.isBlank && Bytes.isLower(bytes[line.content])
    }

    func lastByte(_ index: Int) -> UInt8? {
        let line = lines[index]
        return line.isBlank ? nil : bytes[line.end - 1]
    }

    /// A short line that reads as a heading: capitalised, no sentence punctuation at the end.
    func isHeadingLike(_ index: Int, allowPeriod: Bool = false) -> Bool {
        guard case .text = tokens[index] else { return false }
        let line = lines[index]
        let length = line.end - line.content
        guard length > 0, length <= 140 else { return false }
        let first = bytes[line.content]
        guard Bytes.isUpper(first) || first == 0x5B || first >= 0x80 || Bytes.isDigit(first) else { return false }
        if first >= 0x80, Bytes.quoteLength(bytes, line.content, line.end) > 0 { return false }
        switch bytes[line.end - 1] {
        case 0x2C, 0x3B, 0x3A: return false
        case 0x2E: return allowPeriod && length <= 60
        default:
            if Bytes.dashLength(bytes, line.end - 1, line.end) > 0 { return false }
            if line.end >= 3, Bytes.dashLength(bytes, line.end - 3, line.end) == 3 { return false }
            return true
        }
    }

    /// "Title 1 – Offences against the … of computer" / "data and systems": an inline heading wrapped onto the
    /// next line, which starts in lower case, is short and ends without punctuation.
    func inlineHeadingContinuation(after index: Int) -> Int? {
        let next = index + 1
        guard next < lines.count, case .text = tokens[next], startsLowercase(next) else { return nil }
        let line = lines[next]
        guard line.end - line.content <= 60, let last = lastByte(next), Bytes.isLetter(last) || last == 0x29,
            !containsSentenceVerb(next)
        else { return nil }
        // The line after it must not run on in lower case (then it is a sentence).
        if next + 1 < lines.count, !lines[next + 1].isBlank, startsLowercase(next + 1) { return nil }
        return next
    }

    /// Letters, all upper case (at least three of them).
    func isAllCaps(_ index: Int) -> Bool {
        var letters = 0
        let line = lines[index]
        for k in line.content..<line.end {
            if Bytes.isLower(bytes[k]) { return false }
            if Bytes.isUpper(bytes[k]) { letters += 1 }
        }
        return letters >= 3
    }

    /// The heading written on the line(s) after a bare "Article 7" / "CHAPTER II" line, if any.
    func headingLines(after index: Int) -> [Int] {
        guard let next = nextContentLine(after: index), next - index <= 8, isHeadingLike(next) else { return [] }
        // Headings are noun phrases: a line with "shall" is the start of the article's text.
        if containsSentenceVerb(next) { return [] }
        var result = [next]
        // A heading in capitals wrapped onto a second line in capitals ("DATA INTERFERENCE AND MISUSE OF" /
        // "DEVICES BY PUBLIC OFFICIALS").
        // Only when the first line cannot end the heading (a connective word) or no section follows the second
        // (in acts, "PRELIMINARY" / "SHORT TITLE" / "1. This Act …" is a heading and a marginal note).
        if let second = nextContentLine(after: next), second == next + 1, isAllCaps(next), isAllCaps(second),
            isHeadingLike(second), !containsSentenceVerb(second)
        {
            let words = lineText(next).split(separator: " ")
            let connective =
                words.last.map {
                    ["AND", "OF", "THE", "TO", "FOR", "IN", "ON", "BY", "WITH", "OR", "AGAINST", "FROM", "AT"].contains(String($0))
                } ?? false
            var thirdIsText = false
            if let third = nextContentLine(after: second), case .text = tokens[third] { thirdIsText = true }
            if connective || thirdIsText {
                result.append(second)
                return result
            }
        }
        // A heading wrapped onto a second line starts in lower case ("Procedural measures and law\nenforcement");
        // a sentence wrapped onto a second line runs on ("Each State Party shall adopt\nsuch measures ...").
        if let second = nextContentLine(after: next), second == next + 1, case .text = tokens[second], startsLowercase(second) {
            let last = lastByte(second) ?? 0
            let short = lines[second].end - lines[second].content <= 80
            let third = nextContentLine(after: second)
            let runsOn = third.map { $0 == second + 1 && startsLowercase($0) } ?? false
            guard short, last != 0x2E, last != 0x3B, last != 0x2C, last != 0x3A, !runsOn else { return [] }
            result.append(second)
        }
        return result
    }
}
