public import Foundation
import Logging
import PostgresNIO
import SafeguardPostgres
import SafeguardModel
public import SafeguardScreening

/// The audit log in PostgreSQL, behind the same ``AuditStore`` protocol as the SQLite store.
///
/// Appenders in any number of processes are serialised by a transaction-scoped advisory lock
/// (`pg_advisory_xact_lock`) taken before the head is read, so the chain never forks; `sequence` is also the
/// primary key, so a forked append could not commit even if the lock were bypassed. Lists are `jsonb`.
///
/// The store is synchronous like the protocol: it drives postgres-nio's event-loop API and waits on its own
/// event-loop thread, never on Swift's cooperative pool.
public final class PostgresAuditStore: AuditStore, @unchecked Sendable {
    // @unchecked: every use of `connection` goes through `lock`.
    let connection: PostgresConnection
    let logger: Logger
    let lock = NSLock()
    public let location: String

    /// The advisory-lock key every Safeguard appender and migrator takes ("SafeguaA" as a 64-bit integer).
    static let lockKey: Int64 = 0x5361_6665_6775_6141

    /// Connects to `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` (or `postgresql://`). The password may
    /// also come from `PGPASSWORD`. TLS follows `?sslmode=`: `disable` (the default: loopback or a trusted
    /// network), `prefer`, or `require` (certificate verified against the system's trust roots).
    ///
    /// - Parameter create: create or update the tables (for writing). With `false` the tables must exist.
    public convenience init(url: String, create: Bool = true) throws {
        try self.init(url: url, migrating: create)
        if !create {
            let tables = try run(
                """
                SELECT count(*)::bigint FROM information_schema.tables WHERE table_schema = current_schema()
                AND table_name IN ('audit_entry', 'audit_head')
                """
            )
            guard try tables.first?.decode(Int64.self) == 2 else {
                throw SafeguardError(.invalidData, "not a Safeguard audit log (no audit_entry and audit_head tables)", file: location)
            }
        }
    }

    init(url: String, migrating: Bool) throws {
        let configuration: PostgresConnection.Configuration
        do throws(PostgresURL.Invalid) {
            let parsed = try PostgresURL(url)
            location = parsed.location
            configuration = try parsed.connectionConfiguration()
        } catch {
            throw SafeguardError(.invalidData, error.description)
        }
        var logger = Logger(label: "safeguard.audit.postgres")
        logger.logLevel = .critical
        self.logger = logger
        do {
            connection = try PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: 1, logger: logger
            ).wait()
        } catch {
            throw SafeguardError(.inputNotFound, "cannot connect to the PostgreSQL audit log \(location): \(PostgresURL.describe(error))")
        }
        if migrating { try migrate() }
    }

    deinit {
        try? connection.close().wait()
    }

    /// Runs one statement and collects its rows.
    @discardableResult
    func run(_ query: PostgresQuery) throws -> [PostgresRow] {
        do {
            return try Array(connection.query(query, logger: logger).wait().rows)
        } catch {
            throw SafeguardError(.invalidData, "PostgreSQL: \(PostgresURL.describe(error))", file: location)
        }
    }

    /// Runs `body` in one transaction holding the appenders' advisory lock; rolls back on any error.
    func exclusively<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        try run("BEGIN")
        do {
            try run("SELECT pg_advisory_xact_lock(\(Self.lockKey))")
            let result = try body()
            try run("COMMIT")
            return result
        } catch {
            _ = try? connection.query("ROLLBACK", logger: logger).wait()
            throw error
        }
    }

    /// The schema's history, applied in order under the advisory lock. Never edit one: add one.
    static let migrations: [(id: String, sql: [String])] = [
        (
            "v2-json-lists",
            [
                """
                CREATE TABLE IF NOT EXISTS audit_entry (
                    sequence BIGINT PRIMARY KEY,
                    recorded_at TEXT NOT NULL,
                    request_id TEXT NOT NULL,
                    request_digest TEXT NOT NULL,
                    received TEXT NOT NULL,
                    requesting_state TEXT NOT NULL,
                    requested_state TEXT NOT NULL,
                    measure TEXT NOT NULL,
                    conduct TEXT NOT NULL,
                    target_attributes JSONB NOT NULL,
                    ruleset_id TEXT NOT NULL,
                    ruleset_version TEXT NOT NULL,
                    ruleset_digest TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    grounds JSONB NOT NULL,
                    conditions JSONB NOT NULL,
                    reasons JSONB NOT NULL,
                    previous_hash TEXT NOT NULL,
                    entry_hash TEXT NOT NULL,
                    format INTEGER NOT NULL
                )
                """,
                """
                CREATE TABLE IF NOT EXISTS audit_head (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    sequence BIGINT NOT NULL,
                    entry_hash TEXT NOT NULL
                )
                """,
            ]
        )
    ]

    func migrate() throws {
        try exclusively {
            try run(
                "CREATE TABLE IF NOT EXISTS safeguard_audit_migrations (id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            let applied = Set(try run("SELECT id FROM safeguard_audit_migrations").map { try $0.decode(String.self) })
            for migration in Self.migrations where !applied.contains(migration.id) {
                for sql in migration.sql { try run(PostgresQuery(unsafeSQL: sql)) }
                try run("INSERT INTO safeguard_audit_migrations (id) VALUES (\(migration.id))")
            }
        }
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        return e
    }()

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @discardableResult
    public func append(_ records: [AuditRecord], at date: Date = Date()) throws -> [AuditEntry] {
        guard !records.isEmpty else { return [] }
        let recordedAt = AuditClock.timestamp(date)
        return try exclusively {
            var sequence: Int64 = 0
            var previous = AuditEntry.genesisHash
            if let row = try run("SELECT sequence, entry_hash FROM audit_head WHERE id = 1").first {
                (sequence, previous) = try row.decode((Int64, String).self)
            }
            var written: [AuditEntry] = []
            written.reserveCapacity(records.count)
            for r in records {
                sequence += 1
                let hash = AuditEntry.computeHash(previousHash: previous, recordedAt: recordedAt, record: r)
                written.append(AuditEntry(sequence: sequence, recordedAt: recordedAt, record: r, previousHash: previous, entryHash: hash))
                previous = hash
            }
            // One statement for the whole batch: parallel arrays unnested into rows.
            func column(_ f: (AuditEntry) -> String) -> [String] { written.map(f) }
            let sequences = written.map(\.sequence)
            let attributes = try written.map { try Self.json($0.record.targetAttributes) }
            let grounds = try written.map { try Self.json($0.record.grounds) }
            let conditions = try written.map { try Self.json($0.record.conditions) }
            let reasons = try written.map { try Self.json($0.record.reasons) }
            let format = AuditEntry.currentFormat
            try run(
                """
                INSERT INTO audit_entry (sequence, recorded_at, request_id, request_digest, received, requesting_state,
                    requested_state, measure, conduct, target_attributes, ruleset_id, ruleset_version, ruleset_digest,
                    outcome, grounds, conditions, reasons, previous_hash, entry_hash, format)
                SELECT s, \(recordedAt), a, b, c, d, e, f, g, h::jsonb, i, j, k, l, m::jsonb, n::jsonb, o::jsonb, p, q, \(format)
                FROM unnest(\(sequences)::bigint[], \(column(\.record.requestID))::text[], \(column(\.record.requestDigest))::text[],
                    \(column(\.record.received))::text[],
                    \(column(\.record.requestingState))::text[], \(column(\.record.requestedState))::text[],
                    \(column(\.record.measure))::text[], \(column(\.record.conduct))::text[], \(attributes)::text[],
                    \(column(\.record.ruleSetID))::text[],
                    \(column(\.record.ruleSetVersion))::text[], \(column(\.record.ruleSetDigest))::text[],
                    \(column(\.record.outcome))::text[], \(grounds)::text[], \(conditions)::text[], \(reasons)::text[],
                    \(column(\.previousHash))::text[], \(column(\.entryHash))::text[])
                    AS t(s, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q)
                """)
            try run(
                """
                INSERT INTO audit_head (id, sequence, entry_hash) VALUES (1, \(sequence), \(previous))
                ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence, entry_hash = excluded.entry_hash
                """)
            return written
        }
    }

    public func entries(from: Day? = nil, to: Day? = nil) throws -> [AuditEntry] {
        let fromText = from?.iso ?? "0000-00-00"
        let toText = to?.iso ?? "9999-99-99"
        let rows = try locked {
            try run(
                """
                SELECT sequence, recorded_at, request_id, request_digest, received, requesting_state, requested_state,
                    measure, conduct, target_attributes::text, ruleset_id, ruleset_version, ruleset_digest, outcome,
                    grounds::text, conditions::text, reasons::text, previous_hash, entry_hash, format::bigint
                FROM audit_entry
                WHERE substr(recorded_at, 1, 10) >= \(fromText) AND substr(recorded_at, 1, 10) <= \(toText)
                ORDER BY sequence
                """)
        }
        let decoder = JSONDecoder()
        do {
            return try rows.map { row in
                let r = row.makeRandomAccess()
                func text(_ name: String) throws -> String { try r[name].decode(String.self) }
                func list<T: Decodable>(_ name: String, _ type: T.Type) throws -> T {
                    try decoder.decode(T.self, from: Data(try text(name).utf8))
                }
                return AuditEntry(
                    sequence: try r["sequence"].decode(Int64.self), recordedAt: try text("recorded_at"),
                    record: AuditRecord(
                        requestID: try text("request_id"), requestDigest: try text("request_digest"), received: try text("received"),
                        requestingState: try text("requesting_state"), requestedState: try text("requested_state"),
                        measure: try text("measure"), conduct: try text("conduct"),
                        targetAttributes: try list("target_attributes", [String].self), ruleSetID: try text("ruleset_id"),
                        ruleSetVersion: try text("ruleset_version"), ruleSetDigest: try text("ruleset_digest"),
                        outcome: try text("outcome"),
                        grounds: try list("grounds", [String].self), conditions: try list("conditions", [String].self),
                        reasons: try list("reasons", [AuditReason].self)
                    ),
                    previousHash: try text("previous_hash"), entryHash: try text("entry_hash"),
                    format: Int(try r["format"].decode(Int64.self))
                )
            }
        } catch let error as SafeguardError {
            throw error
        } catch {
            throw SafeguardError(.invalidData, "cannot read the audit log: \(error)", file: location)
        }
    }

    public func head() throws -> AuditHead? {
        try locked {
            try run("SELECT sequence, entry_hash FROM audit_head WHERE id = 1").first.map {
                let (s, h) = try $0.decode((Int64, String).self)
                return AuditHead(sequence: s, entryHash: h)
            }
        }
    }

    func locked<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}

// MARK: - Test hooks

extension PostgresAuditStore {
    /// Creates an empty database on the server of `serverURL` (for tests: one database per test).
    static func createDatabase(serverURL: String, name: String) throws {
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw SafeguardError(.invalidData, "database names here are letters, digits and underscores")
        }
        let admin = try PostgresAuditStore(url: serverURL, migrating: false)
        try admin.locked { try admin.run(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)")) }
    }

    /// Runs raw SQL outside the log writer, as someone with write access to the database would.
    func tamper(_ statements: [String]) throws {
        try locked {
            for sql in statements { try run(PostgresQuery(unsafeSQL: sql)) }
        }
    }
}
