/// Faster forms of two standard-library String operations that cost hundreds of instructions per byte on the
/// text of real instruments, with exactly the standard results.
extension String {
    /// The same string as `lowercased()`.
    ///
    /// The standard library maps each scalar of a string that is not all ASCII through
    /// `Unicode.Scalar.Properties.lowercaseMapping`, which builds a String per scalar: about 600 instructions
    /// per byte on a treaty with curly quotes. Here ASCII bytes are lowered directly and only the other scalars
    /// go through that mapping, which is what `lowercased()` does with each of them.
    public func fastLowercased() -> String {
        var result: [UInt8] = []
        result.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(truncatingIfNeeded: scalar.value)
                result.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            } else {
                result += scalar.properties.lowercaseMapping.utf8
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

extension StringProtocol {
    /// The same answer as `contains(needle)` (a grapheme-cluster search), decided on UTF-8 bytes when it can be.
    ///
    /// A needle of ASCII characters can only match where its bytes occur (no ASCII character has another
    /// canonically equivalent form), so a byte search that finds nothing settles it; a byte hit, or a needle
    /// with other characters, is confirmed by the standard search. `contains` builds a searcher per call
    /// (about 26,000 instructions even for a short heading).
    public func fastContains(_ needle: String) -> Bool {
        guard needle.utf8.allSatisfy({ $0 < 0x80 }) else { return contains(needle) }
        guard !needle.isEmpty else { return contains(needle) }
        let pattern = Array(needle.utf8)
        let found: Bool? = utf8.withContiguousStorageIfAvailable { haystack in
            pattern.withUnsafeBufferPointer { Self.byteSearch(haystack, $0) }
        }
        if found == false { return false }
        return contains(needle)
    }

    private static func byteSearch(_ haystack: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        guard pattern.count <= haystack.count, let first = pattern.first else { return pattern.isEmpty }
        var i = 0
        let last = haystack.count - pattern.count
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < pattern.count, haystack[i + k] == pattern[k] { k += 1 }
                if k == pattern.count { return true }
            }
            i += 1
        }
        return false
    }
}

extension StringProtocol {
    /// Whether the UTF-8 form holds `byte`: `utf8.contains(byte)`, on the contiguous bytes when the string has
    /// them (the generic walk over a UTF-8 view costs about 30 instructions per byte).
    public func utf8Contains(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? utf8.contains(byte)
    }
}
