/// Normalises extracted text so that every reader feeds the structure parser the same shape of input,
/// and every span indexes the same bytes: LF line ends, plain spaces, no trailing blanks.
public enum TextNormalizer {
    /// Normalises `text`: CRLF/CR → LF, form feed → LF, NBSP and other Unicode spaces → space,
    /// tab → space, soft hyphens and zero-width characters removed, trailing spaces trimmed.
    public static func normalize(_ text: String) -> String {
        var input = Array(text.utf8)
        // Strip a UTF-8 byte-order mark.
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF { input.removeFirst(3) }
        return String(decoding: normalize(bytes: input), as: UTF8.self)
    }

    /// Byte-level normalisation (see ``normalize(_:)``). The input must be valid UTF-8.
    static func normalize(bytes input: [UInt8]) -> [UInt8] {
        // Written straight into the result's storage: the output is never longer than the input plus the final
        // newline (every byte kept, space flushed or line break written stands for at least one input byte), and
        // appending to an array checked its capacity at every byte.
        input.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: input.count + 1) { out, count in
                count = normalize(input, into: out)
            }
        }
    }

    private static func normalize(_ input: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var written = 0
        @inline(__always) func append(_ byte: UInt8) {
            out[written] = byte
            written += 1
        }
        var pendingSpaces = 0  // spaces not yet written: dropped at line end
        var i = 0
        let n = input.count
        @inline(__always) func flushSpaces() {
            while pendingSpaces > 0 { append(0x20); pendingSpaces -= 1 }
        }
        while i < n {
            let b = input[i]
            if b > 0x20, b < 0x80 {  // printable ASCII, most of any text: the default case below, decided at once
                flushSpaces()
                append(b)
                i += 1
                continue
            }
            switch b {
            case 0x0D:  // CR or CRLF
                pendingSpaces = 0
                append(0x0A)
                i += (i + 1 < n && input[i + 1] == 0x0A) ? 2 : 1
                continue
            case 0x0A, 0x0C, 0x0B:
                pendingSpaces = 0
                append(0x0A)
            case 0x20, 0x09:
                pendingSpaces += 1
            case 0xC2 where i + 1 < n && input[i + 1] == 0xA0:  // NBSP
                pendingSpaces += 1
                i += 2
                continue
            case 0xC2 where i + 1 < n && input[i + 1] == 0xAD:  // soft hyphen
                i += 2
                continue
            case 0xE2 where i + 2 < n && input[i + 1] == 0x80:
                let c = input[i + 2]
                if c >= 0x80 && c <= 0x8A || c == 0xAF {  // en/em/thin/... spaces, narrow NBSP
                    pendingSpaces += 1
                    i += 3
                    continue
                }
                if c == 0x8B || c == 0x8C || c == 0x8D {  // zero-width space / non-joiner / joiner
                    i += 3
                    continue
                }
                if c == 0xA8 || c == 0xA9 {  // line / paragraph separator
                    pendingSpaces = 0
                    append(0x0A)
                    i += 3
                    continue
                }
                flushSpaces()
                append(b)
            case 0xE3 where i + 2 < n && input[i + 1] == 0x80 && input[i + 2] == 0x80:  // ideographic space
                pendingSpaces += 1
                i += 3
                continue
            case 0xEF where i + 2 < n && input[i + 1] == 0xBB && input[i + 2] == 0xBF:  // stray BOM / ZWNBSP
                i += 3
                continue
            default:
                if b < 0x20 {  // other control characters are dropped
                    i += 1
                    continue
                }
                flushSpaces()
                append(b)
            }
            i += 1
        }
        // Trim trailing blank lines to a single final newline.
        while written > 0, out[written - 1] == 0x0A { written -= 1 }
        if written > 0 { append(0x0A) }
        return written
    }
}
