import Foundation
import Hummingbird
import SafeguardAssessment
import SafeguardScreening
import SafeguardWorkspace

/// Background jobs in the browser: the forms that start them (`/jobs`), each job's progress page, which
/// refreshes itself while the job runs, and its result's downloads.
extension Pages {
    func registerJobs(on router: Router<AppContext>) {
        router.get("/jobs") { _, context in try await jobsPage(context: context) }
        router.post("/jobs", use: startJob)
        router.get("/jobs/:id", use: job)
        router.get("/jobs/:id/result/:format") { _, context in
            let (data, contentType) = try await service.jobResult(
                try context.requireViewer(), id: context.parameters.get("id") ?? "",
                format: context.parameters.get("format") ?? "")
            return Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    func jobsPage(context: AppContext) async throws -> Response {
        let viewer = try context.requireViewer()
        func organisations(_ role: Role) async throws -> [[String: String]] {
            var list: [[String: String]] = []
            for membership in viewer.memberships where membership.role >= role {
                let name = try await service.store.organisation(id: membership.organisationID)?.name ?? membership.organisationID
                list.append(["id": membership.organisationID, "name": name])
            }
            return list
        }
        let adminOf = try await organisations(.admin)
        let reviewerOf = try await organisations(.reviewer)
        let values: [String: Any] = [
            "csrf": viewer.csrfToken ?? "", "adminOf": adminOf, "isAdmin": !adminOf.isEmpty, "reviewerOf": reviewerOf,
            "isReviewer": !reviewerOf.isEmpty, "frameworks": Framework.builtInIDs,
            "ruleSets": ScreeningResources.shippedRuleSets, "screens": service.audit != nil,
        ]
        return try render("jobs", title: "Background jobs", values, context: context)
    }

    @Sendable func startJob(_ request: Request, context: AppContext) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let fields = try await form(&request, context, limit: service.settings.maxUploadBytes)
        guard let kind = JobKind(rawValue: fields["kind"] ?? "") else { throw WorkspaceError.badInput("unknown job kind") }
        let job = try await service.startJob(
            viewer, kind: kind, organisationID: fields["organisation"] ?? "", parameters: Self.jobParameters(fields))
        return Response.redirect(to: "/jobs/\(job.id)", type: .normal)
    }

    /// A job's parameters from its form (web and API alike): `framework`, `kind`, `region`, `ruleset` fields, and
    /// the files `frameworkFile`, `rulesetFile` (YAML) and `batch` (JSON Lines; or the `batchText` field).
    static func jobParameters(_ fields: FormFields) -> [String: String] {
        var parameters: [String: String] = [:]
        for name in ["framework", "ruleset"] { parameters[name] = fields[name] }
        for (field, name) in [("corpusKind", "kind"), ("corpusRegion", "region")] { parameters[name] = fields[field] }
        for (field, name) in [("frameworkFile", "framework"), ("rulesetFile", "ruleset")] {
            guard let file = fields.files[field] else { continue }
            parameters[name + "YAML"] = String(decoding: file.bytes, as: UTF8.self)
            parameters[name + "Name"] = file.filename
        }
        if let batch = fields.files["batch"]?.bytes ?? fields["batchText"].map({ Array($0.utf8) }) {
            parameters["batch"] = String(decoding: batch, as: UTF8.self)
        }
        return parameters
    }

    @Sendable func job(_ request: Request, context: AppContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let job = try await service.job(viewer, id: context.parameters.get("id") ?? "")
        let running = job.status == .queued || job.status == .running
        let kind = JobKind(rawValue: job.kind)
        var values: [String: Any] = [
            "kind": job.kind, "status": job.status.rawValue, "done": job.done, "total": job.total, "running": running,
            "finished": !running, "unit": kind?.unit ?? "items",
        ]
        if job.status == .done, let kind {
            values["results"] = kind.resultFormats.map { ["format": $0, "href": "/jobs/\(job.id)/result/\($0)"] }
            values["hasResults"] = !kind.resultFormats.isEmpty
        }
        if let error = job.error { values["error"] = error }
        return try render("job", title: "Job", values, context: context, refresh: running ? 2 : nil)
    }
}
