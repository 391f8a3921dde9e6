import Foundation
import Testing

@testable import SafeguardWorkspace

/// The server the PostgreSQL half runs against: `SAFEGUARD_TEST_POSTGRES_URL` (`make test` and CI start one).
enum TestPostgres {
    static let url: String? = {
        let value = ProcessInfo.processInfo.environment["SAFEGUARD_TEST_POSTGRES_URL"] ?? ""
        return value.isEmpty ? nil : value
    }()
}

enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }

    /// The kinds this run can test: PostgreSQL only with a server (and CI insists on one, below).
    static var available: [StoreKind] { TestPostgres.url == nil ? [.sqlite] : allCases }
}

/// A fresh, empty store of `kind`, open for the length of `body`; `reopen` opens a second store on the same data
/// (as another process or a restarted server would).
func withStore(
    _ kind: StoreKind,
    _ body: (_ store: any WorkspaceStore, _ reopen: () async throws -> any WorkspaceStore) async throws -> Void
) async throws {
    switch kind {
    case .sqlite:
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg-ws-\(WorkspaceID.make())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("workspace.sqlite").path
        try await body(try SQLiteWorkspaceStore(path: path)) { try SQLiteWorkspaceStore(path: path) }
    case .postgres:
        let server = try #require(TestPostgres.url)
        let name = "sg_ws_\(WorkspaceID.make().prefix(20))"
        try await PostgresWorkspaceStore.createDatabase(serverURL: server, name: name)
        var components = try #require(URLComponents(string: server))
        components.path = "/" + name
        let url = try #require(components.string)
        let store = try PostgresWorkspaceStore(url: url)
        let second = try PostgresWorkspaceStore(url: url)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.run() }
            group.addTask { await second.run() }
            defer { group.cancelAll() }
            try await store.migrate()
            try await body(store) {
                try await second.migrate()
                return second
            }
        }
    }
}

/// Two organisations, each with one member, as most tests need them.
struct Fixture {
    let ngo = Organisation(id: WorkspaceID.make(), name: "Open Rights Network", createdAt: Date(workspaceMilliseconds: 1_000))
    let ministry = Organisation(id: WorkspaceID.make(), name: "Ministry of Justice", createdAt: Date(workspaceMilliseconds: 2_000))
    let analyst = Account(
        id: WorkspaceID.make(), email: "Analyst@Example.org", displayName: "An Analyst", passwordHash: "$2b$12$hash-a",
        createdAt: Date(workspaceMilliseconds: 3_000))
    let lawyer = Account(
        id: WorkspaceID.make(), email: "lawyer@example.gov", displayName: "A Lawyer", passwordHash: "$2b$12$hash-b",
        createdAt: Date(workspaceMilliseconds: 4_000))

    func load(into store: any WorkspaceStore) async throws {
        try await store.insert(ngo)
        try await store.insert(ministry)
        try await store.insert(analyst)
        try await store.insert(lawyer)
        try await store.setMembership(Membership(accountID: analyst.id, organisationID: ngo.id, role: .reviewer))
        try await store.setMembership(Membership(accountID: lawyer.id, organisationID: ministry.id, role: .admin))
    }

    func instrument(of organisation: Organisation, by account: Account, _ visibility: Visibility, at ms: Int64)
        -> WorkspaceInstrument
    {
        WorkspaceInstrument(
            id: WorkspaceID.make(), organisationID: organisation.id, title: "Draft \(ms)", kind: "draft", region: "UN",
            visibility: visibility, createdBy: account.id, createdAt: Date(workspaceMilliseconds: ms))
    }
}

@Suite("Workspace store contract (SQLite and PostgreSQL)")
struct StoreContractTests {
    @Test(arguments: StoreKind.available)
    func accountsAreFoundByEmailWhateverItsCaseAndAnEmailIsTakenOnce(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let f = Fixture()
            try await f.load(into: store)
            #expect(try await store.account(email: "analyst@example.org")?.id == f.analyst.id)
            #expect(try await store.account(email: "ANALYST@EXAMPLE.ORG")?.displayName == "An Analyst")
            #expect(try await store.account(email: "nobody@example.org") == nil)
            let twin = Account(
                id: WorkspaceID.make(), email: "analyst@EXAMPLE.org", displayName: "Twin", passwordHash: "x",
                createdAt: Date())
            await #expect(throws: WorkspaceStoreError.self) { try await store.insert(twin) }
            do {
                try await store.insert(twin)
            } catch let error as WorkspaceStoreError {
                guard case .conflict = error else { Issue.record("expected a conflict, got \(error)"); return }
            }
            #expect(try await store.organisations().map(\.name) == ["Ministry of Justice", "Open Rights Network"])
        }
    }

    @Test(arguments: StoreKind.available)
    func aMembershipIsOnePerOrganisationAndItsRoleCanChange(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let f = Fixture()
            try await f.load(into: store)
            try await store.setMembership(Membership(accountID: f.analyst.id, organisationID: f.ngo.id, role: .admin))
            try await store.setMembership(Membership(accountID: f.analyst.id, organisationID: f.ministry.id, role: .viewer))
            let roles = try await store.memberships(accountID: f.analyst.id).map { [$0.organisationID: $0.role] }
            #expect(roles.count == 2)
            #expect(roles.contains([f.ngo.id: .admin]))
            #expect(roles.contains([f.ministry.id: .viewer]))
            #expect(try await store.members(organisationID: f.ministry.id).count == 2)
        }
    }

    @Test(arguments: StoreKind.available)
    func expiredSessionsAndRevokedTokensAreNotFound(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let f = Fixture()
            try await f.load(into: store)
            let start = Date(workspaceMilliseconds: 10_000)
            let session = Session(
                secretDigest: ContentDigest.sha256Hex("cookie-secret"), accountID: f.analyst.id, csrfToken: "csrf-1",
                createdAt: start, expiresAt: start.addingTimeInterval(3600))
            try await store.insert(session)
            #expect(try await store.session(secretDigest: session.secretDigest, now: start)?.csrfToken == "csrf-1")
            #expect(try await store.session(secretDigest: session.secretDigest, now: start.addingTimeInterval(3601)) == nil)
            try await store.deleteSession(secretDigest: session.secretDigest)
            #expect(try await store.session(secretDigest: session.secretDigest, now: start) == nil)

            let token = APIToken(
                secretDigest: ContentDigest.sha256Hex("token-secret"), accountID: f.lawyer.id, label: "ci", createdAt: start)
            try await store.insert(token)
            #expect(try await store.token(secretDigest: token.secretDigest)?.accountID == f.lawyer.id)
            try await store.revokeToken(secretDigest: token.secretDigest, at: start.addingTimeInterval(5))
            #expect(try await store.token(secretDigest: token.secretDigest) == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func anotherOrganisationsPrivateInstrumentIsInvisibleAndASharedOneIsNot(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let f = Fixture()
            try await f.load(into: store)
            let ministryPrivate = f.instrument(of: f.ministry, by: f.lawyer, .private, at: 100)
            let ministryShared = f.instrument(of: f.ministry, by: f.lawyer, .shared, at: 200)
            let ngoPrivate = f.instrument(of: f.ngo, by: f.analyst, .private, at: 300)
            for instrument in [ministryPrivate, ministryShared, ngoPrivate] { try await store.insert(instrument) }

            #expect(try await store.instrument(id: ministryPrivate.id, visibleTo: f.analyst.id) == nil)
            #expect(try await store.instrument(id: ministryPrivate.id, visibleTo: f.lawyer.id) == ministryPrivate)
            #expect(try await store.instrument(id: ministryShared.id, visibleTo: f.analyst.id) == ministryShared)
            #expect(try await store.instrument(id: "no-such-id", visibleTo: f.analyst.id) == nil)
            // Newest first.
            #expect(try await store.instruments(visibleTo: f.analyst.id).map(\.id) == [ngoPrivate.id, ministryShared.id])
            #expect(try await store.instruments(visibleTo: f.lawyer.id).map(\.id) == [ministryShared.id, ministryPrivate.id])
        }
    }

    @Test(arguments: StoreKind.available)
    func revisionsAreNumberedInOrderAndKeepTheirBytesExactly(kind: StoreKind) async throws {
        try await withStore(kind) { store, reopen in
            let f = Fixture()
            try await f.load(into: store)
            let draft = f.instrument(of: f.ngo, by: f.analyst, .private, at: 100)
            try await store.insert(draft)
            // Bytes that are not text: a NUL, invalid UTF-8, a PDF-like header.
            let bytes = Data([0x25, 0x50, 0x44, 0x46, 0x00, 0xFF, 0xFE, 0x0A] + Array("Article 1".utf8))
            var numbers = [Int]()
            for index in 0..<3 {
                let upload = RevisionUpload(
                    instrumentID: draft.id, filename: "rev\(index).pdf", inputFormat: "pdf", content: bytes + Data([UInt8(index)]),
                    uploadedBy: f.analyst.id, uploadedAt: Date(workspaceMilliseconds: 1_000 + Int64(index)))
                numbers.append(try await store.addRevision(upload).number)
            }
            #expect(numbers == [1, 2, 3])
            let revisions = try await reopen().revisions(instrumentID: draft.id)
            #expect(revisions.map(\.filename) == ["rev0.pdf", "rev1.pdf", "rev2.pdf"])
            let second = try #require(revisions.dropFirst().first)
            #expect(try await store.content(revisionID: second.id) == bytes + Data([1]))
            #expect(second.digest == ContentDigest.sha256Hex(bytes + Data([1])))
            #expect(second.byteCount == bytes.count + 1)
            #expect(try await store.revision(id: second.id) == second)
        }
    }

    @Test(arguments: StoreKind.available)
    func uploadsAtTheSameTimeGetDistinctNumbers(kind: StoreKind) async throws {
        try await withStore(kind) { store, reopen in
            let f = Fixture()
            try await f.load(into: store)
            let draft = f.instrument(of: f.ngo, by: f.analyst, .shared, at: 100)
            try await store.insert(draft)
            let other = try await reopen()
            let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<12 {
                    let target: any WorkspaceStore = index.isMultiple(of: 2) ? store : other
                    group.addTask {
                        try await target.addRevision(
                            RevisionUpload(
                                instrumentID: draft.id, filename: "r\(index).txt", inputFormat: "text",
                                content: Data("Article \(index)".utf8), uploadedBy: f.analyst.id, uploadedAt: Date()
                            )
                        ).number
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(numbers.sorted() == Array(1...12))
        }
    }

    @Test(arguments: StoreKind.available)
    func aRevisionOfAnUnknownInstrumentIsRefused(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let f = Fixture()
            try await f.load(into: store)
            let upload = RevisionUpload(
                instrumentID: "no-such-instrument", filename: "x.txt", inputFormat: "text", content: Data("x".utf8),
                uploadedBy: f.analyst.id, uploadedAt: Date())
            do {
                _ = try await store.addRevision(upload)
                Issue.record("a revision of an unknown instrument was stored")
            } catch let error as WorkspaceStoreError {
                guard case .notFound = error else { Issue.record("expected notFound, got \(error)"); return }
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func artifactsAreKeyedByContentAndKnowledgeAndCanBeReplaced(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let key = ArtifactKey(revisionDigest: "r1", pipelineDigest: "lexicon-a", kind: "analysis.json")
            #expect(try await store.artifact(key) == nil)
            try await store.storeArtifact(key, content: Data("{\"v\":1}".utf8), at: Date())
            try await store.storeArtifact(key, content: Data("{\"v\":2}".utf8), at: Date())
            #expect(try await store.artifact(key) == Data("{\"v\":2}".utf8))
            var newKnowledge = key
            newKnowledge.pipelineDigest = "lexicon-b"
            #expect(try await store.artifact(newKnowledge) == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func reviewsRoundTripInOrder(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let f = Fixture()
            try await f.load(into: store)
            let draft = f.instrument(of: f.ngo, by: f.analyst, .shared, at: 100)
            try await store.insert(draft)
            let revision = try await store.addRevision(
                RevisionUpload(
                    instrumentID: draft.id, filename: "d.txt", inputFormat: "text", content: Data("Article 1".utf8),
                    uploadedBy: f.analyst.id, uploadedAt: Date()))
            let first = Review(
                id: WorkspaceID.make(), revisionID: revision.id, organisationID: f.ngo.id, reviewerID: f.analyst.id,
                targetKind: .finding, target: "art_7__para_1#power.interception", decision: .reject,
                reason: "The words concern stored data, not interception.", wordsDigest: ContentDigest.sha256Hex("words"),
                createdAt: Date(workspaceMilliseconds: 5_000))
            let second = Review(
                id: WorkspaceID.make(), revisionID: revision.id, organisationID: f.ministry.id, reviewerID: f.lawyer.id,
                targetKind: .verdict, target: "necessary-and-proportionate#judicial-authorisation", decision: .override,
                verdict: "partly-met", reason: "Art. 24 requires a court order for content only.",
                wordsDigest: ContentDigest.sha256Hex("other words"), createdAt: Date(workspaceMilliseconds: 6_000))
            try await store.insert(second)
            try await store.insert(first)
            #expect(try await store.reviews(revisionID: revision.id) == [first, second])
        }
    }

    @Test(arguments: StoreKind.available)
    func workersSharingTheDatabaseNeverClaimTheSameJob(kind: StoreKind) async throws {
        try await withStore(kind) { store, reopen in
            let f = Fixture()
            try await f.load(into: store)
            let jobs = (0..<8).map { index in
                Job(
                    id: WorkspaceID.make(), organisationID: f.ngo.id, kind: "assess-corpus", payload: "{\"n\":\(index)}",
                    createdAt: Date(workspaceMilliseconds: 1_000 + Int64(index)))
            }
            for job in jobs { try await store.enqueue(job) }
            let other = try await reopen()
            let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
                for worker in 0..<4 {
                    let target: any WorkspaceStore = worker.isMultiple(of: 2) ? store : other
                    group.addTask {
                        var mine = [String]()
                        while let job = try await target.claimNextJob(worker: "w\(worker)", at: Date()) {
                            #expect(job.status == .running)
                            #expect(job.claimedBy == "w\(worker)")
                            mine.append(job.id)
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(claimed.sorted() == jobs.map(\.id).sorted())
            #expect(try await store.claimNextJob(worker: "late", at: Date()) == nil)

            let job = try #require(jobs.first)
            try await store.updateProgress(jobID: job.id, done: 3, total: 10)
            #expect(try await store.job(id: job.id)?.done == 3)
            try await store.finish(
                jobID: job.id, status: .done, result: Data([1, 2, 3]), error: nil, at: Date(workspaceMilliseconds: 9_000))
            let finished = try #require(try await store.job(id: job.id))
            #expect(finished.status == .done)
            #expect(finished.result == Data([1, 2, 3]))
            #expect(finished.total == 10)
            #expect(finished.finishedAt == Date(workspaceMilliseconds: 9_000))

            // A job left running by a worker that died goes back to the queue, once, and only for that worker.
            let orphan = try #require(jobs.last)
            let owner = try #require(try await store.job(id: orphan.id)?.claimedBy)
            #expect(try await store.runningJobs().map(\.id).contains(orphan.id))
            #expect(!(try await store.runningJobs().map(\.id).contains(job.id)))
            #expect(!(try await store.requeue(jobID: orphan.id, claimedBy: "someone else")))
            #expect(try await store.requeue(jobID: orphan.id, claimedBy: owner))
            #expect(!(try await store.requeue(jobID: orphan.id, claimedBy: owner)))
            #expect(try await store.claimNextJob(worker: "restarted", at: Date())?.id == orphan.id)
        }
    }

    @Test(arguments: StoreKind.available)
    func reopeningKeepsTheDataAndDoesNotMigrateTwice(kind: StoreKind) async throws {
        try await withStore(kind) { store, reopen in
            let f = Fixture()
            try await f.load(into: store)
            let again = try await reopen()
            #expect(
                try await again.account(id: f.lawyer.id)
                    == Account(
                        id: f.lawyer.id, email: "lawyer@example.gov", displayName: "A Lawyer", passwordHash: "$2b$12$hash-b",
                        createdAt: Date(workspaceMilliseconds: 4_000)))
            #expect(try await again.organisation(id: f.ngo.id)?.name == "Open Rights Network")
        }
    }
}

@Suite("Workspace store set-up")
struct StoreSetUpTests {
    /// In CI the PostgreSQL half must run, never be skipped.
    @Test func postgresIsTestedInCI() {
        if (ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty == false {
            #expect(TestPostgres.url != nil, "CI must run the PostgreSQL workspace-store tests: SAFEGUARD_TEST_POSTGRES_URL is not set")
        }
    }

    @Test func aFileThatIsNotADatabaseIsAClearError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sg-ws-\(WorkspaceID.make()).sqlite").path
        try Data("Article 1. This is a treaty, not a database.\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: WorkspaceStoreError.self) { try SQLiteWorkspaceStore(path: path) }
    }

    @Test func aURLThatIsNotPostgresIsRefused() {
        #expect(throws: WorkspaceStoreError.self) { try PostgresWorkspaceStore(url: "mysql://root@localhost/db") }
        #expect(throws: WorkspaceStoreError.self) { try PostgresWorkspaceStore(url: "postgres:///no-host") }
    }

    @Test func databaseNamesAreCheckedBeforeAnySQL() async {
        await #expect(throws: WorkspaceStoreError.self) {
            try await PostgresWorkspaceStore.createDatabase(serverURL: "postgres://u@127.0.0.1:1/x", name: "x; DROP TABLE y")
        }
    }

    @Test func identifiersAre128RandomBits() {
        let ids = Set((0..<1000).map { _ in WorkspaceID.make() })
        #expect(ids.count == 1000)
        #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
    }

    @Test func rolesAreOrderedByTrust() {
        #expect(Role.viewer < Role.reviewer && Role.reviewer < Role.admin)
    }

    @Test func digestsMatchTheNISTVector() {
        #expect(ContentDigest.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
