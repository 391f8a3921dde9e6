public import SafeguardModel

/// Detects the format of input bytes from their content (the extension is only a hint).
public enum FormatDetector {
    /// The format of `bytes`; `extensionHint` (lower case, no dot) breaks ties between text and markdown.
    public static func detect(_ bytes: [UInt8], extensionHint: String? = nil) -> InputFormat {
        if bytes.starts(with: Array("%PDF-".utf8)) { return .pdf }
        // A PDF may have a few junk bytes before the header.
        if bytes.count > 5, let header = findSequence(Array("%PDF-".utf8), in: bytes, limit: 1024), header < 1024 { return .pdf }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return .docx  // any zip: DOCX is the only zip format we read; the reader says when document.xml is missing
        }
        let head = Head(textHead(bytes, limit: 4096).fastLowercased())
        let trimmed = head.text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\u{FEFF}" }
        if trimmed.hasPrefix("<") {
            if head.contains("<akomantoso") || head.contains(":akomantoso") { return .akn }
            if head.contains("<html") || head.contains("<!doctype html") || head.contains("<body") || head.contains("<p>")
                || head.contains("<div") || head.contains("<h1") || head.contains("<table")
            {
                return .html
            }
            if trimmed.hasPrefix("<?xml") {
                // Unknown XML: the AKN reader reports a clear error about the root element.
                return head.contains("<html") ? .html : .akn
            }
        } else if head.contains("<html") || head.contains("<!doctype html") {
            return .html
        }
        if extensionHint == "md" || extensionHint == "markdown" { return .markdown }
        if head.mayHaveHeadingLine, looksLikeMarkdown(head.text) { return .markdown }
        return .text
    }

    /// The lower-cased head of a file, searched on its bytes first. `String.contains` and `hasPrefix` compare
    /// grapheme clusters (a tenth of reading a plain-text file went into these few searches of 4 kB); a byte
    /// match is necessary for a cluster match (the needles are ASCII with no canonical equivalent), so the
    /// String search runs only to confirm a byte hit, and the result is exactly the String search's.
    private struct Head {
        let text: String
        let bytes: [UInt8]

        init(_ text: String) {
            self.text = text
            bytes = Array(text.utf8)
        }

        func contains(_ needle: String) -> Bool {
            findSequence(Array(needle.utf8), in: bytes, limit: bytes.count) != nil && text.contains(needle)
        }

        /// Whether some line may start with "#": necessary for ``looksLikeMarkdown(_:)`` to find a heading.
        var mayHaveHeadingLine: Bool {
            for k in bytes.indices where bytes[k] == UInt8(ascii: "#") && (k == 0 || bytes[k - 1] == 0x0A) { return true }
            return false
        }
    }

    /// Formats recognised only to be refused with a clear message: legacy Word (OLE), RTF.
    static func unsupportedFormat(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return "a legacy Word .doc (OLE) file" }
        if bytes.starts(with: Array("{\\rtf".utf8)) { return "RTF" }
        return nil
    }

    private static func looksLikeMarkdown(_ head: String) -> Bool {
        var headings = 0
        for line in head.split(separator: "\n", omittingEmptySubsequences: true).prefix(80) {
            if line.hasPrefix("# ") || line.hasPrefix("## ") || line.hasPrefix("### ") || line.hasPrefix("#### ") { headings += 1 }
        }
        return headings >= 1
    }

    private static func textHead(_ bytes: [UInt8], limit: Int) -> String {
        let slice = bytes.prefix(limit)
        // UTF-16 input: look at the ASCII bytes only.
        if slice.count >= 2, (slice[0] == 0xFF && slice[1] == 0xFE) || (slice[0] == 0xFE && slice[1] == 0xFF) {
            return String(decoding: slice.filter { $0 != 0 }, as: UTF8.self)
        }
        return String(decoding: slice, as: UTF8.self)
    }

    static func findSequence(_ needle: [UInt8], in haystack: [UInt8], limit: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        let last = min(haystack.count - needle.count, limit)
        guard last >= 0 else { return nil }
        outer: for i in 0...last {
            for k in 0..<needle.count where haystack[i + k] != needle[k] { continue outer }
            return i
        }
        return nil
    }
}

/// Turns input bytes into text: UTF-8 (BOM stripped), UTF-16 with BOM, or Latin-1/Windows-1252 with a warning.
public enum TextDecoder {
    /// Decodes `bytes`. Refuses binary content (NUL bytes or many control bytes) with `.binaryInput`.
    public static func decode(_ bytes: [UInt8], file: String? = nil) throws -> (text: String, warnings: [ParseWarning]) {
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            return (try utf16(bytes.dropFirst(2), littleEndian: true, file: file), [])
        }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            return (try utf16(bytes.dropFirst(2), littleEndian: false, file: file), [])
        }
        if let littleEndian = utf16WithoutBOM(bytes) {
            let warning = ParseWarning(
                code: .utf16NoBom,
                message:
                    "input is UTF-16 without a byte-order mark (\(littleEndian ? "little" : "big")-endian, judged from its zero bytes); "
                    + "read as such"
            )
            return (try utf16(bytes[...], littleEndian: littleEndian, file: file), [warning])
        }
        var body = bytes[...]
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { body = bytes.dropFirst(3) }
        try refuseBinary(body, file: file)
        if let text = String(validating: body, as: UTF8.self) { return (text, []) }
        // Not UTF-8: Latin-1, with Windows-1252 for 0x80–0x9F (curly quotes and dashes in old word-processor files).
        var text = String()
        text.reserveCapacity(body.count)
        for b in body { text.unicodeScalars.append(windows1252(b)) }
        let warning = ParseWarning(code: .latin1Fallback, message: "input is not valid UTF-8; read as Latin-1 (Windows-1252)")
        return (text, [warning])
    }

    /// Whether `bytes` look like UTF-16 without a byte-order mark: in the first 4 kB, most code units have one
    /// zero byte, always on the same side (Latin-script text), and the other side is never zero.
    /// Returns `true` for little-endian, `false` for big-endian, nil when it does not look like UTF-16.
    static func utf16WithoutBOM(_ bytes: [UInt8]) -> Bool? {
        let pairs = min(bytes.count, 4096) / 2
        guard pairs >= 4, bytes.count % 2 == 0 else { return nil }
        var zeroHigh = 0
        var zeroLow = 0
        for k in 0..<pairs {
            if bytes[2 * k] == 0 { zeroLow += 1 }
            if bytes[2 * k + 1] == 0 { zeroHigh += 1 }
        }
        if zeroHigh * 10 >= pairs * 6, zeroLow == 0 { return true }
        if zeroLow * 10 >= pairs * 6, zeroHigh == 0 { return false }
        return nil
    }

    static func refuseBinary(_ bytes: ArraySlice<UInt8>, file: String?) throws {
        var control = 0
        let sample = bytes.prefix(65_536)
        for b in sample {
            if b == 0 { throw SafeguardError(.binaryInput, "binary input (contains NUL bytes), not a text document", file: file) }
            if b < 0x20, b != 0x0A, b != 0x0D, b != 0x09, b != 0x0C { control += 1 }
        }
        if !sample.isEmpty, control * 100 / sample.count > 5 {
            throw SafeguardError(
                .binaryInput, "binary input (\(control) control bytes in the first \(sample.count)), not a text document", file: file)
        }
    }

    private static func utf16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool, file: String?) throws -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            let a = UInt16(bytes[i])
            let b = UInt16(bytes[i + 1])
            units.append(littleEndian ? a | (b << 8) : (a << 8) | b)
            i += 2
        }
        var text = String()
        var iterator = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar.value == 0 { throw SafeguardError(.binaryInput, "binary input (NUL characters in UTF-16 text)", file: file) }
                text.unicodeScalars.append(scalar)
            case .emptyInput: break loop
            case .error: throw SafeguardError(.undecodable, "invalid UTF-16 text", file: file)
            }
        }
        return text
    }

    private static let cp1252: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    private static func windows1252(_ b: UInt8) -> Unicode.Scalar {
        if b >= 0x80, b <= 0x9F { return Unicode.Scalar(cp1252[Int(b - 0x80)]) ?? " " }
        return Unicode.Scalar(b)
    }
}
