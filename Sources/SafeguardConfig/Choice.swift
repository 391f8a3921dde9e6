import SafeguardModel
package import Yams

extension YAMLDocument {
    /// Reads a value that must be one of a fixed set of words, e.g. a quantifier or a verdict.
    ///
    /// An unknown word is an error that names it and lists the accepted ones:
    /// `<what>: unknown <noun> '<word>' (use a, b or c)`, at the value's line.
    /// - Parameters:
    ///   - node: the scalar holding the word.
    ///   - what: where the value stands, for messages (`principle 'p1'.quantifier`).
    ///   - noun: what the word names (`quantifier`, `verdict`, `value`).
    ///   - allowed: the accepted values, in the order the message lists them.
    package func choice<Value: RawRepresentable>(
        _ node: Node, _ what: String, noun: String, among allowed: [Value]
    ) throws -> Value where Value.RawValue == String {
        try choice(string(node, what), at: node, what, noun: noun, among: allowed)
    }

    /// As ``choice(_:_:noun:among:)`` for a word already read (e.g. with ``Mapping/requiredString(_:)``).
    package func choice<Value: RawRepresentable>(
        _ raw: String, at node: Node?, _ what: String, noun: String, among allowed: [Value]
    ) throws -> Value where Value.RawValue == String {
        if let value = allowed.first(where: { $0.rawValue == raw }) { return value }
        throw error("\(what): unknown \(noun) '\(raw)' (use \(Self.alternatives(allowed.map(\.rawValue))))", at: node)
    }

    /// As ``choice(_:at:_:noun:among:)`` for values whose word in the file is not their raw value.
    package func choice<Value>(
        _ raw: String, at node: Node?, _ what: String, noun: String, among allowed: [(word: String, value: Value)]
    ) throws -> Value {
        if let match = allowed.first(where: { $0.word == raw }) { return match.value }
        throw error("\(what): unknown \(noun) '\(raw)' (use \(Self.alternatives(allowed.map(\.word))))", at: node)
    }

    /// "a", "a or b", "a, b or c".
    package static func alternatives(_ words: [String]) -> String {
        guard let last = words.last else { return "" }
        let head = words.dropLast()
        return head.isEmpty ? last : head.joined(separator: ", ") + " or " + last
    }
}
