import Foundation
import GRDB
import SafeguardPostgres
import SafeguardSQLite
import Testing

@testable import SafeguardWorkspace

/// The two helpers both kinds of store share: one SQLite migration in one exclusive transaction, and one
/// reading of PostgreSQL URLs.
@Suite("Shared database helpers")
struct DatabaseHelperTests {
    static func freshFile() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg-migrate-\(WorkspaceID.make())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("fresh.sqlite").path
    }

    /// Runs `body` on `count` threads released at the same moment; returns each one's error, if any.
    static func atOnce(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) -> [String] {
        let start = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        let lock = NSLock()
        nonisolated(unsafe) var errors: [String] = []
        for index in 0..<count {
            DispatchQueue.global().async(group: group) {
                start.wait()
                do { try body(index) } catch { lock.withLock { errors.append("\(index): \(error)") } }
            }
        }
        for _ in 0..<count { start.signal() }
        group.wait()
        return errors
    }

    @Test func poolsMigratingOneFreshFileAtOnceApplyEachStepOnce() throws {
        let path = try Self.freshFile()
        // Each step records that it ran; the second is slow, so that with one transaction per step (GRDB's
        // migrator) another pool would find the first applied and the second not yet.
        let migrations = [
            SQLiteMigration("one") { db in
                try db.execute(sql: "CREATE TABLE ran (step TEXT NOT NULL)")
                try db.execute(sql: "INSERT INTO ran VALUES ('one')")
            },
            SQLiteMigration("two") { db in
                Thread.sleep(forTimeInterval: 0.05)
                try db.execute(sql: "INSERT INTO ran VALUES ('two')")
            },
        ]
        let configuration = {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            return configuration
        }()
        let applied = NSLock()
        nonisolated(unsafe) var appliedNow: [[String]] = []
        let errors = Self.atOnce(6) { _ in
            let pool = try DatabasePool(path: path, configuration: configuration)
            let steps = try SQLiteMigrations.migrate(pool, migrations)
            applied.withLock { appliedNow.append(steps) }
        }
        #expect(errors.isEmpty, "\(errors)")
        // One pool applied both steps; the others found nothing left to do.
        #expect(appliedNow.filter { !$0.isEmpty } == [["one", "two"]])
        let pool = try DatabasePool(path: path)
        #expect(try pool.read { try String.fetchAll($0, sql: "SELECT step FROM ran ORDER BY step") } == ["one", "two"])
        #expect(try pool.read { try SQLiteMigrations.isComplete($0, migrations) })
        #expect(try pool.read { try SQLiteMigrations.isComplete($0, migrations + [SQLiteMigration("three") { _ in }]) } == false)
    }

    @Test func workspaceStoresOpeningOneFreshFileAtOnceAllSucceed() throws {
        let path = try Self.freshFile()
        let errors = Self.atOnce(6) { _ in _ = try SQLiteWorkspaceStore(path: path) }
        #expect(errors.isEmpty, "\(errors)")
        let pool = try DatabasePool(path: path)
        #expect(try pool.read { try SQLiteMigrations.isComplete($0, SQLiteWorkspaceStore.migrations) })
    }

    @Test func aFailingStepLeavesNoStepApplied() throws {
        let path = try Self.freshFile()
        let pool = try DatabasePool(path: path)
        let migrations = [
            SQLiteMigration("one") { db in try db.execute(sql: "CREATE TABLE a (x INTEGER)") },
            SQLiteMigration("two") { db in try db.execute(sql: "CREATE TABLE broken (") },
        ]
        #expect(throws: DatabaseError.self) { try SQLiteMigrations.migrate(pool, migrations) }
        #expect(try pool.read { try $0.tableExists("a") } == false)
        #expect(try SQLiteMigrations.migrate(pool, Array(migrations.prefix(1))) == ["one"])
    }

    @Test func postgresURLsAreReadOneWay() throws {
        let url = try PostgresURL("postgresql://sam:secret@db.example:6543/safeguard?sslmode=require", environment: [:])
        #expect(url.host == "db.example" && url.port == 6543 && url.user == "sam" && url.password == "secret")
        #expect(url.database == "safeguard" && url.sslMode == .require)
        #expect(url.location == "postgres://sam@db.example:6543/safeguard")
        let defaults = try PostgresURL("postgres://127.0.0.1/", environment: ["PGUSER": "u", "PGPASSWORD": "p"])
        #expect(defaults.port == 5432 && defaults.user == "u" && defaults.password == "p" && defaults.database == "")
        #expect(defaults.sslMode == .disable)
        #expect(throws: PostgresURL.Invalid.self) { try PostgresURL("mysql://h/db") }
        #expect(throws: PostgresURL.Invalid.self) { try PostgresURL("postgres:///db") }
        #expect(throws: PostgresURL.Invalid(description: "unsupported sslmode \"allow\" (disable, prefer or require)")) {
            try PostgresURL("postgres://h/db?sslmode=allow")
        }
        // Both stores refuse the same URLs with the same words.
        #expect(throws: WorkspaceStoreError.unavailable("not a PostgreSQL URL (postgres://USER@HOST:PORT/DATABASE)")) {
            try PostgresWorkspaceStore(url: "mysql://h/db")
        }
    }
}
