import Foundation
import SafeguardModel
import SafeguardTestSupport
import Testing

@testable import SafeguardAnalysis

/// The compiled-lexicon cache (docs/performance.md): a valid entry is loaded, and a stale, corrupt, foreign-build or
/// unwritable one falls back to compiling, with the same patterns and matches either way.
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
        let staleEntry = MatcherCache.Entry(literals: fewer, patternIDs: [], tables: staleTables)
        let staleKey = MatcherCache.executableIdentity + MatcherCache.encodeLiterals(fewer)
        try Data(MatcherCache.encode(staleEntry, key: staleKey)).write(to: url)
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

    @Test func anEntryWrittenByAnotherBuildIsRecompiledAndReplaced() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = MatcherCache(directory: folder)
        let sourceKey = MatcherCache.encodeLiterals(Self.literals)
        let entry = MatcherCache.Entry(literals: Self.literals, patternIDs: [], tables: PhraseMatcher(literals: Self.literals).tables)
        // The same phrases, but the key of another executable: its compiler may have folded them otherwise.
        let otherBuild = [UInt8](repeating: 7, count: MatcherCache.executableIdentity.count) + sourceKey
        try Data(MatcherCache.encode(entry, key: otherBuild)).write(to: cache.entryURL(for: sourceKey))
        #expect(cache.matcher(for: Self.literals).1 == .compiledAndStored)
        #expect(cache.matcher(for: Self.literals).1 == .loaded)
    }

    @Test func tablesWithAnIndexOutOfBoundsAreRefusedEvenWithAGoodChecksum() {
        let key = MatcherCache.encodeLiterals(Self.literals)
        let compiled = PhraseMatcher(literals: Self.literals).tables
        #expect(compiled.denseCount > 1 && compiled.denseCount < compiled.stateCount)
        var badDense = compiled
        badDense.dense[badDense.dense.count / 2] = Int32(compiled.stateCount + 5)
        var badEdge = compiled
        badEdge.edgeTarget[badEdge.edgeTarget.count / 2] = Int32(compiled.stateCount)
        var badColumn = compiled
        badColumn.edgeClass[badColumn.edgeClass.count / 3] = UInt8(compiled.alphabetSize)
        // A failure link to the state itself or a later one would make the scan loop forever.
        var loopingFail = compiled
        loopingFail.sparseFail[loopingFail.sparseFail.count / 2] = Int32(compiled.denseCount + loopingFail.sparseFail.count / 2)
        var badEdgeRun = compiled
        badEdgeRun.edgeStart[badEdgeRun.edgeStart.count / 2] = Int32(compiled.edgeTarget.count + 1)
        for tables in [badDense, badEdge, badColumn, loopingFail, badEdgeRun] {
            let file = MatcherCache.encode(.init(literals: Self.literals, patternIDs: [], tables: tables), key: key)
            #expect(file.withUnsafeBytes { MatcherCache.decode($0, key: key) } == nil)
        }
        let goodEntry = MatcherCache.Entry(literals: Self.literals, patternIDs: [], tables: PhraseMatcher(literals: Self.literals).tables)
        let good = MatcherCache.encode(goodEntry, key: key)
        #expect(good.withUnsafeBytes { MatcherCache.decode($0, key: key) } != nil)
    }

    @Test func patternIDsOutOfRangeAreRefusedEvenWithAGoodChecksum() {
        let key = MatcherCache.encodeLiterals(Self.literals)
        let tables = PhraseMatcher(literals: Self.literals).tables
        let good = PatternIDs(segments: [[0, 1], [2]], gaps: [8], unless: [3], context: [])
        let bad = PatternIDs(segments: [[0, Self.literals.count]], gaps: [], unless: [], context: [])
        for (ids, accepted) in [(good, true), (bad, false)] {
            let file = MatcherCache.encode(.init(literals: Self.literals, patternIDs: [ids], tables: tables), key: key)
            let decoded = file.withUnsafeBytes { MatcherCache.decode($0, key: key) }
            #expect((decoded?.patternIDs == [ids]) == accepted)
        }
        #expect(PatternIDs.unflatten([1, 1, 1, 0, 0, 0, 0, 9], literalCount: 5) == nil)  // a trailing value
        #expect(PatternIDs.unflatten([1, 2, 1, 0, 1, 1, 0, 0, 0], literalCount: 5) == nil)  // two segments, no gap
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
        let entries = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".bin") }
        #expect(entries.count == 1)
        let cached = try Lexicon.compile(sources: [source], cache: cache)
        let compiled = try Lexicon.compile(sources: [source])
        #expect(cached.matcher.literals == compiled.matcher.literals)
        #expect(cached.patterns.map(\.segments) == compiled.patterns.map(\.segments))
        #expect(cached.patterns.map(\.unless) == compiled.patterns.map(\.unless))
        #expect(cached.patterns.map(\.context) == compiled.patterns.map(\.context))
        #expect(cached.patterns.map(\.gaps) == compiled.patterns.map(\.gaps))
        #expect(cached.patterns.map(\.trace) == compiled.patterns.map(\.trace))
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
