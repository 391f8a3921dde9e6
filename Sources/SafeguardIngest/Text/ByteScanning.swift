/// Small byte-level helpers shared by the readers and the structure parser. Everything here works on
/// UTF-8 bytes so the hot paths never build Strings or run regexes.
enum Bytes {
    static let space: UInt8 = 0x20
    static let newline: UInt8 = 0x0A

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { isUpper(b) || isLower(b) }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isLetter(b) || isDigit(b) }
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { isUpper(b) ? b | 0x20 : b }
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// Whether `bytes[at...]` starts with the ASCII `word`, compared case-insensitively.
    static func hasPrefixCI(_ bytes: [UInt8], _ at: Int, _ end: Int, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard at + count <= end else { return false }
        return word.withUTF8Buffer { w in
            for k in 0..<count where lower(bytes[at + k]) != lower(w[k]) { return false }
            return true
        }
    }

    /// Whether `bytes[at...]` starts with exactly these bytes.
    static func hasPrefix(_ bytes: [UInt8], _ at: Int, _ end: Int, _ seq: [UInt8]) -> Bool {
        guard at + seq.count <= end else { return false }
        for k in 0..<seq.count where bytes[at + k] != seq[k] { return false }
        return true
    }

    static func skipSpaces(_ bytes: [UInt8], _ i: Int, _ end: Int) -> Int {
        var i = i
        while i < end, isSpace(bytes[i]) { i += 1 }
        return i
    }

    static func trimEnd(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        var e = end
        while e > start, isSpace(bytes[e - 1]) || bytes[e - 1] == newline { e -= 1 }
        return e
    }

    static func trimStart(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        var s = start
        while s < end, isSpace(bytes[s]) || bytes[s] == newline { s += 1 }
        return s
    }

    static func string(_ bytes: [UInt8], _ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// Length of a dash at `i` (hyphen, en dash, em dash, minus sign, horizontal bar), or 0.
    static func dashLength(_ bytes: [UInt8], _ i: Int, _ end: Int) -> Int {
        guard i < end else { return 0 }
        if bytes[i] == 0x2D { return 1 }
        if bytes[i] == 0xE2, i + 2 < end, bytes[i + 1] == 0x80, (0x90...0x95).contains(bytes[i + 2]) { return 3 }
        if bytes[i] == 0xE2, i + 2 < end, bytes[i + 1] == 0x88, bytes[i + 2] == 0x92 { return 3 }
        // A dash lost to an encoding error upstream ("Title. \u{FFFD} This Act ..."): a replacement character
        // standing alone between spaces can only have been punctuation, and in headings it was a dash.
        if bytes[i] == 0xEF, i + 2 < end, bytes[i + 1] == 0xBF, bytes[i + 2] == 0xBD, i > 0, bytes[i - 1] == 0x20,
            i + 3 == end || bytes[i + 3] == 0x20
        {
            return 3
        }
        return 0
    }

    /// Length of an opening or closing quotation mark at `i` (straight or curly), or 0.
    static func quoteLength(_ bytes: [UInt8], _ i: Int, _ end: Int) -> Int {
        guard i < end else { return 0 }
        if bytes[i] == 0x22 || bytes[i] == 0x27 { return 1 }
        if bytes[i] == 0xE2, i + 2 < end, bytes[i + 1] == 0x80, (0x98...0x9F).contains(bytes[i + 2]) { return 3 }
        if bytes[i] == 0xC2, i + 1 < end, bytes[i + 1] == 0xAB || bytes[i + 1] == 0xBB { return 2 }
        return 0
    }

    /// The value of a Roman numeral written in `bytes[start..<end]` (either case, not mixed), or nil.
    static func romanValue(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int? {
        guard end > start, end - start <= 12 else { return nil }
        var total = 0
        var previous = 0
        var sawUpper = false
        var sawLower = false
        for k in stride(from: end - 1, through: start, by: -1) {
            let b = bytes[k]
            if isUpper(b) { sawUpper = true } else if isLower(b) { sawLower = true }
            let value: Int
            switch lower(b) {
            case 0x69: value = 1  // i
            case 0x76: value = 5  // v
            case 0x78: value = 10  // x
            case 0x6C: value = 50  // l
            case 0x63: value = 100  // c
            case 0x64: value = 500  // d
            case 0x6D: value = 1000  // m
            default: return nil
            }
            if value < previous { total -= value } else { total += value; previous = value }
        }
        if sawUpper && sawLower { return nil }
        guard total > 0, romanString(total, upper: sawUpper) == string(bytes, start, end) else { return nil }
        return total
    }

    static func romanString(_ value: Int, upper: Bool) -> String {
        let table: [(Int, String)] = [
            (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
            (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
        ]
        var v = value
        var out = ""
        for (n, s) in table { while v >= n { out += s; v -= n } }
        return upper ? out.uppercased() : out
    }

    /// Whether `bytes[at...]` starts with `word` (given in lower case), compared case-insensitively.
    static func hasPrefixCI(_ bytes: [UInt8], _ at: Int, _ end: Int, _ word: [UInt8]) -> Bool {
        guard at + word.count <= end else { return false }
        for k in 0..<word.count where lower(bytes[at + k]) != word[k] { return false }
        return true
    }
}
