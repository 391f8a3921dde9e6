public import Hummingbird
import SafeguardWorkspace

/// Per-request state: who is asking, and how they proved it.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in person, if any (set by ``Authenticate``).
    public var viewer: Viewer?
    /// True when the request carried an API token rather than a session cookie (no CSRF token is needed then:
    /// a browser never attaches a bearer token on its own).
    public var viaToken = false

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Uploads are read in the handlers with the workspace's own limit.
    public var maxUploadSize: Int { 64 * 1024 * 1024 }

    /// The viewer, or a 401 (a sign-in page in the browser).
    func requireViewer() throws -> Viewer {
        guard let viewer else { throw WorkspaceError.unauthenticated }
        return viewer
    }
}
