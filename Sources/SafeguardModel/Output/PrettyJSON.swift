/// A JSON writer over bytes producing exactly what ``JSONOutput/encoder(pretty:)`` produces with `pretty: true`
/// (two-space indents, `"key" : value`, empty containers as `[` newline newline indent `]`, unescaped slashes and
/// non-ASCII) for documents written by hand, at a fraction of `JSONEncoder`'s cost: no value tree, no key sorting
/// at run time. Keys must be given in sorted order (byte order), as `.sortedKeys` writes them; each document that
/// is written this way has a test checking it against `JSONEncoder`.
public struct PrettyJSON {
    public private(set) var bytes: [UInt8] = []
    private var depth = 0
    /// Whether the open container has no member yet.
    private var empty = true

    public init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    /// A writer for a value nested `depth` levels deep (an element of a top-level array: 1).
    init(capacity: Int, depth: Int) {
        self.init(capacity: capacity)
        self.depth = depth
    }

    /// One document, or, when `count` is not 1, an array of `count` documents, each written by `write(i, &json)`
    /// on its own core (results joined in index order), ending in a newline: what `JSONOutput.string` writes
    /// for one value or an array of them.
    public static func documents(count: Int, _ write: @Sendable (Int, inout PrettyJSON) -> Void) -> String {
        String(decoding: documentBytes(count: count, write), as: UTF8.self)
    }

    /// The UTF-8 bytes of ``documents(count:_:)``, without making a String of them: a String checks every byte
    /// of a document that is valid UTF-8 by construction, and writing it out copies it once more.
    public static func documentBytes(count: Int, _ write: @Sendable (Int, inout PrettyJSON) -> Void) -> [UInt8] {
        if count == 1 {
            var json = PrettyJSON(capacity: 64 * 1024)
            write(0, &json)
            json.bytes.append(0x0A)
            return json.bytes
        }
        let parts = concurrentMap(count: count) { i in
            var json = PrettyJSON(capacity: 64 * 1024, depth: 1)
            write(i, &json)
            return json.bytes
        }
        var out = PrettyJSON(capacity: parts.reduce(16) { $0 + $1.count + 4 })
        out.beginArray()
        for part in parts {
            out.element()
            out.bytes.append(contentsOf: part)
        }
        out.endArray()
        out.bytes.append(0x0A)
        return out.bytes
    }

    /// The document as a string, with the trailing newline ``JSONOutput/string(_:pretty:)`` adds.
    public var string: String {
        var out = bytes
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Containers

    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Starts a member of the open object: the key (already sorted among its siblings) and the separator.
    public mutating func key(_ name: StaticString) {
        newMember()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(0x20)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(0x20)
    }

    /// Starts an element of the open array.
    public mutating func element() { newMember() }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        depth += 1
        empty = true
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        bytes.append(0x0A)
        if empty { bytes.append(0x0A) }
        indent()
        bytes.append(bracket)
        empty = false
    }

    private mutating func newMember() {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        bytes.append(0x0A)
        indent()
        empty = false
    }

    private mutating func indent() {
        for _ in 0..<(2 * depth) { bytes.append(0x20) }
    }

    // MARK: - Values

    public mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { append(escaping: $0) }
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func int(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)  // a small string: no allocation
    }

    public mutating func bool(_ value: Bool) {
        let word: StaticString = value ? "true" : "false"
        word.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Bytes already in this writer's JSON form at depth 0 (a document encoded elsewhere), indented to the
    /// current depth: JSON strings hold no raw newline, so every newline starts a line of the fragment.
    public mutating func fragment(_ json: some Sequence<UInt8>) {
        for b in json {
            bytes.append(b)
            if b == 0x0A { indent() }
        }
    }

    /// Appends string bytes with JSON escapes (``JSONStringEscaping``).
    private mutating func append(escaping utf8: UnsafeBufferPointer<UInt8>) {
        JSONStringEscaping.append(utf8, to: &bytes)
    }

    // MARK: - Members

    public mutating func member(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    public mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        int(value)
    }

    /// An address, as the plain string it encodes to.
    public mutating func member(_ name: StaticString, _ value: EId) { member(name, value.rawValue) }

    public mutating func member(_ name: StaticString, _ value: EId?) {
        if let value { member(name, value.rawValue) }
    }

    public mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// A member only when the value is present (as the synthesised `Encodable` omits nil optionals).
    public mutating func member(_ name: StaticString, _ value: String?) {
        if let value { member(name, value) }
    }

    public mutating func member(_ name: StaticString, _ value: Int?) {
        if let value { member(name, value) }
    }

    public mutating func member(_ name: StaticString, _ value: Bool?) {
        if let value { member(name, value) }
    }

    public mutating func member(_ name: StaticString, _ values: [String]) {
        key(name)
        beginArray()
        for value in values {
            element()
            string(value)
        }
        endArray()
    }

    /// An array member whose elements `write` writes, one call per element (after ``element()``).
    public mutating func member<T>(_ name: StaticString, _ values: [T], _ write: (inout PrettyJSON, T) -> Void) {
        key(name)
        array(values, write)
    }

    public mutating func array<T>(_ values: [T], _ write: (inout PrettyJSON, T) -> Void) {
        beginArray()
        for value in values {
            element()
            write(&self, value)
        }
        endArray()
    }
}

extension InstrumentMetadata {
    /// This metadata as ``PrettyJSON`` (keys in sorted order, as `JSONOutput` writes them).
    public func write(to json: inout PrettyJSON) {
        json.beginObject()
        json.member("date", date)
        json.member("jurisdiction", jurisdiction)
        json.member("kind", kind.rawValue)
        json.member("language", language)
        json.member("source", source)
        json.member("sourceFormat", sourceFormat)
        json.member("title", title)
        json.member("versionLabel", versionLabel)
        json.endObject()
    }
}
