public import Foundation
import Logging
import NIOCore
import PostgresNIO
import SafeguardPostgres

/// The workspace in PostgreSQL, for teams and for several server instances sharing one database.
///
/// Built on postgres-nio's connection pool (`PostgresClient`), which must be running: call ``run()`` in a task
/// (a server runs it as a service) before any other method. Migrations and revision numbering take
/// transaction-scoped advisory locks, and jobs are claimed with `FOR UPDATE SKIP LOCKED`, so any number of
/// instances can share the database.
public final class PostgresWorkspaceStore: WorkspaceStore {
    let client: PostgresClient
    let logger: Logger
    public let location: String

    /// Advisory-lock keys ("SgWkMigr", "SgWkRevn" as 64-bit integers).
    static let migrationLock: Int64 = 0x5367_576B_4D69_6772
    static let revisionLock: Int64 = 0x5367_576B_5265_766E

    /// Prepares a pool for `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` (the password may also come from
    /// `PGPASSWORD`; TLS is not used: loopback or a trusted network). Nothing connects until ``run()`` runs and
    /// ``migrate()`` is called.
    public init(url: String) throws {
        let parsed: PostgresURL
        do throws(PostgresURL.Invalid) {
            parsed = try PostgresURL(url)
        } catch {
            throw WorkspaceStoreError.unavailable(error.description)
        }
        location = parsed.location
        var logger = Logger(label: "safeguard.workspace.postgres")
        logger.logLevel = .critical
        self.logger = logger
        client = PostgresClient(configuration: parsed.clientConfiguration(), backgroundLogger: logger)
    }

    /// Runs the connection pool until the task is cancelled.
    public func run() async {
        await client.run()
    }

    /// Creates or updates the tables (under an advisory lock, so instances starting together do not race).
    public func migrate() async throws {
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: self.logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS workspace_migration (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)",
                logger: self.logger)
            var applied = Set<String>()
            for try await id in try await connection.query("SELECT id FROM workspace_migration", logger: self.logger)
                .decode(String.self)
            {
                applied.insert(id)
            }
            for migration in WorkspaceSchema.migrations where !applied.contains(migration.id) {
                for statement in WorkspaceSchema.sql(migration, bytesType: "BYTEA") {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                }
                let now = Date().workspaceMilliseconds
                try await connection.query(
                    "INSERT INTO workspace_migration (id, applied_at) VALUES (\(migration.id), \(now))",
                    logger: self.logger)
            }
        }
    }

    /// Creates an empty database `name` (letters, digits and `_` only) on the server at `serverURL`; for tests
    /// and first-time set-up.
    public static func createDatabase(serverURL: String, name: String) async throws {
        guard !name.isEmpty,
            name.utf8.allSatisfy({
                $0 == UInt8(ascii: "_") || ($0 >= 0x30 && $0 <= 0x39)
                    || ($0 >= 0x61 && $0 <= 0x7A)
            })
        else { throw WorkspaceStoreError.unavailable("a database name is lowercase letters, digits and _") }
        let server = try PostgresWorkspaceStore(url: serverURL)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await server.run() }
            defer { group.cancelAll() }
            try await server.execute(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), "a database named \(name)")
        }
    }

    // MARK: running queries

    /// Maps PostgreSQL's errors to the store's: unique violations are conflicts, foreign-key violations are
    /// missing rows, anything else means the database is unavailable.
    func mapped(_ error: any Error, _ what: String) -> any Error {
        if error is WorkspaceStoreError { return error }
        if let psql = error as? PSQLError, let state = psql.serverInfo?[.sqlState] {
            if state == "23505" { return WorkspaceStoreError.conflict("\(what) already exists") }
            if state == "23503" { return WorkspaceStoreError.notFound("\(what) refers to something that does not exist") }
        }
        if let transaction = error as? PostgresTransactionError {
            if let closureError = transaction.closureError { return mapped(closureError, what) }
        }
        return WorkspaceStoreError.unavailable("\(location): \(PostgresURL.describe(error))")
    }

    /// The rows of one query.
    func rows(_ query: PostgresQuery, _ what: String = "a row") async throws -> [PostgresRandomAccessRow] {
        do {
            var result = [PostgresRandomAccessRow]()
            for try await row in try await client.query(query, logger: logger) { result.append(row.makeRandomAccess()) }
            return result
        } catch {
            throw mapped(error, what)
        }
    }

    func execute(_ query: PostgresQuery, _ what: String) async throws {
        _ = try await rows(query, what)
    }

    func transaction<T: Sendable>(
        _ what: String = "a row", _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch {
            throw mapped(error, what)
        }
    }

    // MARK: organisations and people

    public func insert(_ organisation: Organisation) async throws {
        let created = organisation.createdAt.workspaceMilliseconds
        try await execute(
            "INSERT INTO organisation (id, name, created_at) VALUES (\(organisation.id), \(organisation.name), \(created))",
            "an organisation named \(organisation.name)")
    }

    public func organisation(id: String) async throws -> Organisation? {
        try await rows("SELECT * FROM organisation WHERE id = \(id)").first.map(Organisation.init(row:))
    }

    public func organisations() async throws -> [Organisation] {
        try await rows("SELECT * FROM organisation ORDER BY name").map(Organisation.init(row:))
    }

    public func insert(_ account: Account) async throws {
        let email = account.email.lowercased()
        let created = account.createdAt.workspaceMilliseconds
        try await execute(
            """
            INSERT INTO account (id, email, display_name, password_hash, created_at)
            VALUES (\(account.id), \(email), \(account.displayName), \(account.passwordHash), \(created))
            """, "an account for this email")
    }

    public func account(id: String) async throws -> Account? {
        try await rows("SELECT * FROM account WHERE id = \(id)").first.map(Account.init(row:))
    }

    public func account(email: String) async throws -> Account? {
        try await rows("SELECT * FROM account WHERE email = \(email.lowercased())").first.map(Account.init(row:))
    }

    public func setMembership(_ membership: Membership) async throws {
        try await execute(
            """
            INSERT INTO membership (account_id, organisation_id, role)
            VALUES (\(membership.accountID), \(membership.organisationID), \(membership.role.rawValue))
            ON CONFLICT (account_id, organisation_id) DO UPDATE SET role = excluded.role
            """, "a membership")
    }

    public func memberships(accountID: String) async throws -> [Membership] {
        try await rows("SELECT * FROM membership WHERE account_id = \(accountID) ORDER BY organisation_id")
            .map(Membership.init(row:))
    }

    public func members(organisationID: String) async throws -> [Membership] {
        try await rows("SELECT * FROM membership WHERE organisation_id = \(organisationID) ORDER BY account_id")
            .map(Membership.init(row:))
    }

    // MARK: sessions and API tokens

    public func insert(_ session: Session) async throws {
        let created = session.createdAt.workspaceMilliseconds
        let expires = session.expiresAt.workspaceMilliseconds
        try await execute(
            """
            INSERT INTO browser_session (secret_digest, account_id, csrf_token, created_at, expires_at)
            VALUES (\(session.secretDigest), \(session.accountID), \(session.csrfToken), \(created), \(expires))
            """, "a session")
    }

    public func session(secretDigest: String, now: Date) async throws -> Session? {
        let now = now.workspaceMilliseconds
        return try await rows(
            "SELECT * FROM browser_session WHERE secret_digest = \(secretDigest) AND expires_at > \(now)"
        ).first.map(Session.init(row:))
    }

    public func deleteSession(secretDigest: String) async throws {
        try await execute("DELETE FROM browser_session WHERE secret_digest = \(secretDigest)", "a session")
    }

    public func insert(_ token: APIToken) async throws {
        let created = token.createdAt.workspaceMilliseconds
        let revoked = token.revokedAt?.workspaceMilliseconds
        try await execute(
            """
            INSERT INTO api_token (secret_digest, account_id, label, created_at, revoked_at)
            VALUES (\(token.secretDigest), \(token.accountID), \(token.label), \(created), \(revoked))
            """, "an API token")
    }

    public func token(secretDigest: String) async throws -> APIToken? {
        try await rows("SELECT * FROM api_token WHERE secret_digest = \(secretDigest) AND revoked_at IS NULL")
            .first.map(APIToken.init(row:))
    }

    public func revokeToken(secretDigest: String, at: Date) async throws {
        let at = at.workspaceMilliseconds
        try await execute(
            "UPDATE api_token SET revoked_at = \(at) WHERE secret_digest = \(secretDigest) AND revoked_at IS NULL",
            "an API token")
    }

    // MARK: instruments and revisions

    public func insert(_ instrument: WorkspaceInstrument) async throws {
        let created = instrument.createdAt.workspaceMilliseconds
        try await execute(
            """
            INSERT INTO instrument (id, organisation_id, title, kind, region, visibility, created_by, created_at)
            VALUES (\(instrument.id), \(instrument.organisationID), \(instrument.title), \(instrument.kind),
                    \(instrument.region), \(instrument.visibility.rawValue), \(instrument.createdBy), \(created))
            """, "an instrument")
    }

    public func instrument(id: String, visibleTo accountID: String) async throws -> WorkspaceInstrument? {
        try await rows(
            """
            SELECT i.* FROM instrument i WHERE i.id = \(id) AND (i.visibility = 'shared'
                OR i.organisation_id IN (SELECT organisation_id FROM membership WHERE account_id = \(accountID)))
            """
        ).first.map(WorkspaceInstrument.init(row:))
    }

    public func instruments(visibleTo accountID: String) async throws -> [WorkspaceInstrument] {
        try await rows(
            """
            SELECT i.* FROM instrument i WHERE i.visibility = 'shared'
                OR i.organisation_id IN (SELECT organisation_id FROM membership WHERE account_id = \(accountID))
            ORDER BY i.created_at DESC, i.id
            """
        ).map(WorkspaceInstrument.init(row:))
    }

    public func addRevision(_ upload: RevisionUpload) async throws -> Revision {
        try await transaction("a revision") { connection in
            // Serialise numbering per database: two uploads at once must not both take MAX + 1.
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.revisionLock))", logger: self.logger)
            var last = 0
            for try await value in try await connection.query(
                "SELECT COALESCE(MAX(number), 0)::bigint FROM revision WHERE instrument_id = \(upload.instrumentID)",
                logger: self.logger
            ).decode(Int64.self) {
                last = Int(value)
            }
            let revision = Revision(
                id: upload.id, instrumentID: upload.instrumentID, number: last + 1, filename: upload.filename,
                inputFormat: upload.inputFormat, digest: upload.digest, byteCount: upload.content.count,
                uploadedBy: upload.uploadedBy, uploadedAt: upload.uploadedAt)
            let uploaded = revision.uploadedAt.workspaceMilliseconds
            let byteCount = Int64(revision.byteCount)
            try await connection.query(
                """
                INSERT INTO revision (id, instrument_id, number, filename, input_format, digest, byte_count, content,
                                      uploaded_by, uploaded_at)
                VALUES (\(revision.id), \(revision.instrumentID), \(revision.number), \(revision.filename),
                        \(revision.inputFormat), \(revision.digest), \(byteCount), \(upload.content),
                        \(revision.uploadedBy), \(uploaded))
                """, logger: self.logger)
            return revision
        }
    }

    public func revisions(instrumentID: String) async throws -> [Revision] {
        try await rows(
            """
            SELECT id, instrument_id, number::bigint, filename, input_format, digest, byte_count, uploaded_by,
                   uploaded_at
            FROM revision WHERE instrument_id = \(instrumentID) ORDER BY number
            """
        ).map(Revision.init(row:))
    }

    public func revision(id: String) async throws -> Revision? {
        try await rows(
            """
            SELECT id, instrument_id, number::bigint, filename, input_format, digest, byte_count, uploaded_by,
                   uploaded_at
            FROM revision WHERE id = \(id)
            """
        ).first.map(Revision.init(row:))
    }

    public func content(revisionID: String) async throws -> Data? {
        try await rows("SELECT content AS result FROM revision WHERE id = \(revisionID)").first?
            .optionalBytes("result")
    }

    // MARK: the cache

    public func artifact(_ key: ArtifactKey) async throws -> Data? {
        try await rows(
            """
            SELECT content AS result FROM artifact
            WHERE revision_digest = \(key.revisionDigest) AND pipeline_digest = \(key.pipelineDigest)
              AND kind = \(key.kind)
            """
        ).first?.optionalBytes("result")
    }

    public func storeArtifact(_ key: ArtifactKey, content: Data, at: Date) async throws {
        let at = at.workspaceMilliseconds
        try await execute(
            """
            INSERT INTO artifact (revision_digest, pipeline_digest, kind, content, created_at)
            VALUES (\(key.revisionDigest), \(key.pipelineDigest), \(key.kind), \(content), \(at))
            ON CONFLICT (revision_digest, pipeline_digest, kind)
            DO UPDATE SET content = excluded.content, created_at = excluded.created_at
            """, "an artifact")
    }

    // MARK: reviews

    public func insert(_ review: Review) async throws {
        let created = review.createdAt.workspaceMilliseconds
        try await execute(
            """
            INSERT INTO review (id, revision_id, organisation_id, reviewer_id, target_kind, target, decision, verdict,
                                reason, words_digest, created_at)
            VALUES (\(review.id), \(review.revisionID), \(review.organisationID), \(review.reviewerID),
                    \(review.targetKind.rawValue), \(review.target), \(review.decision.rawValue), \(review.verdict),
                    \(review.reason), \(review.wordsDigest), \(created))
            """, "a review")
    }

    public func reviews(revisionID: String) async throws -> [Review] {
        try await rows("SELECT * FROM review WHERE revision_id = \(revisionID) ORDER BY created_at, id")
            .map(Review.init(row:))
    }

    // MARK: background jobs

    public func enqueue(_ job: Job) async throws {
        let created = job.createdAt.workspaceMilliseconds
        let finished = job.finishedAt?.workspaceMilliseconds
        let done = Int64(job.done)
        let total = Int64(job.total)
        try await execute(
            """
            INSERT INTO job (id, organisation_id, kind, payload, status, done, total, result, error, claimed_by,
                             created_at, finished_at)
            VALUES (\(job.id), \(job.organisationID), \(job.kind), \(job.payload), \(job.status.rawValue), \(done),
                    \(total), \(job.result), \(job.error), \(job.claimedBy), \(created), \(finished))
            """, "a job")
    }

    public func claimNextJob(worker: String, at: Date) async throws -> Job? {
        _ = at
        // SKIP LOCKED: a row another instance is claiming right now is passed over, not waited for.
        return try await rows(
            """
            UPDATE job SET status = 'running', claimed_by = \(worker)
            WHERE id = (SELECT id FROM job WHERE status = 'queued' ORDER BY created_at, id
                        FOR UPDATE SKIP LOCKED LIMIT 1)
            RETURNING *
            """, "a job"
        ).first.map(Job.init(row:))
    }

    public func updateProgress(jobID: String, done: Int, total: Int) async throws {
        let done = Int64(done)
        let total = Int64(total)
        try await execute("UPDATE job SET done = \(done), total = \(total) WHERE id = \(jobID)", "a job")
    }

    public func finish(jobID: String, status: JobStatus, result: Data?, error: String?, at: Date) async throws {
        let at = at.workspaceMilliseconds
        try await execute(
            """
            UPDATE job SET status = \(status.rawValue), result = \(result), error = \(error), finished_at = \(at)
            WHERE id = \(jobID)
            """, "a job")
    }

    public func job(id: String) async throws -> Job? {
        try await rows("SELECT * FROM job WHERE id = \(id)").first.map(Job.init(row:))
    }

    public func runningJobs() async throws -> [Job] {
        try await rows("SELECT * FROM job WHERE status = 'running' ORDER BY created_at, id", "a job").map(Job.init(row:))
    }

    public func requeue(jobID: String, claimedBy worker: String) async throws -> Bool {
        !(try await rows(
            """
            UPDATE job SET status = 'queued', claimed_by = NULL, done = 0
            WHERE id = \(jobID) AND status = 'running' AND claimed_by = \(worker) RETURNING id
            """, "a job"
        ).isEmpty)
    }
}

extension PostgresRandomAccessRow: WorkspaceRow {
    func text(_ column: String) throws -> String { try self[column].decode(String.self) }
    func optionalText(_ column: String) throws -> String? { try self[column].decode(String?.self) }
    func integer(_ column: String) throws -> Int64 { try self[column].decode(Int64.self) }
    func optionalInteger(_ column: String) throws -> Int64? { try self[column].decode(Int64?.self) }
    func optionalBytes(_ column: String) throws -> Data? {
        try self[column].decode(ByteBuffer?.self).map { Data($0.readableBytesView) }
    }
}
