import Foundation
import SafeguardModel
import Yams

/// A mapping that keeps its keys in input order and looks them up by linear scan: request objects have a
/// dozen keys at most, where a scan beats hashing. Equality ignores key order.
public struct DataObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public var entries: [(key: String, value: DataValue)]

    public init() { entries = [] }

    public init(dictionaryLiteral elements: (String, DataValue)...) {
        entries = elements.map { (key: $0.0, value: $0.1) }
    }

    public subscript(key: String) -> DataValue? {
        get {
            for entry in entries where entry.key == key { return entry.value }
            return nil
        }
        set {
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append((key: key, value: newValue))
            }
        }
    }

    @discardableResult
    public mutating func removeValue(forKey key: String) -> DataValue? {
        let old = self[key]
        self[key] = nil
        return old
    }

    public var keys: [String] { entries.map(\.key) }
    public var count: Int { entries.count }

    public static func == (lhs: DataObject, rhs: DataObject) -> Bool {
        guard lhs.entries.count == rhs.entries.count else { return false }
        for entry in lhs.entries where rhs[entry.key] != entry.value { return false }
        return true
    }
}

/// A format-neutral tree of request, profile or rule-set data (read from JSON or YAML).
///
/// Both readers produce this tree so that one validator names the same field paths whatever the format.
public enum DataValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([DataValue])
    case object(DataObject)

    /// A short name of the value's type, for error messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "list"
        case .object: "mapping"
        }
    }
}

// MARK: - YAML

extension DataValue {
    /// Reads one YAML document (JSON is accepted too, as YAML 1.2 flow style).
    ///
    /// Plain scalars are typed (null, booleans `true`/`false`, numbers); quoted scalars are always strings.
    /// Duplicate keys are an error, because a silently dropped value is a guess.
    public static func parseYAML(_ text: String, source: String? = nil) throws -> DataValue {
        let node: Node?
        do {
            // No resolver rules: `convert` types plain scalars itself, so Yams' regular expressions per scalar
            // (most of a `screen` start-up's reading of rule sets and profiles) would decide nothing.
            node = try Yams.compose(yaml: text, Resolver.basic)
        } catch {
            throw SafeguardError(.invalidData, "not valid YAML: \(error)", file: source)
        }
        guard let node else { throw SafeguardError(.emptyInput, "empty document", file: source) }
        var budget = maximumYAMLNodes
        return try convert(node, path: "", source: source, budget: &budget)
    }

    /// The most nodes a YAML document may expand to (``Limits/maximumYAMLValues``): YAML aliases can make a small
    /// file expand exponentially ("billion laughs"), so the walk stops here instead of hanging.
    public static var maximumYAMLNodes: Int { Limits.maximumYAMLValues }

    private static func convert(_ node: Node, path: String, source: String?, budget: inout Int) throws -> DataValue {
        budget -= 1
        guard budget >= 0 else {
            throw SafeguardError(
                .tooLarge, "the YAML document expands to more than \(maximumYAMLNodes) values (nested aliases?)", file: source)
        }
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain || scalar.style == .any {
                let s = scalar.string
                if s.isEmpty || s == "~" || s == "null" || s == "Null" || s == "NULL" { return .null }
                if s == "true" || s == "True" || s == "TRUE" { return .bool(true) }
                if s == "false" || s == "False" || s == "FALSE" { return .bool(false) }
                if let number = plainNumber(s) { return .number(number) }
                return .string(s)
            }
            return .string(scalar.string)
        case .sequence(let sequence):
            var items: [DataValue] = []
            items.reserveCapacity(sequence.count)
            for (i, item) in sequence.enumerated() {
                items.append(try convert(item, path: "\(path)[\(i)]", source: source, budget: &budget))
            }
            return .array(items)
        case .mapping(let mapping):
            var object = DataObject()
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let keyScalar) = keyNode else {
                    throw SafeguardError(
                        .invalidData, "\(path.isEmpty ? "document" : path): keys must be plain strings", file: source,
                        line: keyNode.mark.map { $0.line })
                }
                let key = keyScalar.string
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                if object[key] != nil {
                    throw SafeguardError(.invalidData, "\(childPath): duplicate key", file: source, line: keyNode.mark.map { $0.line })
                }
                object[key] = try convert(valueNode, path: childPath, source: source, budget: &budget)
            }
            return .object(object)
        case .alias:
            throw SafeguardError(.invalidData, "\(path.isEmpty ? "document" : path): YAML aliases are not supported", file: source)
        }
    }

    /// Decimal integers and plain decimals only: `2026-03-01` or `0x1F` stay strings.
    private static func plainNumber(_ s: String) -> Double? {
        var sawDigit = false
        var sawDot = false
        for (i, byte) in s.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "-"), UInt8(ascii: "+"): if i != 0 { return nil }
            case UInt8(ascii: "."): if sawDot { return nil }; sawDot = true
            default: return nil
            }
        }
        return sawDigit ? Double(s) : nil
    }
}

// MARK: - JSON

extension DataValue {
    /// Parses one JSON value from UTF-8 bytes (RFC 8259; duplicate keys rejected; nesting limited to 64 levels).
    public static func parseJSON(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONScanError) -> DataValue {
        var scanner = JSONScanner(bytes: bytes)
        scanner.skipWhitespace()
        let value = try scanner.parseValue(depth: 0)
        scanner.skipWhitespace()
        if scanner.position != bytes.count {
            throw JSONScanError(offset: scanner.position, message: "unexpected content after the JSON value")
        }
        return value
    }

    /// Parses one JSON value from a string.
    public static func parseJSON(_ text: String, source: String? = nil, line: Int? = nil) throws -> DataValue {
        var copy = text
        let result = copy.withUTF8 { buffer -> Result<DataValue, JSONScanError> in
            do throws(JSONScanError) { return .success(try parseJSON(buffer)) } catch { return .failure(error) }
        }
        switch result {
        case .success(let value): return value
        case .failure(let error):
            throw SafeguardError(.invalidData, "not valid JSON at byte \(error.offset): \(error.message)", file: source, line: line)
        }
    }
}

/// Where and why a JSON text could not be read.
public struct JSONScanError: Error, Sendable {
    public var offset: Int
    public var message: String
}

/// A minimal recursive-descent JSON reader over bytes: far cheaper per line than `JSONDecoder`.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func skipWhitespace() {
        while position < bytes.count {
            let b = bytes[position]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { position += 1 } else { break }
        }
    }

    func fail(_ message: String) -> JSONScanError { JSONScanError(offset: position, message: message) }

    mutating func parseValue(depth: Int) throws(JSONScanError) -> DataValue {
        guard depth < 64 else { throw fail("nesting deeper than 64 levels") }
        guard position < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            var object = DataObject()
            object.entries.reserveCapacity(8)
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(object) }
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                let keyStart = position
                let key = try parseString()
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                position += 1
                skipWhitespace()
                let value = try parseValue(depth: depth + 1)
                for entry in object.entries where entry.key == key {
                    throw JSONScanError(offset: keyStart, message: "duplicate key \"\(key)\"")
                }
                object.entries.append((key: key, value: value))
                skipWhitespace()
                guard position < bytes.count else { throw fail("unexpected end of input in an object") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(object) }
                throw fail("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            position += 1
            var items: [DataValue] = []
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
            while true {
                skipWhitespace()
                items.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                guard position < bytes.count else { throw fail("unexpected end of input in a list") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                throw fail("expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw fail("unexpected character")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONScanError) {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw fail("unexpected end of input") }
        let p = literal.utf8Start
        for i in 0..<count where bytes[position + i] != p[i] { throw fail("invalid literal") }
        position += count
    }

    mutating func parseNumber() throws(JSONScanError) -> Double {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        var integer: Int64 = 0
        var digits = 0
        var simple = true
        while position < bytes.count {
            let b = bytes[position]
            if b >= 0x30 && b <= 0x39 {
                if digits < 18 { integer = integer * 10 + Int64(b - 0x30) } else { simple = false }
                digits += 1
                position += 1
            } else if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") || b == UInt8(ascii: "+")
                || b == UInt8(ascii: "-")
            {
                simple = false
                position += 1
            } else {
                break
            }
        }
        guard digits > 0 else { throw JSONScanError(offset: start, message: "invalid number") }
        if simple { return Double(bytes[start] == UInt8(ascii: "-") ? -integer : integer) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text) else { throw JSONScanError(offset: start, message: "invalid number") }
        return value
    }

    mutating func parseString() throws(JSONScanError) -> String {
        position += 1  // opening quote
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("control character in a string") }
            position += 1
        }
        var buffer = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: buffer, as: UTF8.self)
            }
            if b < 0x20 { throw fail("control character in a string") }
            if b != UInt8(ascii: "\\") { buffer.append(b); position += 1; continue }
            position += 1
            guard position < bytes.count else { break }
            let e = bytes[position]
            position += 1
            switch e {
            case UInt8(ascii: "\""): buffer.append(0x22)
            case UInt8(ascii: "\\"): buffer.append(0x5C)
            case UInt8(ascii: "/"): buffer.append(0x2F)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                        throw fail("unpaired surrogate")
                    }
                    position += 2
                    let low = try parseHex4()
                    guard low >= 0xDC00 && low < 0xE000 else { throw fail("unpaired surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw fail("unpaired surrogate")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid escape") }
                buffer.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                throw fail("invalid escape")
            }
        }
        throw fail("unterminated string")
    }

    mutating func parseHex4() throws(JSONScanError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[position]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }
}

// MARK: - Field reading with paths

/// Reads a mapping field by field, naming the exact path in every error.
struct FieldReader {
    let path: String
    let object: DataObject
    let source: String?
    let line: Int?

    init(_ value: DataValue, path: String, source: String?, line: Int?) throws {
        guard case .object(let object) = value else {
            throw SafeguardError(
                .invalidData, "\(path.isEmpty ? "document" : path): expected a mapping, found \(value.typeName)", file: source, line: line)
        }
        self.path = path
        self.object = object
        self.source = source
        self.line = line
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ key: String, _ message: String) -> SafeguardError {
        SafeguardError(.invalidData, "\(fieldPath(key)): \(message)", file: source, line: line)
    }

    /// Rejects keys the format does not define, so a misspelt field is never silently ignored.
    func rejectUnknownKeys(_ known: [String]) throws {
        for entry in object.entries where !known.contains(entry.key) {
            let key = entry.key
            throw SafeguardError(
                .invalidData, "\(fieldPath(key)): unknown field (expected one of: \(known.joined(separator: ", ")))", file: source,
                line: line)
        }
    }

    func value(_ key: String) -> DataValue? {
        guard let value = object[key] else { return nil }
        if case .null = value { return nil }
        return value
    }

    func has(_ key: String) -> Bool { value(key) != nil }

    func string(_ key: String) throws -> String? {
        guard let value = value(key) else { return nil }
        switch value {
        case .string(let s):
            if s.isEmpty { throw error(key, "must not be empty") }
            return s
        case .number(let n) where n == n.rounded() && abs(n) < 1e15: return String(Int64(n))
        default: throw error(key, "expected a string, found \(value.typeName)")
        }
    }

    func requiredString(_ key: String) throws -> String {
        guard let s = try string(key) else { throw error(key, "missing required field") }
        return s
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let b) = value else { throw error(key, "expected true or false, found \(value.typeName)") }
        return b
    }

    func int(_ key: String) throws -> Int? {
        guard let value = value(key) else { return nil }
        guard case .number(let n) = value, n == n.rounded(), abs(n) < 1e15 else {
            throw error(key, "expected a whole number, found \(value.typeName)")
        }
        return Int(n)
    }

    func stringList(_ key: String) throws -> [String]? {
        guard let value = value(key) else { return nil }
        switch value {
        case .string(let s): return [s]
        case .array(let items):
            var result: [String] = []
            result.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                guard case .string(let s) = item, !s.isEmpty else {
                    throw SafeguardError(
                        .invalidData, "\(fieldPath(key))[\(i)]: expected a non-empty string, found \(item.typeName)", file: source,
                        line: line)
                }
                result.append(s)
            }
            return result
        default: throw error(key, "expected a list of strings, found \(value.typeName)")
        }
    }

    func child(_ key: String) throws -> FieldReader? {
        guard let value = value(key) else { return nil }
        return try FieldReader(value, path: fieldPath(key), source: source, line: line)
    }

    func list(_ key: String) throws -> [DataValue]? {
        guard let value = value(key) else { return nil }
        guard case .array(let items) = value else { throw error(key, "expected a list, found \(value.typeName)") }
        return items
    }
}
