import Foundation
import SafeguardAnalysis
import SafeguardAssessment
import SafeguardComparison
import SafeguardIngest
import SafeguardModel
import SafeguardPipeline
import SafeguardScreening

/// In-process stage timings for `bench/compare`: one JSON report on standard output per run.
///
///     SafeguardTiming stages [--threads N] (--list FILE | FILE...)
///     SafeguardTiming diff OLD NEW [--runs N]
///
/// Built only with `SAFEGUARD_BENCHMARKS=1` (see Package.swift), in release:
/// `SAFEGUARD_BENCHMARKS=1 swift build -c release --product SafeguardTiming`.
/// Times are wall-clock nanoseconds from a monotonic clock. With one thread, stage times are exact per
/// file; with more threads, only the total wall time is meaningful (corpus mode on several cores).
@main
enum SafeguardTiming {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard let mode = arguments.first else { usage() }
        arguments.removeFirst()
        do {
            switch mode {
            case "stages": try stages(arguments)
            case "diff": try diff(arguments)
            default: usage()
            }
        } catch {
            FileHandle.standardError.write(Data("SafeguardTiming: \(error)\n".utf8))
            exit(70)
        }
    }

    static func usage() -> Never {
        FileHandle.standardError.write(
            Data("usage: SafeguardTiming stages [--threads N] (--list FILE | FILE...) | diff OLD NEW [--runs N]\n".utf8))
        exit(64)
    }

    // MARK: stages

    static func stages(_ arguments: [String]) throws {
        var files: [String] = []
        var threads = 1
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--threads":
                index += 1
                threads = max(1, Int(arguments[index]) ?? 1)
            case "--list":
                index += 1
                let list = try String(contentsOfFile: arguments[index], encoding: .utf8)
                files += list.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
            default:
                files.append(arguments[index])
            }
            index += 1
        }
        let loadStart = now()
        let pipeline = try StageTimer()
        let loadNanos = now() - loadStart
        let baseline = Memory.residentBytes()

        let (paths, threadCount) = (files, threads)
        let wallStart = now()
        let timings = concurrentMap(count: paths.count, workers: threadCount) { pipeline.run(path: paths[$0]) }
        let wall = now() - wallStart
        var report: [String: Any] = [
            "threads": threads,
            "files": timings.map(\.json),
            "wall_seconds": seconds(wall),
            "load_seconds": seconds(loadNanos),
            "bytes": timings.reduce(0) { $0 + $1.bytes },
            "baseline_rss_bytes": baseline,
            "peak_rss_bytes": Memory.peakResidentBytes(),
            "errors": timings.compactMap(\.error).prefix(5).map { $0 },
            "error_count": timings.filter { $0.error != nil }.count,
        ]
        var totals: [String: Double] = [:]
        for stage in Stage.allCases {
            totals[stage.rawValue] = seconds(timings.reduce(0) { $0 + ($1.nanos[stage] ?? 0) })
            totals[stage.rawValue + "_cpu"] = seconds(timings.reduce(0) { $0 + ($1.cpuNanos[stage] ?? 0) })
        }
        report["totals"] = totals
        report["counts"] = [
            "provisions": timings.reduce(0) { $0 + $1.provisions },
            "units": timings.reduce(0) { $0 + $1.units },
            "findings": timings.reduce(0) { $0 + $1.findings },
            "verdicts": timings.reduce(0) { $0 + $1.verdicts },
        ]
        try emit(report)
    }

    // MARK: diff

    static func diff(_ arguments: [String]) throws {
        guard arguments.count >= 2 else { usage() }
        var runs = 10
        if let flag = arguments.firstIndex(of: "--runs"), flag + 1 < arguments.count {
            runs = max(1, Int(arguments[flag + 1]) ?? 10)
        }
        let pipeline = try StageTimer()
        let old = URL(fileURLWithPath: arguments[0])
        let new = URL(fileURLWithPath: arguments[1])
        var full: [UInt64] = []
        var compareOnly: [UInt64] = []
        var fullCPU: [UInt64] = []
        var compareOnlyCPU: [UInt64] = []
        var changes = 0
        for _ in 0..<runs {
            let (start, cpuStart) = (now(), cpuNow())
            let oldSide = try pipeline.prepareForComparison(old)
            let newSide = try pipeline.prepareForComparison(new)
            let (compareStart, compareCPUStart) = (now(), cpuNow())
            changes = pipeline.compare(oldSide, newSide)
            let (end, cpuEnd) = (now(), cpuNow())
            full.append(end - start)
            compareOnly.append(end - compareStart)
            fullCPU.append(cpuEnd - cpuStart)
            compareOnlyCPU.append(cpuEnd - compareCPUStart)
        }
        var fullSummary = summary(full)
        fullSummary["cpu_median"] = summary(fullCPU)["median"]
        var compareSummary = summary(compareOnly)
        compareSummary["cpu_median"] = summary(compareOnlyCPU)["median"]
        try emit([
            "runs": runs,
            "changes": changes,
            "full": fullSummary,
            "compare_only": compareSummary,
            "peak_rss_bytes": Memory.peakResidentBytes(),
        ])
    }

    // MARK: helpers

    static func summary(_ nanos: [UInt64]) -> [String: Double] {
        let sorted = nanos.sorted()
        let median =
            sorted.count % 2 == 1
            ? Double(sorted[sorted.count / 2])
            : Double(sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        return ["median": median / 1e9, "min": Double(sorted.first ?? 0) / 1e9]
    }

    static func emit(_ object: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// CPU time of the calling thread: unlike wall time, not inflated when other processes share the cores.
func cpuNow() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}
func seconds(_ nanos: UInt64) -> Double { Double(nanos) / 1e9 }

enum Stage: String, CaseIterable {
    /// `render`: the analysis as `analyze --format json` writes it (without the rights card).
    case parse, analyze, render, assess
}

struct FileTiming: Sendable {
    var path: String
    var bytes: Int
    var nanos: [Stage: UInt64] = [:]
    var cpuNanos: [Stage: UInt64] = [:]
    var provisions = 0
    var units = 0
    var findings = 0
    var verdicts = 0
    var jsonBytes = 0
    var error: String?

    var json: [String: Any] {
        var object: [String: Any] = [
            "path": path, "bytes": bytes, "provisions": provisions, "units": units, "findings": findings, "json_bytes": jsonBytes,
        ]
        for stage in Stage.allCases {
            object[stage.rawValue] = seconds(nanos[stage] ?? 0)
            object[stage.rawValue + "_cpu"] = seconds(cpuNanos[stage] ?? 0)
        }
        if let error { object["error"] = error }
        return object
    }
}

enum Memory {
    /// Current resident set size from /proc/self/status (VmRSS), in bytes.
    static func residentBytes() -> Int { field("VmRSS:") }
    /// Peak resident set size (VmHWM), in bytes.
    static func peakResidentBytes() -> Int { field("VmHWM:") }

    private static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            let digits = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return digits * 1024
        }
        return 0
    }
}

/// The library pipeline with each stage timed: built-in lexicon, frameworks and comparison rules, loaded once.
struct StageTimer: Sendable {
    let pipeline: Pipeline

    init() throws { pipeline = try Pipeline.load() }

    func run(path: String) -> FileTiming {
        let url = URL(fileURLWithPath: path)
        var timing = FileTiming(path: path, bytes: (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        do {
            var (start, cpuStart) = (now(), cpuNow())
            let instrument = try InstrumentReader.read(contentsOf: url)
            var (end, cpuEnd) = (now(), cpuNow())
            timing.nanos[.parse] = end - start
            timing.cpuNanos[.parse] = cpuEnd - cpuStart
            timing.provisions = instrument.provisions.count
            timing.units = instrument.unitIndices.count
            (start, cpuStart) = (end, cpuEnd)
            let analysis = pipeline.analyze(instrument)
            (end, cpuEnd) = (now(), cpuNow())
            timing.nanos[.analyze] = end - start
            timing.cpuNanos[.analyze] = cpuEnd - cpuStart
            timing.findings = analysis.findings.count
            (start, cpuStart) = (end, cpuEnd)
            timing.jsonBytes = AnalysisDocument(analysis).jsonString.utf8.count
            (end, cpuEnd) = (now(), cpuNow())
            timing.nanos[.render] = end - start
            timing.cpuNanos[.render] = cpuEnd - cpuStart
            (start, cpuStart) = (end, cpuEnd)
            timing.verdicts = pipeline.assess(analysis).results.reduce(0) { $0 + $1.principles.count }
            (end, cpuEnd) = (now(), cpuNow())
            timing.nanos[.assess] = end - start
            timing.cpuNanos[.assess] = cpuEnd - cpuStart
        } catch {
            timing.error = "\(path): \(error)"
        }
        return timing
    }

    /// One revision read, analysed and assessed against both built-in frameworks, as `safeguard diff` does.
    func prepareForComparison(_ url: URL) throws -> Pipeline.Revision { try pipeline.revision(url.path) }

    /// Aligns two analysed revisions and derives the typed changes; returns the number of changes.
    func compare(_ old: Pipeline.Revision, _ new: Pipeline.Revision) -> Int { pipeline.compare(old, new).changes.count }
}
