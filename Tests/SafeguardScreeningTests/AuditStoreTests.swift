import Foundation
import GRDB
import SafeguardModel
@testable import SafeguardAuditPostgres
@testable import SafeguardScreening
import Testing
import PostgresNIO

/// The PostgreSQL server the tests use: `SAFEGUARD_TEST_POSTGRES_URL` (scripts/test-postgres starts a
/// throwaway one for `make test` and CI).
enum PostgresTestServer {
    static let url: String? = {
        let value = ProcessInfo.processInfo.environment["SAFEGUARD_TEST_POSTGRES_URL"] ?? ""
        return value.isEmpty ? nil : value
    }()

    static var available: Bool { url != nil }

    /// A new, empty database on the test server; its URL.
    static func freshDatabase() throws -> String {
        let name = "sg_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20))"
        try PostgresAuditStore.createDatabase(serverURL: url!, name: name)
        var components = URLComponents(string: url!)!
        components.path = "/" + name
        return components.string!
    }
}

enum StoreKind: String, Sendable { case sqlite, postgres }

/// A log under test: the store, a way to open another connection to the same log (as another process would),
/// and the attacker's raw SQL.
struct LogUnderTest {
    var kind: StoreKind
    var location: String
    var store: any AuditStore

    init(_ kind: StoreKind) throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            location = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).sqlite").path
        case .postgres:
            location = try PostgresTestServer.freshDatabase()
        }
        store = try Self.open(kind, location)
    }

    static func open(_ kind: StoreKind, _ location: String) throws -> any AuditStore {
        switch kind {
        case .sqlite: try SQLiteAuditStore(path: location)
        case .postgres: try PostgresAuditStore(url: location)
        }
    }

    /// Another connection to the same log.
    func reopen() throws -> any AuditStore { try Self.open(kind, location) }

    /// Raw SQL, outside the log writer (the statements are plain SQL both databases accept).
    func tamper(_ statements: String...) throws {
        switch kind {
        case .sqlite: for sql in statements { try (store as! SQLiteAuditStore).tamper(sql) }
        case .postgres: try (store as! PostgresAuditStore).tamper(statements)
        }
    }
}

/// The tests every store must pass, run by one suite per store.
enum AuditStoreContract {
    static let engine = try! Fixtures.engine("recommended-safeguards")
    static let signer = try! CheckpointSigner(name: "test.example/screening-log")
    static let day1 = Date(timeIntervalSince1970: 1_780_000_000)

    static func records(_ count: Int, prefix: String = "a") throws -> [AuditRecord] {
        try (0..<count).map { i in
            let request = try Fixtures.request(
                [
                    "id": .string("\(prefix)-\(i)"), "measure": .string(i % 2 == 0 ? "stored-content" : "traffic-data"),
                ], engine: engine)
            return AuditRecord(request: request, report: engine.screen(request))
        }
    }

    /// A log of 6 entries written in two appends on two days.
    static func makeLog(_ kind: StoreKind) throws -> LogUnderTest {
        let log = try LogUnderTest(kind)
        let rs = try records(6)
        try log.store.append(Array(rs[0..<3]), at: day1)
        try log.store.append(Array(rs[3...]), at: day1.addingTimeInterval(86_400))
        return log
    }

    /// A signed checkpoint of the log as it is, opened again as a verifier would.
    static func checkpoint(_ store: any AuditStore) throws -> Checkpoint {
        try Checkpoint.open(try store.checkpoint(signer: signer), verifier: signer.verifier)
    }

    static func intactLogVerifies(_ kind: StoreKind) throws {
        let log = try makeLog(kind)
        let result = try log.store.verify()
        #expect(result.isIntact)
        #expect(result.entries == 6)
        let entries = try log.store.entries(from: nil, to: nil)
        #expect(entries.map(\.sequence) == [1, 2, 3, 4, 5, 6])
        #expect(entries[0].previousHash == AuditEntry.genesisHash)
        #expect(entries[1].previousHash == entries[0].entryHash)
        #expect(entries.allSatisfy { $0.format == 2 })
        #expect(result.headHash == entries[5].entryHash)
        #expect(result.rootHash == Data(MerkleTree(leafHashes: entries.map(\.leafHash)).root()).base64EncodedString())
        // Lists come back as lists, reasons with their article.
        #expect(entries[0].record.reasons.first?.instrument == "model-convention-rev2")
        #expect(try log.store.head() == AuditHead(sequence: 6, entryHash: entries[5].entryHash))
    }

    static func editIsCaught(_ kind: StoreKind) throws {
        let log = try makeLog(kind)
        let signed = try checkpoint(log.store)
        try log.tamper("UPDATE audit_entry SET outcome = 'execute' WHERE sequence = 4")
        let result = try log.store.verify(against: signed)
        #expect(result.problems.map(\.kind) == [.edited, .rewritten])
        #expect(result.problems[0].sequence == 4)
    }

    static func editWithRecomputedHashBreaksTheNextLink(_ kind: StoreKind) throws {
        let log = try makeLog(kind)
        let entries = try log.store.entries(from: nil, to: nil)
        var record = entries[2].record
        record.outcome = "execute"
        let forged = AuditEntry.computeHash(previousHash: entries[2].previousHash, recordedAt: entries[2].recordedAt, record: record)
        try log.tamper("UPDATE audit_entry SET outcome = 'execute', entry_hash = '\(forged)' WHERE sequence = 3")
        let result = try log.store.verify()
        #expect(result.problems.map(\.kind) == [.brokenLink])
        #expect(result.problems[0].sequence == 4)
    }

    static func deleteIsCaught(_ kind: StoreKind) throws {
        let log = try makeLog(kind)
        let signed = try checkpoint(log.store)
        try log.tamper("DELETE FROM audit_entry WHERE sequence = 2")
        let result = try log.store.verify(against: signed)
        #expect(result.problems.map(\.kind) == [.deleted, .truncated])
        #expect(result.problems[0].sequence == 3)
        #expect(result.problems[0].message == "entries 2 are missing before it")
    }

    static func reorderIsCaught(_ kind: StoreKind) throws {
        let log = try makeLog(kind)
        let signed = try checkpoint(log.store)
        try log.tamper(
            "UPDATE audit_entry SET sequence = 100 WHERE sequence = 2",
            "UPDATE audit_entry SET sequence = 2 WHERE sequence = 3",
            "UPDATE audit_entry SET sequence = 3 WHERE sequence = 100"
        )
        let result = try log.store.verify(against: signed)
        #expect(result.problems.filter { $0.kind == .reordered }.map(\.sequence) == [2, 3, 4])
        #expect(result.problems.last?.kind == .rewritten)
        #expect(result.problems[0].message == "it was chained after entry 3, not after the entry before it")
    }

    /// The first hole of the hash chain: cut the tail and move the head back. The chain alone says intact;
    /// the signed checkpoint does not.
    static func truncationWithHeadRewrittenIsCaughtByTheCheckpoint(_ kind: StoreKind) throws {
        let log = try makeLog(kind)
        let signed = try checkpoint(log.store)
        try log.tamper(
            "DELETE FROM audit_entry WHERE sequence >= 5",
            "UPDATE audit_head SET sequence = 4, entry_hash = (SELECT entry_hash FROM audit_entry WHERE sequence = 4)"
        )
        #expect(try log.store.verify().isIntact)  // the hole: the chain cannot see it
        let result = try log.store.verify(against: signed)
        #expect(result.problems.map(\.kind) == [.truncated])
        #expect(result.problems[0].sequence == 5)
        #expect(result.checkpoint?.consistent == false)
    }

    /// The second hole: rewrite the whole log with a consistent chain (one decision changed).
    static func fullRewriteIsCaughtByTheCheckpoint(_ kind: StoreKind) throws {
        let log = try makeLog(kind)
        let signed = try checkpoint(log.store)
        var rs = try log.store.entries(from: nil, to: nil).map(\.record)
        rs[2].outcome = "execute"
        rs[2].grounds = []
        let forged = try LogUnderTest(kind)
        try forged.store.append(Array(rs[0..<3]), at: day1)
        try forged.store.append(Array(rs[3...]), at: day1.addingTimeInterval(86_400))
        #expect(try forged.store.verify().isIntact)  // the hole: a rebuilt chain is consistent in itself
        let result = try forged.store.verify(against: signed)
        #expect(result.problems.map(\.kind) == [.rewritten])
        #expect(result.checkpoint?.consistent == false)
        // Also when the forger appends more entries afterwards.
        try forged.store.append(try records(3, prefix: "later"), at: day1.addingTimeInterval(2 * 86_400))
        #expect(try forged.store.verify(against: signed).problems.map(\.kind) == [.rewritten])
    }

    static func growthAfterACheckpointIsConsistent(_ kind: StoreKind) throws {
        let log = try makeLog(kind)
        let signed = try checkpoint(log.store)
        try log.store.append(try records(5, prefix: "later"), at: day1.addingTimeInterval(2 * 86_400))
        let result = try log.store.verify(against: signed)
        #expect(result.isIntact)
        #expect(result.entries == 11)
        #expect(result.checkpoint?.consistent == true)
        #expect(result.checkpoint?.size == 6)
        #expect(result.checkpoint?.consistencyProof.isEmpty == false)
        // The consistency proof between two signed checkpoints checks without the log.
        let newer = try log.store.checkpoint(signer: signer)
        var proof = try log.store.consistencyProof(from: signed.size)
        let oldNote = try Checkpoint(origin: signed.origin, size: signed.size, rootHash: signed.rootHash, extensions: signed.extensions)
            .signed(by: signer)
        proof.oldCheckpoint = oldNote
        proof.newCheckpoint = newer
        let decoded = try JSONDecoder().decode(AuditConsistencyProof.self, from: try JSONEncoder().encode(proof))
        let (a, b) = try decoded.verify(verifier: signer.verifier)
        #expect((a.size, b.size) == (6, 11))
    }

    /// A requesting state checks that its decision was logged with the public key, the entry and the proof.
    static func inclusionProofChecksWithThePublicKeyAlone(_ kind: StoreKind) throws {
        let log = try makeLog(kind)
        let note = try log.store.checkpoint(signer: signer)
        var proof = try log.store.inclusionProof(sequence: 4, treeSize: 6)
        proof.checkpoint = note
        let json = try JSONEncoder().encode(proof)
        // Everything below uses only the JSON and the public key text: no store.
        let publicKey = try CheckpointVerifier(text: signer.verifier.text)
        let received = try JSONDecoder().decode(AuditInclusionProof.self, from: json)
        let signed = try received.verify(verifier: publicKey)
        #expect(signed.size == 6)
        #expect(received.entry.record.requestID == "a-3")
        // An altered entry, a proof for another entry, another key: each fails.
        var altered = received
        altered.entry.record.outcome = "execute"
        #expect(throws: SafeguardError.self) { try altered.verify(verifier: publicKey) }
        var shifted = received
        shifted.entry = try log.store.entries(from: nil, to: nil)[4]
        #expect(throws: SafeguardError.self) { try shifted.verify(verifier: publicKey) }
        let stranger = try CheckpointSigner(name: signer.name).verifier
        #expect(throws: SafeguardError.self) { try received.verify(verifier: stranger) }
        // A proof against a later checkpoint of the grown log still verifies.
        try log.store.append(try records(7, prefix: "later"), at: day1.addingTimeInterval(2 * 86_400))
        var later = try log.store.inclusionProof(sequence: 4)
        later.checkpoint = try log.store.checkpoint(signer: signer)
        #expect(try later.verify(verifier: publicKey).size == 13)
    }

    /// Several connections (as several processes have) append at once: one chain, no gaps, no fork.
    static func concurrentAppendersKeepOneChain(_ kind: StoreKind) throws {
        let log = try makeLog(kind)
        let writers = 4, appends = 40
        let batch = try records(2, prefix: "c")
        let stores = try (0..<writers).map { _ in try log.reopen() }
        let failures = Failures()
        // Plain threads (not the cooperative pool), so all writers really run at once.
        DispatchQueue.concurrentPerform(iterations: writers) { w in
            for _ in 0..<appends {
                do { try stores[w].append(batch, at: Date()) } catch { failures.add("\(error)") }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(3))")
        let result = try log.store.verify()
        #expect(result.isIntact, "\(result.problems)")
        #expect(result.entries == 6 + writers * appends * 2)
    }

    static func entriesFilterByDecisionDay(_ kind: StoreKind) throws {
        let log = try makeLog(kind)
        let first = try log.store.entries(from: nil, to: nil)[0].recordedAt
        let day = Day(iso: String(first.prefix(10)))!
        #expect(try log.store.entries(from: day, to: day).count == 3)
        #expect(try log.store.entries(from: Day(daysSinceEpoch: day.daysSinceEpoch + 1), to: nil).count == 3)
    }

    static func checkpointOfABrokenLogIsRefused(_ kind: StoreKind) throws {
        let log = try makeLog(kind)
        try log.tamper("UPDATE audit_entry SET outcome = 'execute' WHERE sequence = 2")
        #expect(throws: SafeguardError.self) { try log.store.checkpoint(signer: signer) }
        #expect(throws: SafeguardError.self) { try log.store.inclusionProof(sequence: 9) }
    }
}

final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}

@Suite struct SQLiteAuditStoreTests {
    @Test func intactLogVerifies() throws { try AuditStoreContract.intactLogVerifies(.sqlite) }
    @Test func editIsCaught() throws { try AuditStoreContract.editIsCaught(.sqlite) }
    @Test func editWithRecomputedHashBreaksTheNextLink() throws { try AuditStoreContract.editWithRecomputedHashBreaksTheNextLink(.sqlite) }
    @Test func deleteIsCaught() throws { try AuditStoreContract.deleteIsCaught(.sqlite) }
    @Test func reorderIsCaught() throws { try AuditStoreContract.reorderIsCaught(.sqlite) }
    @Test func truncationWithHeadRewrittenIsCaughtByTheCheckpoint() throws {
        try AuditStoreContract.truncationWithHeadRewrittenIsCaughtByTheCheckpoint(.sqlite)
    }
    @Test func fullRewriteIsCaughtByTheCheckpoint() throws { try AuditStoreContract.fullRewriteIsCaughtByTheCheckpoint(.sqlite) }
    @Test func growthAfterACheckpointIsConsistent() throws { try AuditStoreContract.growthAfterACheckpointIsConsistent(.sqlite) }
    @Test func inclusionProofChecksWithThePublicKeyAlone() throws {
        try AuditStoreContract.inclusionProofChecksWithThePublicKeyAlone(.sqlite)
    }
    @Test func concurrentAppendersKeepOneChain() throws { try AuditStoreContract.concurrentAppendersKeepOneChain(.sqlite) }
    @Test func entriesFilterByDecisionDay() throws { try AuditStoreContract.entriesFilterByDecisionDay(.sqlite) }
    @Test func checkpointOfABrokenLogIsRefused() throws { try AuditStoreContract.checkpointOfABrokenLogIsRefused(.sqlite) }
}

@Suite(
    .enabled(
        if: PostgresTestServer.available,
        "SAFEGUARD_TEST_POSTGRES_URL is not set: the PostgreSQL audit store was NOT tested (make test starts a server)"))
struct PostgresAuditStoreTests {
    @Test func intactLogVerifies() throws { try AuditStoreContract.intactLogVerifies(.postgres) }
    @Test func editIsCaught() throws { try AuditStoreContract.editIsCaught(.postgres) }
    @Test func editWithRecomputedHashBreaksTheNextLink() throws {
        try AuditStoreContract.editWithRecomputedHashBreaksTheNextLink(.postgres)
    }
    @Test func deleteIsCaught() throws { try AuditStoreContract.deleteIsCaught(.postgres) }
    @Test func reorderIsCaught() throws { try AuditStoreContract.reorderIsCaught(.postgres) }
    @Test func truncationWithHeadRewrittenIsCaughtByTheCheckpoint() throws {
        try AuditStoreContract.truncationWithHeadRewrittenIsCaughtByTheCheckpoint(.postgres)
    }
    @Test func fullRewriteIsCaughtByTheCheckpoint() throws { try AuditStoreContract.fullRewriteIsCaughtByTheCheckpoint(.postgres) }
    @Test func growthAfterACheckpointIsConsistent() throws { try AuditStoreContract.growthAfterACheckpointIsConsistent(.postgres) }
    @Test func inclusionProofChecksWithThePublicKeyAlone() throws {
        try AuditStoreContract.inclusionProofChecksWithThePublicKeyAlone(.postgres)
    }
    @Test func concurrentAppendersKeepOneChain() throws { try AuditStoreContract.concurrentAppendersKeepOneChain(.postgres) }
    @Test func entriesFilterByDecisionDay() throws { try AuditStoreContract.entriesFilterByDecisionDay(.postgres) }
    @Test func checkpointOfABrokenLogIsRefused() throws { try AuditStoreContract.checkpointOfABrokenLogIsRefused(.postgres) }

    @Test func jsonListsAreJSONB() throws {
        let log = try AuditStoreContract.makeLog(.postgres)
        let store = log.store as! PostgresAuditStore
        let rows = try store.run("SELECT jsonb_typeof(target_attributes) FROM audit_entry WHERE sequence = 1")
        #expect(try rows.first?.decode(String.self) == "array")
    }
}

@Suite struct PostgresAvailabilityTests {
    /// In CI the PostgreSQL store must be tested, never skipped.
    @Test func postgresIsTestedInCI() {
        let ci = ProcessInfo.processInfo.environment["CI"] ?? ""
        if !ci.isEmpty && ci != "false" {
            #expect(PostgresTestServer.available, "CI must run the PostgreSQL audit-store tests: SAFEGUARD_TEST_POSTGRES_URL is not set")
        }
    }
}

@Suite struct SQLiteAuditStoreSpecificTests {
    func path() -> String { FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).sqlite").path }

    @Test func durabilitySettingsAreWALAndFullSync() throws {
        let store = try SQLiteAuditStore(path: path())
        let (mode, sync) = try store.queue.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(mode == "wal")
        #expect(sync == 2)  // FULL
    }

    @Test func listsAreStoredAsJSON() throws {
        let log = try AuditStoreContract.makeLog(.sqlite)
        let store = log.store as! SQLiteAuditStore
        let (attributes, reasons) = try store.queue.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT target_attributes, reasons FROM audit_entry WHERE sequence = 1")!
            return (row["target_attributes"] as String, row["reasons"] as String)
        }
        #expect(try JSONDecoder().decode([String].self, from: Data(attributes.utf8)) == ["suspect"])
        #expect(try JSONDecoder().decode([AuditReason].self, from: Data(reasons.utf8)).isEmpty == false)
    }

    @Test func uncommittedWriteLeavesNoHalfEntryAndLosesNothing() throws {
        let log = try AuditStoreContract.makeLog(.sqlite)
        let store = log.store as! SQLiteAuditStore
        let before = try store.entries(from: nil, to: nil)
        let record = try AuditStoreContract.records(1, prefix: "crash")[0]
        try store.appendWithoutCommitting(record)
        let reopened = try SQLiteAuditStore(path: log.location)
        #expect(try reopened.entries(from: nil, to: nil) == before)
        #expect(try reopened.verify().isIntact)
        try reopened.append([record], at: Date())
        #expect(try reopened.verify().entries == 7)
        #expect(try reopened.verify().isIntact)
    }

    @Test func rowSmuggledInOutsideTheWriterIsRejected() throws {
        let log = try AuditStoreContract.makeLog(.sqlite)
        let last = try log.store.entries(from: nil, to: nil).last!
        try log.tamper(
            """
            INSERT INTO audit_entry SELECT 7, recorded_at, 'smuggled', request_digest, received, requesting_state, requested_state,
                measure, conduct, target_attributes, ruleset_id, ruleset_version, ruleset_digest, outcome, grounds, conditions,
                reasons, '\(last.entryHash)', entry_hash, format FROM audit_entry WHERE sequence = 6
            """)
        let result = try log.store.verify()
        #expect(result.problems.contains { $0.kind == .edited && $0.sequence == 7 })
        #expect(result.problems.contains { $0.kind == .brokenLink && $0.sequence == 7 })
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(AuditClock.timestamp(Date(timeIntervalSince1970: 1_780_000_000.25)) == "2026-05-28T20:26:40.250Z")
    }

    /// A log written by the hash-chain version (joined strings, no migrations table) keeps opening: read-only
    /// it is read as it is; opened for writing it is migrated to JSON lists with every hash unchanged.
    @Test func aLogFromBeforeTheMigratorKeepsWorking() throws {
        let p = path()
        let legacy = try DatabaseQueue(path: p)
        let reasons =
            "expression-offence|model-convention-rev2|art_5__para_2|The conduct is expression.\nsecond line of that "
                + "reason\npersecution-of-protected-target|model-convention-rev2|art_5__para_3|Protected target."
        let record = AuditRecord.legacy(
            requestID: "old-1", requestDigest: "d", received: "2026-01-01", requestingState: "NORLAND", requestedState: "KARVIA",
            measure: "stored-content", conduct: "defamation", targetAttributes: "journalist,suspect", ruleSetID: "recommended-safeguards",
            ruleSetVersion: "1.0.0", ruleSetDigest: "x", outcome: "refuse", grounds: "expression-offence,persecution", conditions: "",
            reasons: reasons
        )!
        #expect(record.reasons.count == 2)
        #expect(record.reasons[0].reason == "The conduct is expression.\nsecond line of that reason")
        let hash1 = AuditEntry.computeHash(
            previousHash: AuditEntry.genesisHash, recordedAt: "2026-01-01T00:00:00.000Z", record: record, format: 1)
        try legacy.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE audit_entry (sequence INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, request_id TEXT NOT NULL,
                        request_digest TEXT NOT NULL, received TEXT NOT NULL, requesting_state TEXT NOT NULL, requested_state TEXT NOT NULL,
                        measure TEXT NOT NULL, conduct TEXT NOT NULL, target_attributes TEXT NOT NULL, ruleset_id TEXT NOT NULL,
                        ruleset_version TEXT NOT NULL, ruleset_digest TEXT NOT NULL, outcome TEXT NOT NULL, grounds TEXT NOT NULL,
                        conditions TEXT NOT NULL, reasons TEXT NOT NULL, previous_hash TEXT NOT NULL, entry_hash TEXT NOT NULL);
                    CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), sequence INTEGER NOT NULL, entry_hash TEXT NOT NULL);
                    """)
            try db.execute(
                sql:
                    "INSERT INTO audit_entry VALUES (1, '2026-01-01T00:00:00.000Z', 'old-1', 'd', '2026-01-01', 'NORLAND', 'KARVIA', "
                        + "'stored-content', 'defamation', 'journalist,suspect', 'recommended-safeguards', '1.0.0', 'x', 'refuse', "
                            + "'expression-offence,persecution', '', ?, ?, ?)",
                arguments: [reasons, AuditEntry.genesisHash, hash1])
            try db.execute(sql: "INSERT INTO audit_head VALUES (1, 1, ?)", arguments: [hash1])
        }
        try legacy.close()
        // Read-only: read as it is, nothing changes.
        let readOnly = try SQLiteAuditStore(path: p, create: false)
        #expect(try readOnly.verify().isIntact)
        #expect(try readOnly.entries(from: nil, to: nil)[0].format == 1)
        #expect(try readOnly.entries(from: nil, to: nil)[0].record.grounds == ["expression-offence", "persecution"])
        // For writing: migrated; old entry keeps its hash and format; new entries use format 2.
        let store = try SQLiteAuditStore(path: p)
        #expect(try store.verify().isIntact)
        try store.append(try AuditStoreContract.records(2), at: Date())
        let entries = try store.entries(from: nil, to: nil)
        #expect(entries.map(\.format) == [1, 2, 2])
        #expect(entries[0].entryHash == hash1)
        #expect(entries[0].record.reasons == record.reasons)
        #expect(try store.verify().isIntact)
        let grounds = try store.queue.read { try String.fetchOne($0, sql: "SELECT grounds FROM audit_entry WHERE sequence = 1") }
        #expect(grounds == "[\"expression-offence\",\"persecution\"]")
        // Opening again does not migrate twice.
        #expect(try SQLiteAuditStore(path: p).verify().entries == 3)
    }

    @Test func checkingNeverCreatesOrModifiesAFile() throws {
        let missing = path()
        #expect(throws: SafeguardError(.inputNotFound, "no such audit log", file: missing)) {
            try SQLiteAuditStore(path: missing, create: false)
        }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func aFileThatIsNotALogIsRefused() throws {
        let garbage = path()
        try Data("this is not a database, just text".utf8).write(to: URL(fileURLWithPath: garbage))
        for create in [false, true] {
            do {
                _ = try SQLiteAuditStore(path: garbage, create: create)
                Issue.record("opened a text file as an audit log")
            } catch let error as SafeguardError {
                #expect(error.kind == .invalidData)
            }
        }
        let other = path()
        let store = try SQLiteAuditStore(path: other)
        try store.tamper("DROP TABLE audit_head")
        #expect(throws: SafeguardError.self) { try SQLiteAuditStore(path: other, create: false) }
    }
}
