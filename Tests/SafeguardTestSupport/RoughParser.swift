import Foundation
import SafeguardModel

/// A deliberately small reader for the two example convention revisions, so that alignment can be tested
/// on them without depending on the real parser: chapters, articles, numbered paragraphs and lettered or
/// roman points, separated by blank lines; page furniture ("A/AC.999/L.2", "V.26-05678  13/24") is skipped.
public enum RoughParser {
    /// Reads one of the example convention revisions.
    public static func parse(_ url: URL) throws -> Instrument {
        // Page furniture becomes spaces of the same length, so offsets stay and comparisons ignore it.
        let raw = try String(contentsOf: url, encoding: .utf8)
        let text = raw.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let bare = line.drop { $0 == "\u{0C}" || $0 == " " }
            let pageNumber = !bare.isEmpty && bare.count <= 3 && bare.allSatisfy(\.isNumber)
            return bare.hasPrefix("A/AC.999") || bare.hasPrefix("V.26-") || pageNumber ? String(repeating: " ", count: line.utf8.count) : String(line)
        }.joined(separator: "\n")
        var lines: [(start: Int, text: Substring)] = []
        var offset = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append((offset, line))
            offset += line.utf8.count + 1
        }
        func isNoise(_ s: Substring) -> Bool {
            s.hasPrefix("A/AC.999") || s.hasPrefix("V.26-")
        }
        func isBlank(_ s: Substring) -> Bool { s.trimmingCharacters(in: .whitespaces).isEmpty || isNoise(s) }
        var provisions: [Provision] = []
        var chapter: Int?
        var article: Int?
        var paragraph: Int?
        var point: Int?
        var chapterCount = 0
        var k = lines.firstIndex { $0.text == "Preamble" && !$0.text.contains(".") } ?? 0
        k = lines[(k + 1)...].firstIndex { $0.text == "Preamble" } ?? k  // the second one: after the contents
        func close(_ index: Int?, at end: Int) {
            guard let index else { return }
            var e = end
            let bytes = Array(text.utf8)
            while e > provisions[index].span.start && (bytes[e - 1] == 0x0A || bytes[e - 1] == 0x20) { e -= 1 }
            provisions[index].span = TextSpan(start: provisions[index].span.start, end: e)
            if provisions[index].childIndices.isEmpty {
                provisions[index].textSpan = TextSpan(start: min(provisions[index].textSpan.start, e), end: e)
            }
        }
        func add(_ p: Provision) -> Int {
            provisions.append(p)
            let i = provisions.count - 1
            if let parent = p.parentIndex { provisions[parent].childIndices.append(i) }
            return i
        }
        var atBlockStart = true
        while k < lines.count {
            let (start, line) = lines[k]
            if isBlank(line) { atBlockStart = true; k += 1; continue }
            defer { atBlockStart = false }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if atBlockStart, trimmed.hasPrefix("Chapter "), trimmed.split(separator: " ").count == 2 {
                close(point, at: start); close(paragraph, at: start); close(article, at: start); close(chapter, at: start)
                point = nil; paragraph = nil; article = nil
                chapterCount += 1
                var h = k + 1
                while h < lines.count && isBlank(lines[h].text) { h += 1 }
                let heading = String(lines[h].text)
                chapter = add(Provision(eId: "chp_\(chapterCount)", kind: .chapter, num: trimmed, heading: heading,
                                        span: TextSpan(start: start, end: start), textSpan: TextSpan(start: lines[h].start + heading.utf8.count, end: lines[h].start + heading.utf8.count)))
                k = h + 1
                continue
            }
            if atBlockStart, trimmed.hasPrefix("Article "), trimmed.split(separator: " ").count <= 3,
                trimmed.split(separator: " ")[1].allSatisfy(\.isNumber)
            {
                close(point, at: start); close(paragraph, at: start); close(article, at: start)
                point = nil; paragraph = nil
                var h = k + 1
                while h < lines.count && isBlank(lines[h].text) { h += 1 }
                let heading = String(lines[h].text)
                let number = trimmed.dropFirst(8).lowercased().replacingOccurrences(of: " ", with: "_")
                let after = lines[h].start + heading.utf8.count
                article = add(Provision(eId: "art_\(number)", kind: .article, num: trimmed, heading: heading, parentIndex: chapter,
                                        parentEId: chapter.map { provisions[$0].eId },
                                        span: TextSpan(start: start, end: start), textSpan: TextSpan(start: after, end: after), depth: 1))
                k = h + 1
                continue
            }
            guard let articleIndex = article else { k += 1; continue }
            let articleEId = provisions[articleIndex].eId
            if atBlockStart, let dot = trimmed.firstIndex(of: "."), trimmed[..<dot].allSatisfy(\.isNumber), !trimmed[..<dot].isEmpty,
                trimmed[trimmed.index(after: dot)...].hasPrefix(" ")
            {
                close(point, at: start); close(paragraph, at: start)
                point = nil
                let n = trimmed[..<dot]
                let textStart = start + trimmed.distance(from: trimmed.startIndex, to: dot) + 2
                paragraph = add(Provision(eId: "\(articleEId)__para_\(n)", kind: .paragraph, num: "\(n).", parentIndex: articleIndex, parentEId: articleEId,
                                          span: TextSpan(start: start, end: start), textSpan: TextSpan(start: textStart, end: textStart), depth: 2))
                k += 1
                continue
            }
            if atBlockStart, trimmed.hasPrefix("("), let close = trimmed.firstIndex(of: ")"), close < trimmed.index(trimmed.startIndex, offsetBy: 6) {
                let label = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
                let roman = ["i", "ii", "iii", "iv", "v", "vi"].contains(label)
                let currentPoint = point.map { provisions[$0] }
                let currentIsLetter = currentPoint.map { !$0.eId.contains("__point_i") && $0.depth == (paragraph == nil ? 2 : 3) } ?? false
                let nested = roman && currentIsLetter && !(label == "i" && currentPoint?.eId.hasSuffix("point_h") == true)
                let parentIndex: Int
                if nested, let p = point {
                    parentIndex = p
                } else if roman, let p = point, provisions[p].depth > (paragraph == nil ? 2 : 3), let grand = provisions[p].parentIndex {
                    parentIndex = grand
                    self.close(p, at: start, provisions: &provisions, text: text)
                } else {
                    if let p = point {
                        if provisions[p].depth > (paragraph == nil ? 2 : 3), let parent = provisions[p].parentIndex {
                            self.close(p, at: start, provisions: &provisions, text: text)
                            self.close(parent, at: start, provisions: &provisions, text: text)
                        } else {
                            self.close(p, at: start, provisions: &provisions, text: text)
                        }
                    }
                    parentIndex = paragraph ?? articleIndex
                }
                let parentEId = provisions[parentIndex].eId
                let textStart = start + trimmed.distance(from: trimmed.startIndex, to: close) + 2
                point = add(Provision(eId: "\(parentEId)__point_\(label)", kind: .point, num: "(\(label))", parentIndex: parentIndex, parentEId: parentEId,
                                      span: TextSpan(start: start, end: start), textSpan: TextSpan(start: textStart, end: textStart), depth: provisions[parentIndex].depth + 1))
                k += 1
                continue
            }
            k += 1
        }
        let end = text.utf8.count
        close(point, at: end); close(paragraph, at: end); close(article, at: end); close(chapter, at: end)
        // Close every still-open span (nested points, and the own words of parents up to their first child).
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
        return Instrument(metadata: InstrumentMetadata(title: url.lastPathComponent), text: text, provisions: provisions)
    }

    static func close(_ index: Int, at end: Int, provisions: inout [Provision], text: String) {
        if provisions[index].span.isEmpty || provisions[index].span.end == provisions[index].span.start {
            provisions[index].span = TextSpan(start: provisions[index].span.start, end: max(provisions[index].span.start, end - 1))
        }
    }
}
