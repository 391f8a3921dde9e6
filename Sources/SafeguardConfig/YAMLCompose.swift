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
        return try retagger.retag(root)
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

        mutating func retag(_ node: Node) throws -> Node {
            visited += 1
            guard visited <= YAMLCompose.maximumNodes else {
                throw SafeguardError(
                    .invalidConfiguration,
                    "the document expands to more than \(YAMLCompose.maximumNodes) values (aliases of aliases?)", file: file)
            }
            switch node {
            case .scalar(let scalar):
                guard scalar.style == .plain else { return node }
                let name = YAMLCompose.tagName(plain: scalar.string, tag: scalar.tag.rawValue)
                return .scalar(Node.Scalar(scalar.string, tag(name), scalar.style, scalar.mark))
            case .mapping(let mapping):
                // Keys stay as composed (strings); values get their tags.
                let pairs = try mapping.map { ($0.key, try retag($0.value)) }
                return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
            case .sequence(let sequence):
                return .sequence(Node.Sequence(try sequence.map { try retag($0) }, sequence.tag, sequence.style, sequence.mark))
            case .alias:
                return node
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
        // Numbers, dates and the merge and value keys use only these characters; anything else is a string.
        guard text.utf8.count <= 64, text.utf8.allSatisfy({ numeric[Int($0)] }) else { return .str }
        return Resolver.default.resolveTag(of: Node.scalar(Node.Scalar(text, Tag(.implicit), .plain)))
    }

    /// Bytes that occur in the default resolver's int, float, timestamp, merge and value patterns.
    private static let numeric: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "0123456789+-_:.eExXoObBaAcCdDfFiInNtTzZ \t<=".utf8 { table[Int(byte)] = true }
        return table
    }()
}
