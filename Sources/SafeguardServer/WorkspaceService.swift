public import Foundation
import HummingbirdBcrypt
public import SafeguardAnalysis
import SafeguardIngest
public import SafeguardModel
public import SafeguardPipeline
public import SafeguardWorkspace
import Prometheus
import SafeguardAssessment
import SafeguardComparison
public import SafeguardScreening
public import SafeguardVictims

/// Why the workspace refused a request; the web layer turns each into a status and a page or JSON body.
public enum WorkspaceError: Error, Sendable, Equatable {
    /// Not found, or not visible to this account (the two are never told apart): 404.
    case notFound
    /// Signed in, but the role does not allow it: 403.
    case forbidden(String)
    /// Not signed in, or the credentials are wrong: 401.
    case unauthenticated
    /// The upload or form cannot be used, with the reason in the user's terms: 422.
    case badInput(String)
    /// Over the upload rate: 429.
    case tooManyRequests
    /// A unique name or email is taken: 409.
    case conflict(String)
}

/// What a request may be about: the workspace's operations, each checking who asks, over one store and the same
/// analysis library the CLI uses.
public final class WorkspaceService: Sendable {
    public let store: any WorkspaceStore
    public let settings: ServerSettings
    let uploads: RateLimiter
    /// The same pipeline the CLI uses: the built-in lexicon, every built-in framework, the change rules.
    public let pipeline: Pipeline
    /// The victims' rights vocabulary of the rights card that exports and scorecards carry, as the CLI's do.
    public let victimsVocabulary: VictimsVocabulary
    /// Identifies the knowledge results are computed with (lexicon, frameworks, change rules and the victims'
    /// vocabulary, with their versions): cached artifacts are keyed by it, so new knowledge never serves an old result.
    public let pipelineDigest: String
    public let metrics: WorkspaceMetrics
    /// Recently served artifacts, so a cached report costs no database read.
    let artifacts = ArtifactCache(capacityBytes: 64_000_000)
    /// Browser sessions' viewers for a moment (``ServerSettings/viewerCacheLifetime``).
    let viewers: ViewerCache
    /// Each reader's scorecard key per revision and format, for the same moment as viewers: a burst of reads of one
    /// scorecard reads the database once. Cleared whenever this instance records a review or changes a role.
    let scorecardKeys: MomentCache<ArtifactKey>

    /// The audit log every screening decision is appended to (nil: the workspace does not screen).
    public let audit: (any AuditStore)?

    public init(
        store: any WorkspaceStore, settings: ServerSettings, metrics: WorkspaceMetrics = WorkspaceMetrics(),
        audit: (any AuditStore)? = nil
    ) throws {
        self.store = store
        self.audit = audit
        self.settings = settings
        self.metrics = metrics
        uploads = RateLimiter(limit: settings.uploadsPerMinute)
        viewers = ViewerCache(lifetime: settings.viewerCacheLifetime)
        scorecardKeys = MomentCache(lifetime: settings.viewerCacheLifetime)
        pipeline = try Pipeline.load()
        victimsVocabulary = try VictimsVocabulary.builtIn()
        pipelineDigest = ContentDigest.sha256Hex(
            ([
                "lexicon \(pipeline.lexicon.version)", "rules \(pipeline.changeRules.version)",
                "victims \(victimsVocabulary.version)",
            ]
                + pipeline.frameworks.map { "framework \($0.id) \($0.version)" }).joined(separator: "\n"))
    }

    // MARK: accounts and sign-in

    /// Creates an account with a bcrypt hash of `password` (at least 12 characters).
    public func createAccount(email: String, displayName: String, password: String) async throws -> Account {
        guard email.contains("@"), !email.contains(where: \.isWhitespace) else {
            throw WorkspaceError.badInput("give an email address")
        }
        guard password.count >= 12 else { throw WorkspaceError.badInput("a password has at least 12 characters") }
        let account = Account(
            id: WorkspaceID.make(), email: email, displayName: displayName,
            passwordHash: Bcrypt.hash(password, cost: settings.passwordCost), createdAt: Date())
        do {
            try await store.insert(account)
        } catch WorkspaceStoreError.conflict {
            throw WorkspaceError.conflict("an account with this email exists")
        }
        return account
    }

    /// Checks the password and opens a session: returns the cookie's secret (shown to the browser once, stored
    /// only as a digest) and the session.
    public func signIn(email: String, password: String, now: Date = Date()) async throws -> (
        secret: String, session: Session
    ) {
        guard let account = try await store.account(email: email) else {
            // Spend the same time as a real check, so response times do not reveal which emails exist.
            _ = Bcrypt.verify(password, hash: Self.decoyHash)
            metrics.failedSignIns.increment()
            throw WorkspaceError.unauthenticated
        }
        guard Bcrypt.verify(password, hash: account.passwordHash) else {
            metrics.failedSignIns.increment()
            throw WorkspaceError.unauthenticated
        }
        let secret = Self.randomSecret()
        let session = Session(
            secretDigest: ContentDigest.sha256Hex(secret), accountID: account.id, csrfToken: Self.randomSecret(),
            createdAt: now, expiresAt: now.addingTimeInterval(settings.sessionLifetime))
        try await store.insert(session)
        return (secret, session)
    }

    static let decoyHash = Bcrypt.hash("decoy password for unknown accounts", cost: 12)

    public func signOut(secret: String) async throws {
        let digest = ContentDigest.sha256Hex(secret)
        viewers.remove(digest)
        try await store.deleteSession(secretDigest: digest)
    }

    /// The viewer of a browser session, if the secret names a live session.
    /// Kept for a moment in ``viewers``, so a burst of requests from one browser reads the database once.
    public func viewer(sessionSecret: String, now: Date = Date()) async throws -> Viewer? {
        let digest = ContentDigest.sha256Hex(sessionSecret)
        if let viewer = viewers.get(digest, now: now) { return viewer }
        guard let session = try await store.session(secretDigest: digest, now: now),
            let account = try await store.account(id: session.accountID)
        else { return nil }
        let viewer = Viewer(
            account: account, memberships: try await store.memberships(accountID: account.id),
            csrfToken: session.csrfToken)
        viewers.put(digest, viewer, expiresAt: session.expiresAt, now: now)
        return viewer
    }

    /// The viewer of an API token, if it is valid.
    public func viewer(apiToken: String) async throws -> Viewer? {
        guard let token = try await store.token(secretDigest: ContentDigest.sha256Hex(apiToken)),
            let account = try await store.account(id: token.accountID)
        else { return nil }
        return Viewer(account: account, memberships: try await store.memberships(accountID: account.id), csrfToken: nil)
    }

    /// Issues an API token for `account`; the secret is returned once and stored only as a digest.
    public func issueToken(for account: Account, label: String) async throws -> String {
        let secret = "sg_" + Self.randomSecret()
        try await store.insert(
            APIToken(secretDigest: ContentDigest.sha256Hex(secret), accountID: account.id, label: label, createdAt: Date()))
        return secret
    }

    /// 256 random bits, base64url without padding (safe in a cookie, a header and a form).
    static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    // MARK: instruments and revisions

    /// A new instrument with its first revision. Reviewers and admins of `organisationID` may upload.
    public func createInstrument(
        _ viewer: Viewer, organisationID: String, title: String, kind: String, region: String,
        visibility: Visibility, filename: String, bytes: [UInt8]
    ) async throws -> (instrument: WorkspaceInstrument, revision: Revision, reading: Instrument) {
        guard viewer.can(.reviewer, in: organisationID) else {
            throw WorkspaceError.forbidden("only reviewers and admins of the organisation may upload")
        }
        guard await uploads.allow(viewer.account.id) else { throw WorkspaceError.tooManyRequests }
        let parsed = try read(bytes, filename: filename)
        let trimmedTitle = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let instrument = WorkspaceInstrument(
            id: WorkspaceID.make(), organisationID: organisationID,
            title: trimmedTitle.isEmpty ? (parsed.metadata.title.isEmpty ? filename : parsed.metadata.title) : trimmedTitle,
            kind: kind, region: region, visibility: visibility, createdBy: viewer.account.id, createdAt: Date())
        try await store.insert(instrument)
        let revision = try await store.addRevision(
            RevisionUpload(
                instrumentID: instrument.id, filename: filename, inputFormat: parsed.metadata.sourceFormat ?? "text",
                content: Data(bytes), uploadedBy: viewer.account.id, uploadedAt: Date()))
        metrics.uploads.increment()
        return (instrument, revision, parsed)
    }

    /// A new revision of an instrument the viewer may upload to.
    public func addRevision(_ viewer: Viewer, instrumentID: String, filename: String, bytes: [UInt8]) async throws
        -> (revision: Revision, reading: Instrument)
    {
        guard let instrument = try await store.instrument(id: instrumentID, visibleTo: viewer.account.id) else {
            throw WorkspaceError.notFound
        }
        guard viewer.can(.reviewer, in: instrument.organisationID) else {
            throw WorkspaceError.forbidden("only reviewers and admins of the instrument's organisation may upload")
        }
        guard await uploads.allow(viewer.account.id) else { throw WorkspaceError.tooManyRequests }
        let parsed = try read(bytes, filename: filename)
        let revision = try await store.addRevision(
            RevisionUpload(
                instrumentID: instrument.id, filename: filename, inputFormat: parsed.metadata.sourceFormat ?? "text",
                content: Data(bytes), uploadedBy: viewer.account.id, uploadedAt: Date()))
        metrics.uploads.increment()
        return (revision, parsed)
    }

    /// Reads uploaded bytes with the same reader as `safeguard parse`; a refusal keeps the reader's message.
    func read(_ bytes: [UInt8], filename: String) throws -> Instrument {
        let name = (filename as NSString).lastPathComponent
        do {
            return try InstrumentReader.read(
                bytes: bytes, source: name, extensionHint: (name as NSString).pathExtension.lowercased(),
                options: ReadOptions(maxBytes: settings.maxUploadBytes))
        } catch let error as SafeguardError {
            metrics.refusedUploads.increment()
            throw WorkspaceError.badInput(error.message)
        }
    }

    public func instruments(_ viewer: Viewer) async throws -> [WorkspaceInstrument] {
        try await store.instruments(visibleTo: viewer.account.id)
    }

    /// The instrument and its revisions, if the viewer may see it.
    public func instrument(_ viewer: Viewer, id: String) async throws -> (WorkspaceInstrument, [Revision]) {
        guard let instrument = try await store.instrument(id: id, visibleTo: viewer.account.id) else {
            throw WorkspaceError.notFound
        }
        return (instrument, try await store.revisions(instrumentID: id))
    }

    /// A revision as read and analysed, if the viewer may see its instrument.
    public func reading(_ viewer: Viewer, revisionID: String) async throws -> Reading {
        guard let revision = try await store.revision(id: revisionID),
            let instrument = try await store.instrument(id: revision.instrumentID, visibleTo: viewer.account.id),
            let content = try await store.content(revisionID: revisionID)
        else { throw WorkspaceError.notFound }
        var parsed = try read([UInt8](content), filename: revision.filename)
        parsed.metadata.source = revision.filename
        return Reading(instrument: instrument, revision: revision, parsed: parsed, analysis: pipeline.analyze(parsed))
    }

    /// An export of a revision's analysis, as the CLI's `analyze --format FORMAT` writes it by default (with the
    /// victims' rights card); cached by the revision's digest and the knowledge it was computed with.
    public func export(_ viewer: Viewer, revisionID: String, format: ExportFormat) async throws -> Data {
        let revision = try await visibleRevision(viewer, revisionID: revisionID)
        let key = ArtifactKey(
            revisionDigest: revision.digest, pipelineDigest: pipelineDigest, kind: "analysis.\(format.rawValue)")
        return try await artifact(key) {
            let reading = try await reading(viewer, revisionID: revisionID)
            let renderer = AnalysisRenderer(lexicon: pipeline.lexicon)
            let cards = [RightsCard(analysis: reading.analysis, vocabulary: victimsVocabulary)]
            switch format {
            case .json:
                return try VictimsViews.json(
                    AnalysisDocument(reading.analysis), key: "victimsRightsCard",
                    RightsCardDocument(cards[0], vocabulary: victimsVocabulary))
            case .md: return renderer.markdown([reading.analysis]) + VictimsViews.markdown(cards, victimsVocabulary)
            case .html: return VictimsViews.html(renderer.html([reading.analysis]), cards, victimsVocabulary)
            case .akn: return AkomaNtosoWriter.write(reading.parsed)
            }
        }
    }

    /// The artifact under `key`: from memory, else from the store, else rendered now and kept in both. Every
    /// cached report goes through here, so the cache is always consulted before anything is read or analysed.
    func artifact(_ key: ArtifactKey, render: () async throws -> String) async throws -> Data {
        if let data = try await cachedArtifact(key) { return data }
        let data = Data(try await render().utf8)
        try await store.storeArtifact(key, content: data, at: Date())
        artifacts.put(key, data)
        return data
    }

    /// An artifact from memory, else from the store (and then kept in memory).
    func cachedArtifact(_ key: ArtifactKey) async throws -> Data? {
        if let data = artifacts.get(key) { return data }
        guard let data = try await store.artifact(key) else { return nil }
        artifacts.put(key, data)
        return data
    }
}

/// The formats a revision can be exported in.
public enum ExportFormat: String, Sendable, CaseIterable {
    case json, md, html, akn

    public var contentType: String {
        switch self {
        case .json: "application/json; charset=utf-8"
        case .md: "text/markdown; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        case .akn: "application/akn+xml; charset=utf-8"
        }
    }
}

/// One revision as the workspace shows it.
public struct Reading: Sendable {
    public var instrument: WorkspaceInstrument
    public var revision: Revision
    public var parsed: Instrument
    public var analysis: Analysis
}
