import Benchmark
import Foundation
import SafeguardAnalysis
import SafeguardAssessment
import SafeguardComparison
import SafeguardIngest
import SafeguardModel
import SafeguardPipeline
import SafeguardScreening

// Safeguard's stage benchmarks (ordo-one/benchmark). Built only when SAFEGUARD_BENCHMARKS=1:
//
//     python3 bench/gen_corpus.py            # once: the seeded corpus in bench/corpus/ (git-ignored)
//     SAFEGUARD_BENCHMARKS=1 swift package --disable-sandbox benchmark
//
// Each iteration runs one stage over a fixed slice of the corpus (the first files in manifest order up to
// SAFEGUARD_BENCH_MB megabytes, default 20), single-threaded, and reports its throughput as the custom
// metric `input bytes/s` (shown with an (M) scale: MB/s) next to wall clock, CPU time, malloc count and peak
// resident memory. `.throughput` counts passes over the slice per second. See docs/performance.md.

let benchmarks: @Sendable () -> Void = {
    // CPU time next to wall clock: other processes may share the cores.
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .throughput, .mallocCountTotal, .peakMemoryResident, inputRate]
    let corpusConfiguration = Benchmark.Configuration(
        metrics: metrics,
        warmupIterations: 1,
        maxDuration: .seconds(4),
        maxIterations: 5
    )

    Benchmark("parse (corpus slice)", configuration: corpusConfiguration) { benchmark in
        let fixture = Fixture.shared
        let start = DispatchTime.now().uptimeNanoseconds
        for url in fixture.slice {
            blackHole(try? InstrumentReader.read(contentsOf: url))
        }
        benchmark.reportRate(bytes: fixture.sliceBytes, since: start)
    }

    Benchmark("analyze (corpus slice, parsed)", configuration: corpusConfiguration) { benchmark in
        let fixture = Fixture.shared
        let instruments = fixture.instruments
        let start = DispatchTime.now().uptimeNanoseconds
        for instrument in instruments {
            blackHole(fixture.pipeline.analyze(instrument))
        }
        benchmark.reportRate(bytes: fixture.sliceBytes, since: start)
    }

    Benchmark("assess, both built-in frameworks (corpus slice, analysed)", configuration: corpusConfiguration) { benchmark in
        let fixture = Fixture.shared
        let analyses = fixture.analyses
        let start = DispatchTime.now().uptimeNanoseconds
        for analysis in analyses {
            blackHole(fixture.pipeline.verdictCount(analysis))
        }
        benchmark.reportRate(bytes: fixture.sliceBytes, since: start)
    }

    Benchmark("full pipeline: parse+analyze+assess (corpus slice)", configuration: corpusConfiguration) { benchmark in
        let fixture = Fixture.shared
        let start = DispatchTime.now().uptimeNanoseconds
        for url in fixture.slice {
            guard let instrument = try? InstrumentReader.read(contentsOf: url) else { continue }
            blackHole(fixture.pipeline.verdictCount(fixture.pipeline.analyze(instrument)))
        }
        benchmark.reportRate(bytes: fixture.sliceBytes, since: start)
    }

    Benchmark(
        "diff: two revisions of the 64 KB convention, texts to typed changes",
        configuration: .init(metrics: metrics, warmupIterations: 2, maxDuration: .seconds(3), maxIterations: 200)
    ) { benchmark in
        let fixture = Fixture.shared
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in benchmark.scaledIterations {
            blackHole(try? fixture.pipeline.diff(old: fixture.diffPair.old, new: fixture.diffPair.new))
        }
        benchmark.reportRate(bytes: fixture.diffPair.bytes * benchmark.scaledIterations.count, since: start)
    }

    Benchmark(
        "screening: decide() on one core, recommended-safeguards rule set",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal, .peakMemoryResident, decisionRate],
            warmupIterations: 1, maxDuration: .seconds(3), maxIterations: 20)
    ) { benchmark in
        let screening = ScreeningFixture.shared
        let start = DispatchTime.now().uptimeNanoseconds
        let (decisions, checksum) = ScreeningBenchmarks.decideAll(screening.requests, engine: screening.engine, passes: 1)
        let elapsed = max(1, DispatchTime.now().uptimeNanoseconds - start)
        blackHole(checksum)
        benchmark.measurement(decisionRate, Int(Double(decisions) / (Double(elapsed) / 1e9)))
    }

    Benchmark(
        "diff: alignment and typed changes only (analyses ready)",
        configuration: .init(metrics: metrics, warmupIterations: 2, maxDuration: .seconds(3), maxIterations: 500)
    ) { benchmark in
        let fixture = Fixture.shared
        let (old, new) = fixture.diffAnalyses
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in benchmark.scaledIterations {
            blackHole(fixture.pipeline.changeCount(old, new))
        }
        benchmark.reportRate(bytes: fixture.diffPair.bytes * benchmark.scaledIterations.count, since: start)
    }
}

/// Screening decisions per second of the measured work, larger is better.
let decisionRate = BenchmarkMetric.custom("decisions/s", polarity: .prefersLarger, useScalingFactor: false)

/// A seeded synthetic request population resolved against the shipped `recommended-safeguards` engine.
final class ScreeningFixture: Sendable {
    static let shared = ScreeningFixture()
    let engine: ScreeningEngine
    let requests: [Request]

    private init() {
        do {
            engine = try ScreeningResources.engine(ruleSet: "recommended-safeguards")
            requests = ScreeningBenchmarks.syntheticRequests(count: 100_000, seed: 20_261_129, engine: engine)
        } catch {
            fatalError("SafeguardBenchmarks: cannot build the screening engine: \(error)")
        }
    }
}

/// Input bytes processed per second of the measured work (shown scaled: "(M)" reads as MB/s), larger is better.
let inputRate = BenchmarkMetric.custom("input bytes/s", polarity: .prefersLarger, useScalingFactor: false)

extension Benchmark {
    func reportRate(bytes: Int, since start: UInt64) {
        let elapsed = max(1, DispatchTime.now().uptimeNanoseconds - start)
        measurement(inputRate, Int(Double(bytes) / (Double(elapsed) / 1e9)))
    }
}

/// The corpus slice, pre-parsed and pre-analysed inputs, and the compiled pipeline, loaded once.
final class Fixture: Sendable {
    static let shared = Fixture()

    let pipeline: Pipeline
    let slice: [URL]
    let sliceBytes: Int
    let instruments: [Instrument]
    let analyses: [Analysis]
    let diffPair: (old: URL, new: URL, bytes: Int)
    let diffAnalyses: (Pipeline.Revision, Pipeline.Revision)

    private init() {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let corpus =
            ProcessInfo.processInfo.environment["SAFEGUARD_CORPUS"].map { URL(fileURLWithPath: $0) }
            ?? root.appendingPathComponent("bench/corpus")
        let limit = Int((Double(ProcessInfo.processInfo.environment["SAFEGUARD_BENCH_MB"] ?? "") ?? 20) * 1_000_000)
        do {
            let pipeline = try Pipeline.builtIn()
            self.pipeline = pipeline
            let manifest = try Fixture.manifest(corpus: corpus, root: root)
            var files: [URL] = []
            var total = 0
            for entry in manifest.files where total < limit {
                files.append(corpus.appendingPathComponent(entry.file))
                total += entry.bytes
            }
            slice = files
            sliceBytes = total
            instruments = files.compactMap { try? InstrumentReader.read(contentsOf: $0) }
            analyses = instruments.map { pipeline.analyze($0) }
            let old = corpus.appendingPathComponent("diff/convention-64k-rev1.txt")
            let new = corpus.appendingPathComponent("diff/convention-64k-rev2.txt")
            let bytes = ((try? Data(contentsOf: old).count) ?? 0) + ((try? Data(contentsOf: new).count) ?? 0)
            diffPair = (old, new, bytes)
            diffAnalyses = (try pipeline.prepare(old), try pipeline.prepare(new))
        } catch {
            fatalError("SafeguardBenchmarks: cannot set up the corpus fixture: \(error)")
        }
    }

    struct Manifest: Decodable {
        struct Entry: Decodable {
            var file: String
            var bytes: Int
        }
        var files: [Entry]
    }

    /// Reads bench/corpus/manifest.json, generating the corpus first when it is missing.
    static func manifest(corpus: URL, root: URL) throws -> Manifest {
        let path = corpus.appendingPathComponent("manifest.json")
        if !FileManager.default.fileExists(atPath: path.path) {
            let generator = Process()
            generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            generator.arguments = [
                "python3", root.appendingPathComponent("bench/gen_corpus.py").path,
                "--examples", root.appendingPathComponent("examples").path, "--out", corpus.path,
            ]
            try generator.run()
            generator.waitUntilExit()
        }
        return try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: path))
    }
}

extension Pipeline {
    /// The built-in lexicon, both built-in frameworks and the built-in comparison rules, as the CLI loads them.
    static func builtIn() throws -> Pipeline { try Pipeline.load() }

    /// Both built-in frameworks evaluated over one analysis; returns the number of principle verdicts.
    func verdictCount(_ analysis: Analysis) -> Int {
        assess(analysis).results.reduce(0) { $0 + $1.principles.count }
    }

    /// Read, analysed and assessed as `safeguard diff` prepares each side.
    func prepare(_ url: URL) throws -> Revision { try revision(url.path) }

    /// Alignment, typed changes and per-principle verdict changes; returns the number of changes.
    func changeCount(_ old: Revision, _ new: Revision) -> Int { compare(old, new).changes.count }

    func diff(old: URL, new: URL) throws -> Int { changeCount(try prepare(old), try prepare(new)) }
}
