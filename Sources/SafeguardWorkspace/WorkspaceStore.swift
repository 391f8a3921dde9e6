public import Foundation

/// Where the workspace keeps organisations, people, instruments with every revision, cached analyses, reviews
/// and background jobs.
///
/// Two implementations share one contract test suite: ``SQLiteWorkspaceStore`` (one file, the default) and
/// ``PostgresWorkspaceStore`` (for teams, and for several server instances sharing one database). Both version
/// their schema with the same list of migrations (``WorkspaceSchema``).
///
/// Visibility is decided here, once, for every caller: ``instrument(id:visibleTo:)`` and
/// ``instruments(visibleTo:)`` return only what the account may see (its organisations' instruments and shared
/// ones), so the server answers 404, not 403, for another organisation's private instrument.
public protocol WorkspaceStore: Sendable {
    /// Where the data lives, for messages (`/path/workspace.sqlite`, `postgres://user@host:5432/db`; never a
    /// password).
    var location: String { get }

    // MARK: organisations and people
    func insert(_ organisation: Organisation) async throws
    func organisation(id: String) async throws -> Organisation?
    func organisations() async throws -> [Organisation]
    /// Fails with ``WorkspaceStoreError/conflict(_:)`` when the email is taken (emails compare case-insensitively).
    func insert(_ account: Account) async throws
    func account(id: String) async throws -> Account?
    func account(email: String) async throws -> Account?
    /// Adds the membership or changes its role.
    func setMembership(_ membership: Membership) async throws
    func memberships(accountID: String) async throws -> [Membership]
    func members(organisationID: String) async throws -> [Membership]

    // MARK: sessions and API tokens
    func insert(_ session: Session) async throws
    /// The session, if it exists and has not expired at `now`.
    func session(secretDigest: String, now: Date) async throws -> Session?
    func deleteSession(secretDigest: String) async throws
    func insert(_ token: APIToken) async throws
    /// The token, if it exists and is not revoked.
    func token(secretDigest: String) async throws -> APIToken?
    func revokeToken(secretDigest: String, at: Date) async throws

    // MARK: instruments and revisions
    func insert(_ instrument: WorkspaceInstrument) async throws
    /// The instrument if `accountID` may see it; `nil` both when it does not exist and when it is private to an
    /// organisation the account is not a member of.
    func instrument(id: String, visibleTo accountID: String) async throws -> WorkspaceInstrument?
    /// Every instrument `accountID` may see, newest first.
    func instruments(visibleTo accountID: String) async throws -> [WorkspaceInstrument]
    /// Stores a new revision with the next number for its instrument, atomically (two uploads at once get two
    /// numbers), and returns it. `id` and `digest` are computed by the caller (``RevisionUpload``).
    func addRevision(_ upload: RevisionUpload) async throws -> Revision
    /// The instrument's revisions, oldest first.
    func revisions(instrumentID: String) async throws -> [Revision]
    func revision(id: String) async throws -> Revision?
    /// The bytes exactly as uploaded.
    func content(revisionID: String) async throws -> Data?

    // MARK: the cache of analyses, assessments and reports
    func artifact(_ key: ArtifactKey) async throws -> Data?
    /// Stores or replaces the artifact.
    func storeArtifact(_ key: ArtifactKey, content: Data, at: Date) async throws

    // MARK: reviews
    func insert(_ review: Review) async throws
    /// The reviews of one revision, oldest first.
    func reviews(revisionID: String) async throws -> [Review]

    // MARK: background jobs
    func enqueue(_ job: Job) async throws
    /// Claims the oldest queued job for `worker` and marks it running, or returns `nil`. Several workers, in
    /// this process or others sharing the database, never claim the same job.
    func claimNextJob(worker: String, at: Date) async throws -> Job?
    func updateProgress(jobID: String, done: Int, total: Int) async throws
    func finish(jobID: String, status: JobStatus, result: Data?, error: String?, at: Date) async throws
    func job(id: String) async throws -> Job?
    /// Every job marked running, oldest first (to find those a dead server left behind).
    func runningJobs() async throws -> [Job]
    /// Puts a running job back in the queue (progress reset, unclaimed), only if `worker` still holds it; true
    /// when it did.
    func requeue(jobID: String, claimedBy worker: String) async throws -> Bool
}

/// A revision about to be stored: the caller has its bytes and has computed their digest and a new id.
public struct RevisionUpload: Sendable {
    public var id: String
    public var instrumentID: String
    public var filename: String
    public var inputFormat: String
    public var content: Data
    public var digest: String
    public var uploadedBy: String
    public var uploadedAt: Date

    public init(
        id: String = WorkspaceID.make(), instrumentID: String, filename: String, inputFormat: String, content: Data,
        uploadedBy: String, uploadedAt: Date
    ) {
        self.id = id
        self.instrumentID = instrumentID
        self.filename = filename
        self.inputFormat = inputFormat
        self.content = content
        self.digest = ContentDigest.sha256Hex(content)
        self.uploadedBy = uploadedBy
        self.uploadedAt = uploadedAt
    }
}

/// What a cached artifact is: the revision's bytes, the knowledge it was computed with, and what it is.
///
/// `pipelineDigest` changes whenever a lexicon, framework or rule file changes, so a stale cache entry is never
/// read: it is recomputed under a new key.
public struct ArtifactKey: Sendable, Hashable {
    public var revisionDigest: String
    public var pipelineDigest: String
    /// e.g. `analysis.json`, `assessment.cybercrime-treaty-safeguards.json`, `report.html`.
    public var kind: String

    public init(revisionDigest: String, pipelineDigest: String, kind: String) {
        self.revisionDigest = revisionDigest
        self.pipelineDigest = pipelineDigest
        self.kind = kind
    }
}

/// Why a store refused an operation; the server maps these to HTTP statuses.
public enum WorkspaceStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A unique value is taken (an email, an organisation name): HTTP 409.
    case conflict(String)
    /// A row the operation needs does not exist (an unknown instrument for a revision): HTTP 404.
    case notFound(String)
    /// The database cannot be reached or refused the operation: HTTP 503.
    case unavailable(String)

    public var description: String {
        switch self {
        case .conflict(let message), .notFound(let message), .unavailable(let message): message
        }
    }
}

/// Identifiers of workspace rows: 128 random bits as 32 lowercase hex characters, so URLs cannot be guessed or
/// enumerated.
public enum WorkspaceID {
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let value = generator.next() as UInt64
            let hex = String(value, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
