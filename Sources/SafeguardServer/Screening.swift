public import Foundation
import SafeguardModel
public import SafeguardScreening
import SafeguardWorkspace

/// One screened request as the workspace answers it: the decision, as `safeguard screen --format json` writes
/// it, and where it stands in the audit log.
public struct ScreeningResult: Sendable {
    public var report: DecisionReport
    /// The decision as JSON (schema safeguard.decision/1).
    public var json: String
    /// The audit log entry's sequence number and hash.
    public var sequence: Int64
    public var entryHash: String
}

/// Screening cross-border data requests through the workspace (docs/screening.md): the same engine and shipped
/// rule sets as `safeguard screen`, every decision appended to the workspace's audit log.
extension WorkspaceService {
    /// Screens one request (YAML or JSON, schema safeguard.request/1) against a shipped rule set and appends the
    /// decision to the audit log. Reviewers and admins may screen.
    public func screen(_ viewer: Viewer, request text: String, ruleSet: String) async throws -> ScreeningResult {
        guard viewer.memberships.contains(where: { $0.role >= .reviewer }) else {
            throw WorkspaceError.forbidden("only reviewers and admins may screen requests")
        }
        guard let audit else { throw WorkspaceError.badInput("this workspace has no audit log, so it does not screen") }
        let engine = try screeningEngine(.shipped(ruleSet))
        let report: DecisionReport
        let record: AuditRecord
        do {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let value =
                trimmed.hasPrefix("{")
                ? try DataValue.parseJSON(text, source: "request") : try DataValue.parseYAML(text, source: "request")
            let request = try engine.request(from: value, source: "request")
            report = engine.screen(request)
            record = AuditRecord(request: request, report: report)
        } catch let error as SafeguardError {
            throw WorkspaceError.badInput(error.message)
        }
        let entry = try await appendToAudit(audit, record)
        return ScreeningResult(
            report: report, json: try JSONOutput.string(report), sequence: entry.sequence, entryHash: entry.entryHash)
    }

    /// The audit log's verification (every hash and link recomputed); any signed-in member may see it.
    public func auditVerification(_ viewer: Viewer) async throws -> AuditVerification {
        guard !viewer.memberships.isEmpty else { throw WorkspaceError.notFound }
        guard let audit else { throw WorkspaceError.notFound }
        return try await offload { try audit.verify() }
    }

    /// The transparency report over every decision in the audit log, as `safeguard report transparency` writes
    /// it; refused (409) when the log fails verification, as the CLI refuses.
    public func transparency(_ viewer: Viewer, format: ReportFormat) async throws -> Data {
        let verification = try await auditVerification(viewer)
        guard verification.isIntact, let audit else {
            throw WorkspaceError.conflict("the audit log fails verification; no report is made from it")
        }
        let report = TransparencyReport(entries: try await offload { try audit.entries(from: nil, to: nil) }, from: nil, to: nil)
        switch format {
        case .html: return Data(report.html().utf8)
        case .csv: return Data(report.csv().utf8)
        case .md: return Data(report.table().utf8)
        case .json: return Data(try JSONOutput.string(report).utf8)
        }
    }

    func appendToAudit(_ audit: any AuditStore, _ record: AuditRecord) async throws -> AuditEntry {
        let entries = try await offload { try audit.append([record], at: Date()) }
        guard let entry = entries.first else { throw WorkspaceError.badInput("the audit log took no entry") }
        return entry
    }

    /// Runs the audit store's blocking call off the server's event loops.
    func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }
}
