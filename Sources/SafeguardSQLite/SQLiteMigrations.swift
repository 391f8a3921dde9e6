public import GRDB

/// One step of a SQLite schema's history: an identifier (never reused) and what it does.
public struct SQLiteMigration: Sendable {
    public var id: String
    public var apply: @Sendable (Database) throws -> Void

    public init(_ id: String, apply: @escaping @Sendable (Database) throws -> Void) {
        self.id = id
        self.apply = apply
    }
}

/// Brings a SQLite file's schema up to date, for every Safeguard store on SQLite (the workspace, the audit log).
///
/// The whole migration is one `BEGIN EXCLUSIVE` transaction: the missing steps are found and applied, and
/// recorded, while no other connection can write. Processes that open a new file at the same moment queue on
/// SQLite's lock (for the connection's busy timeout); the first applies everything, the others then find nothing
/// left to do. GRDB's `DatabaseMigrator` runs each step in its own transaction, so a second process could find
/// one step applied and the next not yet ("UNIQUE constraint failed: grdb_migrations.identifier").
///
/// Applied steps are recorded in GRDB's own table, `grdb_migrations (identifier)`, so files migrated by
/// `DatabaseMigrator` before are read as they are.
public enum SQLiteMigrations {
    /// Applies the steps of `migrations` not yet applied, in order, in one exclusive transaction.
    /// - Returns: the identifiers applied now (empty when the schema was complete).
    @discardableResult
    public static func migrate(_ writer: any DatabaseWriter, _ migrations: [SQLiteMigration]) throws -> [String] {
        try writer.barrierWriteWithoutTransaction { db in
            var applied: [String] = []
            try db.inTransaction(.exclusive) {
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
                let done = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
                for migration in migrations where !done.contains(migration.id) {
                    try migration.apply(db)
                    try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.id])
                    applied.append(migration.id)
                }
                if db.configuration.foreignKeysEnabled, !applied.isEmpty { try db.checkForeignKeys() }
                return .commit
            }
            return applied
        }
    }

    /// Whether every step of `migrations` is recorded as applied.
    public static func isComplete(_ db: Database, _ migrations: [SQLiteMigration]) throws -> Bool {
        guard try db.tableExists("grdb_migrations") else { return migrations.isEmpty }
        let done = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        return migrations.allSatisfy { done.contains($0.id) }
    }
}
