public import Foundation
import SafeguardComparison
import SafeguardModel
import SafeguardPipeline
import SafeguardWorkspace
import SafeguardAssessment

/// The formats of an instrument's history: as `safeguard history --format FORMAT` writes them.
public enum HistoryFormat: String, Sendable, CaseIterable {
    case html, svg, json, md

    public var contentType: String {
        switch self {
        case .html: "text/html; charset=utf-8"
        case .svg: "image/svg+xml; charset=utf-8"
        case .json: "application/json; charset=utf-8"
        case .md: "text/markdown; charset=utf-8"
        }
    }
}

extension WorkspaceService {
    /// The verdicts of every revision of an instrument and what each step changed, as `safeguard history
    /// REVISION-FILES... --format FORMAT` writes it (revisions labelled by file name, as the CLI labels them);
    /// cached by the revisions' contents and names and the knowledge.
    public func history(_ viewer: Viewer, instrumentID: String, format: HistoryFormat) async throws -> Data {
        let (_, revisions) = try await instrument(viewer, id: instrumentID)
        guard !revisions.isEmpty else { throw WorkspaceError.notFound }
        let key = ArtifactKey(
            revisionDigest: ContentDigest.sha256Hex(revisions.map { "\($0.digest) \($0.filename)" }.joined(separator: "\n")),
            pipelineDigest: pipelineDigest, kind: "history.\(format.rawValue)")
        return try await artifact(key) {
            var loaded: [(label: String, revision: Pipeline.Revision)] = []
            var seen: [String: Int] = [:]
            for revision in revisions {
                let analysis = try await reading(viewer, revisionID: revision.id).analysis
                var label = URL(fileURLWithPath: revision.filename).deletingPathExtension().lastPathComponent
                seen[label, default: 0] += 1
                if let count = seen[label], count > 1 { label += " #\(count)" }
                loaded.append((label, Pipeline.Revision(analysis: analysis, frameworks: pipeline.assess(analysis).results)))
            }
            let history = pipeline.history(loaded)
            switch format {
            case .html: return history.html()
            case .svg: return history.svg()
            case .json: return try JSONOutput.string(HistoryDocument(history))
            case .md: return history.markdown()
            }
        }
    }
}
