public import Foundation
public import SafeguardAnalysis
import SafeguardConfig
import SafeguardModel
import Yams

/// Who stated a framework's principles, where and when. Built-in frameworks restate principles in our own
/// words; the source says whose demands they are.
public struct FrameworkSource: Codable, Sendable, Hashable {
    /// The people or organisations who stated the principles.
    public var by: String
    /// The document or process they stated them in.
    public var title: String
    /// The year (or range of years) of the statement.
    public var year: String
    public var url: String?
    /// How this file relates to the source (e.g. "restated in our own words").
    public var note: String?

    public init(by: String, title: String, year: String, url: String? = nil, note: String? = nil) {
        self.by = by
        self.title = title
        self.year = year
        self.url = url
        self.note = note
    }
}

/// A feature id or a whole family (`power.*`) in a rule.
public struct FeaturePattern: Sendable, Hashable, CustomStringConvertible {
    public let raw: String
    /// The family prefix including the dot (`power.`) when the pattern is a wildcard.
    private let familyPrefix: String?

    public init(_ raw: String) {
        self.raw = raw
        familyPrefix = raw.hasSuffix(".*") ? String(raw.dropLast()) : nil
    }

    public var isWildcard: Bool { familyPrefix != nil }

    public func matches(_ feature: FeatureID) -> Bool {
        if let familyPrefix { return feature.rawValue.hasPrefix(familyPrefix) }
        return feature.rawValue == raw
    }

    public var description: String { raw }
}

/// Picks the provisions (articles and sections) a rule applies to. All the criteria given must hold;
/// within one criterion any listed value is enough.
public struct Selector: Sendable, Hashable {
    /// Every article and section, whatever its category or features.
    public var all: Bool
    /// The unit's primary category is one of these.
    public var categories: [Category]
    /// The unit (or any of its paragraphs) has a finding of one of these features.
    public var features: [FeaturePattern]
    public var notCategories: [Category]
    public var notFeatures: [FeaturePattern]
    /// The unit is the target of a link of one of these kinds (e.g. named by an offence list).
    public var linked: [ProvisionLink.Kind]

    public init(
        all: Bool = false, categories: [Category] = [], features: [FeaturePattern] = [],
        notCategories: [Category] = [], notFeatures: [FeaturePattern] = [], linked: [ProvisionLink.Kind] = []
    ) {
        self.all = all
        self.categories = categories
        self.features = features
        self.notCategories = notCategories
        self.notFeatures = notFeatures
        self.linked = linked
    }
}

/// Where required features may be found.
public enum Reach: String, Sendable, Hashable, CaseIterable {
    /// Only in the provision itself (including its paragraphs and points).
    case directly
    /// In the provision, or in a safeguards provision linked to it (see docs/framework-format.md).
    case orLinked = "or_linked"
}

/// What must hold in an applicable provision.
public struct Requirement: Sendable, Hashable {
    /// Every one of these features must be present.
    public var allOf: [FeatureID] {
        didSet { allOfPatterns = allOf.map { FeaturePattern($0.rawValue) } }
    }
    /// `allOf` as patterns, built once.
    private(set) var allOfPatterns: [FeaturePattern] = []
    /// At least one of these must be present.
    public var anyOf: [FeaturePattern]
    /// None of these may be present (checked in the provision itself only).
    public var noneOf: [FeaturePattern]
    /// When the requirement is otherwise unmet, any of these makes the provision partly satisfy it.
    public var partlyBy: [FeaturePattern]
    public var via: Reach

    public init(
        allOf: [FeatureID] = [], anyOf: [FeaturePattern] = [], noneOf: [FeaturePattern] = [],
        partlyBy: [FeaturePattern] = [], via: Reach = .directly
    ) {
        self.allOf = allOf
        self.allOfPatterns = allOf.map { FeaturePattern($0.rawValue) }
        self.anyOf = anyOf
        self.noneOf = noneOf
        self.partlyBy = partlyBy
        self.via = via
    }
}

/// How the applicable provisions are counted.
public enum Quantifier: String, Sendable, Hashable, CaseIterable {
    /// Each applicable provision is judged on its own; the verdict depends on how many satisfy.
    case every
    /// One satisfying provision is enough.
    case any
    /// The applicable provisions are pooled and judged as one (rights spread over several articles).
    case together
}

/// What a rule judges one at a time.
public enum Level: String, Sendable, Hashable, CaseIterable {
    /// Articles and sections, each with all its paragraphs and points (the default).
    case unit
    /// Paragraphs (the direct parts of an article or section, with their points) that hold a finding: for
    /// principles about each right or power as stated, where a qualifier in the same paragraph matters.
    case paragraph
    /// The offences of criminalisation units (see ``Offence``), each with only its own elements: for
    /// principles about what every offence requires, so that one offence's harm is not credited to another.
    case offence
}

/// How a rule's outcome maps to a verdict.
public struct VerdictMapping: Sendable, Hashable {
    /// Every applicable provision satisfies the requirement.
    public var all: Verdict
    /// Some satisfy (or partly satisfy), not all.
    public var some: Verdict
    /// None satisfies even partly.
    public var none: Verdict

    public init(all: Verdict = .met, some: Verdict = .partlyMet, none: Verdict = .notMet) {
        self.all = all
        self.some = some
        self.none = none
    }
}

/// One test of a principle: which provisions, what must hold, how it is counted and mapped.
public struct Rule: Sendable, Hashable {
    /// The union of these selectors gives the applicable provisions.
    public var appliesTo: [Selector]
    public var require: Requirement
    public var quantifier: Quantifier
    public var verdicts: VerdictMapping
    public var level: Level
    /// Line in the framework file, for messages.
    public var line: Int?

    public init(
        appliesTo: [Selector], require: Requirement, quantifier: Quantifier = .every,
        verdicts: VerdictMapping = VerdictMapping(), level: Level = .unit, line: Int? = nil
    ) {
        self.appliesTo = appliesTo
        self.require = require
        self.quantifier = quantifier
        self.verdicts = verdicts
        self.level = level
        self.line = line
    }
}

/// One principle of a framework.
public struct Principle: Sendable, Hashable {
    /// Stable id that reports and reviews refer to.
    public var id: String
    public var title: String
    public var description: String
    /// A principle that demands something exist: `not-met`, never `not-applicable`, when nothing applies.
    public var existence: Bool
    /// Optional plain-language sentence per verdict, placed before the generated details.
    public var explain: [Verdict: String]
    /// Optional sentence added to the explanation when the instrument is a national law: says that the
    /// principle holds a national act to a standard written for a treaty, so a reader weighs it accordingly.
    public var nationalLawNote: String?
    /// The rules; the principle's verdict is the worst verdict of its applicable rules.
    public var rules: [Rule]

    public init(
        id: String, title: String, description: String = "", existence: Bool = false,
        explain: [Verdict: String] = [:], nationalLawNote: String? = nil, rules: [Rule]
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.existence = existence
        self.explain = explain
        self.nationalLawNote = nationalLawNote
        self.rules = rules
    }
}

/// A set of principles an instrument is judged against, loaded from YAML (see docs/framework-format.md).
public struct Framework: Sendable, Hashable {
    public var id: String
    public var title: String
    public var version: String
    public var description: String
    public var source: FrameworkSource
    public var principles: [Principle]
    /// The file it was loaded from (`builtin:ID` for built-in frameworks).
    public var file: String
    /// What the file should change, though it was read (old key spellings), as "file:line: message".
    public var warnings: [String] = []

    public init(
        id: String, title: String, version: String, description: String = "", source: FrameworkSource,
        principles: [Principle], file: String = "inline", warnings: [String] = []
    ) {
        self.id = id
        self.title = title
        self.version = version
        self.description = description
        self.source = source
        self.principles = principles
        self.file = file
        self.warnings = warnings
    }

    /// Ids of the frameworks shipped with Safeguard, in their default order.
    public static let builtInIDs = ["cybercrime-treaty-safeguards", "necessary-and-proportionate"]

    /// A framework shipped with Safeguard.
    /// - Throws: `.invalidConfiguration` for an unknown id (the message lists the known ones).
    public static func builtIn(_ id: String, knownFeatures: Set<FeatureID>? = nil) throws -> Framework {
        guard builtInIDs.contains(id),
            let url = Bundle.module.url(forResource: id, withExtension: "yaml", subdirectory: "Resources")
        else {
            throw SafeguardError(
                .invalidConfiguration,
                "unknown framework '\(id)' (built-in: \(builtInIDs.joined(separator: ", ")); or give a YAML file)")
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        return try parse(yaml: text, file: "builtin:\(id)", knownFeatures: knownFeatures)
    }

    /// Every built-in framework, in default order.
    public static func builtIns(knownFeatures: Set<FeatureID>? = nil) throws -> [Framework] {
        try builtInIDs.map { try builtIn($0, knownFeatures: knownFeatures) }
    }

    /// Loads a framework file.
    public static func load(contentsOf url: URL, knownFeatures: Set<FeatureID>? = nil) throws -> Framework {
        let document = try YAMLDocument.load(contentsOf: url)
        return try FrameworkParser(document: document, knownFeatures: knownFeatures).parse()
    }

    /// Parses framework YAML. `knownFeatures`, when given, rejects feature ids the lexicon does not define.
    public static func parse(yaml: String, file: String = "inline", knownFeatures: Set<FeatureID>? = nil) throws
        -> Framework
    {
        let document = try YAMLDocument(text: yaml, file: file)
        return try FrameworkParser(document: document, knownFeatures: knownFeatures).parse()
    }

    /// Resolves a `--framework` argument: a built-in id, or a path to a YAML file.
    public static func resolve(_ idOrPath: String, knownFeatures: Set<FeatureID>? = nil) throws -> Framework {
        if builtInIDs.contains(idOrPath) { return try builtIn(idOrPath, knownFeatures: knownFeatures) }
        let url = URL(fileURLWithPath: idOrPath)
        if FileManager.default.fileExists(atPath: url.path) {
            return try load(contentsOf: url, knownFeatures: knownFeatures)
        }
        if idOrPath.hasSuffix(".yaml") || idOrPath.hasSuffix(".yml") || idOrPath.contains("/") {
            throw SafeguardError(.inputNotFound, "framework file not found: \(idOrPath)", file: idOrPath)
        }
        return try builtIn(idOrPath, knownFeatures: knownFeatures)
    }
}

/// Turns a composed YAML document into a ``Framework``, checking every key and value.
struct FrameworkParser {
    let document: YAMLDocument
    let knownFeatures: Set<FeatureID>?

    static let schema = "safeguard.framework/1"
    private static let topKeys: Set<String> = ["schema", "id", "title", "version", "description", "source", "principles"]
    /// Keys spelt with underscores before the kebab-case style (accepted with a warning for one version).
    private static let oldSpellings: [String: String] = [
        "applies_to": "applies-to", "all_of": "all-of", "any_of": "any-of", "none_of": "none-of",
        "partly_by": "partly-by", "not_categories": "not-categories", "not_features": "not-features",
        "national_law": "national-law",
    ]
    private static let sourceKeys: Set<String> = ["by", "title", "year", "url", "note"]
    private static let ruleKeys: Set<String> = ["applies-to", "require", "quantifier", "verdicts", "level"]
    private static let principleKeys: Set<String> = Set(["id", "title", "description", "existence", "explain", "national-law", "rules"])
        .union(ruleKeys)
    private static let selectorKeys: Set<String> = [
        "all", "categories", "features", "not-categories", "not-features", "linked",
    ]
    private static let requireKeys: Set<String> = ["all-of", "any-of", "none-of", "partly-by", "via"]
    private static let verdictKeys: Set<String> = ["all", "some", "none"]

    func parse() throws -> Framework {
        let top = try document.mapping(document.root, "framework", allowed: Self.topKeys)
        try document.checkSchema(top, expected: Self.schema)
        let id = try top.requiredString("id")
        try checkIdentifier(id, "framework id", at: top["id"])
        let sourceMap = try document.mapping(try top.required("source"), "source", allowed: Self.sourceKeys)
        let source = FrameworkSource(
            by: try sourceMap.requiredString("by"),
            title: try sourceMap.requiredString("title"),
            year: try sourceMap.requiredString("year"),
            url: try sourceMap.optionalString("url"),
            note: try sourceMap.optionalString("note")
        )
        let principleNodes = try document.list(try top.required("principles"), "principles")
        guard !principleNodes.isEmpty else {
            throw document.error("principles: a framework needs at least one principle", at: top["principles"])
        }
        var principles: [Principle] = []
        var seen: Set<String> = []
        for node in principleNodes {
            let principle = try parsePrinciple(node)
            guard seen.insert(principle.id).inserted else {
                throw document.error("duplicate principle id '\(principle.id)'", at: node)
            }
            principles.append(principle)
        }
        return Framework(
            id: id,
            title: try top.requiredString("title"),
            version: try top.requiredString("version"),
            description: try top.optionalString("description") ?? "",
            source: source,
            principles: principles,
            file: document.file,
            warnings: document.warnings
        )
    }

    private func checkIdentifier(_ id: String, _ what: String, at node: Node?) throws {
        let allowed = id.unicodeScalars.allSatisfy { scalar in
            (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || scalar == "-" || scalar == "_"
        }
        guard allowed, !id.isEmpty else {
            throw document.error("\(what) '\(id)' must use only lowercase letters, digits, '-' and '_'", at: node)
        }
    }

    private func parsePrinciple(_ node: Node) throws -> Principle {
        let map = try document.mapping(node, "principle", allowed: Self.principleKeys, renamed: Self.oldSpellings)
        let id = try map.requiredString("id")
        try checkIdentifier(id, "principle id", at: map["id"])
        let what = "principle '\(id)'"
        var explain: [Verdict: String] = [:]
        if let explainNode = map["explain"] {
            let explainMap = try document.mapping(
                explainNode, "\(what).explain", allowed: Set(Verdict.allCases.map(\.rawValue)))
            for entry in explainMap.entries {
                explain[Verdict(rawValue: entry.key)!] = try document.string(entry.value, "\(what).explain")
            }
        }
        let inlineRule = Self.ruleKeys.contains { map.has($0) }
        var rules: [Rule] = []
        if let rulesNode = map["rules"] {
            if inlineRule {
                throw document.error(
                    "\(what): give either 'rules' or a single rule's keys (applies-to, require, ...), not both",
                    at: rulesNode)
            }
            for ruleNode in try document.list(rulesNode, "\(what).rules") {
                let ruleMap = try document.mapping(ruleNode, "\(what) rule", allowed: Self.ruleKeys, renamed: Self.oldSpellings)
                rules.append(try parseRule(ruleMap, what: what))
            }
        } else if inlineRule {
            let ruleMap = YAMLDocument.Mapping(
                document: document, node: node, what: what,
                entries: map.entries.filter { Self.ruleKeys.contains($0.key) })
            rules.append(try parseRule(ruleMap, what: what))
        }
        guard !rules.isEmpty else {
            throw document.error("\(what): needs a rule (applies-to and require) or a 'rules' list", at: node)
        }
        return Principle(
            id: id,
            title: try map.requiredString("title"),
            description: try map.optionalString("description") ?? "",
            existence: try map["existence"].map { try document.bool($0, "\(what).existence") } ?? false,
            explain: explain,
            nationalLawNote: try map.optionalString("national-law"),
            rules: rules
        )
    }

    private func parseRule(_ map: YAMLDocument.Mapping, what: String) throws -> Rule {
        let appliesNode = try map.required("applies-to")
        var selectors: [Selector] = []
        if let word = appliesNode.scalar?.string {
            guard word == "all" else {
                throw document.error(
                    "\(what).applies-to: expected 'all' or a list of selectors, got '\(word)'",
                    at: appliesNode)
            }
            selectors = [Selector(all: true)]
        } else {
            let nodes = appliesNode.mapping != nil ? [appliesNode] : try document.list(appliesNode, "\(what).applies-to")
            guard !nodes.isEmpty else {
                throw document.error("\(what).applies-to: needs at least one selector", at: appliesNode)
            }
            selectors = try nodes.map { try parseSelector($0, what: what) }
        }

        let requireMap = try document.mapping(
            try map.required("require"), "\(what).require", allowed: Self.requireKeys, renamed: Self.oldSpellings)
        var requirement = Requirement()
        if let node = requireMap["all-of"] {
            for (raw, valueNode) in try document.strings(node, "\(what).require.all-of") {
                let pattern = try featurePattern(raw, at: valueNode, what: what)
                if pattern.isWildcard {
                    throw document.error(
                        "\(what).require.all-of: '\(raw)' is a family wildcard; all-of needs exact feature ids",
                        at: valueNode)
                }
                requirement.allOf.append(FeatureID(raw))
            }
        }
        requirement.anyOf = try patterns(requireMap["any-of"], "\(what).require.any-of", what: what)
        requirement.noneOf = try patterns(requireMap["none-of"], "\(what).require.none-of", what: what)
        requirement.partlyBy = try patterns(requireMap["partly-by"], "\(what).require.partly-by", what: what)
        if let viaNode = requireMap["via"] {
            requirement.via = try reach(viaNode, "\(what).require.via")
        }

        var quantifier = Quantifier.every
        if let node = map["quantifier"] {
            quantifier = try document.choice(
                node, "\(what).quantifier", noun: "quantifier",
                among: [Quantifier.every, .any, .together])
        }

        var verdicts = VerdictMapping()
        if let node = map["verdicts"] {
            let verdictMap = try document.mapping(node, "\(what).verdicts", allowed: Self.verdictKeys)
            for entry in verdictMap.entries {
                let verdict = try document.choice(
                    entry.value, "\(what).verdicts.\(entry.key)", noun: "verdict",
                    among: [Verdict.met, .partlyMet, .notMet])
                switch entry.key {
                case "all": verdicts.all = verdict
                case "some": verdicts.some = verdict
                default: verdicts.none = verdict
                }
            }
        }
        var level = Level.unit
        if let node = map["level"] {
            level = try document.choice(node, "\(what).level", noun: "level", among: [Level.unit, .paragraph, .offence])
        }
        return Rule(
            appliesTo: selectors, require: requirement, quantifier: quantifier, verdicts: verdicts,
            level: level, line: map.node.mark?.line)
    }

    /// `via`: `directly` or `or-linked` (`or_linked`, the old spelling, with a warning).
    private func reach(_ node: Node, _ what: String) throws -> Reach {
        let raw = try document.string(node, what)
        if raw == "or_linked" {
            document.warn("\(what): 'or_linked' is the old spelling of 'or-linked' (still read in this version)", at: node)
            return .orLinked
        }
        return try document.choice(raw, at: node, what, noun: "value", among: [("directly", Reach.directly), ("or-linked", .orLinked)])
    }

    private func parseSelector(_ node: Node, what: String) throws -> Selector {
        let map = try document.mapping(node, "\(what).applies-to selector", allowed: Self.selectorKeys, renamed: Self.oldSpellings)
        guard !map.entries.isEmpty else {
            throw document.error(
                "\(what).applies-to: an empty selector would select nothing; use 'applies-to: all'",
                at: node)
        }
        var selector = Selector()
        if let allNode = map["all"] { selector.all = try document.bool(allNode, "\(what).applies-to.all") }
        selector.categories = try categories(map["categories"], "\(what).applies-to.categories")
        selector.notCategories = try categories(map["not-categories"], "\(what).applies-to.not-categories")
        selector.features = try patterns(map["features"], "\(what).applies-to.features", what: what)
        selector.notFeatures = try patterns(map["not-features"], "\(what).applies-to.not-features", what: what)
        if let linkedNode = map["linked"] {
            for (raw, valueNode) in try document.strings(linkedNode, "\(what).applies-to.linked") {
                selector.linked.append(
                    try document.choice(
                        raw, at: valueNode, "\(what).applies-to.linked", noun: "link kind",
                        among: [ProvisionLink.Kind.safeguards, .offences, .reference]))
            }
        }
        return selector
    }

    private func categories(_ node: Node?, _ what: String) throws -> [Category] {
        guard let node else { return [] }
        return try document.strings(node, what).map { raw, valueNode in
            guard let category = Category(rawValue: raw) else {
                throw document.error(
                    "\(what): unknown category '\(raw)' (known: \(Category.allCases.map(\.rawValue).joined(separator: ", ")))",
                    at: valueNode)
            }
            return category
        }
    }

    private func patterns(_ node: Node?, _ key: String, what: String) throws -> [FeaturePattern] {
        guard let node else { return [] }
        return try document.strings(node, key).map { raw, valueNode in
            try featurePattern(raw, at: valueNode, what: key)
        }
    }

    private func featurePattern(_ raw: String, at node: Node, what: String) throws -> FeaturePattern {
        let pattern = FeaturePattern(raw)
        let shapeOK = raw.contains(".") && !raw.hasPrefix(".") && !raw.contains(" ")
        guard shapeOK else {
            throw document.error(
                "\(what): '\(raw)' is not a feature id (family.name, e.g. power.interception-content)",
                at: node)
        }
        if let knownFeatures, !knownFeatures.isEmpty {
            let known = knownFeatures.contains { pattern.matches($0) }
            guard known else {
                throw document.error(
                    "\(what): unknown feature '\(raw)' (not in the lexicon's feature catalogue)",
                    at: node)
            }
        }
        return pattern
    }
}

extension Framework {
    /// Every feature id or family pattern the framework's rules name, with the principle naming it, in file order:
    /// what a lexicon must define for the framework to mean what it says.
    public var featureReferences: [(principle: String, pattern: FeaturePattern)] {
        principles.flatMap { principle in
            principle.rules.flatMap { rule -> [FeaturePattern] in
                rule.appliesTo.flatMap { $0.features + $0.notFeatures }
                    + rule.require.allOf.map { FeaturePattern($0.rawValue) }
                    + rule.require.anyOf + rule.require.noneOf + rule.require.partlyBy
            }.map { (principle.id, $0) }
        }
    }
}
