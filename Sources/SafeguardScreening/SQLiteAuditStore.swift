public import Foundation
import GRDB
import SafeguardSQLite
import SafeguardModel

/// One row of `audit_entry`: a GRDB Codable record. Lists are stored as JSON arrays (GRDB encodes nested
/// Codable values as JSON text), never as joined strings.
struct AuditEntryRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "audit_entry"

    // GRDB makes a new JSON coder for every list column of every row by default; one shared pair is much
    // cheaper over a whole log (JSONDecoder and JSONEncoder are safe to share).
    static let jsonDecoder = JSONDecoder()
    static let jsonEncoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        return e
    }()
    static func databaseJSONDecoder(for column: String) -> JSONDecoder { jsonDecoder }
    static func databaseJSONEncoder(for column: String) -> JSONEncoder { jsonEncoder }

    var sequence: Int64
    var recordedAt: String
    var requestID: String
    var requestDigest: String
    var received: String
    var requestingState: String
    var requestedState: String
    var measure: String
    var conduct: String
    var targetAttributes: [String]
    var ruleSetID: String
    var ruleSetVersion: String
    var ruleSetDigest: String
    var outcome: String
    var grounds: [String]
    var conditions: [String]
    var reasons: [AuditReason]
    var previousHash: String
    var entryHash: String
    var format: Int

    enum CodingKeys: String, CodingKey {
        case sequence, measure, conduct, received, outcome, grounds, conditions, reasons, format
        case recordedAt = "recorded_at"
        case requestID = "request_id"
        case requestDigest = "request_digest"
        case requestingState = "requesting_state"
        case requestedState = "requested_state"
        case targetAttributes = "target_attributes"
        case ruleSetID = "ruleset_id"
        case ruleSetVersion = "ruleset_version"
        case ruleSetDigest = "ruleset_digest"
        case previousHash = "previous_hash"
        case entryHash = "entry_hash"
    }

    init(_ e: AuditEntry) {
        let r = e.record
        sequence = e.sequence; recordedAt = e.recordedAt
        requestID = r.requestID; requestDigest = r.requestDigest; received = r.received
        requestingState = r.requestingState; requestedState = r.requestedState; measure = r.measure; conduct = r.conduct
        targetAttributes = r.targetAttributes; ruleSetID = r.ruleSetID; ruleSetVersion = r.ruleSetVersion
        ruleSetDigest = r.ruleSetDigest; outcome = r.outcome; grounds = r.grounds; conditions = r.conditions
        reasons = r.reasons; previousHash = e.previousHash; entryHash = e.entryHash; format = e.format
    }

    var entry: AuditEntry {
        AuditEntry(
            sequence: sequence, recordedAt: recordedAt,
            record: AuditRecord(
                requestID: requestID, requestDigest: requestDigest, received: received, requestingState: requestingState,
                requestedState: requestedState, measure: measure, conduct: conduct, targetAttributes: targetAttributes,
                ruleSetID: ruleSetID, ruleSetVersion: ruleSetVersion, ruleSetDigest: ruleSetDigest, outcome: outcome,
                grounds: grounds, conditions: conditions, reasons: reasons
            ),
            previousHash: previousHash, entryHash: entryHash, format: format
        )
    }
}

/// The audit log in a SQLite file (GRDB): WAL journal, `synchronous = FULL`, one IMMEDIATE transaction per
/// append, so concurrent appenders — threads or processes — queue up behind SQLite's write lock and the chain
/// never forks. The schema is versioned by GRDB's `DatabaseMigrator`.
public final class SQLiteAuditStore: AuditStore {
    let queue: DatabaseQueue
    public let path: String
    public var location: String { path }

    /// The schema's history. Never edit a registered migration: add one.
    static let migrations: [SQLiteMigration] = [
        // The hash-chain schema, as logs written before the migrator already have it (hence IF NOT EXISTS).
        SQLiteMigration("v1-hash-chain") { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS audit_entry (
                        sequence INTEGER PRIMARY KEY,
                        recorded_at TEXT NOT NULL,
                        request_id TEXT NOT NULL,
                        request_digest TEXT NOT NULL,
                        received TEXT NOT NULL,
                        requesting_state TEXT NOT NULL,
                        requested_state TEXT NOT NULL,
                        measure TEXT NOT NULL,
                        conduct TEXT NOT NULL,
                        target_attributes TEXT NOT NULL,
                        ruleset_id TEXT NOT NULL,
                        ruleset_version TEXT NOT NULL,
                        ruleset_digest TEXT NOT NULL,
                        outcome TEXT NOT NULL,
                        grounds TEXT NOT NULL,
                        conditions TEXT NOT NULL,
                        reasons TEXT NOT NULL,
                        previous_hash TEXT NOT NULL,
                        entry_hash TEXT NOT NULL
                    );
                    CREATE TABLE IF NOT EXISTS audit_head (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        sequence INTEGER NOT NULL,
                        entry_hash TEXT NOT NULL
                    );
                    """)
        },
        // Lists as JSON, and each entry's hash format. Existing rows keep format 1 (their hash is computed over
        // the joined strings, which the JSON lists rejoin exactly); the conversion refuses any row it could not
        // rejoin byte for byte, so no existing hash changes.
        SQLiteMigration("v2-json-lists") { db in
            guard try !db.columns(in: "audit_entry").contains(where: { $0.name == "format" }) else { return }
            try db.execute(sql: "ALTER TABLE audit_entry ADD COLUMN format INTEGER NOT NULL DEFAULT 1")
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM audit_entry ORDER BY sequence")
            let update = try db.makeStatement(
                sql: "UPDATE audit_entry SET target_attributes = ?, grounds = ?, conditions = ?, reasons = ? WHERE sequence = ?")
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            func json(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
            for row in rows {
                guard let record = SQLiteAuditStore.legacyRecord(row) else {
                    throw SafeguardError(
                        .invalidData,
                        "audit entry \(row["sequence"] as Int64) cannot be converted to JSON lists without changing its hash; the log was "
                            + "left as it was"
                    )
                }
                try update.execute(arguments: [
                    try json(record.targetAttributes), try json(record.grounds), try json(record.conditions), try json(record.reasons),
                    row["sequence"] as Int64,
                ])
            }
        },
    ]

    static func legacyRecord(_ row: Row) -> AuditRecord? {
        AuditRecord.legacy(
            requestID: row["request_id"], requestDigest: row["request_digest"], received: row["received"],
            requestingState: row["requesting_state"], requestedState: row["requested_state"], measure: row["measure"],
            conduct: row["conduct"], targetAttributes: row["target_attributes"], ruleSetID: row["ruleset_id"],
            ruleSetVersion: row["ruleset_version"], ruleSetDigest: row["ruleset_digest"], outcome: row["outcome"],
            grounds: row["grounds"], conditions: row["conditions"], reasons: row["reasons"]
        )
    }

    /// Opens the log at `path`.
    ///
    /// - Parameter create: create the file and tables if missing and bring an older schema up to date (for
    ///   writing). With `false` the log is opened read-only and must already be a Safeguard audit log: checking
    ///   or reporting never modifies a file (a log not yet migrated is read in its old form).
    public init(path: String, create: Bool = true) throws {
        self.path = path
        var configuration = Configuration()
        // Other processes may hold the write lock while they append: wait for them rather than fail. SQLite's
        // busy handler is not a queue, so under heavy load one appender can wait behind many others' fsyncs:
        // five minutes, because a decision that could not be logged is worse than a slow one.
        configuration.busyMode = .timeout(300)
        if create {
            configuration.prepareDatabase { db in
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
        } else {
            guard FileManager.default.fileExists(atPath: path) else {
                throw SafeguardError(.inputNotFound, "no such audit log", file: path)
            }
            configuration.readonly = true
        }
        do {
            queue = try Self.open(path: path, configuration: configuration, create: create)
        } catch let error as DatabaseError {
            throw SafeguardError(.invalidData, "cannot open the audit log: \(error.message ?? error.description)", file: path)
        } catch let error as SafeguardError {
            throw SafeguardError(error.kind, error.message, file: path)
        }
    }

    /// Opens the queue and checks (`create == false`) or migrates the schema. Processes opening one log at the same
    /// moment can get SQLITE_BUSY here without the busy handler being asked (switching a new file to WAL, or
    /// meeting another connection's recovery): the whole opening is tried again, for as long as the busy timeout.
    private static func open(path: String, configuration: Configuration, create: Bool) throws -> DatabaseQueue {
        let deadline = Date().addingTimeInterval(300)
        while true {
            do {
                let queue = try DatabaseQueue(path: path, configuration: configuration)
                if create {
                    try migrate(queue)
                } else {
                    let tables = try queue.read { db in
                        try String.fetchAll(
                            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('audit_entry', 'audit_head')")
                    }
                    guard tables.count == 2 else {
                        throw SafeguardError(.invalidData, "not a Safeguard audit log (no audit_entry and audit_head tables)", file: path)
                    }
                }
                return queue
            } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && Date() < deadline
            {
                Thread.sleep(forTimeInterval: Double.random(in: 0.005...0.05))
            }
        }
    }

    /// Brings a log's schema up to date in one exclusive transaction (``SQLiteMigrations``), so processes opening
    /// a new log at the same moment never interleave their migrations.
    static func migrate(_ queue: DatabaseQueue) throws {
        try SQLiteMigrations.migrate(queue, migrations)
    }

    static func timestamp(_ date: Date) -> String { AuditClock.timestamp(date) }

    @discardableResult
    public func append(_ records: [AuditRecord], at date: Date = Date()) throws -> [AuditEntry] {
        guard !records.isEmpty else { return [] }
        let recordedAt = AuditClock.timestamp(date)
        do {
            return try queue.writeWithoutTransaction { db in
                var written: [AuditEntry] = []
                // IMMEDIATE takes the write lock before reading the head, so two appenders never both extend it.
                try db.inTransaction(.immediate) {
                    written = []
                    var sequence: Int64 = 0
                    var previous = AuditEntry.genesisHash
                    if let row = try Row.fetchOne(db, sql: "SELECT sequence, entry_hash FROM audit_head WHERE id = 1") {
                        sequence = row["sequence"]
                        previous = row["entry_hash"]
                    }
                    written.reserveCapacity(records.count)
                    for r in records {
                        sequence += 1
                        let hash = AuditEntry.computeHash(previousHash: previous, recordedAt: recordedAt, record: r)
                        let entry = AuditEntry(
                            sequence: sequence, recordedAt: recordedAt, record: r, previousHash: previous, entryHash: hash)
                        try AuditEntryRow(entry).insert(db)
                        written.append(entry)
                        previous = hash
                    }
                    try db.execute(
                        sql:
                            "INSERT INTO audit_head (id, sequence, entry_hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET sequence = "
                            + "excluded.sequence, entry_hash = excluded.entry_hash",
                        arguments: [sequence, previous])
                    return .commit
                }
                return written
            }
        } catch let error as DatabaseError {
            throw SafeguardError(.cannotWriteOutput, "cannot write the audit log: \(error.message ?? error.description)", file: path)
        }
    }

    public func entries(from: Day? = nil, to: Day? = nil) throws -> [AuditEntry] {
        do {
            return try queue.read { db in
                var sql = "SELECT * FROM audit_entry"
                var arguments: StatementArguments = []
                var clauses: [String] = []
                if let from { clauses.append("substr(recorded_at, 1, 10) >= ?"); arguments += [from.iso] }
                if let to { clauses.append("substr(recorded_at, 1, 10) <= ?"); arguments += [to.iso] }
                if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
                sql += " ORDER BY sequence"
                if try db.columns(in: "audit_entry").contains(where: { $0.name == "format" }) {
                    return try AuditEntryRow.fetchAll(db, sql: sql, arguments: arguments).map(\.entry)
                }
                // A log written before the JSON lists, opened read-only: read the joined strings.
                return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                    guard let record = Self.legacyRecord(row) else {
                        throw SafeguardError(
                            .invalidData, "audit entry \(row["sequence"] as Int64) has reasons that cannot be read back", file: path)
                    }
                    return AuditEntry(
                        sequence: row["sequence"], recordedAt: row["recorded_at"], record: record, previousHash: row["previous_hash"],
                        entryHash: row["entry_hash"], format: 1)
                }
            }
        } catch let error as DatabaseError {
            throw SafeguardError(.invalidData, "cannot read the audit log: \(error.message ?? error.description)", file: path)
        } catch let error as DecodingError {
            throw SafeguardError(.invalidData, "cannot read the audit log (an entry's lists are not valid JSON: \(error))", file: path)
        }
    }

    public func head() throws -> AuditHead? {
        do {
            return try queue.read { db in
                try Row.fetchOne(db, sql: "SELECT sequence, entry_hash FROM audit_head WHERE id = 1").map {
                    AuditHead(sequence: $0["sequence"], entryHash: $0["entry_hash"])
                }
            }
        } catch let error as DatabaseError {
            throw SafeguardError(.invalidData, "cannot read the audit log: \(error.message ?? error.description)", file: path)
        }
    }
}

// MARK: - Test hooks (internal: used by the tamper and crash tests to play the attacker or the crash)

extension SQLiteAuditStore {
    /// Runs raw SQL outside the log writer, as someone editing the file would.
    func tamper(_ sql: String) throws {
        try queue.inDatabase { db in try db.execute(sql: sql) }
    }

    /// Starts writing an entry in a transaction and stops before committing, as a crash would.
    func appendWithoutCommitting(_ record: AuditRecord) throws {
        // A second connection that may leave its transaction open; it is closed (and rolled back) on return.
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let crashing = try DatabaseQueue(path: path, configuration: configuration)
        try crashing.inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            try db.execute(
                sql: """
                    INSERT INTO audit_entry (sequence, recorded_at, request_id, request_digest, received, requesting_state,
                        requested_state, measure, conduct, target_attributes, ruleset_id, ruleset_version, ruleset_digest,
                        outcome, grounds, conditions, reasons, previous_hash, entry_hash)
                    VALUES ((SELECT COALESCE(MAX(sequence), 0) + 1 FROM audit_entry), 'x', ?, '', '', '', '', '', '', '[]',
                        '', '', '', '', '[]', '[]', '[]', '', '')
                    """, arguments: [record.requestID])
            // No COMMIT: the connection is dropped with the transaction open.
        }
    }
}
