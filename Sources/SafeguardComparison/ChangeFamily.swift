public import SafeguardAnalysis
import SafeguardConfig
import SafeguardModel
import Yams
import Foundation

/// One row of the `families:` table of the comparison rules: the change a feature family makes when one of
/// its features is gained or lost, and the words that explain it.
public struct ChangeFamily: Sendable, Hashable {
    /// The feature family (the part of a feature id before the dot, e.g. `safeguard`).
    public var family: String
    /// Only these features of the family count (`nil`: every feature of the family).
    public var features: [FeatureID]?
    /// Only in provisions whose categories include one of these (`nil`: in every provision).
    public var categories: Set<Category>?
    /// The change when a feature is gained, and when it is lost.
    public var added: ChangeType
    public var removed: ChangeType
    /// The explanation's opening words; `{feature}` stands for the feature, described.
    public var addedText: String
    public var removedText: String
    /// Whether a whole article or section that appears or disappears with such a feature makes the change too.
    public var wholeUnits: Bool
    /// Where the row was read, for errors found after loading.
    public var file: String?
    public var line: Int?

    public init(
        family: String, features: [FeatureID]? = nil, categories: Set<Category>? = nil, added: ChangeType,
        removed: ChangeType, addedText: String, removedText: String, wholeUnits: Bool = true,
        file: String? = nil, line: Int? = nil
    ) {
        self.family = family
        self.features = features
        self.categories = categories
        self.added = added
        self.removed = removed
        self.addedText = addedText
        self.removedText = removedText
        self.wholeUnits = wholeUnits
        self.file = file
        self.line = line
    }

    /// Whether a gained or lost `feature` is typed by this row (before the category condition).
    public func covers(_ feature: FeatureID) -> Bool {
        feature.family == family && (features?.contains(feature) ?? true)
    }

    /// Whether the row applies in a provision of these categories.
    public func applies(in provisionCategories: Set<Category>) -> Bool {
        categories.map { !$0.isDisjoint(with: provisionCategories) } ?? true
    }

    /// The explanation's opening words for a gained (`added`) or lost feature described as `description`.
    public func text(added: Bool, feature description: String) -> String {
        (added ? addedText : removedText).replacingOccurrences(of: "{feature}", with: description)
    }
}

/// The features the paired rules compare (the `paired-features:` table): the firm and the weak wording of an
/// obligation, of dual criminality and of judicial authorisation, and the features that defer to domestic
/// law. The defaults are the built-in file's values, so a user file written before the table still reads.
public struct PairedFeatures: Sendable, Hashable {
    public var obligationMandatory: FeatureID = "obligation.mandatory"
    public var obligationOptional: FeatureID = "obligation.optional"
    public var obligationReservation: FeatureID = "obligation.reservation"
    /// Deference to domestic law or to a State's means: added, it weakens (or conditions a victims' right).
    public var deference: [FeatureID] = ["obligation.domestic-law-deference", "obligation.within-means"]
    public var dualCriminalityRequired: [FeatureID] = ["dual-criminality.required", "dual-criminality.conduct-based"]
    public var dualCriminalityOptional: FeatureID = "dual-criminality.optional"
    public var priorJudicialAuthorization: FeatureID = "safeguard.prior-judicial-authorization"
    public var judicialAuthorization: FeatureID = "safeguard.judicial-authorization"
    /// The family whose features are victims' rights (deference next to one conditions the right).
    public var victimsFamily = "victims"

    public init() {}

    /// A field of the table: one feature, or a list of them.
    enum Field {
        case one(WritableKeyPath<PairedFeatures, FeatureID>)
        case list(WritableKeyPath<PairedFeatures, [FeatureID]>)
    }

    /// The table's feature keys, in file order, each with the field it sets: the one list the reader, the check
    /// against the lexicon and the allowed keys all come from.
    static var fields: [(key: String, field: Field)] {
        [
            ("obligation-mandatory", .one(\.obligationMandatory)), ("obligation-optional", .one(\.obligationOptional)),
            ("obligation-reservation", .one(\.obligationReservation)), ("deference", .list(\.deference)),
            ("dual-criminality-required", .list(\.dualCriminalityRequired)),
            ("dual-criminality-optional", .one(\.dualCriminalityOptional)),
            ("prior-judicial-authorization", .one(\.priorJudicialAuthorization)),
            ("judicial-authorization", .one(\.judicialAuthorization)),
        ]
    }

    /// Every feature named, with its key, for the check against the lexicon's catalogue.
    var named: [(key: String, feature: FeatureID)] {
        Self.fields.flatMap { key, field -> [(key: String, feature: FeatureID)] in
            switch field {
            case .one(let path): [(key, self[keyPath: path])]
            case .list(let path): self[keyPath: path].map { (key, $0) }
            }
        }
    }

    static var keys: Set<String> { Set(fields.map(\.key) + ["victims-family"]) }
}

/// Turns a composed comparison rules document into ``ChangeRules``, checking every value.
struct ChangeRulesParser {
    let document: YAMLDocument

    private static let familyKeys: Set<String> = [
        "added", "removed", "added-text", "removed-text", "features", "in-categories", "whole-units",
    ]

    func parse() throws -> ChangeRules {
        guard let mapping = document.root.mapping else { throw invalid("the top level must be a mapping") }
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
            broadeningCues: try words("broadening"), narrowingCues: try words("narrowing"),
            families: try mapping["families"].map(families) ?? [], paired: try mapping["paired-features"].map(paired) ?? PairedFeatures(),
            featurePhrases: try mapping["feature-phrases"].map(featurePhrases) ?? [:])
    }

    private func featurePhrases(_ node: Node) throws -> [FeatureID: String] {
        let table = try document.mapping(node, "feature-phrases", allowed: nil)
        var phrases: [FeatureID: String] = [:]
        for entry in table.entries { phrases[FeatureID(entry.key)] = try document.string(entry.value, "feature-phrases.\(entry.key)") }
        return phrases
    }

    private func paired(_ node: Node) throws -> PairedFeatures {
        let table = try document.mapping(node, "paired-features", allowed: PairedFeatures.keys)
        var paired = PairedFeatures()
        for (key, field) in PairedFeatures.fields {
            guard let value = table[key] else { continue }
            switch field {
            case .one(let path): paired[keyPath: path] = FeatureID(try document.string(value, "paired-features.\(key)"))
            case .list(let path):
                paired[keyPath: path] = try document.strings(value, "paired-features.\(key)").map { FeatureID($0.0) }
            }
        }
        if let value = table["victims-family"] { paired.victimsFamily = try document.string(value, "paired-features.victims-family") }
        return paired
    }

    private func invalid(_ message: String, _ line: Int? = nil) -> SafeguardError {
        SafeguardError(.invalidConfiguration, message, file: document.file, line: line)
    }

    private func families(_ node: Node) throws -> [ChangeFamily] {
        let table = try document.mapping(node, "families", allowed: nil)
        return try table.entries.map { entry in
            let what = "families.\(entry.key)"
            let row = try document.mapping(entry.value, what, allowed: Self.familyKeys)
            func type(_ key: String) throws -> ChangeType {
                try document.choice(
                    try row.required(key), "\(what).\(key)", noun: "change type",
                    among: ChangeType.allCases.filter { $0 != .verdictChanged })
            }
            var family = ChangeFamily(
                family: entry.key, added: try type("added"), removed: try type("removed"),
                addedText: try row.requiredString("added-text"), removedText: try row.requiredString("removed-text"),
                file: document.file, line: entry.keyNode.mark?.line)
            if let node = row["features"] {
                family.features = try document.strings(node, "\(what).features").map { FeatureID($0.0) }
            }
            if let node = row["in-categories"] {
                family.categories = Set(
                    try document.strings(node, "\(what).in-categories").map { raw, valueNode in
                        try document.choice(
                            raw, at: valueNode, "\(what).in-categories", noun: "category",
                            among: Category.allCases)
                    })
            }
            if let node = row["whole-units"] { family.wholeUnits = try document.bool(node, "\(what).whole-units") }
            return family
        }
    }
}
