import Foundation
import SafeguardModel
@testable import SafeguardScreening
import Testing

@Suite struct AuditTests {
    let engine = try! Fixtures.engine("recommended-safeguards")

    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).sqlite").path
    }

    /// A log of `count` entries written in two appends.
    func makeLog(_ count: Int = 6) throws -> (SQLiteAuditStore, String) {
        let path = temporaryPath()
        let store = try SQLiteAuditStore(path: path)
        var records: [AuditRecord] = []
        for i in 0..<count {
            let request = try Fixtures.request(["id": .string("a-\(i)"), "measure": .string(i % 2 == 0 ? "stored-content" : "traffic-data")], engine: engine)
            records.append(AuditRecord(request: request, report: engine.screen(request)))
        }
        let date = Date(timeIntervalSince1970: 1_780_000_000)
        try store.append(Array(records[0..<(count / 2)]), at: date)
        try store.append(Array(records[(count / 2)...]), at: date.addingTimeInterval(86_400))
        return (store, path)
    }

    @Test func intactLogVerifies() throws {
        let (store, _) = try makeLog()
        let result = try store.verify()
        #expect(result.isIntact)
        #expect(result.entries == 6)
        let entries = try store.entries(from: nil, to: nil)
        #expect(entries.map(\.sequence) == [1, 2, 3, 4, 5, 6])
        #expect(entries[0].previousHash == AuditEntry.genesisHash)
        #expect(entries[1].previousHash == entries[0].entryHash)
        #expect(result.headHash == entries[5].entryHash)
    }

    @Test func durabilitySettingsAreWALAndFullSync() throws {
        let (store, _) = try makeLog(1)
        let (mode, sync) = try store.queue.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(mode == "wal")
        #expect(sync == 2)  // FULL
    }

    @Test func editedEntryIsFoundWhereItIs() throws {
        let (store, _) = try makeLog()
        try store.tamper("UPDATE audit_entry SET outcome = 'execute' WHERE sequence = 4")
        let result = try store.verify()
        #expect(!result.isIntact)
        #expect(result.problems.map(\.kind) == [.edited])
        #expect(result.problems[0].sequence == 4)
    }

    @Test func editedEntryWithRecomputedHashBreaksTheNextLink() throws {
        // An attacker who recomputes the edited entry's own hash still breaks the link from entry 4.
        let (store, _) = try makeLog()
        let entries = try store.entries(from: nil, to: nil)
        var record = entries[2].record
        record.outcome = "execute"
        let forged = AuditEntry.computeHash(previousHash: entries[2].previousHash, recordedAt: entries[2].recordedAt, record: record)
        try store.tamper("UPDATE audit_entry SET outcome = 'execute', entry_hash = '\(forged)' WHERE sequence = 3")
        let result = try store.verify()
        #expect(result.problems.map(\.kind) == [.brokenLink])
        #expect(result.problems[0].sequence == 4)
    }

    @Test func deletedEntryIsFound() throws {
        let (store, _) = try makeLog()
        try store.tamper("DELETE FROM audit_entry WHERE sequence = 2")
        let result = try store.verify()
        #expect(result.problems.map(\.kind) == [.deleted])
        #expect(result.problems[0].sequence == 3)
        #expect(result.problems[0].message == "entries 2 are missing before it")
    }

    @Test func deletedTailIsFoundThroughTheHead() throws {
        let (store, _) = try makeLog()
        try store.tamper("DELETE FROM audit_entry WHERE sequence >= 5")
        let result = try store.verify()
        #expect(result.problems.map(\.kind) == [.truncated])
        #expect(result.problems[0].sequence == 5)
    }

    @Test func reorderedEntriesAreFound() throws {
        let (store, _) = try makeLog()
        try store.tamper("""
            UPDATE audit_entry SET sequence = 100 WHERE sequence = 2;
            UPDATE audit_entry SET sequence = 2 WHERE sequence = 3;
            UPDATE audit_entry SET sequence = 3 WHERE sequence = 100;
            """)
        let result = try store.verify()
        #expect(!result.isIntact)
        #expect(result.problems.allSatisfy { $0.kind == .reordered })
        #expect(result.problems.map(\.sequence) == [2, 3, 4])
        #expect(result.problems[0].message == "it was chained after entry 3, not after the entry before it")
    }

    @Test func uncommittedWriteLeavesNoHalfEntryAndLosesNothing() throws {
        let (store, path) = try makeLog()
        let before = try store.entries(from: nil, to: nil)
        let request = try Fixtures.request(["id": .string("crash")], engine: engine)
        try store.appendWithoutCommitting(AuditRecord(request: request, report: engine.screen(request)))
        // Reopen as a new process would after the crash.
        let reopened = try SQLiteAuditStore(path: path)
        #expect(try reopened.entries(from: nil, to: nil) == before)
        #expect(try reopened.verify().isIntact)
        // The log keeps working after the failed write.
        try reopened.append([AuditRecord(request: request, report: engine.screen(request))], at: Date())
        #expect(try reopened.verify().entries == 7)
        #expect(try reopened.verify().isIntact)
    }

    @Test func rowSmuggledInOutsideTheWriterIsRejected() throws {
        let (store, _) = try makeLog()
        let last = try store.entries(from: nil, to: nil).last!
        try store.tamper("""
            INSERT INTO audit_entry SELECT 7, recorded_at, 'smuggled', request_digest, received, requesting_state, requested_state,
                measure, conduct, target_attributes, ruleset_id, ruleset_version, ruleset_digest, outcome, grounds, conditions,
                reasons, '\(last.entryHash)', entry_hash FROM audit_entry WHERE sequence = 6
            """)
        let result = try store.verify()
        #expect(result.problems.contains { $0.kind == .edited && $0.sequence == 7 })
        #expect(result.problems.contains { $0.kind == .brokenLink && $0.sequence == 7 })
    }

    @Test func entriesFilterByDecisionDay() throws {
        let (store, _) = try makeLog()
        let first = try store.entries(from: nil, to: nil)[0].recordedAt
        let day = Day(iso: String(first.prefix(10)))!
        #expect(try store.entries(from: day, to: day).count == 3)
        #expect(try store.entries(from: Day(daysSinceEpoch: day.daysSinceEpoch + 1), to: nil).count == 3)
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(SQLiteAuditStore.timestamp(Date(timeIntervalSince1970: 1_780_000_000.25)) == "2026-05-28T20:26:40.250Z")
    }
}

@Suite struct TransparencyTests {
    func entry(_ state: String, _ measure: String, _ outcome: String, _ grounds: String) -> AuditEntry {
        AuditEntry(sequence: 1, recordedAt: "2026-05-01T00:00:00.000Z", record: AuditRecord(
            requestID: "r", requestDigest: "", received: "2026-05-01", requestingState: state, requestedState: "KARVIA",
            measure: measure, conduct: "defamation", targetAttributes: "", ruleSetID: "rs", ruleSetVersion: "1",
            ruleSetDigest: "", outcome: outcome, grounds: grounds, conditions: "", reasons: ""
        ), previousHash: "", entryHash: "")
    }

    var report: TransparencyReport {
        TransparencyReport(entries: [
            entry("NORLAND", "stored-content", "refuse", "expression-offence,persecution"),
            entry("NORLAND", "stored-content", "refuse", "expression-offence"),
            entry("NORLAND", "traffic-data", "execute", ""),
            entry("VESTERIA", "stored-content", "needs-review", ""),
        ], from: Day(iso: "2026-05-01"), to: Day(iso: "2026-05-31"))
    }

    @Test func aggregatesPerStateMeasureOutcomeAndGround() {
        let r = report
        #expect(r.decisions == 4)
        #expect(r.byRequestingState == [
            .init(key: "NORLAND", total: 3, execute: 1, executeWithConditions: 0, refuse: 2, needsReview: 0),
            .init(key: "VESTERIA", total: 1, execute: 0, executeWithConditions: 0, refuse: 0, needsReview: 1),
        ])
        #expect(r.byMeasure.map(\.key) == ["traffic-data", "stored-content"])  // measure order, not alphabetical
        #expect(r.grounds == ["expression-offence": 2, "persecution": 1])
    }

    @Test func csvHasOneRowPerStateMeasureOutcomeGround() {
        let lines = report.csv().split(separator: "\r\n").map(String.init)
        #expect(lines[0] == "requesting_state,measure,outcome,ground,count")
        #expect(lines.contains("NORLAND,stored-content,refuse,expression-offence,2"))
        #expect(lines.contains("NORLAND,stored-content,refuse,persecution,1"))
        #expect(lines.contains("NORLAND,traffic-data,execute,,1"))
        #expect(lines.count == 5)
    }

    @Test func htmlIsSelfContainedWithSVGCharts() {
        let html = report.html()
        #expect(html.contains("<svg"))
        #expect(html.components(separatedBy: "<rect").count - 1 == 6)  // states: 2 + 1 bars segments; measures: 1 + 2
        #expect(!html.contains("<script"))
        #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))
    }
}

@Suite struct CitationCheckTests {
    /// A tiny hand-built instrument: article 41 without paragraphs, and article 36 with paragraph 1.
    static var instrument: Instrument {
        let text = "Article 41\nInterception\nStates Parties shall endeavour to assist one another.\nArticle 36\n1. States Parties shall afford one another the widest measure of mutual legal assistance.\n"
        func span(_ s: String) -> TextSpan {
            let r = text.range(of: s)!
            return TextSpan(start: text.utf8.distance(from: text.startIndex, to: r.lowerBound), end: text.utf8.distance(from: text.startIndex, to: r.upperBound))
        }
        let art41 = "Article 41\nInterception\nStates Parties shall endeavour to assist one another."
        let para = "1. States Parties shall afford one another the widest measure of mutual legal assistance."
        return Instrument(
            metadata: InstrumentMetadata(title: "Test"),
            text: text,
            provisions: [
                Provision(eId: "art_41", kind: .article, num: "Article 41", heading: "Interception", span: span(art41), textSpan: span("States Parties shall endeavour to assist one another.")),
                Provision(eId: "art_36", kind: .article, num: "Article 36", childIndices: [2], span: span("Article 36\n" + para), textSpan: TextSpan(start: 0, end: 0)),
                Provision(eId: "art_36__para_1", kind: .paragraph, num: "1.", parentIndex: 1, parentEId: "art_36", span: span(para), textSpan: span(para), depth: 1),
            ]
        )
    }

    @Test func existingCitationsAreQuotedAndMissingOnesListed() throws {
        let set = try ScreeningResources.ruleSet("model-convention-rev2")
        let check = CitationCheck.check(set, against: Self.instrument)
        #expect(check.quotes["art_36__para_1"] == "1. States Parties shall afford one another the widest measure of mutual legal assistance.")
        // A provision without children is quoted by its own words, without number and heading.
        #expect(check.quotes["art_41"] == "States Parties shall endeavour to assist one another.")
        #expect(check.missing.contains { $0.eId == "art_34__para_2" && $0.rule == "dual-criminality-required-by-requested-state" })
        #expect(!check.missing.contains { $0.eId == "art_36__para_1" || $0.eId == "art_41" })
    }

    @Test func quotesReachTheDecision() throws {
        let engine = try Fixtures.engine("model-convention-rev2")
        let check = CitationCheck.check(engine.ruleSet, against: Self.instrument)
        let r = engine.screen(try Fixtures.request(engine: engine), quotes: check.quotes)
        #expect(r.ruleIDs == ["treaty-or-bilateral-request"])
        #expect(r.determiningRules[0].quote?.hasPrefix("1. States Parties shall afford") == true)
    }
}

@Suite struct AuditOpeningTests {
    func path() -> String { FileManager.default.temporaryDirectory.appendingPathComponent("open-\(UUID().uuidString).sqlite").path }

    @Test func checkingNeverCreatesOrModifiesAFile() throws {
        let missing = path()
        #expect(throws: SafeguardError(.inputNotFound, "no such audit log", file: missing)) { try SQLiteAuditStore(path: missing, create: false) }
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
        // Another SQLite database is not an audit log either, and checking it adds no tables.
        let other = path()
        let store = try SQLiteAuditStore(path: other)
        try store.tamper("DROP TABLE audit_head")
        #expect(throws: SafeguardError.self) { try SQLiteAuditStore(path: other, create: false) }
    }

    @Test func readOnlyStoreVerifiesAnExistingLog() throws {
        let p = path()
        let engine = try Fixtures.engine("recommended-safeguards")
        let request = try Fixtures.request(engine: engine)
        try SQLiteAuditStore(path: p).append([AuditRecord(request: request, report: engine.screen(request))], at: Date())
        let readOnly = try SQLiteAuditStore(path: p, create: false)
        #expect(try readOnly.verify().entries == 1)
        #expect(try readOnly.verify().isIntact)
    }
}
