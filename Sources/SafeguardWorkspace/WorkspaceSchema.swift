import Foundation

/// The workspace's tables, as one ordered list of migrations applied by both stores.
///
/// Never edit a migration that has shipped: add one. Times are milliseconds since 1970 (`BIGINT`), so both
/// databases sort and compare them the same way; bytes are `BLOB` in SQLite and `BYTEA` in PostgreSQL.
enum WorkspaceSchema {
    struct Migration {
        var id: String
        /// The statements, with `BLOB` written as `{BYTES}` so one text serves both databases.
        var statements: [String]
    }

    static let migrations: [Migration] = [
        Migration(
            id: "v1-workspace",
            statements: [
                """
                CREATE TABLE organisation (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE account (
                    id TEXT PRIMARY KEY,
                    email TEXT NOT NULL UNIQUE,
                    display_name TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE membership (
                    account_id TEXT NOT NULL REFERENCES account(id),
                    organisation_id TEXT NOT NULL REFERENCES organisation(id),
                    role TEXT NOT NULL CHECK (role IN ('viewer', 'reviewer', 'admin')),
                    PRIMARY KEY (account_id, organisation_id)
                )
                """,
                """
                CREATE TABLE browser_session (
                    secret_digest TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL REFERENCES account(id),
                    csrf_token TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE api_token (
                    secret_digest TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL REFERENCES account(id),
                    label TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    revoked_at BIGINT
                )
                """,
                """
                CREATE TABLE instrument (
                    id TEXT PRIMARY KEY,
                    organisation_id TEXT NOT NULL REFERENCES organisation(id),
                    title TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    region TEXT NOT NULL,
                    visibility TEXT NOT NULL CHECK (visibility IN ('private', 'shared')),
                    created_by TEXT NOT NULL REFERENCES account(id),
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE revision (
                    id TEXT PRIMARY KEY,
                    instrument_id TEXT NOT NULL REFERENCES instrument(id),
                    number INTEGER NOT NULL,
                    filename TEXT NOT NULL,
                    input_format TEXT NOT NULL,
                    digest TEXT NOT NULL,
                    byte_count BIGINT NOT NULL,
                    content {BYTES} NOT NULL,
                    uploaded_by TEXT NOT NULL REFERENCES account(id),
                    uploaded_at BIGINT NOT NULL,
                    UNIQUE (instrument_id, number)
                )
                """,
                """
                CREATE TABLE artifact (
                    revision_digest TEXT NOT NULL,
                    pipeline_digest TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    content {BYTES} NOT NULL,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (revision_digest, pipeline_digest, kind)
                )
                """,
                """
                CREATE TABLE review (
                    id TEXT PRIMARY KEY,
                    revision_id TEXT NOT NULL REFERENCES revision(id),
                    organisation_id TEXT NOT NULL REFERENCES organisation(id),
                    reviewer_id TEXT NOT NULL REFERENCES account(id),
                    target_kind TEXT NOT NULL CHECK (target_kind IN ('finding', 'verdict')),
                    target TEXT NOT NULL,
                    decision TEXT NOT NULL CHECK (decision IN ('confirm', 'reject', 'override')),
                    verdict TEXT,
                    reason TEXT NOT NULL,
                    words_digest TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE job (
                    id TEXT PRIMARY KEY,
                    organisation_id TEXT NOT NULL REFERENCES organisation(id),
                    kind TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
                    done BIGINT NOT NULL,
                    total BIGINT NOT NULL,
                    result {BYTES},
                    error TEXT,
                    claimed_by TEXT,
                    created_at BIGINT NOT NULL,
                    finished_at BIGINT
                )
                """,
                "CREATE INDEX revision_by_instrument ON revision (instrument_id, number)",
                "CREATE INDEX review_by_revision ON review (revision_id, created_at)",
                "CREATE INDEX job_queue ON job (status, created_at)",
            ])
    ]

    /// The statements of a migration for one database.
    static func sql(_ migration: Migration, bytesType: String) -> [String] {
        migration.statements.map { $0.replacingOccurrences(of: "{BYTES}", with: bytesType) }
    }
}

extension Date {
    /// Milliseconds since 1970, as the workspace stores times.
    var workspaceMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(workspaceMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(workspaceMilliseconds) / 1000)
    }
}
