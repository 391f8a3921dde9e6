import Foundation
import Hummingbird
import SafeguardAssessment
import SafeguardWorkspace
import SafeguardPipeline

/// The verdicts page of a revision (every framework's principles with the machine's verdict and the reviewers'
/// overrides), the override form, and review files in and out.
extension Pages {
    func registerVerdicts(on router: Router<AppContext>) {
        router.get("/revisions/:id/verdicts") { _, context in
            try await verdictsPage(context: context, imported: nil)
        }
        router.post("/revisions/:id/overrides", use: overrideVerdict)
        router.get("/revisions/:id/review-file") { _, context in
            let yaml = try await service.reviewFile(try context.requireViewer(), revisionID: context.parameters.get("id") ?? "")
            return Self.reviewFileResponse(yaml)
        }
        router.post("/revisions/:id/review-file", use: importReviewFile)
    }

    static func reviewFileResponse(_ yaml: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/yaml; charset=utf-8", .contentDisposition: "attachment; filename=\"review.yaml\""],
            body: .init(byteBuffer: ByteBuffer(string: yaml)))
    }

    func verdictsPage(context: AppContext, imported: [ImportedReviewEntry]?) async throws -> Response {
        let viewer = try context.requireViewer()
        let reading = try await service.reading(viewer, revisionID: context.parameters.get("id") ?? "")
        let machine = service.pipeline.assess(reading.analysis)
        let reviews = try await service.reviews(
            viewer, of: reading, words: WorkspaceService.wordsDigests(reading.analysis, machine))
        let canReview = viewer.memberships.contains { $0.role >= .reviewer }
        let frameworks: [[String: Any]] = machine.results.map { result in
            [
                "title": result.title, "id": result.frameworkID,
                "principles": result.principles.map { principle in
                    let target = WorkspaceService.target(framework: result.frameworkID, principle: principle.id)
                    return [
                        "id": principle.id, "title": principle.title, "verdict": principle.verdict.rawValue,
                        "target": target, "canReview": canReview,
                        "reviews": (reviews[target] ?? []).map(Self.reviewValues),
                    ] as [String: Any]
                },
            ]
        }
        var values: [String: Any] = [
            "instrument": ["id": reading.instrument.id, "title": reading.instrument.title],
            "revision": ["id": reading.revision.id, "number": reading.revision.number],
            "frameworks": frameworks, "verdicts": Verdict.allCases.map(\.rawValue), "canReview": canReview,
            "csrf": viewer.csrfToken ?? "",
        ]
        if let imported {
            values["imported"] = imported.map { ["summary": $0.summary, "status": $0.status, "detail": $0.detail] }
            values["hasImported"] = true
        }
        return try render("verdicts", title: "Verdicts · \(reading.instrument.title)", values, context: context)
    }

    @Sendable func overrideVerdict(_ request: Request, context: AppContext) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let fields = try await form(&request, context)
        let revisionID = context.parameters.get("id") ?? ""
        guard let verdict = Verdict(rawValue: fields["verdict"] ?? "") else {
            throw WorkspaceError.badInput("choose a verdict: \(Verdict.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let target = fields["target"] ?? ""
        _ = try await service.overrideVerdict(
            viewer, revisionID: revisionID, target: target, verdict: verdict, reason: fields["reason"] ?? "")
        return Response.redirect(to: "/revisions/\(revisionID)/verdicts", type: .normal)
    }

    @Sendable func importReviewFile(_ request: Request, context: AppContext) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let fields = try await form(&request, context, limit: 1_000_000)
        guard let file = fields.file else { throw WorkspaceError.badInput("choose a review file (YAML) to import") }
        let imported = try await service.importReviewFile(
            viewer, revisionID: context.parameters.get("id") ?? "", yaml: String(decoding: file.bytes, as: UTF8.self))
        return try await verdictsPage(context: context, imported: imported)
    }
}
