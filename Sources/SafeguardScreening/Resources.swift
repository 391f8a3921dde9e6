public import Foundation
import SafeguardModel

/// The YAML shipped with the module: conduct taxonomy, fictional profiles and the two rule sets.
public enum ScreeningResources {
    /// Ids of the shipped rule sets.
    public static let shippedRuleSets = ["model-convention-rev2", "recommended-safeguards"]

    static var root: URL? { Bundle.module.url(forResource: "Resources", withExtension: nil) }

    static func url(_ path: String) throws -> URL {
        guard let root else { throw SafeguardError(.internalError, "the screening resources are missing from the build") }
        return root.appendingPathComponent(path)
    }

    static func readText(_ url: URL) throws -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SafeguardError(.inputNotFound, "cannot read \(url.path)", file: url.path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SafeguardError(.undecodable, "not UTF-8 text", file: url.path)
        }
        return text
    }

    /// The shipped conduct taxonomy.
    public static func taxonomy() throws -> ConductTaxonomy {
        let url = try url("conducts.yaml")
        return try ConductTaxonomy.load(yaml: try readText(url), source: "conducts.yaml")
    }

    /// The directory of shipped fictional profiles.
    public static func profilesDirectory() throws -> URL { try url("profiles") }

    /// The shipped fictional profiles.
    public static func profiles(taxonomy: ConductTaxonomy) throws -> ProfileSet {
        try ProfileSet.load(directory: try profilesDirectory(), taxonomy: taxonomy)
    }

    /// A shipped rule set by id.
    public static func ruleSet(_ id: String) throws -> RuleSet {
        guard shippedRuleSets.contains(id) else {
            throw SafeguardError(
                .inputNotFound,
                "no shipped rule set \"\(id)\" (shipped: \(shippedRuleSets.joined(separator: ", "))); give a file path for your own")
        }
        let url = try url("rulesets/\(id).yaml")
        return try RuleSet.load(yaml: try readText(url), source: "rulesets/\(id).yaml")
    }

    /// A rule set by shipped id or file path.
    public static func ruleSet(idOrPath: String) throws -> RuleSet {
        if shippedRuleSets.contains(idOrPath) { return try ruleSet(idOrPath) }
        let url = URL(fileURLWithPath: idOrPath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw SafeguardError(
                .inputNotFound, "no rule set \"\(idOrPath)\": neither a shipped id (\(shippedRuleSets.joined(separator: ", "))) nor a file",
                file: idOrPath)
        }
        return try RuleSet.load(yaml: try readText(url), source: idOrPath)
    }

    /// An engine for the shipped taxonomy and profiles (or a profiles directory) and a rule set.
    public static func engine(ruleSet idOrPath: String, profilesDirectory: URL? = nil, taxonomyFile: URL? = nil) throws -> ScreeningEngine {
        let taxonomy: ConductTaxonomy
        if let taxonomyFile {
            taxonomy = try ConductTaxonomy.load(yaml: try readText(taxonomyFile), source: taxonomyFile.path)
        } else {
            taxonomy = try self.taxonomy()
        }
        let profiles = try ProfileSet.load(directory: try profilesDirectory ?? self.profilesDirectory(), taxonomy: taxonomy)
        return try ruleSet(idOrPath: idOrPath).compile(taxonomy: taxonomy, profiles: profiles)
    }
}
