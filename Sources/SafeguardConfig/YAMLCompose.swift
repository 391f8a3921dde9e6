import SafeguardModel
package import Yams

/// `Yams.compose` without a regular expression per scalar and per key lookup.
///
/// Yams' default resolver decides a plain scalar's tag (`!!str`, `!!bool`, `!!int`, ...) by trying up to seven
/// `NSRegularExpression`s on it: on every mapping key while composing (the duplicate-key check), on every value
/// read, and again on the new key node every `mapping["key"]` lookup builds. On the built-in lexicon that was
/// most of a command's start-up. This composes with no rules, then gives each plain value scalar the tag the
/// default resolver would give it, deciding words, booleans and nulls without a regular expression (a scalar
/// that could be a number, a date or a merge key still goes through Yams' own rules). Mapping keys are strings,
/// as every key of Safeguard's files is, and lookups resolve their key nodes with no rules.
package enum YAMLCompose {
    /// `file` names the document in the error for one that expands past ``maximumNodes``.
    package static func compose(yaml: String, file: String? = nil) throws -> Node? {
        let constructor = Constructor.default  // one per document, shared by its nodes' tags
        guard let root = try Yams.compose(yaml: yaml, Resolver.basic, constructor) else { return nil }
        var retagger = Retagger(constructor: constructor, file: file)
        return try retagger.retag(root) ?? root
    }

    /// Most nodes a document may expand to (``Limits/maximumYAMLValues``). Yams composes an alias as the node it
    /// names, so a few lines of aliases of aliases ("billion laughs") stand for an exponential tree: walking it
    /// must stop.
    package static var maximumNodes: Int { Limits.maximumYAMLValues }

    private struct Retagger {
        let constructor: Constructor
        let file: String?
        var visited = 0
        /// One tag per name, shared by the scalars that have it (a tag is an object: one per scalar was an allocation
        /// per value). Safe to share: a tag with a concrete name is never changed.
        var tags: [Tag.Name: Tag] = [:]

        mutating func tag(_ name: Tag.Name) -> Tag {
            if let tag = tags[name] { return tag }
            let tag = Tag(name, Resolver.basic, constructor)
            tags[name] = tag
            return tag
        }

        /// The node with the default resolver's tags, or nil when it needs none: a plain scalar that is a string
        /// keeps the tag it was composed with (with no rules, it resolves to `str`), so only the scalars that are
        /// something else, and the collections that hold them, are built anew (most of a lexicon is strings).
        mutating func retag(_ node: Node) throws -> Node? {
            visited += 1
            guard visited <= YAMLCompose.maximumNodes else {
                throw SafeguardError(
                    .invalidConfiguration,
                    "the document expands to more than \(YAMLCompose.maximumNodes) values (aliases of aliases?)", file: file)
            }
            switch node {
            case .scalar(let scalar):
                guard scalar.style == .plain else { return nil }
                let name = YAMLCompose.tagName(plain: scalar.string, tag: scalar.tag.rawValue)
                guard name != .str else { return nil }
                return .scalar(Node.Scalar(scalar.string, tag(name), scalar.style, scalar.mark))
            case .mapping(let mapping):
                // Keys stay as composed (strings); values get their tags.
                var pairs: [(key: Node, value: Node)]? = nil
                for (index, pair) in mapping.enumerated() {
                    guard let value = try retag(pair.value) else { continue }
                    if pairs == nil { pairs = Array(mapping) }
                    pairs?[index].value = value
                }
                guard let pairs else { return nil }
                return .mapping(Node.Mapping(pairs.map { ($0.key, $0.value) }, mapping.tag, mapping.style, mapping.mark))
            case .sequence(let sequence):
                var items: [Node]? = nil
                for (index, item) in sequence.enumerated() {
                    guard let retagged = try retag(item) else { continue }
                    if items == nil { items = Array(sequence) }
                    items?[index] = retagged
                }
                guard let items else { return nil }
                return .sequence(Node.Sequence(items, sequence.tag, sequence.style, sequence.mark))
            case .alias:
                return nil
            }
        }
    }

    /// The tag Yams' default resolver gives a plain scalar, with the common cases decided without a regular
    /// expression. `tag` is the scalar's tag as composed: empty when implicit.
    package static func tagName(plain text: String, tag: String) -> Tag.Name {
        guard tag.isEmpty else { return Tag.Name(rawValue: tag) }  // explicitly tagged
        switch text {
        case "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON",
            "off", "Off", "OFF":
            return .bool
        case "", "~", "null", "Null", "NULL":
            return .null
        default:
            break
        }
        // Plain decimal digits, the commonest numbers in Safeguard's files (gaps, weights, limits), decided without a
        // regular expression: "0", a number without a leading zero, or a leading zero followed by octal digits only
        // is an int; any other leading-zero number ("08") is a float, as the default rules have it.
        let utf8 = text.utf8
        if !utf8.isEmpty, utf8.allSatisfy(isDigit) {
            return utf8.first != 0x30 || utf8.count == 1 || utf8.allSatisfy({ $0 <= 0x37 }) ? .int : .float
        }
        // Numbers, dates and the merge and value keys use only these characters; anything else is a string.
        guard utf8.count <= 64, utf8.allSatisfy({ numeric[Int($0)] }) else { return .str }
        // Without a digit, only "<<", "=" and a float that starts with a dot (".inf", "-.NaN", "._") are anything but
        // a string: "date", "face" or "a" need no regular expression (compiling the default rules alone costs
        // milliseconds).
        if !utf8.contains(where: isDigit) {
            let second = utf8.dropFirst().first
            let startsWithDot = utf8.first == 0x2E || ((utf8.first == 0x2B || utf8.first == 0x2D) && second == 0x2E)
            if !startsWithDot && text != "<<" && text != "=" { return .str }
        }
        if isNeitherNumberNorDate(Array(utf8)) { return .str }
        return Resolver.default.resolveTag(of: Node.scalar(Node.Scalar(text, Tag(.implicit), .plain)))
    }

    /// Whether the default rules certainly make a string of this scalar, for the shapes of version numbers and year
    /// ranges ("1.0.0", "en-2026.12.2", "2021-2024"): no int, float or timestamp has two dots, and a dash after the
    /// first character that is not an exponent's sign only occurs in a timestamp, which starts with
    /// "YYYY-M-" or "YYYY-MM-".
    static func isNeitherNumberNorDate(_ bytes: [UInt8]) -> Bool {
        if bytes.count(where: { $0 == 0x2E }) >= 2 { return true }
        func digitAt(_ index: Int) -> Bool { index < bytes.count && isDigit(bytes[index]) }
        let innerDash = bytes.indices.dropFirst().contains { bytes[$0] == 0x2D && bytes[$0 - 1] | 0x20 != 0x65 }
        guard innerDash else { return false }
        guard (0..<4).allSatisfy(digitAt), bytes.count > 4, bytes[4] == 0x2D, digitAt(5) else { return true }
        let monthEnd = digitAt(6) ? 7 : 6
        return !(monthEnd < bytes.count && bytes[monthEnd] == 0x2D)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Bytes that occur in the default resolver's int, float, timestamp, merge and value patterns.
    private static let numeric: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "0123456789+-_:.eExXoObBaAcCdDfFiInNtTzZ \t<=".utf8 { table[Int(byte)] = true }
        return table
    }()
}
