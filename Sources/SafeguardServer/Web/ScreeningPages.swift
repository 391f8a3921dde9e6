import Foundation
import Hummingbird
import SafeguardModel
import SafeguardScreening
import SafeguardWorkspace

/// The screening page (a request through a form, its decision, the audit log's state) and the transparency
/// report.
extension Pages {
    func registerScreening(on router: Router<AppContext>) {
        router.get("/screen") { _, context in
            try await screenPage(context: context, result: nil, request: "", ruleSet: "recommended-safeguards")
        }
        router.post("/screen", use: screen)
        router.post("/screen/compare", use: compareRuleSets)
        router.get("/transparency") { request, context in
            let format = ReportFormat(rawValue: request.uri.queryParameters["format"].map(String.init) ?? "html") ?? .html
            return Self.document(try await service.transparency(try context.requireViewer(), format: format), format)
        }
    }

    func screenPage(context: AppContext, result: ScreeningResult?, request: String, ruleSet: String) async throws -> Response {
        let viewer = try context.requireViewer()
        var values: [String: Any] = [
            "canScreen": viewer.memberships.contains { $0.role >= .reviewer } && service.audit != nil,
            "ruleSets": ScreeningResources.shippedRuleSets.map { ["id": $0, "selected": $0 == ruleSet] },
            "request": request, "csrf": viewer.csrfToken ?? "",
            "ruleSetsB": ScreeningResources.shippedRuleSets.map { ["id": $0, "selected": $0 == "model-convention-rev2"] },
        ]
        if service.audit != nil {
            let verification = try await service.auditVerification(viewer)
            values["audit"] =
                [
                    "entries": verification.entries, "intact": verification.isIntact, "headHash": verification.headHash,
                    "problems": verification.problems.map(\.description),
                ] as [String: Any]
        }
        if let result {
            values["result"] =
                [
                    "outcome": result.report.outcome.rawValue, "grounds": result.report.grounds.joined(separator: ", "),
                    "ruleSet": result.report.ruleSet.id, "json": result.json, "sequence": result.sequence,
                    "entryHash": result.entryHash,
                ] as [String: Any]
        }
        return try render("screen", title: "Screen a request", values, context: context)
    }

    @Sendable func screen(_ request: Request, context: AppContext) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let fields = try await form(&request, context, limit: 1_000_000)
        let text = fields.file.map { String(decoding: $0.bytes, as: UTF8.self) } ?? fields["request"] ?? ""
        let ruleSet = fields["ruleset"] ?? "recommended-safeguards"
        let result = try await service.screen(viewer, request: text, ruleSet: ruleSet)
        return try await screenPage(context: context, result: result, request: text, ruleSet: ruleSet)
    }

    /// Compares two rule sets over an uploaded batch and shows what `safeguard screen --compare A B` prints
    /// (its table, with the per-rule attribution) and the comparison as JSON.
    @Sendable func compareRuleSets(_ request: Request, context: AppContext) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let fields = try await form(&request, context, limit: service.settings.maxUploadBytes)
        let (batch, a, b) = try Self.comparisonInput(fields)
        let comparison = try await service.compareRuleSets(viewer, batch: batch, a: a, b: b)
        let values: [String: Any] = [
            "ruleSetA": "\(comparison.ruleSetA.id) \(comparison.ruleSetA.version)",
            "ruleSetB": "\(comparison.ruleSetB.id) \(comparison.ruleSetB.version)",
            "requests": comparison.requests, "invalid": comparison.invalid, "changed": comparison.changed,
            "table": comparison.table(), "json": try JSONOutput.string(comparison),
        ]
        return try render("compare-rulesets", title: "Two rule sets compared", values, context: context)
    }

    /// The batch and the two rule sets of a comparison form (web and API alike): `batch` (a file, or the
    /// `batchText` field), `a` and `b` (shipped ids) or the files `aFile` and `bFile` (rule-set YAML).
    static func comparisonInput(_ fields: FormFields) throws -> (batch: [UInt8], a: RuleSetChoice, b: RuleSetChoice) {
        let batch = fields.files["batch"]?.bytes ?? Array((fields["batchText"] ?? "").utf8)
        return (
            batch, RuleSetChoice.from(id: fields["a"], upload: fields.files["aFile"], fallback: "recommended-safeguards"),
            RuleSetChoice.from(id: fields["b"], upload: fields.files["bFile"], fallback: "model-convention-rev2")
        )
    }
}
