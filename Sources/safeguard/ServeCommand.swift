import ArgumentParser
import Foundation
import Logging
import SafeguardModel
import SafeguardServer
import SafeguardWorkspace
import Hummingbird

/// `safeguard serve`: the workspace web app and HTTP API (docs/server.md).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the workspace: a web app and HTTP API to read, assess, compare and review together.",
        discussion: """
            On first start the workspace creates its database, an admin account (admin@safeguard.local; the \
            password is printed once, or set SAFEGUARD_ADMIN_PASSWORD) and loads the bundled examples. \
            See docs/server.md.
            """
    )

    @Option(help: "The address to listen on (loopback by default: the workspace stays on this machine).")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(help: "A SQLite file (created on first start) or a postgres://USER@HOST:PORT/DATABASE URL.")
    var database = "safeguard-workspace.sqlite"

    @Option(
        name: .customLong("audit-log"),
        help: "The audit log of screening decisions: a SQLite file or a postgres:// URL (default: beside the database).")
    var auditLog: String?

    @Option(help: "Folder of example instruments loaded on first start (default: examples/ when present).")
    var examples: String?

    @Option(name: .customLong("max-upload-size"), help: "The largest upload accepted, in bytes.")
    var maxUploadSize = 20_000_000

    @Flag(
        name: .customLong("insecure-cookies"),
        help: "Send the session cookie without Secure (plain HTTP on a host other than localhost; never in production).")
    var insecureCookies = false

    func run() async throws {
        var logger = Logger(label: "safeguard.server")
        logger.logLevel = .info
        let exampleFolder = examples ?? (FileManager.default.fileExists(atPath: "examples") ? "examples" : nil)
        let settings = ServerSettings(
            host: host, port: port, database: database, examples: exampleFolder, maxUploadBytes: maxUploadSize,
            secureCookies: !insecureCookies)
        do {
            if AuditStores.isPostgres(database) {  // the same test as the audit log's --db
                let store = try PostgresWorkspaceStore(url: database)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await store.run() }
                    defer { group.cancelAll() }
                    try await store.migrate()
                    try await serve(store: store, settings: settings, logger: logger)
                }
            } else {
                try await serve(store: try SQLiteWorkspaceStore(path: database), settings: settings, logger: logger)
            }
        } catch let error as WorkspaceStoreError {
            throw SafeguardError(.inputNotFound, error.description)
        }
    }

    /// The audit log's location: as given, else the workspace's own PostgreSQL database, else a SQLite file
    /// beside the workspace's (`workspace.sqlite` → `workspace-audit.sqlite`).
    static func auditLocation(_ given: String?, database: String) -> String {
        if let given { return given }
        if AuditStores.isPostgres(database) { return database }
        let base = database.hasSuffix(".sqlite") ? String(database.dropLast(".sqlite".count)) : database
        return base + "-audit.sqlite"
    }

    func serve(store: any WorkspaceStore, settings: ServerSettings, logger: Logger) async throws {
        let audit = try AuditStores.open(Self.auditLocation(auditLog, database: settings.database), create: true)
        let service = try WorkspaceService(store: store, settings: settings, audit: audit)
        service.metrics.bootstrapProcessMetrics()
        let given = ProcessInfo.processInfo.environment["SAFEGUARD_ADMIN_PASSWORD"]
        if let password = try await service.firstStart(adminPassword: given?.isEmpty == false ? given : nil) {
            print(
                """
                New workspace in \(store.location).
                Sign in as \(WorkspaceService.demoAdminEmail) with the password \(password)
                (shown only now; set SAFEGUARD_ADMIN_PASSWORD before the first start to choose it).
                """)
        }
        print("Safeguard workspace: http://\(settings.host):\(settings.port)/  (Ctrl-C stops it)")
        // Shown at once even when standard output is a file or a pipe (the server runs until stopped).
        fflush(nil)
        let application = try await WorkspaceApplication.application(service: service, logger: logger)
        // Background jobs run beside the server and stop with it.
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await JobRunner(service: service).run(logger: logger) }
            try await application.runService()
            group.cancelAll()
        }
    }
}
