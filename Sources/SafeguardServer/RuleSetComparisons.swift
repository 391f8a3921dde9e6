public import Foundation
import SafeguardModel
import SafeguardWorkspace
public import SafeguardScreening

/// A rule set chosen on the web or through the API: a shipped one by id, or one uploaded as YAML
/// (schema `safeguard.ruleset/1`). Unlike the CLI, the workspace never reads a rule set from a path on the server.
public enum RuleSetChoice: Sendable, Equatable {
    case shipped(String)
    case uploaded(name: String, yaml: String)

    /// An uploaded file wins over the shipped id given beside it; with neither, `fallback`.
    public static func from(id: String?, upload: (filename: String, bytes: [UInt8])?, fallback: String) -> RuleSetChoice {
        if let upload { return .uploaded(name: upload.filename, yaml: String(decoding: upload.bytes, as: UTF8.self)) }
        return .shipped(id.flatMap { $0.isEmpty ? nil : $0 } ?? fallback)
    }
}

extension WorkspaceService {
    /// An engine for a chosen rule set over the shipped conduct taxonomy and fictional profiles, as
    /// `safeguard screen --ruleset` builds it. A rule set that cannot be read is refused with its reader's message.
    func screeningEngine(_ choice: RuleSetChoice) throws -> ScreeningEngine {
        do {
            switch choice {
            case .shipped(let id):
                guard ScreeningResources.shippedRuleSets.contains(id) else {
                    throw WorkspaceError.badInput(
                        "no rule set \(id) (shipped: \(ScreeningResources.shippedRuleSets.joined(separator: ", ")); or upload one)")
                }
                return try ScreeningResources.engine(ruleSet: id)
            case .uploaded(let name, let yaml):
                let taxonomy = try ScreeningResources.taxonomy()
                return try RuleSet.load(yaml: yaml, source: (name as NSString).lastPathComponent)
                    .compile(taxonomy: taxonomy, profiles: try ScreeningResources.profiles(taxonomy: taxonomy))
            }
        } catch let error as SafeguardError {
            throw WorkspaceError.badInput(error.description)
        }
    }

    /// Screens a batch (JSON Lines, one request per line) under two rule sets and reports what changes, with
    /// the per-rule attribution: exactly `safeguard screen --batch FILE --compare A B`, over the same library
    /// call. Reviewers and admins may compare; nothing is appended to the audit log (as with the CLI).
    public func compareRuleSets(_ viewer: Viewer, batch: [UInt8], a: RuleSetChoice, b: RuleSetChoice) async throws
        -> RuleSetComparison
    {
        guard viewer.memberships.contains(where: { $0.role >= .reviewer }) else {
            throw WorkspaceError.forbidden("only reviewers and admins may screen requests")
        }
        guard batch.contains(where: { $0 > 0x20 }) else {
            throw WorkspaceError.badInput("the batch is empty: give JSON Lines, one request (safeguard.request/1) per line")
        }
        let engineA = try screeningEngine(a)
        let engineB = try screeningEngine(b)
        return try await offload {
            do {
                return try batch.withUnsafeBufferPointer { buffer in
                    try BatchScreener(engine: engineA).compareBatch(bytes: buffer, source: "batch", with: engineB)
                }
            } catch let error as SafeguardError {
                throw WorkspaceError.badInput(error.description)
            }
        }
    }
}
