/// JSON string escaping over bytes, exactly as `JSONEncoder` writes it with `.withoutEscapingSlashes`: `"` and `\`
/// escaped, `\n \r \t \b \f` for those controls, `\u00XX` for the other bytes below 0x20, everything else (slashes,
/// non-ASCII UTF-8) as it is. The one escaper of the byte writers (`PrettyJSON` here, the screening module's
/// compact writer); their tests hold them to `JSONEncoder`.
///
/// Not `@inlinable`: inlined across modules, Swift 6.3's release build miscompiled the `switch` below (a `"` in a
/// batch decision came out as `\f`), which only the release outputs of `scripts/example-outputs` showed.
public enum JSONStringEscaping {
    /// Appends `utf8` to `bytes` with JSON escapes (no quotes around it); runs that need none are copied at once.
    public static func append(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        var runStart = 0
        for i in 0..<utf8.count {
            let b = utf8[i]
            if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") { continue }
            if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
            escape(b, to: &bytes)
            runStart = i + 1
        }
        if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
    }

    /// Appends the escape of one byte that needs it: `"`, `\` or a control byte.
    public static func escape(_ b: UInt8, to bytes: inout [UInt8]) {
        let backslash: UInt8 = 0x5C
        switch b {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [backslash, UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [backslash, backslash])
        case 0x0A: bytes.append(contentsOf: [backslash, UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [backslash, UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [backslash, UInt8(ascii: "t")])
        case 0x08: bytes.append(contentsOf: [backslash, UInt8(ascii: "b")])
        case 0x0C: bytes.append(contentsOf: [backslash, UInt8(ascii: "f")])
        default:
            let hex: StaticString = "0123456789abcdef"
            bytes.append(contentsOf: [backslash, UInt8(ascii: "u"), 0x30, 0x30, hex.utf8Start[Int(b >> 4)], hex.utf8Start[Int(b & 0xF)]])
        }
    }
}
