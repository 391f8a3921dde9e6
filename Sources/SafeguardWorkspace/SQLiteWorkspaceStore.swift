public import Foundation
import GRDB
import SafeguardSQLite

/// The workspace in one SQLite file (GRDB): WAL journal so readers never wait for a writer, `synchronous = FULL`
/// so a committed upload survives a crash or a SIGKILL, foreign keys on, schema from ``WorkspaceSchema``.
public final class SQLiteWorkspaceStore: WorkspaceStore {
    let pool: DatabasePool
    public let location: String

    /// Opens the workspace at `path`, creating the file and its tables on first use.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        configuration.busyMode = .timeout(10)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try SQLiteMigrations.migrate(pool, Self.migrations)
        } catch {
            throw WorkspaceStoreError.unavailable("cannot open the workspace database \(path): \(error)")
        }
        location = path
    }

    /// ``WorkspaceSchema``'s migrations for SQLite, applied in one exclusive transaction (``SQLiteMigrations``),
    /// so servers starting together on a new file never interleave.
    static let migrations: [SQLiteMigration] = WorkspaceSchema.migrations.map { migration in
        let statements = WorkspaceSchema.sql(migration, bytesType: "BLOB")
        return SQLiteMigration(migration.id) { db in
            for statement in statements { try db.execute(sql: statement) }
        }
    }

    /// Runs a write; maps SQLite's unique-constraint failures to ``WorkspaceStoreError/conflict(_:)``.
    func write<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch let error as DatabaseError
            where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
        {
            throw WorkspaceStoreError.conflict("\(what) already exists")
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw WorkspaceStoreError.notFound("\(what) refers to something that does not exist")
        } catch let error as WorkspaceStoreError {
            throw error
        } catch {
            throw WorkspaceStoreError.unavailable("\(location): \(error)")
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw WorkspaceStoreError.unavailable("\(location): \(error)")
        }
    }

    // MARK: organisations and people

    public func insert(_ organisation: Organisation) async throws {
        try await write("an organisation named \(organisation.name)") { db in
            try db.execute(
                sql: "INSERT INTO organisation (id, name, created_at) VALUES (?, ?, ?)",
                arguments: [organisation.id, organisation.name, organisation.createdAt.workspaceMilliseconds])
        }
    }

    public func organisation(id: String) async throws -> Organisation? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM organisation WHERE id = ?", arguments: [id]).map(Organisation.init(row:))
        }
    }

    public func organisations() async throws -> [Organisation] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM organisation ORDER BY name").map(Organisation.init(row:)) }
    }

    public func insert(_ account: Account) async throws {
        try await write("an account for this email") { db in
            try db.execute(
                sql: "INSERT INTO account (id, email, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    account.id, account.email.lowercased(), account.displayName, account.passwordHash,
                    account.createdAt.workspaceMilliseconds,
                ])
        }
    }

    public func account(id: String) async throws -> Account? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM account WHERE id = ?", arguments: [id]).map(Account.init(row:)) }
    }

    public func account(email: String) async throws -> Account? {
        let email = email.lowercased()
        return try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM account WHERE email = ?", arguments: [email]).map(Account.init(row:))
        }
    }

    public func setMembership(_ membership: Membership) async throws {
        try await write("a membership") { db in
            try db.execute(
                sql: """
                    INSERT INTO membership (account_id, organisation_id, role) VALUES (?, ?, ?)
                    ON CONFLICT (account_id, organisation_id) DO UPDATE SET role = excluded.role
                    """,
                arguments: [membership.accountID, membership.organisationID, membership.role.rawValue])
        }
    }

    public func memberships(accountID: String) async throws -> [Membership] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM membership WHERE account_id = ? ORDER BY organisation_id", arguments: [accountID]
            ).map(Membership.init(row:))
        }
    }

    public func members(organisationID: String) async throws -> [Membership] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM membership WHERE organisation_id = ? ORDER BY account_id",
                arguments: [organisationID]
            ).map(Membership.init(row:))
        }
    }

    // MARK: sessions and API tokens

    public func insert(_ session: Session) async throws {
        try await write("a session") { db in
            try db.execute(
                sql: """
                    INSERT INTO browser_session (secret_digest, account_id, csrf_token, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [
                    session.secretDigest, session.accountID, session.csrfToken,
                    session.createdAt.workspaceMilliseconds, session.expiresAt.workspaceMilliseconds,
                ])
        }
    }

    public func session(secretDigest: String, now: Date) async throws -> Session? {
        let now = now.workspaceMilliseconds
        return try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM browser_session WHERE secret_digest = ? AND expires_at > ?",
                arguments: [secretDigest, now]
            ).map(Session.init(row:))
        }
    }

    public func deleteSession(secretDigest: String) async throws {
        try await write("a session") { db in
            try db.execute(sql: "DELETE FROM browser_session WHERE secret_digest = ?", arguments: [secretDigest])
        }
    }

    public func insert(_ token: APIToken) async throws {
        try await write("an API token") { db in
            try db.execute(
                sql: "INSERT INTO api_token (secret_digest, account_id, label, created_at, revoked_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    token.secretDigest, token.accountID, token.label, token.createdAt.workspaceMilliseconds,
                    token.revokedAt?.workspaceMilliseconds,
                ])
        }
    }

    public func token(secretDigest: String) async throws -> APIToken? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM api_token WHERE secret_digest = ? AND revoked_at IS NULL",
                arguments: [secretDigest]
            ).map(APIToken.init(row:))
        }
    }

    public func revokeToken(secretDigest: String, at: Date) async throws {
        let at = at.workspaceMilliseconds
        try await write("an API token") { db in
            try db.execute(
                sql: "UPDATE api_token SET revoked_at = ? WHERE secret_digest = ? AND revoked_at IS NULL",
                arguments: [at, secretDigest])
        }
    }

    // MARK: instruments and revisions

    public func insert(_ instrument: WorkspaceInstrument) async throws {
        try await write("an instrument") { db in
            try db.execute(
                sql: """
                    INSERT INTO instrument (id, organisation_id, title, kind, region, visibility, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    instrument.id, instrument.organisationID, instrument.title, instrument.kind,
                    instrument.region, instrument.visibility.rawValue, instrument.createdBy,
                    instrument.createdAt.workspaceMilliseconds,
                ])
        }
    }

    public func instrument(id: String, visibleTo accountID: String) async throws -> WorkspaceInstrument? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT i.* FROM instrument i WHERE i.id = ? AND \(WorkspaceSQL.visibleTo)",
                arguments: [id, accountID]
            ).map(WorkspaceInstrument.init(row:))
        }
    }

    public func instruments(visibleTo accountID: String) async throws -> [WorkspaceInstrument] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT i.* FROM instrument i WHERE \(WorkspaceSQL.visibleTo) ORDER BY i.created_at DESC, i.id",
                arguments: [accountID]
            ).map(WorkspaceInstrument.init(row:))
        }
    }

    public func addRevision(_ upload: RevisionUpload) async throws -> Revision {
        try await write("a revision") { db in
            // Inside the write transaction: SQLite has one writer, so the next number cannot be taken twice.
            let last = try Int.fetchOne(
                db, sql: "SELECT MAX(number) FROM revision WHERE instrument_id = ?", arguments: [upload.instrumentID])
            let revision = Revision(
                id: upload.id, instrumentID: upload.instrumentID, number: (last ?? 0) + 1, filename: upload.filename,
                inputFormat: upload.inputFormat, digest: upload.digest, byteCount: upload.content.count,
                uploadedBy: upload.uploadedBy, uploadedAt: upload.uploadedAt)
            try db.execute(
                sql: """
                    INSERT INTO revision (id, instrument_id, number, filename, input_format, digest, byte_count, content,
                                          uploaded_by, uploaded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    revision.id, revision.instrumentID, revision.number, revision.filename,
                    revision.inputFormat, revision.digest, revision.byteCount, upload.content,
                    revision.uploadedBy, revision.uploadedAt.workspaceMilliseconds,
                ])
            return revision
        }
    }

    public func revisions(instrumentID: String) async throws -> [Revision] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(WorkspaceSQL.revisionColumns) FROM revision WHERE instrument_id = ? ORDER BY number",
                arguments: [instrumentID]
            ).map(Revision.init(row:))
        }
    }

    public func revision(id: String) async throws -> Revision? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(WorkspaceSQL.revisionColumns) FROM revision WHERE id = ?", arguments: [id]
            ).map(Revision.init(row:))
        }
    }

    public func content(revisionID: String) async throws -> Data? {
        try await read { db in
            try Data.fetchOne(db, sql: "SELECT content FROM revision WHERE id = ?", arguments: [revisionID])
        }
    }

    // MARK: the cache

    public func artifact(_ key: ArtifactKey) async throws -> Data? {
        try await read { db in
            try Data.fetchOne(
                db, sql: "SELECT content FROM artifact WHERE revision_digest = ? AND pipeline_digest = ? AND kind = ?",
                arguments: [key.revisionDigest, key.pipelineDigest, key.kind])
        }
    }

    public func storeArtifact(_ key: ArtifactKey, content: Data, at: Date) async throws {
        let at = at.workspaceMilliseconds
        try await write("an artifact") { db in
            try db.execute(
                sql: """
                    INSERT INTO artifact (revision_digest, pipeline_digest, kind, content, created_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (revision_digest, pipeline_digest, kind)
                    DO UPDATE SET content = excluded.content, created_at = excluded.created_at
                    """,
                arguments: [key.revisionDigest, key.pipelineDigest, key.kind, content, at])
        }
    }

    // MARK: reviews

    public func insert(_ review: Review) async throws {
        try await write("a review") { db in
            try db.execute(
                sql: """
                    INSERT INTO review (id, revision_id, organisation_id, reviewer_id, target_kind, target, decision,
                                        verdict, reason, words_digest, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    review.id, review.revisionID, review.organisationID, review.reviewerID,
                    review.targetKind.rawValue, review.target, review.decision.rawValue, review.verdict,
                    review.reason, review.wordsDigest, review.createdAt.workspaceMilliseconds,
                ])
        }
    }

    public func reviews(revisionID: String) async throws -> [Review] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM review WHERE revision_id = ? ORDER BY created_at, id", arguments: [revisionID]
            ).map(Review.init(row:))
        }
    }

    // MARK: background jobs

    public func enqueue(_ job: Job) async throws {
        try await write("a job") { db in
            try db.execute(
                sql: """
                    INSERT INTO job (id, organisation_id, kind, payload, status, done, total, result, error, claimed_by,
                                     created_at, finished_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    job.id, job.organisationID, job.kind, job.payload, job.status.rawValue, job.done, job.total,
                    job.result, job.error, job.claimedBy, job.createdAt.workspaceMilliseconds,
                    job.finishedAt?.workspaceMilliseconds,
                ])
        }
    }

    public func claimNextJob(worker: String, at: Date) async throws -> Job? {
        _ = at
        return try await write("a job") { db in
            // One writer at a time: the select and the update cannot interleave with another claimer's.
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM job WHERE status = 'queued' ORDER BY created_at, id LIMIT 1")
            else { return nil }
            var job = try Job(row: row)
            try db.execute(
                sql: "UPDATE job SET status = 'running', claimed_by = ? WHERE id = ?", arguments: [worker, job.id])
            job.status = .running
            job.claimedBy = worker
            return job
        }
    }

    public func updateProgress(jobID: String, done: Int, total: Int) async throws {
        try await write("a job") { db in
            try db.execute(sql: "UPDATE job SET done = ?, total = ? WHERE id = ?", arguments: [done, total, jobID])
        }
    }

    public func finish(jobID: String, status: JobStatus, result: Data?, error: String?, at: Date) async throws {
        let at = at.workspaceMilliseconds
        try await write("a job") { db in
            try db.execute(
                sql: "UPDATE job SET status = ?, result = ?, error = ?, finished_at = ? WHERE id = ?",
                arguments: [status.rawValue, result, error, at, jobID])
        }
    }

    public func job(id: String) async throws -> Job? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM job WHERE id = ?", arguments: [id]).map(Job.init(row:)) }
    }

    public func runningJobs() async throws -> [Job] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM job WHERE status = 'running' ORDER BY created_at, id").map(Job.init(row:))
        }
    }

    public func requeue(jobID: String, claimedBy worker: String) async throws -> Bool {
        try await write("a job") { db in
            try db.execute(
                sql: """
                    UPDATE job SET status = 'queued', claimed_by = NULL, done = 0
                    WHERE id = ? AND status = 'running' AND claimed_by = ?
                    """,
                arguments: [jobID, worker])
            return db.changesCount > 0
        }
    }
}

// MARK: rows

extension Row: WorkspaceRow {
    // The throwing decoders: a NULL or mistyped column is an error here, never a crash.
    func text(_ column: String) throws -> String { try decode(String.self, forColumn: column) }
    func optionalText(_ column: String) throws -> String? { try decode(String?.self, forColumn: column) }
    func integer(_ column: String) throws -> Int64 { try decode(Int64.self, forColumn: column) }
    func optionalInteger(_ column: String) throws -> Int64? { try decode(Int64?.self, forColumn: column) }
    func optionalBytes(_ column: String) throws -> Data? { try decode(Data?.self, forColumn: column) }
}

/// SQL shared by both stores.
enum WorkspaceSQL {
    /// Instruments (aliased `i`) that the account bound to the next `?` / `$n` may see.
    static let visibleTo = """
        (i.visibility = 'shared' OR i.organisation_id IN (SELECT organisation_id FROM membership WHERE account_id = ?))
        """
    static let revisionColumns =
        "id, instrument_id, number, filename, input_format, digest, byte_count, uploaded_by, uploaded_at"
}
