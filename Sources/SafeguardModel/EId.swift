import Foundation

/// An Akoma Ntoso element identifier (eId) such as `art_7__para_1__point_a`: the address every finding,
/// verdict and change cites. A type of its own, not a `String`, so an address can be traced through every
/// module and cannot be mixed up with a heading, a number or a feature id.
///
/// Encodes as a plain JSON string, and as a plain key in a dictionary, so outputs read the same as text.
public struct EId: RawRepresentable, Codable, Hashable, Sendable, Comparable, ExpressibleByStringLiteral,
    ExpressibleByStringInterpolation, CustomStringConvertible, CodingKeyRepresentable
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: Substring) { self.rawValue = String(rawValue) }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(stringInterpolation: DefaultStringInterpolation) { self.rawValue = String(stringInterpolation: stringInterpolation) }
    public var description: String { rawValue }
    /// True for the empty address, which a reader never assigns to a provision it keeps.
    public var isEmpty: Bool { rawValue.isEmpty }
    /// Orders addresses as their text: deterministic, not document order.
    public static func < (lhs: EId, rhs: EId) -> Bool { lhs.rawValue < rhs.rawValue }

    /// True when this address is `other` or lies inside it (`art_7__para_1` is inside `art_7`).
    public func isWithin(_ other: EId) -> Bool {
        rawValue == other.rawValue || rawValue.hasPrefix(other.rawValue + "__")
    }

    /// The first component: the top-level provision an address lies in (`art_7` for `art_7__para_1`).
    public var topLevel: EId {
        // An ASCII address (all the parser assigns) is searched on its bytes: Foundation's `range(of:)` cost
        // ~5,000 instructions per call here. Other addresses take Foundation's search, whose matching rules
        // (combining marks after an underscore) a byte search would not repeat.
        let utf8 = rawValue.utf8
        // The byte offset of the first "__", -1 when there is none, nil when the bytes do not decide.
        let separator: Int? =
            utf8.withContiguousStorageIfAvailable { bytes -> Int? in
                guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
                var k = 0
                while k + 1 < bytes.count {
                    if bytes[k] == 0x5F, bytes[k + 1] == 0x5F { return k }
                    k += 1
                }
                return -1
            } ?? nil
        if let separator {
            return separator < 0 ? self : EId(rawValue[..<utf8.index(utf8.startIndex, offsetBy: separator)])
        }
        guard let range = rawValue.range(of: "__") else { return self }
        return EId(rawValue[..<range.lowerBound])
    }

    /// Joins a child's own component (`para_1`) to this address (`art_7__para_1`); the component alone when
    /// this address is empty.
    public func appending(_ component: String) -> EId {
        rawValue.isEmpty ? EId(component) : EId(rawValue + "__" + component)
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var codingKey: any CodingKey { EIdKey(stringValue: rawValue) }

    public init?<T: CodingKey>(codingKey: T) { self.rawValue = codingKey.stringValue }

    private struct EIdKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

extension Sequence where Element == EId {
    /// The addresses as text, joined (for lists in tables and messages).
    public func joined(separator: String = "") -> String { lazy.map(\.rawValue).joined(separator: separator) }
}
