import Foundation

/// A tolerant HTML-to-text converter working on bytes: drops scripts, styles, head, navigation, headers
/// and footers; turns block elements into line breaks; decodes named and numeric character references.
enum HTMLTextExtractor {
    private static let skippedElements: Set<String> = [
        "script", "style", "nav", "footer", "header", "noscript", "template", "svg", "iframe", "object",
    ]
    private static let blockElements: Set<String> = [
        "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article", "blockquote",
        "ul", "ol", "dl", "dt", "dd", "pre", "hr", "main", "aside", "figure", "figcaption", "caption", "tbody",
        "thead", "address", "center", "body", "html", "title",
    ]
    static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}", "ndash": "–", "mdash": "—",
        "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "hellip": "…", "sect": "§", "para": "¶",
        "copy": "©", "reg": "®", "shy": "\u{00AD}", "laquo": "«", "raquo": "»", "bull": "•", "middot": "·",
        "eacute": "é", "egrave": "è", "agrave": "à", "aacute": "á", "ccedil": "ç", "ouml": "ö", "uuml": "ü",
        "auml": "ä", "szlig": "ß", "ntilde": "ñ", "oacute": "ó", "iacute": "í", "uacute": "ú", "ecirc": "ê",
        "thinsp": "\u{2009}", "ensp": "\u{2002}", "emsp": "\u{2003}", "zwnj": "", "zwj": "", "lrm": "", "rlm": "",
        "minus": "−", "times": "×", "deg": "°", "euro": "€", "pound": "£",
    ]

    /// Returns the visible text and the document `<title>` when present.
    static func extract(_ html: String) -> (text: String, title: String?) {
        var scanner = Scanner(bytes: Array(html.utf8))
        scanner.run()
        let text = String(decoding: scanner.out, as: UTF8.self)
        let titleText = scanner.title.map { String(decoding: $0, as: UTF8.self).trimmingSpaces }
        return (text, titleText?.isEmpty == false ? titleText : nil)
    }

    /// One pass over the bytes: markup changes the state (skipping, lists, preformatted text), text is appended
    /// with collapsed white space.
    private struct Scanner {
        let bytes: [UInt8]
        let n: Int
        var out: [UInt8] = []
        var title: [UInt8]?
        var inTitle = false
        var skipDepth = 0
        var skipName = ""
        var preDepth = 0
        var pendingSpace = false
        var inlineBoundary = false
        // Ordered lists: the numbers are not in the text (`<ol type="a">`); rebuild "1.", "(a)", "(i)" markers.
        var lists: [(type: UInt8, counter: Int)?] = []  // nil for <ul>
        var pendingMarker: [UInt8]?
        var i = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
            n = bytes.count
            out.reserveCapacity(n / 2)
        }

        mutating func run() {
            while i < n {
                if bytes[i] == 0x3C {  // '<'
                    readMarkup()
                } else if skipDepth > 0 {
                    i += 1
                } else {
                    readText()
                }
            }
        }

        mutating func newline() {
            pendingSpace = false
            var trailingNewlines = 0
            var k = out.count
            while k > 0, out[k - 1] == 0x0A { trailingNewlines += 1; k -= 1 }
            while let last = out.last, last == 0x20 { out.removeLast() }
            if !out.isEmpty, trailingNewlines < 2 { out.append(0x0A) }
        }

        /// A comment, a declaration, a tag, or a lone '<' in text.
        mutating func readMarkup() {
            // Comments and declarations
            if Bytes.hasPrefix(bytes, i, n, Array("<!--".utf8)) {
                if let end = HTMLTextExtractor.find(Array("-->".utf8), bytes, from: i + 4) { i = end + 3 } else { i = n }
                return
            }
            if i + 1 < n, bytes[i + 1] == 0x21 || bytes[i + 1] == 0x3F {
                while i < n, bytes[i] != 0x3E { i += 1 }
                i += 1
                return
            }
            var j = i + 1
            let closing = j < n && bytes[j] == 0x2F
            if closing { j += 1 }
            let nameStart = j
            while j < n, Bytes.isAlnum(bytes[j]) || bytes[j] == 0x3A || bytes[j] == 0x2D { j += 1 }
            guard j > nameStart else {
                // A lone '<' in text.
                if skipDepth == 0 { out.append(bytes[i]) }
                i += 1
                return
            }
            let name = String(decoding: bytes[nameStart..<j], as: UTF8.self).lowercased()
            // Skip attributes, respecting quotes.
            let attributesStart = j
            var quote: UInt8 = 0
            while j < n {
                let c = bytes[j]
                if quote != 0 { if c == quote { quote = 0 } } else if c == 0x22 || c == 0x27 { quote = c } else if c == 0x3E { break }
                j += 1
            }
            let selfClosing = j > 0 && j - 1 < n && bytes[j - 1] == 0x2F
            i = j + 1
            handleTag(name, closing: closing, selfClosing: selfClosing, attributes: attributesStart..<j)
        }

        mutating func handleTag(_ name: String, closing: Bool, selfClosing: Bool, attributes: Range<Int>) {
            if skipDepth > 0 {
                if name == skipName { skipDepth += closing ? -1 : (selfClosing ? 0 : 1) }
                return
            }
            if name == "title" {
                if !closing { inTitle = true; title = [] } else { inTitle = false }
                return
            }
            if HTMLTextExtractor.skippedElements.contains(name), !closing, !selfClosing {
                skipDepth = 1
                skipName = name
                return
            }
            if name == "pre" { preDepth += closing ? -1 : 1; preDepth = max(0, preDepth) }
            if name == "ol" || name == "ul" { handleList(name, closing: closing, attributes: attributes) }
            if name == "li", !closing, let last = lists.last, let list = last {
                lists[lists.count - 1] = (list.type, list.counter + 1)
                pendingMarker = HTMLTextExtractor.listMarker(list.type, list.counter + 1)
            }
            // "<span>1</span><span>Unauthorised access</span>": a number and its heading in adjacent inline
            // elements need a space between them.
            if closing, name == "span" || name == "a" || name == "b" || name == "strong" { inlineBoundary = true }
            if HTMLTextExtractor.blockElements.contains(name) {
                newline()
            } else if name == "td" || name == "th" {
                pendingSpace = true
            }
        }

        mutating func handleList(_ name: String, closing: Bool, attributes: Range<Int>) {
            if closing {
                if !lists.isEmpty { lists.removeLast() }
            } else if name == "ol" {
                let (from, to) = (attributes.lowerBound, attributes.upperBound)
                let type = HTMLTextExtractor.attributeValue("type", bytes, from, to)?.first ?? 0x31
                let start =
                    HTMLTextExtractor.attributeValue("start", bytes, from, to).flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 1
                lists.append((type, start - 1))
            } else {
                lists.append(nil)
            }
        }

        /// Text and character references.
        mutating func readText() {
            let b = bytes[i]
            var piece: [UInt8]
            if b == 0x26, let (decoded, next) = HTMLTextExtractor.entity(bytes, i) {
                piece = Array(decoded.utf8)
                i = next
            } else {
                piece = [b]
                i += 1
            }
            if inTitle {
                title?.append(contentsOf: piece)
                return
            }
            for c in piece { append(c) }
        }

        mutating func append(_ c: UInt8) {
            if preDepth == 0, c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D {
                pendingSpace = true
                inlineBoundary = false
                return
            }
            if inlineBoundary, let last = out.last, Bytes.isDigit(last) || last == 0x29 || last == 0x2E, Bytes.isLetter(c) {
                pendingSpace = true
            }
            inlineBoundary = false
            if preDepth > 0, c == 0x0A { out.append(0x0A); pendingSpace = false; return }
            if pendingSpace, let last = out.last, last != 0x0A, last != 0x20 { out.append(0x20) }
            pendingSpace = false
            if let marker = pendingMarker {
                pendingMarker = nil
                // Some pages write the number in the text as well ("(a) …" inside the <li>): keep theirs.
                var explicit = c == 0x28 || (Bytes.isLetter(c) && i < n && bytes[i] == 0x29)
                if Bytes.isDigit(c) {
                    var d = i
                    while d < n, Bytes.isDigit(bytes[d]) { d += 1 }
                    explicit = d < n && (bytes[d] == 0x2E || bytes[d] == 0x29)
                }
                if !explicit {
                    out.append(contentsOf: marker)
                    out.append(0x20)
                }
            }
            out.append(c)
        }
    }

    /// The value of attribute `name` inside a tag's attribute bytes, quoted or not.
    static func attributeValue(_ name: String, _ bytes: [UInt8], _ start: Int, _ end: Int) -> ArraySlice<UInt8>? {
        let key = Array(name.utf8)
        var k = start
        while k + key.count < end {
            if Bytes.hasPrefixCI(bytes, k, end, key), k == start || bytes[k - 1] == 0x20 || bytes[k - 1] == 0x0A {
                var v = k + key.count
                while v < end, bytes[v] == 0x20 { v += 1 }
                guard v < end, bytes[v] == 0x3D else { k += 1; continue }
                v += 1
                while v < end, bytes[v] == 0x20 { v += 1 }
                if v < end, bytes[v] == 0x22 || bytes[v] == 0x27 {
                    let q = bytes[v]
                    var w = v + 1
                    while w < end, bytes[w] != q { w += 1 }
                    return bytes[(v + 1)..<w]
                }
                var w = v
                while w < end, bytes[w] != 0x20, bytes[w] != 0x3E, bytes[w] != 0x2F { w += 1 }
                return bytes[v..<w]
            }
            k += 1
        }
        return nil
    }

    /// "3." for decimal lists, "(c)" for letters, "(iii)" for Roman numerals.
    static func listMarker(_ type: UInt8, _ value: Int) -> [UInt8] {
        switch type {
        case 0x61: return Array("(\(value >= 1 && value <= 26 ? String(UnicodeScalar(UInt8(96 + value))) : "\(value)"))".utf8)
        case 0x41: return Array("(\(value >= 1 && value <= 26 ? String(UnicodeScalar(UInt8(64 + value))) : "\(value)"))".utf8)
        case 0x69: return Array("(\(Bytes.romanString(value, upper: false)))".utf8)
        case 0x49: return Array("(\(Bytes.romanString(value, upper: true)))".utf8)
        default: return Array("\(value).".utf8)
        }
    }

    /// The instrument title from an HTML `<title>`: a leading document symbol ("A/AC.1/L.1 – ") is dropped.
    static func documentTitle(_ title: String) -> String {
        for separator in [" – ", " — ", " - ", ": "] {
            if let range = title.range(of: separator), title[..<range.lowerBound].contains("/") {
                return String(title[range.upperBound...]).trimmingSpaces
            }
        }
        return title.trimmingSpaces
    }

    private static func find(_ needle: [UInt8], _ bytes: [UInt8], from: Int) -> Int? {
        var i = from
        while i + needle.count <= bytes.count {
            if Bytes.hasPrefix(bytes, i, bytes.count, needle) { return i }
            i += 1
        }
        return nil
    }

    /// Decodes "&amp;", "&#8212;", "&#x2014;" at `i`; nil when it is not a reference (a bare '&').
    static func entity(_ bytes: [UInt8], _ i: Int) -> (String, Int)? {
        var j = i + 1
        let n = bytes.count
        if j < n, bytes[j] == 0x23 {  // '#'
            j += 1
            var hex = false
            if j < n, bytes[j] == 0x78 || bytes[j] == 0x58 { hex = true; j += 1 }
            var value: UInt32 = 0
            let start = j
            while j < n, j - start < 8 {
                let c = bytes[j]
                if Bytes.isDigit(c) {
                    value = value * (hex ? 16 : 10) + UInt32(c - 0x30)
                } else if hex, (0x61...0x66).contains(Bytes.lower(c)) {
                    value = value * 16 + UInt32(Bytes.lower(c) - 0x61 + 10)
                } else {
                    break
                }
                j += 1
            }
            guard j > start else { return nil }
            if j < n, bytes[j] == 0x3B { j += 1 }
            // Numeric references in the C1 range mean Windows-1252 in practice.
            if (0x80...0x9F).contains(value) {
                let cp1252: [UInt32: UInt32] = [
                    0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201C, 0x94: 0x201D, 0x96: 0x2013, 0x97: 0x2014, 0x85: 0x2026,
                ]
                value = cp1252[value] ?? 0x20
            }
            guard let scalar = Unicode.Scalar(value), value != 0 else { return ("\u{FFFD}", j) }
            return (String(Character(scalar)), j)
        }
        let start = j
        while j < n, Bytes.isAlnum(bytes[j]), j - start < 10 { j += 1 }
        guard j > start, let decoded = namedEntities[String(decoding: bytes[start..<j], as: UTF8.self)] else { return nil }
        if j < n, bytes[j] == 0x3B { j += 1 }
        return (decoded, j)
    }
}
