import Foundation
import SafeguardFuzzTargets
import SafeguardModel
import SafeguardTestSupport
import Testing

/// Every fuzz target, run in every `swift test` (so in CI) on a bounded number of mutants of its seeds: the short,
/// sanitizer-free counterpart of the long libFuzzer runs of `scripts/fuzz` (docs/reliability.md). A crash or a
/// broken invariant stops the test run; a hang shows as a test that does not end.
///
/// The mutants are the same on every run (a fixed seed per target), so a failure here reproduces.
@Suite struct FuzzSmokeTests {
    /// Mutants per target: enough to reach the error paths of each reader, few enough for CI's time (about 25 s
    /// for all eleven in a debug build). `SAFEGUARD_FUZZ_MUTANTS=N` runs more.
    static let mutantsPerTarget = ProcessInfo.processInfo.environment["SAFEGUARD_FUZZ_MUTANTS"].flatMap { Int($0) } ?? 200

    /// The seed files of each target, as `scripts/fuzz seeds` takes them (generated batches excepted).
    static func seeds(for target: FuzzTarget) throws -> [[UInt8]] {
        let root = RepositoryPaths.root
        func files(_ folder: String, _ suffix: String) throws -> [URL] {
            let directory = root.appendingPathComponent(folder)
            return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.lastPathComponent.hasSuffix(suffix) }.sorted { $0.path < $1.path }
        }
        let urls: [URL]
        switch target {
        case .text: urls = try files("examples", ".txt") + files("Tests/Fixtures/ingest", ".txt")
        case .html: urls = try files("examples", ".html")
        case .docx: urls = try files("examples", ".docx")
        case .akn: urls = try files("examples", ".akn.xml") + files("Tests/Fixtures/ingest", ".xml")
        case .pdfText: urls = try files("examples", ".txt")
        case .lexicon: urls = [root.appendingPathComponent("Sources/SafeguardAnalysis/Resources/lexicon-en.yaml")]
        case .framework: urls = try files("Sources/SafeguardAssessment/Resources", ".yaml")
        case .ruleSet: urls = try files("Sources/SafeguardScreening/Resources/rulesets", ".yaml")
        case .profile: urls = try files("Sources/SafeguardScreening/Resources/profiles", ".yaml")
        case .request, .batch: urls = try files("examples/requests", "")
        }
        var seeds = try urls.map { Array(try Data(contentsOf: $0)) }
        if target == .batch {
            // One request per line: the JSON requests with their line breaks taken out, then all of them together.
            seeds = seeds.filter { $0.first == UInt8(ascii: "{") }.map { $0.filter { $0 != 0x0A } + [0x0A] }
            seeds.append(seeds.flatMap { $0 })
        }
        return seeds
    }

    @Test(arguments: FuzzTarget.allCases)
    func mutantsOfTheSeedsNeitherCrashNorBreakInvariants(target: FuzzTarget) throws {
        let seeds = try Self.seeds(for: target)
        #expect(!seeds.isEmpty, "no seeds for \(target.rawValue)")
        for seed in seeds { target.run(seed) }
        var mutator = Mutator(seed: UInt64(target.rawValue.utf8.reduce(5381) { $0 &* 33 &+ Int($1) }.magnitude))
        // Mutate a window of each seed (as libFuzzer's -max_len does), so the big examples do not dominate the time.
        let limit = 64 * 1024
        for i in 0..<Self.mutantsPerTarget {
            let mutant = mutator.mutate(seeds[i % seeds.count], other: seeds[(i * 7 + 3) % seeds.count], limit: limit)
            target.run(mutant)
        }
    }

    @Test func theMutatorIsDeterministicAndChangesItsInput() {
        let seed = Array("Article 1 – Scope\n\n1. This Convention applies.\n".utf8)
        var first = Mutator(seed: 42)
        var second = Mutator(seed: 42)
        let a = (0..<50).map { _ in first.mutate(seed, other: seed, limit: 1024) }
        let b = (0..<50).map { _ in second.mutate(seed, other: seed, limit: 1024) }
        #expect(a == b)
        #expect(a.filter { $0 != seed }.count >= 45)
        #expect(a.allSatisfy { $0.count <= 1024 })
    }

    @Test func theInvariantCheckAcceptsAParsedInstrument() throws {
        // The check is a precondition (a crash is the finding), so only its passing side can be tested in process.
        let instrument = try parse("Article 1 – Scope\n\n1. This Convention applies.\n\n2. It applies to all.\n")
        FuzzTarget.checkInvariants(instrument)
        #expect(instrument.provisions.count >= 3)
    }
}
