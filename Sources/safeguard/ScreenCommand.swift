import ArgumentParser
import Foundation
import SafeguardIngest
import SafeguardModel
import SafeguardScreening

/// Options shared by the screening commands: which rule set, profiles and taxonomy.
struct ScreeningConfigurationOptions: ParsableArguments {
    @Option(name: .long, help: "Rule set: a shipped id (model-convention-rev2, recommended-safeguards) or a YAML file.")
    var ruleset: String = "recommended-safeguards"

    @Option(name: .long, help: "Directory of jurisdiction profiles (YAML). Default: the shipped fictional states.")
    var profiles: String?

    @Option(name: .long, help: "Conduct taxonomy file (YAML). Default: the shipped taxonomy.")
    var taxonomy: String?

    @Option(name: .long, help: "Most targets one request may name; a request with more is refused (exit 65).")
    var maxTargets: Int = ScreeningEngine.defaultMaxTargets

    func engine(ruleSet: String? = nil) throws -> ScreeningEngine {
        var engine = try ScreeningResources.engine(
            ruleSet: ruleSet ?? ruleset,
            profilesDirectory: profiles.map { URL(fileURLWithPath: $0) },
            taxonomyFile: taxonomy.map { URL(fileURLWithPath: $0) }
        )
        engine.maxTargets = maxTargets
        return engine
    }
}

enum ScreenFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, jsonl
}

struct ScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Screen cross-border data requests against a rule set, compare rule sets, generate synthetic requests.",
        discussion: "`safeguard screen REQUEST...` and `safeguard screen --batch FILE.jsonl` run the `run` subcommand.",
        subcommands: [ScreenRequestsCommand.self, GenerateRequestsCommand.self, ScreenBenchmarkCommand.self],
        defaultSubcommand: ScreenRequestsCommand.self
    )
}

struct ScreenRequestsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract:
            "Screen cross-border data requests against a rule set: execute, execute with conditions, refuse or needs review, with the "
                + "articles cited.",
        discussion: """
            Give request files (YAML or JSON, schema safeguard.request/1), or --batch FILE.jsonl (one JSON request \
            per line; - for standard input), screened on every core with output in input order. \
            --compare A B screens a batch under two rule sets and reports what changes. \
            A malformed request is a validation error naming the field (exit 65); in a batch each bad line is \
            reported and the rest are screened, and the exit status is 65 if any line was bad. \
            See docs/screening.md.
            """
    )

    @Argument(help: "Request files (YAML or JSON).")
    var requests: [String] = []

    @Option(name: .long, help: "JSON Lines file of requests (- for standard input).")
    var batch: String?

    @OptionGroup var configuration: ScreeningConfigurationOptions

    @Option(name: .long, parsing: .upToNextOption, help: "Compare two rule sets (ids or files) over --batch.")
    var compare: [String] = []

    @Option(name: .long, help: "Instrument file the rule set cites: every cited article is checked to exist and quoted.")
    var instrument: String?

    @Option(name: .long, help: "Append every decision to this audit log (a SQLite file, created if missing, or a postgres:// URL).")
    var audit: String?

    @Option(name: .long, help: "Output format: table, json or jsonl (default: table for request files and comparisons, jsonl for --batch).")
    var format: ScreenFormat?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if !compare.isEmpty {
            guard compare.count == 2 else { throw ValidationError("--compare takes exactly two rule sets") }
            guard batch != nil else { throw ValidationError("--compare needs --batch FILE.jsonl") }
            guard audit == nil else { throw ValidationError("--compare does not write an audit log") }
        }
        if batch == nil && requests.isEmpty { throw ValidationError("give request files or --batch FILE.jsonl") }
        if batch != nil && !requests.isEmpty { throw ValidationError("give request files or --batch, not both") }
    }

    func run() throws {
        if !compare.isEmpty { return try runCompare() }
        let engine = try configuration.engine()
        let quotes = try checkedQuotes(engine)
        let store: (any AuditStore)? = try audit.map { try AuditStores.open($0, create: true) }
        if let batch {
            try runBatch(engine: engine, path: batch, quotes: quotes, store: store)
        } else {
            try runFiles(engine: engine, quotes: quotes, store: store)
        }
    }

    /// Reads the instrument and checks the rule set's citations; a missing article is a configuration error.
    func checkedQuotes(_ engine: ScreeningEngine) throws -> [EId: String] {
        guard let instrument else { return [:] }
        let text = try InstrumentReader.read(contentsOf: URL(fileURLWithPath: instrument))
        let check = CitationCheck.check(engine.ruleSet, against: text)
        if !check.missing.isEmpty {
            let list = check.missing.map { "\($0.rule) cites \($0.eId)" }.joined(separator: "; ")
            throw SafeguardError(
                .invalidConfiguration, "rule set \(engine.ruleSet.id) cites provisions that \(instrument) does not have: \(list)")
        }
        return check.quotes
    }

    func runFiles(engine: ScreeningEngine, quotes: [EId: String], store: (any AuditStore)?) throws {
        var reports: [DecisionReport] = []
        var records: [AuditRecord] = []
        for path in requests {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SafeguardError(.inputNotFound, "no such file", file: path)
            }
            guard let text = String(data: data, encoding: .utf8) else { throw SafeguardError(.undecodable, "not UTF-8 text", file: path) }
            let value = path.hasSuffix(".json") ? try DataValue.parseJSON(text, source: path) : try DataValue.parseYAML(text, source: path)
            let request = try engine.request(from: value, source: path)
            let report = engine.screen(request, quotes: quotes)
            reports.append(report)
            records.append(AuditRecord(request: request, report: report))
        }
        try store?.append(records, at: Date())
        switch format ?? .table {
        case .json: try output.write(try JSONOutput.string(reports.count == 1 ? AnyEncodable(reports[0]) : AnyEncodable(reports)))
        case .jsonl: try output.write(reports.map(\.jsonLine).joined())
        case .table:
            try output.write(
                reports.map { ScreenRendering.block($0, terminal: Terminal(colorEnabled: output.colorEnabled)) }.joined(separator: "\n"))
        }
    }

    func runBatch(engine: ScreeningEngine, path: String, quotes: [EId: String], store: (any AuditStore)?) throws {
        let bytes = try BatchScreener.readInput(path)
        let sink = try OutputSink(output.output)
        let batchFormat: BatchOutputFormat =
            switch format ?? .jsonl {
            case .jsonl: .jsonLines
            case .json: .jsonArray
            case .table: .table
            }
        let summary = try bytes.withUnsafeBufferPointer { buffer in
            try BatchScreener(engine: engine).screenBatch(
                bytes: buffer, source: path == "-" ? "<stdin>" : path, format: batchFormat, quotes: quotes, store: store,
                write: { try sink.write($0) }, reportInvalid: { CLIOutput.printError($0) })
        }
        try sink.close()
        if CLIOutput.standardErrorIsTerminal || summary.invalid > 0 {
            FileHandle.standardError.write(Data("safeguard: \(summary.description)\n".utf8))
        }
        if summary.invalid > 0 { throw SafeguardError(.invalidData, "\(summary.invalid) request line(s) were invalid (reported above)") }
    }

    func runCompare() throws {
        let engineA = try configuration.engine(ruleSet: compare[0])
        let engineB = try configuration.engine(ruleSet: compare[1])
        let bytes = try BatchScreener.readInput(batch!)
        let result = try bytes.withUnsafeBufferPointer { buffer in
            try BatchScreener(engine: engineA).compareBatch(bytes: buffer, source: batch, with: engineB)
        }
        switch format ?? .table {
        case .table: try output.write(result.table())
        case .json, .jsonl: try output.write(try JSONOutput.string(result, pretty: format != .jsonl))
        }
    }
}

/// `safeguard screen generate`: a seeded synthetic request population as JSON Lines.
struct GenerateRequestsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a seeded synthetic population of requests over the shipped fictional states (JSON Lines)."
    )

    @Option(name: .long, help: "Number of requests.")
    var count: Int = 1000

    @Option(name: .long, help: "Seed: the same seed gives the same requests.")
    var seed: UInt64 = 1

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must not be negative") }
    }

    func run() throws {
        try output.write(RequestGenerator(seed: seed).jsonLines(count: count))
    }
}

/// `safeguard screen benchmark`: decisions per second on one core, in-process, and the batch pipeline end to end.
struct ScreenBenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Measure in-process decisions per second per core and batch throughput on a synthetic population."
    )

    @Option(name: .long, help: "Number of synthetic requests.")
    var count: Int = 100_000

    @Option(name: .long, help: "Passes over the requests for the in-process measurement.")
    var passes: Int = 10

    @Option(name: .long, help: "Seed of the synthetic population.")
    var seed: UInt64 = 1

    @OptionGroup var configuration: ScreeningConfigurationOptions

    func run() throws {
        let engine = try configuration.engine()
        let requests = ScreeningBenchmarks.syntheticRequests(count: count, seed: seed, engine: engine)
        _ = ScreeningBenchmarks.decideAll(requests, engine: engine, passes: 1)  // warm up
        let start = DispatchTime.now().uptimeNanoseconds
        let (decisions, checksum) = ScreeningBenchmarks.decideAll(requests, engine: engine, passes: passes)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print("rule set \(engine.ruleSet.id) \(engine.ruleSet.version): \(engine.ruleSet.rules.count) rules")
        print(
            String(
                format: "in-process decide(): %d decisions in %.3f s = %.0f decisions/s on one core (checksum %d)", decisions, seconds,
                Double(decisions) / seconds, checksum))
        // Stage costs on one core: parse + validate, digest, JSON rendering (the batch pipeline's parts).
        let text = RequestGenerator(seed: seed).jsonLines(count: count)
        let rawLines = Array(text.utf8).split(separator: 0x0A).map { Array($0) }
        func time(_ body: () -> Int) -> (Double, Int) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let n = body()
            return (Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9, n)
        }
        var parsed: [Request] = []
        parsed.reserveCapacity(rawLines.count)
        let (parseSeconds, _) = time {
            for line in rawLines {
                let request = line.withUnsafeBufferPointer { buffer -> Request? in
                    guard let value = try? DataValue.parseJSON(buffer) else { return nil }
                    return try? engine.request(from: value)
                }
                if let request { parsed.append(request) }
            }
            return parsed.count
        }
        let (digestSeconds, _) = time { parsed.reduce(0) { $0 &+ $1.digest.utf8.count } }
        let (canonicalSeconds, canonicalBytes) = time { parsed.reduce(0) { $0 &+ $1.canonicalText.utf8.count } }
        let renderer = DecisionRenderer(engine: engine)
        var sink: [UInt8] = []
        sink.reserveCapacity(4096)
        let (renderSeconds, _) = time {
            for request in parsed {
                renderer.appendJSONLine(engine.decide(request), for: request, to: &sink)
                sink.removeAll(keepingCapacity: true)
            }
            return parsed.count
        }
        let n = Double(parsed.count)
        print(
            String(
                format:
                    "one core, per request: parse + validate %.2f µs, digest %.2f µs (canonical form %.2f µs, %.0f bytes), decide + render "
                        + "JSON line (incl. digest) %.2f µs",
                parseSeconds / n * 1e6, digestSeconds / n * 1e6, canonicalSeconds / n * 1e6, Double(canonicalBytes) / n,
                renderSeconds / n * 1e6))
        var lines = Array(text.utf8)
        let batchStart = DispatchTime.now().uptimeNanoseconds
        var decided = 0
        try lines.withUnsafeMutableBufferPointer { buffer in
            try BatchScreener(engine: engine).run(
                bytes: UnsafeBufferPointer(buffer), source: nil,
                transform: { results in
                    results.reduce(0) { n, r in
                        if case .decided = r { return n + 1 }; return n
                    }
                }, consume: { decided += $0 })
        }
        let batchSeconds = Double(DispatchTime.now().uptimeNanoseconds - batchStart) / 1e9
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print(
            String(
                format: "batch (parse JSON lines + validate + decide, %d cores): %d decisions in %.3f s = %.0f decisions/s (%.0f per core)",
                cores, decided, batchSeconds, Double(decided) / batchSeconds, Double(decided) / batchSeconds / Double(cores)))
    }
}

/// Streams batch output to standard output or a file without holding it all in memory.
final class OutputSink {
    let handle: FileHandle
    let path: String?

    init(_ path: String?) throws {
        if let path, path != "-" {
            // open(2) with O_TRUNC writes in place: /dev/null or a FIFO stay what they are. (An atomic
            // create-and-rename, as FileManager.createFile does, would replace such a file when run as root.)
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw SafeguardError(.cannotWriteOutput, "cannot write \(path): \(String(cString: strerror(errno)))", file: path)
            }
            self.handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            self.path = path
        } else {
            handle = FileHandle.standardOutput
            self.path = nil
        }
    }

    func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Writes all bytes with write(2), retrying partial writes; a failure (disk full, closed pipe) is exit 73.
    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Foundation.write(handle.fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw SafeguardError(.cannotWriteOutput, "cannot write the output: \(String(cString: strerror(errno)))", file: path)
                }
                offset += written
            }
        }
    }

    func close() throws { if path != nil { try handle.close() } }
}

/// Wraps a value so one `JSONOutput.string` call can encode either a report or a list.
struct AnyEncodable: Encodable {
    let encodeValue: (any Encoder) throws -> Void
    init<T: Encodable>(_ value: T) { encodeValue = value.encode }
    func encode(to encoder: any Encoder) throws { try encodeValue(encoder) }
}

enum ScreenRendering {
    static func colour(_ outcome: DecisionOutcome, _ terminal: Terminal) -> String {
        switch outcome {
        case .execute: terminal.green(outcome.rawValue)
        case .executeWithConditions: terminal.yellow(outcome.rawValue)
        case .refuse: terminal.red(outcome.rawValue)
        case .needsReview: terminal.bold(outcome.rawValue)
        }
    }

    /// The full explanation of one decision.
    static func block(_ r: DecisionReport, terminal: Terminal) -> String {
        var out = "\(terminal.bold(r.request))  \(colour(r.outcome, terminal))  (rule set \(r.ruleSet.id) \(r.ruleSet.version))\n"
        if !r.grounds.isEmpty { out += "  grounds: \(r.grounds.joined(separator: ", "))\n" }
        for c in r.conditions { out += "  condition \(c.id): \(c.text)\n" }
        out += "  dual criminality (conduct-based): \(r.dualCriminalitySummary)"
        if let required = r.dualCriminality.requiredByRequestedState {
            out +=
                required
                ? " (required by \(r.requestedState) for \(r.measure.rawValue))"
                : " (not required by \(r.requestedState) for \(r.measure.rawValue))"
        }
        out += "\n  determining rules:\n"
        for d in r.determiningRules {
            let cite = d.implements.map { "\($0.instrument) \($0.eId)" } ?? "no citation"
            out += "    \(d.rule) [\(d.effect)] — \(cite)\n      \(d.reason)\n"
            if !d.restedOn.isEmpty { out += "      rested on: \(d.restedOn.joined(separator: ", "))\n" }
            // Line breaks of the source are shown as spaces here; JSON output keeps the exact words.
            if let q = d.quote { out += "      \(terminal.dim("“\(q.split(whereSeparator: \.isNewline).joined(separator: " "))”"))\n" }
        }
        return out
    }

}
