import Foundation
import SafeguardModel
import Yams

extension ChangeType {
    /// The family a change type belongs to, for grouping in reports.
    public var family: String {
        switch self {
        case .offenceAdded, .offenceRemoved, .definitionBroadened, .definitionNarrowed, .scopeExtended, .scopeNarrowed: "scope"
        case .qualifierDropped, .qualifierAdded, .vagueStandardIntroduced, .vagueStandardRemoved: "offence-elements"
        case .obligationWeakened, .obligationStrengthened, .deferenceAdded, .deferenceRemoved: "obligation"
        case .safeguardAdded, .safeguardRemoved, .judicialAuthorizationWeakened, .judicialAuthorizationStrengthened: "safeguards"
        case .dualCriminalityWeakened, .dualCriminalityStrengthened, .refusalGroundAdded, .refusalGroundRemoved: "cooperation"
        case .victimRightAdded, .victimRightRemoved, .victimRightConditioned: "victims"
        case .powerAdded, .powerRemoved: "powers"
        case .verdictChanged: "frameworks"
        }
    }
}

/// The data that drives change typing: the classification of each change type and the cue words for
/// definitions. Loaded from `Resources/comparison-rules.yaml`, replaceable by a user file.
public struct ChangeRules: Sendable {
    public var version: String
    public var classification: [ChangeType: ChangeClassification]
    /// Words whose addition broadens a definition (and whose removal narrows it).
    public var broadeningCues: Set<String>
    /// Words whose addition narrows a definition (and whose removal broadens it).
    public var narrowingCues: Set<String>

    public init(
        version: String, classification: [ChangeType: ChangeClassification], broadeningCues: Set<String>,
        narrowingCues: Set<String>
    ) {
        self.version = version
        self.classification = classification
        self.broadeningCues = broadeningCues
        self.narrowingCues = narrowingCues
    }

    /// The classification of a change type (verdict changes are classified by direction instead).
    public func classify(_ type: ChangeType) -> ChangeClassification { classification[type] ?? .neutral }

    /// The built-in rules.
    public static func builtIn() throws -> ChangeRules {
        guard let url = Bundle.module.url(forResource: "comparison-rules", withExtension: "yaml", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: "comparison-rules", withExtension: "yaml")
        else {
            throw SafeguardError(.internalError, "built-in comparison-rules.yaml is missing from the bundle")
        }
        return try load(contentsOf: url)
    }

    /// Reads a rules file; every change type except `verdict-changed` must be classified.
    public static func load(contentsOf url: URL) throws -> ChangeRules {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw SafeguardError(.inputNotFound, "cannot read comparison rules: \(error.localizedDescription)", file: url.path)
        }
        return try parse(text, file: url.path)
    }

    static func parse(_ text: String, file: String) throws -> ChangeRules {
        func invalid(_ message: String, _ line: Int? = nil) -> SafeguardError {
            SafeguardError(.invalidConfiguration, message, file: file, line: line)
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw invalid("empty comparison rules") }
            root = node
        } catch let error as SafeguardError { throw error } catch let error as YamlError {
            throw invalid("not valid YAML: \(error)")
        }
        guard let mapping = root.mapping else { throw invalid("the top level must be a mapping") }
        guard mapping["schema"]?.string == "safeguard.comparison-rules/1" else {
            throw invalid("schema must be safeguard.comparison-rules/1", mapping["schema"]?.mark?.line)
        }
        var classification: [ChangeType: ChangeClassification] = [:]
        guard let classes = mapping["classification"]?.mapping else { throw invalid("missing 'classification' mapping") }
        for (key, value) in classes {
            let line = key.mark?.line
            guard let typeName = key.string, let type = ChangeType(rawValue: typeName) else {
                throw invalid("unknown change type '\(key.string ?? "?")'", line)
            }
            guard let className = value.string, let classified = ChangeClassification(rawValue: className) else {
                throw invalid("unknown classification '\(value.string ?? "?")' for \(typeName)", value.mark?.line)
            }
            classification[type] = classified
        }
        for type in ChangeType.allCases where type != .verdictChanged && classification[type] == nil {
            throw invalid("change type '\(type.rawValue)' has no classification", classes.mark?.line)
        }
        func words(_ key: String) throws -> Set<String> {
            guard let cues = mapping["definition-cues"]?.mapping?[key]?.sequence else {
                throw invalid("missing definition-cues.\(key) list")
            }
            return Set(cues.compactMap { $0.string?.lowercased() })
        }
        return ChangeRules(
            version: mapping["version"]?.string ?? "unversioned", classification: classification,
            broadeningCues: try words("broadening"), narrowingCues: try words("narrowing"))
    }
}
