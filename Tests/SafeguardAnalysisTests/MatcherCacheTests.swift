import Foundation
import SafeguardModel
import SafeguardTestSupport
import Testing

@testable import SafeguardAnalysis

/// The compiled-automaton cache (docs/performance.md): a valid entry is loaded, and a stale, corrupt or
/// unwritable one falls back to compiling, with the same matches either way.
@Suite struct MatcherCacheTests {
    static let literals = try! Lexicon.sharedBuiltIn().matcher.literals
    static let text = """
        Each Party shall adopt such legislative and other measures as may be necessary to establish as criminal \
        offences under its domestic law, when committed intentionally, the access to the whole or any part of a \
        computer system without right, subject to judicial or other independent review.
        """

    static func hits(_ matcher: PhraseMatcher) -> [LiteralHit] { matcher.scan(text) }

    static let expected = hits(PhraseMatcher(literals: literals))

    @Test func storesThenLoadsAnEntryThatMatchesAsTheCompiledAutomatonDoes() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = MatcherCache(directory: folder.appendingPathComponent("nested/safeguard"))
        let (first, stored) = cache.matcher(for: Self.literals)
        #expect(stored == .compiledAndStored)
        let (second, loaded) = cache.matcher(for: Self.literals)
        #expect(loaded == .loaded)
        #expect(!Self.expected.isEmpty)
        #expect(Self.hits(first) == Self.expected)
        #expect(Self.hits(second) == Self.expected)
    }

    @Test func aStaleEntryForOtherPhrasesIsRecompiledAndReplaced() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = MatcherCache(directory: folder)
        // An entry for fewer phrases, put where the full lexicon's entry belongs (as if the file had been edited
        // by hand, or the digest collided).
        let fewer = Array(Self.literals.prefix(100))
        let staleTables = PhraseMatcher(literals: fewer).tables
        let url = cache.entryURL(for: MatcherCache.encodeLiterals(Self.literals))
        try Data(MatcherCache.encode(staleTables, literalKey: MatcherCache.encodeLiterals(fewer))).write(to: url)
        let (matcher, outcome) = cache.matcher(for: Self.literals)
        #expect(outcome == .compiledAndStored)
        #expect(Self.hits(matcher) == Self.expected)
        #expect(cache.matcher(for: Self.literals).1 == .loaded)
    }

    @Test(arguments: ["flip", "truncate", "empty", "garbage", "version"])
    func aCorruptEntryIsRecompiled(_ damage: String) throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = MatcherCache(directory: folder)
        _ = cache.matcher(for: Self.literals)
        let url = cache.entryURL(for: MatcherCache.encodeLiterals(Self.literals))
        var bytes = [UInt8](try Data(contentsOf: url))
        switch damage {
        case "flip": bytes[bytes.count / 2] ^= 0x40
        case "truncate": bytes.removeLast(bytes.count / 3)
        case "empty": bytes = []
        case "garbage": bytes = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
        default: bytes[8] &+= 1  // another format version
        }
        try Data(bytes).write(to: url)
        let (matcher, outcome) = cache.matcher(for: Self.literals)
        #expect(outcome == .compiledAndStored)
        #expect(Self.hits(matcher) == Self.expected)
    }

    @Test func tablesWithAnIndexOutOfBoundsAreRefusedEvenWithAGoodChecksum() {
        let key = MatcherCache.encodeLiterals(Self.literals)
        var tables = PhraseMatcher(literals: Self.literals).tables
        tables.transitions[tables.transitions.count / 2] = Int32(tables.outputStart.count + 5)
        let file = MatcherCache.encode(tables, literalKey: key)
        #expect(file.withUnsafeBytes { MatcherCache.decode($0, literalKey: key) } == nil)
        let good = MatcherCache.encode(PhraseMatcher(literals: Self.literals).tables, literalKey: key)
        #expect(good.withUnsafeBytes { MatcherCache.decode($0, literalKey: key) } != nil)
    }

    @Test func anUnwritableFolderStillGivesTheCompiledAutomaton() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A regular file where the folder should be: nothing can be created under it, even by root.
        let blocked = folder.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: blocked)
        let cache = MatcherCache(directory: blocked.appendingPathComponent("safeguard"))
        let (matcher, outcome) = cache.matcher(for: Self.literals)
        #expect(outcome == .compiledNotStored)
        #expect(Self.hits(matcher) == Self.expected)
    }

    @Test func aLexiconWithTheCachedAutomatonAnalysesAsOneCompiledFromScratch() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = MatcherCache(directory: folder)
        let url = try #require(Lexicon.builtInURL())
        let source = (file: "lexicon-en.yaml", yaml: try String(contentsOf: url, encoding: .utf8), isBuiltIn: true)
        _ = try Lexicon.compile(sources: [source], cache: cache)  // stores the entry
        let cached = try Lexicon.compile(sources: [source], cache: cache)
        let compiled = try Lexicon.compile(sources: [source])
        let instrument = InstrumentBuilder.single(heading: "Illegal access", Self.text)
        let a = AnalysisDocument(Analyzer(lexicon: cached).analyze(instrument)).jsonString
        let b = AnalysisDocument(Analyzer(lexicon: compiled).analyze(instrument)).jsonString
        #expect(a == b)
        #expect(a.contains("\"feature\" : \"standard.without-right\""))
    }

    @Test func theFolderComesFromTheEnvironment() {
        #expect(MatcherCache.fromEnvironment(["HOME": "/home/a"])?.directory.path == "/home/a/.cache/safeguard")
        #expect(
            MatcherCache.fromEnvironment(["HOME": "/home/a", "XDG_CACHE_HOME": "/x/cache"])?.directory.path == "/x/cache/safeguard")
        #expect(
            MatcherCache.fromEnvironment(["HOME": "/home/a", "SAFEGUARD_CACHE_DIR": "/tmp/sg"])?.directory.path == "/tmp/sg")
        #expect(MatcherCache.fromEnvironment(["HOME": "/home/a", "SAFEGUARD_NO_CACHE": "1"]) == nil)
        #expect(MatcherCache.fromEnvironment([:]) == nil)
        #expect(MatcherCache.fromEnvironment(["HOME": "relative"]) == nil)
    }
}
