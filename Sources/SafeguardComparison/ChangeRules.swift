public import Foundation
public import SafeguardAnalysis
import SafeguardConfig
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

/// The data that drives change typing: the classification of each change type, which feature families make
/// which change when they appear or disappear, and the cue words for definitions. Loaded from
/// `Resources/comparison-rules.yaml`, replaceable by a user file.
public struct ChangeRules: Sendable {
    public var version: String
    public var classification: [ChangeType: ChangeClassification]
    /// Words whose addition broadens a definition (and whose removal narrows it).
    public var broadeningCues: Set<String>
    /// Words whose addition narrows a definition (and whose removal broadens it).
    public var narrowingCues: Set<String>
    /// The `families:` table: which features, gained or lost, make which change type, in file order.
    public var families: [ChangeFamily]
    /// The `paired-features:` table: the features the paired rules (obligation strength, dual criminality,
    /// judicial authorisation, deference) compare.
    public var paired: PairedFeatures
    /// The `feature-phrases:` table: how explanations name a feature, where its id alone reads badly.
    public var featurePhrases: [FeatureID: String] = [:]
    /// The file the rules were read from, and the line of its `paired-features:` table, for errors.
    var file: String?
    var pairedFeaturesLine: Int?

    public init(
        version: String, classification: [ChangeType: ChangeClassification], broadeningCues: Set<String>,
        narrowingCues: Set<String>, families: [ChangeFamily] = [], paired: PairedFeatures = PairedFeatures(),
        featurePhrases: [FeatureID: String] = [:]
    ) {
        self.version = version
        self.classification = classification
        self.broadeningCues = broadeningCues
        self.narrowingCues = narrowingCues
        self.families = families
        self.paired = paired
        self.featurePhrases = featurePhrases
    }

    /// The classification of a change type (verdict changes are classified by direction instead).
    public func classify(_ type: ChangeType) -> ChangeClassification { classification[type] ?? .neutral }

    /// The family rule that types a gained or lost `feature`, if any.
    public func family(of feature: FeatureID) -> ChangeFamily? {
        families.first { $0.covers(feature) }
    }

    /// The built-in rules.
    public static func builtIn() throws -> ChangeRules {
        guard
            let url = Bundle.module.url(forResource: "comparison-rules", withExtension: "yaml", subdirectory: "Resources")
                ?? Bundle.module.url(forResource: "comparison-rules", withExtension: "yaml")
        else {
            throw SafeguardError(.internalError, "built-in comparison-rules.yaml is missing from the bundle")
        }
        return try read(url, builtIn: true)
    }

    /// Reads a rules file; every change type except `verdict-changed` must be classified.
    /// - Parameter knownFeatures: the lexicon's feature catalogue, when given: the families table may name
    ///   only its families and features.
    ///   A file without a `families:` table (written before it existed) gets the built-in one.
    public static func load(contentsOf url: URL, knownFeatures: Set<FeatureID>? = nil) throws -> ChangeRules {
        let rules = try read(url, builtIn: false)
        if let knownFeatures { try rules.check(against: knownFeatures) }
        return rules
    }

    private static func read(_ url: URL, builtIn isBuiltIn: Bool) throws -> ChangeRules {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw SafeguardError(.inputNotFound, "cannot read comparison rules: \(error.localizedDescription)", file: url.path)
        }
        var rules = try parse(text, file: url.path)
        if rules.families.isEmpty {
            guard !isBuiltIn else { throw SafeguardError(.internalError, "built-in comparison-rules.yaml has no families table") }
            rules.families = try builtIn().families
        }
        return rules
    }

    /// Refuses a families table that names a family or feature the lexicon's catalogue lacks.
    public func check(against knownFeatures: Set<FeatureID>) throws {
        for family in families {
            if !knownFeatures.contains(where: { $0.family == family.family }) {
                throw SafeguardError(
                    .invalidConfiguration,
                    "families.\(family.family): no feature of the lexicon's catalogue is in this family",
                    file: family.file, line: family.line)
            }
            for feature in family.features ?? [] where !knownFeatures.contains(feature) {
                throw SafeguardError(
                    .invalidConfiguration,
                    "families.\(family.family).features: unknown feature '\(feature)' (not in the lexicon's feature catalogue)",
                    file: family.file, line: family.line)
            }
        }
        for feature in featurePhrases.keys.sorted() where !knownFeatures.contains(feature) {
            throw SafeguardError(
                .invalidConfiguration, "feature-phrases: unknown feature '\(feature)' (not in the lexicon's feature catalogue)",
                file: file)
        }
        for (key, feature) in paired.named where !knownFeatures.contains(feature) {
            throw SafeguardError(
                .invalidConfiguration,
                "paired-features.\(key): unknown feature '\(feature)' (not in the lexicon's feature catalogue)",
                file: file, line: pairedFeaturesLine)
        }
    }

    static func parse(_ text: String, file: String) throws -> ChangeRules {
        let document = try YAMLDocument(text: text, file: file)
        var rules = try ChangeRulesParser(document: document).parse()
        rules.file = file
        rules.pairedFeaturesLine = document.root.mapping?["paired-features"]?.mark?.line
        return rules
    }
}
