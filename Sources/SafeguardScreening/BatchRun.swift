import Foundation
public import SafeguardModel

/// How `screen --batch` writes its decisions.
public enum BatchOutputFormat: Sendable {
    /// One JSON object per line (decisions and invalid lines alike).
    case jsonLines
    /// The same objects as one JSON array.
    case jsonArray
    /// One tab-separated line per decision: line, request, outcome, grounds or conditions, rules.
    case table
}

/// What a screened batch came to.
public struct BatchSummary: Sendable {
    /// Decisions per outcome.
    public var counts: [DecisionOutcome: Int] = [:]
    /// Lines that were not valid requests.
    public var invalid = 0

    /// The number of requests decided.
    public var decided: Int { counts.values.reduce(0, +) }

    /// "screened N requests (execute a, …); k invalid", for standard error.
    public var description: String {
        let summary = DecisionOutcome.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", ")
        return "screened \(decided) requests (\(summary)); \(invalid) invalid"
    }
}

extension BatchScreener {
    /// Screens a JSON Lines batch end to end: decides every line on all cores, renders each decision in
    /// `format`, appends the audit records to `store` and hands the output to `write`, window by window and in
    /// input order. Each audit entry is committed before its decision is written, so nothing written is
    /// unrecorded.
    /// - Parameters:
    ///   - quotes: the cited provisions' words, by eId, for explanations (see ``CitationCheck``).
    ///   - write: receives the output bytes in order.
    ///   - reportInvalid: receives the description of each invalid line, in order.
    public func screenBatch(
        bytes: UnsafeBufferPointer<UInt8>, source: String?, format: BatchOutputFormat, quotes: [EId: String] = [:],
        store: (any AuditStore)? = nil, write: ([UInt8]) throws -> Void, reportInvalid: (String) -> Void
    ) throws -> BatchSummary {
        struct Chunk: Sendable { var bytes: [UInt8]; var records: [AuditRecord]; var errors: [String]; var outcomes: [DecisionOutcome] }
        let engine = self.engine
        let wantRecords = store != nil
        let renderer = DecisionRenderer(engine: engine, quotes: quotes)
        var summary = BatchSummary()
        var first = true
        if format == .jsonArray { try write(Array("[\n".utf8)) }
        try run(
            bytes: bytes, source: source,
            transform: { results in
                var chunk = Chunk(bytes: [], records: [], errors: [], outcomes: [])
                chunk.bytes.reserveCapacity(results.count * (format == .table ? 120 : 2048))
                for result in results {
                    switch result {
                    case .decided(let line, let request, let decision):
                        chunk.outcomes.append(decision.outcome)
                        if wantRecords || format == .table {
                            let report = engine.explain(decision, for: request, quotes: quotes)
                            if wantRecords { chunk.records.append(AuditRecord(request: request, report: report)) }
                            if format == .table { chunk.bytes += report.batchLine(line: line).utf8 }
                        }
                        if format != .table { renderer.appendJSONLine(decision, for: request, to: &chunk.bytes) }
                    case .invalid(let line, let error):
                        chunk.errors.append(error.description)
                        chunk.bytes += Self.invalidLine(line, error, table: format == .table).utf8
                    }
                }
                return chunk
            },
            consume: { chunk in
                if let store, !chunk.records.isEmpty { try store.append(chunk.records, at: Date()) }
                if format == .jsonArray {
                    // JSON array: the same lines, separated by commas.
                    var out: [UInt8] = []
                    out.reserveCapacity(chunk.bytes.count + 1024)
                    for line in chunk.bytes.split(separator: 0x0A) {
                        if !first { out += ",\n".utf8 }
                        first = false
                        out += line
                    }
                    try write(out)
                } else {
                    try write(chunk.bytes)
                }
                chunk.errors.forEach(reportInvalid)
                summary.invalid += chunk.errors.count
                for outcome in chunk.outcomes { summary.counts[outcome, default: 0] += 1 }
            })
        if format == .jsonArray { try write(Array("\n]\n".utf8)) }
        return summary
    }

    /// Screens a batch under this screener's engine (A) and `engineB`, and reports what changes between them.
    /// Requests are resolved against engine A's taxonomy and profiles, which both engines share.
    public func compareBatch(bytes: UnsafeBufferPointer<UInt8>, source: String?, with engineB: ScreeningEngine) throws
        -> RuleSetComparison
    {
        let engineA = engine
        let plan = try RuleAttributionPlan(engineA: engineA, engineB: engineB)
        var total = ComparisonAccumulator(attribution: plan)
        try run(
            bytes: bytes, source: source,
            transform: { results in
                var accumulator = ComparisonAccumulator(attribution: plan)
                for result in results {
                    switch result {
                    case .decided(let line, let request, let decision):
                        accumulator.add(
                            line: line, request: request, a: decision, b: engineB.decide(request), engineA: engineA, engineB: engineB)
                    case .invalid: accumulator.addInvalid()
                    }
                }
                return accumulator
            }, consume: { total.merge($0) })
        return total.result(engineA: engineA, engineB: engineB)
    }

    /// The output line of an invalid request line.
    static func invalidLine(_ line: Int, _ error: SafeguardError, table: Bool) -> String {
        if table { return "line \(line): invalid: \(error.message)\n" }
        let message = (try? String(decoding: JSONOutput.encoder(pretty: false).encode(error.message), as: UTF8.self)) ?? "\"\""
        return "{\"error\":\(message),\"line\":\(line)}\n"
    }
}

extension DecisionReport {
    /// One tab-separated line for batches: line, request, outcome, grounds (or conditions, or "-"), rules.
    public func batchLine(line: Int) -> String {
        var detail = grounds.isEmpty ? conditions.map(\.id).joined(separator: ",") : grounds.joined(separator: ",")
        if detail.isEmpty { detail = "-" }
        return "\(line)\t\(request)\t\(outcome.rawValue)\t\(detail)\t\(determiningRules.map(\.rule).joined(separator: ","))\n"
    }
}
