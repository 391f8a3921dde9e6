import SafeguardModel

/// Removes page furniture from paginated text (pages separated by form feeds, as `pdftotext` writes them):
/// running headers and footers repeated across pages, page numbers, and footnotes under a rule.
enum PageCleaner {
    struct Result {
        var text: String
        var warnings: [ParseWarning]
    }

    /// Cleans `text` if it has form feeds; otherwise returns it unchanged.
    static func clean(_ text: String) -> Result {
        let (numbered, count) = stripLineNumbers(text)
        var result = cleanPaginated(numbered)
        if count > 0 {
            result.warnings.insert(ParseWarning(code: .lineNumbersRemoved, message: "removed line numbers from \(count) line(s)"), at: 0)
        }
        return result
    }

    /// Line numbers in the margin of bills and some PDFs ("1 SECTION 1. SHORT TITLE.", "2 This Act may be
    /// cited ..."): runs of eight or more lines whose leading numbers go up by one. The numbers are removed.
    static func stripLineNumbers(_ text: String) -> (String, Int) {
        // A run needs eight lines that start with one to three digits and a space (what `leadingNumber` accepts).
        // Count such line starts with a byte scan first (it looks at every position after a line feed, so the
        // count is never below the real one) and skip splitting the text into Strings, which cost about a
        // quarter of all parsing, when there cannot be a run.
        func countNumberedLineStarts<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Int {
            var numberedLineStarts = 0
            var digits = 0  // digits seen at the start of the current line; -1 once the line cannot qualify
            for byte in bytes {
                if byte == 0x0A {
                    digits = 0
                } else if digits >= 0 {
                    if byte >= 0x30, byte <= 0x39, digits < 3 {
                        digits += 1
                    } else {
                        if byte == 0x20, digits > 0 { numberedLineStarts += 1 }
                        digits = -1
                    }
                }
            }
            return numberedLineStarts
        }
        // On the contiguous bytes when the text has them (the walk over the UTF-8 view cost ~30 instructions a byte).
        let numberedLineStarts = text.utf8.withContiguousStorageIfAvailable(countNumberedLineStarts) ?? countNumberedLineStarts(text.utf8)
        guard numberedLineStarts >= 8 else { return (text, 0) }
        var lines = splitLines(text[...]).map(String.init)
        func leadingNumber(_ line: String) -> (Int, Int)? {
            var digits = 0
            var value = 0
            var spaces = 0
            for c in line.utf8 {
                if spaces == 0, digits < 3, c >= 0x30, c <= 0x39 { value = value * 10 + Int(c - 0x30); digits += 1; continue }
                if digits > 0, c == 0x20 { spaces += 1; continue }
                break
            }
            guard digits > 0, spaces > 0, digits + spaces < line.utf8.count else { return nil }
            return (value, digits + spaces)
        }
        var stripped = 0
        var index = 0
        while index < lines.count {
            guard let (first, _) = leadingNumber(lines[index]) else { index += 1; continue }
            var run = [index]
            var expected = first + 1
            var k = index + 1
            while k < lines.count {
                if lines[k].trimmingSpaces.isEmpty || lines[k] == "\u{0C}" { k += 1; continue }
                guard let (value, _) = leadingNumber(lines[k]), value == expected else { break }
                run.append(k)
                expected += 1
                k += 1
            }
            if run.count >= 8 {
                for line in run {
                    if let (_, width) = leadingNumber(lines[line]) { lines[line] = String(lines[line].dropFirst(width)) }
                }
                stripped += run.count
                index = k
            } else {
                index += 1
            }
        }
        return stripped > 0 ? (lines.joined(separator: "\n"), stripped) : (text, 0)
    }

    static func cleanPaginated(_ text: String) -> Result {
        // A byte scan: Foundation's String.contains(String) cost ~11 % of all parsing here.
        guard text.utf8Contains(0x0C) else { return cleanUnpaginated(text) }
        // A form feed is a grapheme cluster of its own, so splitting the bytes gives the same pages.
        var pages = text.utf8.split(separator: 0x0C, omittingEmptySubsequences: false).map { page in
            splitLines(Substring(page)).map(String.init)
        }
        while let last = pages.last, last.allSatisfy({ $0.trimmingSpaces.isEmpty }) { pages.removeLast() }
        guard !pages.isEmpty else { return Result(text: "", warnings: []) }
        var warnings: [ParseWarning] = []
        // Count normalised edge lines (digits folded, so "page 7" and "page 8" match).
        var counts: [String: Int] = [:]
        for page in pages {
            for index in edgeLineIndices(page) { counts[fold(page[index]), default: 0] += 1 }
        }
        let threshold = max(2, pages.count * 3 / 10)
        var removedFurniture = 0
        var removedFootnotes = 0
        for p in pages.indices {
            var page = pages[p]
            var remove = Set<Int>()
            for index in edgeLineIndices(page) {
                let line = page[index].trimmingSpaces
                if isPageNumber(line)
                    || (counts[fold(page[index]), default: 0] >= threshold && pages.count >= 2 && !isStructural(line)
                        && !isBareMarker(line))
                {
                    remove.insert(index)
                }
            }
            // Footnotes: everything under a short rule in the lower part of the page, or lines starting with a
            // superscript number at the bottom.
            let contentIndices = page.indices.filter { !page[$0].trimmingSpaces.isEmpty && !remove.contains($0) }
            if let ruleIndex = contentIndices.last(where: { isRule(page[$0].trimmingSpaces) }),
                contentIndices.count > 3, ruleIndex >= contentIndices[contentIndices.count / 2]
            {
                for index in ruleIndex..<page.count where !page[index].trimmingSpaces.isEmpty {
                    if !remove.contains(index) { removedFootnotes += index == ruleIndex ? 0 : 1 }
                    remove.insert(index)
                }
            }
            for index in contentIndices.reversed() {
                let line = page[index].trimmingSpaces
                guard startsWithSuperscript(line) else { break }
                remove.insert(index)
                removedFootnotes += 1
            }
            for index in unruledFootnotes(page, remaining: contentIndices.filter { !remove.contains($0) }) {
                remove.insert(index)
                removedFootnotes += 1
            }
            removedFurniture += remove.count
            page = page.indices.filter { !remove.contains($0) }.map { page[$0] }
            // Blank lines left at the page edges would split a heading from its title line.
            while let first = page.first, first.trimmingSpaces.isEmpty { page.removeFirst() }
            while let last = page.last, last.trimmingSpaces.isEmpty { page.removeLast() }
            pages[p] = page
        }
        if removedFootnotes > 0 {
            warnings.append(
                ParseWarning(code: .footnotesRemoved, message: "removed \(removedFootnotes) footnote line(s) at page bottoms"))
        }
        if removedFurniture > removedFootnotes {
            warnings.append(
                ParseWarning(
                    code: .pageFurnitureRemoved,
                    message: "removed \(removedFurniture - removedFootnotes) running header, footer or page-number line(s)"))
        }
        return Result(text: pages.map { $0.joined(separator: "\n") }.joined(separator: "\n"), warnings: warnings)
    }

    /// Footnotes without a rule: "1 Official Records ..." in the lower part of the page, when the page body
    /// carries the matching marker glued to a word ("Nations,1" / "Nations1"); the lines from the first one on.
    private static func unruledFootnotes(_ page: [String], remaining: [Int]) -> [Int] {
        guard remaining.count >= 4 else { return [] }
        let lowerHalf = remaining[(remaining.count / 2)...]
        let first = lowerHalf.first { index in
            guard let number = footnoteNumber(page[index].trimmingSpaces) else { return false }
            return hasMarker(number, before: index, page: page, indices: remaining)
        }
        guard let first else { return [] }
        return remaining.filter { $0 >= first }
    }

    /// Text copied out of a PDF without its page breaks: bare page-number lines and short symbol-like lines
    /// repeated three or more times ("A/AC.999/L.1", "V.26-01234 3/9") are running headers and footers.
    static func cleanUnpaginated(_ text: String) -> Result {
        let lines = splitLines(text[...])
        var counts: [String: Int] = [:]
        var keys: [String?] = []
        keys.reserveCapacity(lines.count)
        for line in lines {
            let key = symbolKey(line)
            keys.append(key)
            if let key { counts[key, default: 0] += 1 }
        }
        var removed = 0
        var out: [Substring] = []
        out.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            if let key = keys[index], counts[key, default: 0] >= 3 { removed += 1; continue }
            if line.utf8.count <= 16, isPageNumber(line.trimmingSpaces) { removed += 1; continue }
            out.append(line)
        }
        guard removed > 0 else { return Result(text: text, warnings: []) }
        let warning = ParseWarning(
            code: .pageFurnitureRemoved, message: "removed \(removed) page-number or repeated running-header line(s)")
        return Result(text: out.joined(separator: "\n"), warnings: [warning])
    }

    /// The lines of `text` exactly as `text.split(separator: "\n", omittingEmptySubsequences: false)` gives them,
    /// but split on UTF-8 bytes when the text has no carriage return: a line feed is a grapheme cluster of its
    /// own except in CR LF, so both splits are then identical, and the byte split avoids walking Characters
    /// (which made this cleaner about half of all parsing).
    static func splitLines(_ text: Substring) -> [Substring] {
        let utf8 = text.utf8
        // The line feeds are found on the contiguous bytes (a walk over the UTF-8 view cost ~30 instructions
        // per byte); an index a given number of bytes on is O(1) in native UTF-8 text.
        let split: [Substring]?? = utf8.withContiguousStorageIfAvailable { bytes in
            guard !bytes.contains(0x0D) else { return nil }
            var lines: [Substring] = []
            var start = utf8.startIndex
            var startOffset = 0
            for offset in 0..<bytes.count where bytes[offset] == 0x0A {
                let newline = utf8.index(start, offsetBy: offset - startOffset)
                lines.append(text[start..<newline])
                start = utf8.index(after: newline)
                startOffset = offset + 1
            }
            lines.append(text[start...])
            return lines
        }
        // Text without contiguous UTF-8 (a bridged string) or with a carriage return: the Character split.
        return (split ?? nil) ?? text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The digit-folded form of a short line made of capitals, digits and punctuation, or nil.
    private static func symbolKey(_ line: Substring) -> String? {
        let trimmed = line.trimmingSpaces
        guard !trimmed.isEmpty, trimmed.utf8.count <= 40 else { return nil }
        // A key needs a number or a slash: a Character that is either holds an ASCII digit, "/" or a non-ASCII
        // byte, so a line with none of those is decided on its bytes (most short lines of a text, which the
        // Character walk below cost ~3,000 instructions each).
        guard trimmed.utf8.contains(where: { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2F || $0 >= 0x80 }) else { return nil }
        guard !isHeadingKeywordLine(String(trimmed)) else { return nil }
        var key = ""
        var hasDigitOrSlash = false
        var punctuation = 0
        var digitGroups = 0
        var lettersOrSlash = 0
        for c in trimmed {
            if c.isNumber { hasDigitOrSlash = true; if key.last != "#" { key.append("#"); digitGroups += 1 }; continue }
            if c == "/" { hasDigitOrSlash = true }
            if c == "/" || c == "." || c == "-" { punctuation += 1 }
            if c.isLetter || c == "/" { lettersOrSlash += 1 }
            if c.isLowercase { return nil }
            key.append(c)
        }
        // A document symbol has a slash, period or hyphen, or several numbers ("A/AC.999/L.1", "V.26-01234 3/9");
        // "PART 1", "PART 2", "FORM 3" are headings, and "1." or "(2)" alone on a line are paragraph numbers.
        return hasDigitOrSlash && lettersOrSlash > 0 && (punctuation > 0 || digitGroups >= 2) ? key : nil
    }

    /// The first and last two non-blank lines of a page.
    private static func edgeLineIndices(_ page: [String]) -> [Int] {
        let content = page.indices.filter { !page[$0].trimmingSpaces.isEmpty }
        guard !content.isEmpty else { return [] }
        var result = Array(content.prefix(2))
        for index in content.suffix(2) where !result.contains(index) { result.append(index) }
        return result
    }

    /// Digits folded to `#` and runs of spaces to one space: a right-aligned page number ("     3/24" and
    /// "    10/24") must not make two copies of the same footer differ.
    private static func fold(_ line: String) -> String {
        var out = ""
        var lastDigit = false
        var lastSpace = false
        for c in line.trimmingSpaces.lowercased() {
            if c == " " {
                if !lastSpace { out.append(" ") }
                lastSpace = true
                lastDigit = false
                continue
            }
            lastSpace = false
            if c.isNumber { if !lastDigit { out.append("#") }; lastDigit = true } else { out.append(c); lastDigit = false }
        }
        return out
    }

    static func isPageNumber(_ line: String) -> Bool {
        let bytes = Array(line.utf8)
        guard !bytes.isEmpty else { return false }
        guard NoiseLines(bytes: bytes).isNoise(0, bytes.count) else { return false }
        return bytes.contains { Bytes.isDigit($0) }
    }

    /// "12 Official Records ..." → 12 (a number, a space, then a capital letter or a quote).
    static func footnoteNumber(_ line: String) -> Int? {
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard rest.first == " ", let next = rest.dropFirst().first, next.isUppercase || next == "\"" || next == "“" else { return nil }
        return Int(digits)
    }

    /// Whether the page text above `line` has the footnote marker glued to a word or punctuation ("Rights,3").
    private static func hasMarker(_ number: Int, before line: Int, page: [String], indices: [Int]) -> Bool {
        let marker = Array(String(number).utf8)
        for index in indices where index < line {
            let bytes = Array(page[index].utf8)
            var i = 1
            while i + marker.count <= bytes.count {
                if Bytes.hasPrefix(bytes, i, bytes.count, marker) {
                    let before = bytes[i - 1]
                    let afterIndex = i + marker.count
                    let after: UInt8 = afterIndex < bytes.count ? bytes[afterIndex] : 0x20
                    if (Bytes.isLetter(before) || before == 0x2C || before == 0x2E || before == 0x29 || before == 0x3B),
                        !Bytes.isDigit(after), !Bytes.isLetter(after)
                    {
                        return true
                    }
                }
                i += 1
            }
        }
        return false
    }

    private static func isRule(_ line: String) -> Bool {
        line.count >= 5 && line.allSatisfy { $0 == "_" || $0 == "-" || $0 == "—" }
    }

    private static func isStructural(_ line: String) -> Bool {
        let lower = line.lowercased()
        return lower.hasPrefix("article ") || lower.hasPrefix("chapter ") || lower.hasPrefix("part ") || lower.hasPrefix("section ")
    }

    /// "1.", "(a)", "(2)", "iv)" alone on a line: a paragraph or point number set apart from its text.
    private static func isBareMarker(_ line: String) -> Bool {
        guard line.count <= 6, let last = line.last, last == "." || last == ")" else { return false }
        let inner = line.drop { $0 == "(" }.dropLast()
        return !inner.isEmpty && inner.allSatisfy { $0.isLetter || $0.isNumber }
    }

    /// Headings that a repeated-symbol rule must never take for running headers (unpaginated text has no page
    /// edges to tell a header from a heading).
    private static func isHeadingKeywordLine(_ line: String) -> Bool {
        let lower = line.lowercased()
        return isStructural(line) || ["division ", "schedule ", "annex ", "appendix ", "title ", "form "].contains { lower.hasPrefix($0) }
    }

    private static func startsWithSuperscript(_ line: String) -> Bool {
        guard let first = line.unicodeScalars.first else { return false }
        return "¹²³⁴⁵⁶⁷⁸⁹⁰".unicodeScalars.contains(first)
    }

    /// Joins words hyphenated across line breaks ("inter-\nception" → "interception"), keeping the hyphen
    /// for prefixes that are hyphenated anyway ("cyber-\ndependent" → "cyber-dependent").
    static func repairHyphenation(_ text: String, keeping keptPrefixes: Set<String>) -> (String, Int) {
        let input = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var repaired = 0
        var i = 0
        while i < input.count {
            let b = input[i]
            if b == 0x2D, i > 0, Bytes.isLetter(input[i - 1]), i + 1 < input.count, input[i + 1] == Bytes.newline {
                var j = i + 2
                while j < input.count, input[j] == 0x20 { j += 1 }
                if j < input.count, Bytes.isLower(input[j]) {
                    // The word fragment before the hyphen.
                    var k = out.count
                    while k > 0, Bytes.isLetter(out[k - 1]) { k -= 1 }
                    let prefix = String(decoding: out[k...], as: UTF8.self).lowercased()
                    if !keptPrefixes.contains(prefix) { out.removeLast(0) } else { out.append(0x2D) }
                    // Move the rest of the broken word up onto this line; the line break follows the word.
                    var w = j
                    while w < input.count, input[w] != 0x20, input[w] != Bytes.newline { out.append(input[w]); w += 1 }
                    if w < input.count, input[w] == 0x20 { out.append(Bytes.newline); w += 1 }
                    repaired += 1
                    i = w
                    continue
                }
            }
            out.append(b)
            i += 1
        }
        return (String(decoding: out, as: UTF8.self), repaired)
    }

}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
