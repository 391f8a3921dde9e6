public import Foundation
public import SafeguardModel
package import Yams

/// Reads a YAML configuration file (framework, review, comparison rules, victims' vocabulary) node by node, so that every error can name
/// the
/// file and the line it stands on. Yams' composed nodes carry marks; decoding into Codable types would lose them.
package struct YAMLDocument {
    package let file: String
    package let root: Node
    /// Warnings met while reading (old key spellings), shared by the copies of this document.
    private let log = WarningLog()

    /// What the reader accepted but wants changed, each as "file:line: message", in the order met.
    package var warnings: [String] { log.messages }

    /// Records a warning at a node's line.
    package func warn(_ message: String, at node: Node?) {
        log.messages.append(node?.mark.map { "\(file):\($0.line): \(message)" } ?? "\(file): \(message)")
    }

    /// Checks the `schema:` key of a data file: a wrong schema is an error, a missing one is accepted.
    package func checkSchema(_ mapping: Mapping, expected: String) throws {
        guard let node = mapping["schema"] else { return }
        let schema = try string(node, "schema")
        guard schema == expected else {
            throw error("unsupported schema '\(schema)' (expected \(expected))", at: node)
        }
    }

    /// Parses `text`; bad YAML becomes ``SafeguardError/Kind/invalidConfiguration`` with the parser's line.
    package init(text: String, file: String) throws {
        self.file = file
        do {
            guard let node = try YAMLCompose.compose(yaml: text, file: file) else {
                throw SafeguardError(.invalidConfiguration, "the file is empty", file: file, line: 1)
            }
            root = node
        } catch let error as SafeguardError {
            throw error
        } catch let error as YamlError {
            throw SafeguardError(
                .invalidConfiguration, "not valid YAML: \(Self.describe(error))", file: file,
                line: Self.line(of: error))
        } catch {
            throw SafeguardError(.invalidConfiguration, "not valid YAML: \(error)", file: file)
        }
    }

    /// Reads and parses a file; a missing file is `.inputNotFound`.
    package static func load(contentsOf url: URL) throws -> YAMLDocument {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SafeguardError(.inputNotFound, "cannot read \(url.path)", file: url.path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SafeguardError(.invalidConfiguration, "the file is not UTF-8 text", file: url.path)
        }
        return try YAMLDocument(text: text, file: url.path)
    }

    /// The warnings of one read; a class so that the copies of a document share it.
    private final class WarningLog {
        var messages: [String] = []
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): mark.line
        case let .duplicatedKeysInMapping(_, context): context.mark.line
        default: nil
        }
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case let .scanner(context, problem, _, _), let .parser(context, problem, _, _),
            let .composer(context, problem, _, _):
            if let context { return "\(problem) (\(context.text))" }
            return problem
        case let .duplicatedKeysInMapping(duplicates, _):
            return "duplicated key(s) \(duplicates.joined(separator: ", "))"
        default:
            return "\(error)"
        }
    }

    // MARK: - Errors

    package func error(_ message: String, at node: Node?) -> SafeguardError {
        SafeguardError(.invalidConfiguration, message, file: file, line: node?.mark?.line)
    }

    // MARK: - Typed access

    /// A mapping whose keys are checked against `allowed`; unknown keys are errors (typos must not pass silently).
    /// With `allowed` nil, any key is accepted (a table keyed by names, e.g. feature families).
    /// Keys spelt the old way (`renamed`: old → new) are read as the new key, with a warning.
    package func mapping(_ node: Node, _ what: String, allowed: Set<String>?, renamed: [String: String] = [:]) throws
        -> Mapping
    {
        guard let mapping = node.mapping else {
            throw error("\(what) must be a mapping (key: value)", at: node)
        }
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (key, value) in mapping {
            guard var name = key.scalar?.string else {
                throw error("\(what): keys must be plain words", at: key)
            }
            if let new = renamed[name] {
                if mapping[Node(new)] != nil {
                    throw error("\(what): '\(name)' and '\(new)' are the same key; keep '\(new)'", at: key)
                }
                warn("\(what): '\(name)' is the old spelling of '\(new)' (still read in this version)", at: key)
                name = new
            }
            if let allowed, !allowed.contains(name) {
                let known = allowed.sorted().joined(separator: ", ")
                throw error("\(what): unknown key '\(name)' (known keys: \(known))", at: key)
            }
            entries.append((name, key, value))
        }
        return Mapping(document: self, node: node, what: what, entries: entries)
    }

    package func string(_ node: Node, _ what: String) throws -> String {
        guard let scalar = node.scalar else {
            throw error("\(what) must be a single value, not a list or mapping", at: node)
        }
        return scalar.string
    }

    package func strings(_ node: Node, _ what: String) throws -> [(String, Node)] {
        if let scalar = node.scalar {
            return [(scalar.string, node)]  // a single value is accepted where a list is expected
        }
        guard let sequence = node.sequence else {
            throw error("\(what) must be a list of values", at: node)
        }
        return try sequence.map { (try string($0, what), $0) }
    }

    package func list(_ node: Node, _ what: String) throws -> [Node] {
        guard let sequence = node.sequence else {
            throw error("\(what) must be a list", at: node)
        }
        return Array(sequence)
    }

    package func bool(_ node: Node, _ what: String) throws -> Bool {
        guard let value = node.bool else {
            throw error("\(what) must be true or false", at: node)
        }
        return value
    }

    /// A checked mapping: typed lookups by key, with the key's line for errors.
    package struct Mapping {
        package let document: YAMLDocument
        package let node: Node
        package let what: String
        package let entries: [(key: String, keyNode: Node, value: Node)]

        /// A view of checked entries (e.g. the rule keys of a principle that states its rule inline).
        package init(document: YAMLDocument, node: Node, what: String, entries: [(key: String, keyNode: Node, value: Node)]) {
            self.document = document
            self.node = node
            self.what = what
            self.entries = entries
        }

        package subscript(_ key: String) -> Node? {
            entries.first { $0.key == key }?.value
        }

        package func has(_ key: String) -> Bool { self[key] != nil }

        package func required(_ key: String) throws -> Node {
            guard let value = self[key] else {
                throw document.error("\(what): missing required key '\(key)'", at: node)
            }
            return value
        }

        package func requiredString(_ key: String) throws -> String {
            let value = try document.string(try required(key), "\(what).\(key)")
            guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw document.error("\(what).\(key) must not be empty", at: self[key])
            }
            return value
        }

        package func optionalString(_ key: String) throws -> String? {
            guard let value = self[key] else { return nil }
            return try document.string(value, "\(what).\(key)")
        }
    }
}
