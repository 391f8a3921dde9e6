import Hummingbird
import SafeguardWorkspace

/// Finds who is asking: an `Authorization: Bearer` API token, or else the session cookie. A wrong token is a
/// 401 at once; a stale cookie is simply no sign-in.
struct Authenticate: RouterMiddleware {
    typealias Context = AppContext
    static let cookieName = "sg_session"
    let service: WorkspaceService

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        if let authorization = request.headers[.authorization] {
            guard authorization.hasPrefix("Bearer "),
                let viewer = try await service.viewer(apiToken: String(authorization.dropFirst(7)))
            else { throw WorkspaceError.unauthenticated }
            context.viewer = viewer
            context.viaToken = true
        } else if let secret = request.cookies[Self.cookieName]?.value, !secret.isEmpty {
            context.viewer = try await service.viewer(sessionSecret: secret)
        }
        return try await next(request, context)
    }
}
