import Foundation
public import Hummingbird
public import Logging
import Mustache
import SafeguardWorkspace

/// Builds the workspace's HTTP application over a service (the caller owns the store and its lifecycle).
public enum WorkspaceApplication {
    /// The router: security headers, error pages, authentication, then the pages and the API.
    public static func router(service: WorkspaceService) async throws -> Router<AppContext> {
        let templates = try await loadTemplates()
        let pages = Pages(service: service, templates: templates)
        let router = Router(context: AppContext.self)
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: SecurityHeaders())
        router.add(middleware: ErrorResponses(pages: pages))
        router.add(middleware: Authenticate(service: service))
        router.get("/healthz") { _, _ in "ok" }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: service.metrics.exposition())))
        }
        pages.register(on: router)
        API(service: service).register(on: router)
        return router
    }

    /// The application listening where the settings say.
    public static func application(service: WorkspaceService, logger: Logger) async throws
        -> some ApplicationProtocol
    {
        Application(
            router: try await router(service: service),
            configuration: .init(
                address: .hostname(service.settings.host, port: service.settings.port), serverName: "Safeguard"),
            logger: logger)
    }

    static func loadTemplates() async throws -> MustacheLibrary {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw HTTPError(.internalServerError, message: "the page templates are missing from the build")
        }
        return try await MustacheLibrary(directory: folder.path)
    }
}
