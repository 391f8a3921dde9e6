import Foundation
import GRDB
import SafeguardModel

/// What is recorded about one decision (everything here is covered by the entry's hash).
public struct AuditRecord: Sendable, Hashable, Codable {
    public var requestID: String
    public var requestDigest: String
    public var received: String
    public var requestingState: String
    public var requestedState: String
    public var measure: String
    public var conduct: String
    /// Target attributes, sorted, comma-separated.
    public var targetAttributes: String
    public var ruleSetID: String
    public var ruleSetVersion: String
    public var ruleSetDigest: String
    public var outcome: String
    /// Refusal grounds, comma-separated.
    public var grounds: String
    /// Condition ids, comma-separated.
    public var conditions: String
    /// One line per determining rule: `rule|instrument|eId|reason`.
    public var reasons: String

    public init(
        requestID: String, requestDigest: String, received: String, requestingState: String, requestedState: String,
        measure: String, conduct: String, targetAttributes: String, ruleSetID: String, ruleSetVersion: String,
        ruleSetDigest: String, outcome: String, grounds: String, conditions: String, reasons: String
    ) {
        self.requestID = requestID
        self.requestDigest = requestDigest
        self.received = received
        self.requestingState = requestingState
        self.requestedState = requestedState
        self.measure = measure
        self.conduct = conduct
        self.targetAttributes = targetAttributes
        self.ruleSetID = ruleSetID
        self.ruleSetVersion = ruleSetVersion
        self.ruleSetDigest = ruleSetDigest
        self.outcome = outcome
        self.grounds = grounds
        self.conditions = conditions
        self.reasons = reasons
    }

    /// The record of a screened request.
    public init(request: Request, report: DecisionReport) {
        requestID = request.id
        requestDigest = report.requestDigest
        received = request.received.iso
        requestingState = request.requestingState
        requestedState = request.requestedState
        measure = request.measure.rawValue
        conduct = request.conduct
        targetAttributes = report.targetAttributes.joined(separator: ",")
        ruleSetID = report.ruleSet.id
        ruleSetVersion = report.ruleSet.version
        ruleSetDigest = report.ruleSet.digest
        outcome = report.outcome.rawValue
        grounds = report.grounds.joined(separator: ",")
        conditions = report.conditions.map(\.id).joined(separator: ",")
        reasons = report.determiningRules.map {
            "\($0.rule)|\($0.implements?.instrument ?? "")|\($0.implements?.eId ?? "")|\($0.reason)"
        }.joined(separator: "\n")
    }
}

/// One entry of the audit log: a record, when it was written, and its place in the hash chain.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// 1-based position in the log; contiguous.
    public var sequence: Int64
    /// UTC time of writing, ISO 8601 with milliseconds (`2026-11-29T06:10:00.123Z`).
    public var recordedAt: String
    public var record: AuditRecord
    /// The hash of the previous entry (64 zeros for the first).
    public var previousHash: String
    /// SHA-256 over ``previousHash``, ``recordedAt`` and every field of ``record`` (see ``hashInput``).
    public var entryHash: String

    public static let genesisHash = String(repeating: "0", count: 64)

    /// The exact bytes hashed: a versioned, length-prefixed concatenation, so no two field lists collide.
    public static func hashInput(previousHash: String, recordedAt: String, record r: AuditRecord) -> [UInt8] {
        var out: [UInt8] = Array("safeguard.audit/1".utf8)
        for field in [previousHash, recordedAt, r.requestID, r.requestDigest, r.received, r.requestingState, r.requestedState,
                      r.measure, r.conduct, r.targetAttributes, r.ruleSetID, r.ruleSetVersion, r.ruleSetDigest,
                      r.outcome, r.grounds, r.conditions, r.reasons] {
            let bytes = Array(field.utf8)
            out.append(contentsOf: Array(String(bytes.count).utf8))
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: bytes)
        }
        return out
    }

    public static func computeHash(previousHash: String, recordedAt: String, record: AuditRecord) -> String {
        SHA256.hexDigest(hashInput(previousHash: previousHash, recordedAt: recordedAt, record: record))
    }
}

/// One problem `audit verify` found, with where it is.
public struct AuditProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// The entry's content no longer matches its hash.
        case edited
        /// Entries are missing from the sequence.
        case deleted
        /// The entry's chain link points at another entry than the one before it.
        case reordered
        /// The chain link points at no entry in the log.
        case brokenLink = "broken-link"
        /// The log ends before its recorded head (entries removed from the end).
        case truncated
    }

    public var kind: Kind
    /// The sequence number where the problem shows.
    public var sequence: Int64
    public var message: String

    public var description: String { "entry \(sequence): \(kind.rawValue): \(message)" }
}

/// The result of checking a whole log.
public struct AuditVerification: Sendable, Hashable, Codable {
    public var entries: Int
    public var headHash: String
    public var problems: [AuditProblem]
    public var isIntact: Bool { problems.isEmpty }
}

/// Where audit entries are kept. SQLite now; a PostgreSQL store can implement the same protocol.
public protocol AuditStore: Sendable {
    /// Appends records atomically, in order, extending the hash chain: either all are committed or none.
    @discardableResult
    func append(_ records: [AuditRecord], at date: Date) throws -> [AuditEntry]
    /// All entries in sequence order, optionally limited to `recordedAt` days within a range (inclusive).
    func entries(from: Day?, to: Day?) throws -> [AuditEntry]
    /// Recomputes every hash and link.
    func verify() throws -> AuditVerification
}

/// The audit log in a SQLite file (GRDB): WAL journal, `synchronous = FULL`, one transaction per append.
public final class SQLiteAuditStore: AuditStore {
    let queue: DatabaseQueue
    public let path: String

    /// Opens the log at `path`.
    ///
    /// - Parameter create: create the file and tables if missing (for writing). With `false` the log is opened
    ///   read-only and must already be a Safeguard audit log: checking or reporting never modifies a file.
    public init(path: String, create: Bool = true) throws {
        self.path = path
        var configuration = Configuration()
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
            queue = try DatabaseQueue(path: path, configuration: configuration)
            if !create {
                let tables = try queue.read { db in
                    try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('audit_entry', 'audit_head')")
                }
                guard tables.count == 2 else {
                    throw SafeguardError(.invalidData, "not a Safeguard audit log (no audit_entry and audit_head tables)", file: path)
                }
                return
            }
            try queue.write { db in
                try db.execute(sql: """
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
            }
        } catch let error as DatabaseError {
            throw SafeguardError(.invalidData, "cannot open the audit log: \(error.message ?? error.description)", file: path)
        }
    }

    static func timestamp(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let day = Day(daysSinceEpoch: Int32(millis / 86_400_000))
        var rest = millis % 86_400_000
        let h = rest / 3_600_000; rest %= 3_600_000
        let m = rest / 60_000; rest %= 60_000
        let s = rest / 1000
        let ms = rest % 1000
        func pad(_ v: Int64, _ w: Int) -> String { let t = String(v); return String(repeating: "0", count: w - t.count) + t }
        return "\(day.iso)T\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2)).\(pad(ms, 3))Z"
    }

    @discardableResult
    public func append(_ records: [AuditRecord], at date: Date = Date()) throws -> [AuditEntry] {
        guard !records.isEmpty else { return [] }
        let recordedAt = Self.timestamp(date)
        do {
            return try queue.write { db in
                var sequence: Int64 = 0
                var previous = AuditEntry.genesisHash
                if let row = try Row.fetchOne(db, sql: "SELECT sequence, entry_hash FROM audit_head WHERE id = 1") {
                    sequence = row["sequence"]
                    previous = row["entry_hash"]
                }
                var written: [AuditEntry] = []
                written.reserveCapacity(records.count)
                let statement = try db.makeStatement(sql: """
                    INSERT INTO audit_entry (sequence, recorded_at, request_id, request_digest, received, requesting_state,
                        requested_state, measure, conduct, target_attributes, ruleset_id, ruleset_version, ruleset_digest,
                        outcome, grounds, conditions, reasons, previous_hash, entry_hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for r in records {
                    sequence += 1
                    let hash = AuditEntry.computeHash(previousHash: previous, recordedAt: recordedAt, record: r)
                    try statement.execute(arguments: [
                        sequence, recordedAt, r.requestID, r.requestDigest, r.received, r.requestingState, r.requestedState,
                        r.measure, r.conduct, r.targetAttributes, r.ruleSetID, r.ruleSetVersion, r.ruleSetDigest,
                        r.outcome, r.grounds, r.conditions, r.reasons, previous, hash,
                    ])
                    written.append(AuditEntry(sequence: sequence, recordedAt: recordedAt, record: r, previousHash: previous, entryHash: hash))
                    previous = hash
                }
                try db.execute(sql: "INSERT INTO audit_head (id, sequence, entry_hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET sequence = excluded.sequence, entry_hash = excluded.entry_hash", arguments: [sequence, previous])
                return written
            }
        } catch let error as DatabaseError {
            throw SafeguardError(.cannotWriteOutput, "cannot write the audit log: \(error.message ?? error.description)", file: path)
        }
    }

    static func entry(_ row: Row) -> AuditEntry {
        AuditEntry(
            sequence: row["sequence"],
            recordedAt: row["recorded_at"],
            record: AuditRecord(
                requestID: row["request_id"], requestDigest: row["request_digest"], received: row["received"],
                requestingState: row["requesting_state"], requestedState: row["requested_state"], measure: row["measure"],
                conduct: row["conduct"], targetAttributes: row["target_attributes"], ruleSetID: row["ruleset_id"],
                ruleSetVersion: row["ruleset_version"], ruleSetDigest: row["ruleset_digest"], outcome: row["outcome"],
                grounds: row["grounds"], conditions: row["conditions"], reasons: row["reasons"]
            ),
            previousHash: row["previous_hash"],
            entryHash: row["entry_hash"]
        )
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
                return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.entry)
            }
        } catch let error as DatabaseError {
            throw SafeguardError(.invalidData, "cannot read the audit log: \(error.message ?? error.description)", file: path)
        }
    }

    public func verify() throws -> AuditVerification {
        let all = try entries(from: nil, to: nil)
        let head: (Int64, String)? = try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT sequence, entry_hash FROM audit_head WHERE id = 1").map { ($0["sequence"], $0["entry_hash"]) }
        }
        return AuditVerifier.verify(all, head: head)
    }
}

/// Chain checking, shared by every store.
public enum AuditVerifier {
    /// Checks entries (in sequence order) and the recorded head (last sequence and hash), if the store keeps one.
    public static func verify(_ entries: [AuditEntry], head: (Int64, String)?) -> AuditVerification {
        var problems: [AuditProblem] = []
        var hashOwner: [String: Int64] = [:]
        for e in entries { hashOwner[e.entryHash] = e.sequence }
        var expectedSequence: Int64 = 1
        var previousHash = AuditEntry.genesisHash
        for e in entries {
            if AuditEntry.computeHash(previousHash: e.previousHash, recordedAt: e.recordedAt, record: e.record) != e.entryHash {
                problems.append(.init(kind: .edited, sequence: e.sequence, message: "its content does not match its hash (request \(e.record.requestID))"))
            }
            var gap = false
            if e.sequence != expectedSequence {
                gap = true
                if e.sequence > expectedSequence {
                    let range = e.sequence - 1 == expectedSequence ? "\(expectedSequence)" : "\(expectedSequence)–\(e.sequence - 1)"
                    problems.append(.init(kind: .deleted, sequence: e.sequence, message: "entries \(range) are missing before it"))
                } else {
                    problems.append(.init(kind: .reordered, sequence: e.sequence, message: "sequence number out of order"))
                }
            }
            if e.previousHash != previousHash && !gap {
                if let owner = hashOwner[e.previousHash] {
                    problems.append(.init(kind: .reordered, sequence: e.sequence, message: "it was chained after entry \(owner), not after the entry before it"))
                } else if e.previousHash == AuditEntry.genesisHash {
                    problems.append(.init(kind: .reordered, sequence: e.sequence, message: "it was written as the first entry of the log"))
                } else {
                    problems.append(.init(kind: .brokenLink, sequence: e.sequence, message: "its link points at no entry in the log"))
                }
            }
            expectedSequence = e.sequence + 1
            previousHash = e.entryHash
        }
        let lastSequence = entries.last?.sequence ?? 0
        if let (headSequence, headHash) = head {
            if headSequence > lastSequence {
                problems.append(.init(kind: .truncated, sequence: lastSequence + 1, message: "the log ends at entry \(lastSequence) but its head records entry \(headSequence)"))
            } else if headSequence == lastSequence, headHash != previousHash {
                problems.append(.init(kind: .edited, sequence: lastSequence, message: "the last entry's hash differs from the recorded head"))
            } else if headSequence < lastSequence {
                problems.append(.init(kind: .brokenLink, sequence: headSequence + 1, message: "entries after the recorded head (\(headSequence)) were added outside the log writer"))
            }
        } else if !entries.isEmpty {
            problems.append(.init(kind: .truncated, sequence: 1, message: "the log has entries but no recorded head"))
        }
        return AuditVerification(entries: entries.count, headHash: previousHash, problems: problems)
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
            try db.execute(sql: """
                INSERT INTO audit_entry (sequence, recorded_at, request_id, request_digest, received, requesting_state,
                    requested_state, measure, conduct, target_attributes, ruleset_id, ruleset_version, ruleset_digest,
                    outcome, grounds, conditions, reasons, previous_hash, entry_hash)
                VALUES ((SELECT COALESCE(MAX(sequence), 0) + 1 FROM audit_entry), 'x', ?, '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '')
                """, arguments: [record.requestID])
            // No COMMIT: the connection is dropped with the transaction open.
        }
    }
}
