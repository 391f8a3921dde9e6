/// A half-open range of UTF-8 byte offsets into an instrument's normalised text.
///
/// Byte offsets keep the hot paths (scanning, matching) on bytes. Output formats convert them to
/// Unicode code-point offsets with ``CharacterOffsets`` so that consumers can slice the text as
/// characters (e.g. Python's `text[start:end]`).
public struct TextSpan: Codable, Sendable, Hashable, Comparable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        precondition(start <= end, "TextSpan start \(start) after end \(end)")
        self.start = start
        self.end = end
    }

    public init(_ range: Range<Int>) {
        self.start = range.lowerBound
        self.end = range.upperBound
    }

    public var length: Int { end - start }
    public var isEmpty: Bool { start == end }
    public var range: Range<Int> { start..<end }

    public func contains(_ offset: Int) -> Bool { offset >= start && offset < end }
    public func contains(_ other: TextSpan) -> Bool { other.start >= start && other.end <= end }
    public func overlaps(_ other: TextSpan) -> Bool { other.start < end && start < other.end }

    public static func < (lhs: TextSpan, rhs: TextSpan) -> Bool {
        lhs.start != rhs.start ? lhs.start < rhs.start : lhs.end < rhs.end
    }
}

/// Converts UTF-8 byte offsets in a text into Unicode code-point offsets, for output.
///
/// Built once per text in O(n); each lookup is O(log n) over the positions of non-ASCII scalars, and O(1)
/// for pure-ASCII text.
public struct CharacterOffsets: Sendable {
    /// Byte offsets at which a multi-byte scalar starts, with how many extra bytes it has, cumulated.
    private let multiByteStarts: [Int]
    private let extraBytesBefore: [Int]

    public init(_ text: String) {
        var starts: [Int] = []
        var extras: [Int] = []
        var extra = 0
        var text = text
        // One pass over the UTF-8 bytes (a String's are valid): a lead byte gives its scalar's width.
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let lead = bytes[offset]
                if lead < 0x80 {
                    offset += 1
                    continue
                }
                let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                starts.append(offset)
                extra += width - 1
                extras.append(extra)
                offset += width
            }
        }
        multiByteStarts = starts
        extraBytesBefore = extras
    }

    /// The code-point offset of the scalar that starts at (or contains) the given byte offset.
    public func characterOffset(ofByte byteOffset: Int) -> Int {
        if multiByteStarts.isEmpty { return byteOffset }
        // Number of multi-byte scalars that start strictly before byteOffset.
        var low = 0
        var high = multiByteStarts.count
        while low < high {
            let mid = (low + high) / 2
            if multiByteStarts[mid] < byteOffset { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return byteOffset }
        let extra = extraBytesBefore[low - 1]
        // If byteOffset falls inside the last multi-byte scalar, clamp to its start.
        let lastStart = multiByteStarts[low - 1]
        let lastWidthExtra = extra - (low >= 2 ? extraBytesBefore[low - 2] : 0)
        if byteOffset <= lastStart + lastWidthExtra {
            return lastStart - (extra - lastWidthExtra)
        }
        return byteOffset - extra
    }

    /// A span converted to code-point offsets.
    public func characterRange(of span: TextSpan) -> Range<Int> {
        characterOffset(ofByte: span.start)..<characterOffset(ofByte: span.end)
    }
}
