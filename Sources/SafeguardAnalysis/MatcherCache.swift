import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A folder of compiled lexicons, so that a process start loads the lexicon's patterns and phrase automaton
/// instead of compiling them (expanding a few hundred patterns into a few thousand phrases and building the
/// automaton was most of a short command's start-up).
///
/// An entry is keyed by the source of what it holds (a lexicon's pattern texts and gaps, see
/// ``PatternCompiler/sourceKey(_:defaultGap:)``) together with the identity of the running executable, and
/// stores that key: an entry is used only when the key is byte for byte the one asked for, its header and
/// checksum are right, and every index in it is in bounds. A rebuilt executable (whose compiler may fold or
/// expand differently) therefore never reads an entry an older build wrote. Anything else (a stale entry, a
/// corrupt or truncated file, a folder that cannot be read or written) falls back to compiling, silently: the
/// cache only ever saves time. Entries are written to a temporary file and renamed into place, so concurrent
/// processes never see half a file.
///
/// The folder is `$SAFEGUARD_CACHE_DIR` when set, else `$XDG_CACHE_HOME/safeguard`, else `~/.cache/safeguard`;
/// `SAFEGUARD_NO_CACHE=1` turns the cache off. See docs/performance.md.
struct MatcherCache: Sendable {
    /// The folder entries live in.
    let directory: URL

    /// The file format; bump it whenever the layout or ``PhraseMatcher``'s tables change meaning.
    static let formatVersion: UInt32 = 3
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

    /// What an entry holds: the literal phrases, each pattern's literal ids (in pattern order) and the automaton.
    struct Entry: Sendable {
        var literals: [PhraseMatcher.Literal]
        var patternIDs: [PatternIDs]
        var tables: PhraseMatcher.Tables
    }

    /// The entry for `sourceKey`: loaded when a valid one exists, else made from what `compile` returns (the
    /// automaton is built here) and, best effort, stored.
    func entry(
        for sourceKey: [UInt8], compile: () throws -> (literals: [PhraseMatcher.Literal], patternIDs: [PatternIDs])
    ) rethrows -> (Entry, Outcome) {
        let key = Self.executableIdentity + sourceKey
        let url = entryURL(for: sourceKey)
        if let entry = Self.load(url, key: key) { return (entry, .loaded) }
        let (literals, patternIDs) = try compile()
        let entry = Entry(literals: literals, patternIDs: patternIDs, tables: PhraseMatcher(literals: literals).tables)
        let stored = store(entry, key: key, at: url)
        return (entry, stored ? .compiledAndStored : .compiledNotStored)
    }

    /// The automaton for `literals` alone (no patterns): loaded when a valid entry exists, else compiled and stored.
    func matcher(for literals: [PhraseMatcher.Literal]) -> (PhraseMatcher, Outcome) {
        let (entry, outcome) = entry(for: Self.encodeLiterals(literals)) { (literals, []) }
        return (PhraseMatcher(literals: entry.literals, tables: entry.tables), outcome)
    }

    /// The file of the entry for a source key (the executable's identity is checked inside, so a rebuild replaces
    /// the entry instead of adding one).
    func entryURL(for sourceKey: [UInt8]) -> URL {
        let digest = sourceKey.withUnsafeBytes { Self.checksum($0) }
        return directory.appendingPathComponent("matcher-v\(Self.formatVersion)-\(String(digest, radix: 16)).bin")
    }

    /// Device, inode, size and modification time of the running executable: changes with every build.
    static let executableIdentity: [UInt8] = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 || stat(CommandLine.arguments.first ?? "", &info) == 0 else {
            return Array("unknown-executable".utf8)
        }
        var bytes: [UInt8] = []
        for value in [
            UInt64(truncatingIfNeeded: info.st_dev), UInt64(truncatingIfNeeded: info.st_ino),
            UInt64(truncatingIfNeeded: info.st_size), UInt64(truncatingIfNeeded: info.st_mtim.tv_sec),
            UInt64(truncatingIfNeeded: info.st_mtim.tv_nsec),
        ] {
            withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }()

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

    /// The literals of a key made by ``encodeLiterals(_:)``, or nil when it is malformed.
    static func decodeLiterals(_ key: UnsafeRawBufferPointer) -> [PhraseMatcher.Literal]? {
        var literals: [PhraseMatcher.Literal] = []
        var at = 0
        while at < key.count {
            guard at + 3 <= key.count else { return nil }
            let count = Int(key[at]) | Int(key[at + 1]) << 8
            let flag = key[at + 2]
            guard count >= 1, count <= PhraseMatcher.maximumLiteralLength, flag <= 1, at + 3 + count <= key.count else {
                return nil
            }
            literals.append(.init(symbols: Array(key[(at + 3)..<(at + 3 + count)]), requiresEndBoundary: flag == 1))
            at += 3 + count
        }
        return literals
    }

    /// A 64-bit checksum, 32 bytes at a time in four independent lanes (multiply-rotate mixing; not
    /// cryptographic, it detects damage). Four lanes keep the multiplier busy: one lane was a third of a load.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        @inline(__always) func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
            let product = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
            return (product << 31) | (product >> 33)
        }
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count), 1, 2, 3)
        let blocks = bytes.count / 32
        for k in 0..<blocks {
            let at = k * 32
            lanes.0 = mix(lanes.0, bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
            lanes.1 = mix(lanes.1, bytes.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self))
            lanes.2 = mix(lanes.2, bytes.loadUnaligned(fromByteOffset: at + 16, as: UInt64.self))
            lanes.3 = mix(lanes.3, bytes.loadUnaligned(fromByteOffset: at + 24, as: UInt64.self))
        }
        var hash = mix(mix(mix(lanes.0, lanes.1), lanes.2), lanes.3)
        for k in (blocks * 32)..<bytes.count {
            hash = (hash ^ UInt64(bytes[k])) &* 0xC4CE_B9FE_1A85_EC53
        }
        return hash ^ (hash >> 29)
    }

    /// File layout (native byte order): magic, format version (UInt32), payload checksum (UInt64), then the
    /// payload: the key (count as UInt64, bytes), the literals (``encodeLiterals(_:)``, count and bytes), the
    /// pattern ids (``PatternIDs/flatten(_:)``), alphabet size (UInt64), 256 symbol classes, then the tables of
    /// ``PhraseMatcher/Tables`` in declaration order (dense rows, failure links and edges of the other states,
    /// output starts, outputs); each table is a count (UInt64) and its values (Int32, or bytes for edge columns).
    static func encode(_ entry: Entry, key: [UInt8]) -> [UInt8] {
        let tables = entry.tables
        let literalKey = encodeLiterals(entry.literals)
        var payload: [UInt8] = []
        payload.reserveCapacity(
            key.count + literalKey.count + tables.edgeClass.count
                + 4
                * (tables.dense.count + tables.sparseFail.count + tables.edgeStart.count + tables.edgeTarget.count
                    + tables.outputStart.count + tables.outputs.count) + 4096)
        func append(_ value: UInt64) { withUnsafeBytes(of: value) { payload.append(contentsOf: $0) } }
        func append(_ bytes: [UInt8]) {
            append(UInt64(bytes.count))
            payload.append(contentsOf: bytes)
        }
        func append(_ values: [Int32]) {
            append(UInt64(values.count))
            values.withUnsafeBytes { payload.append(contentsOf: $0) }
        }
        append(key)
        append(literalKey)
        append(PatternIDs.flatten(entry.patternIDs))
        append(UInt64(tables.alphabetSize))
        payload.append(contentsOf: tables.symbolClass)
        append(tables.dense)
        append(tables.sparseFail)
        append(tables.edgeStart)
        append(tables.edgeClass)
        append(tables.edgeTarget)
        append(tables.outputStart)
        append(tables.outputs)
        var file = magic
        withUnsafeBytes(of: formatVersion) { file.append(contentsOf: $0) }
        withUnsafeBytes(of: payload.withUnsafeBytes { checksum($0) }) { file.append(contentsOf: $0) }
        file.append(contentsOf: payload)
        return file
    }

    /// The entry in a file's bytes, or nil when the file is damaged, of another format, or for another key.
    static func decode(_ file: UnsafeRawBufferPointer, key: [UInt8]) -> Entry? {
        let headerSize = magic.count + 4 + 8
        guard file.count >= headerSize, magic.elementsEqual(file[0..<magic.count]) else { return nil }
        guard file.loadUnaligned(fromByteOffset: magic.count, as: UInt32.self) == formatVersion else { return nil }
        let stored = file.loadUnaligned(fromByteOffset: magic.count + 4, as: UInt64.self)
        let payload = UnsafeRawBufferPointer(rebasing: file[headerSize...])
        guard checksum(payload) == stored else { return nil }
        var reader = Reader(bytes: payload)
        guard let keyCount = reader.count(elementSize: 1), keyCount == key.count,
            let storedKey = reader.bytes(keyCount), storedKey.elementsEqual(key),
            let literalKeyCount = reader.count(elementSize: 1), let literalKey = reader.bytes(literalKeyCount),
            let literals = decodeLiterals(UnsafeRawBufferPointer(rebasing: literalKey)),
            let flatIDs = reader.int32s(), let patternIDs = PatternIDs.unflatten(flatIDs, literalCount: literals.count),
            let alphabet = reader.count(elementSize: 1), alphabet >= 1, alphabet <= 256,
            let classes = reader.bytes(256),
            let dense = reader.int32s(), let sparseFail = reader.int32s(), let edgeStart = reader.int32s(),
            let edgeClassCount = reader.count(elementSize: 1), let edgeClass = reader.bytes(edgeClassCount),
            let edgeTarget = reader.int32s(), let outputStart = reader.int32s(), let outputs = reader.int32s(),
            reader.offset == payload.count
        else { return nil }
        let tables = PhraseMatcher.Tables(
            alphabetSize: alphabet, symbolClass: Array(classes), dense: dense, sparseFail: sparseFail,
            edgeStart: edgeStart, edgeClass: Array(edgeClass), edgeTarget: edgeTarget, outputStart: outputStart,
            outputs: outputs)
        guard tables.isWellFormed(literalCount: literals.count) else { return nil }
        return Entry(literals: literals, patternIDs: patternIDs, tables: tables)
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

    static func load(_ url: URL, key: [UInt8]) -> Entry? {
        guard let data = try? Data(contentsOf: url, options: .uncached) else { return nil }
        return data.withUnsafeBytes { decode($0, key: key) }
    }

    /// Writes an entry through a temporary file renamed into place; false when the folder is not writable.
    func store(_ entry: Entry, key: [UInt8], at url: URL) -> Bool {
        let bytes = Self.encode(entry, key: key)
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
