import Foundation
import Hummingbird
import SafeguardWorkspace

/// An instrument's history (the SVG timeline of verdicts across revisions, inside the app) and the choice of any
/// two revisions to compare side by side.
extension Pages {
    func registerHistory(on router: Router<AppContext>) {
        router.get("/instruments/:id/history") { _, context in
            let viewer = try context.requireViewer()
            let id = context.parameters.get("id") ?? ""
            let (instrument, revisions) = try await service.instrument(viewer, id: id)
            let svg = try await service.history(viewer, instrumentID: id, format: .svg)
            // The SVG is the library's own rendering, every label escaped there; it carries no script.
            let values: [String: Any] = [
                "instrument": ["id": instrument.id, "title": instrument.title], "revisionCount": revisions.count,
                "svg": String(decoding: svg, as: UTF8.self),
            ]
            return try render("history", title: "History · \(instrument.title)", values, context: context)
        }
        router.get("/instruments/:id/history/:format") { _, context in
            guard let format = HistoryFormat(rawValue: context.parameters.get("format") ?? "") else {
                throw WorkspaceError.notFound
            }
            let data = try await service.history(
                try context.requireViewer(), instrumentID: context.parameters.get("id") ?? "", format: format)
            return Response(
                status: .ok, headers: [.contentType: format.contentType], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        // The instrument page's form: any two revisions, side by side with redlines (the CLI's diff report).
        router.get("/compare") { request, _ in
            let query = request.uri.queryParameters
            let old = query["old"].map(String.init) ?? ""
            let new = query["new"].map(String.init) ?? ""
            guard Self.isIdentifier(old), Self.isIdentifier(new) else { throw WorkspaceError.notFound }
            return Response.redirect(to: "/compare/\(old)/\(new)/html", type: .found)
        }
    }

    /// 32 lowercase hex digits: a workspace identifier (nothing else is put into a redirect).
    static func isIdentifier(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
