import Foundation
import Hummingbird
import Mustache
import SafeguardAnalysis
import SafeguardModel
import SafeguardWorkspace

/// The browser pages: server-rendered HTML from the templates in `Templates/`, forms that work without
/// JavaScript (there is none), every form carrying the session's CSRF token.
struct Pages {
    let service: WorkspaceService
    let templates: MustacheLibrary

    func register(on router: Router<AppContext>) {
        router.get("/") { _, context in
            Response.redirect(to: context.viewer == nil ? "/sign-in" : "/instruments", type: .found)
        }
        router.get("/sign-in") { _, context in
            try render("sign-in", title: "Sign in", [:], context: context)
        }
        router.post("/sign-in", use: signIn)
        router.post("/sign-out", use: signOut)
        router.get("/instruments", use: instruments)
        router.post("/instruments", use: upload)
        router.get("/instruments/:id", use: instrument)
        router.post("/instruments/:id/revisions", use: uploadRevision)
        router.get("/revisions/:id", use: revision)
        router.get("/revisions/:id/export/:format", use: export)
        router.post("/revisions/:id/reviews", use: review)
        router.get("/revisions/:id/scorecard/:format") { _, context in
            let format = try Self.reportFormat(context)
            return Self.document(
                try await service.scorecard(
                    try context.requireViewer(), revisionID: context.parameters.get("id") ?? "", format: format),
                format)
        }
        router.get("/compare/:old/:new/:format") { _, context in
            let format = try Self.reportFormat(context)
            return Self.document(
                try await service.comparison(
                    try context.requireViewer(), oldRevisionID: context.parameters.get("old") ?? "",
                    newRevisionID: context.parameters.get("new") ?? "", format: format),
                format)
        }
        router.get("/corpus") { request, context in
            let query = request.uri.queryParameters
            let format = ReportFormat(rawValue: query["format"].map(String.init) ?? "html") ?? .html
            let kind = query["kind"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            let region = query["region"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            return Self.document(
                try await service.corpus(try context.requireViewer(), format: format, kind: kind, region: region), format)
        }
        router.get("/account") { _, context in try await accountPage(context: context, newToken: nil) }
        router.post("/account/tokens", use: createToken)
        registerJobs(on: router)
        registerVerdicts(on: router)
        registerAdmin(on: router)
        registerScreening(on: router)
        registerHistory(on: router)
    }

    // MARK: rendering

    /// A page: the template rendered with `values`, inside the layout.
    func render(
        _ template: String, title: String, _ values: [String: Any], context: AppContext, status: HTTPResponse.Status = .ok,
        refresh: Int? = nil
    ) throws -> Response {
        guard let body = templates.render(values, withTemplate: template) else {
            throw HTTPError(.internalServerError, message: "missing template \(template)")
        }
        var layout: [String: Any] = ["title": title, "body": body]
        if let refresh { layout["refresh"] = refresh }
        if let viewer = context.viewer {
            layout["viewer"] = ["displayName": viewer.account.displayName, "csrf": viewer.csrfToken ?? ""]
        }
        guard let page = templates.render(layout, withTemplate: "layout") else {
            throw HTTPError(.internalServerError, message: "missing template layout")
        }
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    /// Reads a form and checks its CSRF token against the session's (API-token requests need none).
    func form(_ request: inout Request, _ context: AppContext, limit: Int = 64 * 1024) async throws -> FormFields {
        let fields = try await FormFields.read(&request, limit: limit)
        guard context.viaToken || Self.sameToken(fields["_csrf"], context.viewer?.csrfToken) else {
            throw WorkspaceError.forbidden("the form is missing its security token (reload the page and try again)")
        }
        return fields
    }

    /// Constant-time comparison, so timing does not reveal how much of a guessed token was right.
    static func sameToken(_ given: String?, _ expected: String?) -> Bool {
        guard let given, let expected, !expected.isEmpty else { return false }
        let a = Array(given.utf8)
        let b = Array(expected.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    // MARK: signing in and out

    @Sendable func signIn(_ request: Request, context: AppContext) async throws -> Response {
        var request = request
        // The sign-in form has no session yet, so no CSRF token; the session cookie is SameSite=Strict.
        let fields = try await FormFields.read(&request, limit: 16 * 1024)
        let email = fields["email"] ?? ""
        do {
            let (secret, _) = try await service.signIn(email: email, password: fields["password"] ?? "")
            var response = Response.redirect(to: "/instruments", type: .normal)
            response.setCookie(
                Cookie(
                    name: Authenticate.cookieName, value: secret, maxAge: Int(service.settings.sessionLifetime),
                    path: "/", secure: service.settings.secureCookies, httpOnly: true, sameSite: .strict))
            return response
        } catch WorkspaceError.unauthenticated {
            return try render(
                "sign-in", title: "Sign in", ["error": "The email or the password is wrong.", "email": email],
                context: context, status: .unauthorized)
        }
    }

    @Sendable func signOut(_ request: Request, context: AppContext) async throws -> Response {
        var request = request
        _ = try await form(&request, context)
        if let secret = request.cookies[Authenticate.cookieName]?.value { try await service.signOut(secret: secret) }
        var response = Response.redirect(to: "/sign-in", type: .normal)
        response.setCookie(
            Cookie(
                name: Authenticate.cookieName, value: "", maxAge: 0, path: "/", secure: service.settings.secureCookies,
                httpOnly: true, sameSite: .strict))
        return response
    }

    // MARK: instruments

    @Sendable func instruments(_ request: Request, context: AppContext) async throws -> Response {
        try await instrumentsPage(context: context, error: nil, status: .ok)
    }

    func instrumentsPage(context: AppContext, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let viewer = try context.requireViewer()
        let instruments = try await service.instruments(viewer)
        var names: [String: String] = [:]
        for organisation in try await service.store.organisations() { names[organisation.id] = organisation.name }
        let uploadable = viewer.uploadOrganisations.map { ["id": $0, "name": names[$0] ?? $0] }
        var values: [String: Any] = [
            "hasInstruments": !instruments.isEmpty,
            "instruments": instruments.map {
                [
                    "id": $0.id, "title": $0.title, "kind": $0.kind, "region": $0.region,
                    "organisation": names[$0.organisationID] ?? "", "visibility": $0.visibility.rawValue,
                ]
            },
            "canUpload": !uploadable.isEmpty, "organisations": uploadable, "csrf": viewer.csrfToken ?? "",
        ]
        if let error { values["error"] = error }
        return try render("instruments", title: "Instruments", values, context: context, status: status)
    }

    @Sendable func upload(_ request: Request, context: AppContext) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let fields = try await form(&request, context, limit: service.settings.maxUploadBytes + 64 * 1024)
        guard let file = fields.file else {
            return try await instrumentsPage(context: context, error: "Choose a file to upload.", status: .unprocessableContent)
        }
        do {
            let created = try await service.createInstrument(
                viewer, organisationID: fields["organisation"] ?? "", title: fields["title"] ?? "",
                kind: fields["kind"] ?? "draft", region: fields["region"] ?? "",
                visibility: Visibility(rawValue: fields["visibility"] ?? "") ?? .private, filename: file.filename,
                bytes: file.bytes)
            return Response.redirect(to: "/revisions/\(created.revision.id)", type: .normal)
        } catch WorkspaceError.badInput(let message) {
            return try await instrumentsPage(
                context: context, error: "\(file.filename): \(message)", status: .unprocessableContent)
        }
    }

    @Sendable func instrument(_ request: Request, context: AppContext) async throws -> Response {
        try await instrumentPage(context: context, error: nil, status: .ok)
    }

    func instrumentPage(context: AppContext, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let viewer = try context.requireViewer()
        let (instrument, revisions) = try await service.instrument(viewer, id: context.parameters.get("id") ?? "")
        let organisation = try await service.store.organisation(id: instrument.organisationID)
        var values: [String: Any] = [
            "instrument": [
                "id": instrument.id, "title": instrument.title, "kind": instrument.kind, "region": instrument.region,
                "visibility": instrument.visibility.rawValue,
            ],
            "organisation": organisation?.name ?? "",
            "revisions": revisions.map {
                [
                    "id": $0.id, "number": $0.number, "filename": $0.filename, "inputFormat": $0.inputFormat,
                    "uploaded": Self.day($0.uploadedAt), "shortDigest": String($0.digest.prefix(12)),
                    "last": $0.id == revisions.last?.id,
                ] as [String: Any]
            },
            "hasComparisons": revisions.count > 1,
            "comparisons": zip(revisions, revisions.dropFirst()).map { old, new in
                ["old": old.id, "new": new.id, "oldNumber": old.number, "newNumber": new.number] as [String: Any]
            },
            "canUpload": viewer.can(.reviewer, in: instrument.organisationID), "csrf": viewer.csrfToken ?? "",
        ]
        if let error { values["error"] = error }
        return try render("instrument", title: instrument.title, values, context: context, status: status)
    }

    @Sendable func uploadRevision(_ request: Request, context: AppContext) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let fields = try await form(&request, context, limit: service.settings.maxUploadBytes + 64 * 1024)
        let id = context.parameters.get("id") ?? ""
        guard let file = fields.file else {
            return try await instrumentPage(context: context, error: "Choose a file to upload.", status: .unprocessableContent)
        }
        do {
            let added = try await service.addRevision(viewer, instrumentID: id, filename: file.filename, bytes: file.bytes)
            return Response.redirect(to: "/revisions/\(added.revision.id)", type: .normal)
        } catch WorkspaceError.badInput(let message) {
            return try await instrumentPage(
                context: context, error: "\(file.filename): \(message)", status: .unprocessableContent)
        }
    }

    // MARK: reading

    @Sendable func revision(_ request: Request, context: AppContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let reading = try await service.reading(viewer, revisionID: context.parameters.get("id") ?? "")
        let parsed = reading.parsed
        let offsets = CharacterOffsets(parsed.text)
        var findingsByUnit: [Int: [[String: Any]]] = [:]
        let indexByEId = Dictionary(parsed.provisions.indices.map { (parsed.provisions[$0].eId, $0) }) { first, _ in first }
        for finding in reading.analysis.findings {
            guard let index = indexByEId[finding.eId], let unit = parsed.unitIndex(containing: index) else { continue }
            findingsByUnit[unit, default: []].append([
                "feature": finding.feature.rawValue, "eId": finding.eId, "quote": finding.quote,
                "optional": finding.optional,
                "start": offsets.characterOffset(ofByte: finding.span.start),
                "end": offsets.characterOffset(ofByte: finding.span.end),
            ])
        }
        let reviews = try await service.reviews(viewer, of: reading)
        let canReview = viewer.memberships.contains { $0.role >= .reviewer }
        for (unit, findings) in findingsByUnit {
            findingsByUnit[unit] = findings.map { finding in
                var finding = finding
                let target = "\(finding["eId"] ?? "")#\(finding["feature"] ?? "")"
                finding["target"] = target
                finding["canReview"] = canReview
                finding["reviews"] = (reviews[target] ?? []).map(Self.reviewValues)
                return finding
            }
        }
        let categories = Dictionary(reading.analysis.categories.map { ($0.eId, $0.primary.rawValue) }) { first, _ in first }
        let units: [[String: Any]] = parsed.unitIndices.map { index in
            let provision = parsed.provisions[index]
            var unit: [String: Any] = [
                "eId": provision.eId, "num": provision.num ?? "", "heading": provision.heading ?? "",
                "findings": findingsByUnit[index] ?? [],
            ]
            if let category = categories[provision.eId] { unit["category"] = category }
            return unit
        }
        let values: [String: Any] = [
            "instrument": ["id": reading.instrument.id, "title": reading.instrument.title],
            "revision": ["id": reading.revision.id, "number": reading.revision.number, "filename": reading.revision.filename],
            "documentTitle": parsed.metadata.title.isEmpty ? reading.instrument.title : parsed.metadata.title,
            "hasWarnings": !parsed.warnings.isEmpty,
            "warnings": parsed.warnings.map { ["code": $0.code.rawValue, "message": $0.message] },
            "provisionCount": parsed.provisions.count, "findingCount": reading.analysis.findings.count,
            "units": units, "csrf": viewer.csrfToken ?? "",
        ]
        return try render("revision", title: reading.instrument.title, values, context: context)
    }

    @Sendable func export(_ request: Request, context: AppContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard let format = ExportFormat(rawValue: context.parameters.get("format") ?? "") else {
            throw WorkspaceError.notFound
        }
        let data = try await service.export(viewer, revisionID: context.parameters.get("id") ?? "", format: format)
        return Response(
            status: .ok, headers: [.contentType: format.contentType], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func accountPage(context: AppContext, newToken: String?) async throws -> Response {
        let viewer = try context.requireViewer()
        var memberships: [[String: String]] = []
        for membership in viewer.memberships {
            let name = try await service.store.organisation(id: membership.organisationID)?.name ?? membership.organisationID
            memberships.append(["organisation": name, "role": membership.role.rawValue])
        }
        var values: [String: Any] = [
            "displayName": viewer.account.displayName, "email": viewer.account.email, "memberships": memberships,
            "csrf": viewer.csrfToken ?? "",
        ]
        if let newToken { values["newToken"] = newToken }
        let adminOf = viewer.memberships.filter { $0.role == .admin }.map(\.organisationID)
        var adminNames: [[String: String]] = []
        for id in adminOf {
            adminNames.append(["id": id, "name": try await service.store.organisation(id: id)?.name ?? id])
        }
        values["hasAdmin"] = !adminOf.isEmpty
        values["adminOf"] = adminNames
        return try render("account", title: "Your account", values, context: context)
    }

    @Sendable func createToken(_ request: Request, context: AppContext) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let fields = try await form(&request, context)
        let label = (fields["label"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !label.isEmpty else { throw WorkspaceError.badInput("say what the token is for") }
        let token = try await service.issueToken(for: viewer.account, label: label)
        return try await accountPage(context: context, newToken: token)
    }

    static func reviewValues(_ view: ReviewView) -> [String: Any] {
        var values: [String: Any] = [
            "decision": view.review.decision.rawValue, "reason": view.review.reason, "reviewer": view.reviewerName,
            "organisation": view.organisationName, "secondOpinion": view.isSecondOpinion,
            "revisionNumber": view.revisionNumber, "day": day(view.review.createdAt),
        ]
        if let stale = view.stale { values["stale"] = stale }
        if let verdict = view.review.verdict { values["overrideVerdict"] = verdict }
        return values
    }

    @Sendable func review(_ request: Request, context: AppContext) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let fields = try await form(&request, context)
        let revisionID = context.parameters.get("id") ?? ""
        guard let decision = ReviewDecision(rawValue: fields["decision"] ?? ""), decision != .override else {
            throw WorkspaceError.badInput("a finding is confirmed or rejected")
        }
        let target = fields["target"] ?? ""
        _ = try await service.reviewFinding(
            viewer, revisionID: revisionID, target: target, decision: decision, reason: fields["reason"] ?? "")
        let anchor = target.split(separator: "#").first.map(String.init) ?? ""
        return Response.redirect(to: "/revisions/\(revisionID)#\(anchor)", type: .normal)
    }

    static func reportFormat(_ context: AppContext) throws -> ReportFormat {
        guard let format = ReportFormat(rawValue: context.parameters.get("format") ?? "") else {
            throw WorkspaceError.notFound
        }
        return format
    }

    /// A report exactly as the CLI writes it (self-contained HTML, JSON, Markdown or CSV).
    static func document(_ data: Data, _ format: ReportFormat) -> Response {
        Response(status: .ok, headers: [.contentType: format.contentType], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }
}
