/// Byte-level folding shared by the lexicon compiler and the scanner, so that a phrase and the text it
/// should match are folded the same way: ASCII case, Latin-1 accents (é → e), typographic quotes, dashes
/// and non-breaking spaces, and runs of whitespace (line breaks included) collapse to one space.
///
/// Folding never moves offsets: the scanner keeps the byte offset where each folded symbol started, so
/// evidence spans always point into the original text.
enum TextFolding {
    /// The space symbol every whitespace run folds to.
    static let space: UInt8 = 0x20

    /// ASCII bytes folded: upper case to lower case, every whitespace byte to a space.
    static let asciiFold: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 128)
        for b in 0..<128 {
            var folded = UInt8(b)
            if folded >= 0x41 && folded <= 0x5A { folded += 0x20 }
            if folded == 0x09 || folded == 0x0A || folded == 0x0B || folded == 0x0C || folded == 0x0D { folded = space }
            table[b] = folded
        }
        return table
    }()

    /// Latin-1 supplement letters U+00C0–U+00FF (second byte of a `C3` sequence, minus 0x80) folded to their
    /// unaccented ASCII base letter; 0 where there is no sensible base (×, ÷).
    static let latin1Letters: [UInt8] = {
        let bases = Array("aaaaaaaceeeeiiiidnooooo\u{0}ouuuuytsaaaaaaaceeeeiiiidnooooo\u{0}ouuuuyty".utf8)
        // U+00C0..U+00DF then U+00E0..U+00FF; 'ß' (U+00DF) folds to 's', 'þ' to 't'.
        return bases
    }()

    /// Folds the scalar starting at `index` of `bytes`: the folded symbol and how many bytes it used.
    /// Non-ASCII bytes that have no folding are passed through one byte at a time as symbols ≥ 0x80,
    /// which never match an ASCII phrase but still count as word characters.
    @inline(__always)
    static func fold(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (symbol: UInt8, width: Int) {
        let b = bytes[index]
        if b < 0x80 { return (asciiFold[Int(b)], 1) }
        let count = bytes.count
        if b == 0xC3, index + 1 < count {
            let next = bytes[index + 1]
            if next >= 0x80 && next <= 0xBF {
                let base = latin1Letters[Int(next - 0x80)]
                if base != 0 { return (base, 2) }
            }
            return (0xC3, 1)
        }
        if b == 0xC2, index + 1 < count, bytes[index + 1] == 0xA0 { return (space, 2) }  // no-break space
        if b == 0xE2, index + 2 < count, bytes[index + 1] == 0x80 {
            let third = bytes[index + 2]
            switch third {
            case 0x98, 0x99, 0x9B: return (0x27, 3)  // ‘ ’ ‛ → '
            case 0x9C, 0x9D, 0x9F: return (0x22, 3)  // “ ” ‟ → "
            case 0x90, 0x91, 0x92, 0x93, 0x94, 0x95: return (0x2D, 3)  // hyphens and dashes → -
            case 0x80...0x8A, 0xAF: return (space, 3)  // en/em/thin/narrow spaces
            case 0xA8, 0xA9: return (space, 3)  // line and paragraph separators
            default: return (b, 1)
            }
        }
        return (b, 1)
    }

    /// Folds a whole phrase the way the scanner folds text: trimmed, whitespace runs collapsed.
    static func foldPhrase(_ phrase: String) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(phrase.utf8.count)
        var phrase = phrase
        phrase.withUTF8 { buffer in
            var i = 0
            var lastWasSpace = true
            while i < buffer.count {
                let (symbol, width) = fold(buffer, at: i)
                i += width
                if symbol == space {
                    if lastWasSpace { continue }
                    lastWasSpace = true
                } else {
                    lastWasSpace = false
                }
                result.append(symbol)
            }
        }
        while result.last == space { result.removeLast() }
        return result
    }

    /// Whether a folded symbol is part of a word (letters, digits, and any unfolded non-ASCII byte).
    @inline(__always)
    static func isWordSymbol(_ symbol: UInt8) -> Bool {
        (symbol >= 0x61 && symbol <= 0x7A) || (symbol >= 0x30 && symbol <= 0x39) || symbol >= 0x80
            || (symbol >= 0x41 && symbol <= 0x5A)
    }

    /// Whether the character that ends just before byte `offset` is a word character (false at the start).
    static func wordCharacterEnds(before offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard offset > 0 else { return false }
        var start = offset - 1
        // Step back over UTF-8 continuation bytes to the lead byte.
        while start > 0 && bytes[start] & 0xC0 == 0x80 && offset - start < 4 { start -= 1 }
        let (symbol, _) = fold(bytes, at: start)
        return isWordSymbol(symbol)
    }

    /// Whether the character that starts at byte `offset` is a word character (false at the end).
    static func wordCharacterStarts(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard offset < bytes.count else { return false }
        let (symbol, _) = fold(bytes, at: offset)
        return isWordSymbol(symbol)
    }
}
