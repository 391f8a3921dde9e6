import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import SafeguardModel

/// Refuses XML constructs that could expand or fetch: DOCTYPEs with ENTITY declarations, SYSTEM or PUBLIC ids.
enum XMLSafety {
    /// The `encoding` of the XML declaration, when there is one and it is a plain name (letters, digits, `._-`,
    /// at most 40): anything else is not echoed back in a message.
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        guard Bytes.hasPrefix(bytes, start, bytes.count, Array("<?xml".utf8)) else { return nil }
        let end = min(bytes.count, start + 200)
        guard let close = bytes[start..<end].firstIndex(of: 0x3E) else { return nil }
        let declaration = bytes[start..<close]
        guard let at = FormatDetector.findSequence(Array("encoding".utf8), in: Array(declaration), limit: Int.max) else { return nil }
        var i = declaration.startIndex + at + 8
        while i < close, bytes[i] == 0x20 || bytes[i] == 0x3D || bytes[i] == 0x09 { i += 1 }
        guard i < close, bytes[i] == 0x22 || bytes[i] == 0x27 else { return nil }
        let quote = bytes[i]
        i += 1
        var name: [UInt8] = []
        while i < close, bytes[i] != quote {
            let b = bytes[i]
            guard Bytes.isAlnum(b) || b == 0x2E || b == 0x5F || b == 0x2D, name.count < 40 else { return "(unreadable name)" }
            name.append(b)
            i += 1
        }
        return name.isEmpty ? "(empty name)" : String(decoding: name, as: UTF8.self)
    }

    /// The offset of a processing instruction with a target and no data (`<?target?>`, `<?target ?>`), or nil.
    /// FoundationXML passes its NULL data to `strlen` and crashes (SEGV; found by FuzzAKN on `<?xxml?>`).
    static func emptyProcessingInstruction(_ bytes: [UInt8]) -> Int? {
        let count = bytes.count
        var i = 0
        while i + 1 < count {
            guard let lt = bytes[i..<(count - 1)].firstIndex(of: 0x3C) else { return nil }
            i = lt + 1
            guard bytes[lt + 1] == 0x3F else { continue }
            var k = lt + 2
            while k < count, !Bytes.isSpace(bytes[k]), bytes[k] != 0x0A, bytes[k] != 0x0D, bytes[k] != 0x3F, bytes[k] != 0x3E { k += 1 }
            while k < count, Bytes.isSpace(bytes[k]) || bytes[k] == 0x0A || bytes[k] == 0x0D { k += 1 }
            if k + 1 < count, bytes[k] == 0x3F, bytes[k + 1] == 0x3E { return lt }
        }
        return nil
    }

    /// Where the DOCTYPE starts, looking only at the prolog (XML declaration, processing instructions,
    /// comments) before the root element: a DOCTYPE can stand nowhere else, and a 50 MB document is not
    /// searched end to end.
    static func prologDoctype(_ bytes: [UInt8]) -> Int? {
        let count = bytes.count
        var i = 0
        while i < count {
            guard let lt = bytes[i...].firstIndex(of: 0x3C) else { return nil }
            if lt + 1 < count, bytes[lt + 1] == 0x3F { i = lt + 2; continue }  // <? … ?>
            if Bytes.hasPrefix(bytes, lt, count, Array("<!--".utf8)) {
                var k = lt + 4
                while k + 2 < count, !(bytes[k] == 0x2D && bytes[k + 1] == 0x2D && bytes[k + 2] == 0x3E) { k += 1 }
                i = k + 3
                continue
            }
            return Bytes.hasPrefixCI(bytes, lt, count, Array("<!doctype".utf8)) ? lt : nil
        }
        return nil
    }

    /// A readable name for common XMLParser error codes (libxml2 numbering).
    static func describe(_ code: Int) -> String {
        switch code {
        case 4, 5: "document is empty or ends too early"
        case 38, 39, 40, 41: "bad attribute"
        case 64, 65: "bad XML declaration"
        case 73, 74, 76: "mismatched or unclosed tag"
        case 26, 27: "undefined entity"
        case 68: "unescaped < or &"
        default: "parser error \(code)"
        }
    }

    /// Refuses what the XML reader must never see: anything but UTF-8 (UTF-16, another declared encoding),
    /// bytes that are not well-formed UTF-8 (they crash FoundationXML when they sit in a name), and DOCTYPEs
    /// that declare entities or name an external DTD. `part` names the document in messages ("word/document.xml").
    static func check(_ bytes: [UInt8], part: String? = nil) throws {
        let what = part.map { "\($0) is" } ?? "XML is"
        if bytes.count >= 2,
            (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)
                || (bytes[0] == 0x00 && bytes[1] == 0x3C) || (bytes[0] == 0x3C && bytes[1] == 0x00)
        {
            throw SafeguardError(.malformedXML, "\(what) UTF-16: only UTF-8 XML is read (save it as UTF-8)", line: 1)
        }
        if let encoding = declaredEncoding(bytes) {
            let name = encoding.lowercased()
            if name != "utf-8", name != "utf8", name != "us-ascii", name != "ascii" {
                throw SafeguardError(.malformedXML, "\(what) declared as \(encoding): only UTF-8 XML is read (save it as UTF-8)", line: 1)
            }
        }
        // NUL is not allowed anywhere in XML; leading NULs also make libxml2 guess UCS-4 and crash inside
        // FoundationXML (SEGV in xmlParseChunk on "\0\0\0<n …", found by FuzzAKN).
        if let offset = bytes.firstIndex(of: 0) {
            let line = UTF8Validation.line(of: offset, in: bytes)
            throw SafeguardError(
                .malformedXML, "malformed XML at line \(line): \(what) not UTF-8 text (a NUL byte at offset \(offset))", line: line)
        }
        if let offset = UTF8Validation.firstInvalidOffset(bytes) {
            let line = UTF8Validation.line(of: offset, in: bytes)
            let byte = String(bytes[offset], radix: 16, uppercase: true)
            throw SafeguardError(
                .malformedXML, "malformed XML at line \(line): \(what) not valid UTF-8 (byte 0x\(byte) at offset \(offset))", line: line)
        }
        if let offset = emptyProcessingInstruction(bytes) {
            let line = UTF8Validation.line(of: offset, in: bytes)
            throw SafeguardError(
                .malformedXML,
                "malformed XML at line \(line): a processing instruction without data (offset \(offset)) is refused (FoundationXML cannot "
                    + "read it)",
                line: line)
        }
        guard let doctype = prologDoctype(bytes) else { return }
        var end = doctype
        var depth = 0
        while end < bytes.count {
            if bytes[end] == 0x5B { depth += 1 }
            if bytes[end] == 0x5D { depth -= 1 }
            if bytes[end] == 0x3E, depth <= 0 { break }
            end += 1
        }
        let declaration = String(decoding: bytes[doctype..<min(end + 1, bytes.count)], as: UTF8.self).uppercased()
        if declaration.contains("<!ENTITY") {
            throw SafeguardError(
                .malformedXML,
                "XML with entity declarations in a DOCTYPE is refused (entity expansion and external entities are never processed)")
        }
        if declaration.contains(" SYSTEM") || declaration.contains(" PUBLIC") {
            throw SafeguardError(.malformedXML, "XML with an external DTD is refused (DTDs are never fetched)")
        }
    }
}
