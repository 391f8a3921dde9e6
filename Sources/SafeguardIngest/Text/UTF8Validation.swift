/// A fast byte pass that finds the first byte that is not well-formed UTF-8.
///
/// Why it exists: FoundationXML's `XMLParser` on Linux traps (SIGILL) when an element or attribute name holds
/// an invalid UTF-8 byte (`<hea\xE6ing>`), because it turns libxml2's name bytes into a `String` with a forced
/// unwrap. Every XML document Safeguard parses (Akoma Ntoso, the XML parts of a DOCX) passes this check first,
/// so such input is refused with exit 65 instead of crashing the process.
///
/// The rules are Unicode's (Table 3-7): no overlong forms, no surrogates (U+D800–U+DFFF), nothing above
/// U+10FFFF, no truncated sequences. It accepts exactly what `String(validating:as: UTF8.self)` accepts.
enum UTF8Validation {
    /// The byte offset of the first byte that does not start or continue a well-formed UTF-8 sequence, or nil.
    static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidOffset($0) }
    }

    static func firstInvalidOffset(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = buffer.count
        guard let base = buffer.baseAddress else { return nil }
        var i = 0
        while i < count {
            // ASCII fast path: eight bytes at a time while none has its high bit set.
            while i + 8 <= count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < count else { return nil }
            let b0 = base[i]
            if b0 < 0x80 { i += 1; continue }
            // Lead byte: length and the allowed range of the second byte (Unicode Table 3-7).
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F  // no UTF-16 surrogates
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F  // nothing above U+10FFFF
            default: return i  // 0x80–0xC1 (continuation or overlong lead), 0xF5–0xFF
            }
            guard i + length <= count else { return i }
            let b1 = base[i + 1]
            guard b1 >= low, b1 <= high else { return i }
            var k = 2
            while k < length {
                guard base[i + k] & 0xC0 == 0x80 else { return i }
                k += 1
            }
            i += length
        }
        return nil
    }

    /// The 1-based line of byte `offset` (newlines before it, plus one).
    static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        for b in bytes[..<min(offset, bytes.count)] where b == 0x0A { line += 1 }
        return line
    }
}
