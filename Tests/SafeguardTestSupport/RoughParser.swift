public import Foundation
public import SafeguardModel

/// A deliberately small reader for the two example convention revisions, so that alignment can be tested
/// on them without depending on the real parser: chapters, articles, numbered paragraphs and lettered or
/// roman points, separated by blank lines; page furniture ("A/AC.999/L.2", "V.26-05678  13/24") is skipped.
public enum RoughParser {
    /// Reads one of the example convention revisions.
    public static func parse(_ url: URL) throws -> Instrument {
        var reader = RoughReader(text: withoutPageFurniture(try String(contentsOf: url, encoding: .utf8)))
        reader.run()
        return Instrument(
            metadata: InstrumentMetadata(title: url.lastPathComponent), text: reader.text, provisions: reader.provisions)
    }

    /// Page furniture becomes spaces of the same length, so offsets stay and comparisons ignore it.
    static func withoutPageFurniture(_ raw: String) -> String {
        raw.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let bare = line.drop { $0 == "\u{0C}" || $0 == " " }
            let pageNumber = !bare.isEmpty && bare.count <= 3 && bare.allSatisfy(\.isNumber)
            return bare.hasPrefix("A/AC.999") || bare.hasPrefix("V.26-") || pageNumber
                ? String(repeating: " ", count: line.utf8.count) : String(line)
        }.joined(separator: "\n")
    }
}

/// The reading state: the lines, the provisions so far and the open chapter, article, paragraph and point.
private struct RoughReader {
    let text: String
    let bytes: [UInt8]
    var lines: [(start: Int, text: Substring)] = []
    var provisions: [Provision] = []
    var chapter: Int?
    var article: Int?
    var paragraph: Int?
    var point: Int?
    var chapterCount = 0

    init(text: String) {
        self.text = text
        bytes = Array(text.utf8)
        var offset = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append((offset, line))
            offset += line.utf8.count + 1
        }
    }

    static func isBlank(_ s: Substring) -> Bool {
        s.trimmingCharacters(in: .whitespaces).isEmpty || s.hasPrefix("A/AC.999") || s.hasPrefix("V.26-")
    }

    /// Reads from the second "Preamble" (the first is in the contents) to the end; every provision starts a block.
    mutating func run() {
        var k = lines.firstIndex { $0.text == "Preamble" && !$0.text.contains(".") } ?? 0
        k = lines[(k + 1)...].firstIndex { $0.text == "Preamble" } ?? k
        var atBlockStart = true
        while k < lines.count {
            let (start, line) = lines[k]
            if Self.isBlank(line) {
                atBlockStart = true
                k += 1
                continue
            }
            let blockStart = atBlockStart
            atBlockStart = false
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if blockStart, let next = chapterLine(trimmed, at: start, line: k) ?? articleLine(trimmed, at: start, line: k) {
                k = next
                continue
            }
            if blockStart, let articleIndex = article, !paragraphLine(trimmed, at: start, article: articleIndex) {
                pointLine(trimmed, at: start, article: articleIndex)
            }
            k += 1
        }
        closeAll()
    }

    /// The next non-blank line after line `k` (a chapter's or article's heading).
    func headingLine(after k: Int) -> Int {
        var h = k + 1
        while h < lines.count && Self.isBlank(lines[h].text) { h += 1 }
        return h
    }

    /// "Chapter II" and its heading line; returns the line to read next.
    mutating func chapterLine(_ trimmed: String, at start: Int, line k: Int) -> Int? {
        guard trimmed.hasPrefix("Chapter "), trimmed.split(separator: " ").count == 2 else { return nil }
        close(point, at: start); close(paragraph, at: start); close(article, at: start); close(chapter, at: start)
        point = nil; paragraph = nil; article = nil
        chapterCount += 1
        let h = headingLine(after: k)
        let heading = String(lines[h].text)
        let after = lines[h].start + heading.utf8.count
        chapter = add(
            Provision(
                eId: "chp_\(chapterCount)", kind: .chapter, num: trimmed, heading: heading,
                span: TextSpan(start: start, end: start), textSpan: TextSpan(start: after, end: after)))
        return h + 1
    }

    /// "Article 12" (or "Article 12 bis") and its heading line; returns the line to read next.
    mutating func articleLine(_ trimmed: String, at start: Int, line k: Int) -> Int? {
        guard trimmed.hasPrefix("Article "), trimmed.split(separator: " ").count <= 3,
            trimmed.split(separator: " ")[1].allSatisfy(\.isNumber)
        else { return nil }
        close(point, at: start); close(paragraph, at: start); close(article, at: start)
        point = nil; paragraph = nil
        let h = headingLine(after: k)
        let heading = String(lines[h].text)
        let number = trimmed.dropFirst(8).lowercased().replacingOccurrences(of: " ", with: "_")
        let after = lines[h].start + heading.utf8.count
        article = add(
            Provision(
                eId: "art_\(number)", kind: .article, num: trimmed, heading: heading, parentIndex: chapter,
                parentEId: chapter.map { provisions[$0].eId },
                span: TextSpan(start: start, end: start), textSpan: TextSpan(start: after, end: after), depth: 1))
        return h + 1
    }

    /// "1. Each State Party ..." inside an article; false when the line is not one.
    mutating func paragraphLine(_ trimmed: String, at start: Int, article articleIndex: Int) -> Bool {
        guard let dot = trimmed.firstIndex(of: "."), trimmed[..<dot].allSatisfy(\.isNumber), !trimmed[..<dot].isEmpty,
            trimmed[trimmed.index(after: dot)...].hasPrefix(" ")
        else { return false }
        close(point, at: start); close(paragraph, at: start)
        point = nil
        let articleEId = provisions[articleIndex].eId
        let n = trimmed[..<dot]
        let textStart = start + trimmed.distance(from: trimmed.startIndex, to: dot) + 2
        paragraph = add(
            Provision(
                eId: "\(articleEId)__para_\(n)", kind: .paragraph, num: "\(n).", parentIndex: articleIndex,
                parentEId: articleEId, span: TextSpan(start: start, end: start),
                textSpan: TextSpan(start: textStart, end: textStart), depth: 2))
        return true
    }

    /// "(a)" or "(ii)": a lettered point, or a roman point nested in the lettered point before it.
    mutating func pointLine(_ trimmed: String, at start: Int, article articleIndex: Int) {
        guard trimmed.hasPrefix("("), let closing = trimmed.firstIndex(of: ")"),
            closing < trimmed.index(trimmed.startIndex, offsetBy: 6)
        else { return }
        let label = String(trimmed[trimmed.index(after: trimmed.startIndex)..<closing])
        let roman = ["i", "ii", "iii", "iv", "v", "vi"].contains(label)
        let pointDepth = paragraph == nil ? 2 : 3
        let currentPoint = point.map { provisions[$0] }
        let currentIsLetter = currentPoint.map { !$0.eId.rawValue.contains("__point_i") && $0.depth == pointDepth } ?? false
        let nested = roman && currentIsLetter && !(label == "i" && currentPoint?.eId.rawValue.hasSuffix("point_h") == true)
        let parentIndex: Int
        if nested, let p = point {
            parentIndex = p
        } else if roman, let p = point, provisions[p].depth > pointDepth, let grand = provisions[p].parentIndex {
            parentIndex = grand
            closeOpen(p, at: start)
        } else {
            if let p = point {
                closeOpen(p, at: start)
                if provisions[p].depth > pointDepth, let parent = provisions[p].parentIndex { closeOpen(parent, at: start) }
            }
            parentIndex = paragraph ?? articleIndex
        }
        let parentEId = provisions[parentIndex].eId
        let textStart = start + trimmed.distance(from: trimmed.startIndex, to: closing) + 2
        point = add(
            Provision(
                eId: "\(parentEId)__point_\(label)", kind: .point, num: "(\(label))", parentIndex: parentIndex,
                parentEId: parentEId, span: TextSpan(start: start, end: start),
                textSpan: TextSpan(start: textStart, end: textStart), depth: provisions[parentIndex].depth + 1))
    }

    mutating func add(_ p: Provision) -> Int {
        provisions.append(p)
        let i = provisions.count - 1
        if let parent = p.parentIndex { provisions[parent].childIndices.append(i) }
        return i
    }

    /// Ends a provision's span at `end` (less trailing newlines and spaces); a leaf's own words end there too.
    mutating func close(_ index: Int?, at end: Int) {
        guard let index else { return }
        var e = end
        while e > provisions[index].span.start && (bytes[e - 1] == 0x0A || bytes[e - 1] == 0x20) { e -= 1 }
        provisions[index].span = TextSpan(start: provisions[index].span.start, end: e)
        if provisions[index].childIndices.isEmpty {
            provisions[index].textSpan = TextSpan(start: min(provisions[index].textSpan.start, e), end: e)
        }
    }

    /// Ends a still-empty span of a point just before `end`.
    mutating func closeOpen(_ index: Int, at end: Int) {
        if provisions[index].span.isEmpty || provisions[index].span.end == provisions[index].span.start {
            provisions[index].span = TextSpan(start: provisions[index].span.start, end: max(provisions[index].span.start, end - 1))
        }
    }

    /// Closes what is open at the end of the text, then every still-open span (nested points, and the own
    /// words of parents up to their first child).
    mutating func closeAll() {
        let end = bytes.count
        close(point, at: end); close(paragraph, at: end); close(article, at: end); close(chapter, at: end)
        for i in provisions.indices.reversed() {
            if provisions[i].span.isEmpty {
                let next = provisions[(i + 1)...].first { $0.depth <= provisions[i].depth }?.span.start ?? end
                provisions[i].span = TextSpan(start: provisions[i].span.start, end: max(provisions[i].span.start, next - 1))
            }
            if let first = provisions[i].childIndices.first {
                let s = provisions[i].textSpan.start
                provisions[i].textSpan = TextSpan(start: s, end: max(s, provisions[first].span.start - 1))
            }
            if let last = provisions[i].childIndices.last, provisions[last].span.end > provisions[i].span.end {
                provisions[i].span = TextSpan(start: provisions[i].span.start, end: provisions[last].span.end)
            }
        }
    }
}
