import Foundation
import Hummingbird
import SafeguardScreening
import SafeguardWorkspace
import SafeguardModel

/// The HTTP API under `/api/v1` (documented in `docs/openapi.yaml`): JSON, authenticated with
/// `Authorization: Bearer TOKEN`. Uploads send the file's bytes as the request body.
struct API {
    let service: WorkspaceService

    struct InstrumentBody: ResponseEncodable {
        var id, title, kind, region, organisationId, visibility: String
        init(_ instrument: WorkspaceInstrument) {
            id = instrument.id
            title = instrument.title
            kind = instrument.kind
            region = instrument.region
            organisationId = instrument.organisationID
            visibility = instrument.visibility.rawValue
        }
    }

    struct RevisionBody: ResponseEncodable {
        var id, instrumentId, filename, inputFormat, sha256, uploadedAt: String
        var number, bytes: Int
        init(_ revision: Revision) {
            id = revision.id
            instrumentId = revision.instrumentID
            number = revision.number
            filename = revision.filename
            inputFormat = revision.inputFormat
            sha256 = revision.digest
            bytes = revision.byteCount
            uploadedAt = ISO8601DateFormatter().string(from: revision.uploadedAt)
        }
    }

    struct InstrumentWithRevisions: ResponseEncodable {
        var instrument: InstrumentBody
        var revisions: [RevisionBody]
    }

    struct Uploaded: ResponseEncodable {
        var instrument: InstrumentBody?
        var revision: RevisionBody
        var warnings: [String]
    }

    struct Imported: ResponseEncodable {
        var entries: [ImportedReviewEntry]
    }

    struct Screened: ResponseEncodable {
        var decision: DecisionReport
        var auditSequence: Int64
        var auditEntryHash: String
    }

    struct Verification: ResponseEncodable {
        var entries: Int
        var intact: Bool
        var headHash: String
        var rootHash: String
        var problems: [String]
    }

    struct JobBody: ResponseEncodable {
        var id, kind, organisationId, status, createdAt: String
        var done, total: Int
        var error, finishedAt: String?
        /// Where to download the result, by format, once the job is done.
        var results: [String: String]
        init(_ job: Job) {
            id = job.id
            kind = job.kind
            organisationId = job.organisationID
            status = job.status.rawValue
            done = job.done
            total = job.total
            error = job.error
            createdAt = ISO8601DateFormatter().string(from: job.createdAt)
            finishedAt = job.finishedAt.map { ISO8601DateFormatter().string(from: $0) }
            let formats = job.status == .done ? JobKind(rawValue: job.kind)?.resultFormats ?? [] : []
            results = Dictionary(uniqueKeysWithValues: formats.map { ($0, "/api/v1/jobs/\(job.id)/result/\($0)") })
        }
    }

    func register(on router: Router<AppContext>) {
        let api = router.group("api/v1")
        registerComparisonAndJobs(on: api)
        api.get("instruments") { _, context -> [InstrumentBody] in
            try await service.instruments(try context.requireViewer()).map(InstrumentBody.init)
        }
        api.get("instruments/:id") { _, context -> InstrumentWithRevisions in
            let (instrument, revisions) = try await service.instrument(
                try context.requireViewer(), id: context.parameters.get("id") ?? "")
            return InstrumentWithRevisions(instrument: .init(instrument), revisions: revisions.map(RevisionBody.init))
        }
        api.post("instruments", use: createInstrument)
        api.post("instruments/:id/revisions", use: addRevision)
        api.get("revisions/:id/export/:format") { _, context -> Response in
            guard let format = ExportFormat(rawValue: context.parameters.get("format") ?? "") else {
                throw WorkspaceError.notFound
            }
            let data = try await service.export(
                try context.requireViewer(), revisionID: context.parameters.get("id") ?? "", format: format)
            return Response(
                status: .ok, headers: [.contentType: format.contentType], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        api.get("revisions/:id/scorecard/:format") { _, context -> Response in
            let format = try Pages.reportFormat(context)
            return Pages.document(
                try await service.scorecard(
                    try context.requireViewer(), revisionID: context.parameters.get("id") ?? "", format: format),
                format)
        }
        api.get("revisions/:id/review-file") { _, context -> Response in
            Pages.reviewFileResponse(
                try await service.reviewFile(try context.requireViewer(), revisionID: context.parameters.get("id") ?? ""))
        }
        api.post("screen") { request, context -> Screened in
            let viewer = try tokenViewer(context)
            let bytes = try await body(request)
            let result = try await service.screen(
                viewer, request: String(decoding: bytes, as: UTF8.self),
                ruleSet: request.uri.queryParameters["ruleset"].map(String.init) ?? "recommended-safeguards")
            return Screened(decision: result.report, auditSequence: result.sequence, auditEntryHash: result.entryHash)
        }
        api.get("audit/verification") { _, context -> Verification in
            let verification = try await service.auditVerification(try context.requireViewer())
            return Verification(
                entries: verification.entries, intact: verification.isIntact, headHash: verification.headHash,
                rootHash: verification.rootHash, problems: verification.problems.map(\.description))
        }
        api.get("transparency") { request, context -> Response in
            let format = ReportFormat(rawValue: request.uri.queryParameters["format"].map(String.init) ?? "json") ?? .json
            return Pages.document(try await service.transparency(try context.requireViewer(), format: format), format)
        }
        api.post("revisions/:id/review-file") { request, context -> Imported in
            let viewer = try tokenViewer(context)
            let bytes = try await body(request)
            return Imported(
                entries: try await service.importReviewFile(
                    viewer, revisionID: context.parameters.get("id") ?? "", yaml: String(decoding: bytes, as: UTF8.self)))
        }
    }

    /// Comparing two rule sets over a batch, and background jobs with their progress and results.
    func registerComparisonAndJobs(on api: RouterGroup<AppContext>) {
        api.post("screen/compare") { request, context -> Response in
            let viewer = try tokenViewer(context)
            var request = request
            let (batch, a, b) = try Pages.comparisonInput(
                try await FormFields.read(&request, limit: service.settings.maxUploadBytes))
            let comparison = try await service.compareRuleSets(viewer, batch: batch, a: a, b: b)
            if request.uri.queryParameters["format"] == "table" {
                return Response(
                    status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: comparison.table())))
            }
            return Pages.document(Data(try JSONOutput.string(comparison).utf8), .json)
        }
        api.post("jobs") { request, context -> EditedResponse<JobBody> in
            let viewer = try tokenViewer(context)
            var request = request
            let fields = try await FormFields.read(&request, limit: service.settings.maxUploadBytes)
            guard let kind = JobKind(rawValue: fields["kind"] ?? "") else {
                throw WorkspaceError.badInput("unknown job kind (\(JobKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let job = try await service.startJob(
                viewer, kind: kind, organisationID: fields["organisation"] ?? "", parameters: Pages.jobParameters(fields))
            return EditedResponse(status: .accepted, response: JobBody(job))
        }
        api.get("jobs/:id") { _, context -> JobBody in
            JobBody(try await service.job(try context.requireViewer(), id: context.parameters.get("id") ?? ""))
        }
        api.get("jobs/:id/result/:format") { _, context -> Response in
            let (data, contentType) = try await service.jobResult(
                try context.requireViewer(), id: context.parameters.get("id") ?? "",
                format: context.parameters.get("format") ?? "")
            return Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// Unsafe methods need an API token: a browser session cannot drive the API, so it needs no CSRF token.
    func tokenViewer(_ context: AppContext) throws -> Viewer {
        let viewer = try context.requireViewer()
        guard context.viaToken else { throw WorkspaceError.forbidden("the API changes data only with an API token") }
        return viewer
    }

    func body(_ request: Request) async throws -> [UInt8] {
        var request = request
        do {
            return Array(try await request.collectBody(upTo: service.settings.maxUploadBytes).readableBytesView)
        } catch {
            throw WorkspaceError.badInput("the upload is over the limit of \(service.settings.maxUploadBytes) bytes")
        }
    }

    @Sendable func createInstrument(_ request: Request, context: AppContext) async throws -> EditedResponse<Uploaded> {
        let viewer = try tokenViewer(context)
        let query = request.uri.queryParameters
        let bytes = try await body(request)
        let created = try await service.createInstrument(
            viewer, organisationID: query["organisation"].map(String.init) ?? "",
            title: query["title"].map(String.init) ?? "", kind: query["kind"].map(String.init) ?? "draft",
            region: query["region"].map(String.init) ?? "",
            visibility: query["visibility"].flatMap { Visibility(rawValue: String($0)) } ?? .private,
            filename: query["filename"].map(String.init) ?? "upload.txt", bytes: bytes)
        return EditedResponse(
            status: .created,
            response: Uploaded(
                instrument: .init(created.instrument), revision: .init(created.revision),
                warnings: created.reading.warnings.map(\.description)))
    }

    @Sendable func addRevision(_ request: Request, context: AppContext) async throws -> EditedResponse<Uploaded> {
        let viewer = try tokenViewer(context)
        let bytes = try await body(request)
        let added = try await service.addRevision(
            viewer, instrumentID: context.parameters.get("id") ?? "",
            filename: request.uri.queryParameters["filename"].map(String.init) ?? "upload.txt", bytes: bytes)
        return EditedResponse(
            status: .created,
            response: Uploaded(instrument: nil, revision: .init(added.revision), warnings: added.reading.warnings.map(\.description)))
    }
}
