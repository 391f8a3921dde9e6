public import Foundation

/// How `safeguard serve` runs: where it listens, where it keeps its data, and its limits.
public struct ServerSettings: Sendable {
    /// The address to listen on. The default, loopback, keeps the workspace private to this machine; put it behind
    /// a TLS-terminating proxy to serve others.
    public var host: String
    public var port: Int
    /// A SQLite file path (created on first start) or a `postgres://` URL.
    public var database: String
    /// The folder whose instruments are loaded on first start (the bundled examples), or nil for none.
    public var examples: String?
    /// The largest upload accepted, in bytes.
    public var maxUploadBytes: Int
    /// Uploads one account may make per minute; more are refused with 429.
    public var uploadsPerMinute: Int
    /// How long a sign-in lasts.
    public var sessionLifetime: TimeInterval
    /// bcrypt's cost factor: 12 in service (a quarter of a second per hash here), lower only in tests.
    public var passwordCost: UInt8
    /// Marks the session cookie `Secure`. Browsers accept Secure cookies from `http://localhost`; turn it off only
    /// for a plain-HTTP test on another host name.
    public var secureCookies: Bool
    /// How long a browser session's viewer (account and roles) is kept in memory before the database is asked
    /// again: a role change or a sign-out in another server instance takes effect within this time.
    public var viewerCacheLifetime: TimeInterval

    public init(
        host: String = "127.0.0.1", port: Int = 8080, database: String = "safeguard-workspace.sqlite",
        examples: String? = nil, maxUploadBytes: Int = 20_000_000, uploadsPerMinute: Int = 10,
        sessionLifetime: TimeInterval = 8 * 3600, passwordCost: UInt8 = 12, secureCookies: Bool = true,
        viewerCacheLifetime: TimeInterval = 2
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.examples = examples
        self.maxUploadBytes = maxUploadBytes
        self.uploadsPerMinute = uploadsPerMinute
        self.sessionLifetime = sessionLifetime
        self.passwordCost = passwordCost
        self.secureCookies = secureCookies
        self.viewerCacheLifetime = viewerCacheLifetime
    }
}
