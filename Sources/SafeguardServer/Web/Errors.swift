import Foundation
import Hummingbird
import Mustache
import SafeguardWorkspace
import Logging

/// Turns the workspace's refusals into responses: JSON under `/api`, pages elsewhere; a browser that is not
/// signed in is sent to the sign-in page. Unexpected errors are logged and shown without their details.
struct ErrorResponses: RouterMiddleware {
    typealias Context = AppContext
    let pages: Pages

    struct APIError: Encodable {
        var error: String
    }

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as WorkspaceError {
            return try respond(error, request: request, context: context)
        } catch let error as WorkspaceStoreError {
            context.logger.error("workspace store: \(error)")
            return try respond(
                .badInput("the workspace database is unavailable; try again shortly"), status: .serviceUnavailable,
                request: request, context: context)
        }
    }

    func respond(
        _ error: WorkspaceError, status: HTTPResponse.Status? = nil, request: Request, context: AppContext
    ) throws -> Response {
        let isAPI = request.uri.path.hasPrefix("/api/")
        let (code, heading, message): (HTTPResponse.Status, String, String)
        switch error {
        case .notFound: (code, heading, message) = (.notFound, "Not found", "There is nothing here, or it is not shared with you.")
        case .forbidden(let why): (code, heading, message) = (.forbidden, "Not allowed", why)
        case .unauthenticated:
            if !isAPI { return Response.redirect(to: "/sign-in", type: .normal) }
            (code, heading, message) = (.unauthorized, "Sign in", "a valid API token is required (Authorization: Bearer TOKEN)")
        case .badInput(let why): (code, heading, message) = (.unprocessableContent, "Cannot use this", why)
        case .tooManyRequests:
            (code, heading, message) = (.tooManyRequests, "Too many uploads", "Too many uploads in the last minute; wait a moment.")
        case .conflict(let why): (code, heading, message) = (.conflict, "Already there", why)
        }
        let finalStatus = status ?? code
        if isAPI {
            let data = try JSONEncoder().encode(APIError(error: message))
            var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
            if error == .unauthenticated { headers[.wwwAuthenticate] = "Bearer" }
            return Response(status: finalStatus, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        return try pages.render(
            "error", title: heading, ["heading": heading, "message": message], context: context, status: finalStatus)
    }
}
