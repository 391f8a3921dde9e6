import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A folder of compiled phrase automata, so that a process start loads the lexicon's automaton instead of
/// compiling it (compiling the built-in lexicon's few thousand phrases is most of a short command's start-up).
///
/// An entry is keyed by a digest of the literal phrases it was compiled from and also stores those literals:
/// an entry is used only when they are byte for byte the ones asked for, its header and checksum are right,
/// and every table index in it is in bounds. Anything else (a stale entry, a corrupt or truncated file, a
/// folder that cannot be read or written) falls back to compiling, silently: the cache only ever saves time.
/// Entries are written to a temporary file and renamed into place, so concurrent processes never see half a file.
///
/// The folder is `$SAFEGUARD_CACHE_DIR` when set, else `$XDG_CACHE_HOME/safeguard`, else `~/.cache/safeguard`;
/// `SAFEGUARD_NO_CACHE=1` turns the cache off. See docs/performance.md.
struct MatcherCache: Sendable {
    /// The folder entries live in.
    let directory: URL

    /// The file format; bump it whenever ``PhraseMatcher``'s tables change meaning.
    static let formatVersion: UInt32 = 1
    static let magic: [UInt8] = Array("SGPMATCH".utf8)

    /// The cache the environment asks for, or nil when it is turned off or no folder can be named.
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> MatcherCache? {
        if let off = environment["SAFEGUARD_NO_CACHE"], !off.isEmpty, off != "0" { return nil }
        if let dir = environment["SAFEGUARD_CACHE_DIR"], !dir.isEmpty {
            return MatcherCache(directory: URL(fileURLWithPath: dir, isDirectory: true))
        }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return MatcherCache(directory: URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("safeguard"))
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return MatcherCache(directory: URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".cache/safeguard"))
    }

    /// What happened to the last lookup; for tests and `--timings`.
    enum Outcome: Equatable, Sendable {
        case loaded, compiledAndStored, compiledNotStored
    }

    /// The automaton for `literals`: loaded when a valid entry exists, else compiled and (best effort) stored.
    func matcher(for literals: [PhraseMatcher.Literal]) -> (PhraseMatcher, Outcome) {
        let key = Self.encodeLiterals(literals)
        let url = entryURL(for: key)
        if let tables = Self.load(url, literalKey: key) {
            return (PhraseMatcher(literals: literals, tables: tables), .loaded)
        }
        let matcher = PhraseMatcher(literals: literals)
        let stored = store(matcher.tables, literalKey: key, at: url)
        return (matcher, stored ? .compiledAndStored : .compiledNotStored)
    }

    /// The file of the entry for a literal set.
    func entryURL(for literalKey: [UInt8]) -> URL {
        let digest = literalKey.withUnsafeBytes { Self.checksum($0) }
        return directory.appendingPathComponent("matcher-v\(Self.formatVersion)-\(String(digest, radix: 16)).bin")
    }

    // MARK: - Encoding

    /// The literals as one canonical byte string: per literal, its length (2 bytes), its end-boundary flag, its
    /// symbols.
    static func encodeLiterals(_ literals: [PhraseMatcher.Literal]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(literals.reduce(0) { $0 + $1.symbols.count + 3 })
        for literal in literals {
            let count = literal.symbols.count
            bytes.append(UInt8(truncatingIfNeeded: count))
            bytes.append(UInt8(truncatingIfNeeded: count >> 8))
            bytes.append(literal.requiresEndBoundary ? 1 : 0)
            bytes.append(contentsOf: literal.symbols)
        }
        return bytes
    }

    /// A 64-bit checksum, eight bytes at a time (multiply-rotate mixing; not cryptographic, it detects damage).
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        let words = bytes.count / 8
        for k in 0..<words {
            let word = bytes.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self)
            hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
            hash = (hash << 31) | (hash >> 33)
        }
        for k in (words * 8)..<bytes.count {
            hash = (hash ^ UInt64(bytes[k])) &* 0xC4CE_B9FE_1A85_EC53
        }
        return hash ^ (hash >> 29)
    }

    /// File layout (native byte order): magic, format version (UInt32), payload checksum (UInt64), then the
    /// payload: literal key length (UInt64) and bytes, alphabet size (UInt64), 256 symbol classes, then the
    /// transition, output-start and output tables, each as a count (UInt64) and Int32 values.
    static func encode(_ tables: PhraseMatcher.Tables, literalKey: [UInt8]) -> [UInt8] {
        var payload: [UInt8] = []
        payload.reserveCapacity(literalKey.count + 4 * (tables.transitions.count + tables.outputStart.count + tables.outputs.count) + 320)
        func append(_ value: UInt64) { withUnsafeBytes(of: value) { payload.append(contentsOf: $0) } }
        func append(_ values: [Int32]) {
            append(UInt64(values.count))
            values.withUnsafeBytes { payload.append(contentsOf: $0) }
        }
        append(UInt64(literalKey.count))
        payload.append(contentsOf: literalKey)
        append(UInt64(tables.alphabetSize))
        payload.append(contentsOf: tables.symbolClass)
        append(tables.transitions)
        append(tables.outputStart)
        append(tables.outputs)
        var file = magic
        withUnsafeBytes(of: formatVersion) { file.append(contentsOf: $0) }
        withUnsafeBytes(of: payload.withUnsafeBytes { checksum($0) }) { file.append(contentsOf: $0) }
        file.append(contentsOf: payload)
        return file
    }

    /// The tables of a file's bytes, or nil when the file is damaged, of another format, or for other literals.
    static func decode(_ file: UnsafeRawBufferPointer, literalKey: [UInt8]) -> PhraseMatcher.Tables? {
        let headerSize = magic.count + 4 + 8
        guard file.count >= headerSize, magic.elementsEqual(file[0..<magic.count]) else { return nil }
        guard file.loadUnaligned(fromByteOffset: magic.count, as: UInt32.self) == formatVersion else { return nil }
        let stored = file.loadUnaligned(fromByteOffset: magic.count + 4, as: UInt64.self)
        let payload = UnsafeRawBufferPointer(rebasing: file[headerSize...])
        guard checksum(payload) == stored else { return nil }
        var reader = Reader(bytes: payload)
        guard let keyCount = reader.count(elementSize: 1), keyCount == literalKey.count,
            let key = reader.bytes(keyCount), key.elementsEqual(literalKey),
            let alphabet = reader.count(elementSize: 1), alphabet >= 1, alphabet <= 256,
            let classes = reader.bytes(256),
            let transitions = reader.int32s(), let outputStart = reader.int32s(), let outputs = reader.int32s(),
            reader.offset == payload.count
        else { return nil }
        let tables = PhraseMatcher.Tables(
            alphabetSize: alphabet, symbolClass: Array(classes), transitions: transitions, outputStart: outputStart,
            outputs: outputs)
        return tables.isWellFormed(literalCount: literalCount(of: literalKey)) ? tables : nil
    }

    private static func literalCount(of key: [UInt8]) -> Int {
        var count = 0
        var at = 0
        while at + 3 <= key.count {
            at += 3 + (Int(key[at]) | Int(key[at + 1]) << 8)
            count += 1
        }
        return count
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        mutating func count(elementSize: Int) -> Int? {
            guard offset + 8 <= bytes.count else { return nil }
            let value = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            offset += 8
            guard value <= UInt64(bytes.count - offset) / UInt64(elementSize) else { return nil }
            return Int(value)
        }

        mutating func bytes(_ count: Int) -> UnsafeRawBufferPointer.SubSequence? {
            guard offset + count <= bytes.count else { return nil }
            defer { offset += count }
            return bytes[offset..<(offset + count)]
        }

        mutating func int32s() -> [Int32]? {
            guard let count = count(elementSize: 4), let raw = bytes(count * 4) else { return nil }
            return [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw))
                initialized = count
            }
        }
    }

    // MARK: - Files

    static func load(_ url: URL, literalKey: [UInt8]) -> PhraseMatcher.Tables? {
        guard let data = try? Data(contentsOf: url, options: .uncached) else { return nil }
        return data.withUnsafeBytes { decode($0, literalKey: literalKey) }
    }

    /// Writes an entry through a temporary file renamed into place; false when the folder is not writable.
    func store(_ tables: PhraseMatcher.Tables, literalKey: [UInt8], at url: URL) -> Bool {
        let bytes = Self.encode(tables, literalKey: literalKey)
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max))")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(bytes).write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                try? FileManager.default.removeItem(at: temporary)
                return false
            }
            return true
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            return false
        }
    }
}
