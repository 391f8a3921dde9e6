import Foundation
import SafeguardAnalysis
import SafeguardAssessment
import SafeguardModel
import SafeguardPipeline
import SafeguardScreening
import SafeguardWorkspace

/// The work of the corpus-assessment and batch-screening jobs (``JobKind``), over the same library calls as the
/// corpus view, `safeguard assess --framework` and `safeguard screen --batch`.
extension WorkspaceService {
    /// Refuses parameters a job of `kind` could not run with, in the user's terms (422), before it is queued:
    /// - `corpus-assessment`: `framework` (a built-in id) or `frameworkYAML` (an uploaded framework, named by
    ///   `frameworkName`); optionally `kind` and `region` to assess only part of the corpus.
    /// - `screen-batch`: `batch` (JSON Lines) and `ruleset` (a shipped id) or `rulesetYAML` (named by `rulesetName`).
    func checkJobParameters(_ kind: JobKind, _ parameters: [String: String]) throws {
        switch kind {
        case .reanalyse: break
        case .corpusAssessment: _ = try jobFramework(parameters)
        case .screenBatch:
            guard audit != nil else { throw WorkspaceError.badInput("this workspace has no audit log, so it does not screen") }
            guard (parameters["batch"] ?? "").contains(where: { !$0.isWhitespace }) else {
                throw WorkspaceError.badInput("the batch is empty: give JSON Lines, one request (safeguard.request/1) per line")
            }
            _ = try screeningEngine(Self.jobRuleSet(parameters))
        }
    }

    /// The framework a corpus assessment is made under: a built-in one, or uploaded YAML checked against the
    /// lexicon's feature catalogue as `safeguard assess --framework FILE` checks it.
    func jobFramework(_ parameters: [String: String]) throws -> Framework {
        let known = Pipeline.knownFeatures(of: pipeline.lexicon)
        do {
            if let yaml = parameters["frameworkYAML"], !yaml.isEmpty {
                let name = ((parameters["frameworkName"] ?? "framework.yaml") as NSString).lastPathComponent
                return try Framework.parse(yaml: yaml, file: name, knownFeatures: known)
            }
            let id = parameters["framework"] ?? ""
            guard Framework.builtInIDs.contains(id) else {
                throw WorkspaceError.badInput(
                    "no framework \(id) (built in: \(Framework.builtInIDs.joined(separator: ", ")); or upload one)")
            }
            return try Framework.builtIn(id, knownFeatures: known)
        } catch let error as SafeguardError {
            throw WorkspaceError.badInput(error.description)
        }
    }

    static func jobRuleSet(_ parameters: [String: String]) -> RuleSetChoice {
        if let yaml = parameters["rulesetYAML"], !yaml.isEmpty {
            return .uploaded(name: parameters["rulesetName"] ?? "ruleset.yaml", yaml: yaml)
        }
        return .shipped(parameters["ruleset"] ?? "recommended-safeguards")
    }

    /// Assesses the latest revision of every instrument the job's account can see (optionally one kind or
    /// region) under the job's framework; the result is the corpus matrix in every report format.
    func assessCorpus(_ viewer: Viewer, job: Job, parameters: [String: String]) async throws -> [String: String] {
        let assessor = Assessor(frameworks: [try jobFramework(parameters)])
        let latest = try await corpusRevisions(
            viewer, kind: parameters["kind"].flatMap { $0.isEmpty ? nil : $0 },
            region: parameters["region"].flatMap { $0.isEmpty ? nil : $0 })
        try await store.updateProgress(jobID: job.id, done: 0, total: latest.count)
        var assessments: [Assessment] = []
        for (index, revision) in latest.enumerated() {
            assessments.append(assessor.assess(try await reading(viewer, revisionID: revision.id).analysis))
            try await store.updateProgress(jobID: job.id, done: index + 1, total: latest.count)
        }
        var result: [String: String] = [:]
        for format in ReportFormat.allCases { result[format.rawValue] = try corpusText(assessments, format: format) }
        return result
    }

    /// Screens the job's batch and appends every decision to the audit log, each entry committed before its
    /// decision is kept; the result is the decisions as JSON Lines (`screen --batch` output) and a summary.
    func screenBatch(job: Job, parameters: [String: String]) async throws -> [String: String] {
        guard let audit else { throw WorkspaceError.badInput("this workspace has no audit log, so it does not screen") }
        let engine = try screeningEngine(Self.jobRuleSet(parameters))
        let bytes = Array((parameters["batch"] ?? "").utf8)
        let total = bytes.withUnsafeBufferPointer { JSONLines.lineRanges($0).count }
        try await store.updateProgress(jobID: job.id, done: 0, total: total)
        let counter = LineCounter()
        let store = self.store
        // The batch is screened on a worker thread; the lines written so far are reported twice a second.
        let reporter = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                try? await store.updateProgress(jobID: job.id, done: counter.value, total: total)
            }
        }
        defer { reporter.cancel() }
        let (output, summary) = try await offload { () throws -> (String, String) in
            var output: [UInt8] = []
            var invalid: [String] = []
            let summary = try bytes.withUnsafeBufferPointer { buffer in
                try BatchScreener(engine: engine, windowSize: 1024).screenBatch(
                    bytes: buffer, source: "batch", format: .jsonLines, store: audit,
                    write: { chunk in
                        output += chunk
                        counter.add(chunk.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 })
                    },
                    reportInvalid: { invalid.append($0) })
            }
            return (String(decoding: output, as: UTF8.self), ([summary.description] + invalid).joined(separator: "\n") + "\n")
        }
        reporter.cancel()
        _ = await reporter.result
        try await store.updateProgress(jobID: job.id, done: total, total: total)
        return ["jsonl": output, "txt": summary]
    }
}

/// Lines written so far by a batch on a worker thread, read by the progress reporter.
final class LineCounter: @unchecked Sendable {
    // @unchecked: `count` is only touched under `lock`.
    private let lock = NSLock()
    private var count = 0

    func add(_ lines: Int) { lock.withLock { count += lines } }
    var value: Int { lock.withLock { count } }
}
