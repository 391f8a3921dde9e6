import Foundation
import Hummingbird
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
}
