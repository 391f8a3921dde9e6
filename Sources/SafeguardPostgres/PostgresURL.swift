public import Foundation
public import PostgresNIO

/// A `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE]` URL (or `postgresql://`), read the same way
/// by every Safeguard store that speaks PostgreSQL: the workspace and the audit log.
///
/// The user may also come from `PGUSER` (default `postgres`) and the password from `PGPASSWORD`. `sslmode` is
/// `disable` (the default: loopback or a trusted network), `prefer`, or `require` (the certificate verified
/// against the system's trust roots; `verify-full` is accepted as its synonym).
public struct PostgresURL: Sendable, Equatable {
    public enum SSLMode: String, Sendable {
        case disable, prefer, require
    }

    /// Why a URL was refused, in the user's terms; each store wraps it in its own error.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    /// Empty: the server's default database for the user.
    public var database: String
    public var sslMode: SSLMode

    /// Reads `url`; `environment` supplies `PGUSER` and `PGPASSWORD` when the URL has none.
    public init(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(Invalid) {
        guard let c = URLComponents(string: url), c.scheme == "postgres" || c.scheme == "postgresql",
            let host = c.host, !host.isEmpty
        else {
            throw Invalid(description: "not a PostgreSQL URL (postgres://USER@HOST:PORT/DATABASE)")
        }
        self.host = host
        port = c.port ?? 5432
        user = c.user ?? environment["PGUSER"] ?? "postgres"
        password = c.password ?? environment["PGPASSWORD"]
        database = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        switch c.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable" {
        case "disable": sslMode = .disable
        case "prefer": sslMode = .prefer
        case "require", "verify-full": sslMode = .require
        case let other: throw Invalid(description: "unsupported sslmode \"\(other)\" (disable, prefer or require)")
        }
    }

    /// The URL without its password, to name the database in messages and logs.
    public var location: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// The configuration of postgres-nio's connection pool (the workspace store).
    public func clientConfiguration() -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch sslMode {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        return PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database.isEmpty ? nil : database, tls: tls)
    }

    /// The configuration of one postgres-nio connection (the audit store).
    public func connectionConfiguration() throws(Invalid) -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch sslMode {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        } catch {
            throw Invalid(description: "cannot set up TLS: \(error)")
        }
        return PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database.isEmpty ? nil : database, tls: tls)
    }

    /// What went wrong, in the server's words when it gave any (postgres-nio's own description of a `PSQLError`
    /// deliberately hides them).
    public static func describe(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] { return message }
            return "\(psql.code)"
        }
        return "\(error)"
    }
}
