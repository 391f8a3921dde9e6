import Foundation
import SafeguardConfig
import SafeguardModel
import Yams

/// How much a feature matters to the people a law affects: drives colours in tables and HTML.
public enum FeatureTone: String, Codable, Sendable, CaseIterable {
    /// The words protect people (safeguards, exceptions, refusal grounds, victims' rights).
    case protective
    /// The words extend state power or criminal reach (powers, broad scope, content offences).
    case risk
    /// Descriptive (obligation strength, offence elements).
    case neutral
}

/// A family of features (`power`, `safeguard`, ...), with its display title and colour.
public struct FeatureFamily: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    /// A CSS colour for highlights of this family (HTML output).
    public var colour: String
}

/// A feature as described in the lexicon catalogue: what it means, with an example and a counter-example.
public struct FeatureDefinition: Codable, Sendable, Hashable {
    public var id: FeatureID
    public var title: String
    public var description: String
    public var example: String?
    public var counterExample: String?
    public var tone: FeatureTone
    /// Categories of the enclosing article in which the feature may be found; nil = any.
    public var onlyIn: [Category]?
    /// Categories of the enclosing article in which the feature is never found.
    public var notIn: [Category]
    /// Whether negation cues ("shall not", "nothing in this article") cancel it.
    public var negatable: Bool
    /// Features that, when found in the same sentence of the same provision, replace this one
    /// (e.g. `harm.optional` replaces `harm.required` in "may require that the conduct result in serious harm").
    public var suppressedBy: [FeatureID]
    /// Features that, when found in the same provision or one enclosing it, replace this one (e.g. the
    /// "deletion of computer data" of a forgery or fraud provision is the means, not data interference).
    public var suppressedAroundBy: [FeatureID]
    /// Whether the words of an article's or section's own heading count as evidence (e.g. the heading
    /// "Unauthorised access to computer material" of an offence section states the offence kind). Other
    /// features never rest on headings.
    public var inHeadings: Bool = false
    /// Primary categories of the enclosing article in which the feature is never found, even when a secondary
    /// category allows it (the harm that links an offence to the territory in a jurisdiction section is no
    /// element of the offence).
    public var notWhenPrimary: [Category] = []
}

/// A category as described in the lexicon: its meaning and the cues that decide it.
public struct CategoryDefinition: Codable, Sendable, Hashable {
    public var id: Category
    public var title: String
    public var description: String
}

/// A negation or exclusion cue: words that cancel positive features after them.
public struct NegationCue: Sendable, Hashable {
    /// How far after the cue the negation reaches.
    public enum Scope: String, Sendable, Hashable {
        /// From the cue to the end of its clause (`;` or sentence end), within `window` words.
        case clause
        /// Everything after the cue up to the end of its sentence, including the sub-provisions the sentence
        /// runs into ("Nothing in this article shall be interpreted as: (a) authorizing ...").
        case sentence
        /// The whole provision that holds the cue, before and after it: a proviso such as "Provided, that if
        /// no damage has yet been caused, the penalty shall be lower" takes away an element stated earlier.
        case provision
        /// From the cue to the end of its phrase: the next comma, `;`, `:`, dash or sentence end, within
        /// `window` words ("with the intention to induce ... or to gain unauthorized access ...,").
        case phrase
        /// From the cue to the end of the provision holding it, its sub-provisions included (a worked example
        /// or illustration printed at the end of a section).
        case remainder
    }

    public var id: String
    public var scope: Scope
    public var window: Int
    /// `effect: optional`: the features it governs are kept and marked optional (an element a party may add)
    /// instead of being cancelled.
    public var marksOptional: Bool = false
    /// Feature ids or family names cancelled; empty = every negatable feature.
    public var cancels: [String]
    /// Words that, right before the feature's words, put them beside the cue's phrase rather than in it ("with
    /// intent to defraud and without authorisation": the standard is coordinated with the intent).
    public var notAfter: [String] = []

    func cancels(_ feature: FeatureID) -> Bool {
        if cancels.isEmpty { return true }
        return cancels.contains { $0 == feature.rawValue || $0 == feature.family }
    }
}

/// What the modal of a clause makes of its actor's action (`clauses: modals:` in the lexicon).
public enum Modality: String, Sendable, Hashable, CaseIterable {
    case shall, must, may
    case shallNot = "shall-not"
    case mayNot = "may-not"
}

/// A rule of the clause reading (`clauses: rules:`): in a clause whose actor and modal are as given, the listed
/// features are kept against the clause's own negative modal, marked optional, or cancelled.
public struct ClauseRule: Sendable, Hashable {
    public enum Effect: String, Sendable, Hashable {
        /// The clause's own negative modal ("A person shall not intentionally ...") does not cancel them.
        case keep
        /// Kept and marked `optional: true` ("A Party may require that ... with dishonest intent").
        case optional
        /// Cancelled.
        case cancel
    }
    /// Where in the clause the feature's words must stand for the rule to apply.
    public enum Position: String, Sendable, Hashable {
        /// Anywhere in the clause (or the list items that read under it).
        case any
        /// Inside the subject: after the clause's first word and before its modal.
        case inSubject = "in-subject"
    }

    public var id: String
    /// Actor kinds (`party`, `person`, ...); `none` = no actor before the modal; empty = any.
    public var actors: [String]
    /// Modalities; empty = any clause, with or without a modal.
    public var modalities: [Modality]
    /// Words that must follow the modal (one of them); empty = any.
    public var followedBy: [String] = []
    /// Words that must not follow the modal.
    public var notFollowedBy: [String] = []
    public var position: Position = .any
    public var effect: Effect
    /// Feature ids or family names the rule applies to.
    public var features: [String]

    func applies(to feature: FeatureID) -> Bool {
        // The family is split out of the id once per call, not once per name (the analysis asks for every clause
        // and feature: splitting per name was a sixth of analysing real texts).
        let family = feature.family
        return features.contains { $0 == feature.rawValue || $0 == family }
    }
}

/// A pattern as written in a lexicon file, before compilation.
struct PatternSource: Sendable {
    enum Role: Sendable, Hashable {
        case feature(FeatureID)
        case headingCue(Category)
        case bodyCue(Category)
        /// Words in a chapter or part heading that make its articles likely to be of a category.
        case contextCue(Category)
        case negation(NegationCue)
        case link(ProvisionLink.Kind)
        /// Words that state an offence's penalty or circumstances (`offence-elements:`).
        case element(Offence.Element)
        /// Words that name the actor of a clause (`clauses: actors:`), by kind.
        case clauseActor(String)
        /// A modal of a clause (`clauses: modals:`).
        case clauseModal(Modality)
    }

    var id: String
    var role: Role
    var match: String
    var unless: [String]
    /// Phrases that must stand before the match in its provision or an enclosing one of the same article
    /// ("may refuse" in the chapeau of a list of refusal grounds).
    var context: [String] = []
    /// Score weight of a category cue (heading cues default to 10, body cues to 1, context cues to 3).
    var weight: Int?
    var file: String
    var line: Int?
}

/// The parsed content of one lexicon file.
struct LexiconFileContent: Sendable {
    var file: String
    var language: String
    var version: String
    var defaultGap: Int?
    var families: [FeatureFamily] = []
    var features: [FeatureDefinition] = []
    /// Feature ids an extension file adds patterns to, with the line of the entry (for errors).
    var featureReferences: [(FeatureID, Int?)] = []
    var categories: [CategoryDefinition] = []
    var categoryReferences: [(Category, Int?)] = []
    /// Words that, alone or first in brackets, make a unit repealed ("[Repealed]", "[Omitted.]").
    var repealedMarkers: [String] = []
    var patterns: [PatternSource] = []
    var linkWindow: Int?
    /// The `category-scoring:` values this file sets, by key (see ``CategoryScoring``).
    var categoryScoring: [String: Int] = [:]
    /// The clause reading's rules (`clauses: rules:`).
    var clauseRules: [ClauseRule] = []
}

/// Reads lexicon YAML into ``LexiconFileContent``, reporting every problem with its file and line.
struct LexiconFileReader {
    static let schema = "safeguard.lexicon/1"

    let file: String

    func error(_ message: String, _ node: Node?) -> SafeguardError {
        SafeguardError(.invalidConfiguration, message, file: file, line: node?.mark?.line)
    }

    /// Reads one file: its header, then each section in turn.
    func read(yaml: String, isBuiltIn: Bool) throws -> LexiconFileContent {
        // YAMLDocument parses and reports bad YAML (with its line) as every other data file does.
        let root = try YAMLDocument(text: yaml, file: file).root
        guard case .mapping(let top) = root else {
            throw self.error("a lexicon must be a YAML mapping with schema, language and version", root)
        }
        var content = try header(top, root)
        try readFamilies(top, into: &content)
        try readFeatures(top, isBuiltIn: isBuiltIn, into: &content)
        try readNegation(top, into: &content)
        try readCategories(top, isBuiltIn: isBuiltIn, into: &content)
        try readOffenceElements(top, into: &content)
        if let clausesNode = top["clauses"] {
            try readClauses(clausesNode, into: &content)
        }
        try readScoring(top, into: &content)
        try readLinks(top, into: &content)
        return content
    }

    /// `schema`, `language`, `version` and `gap`; any other top-level key must be a known section.
    private func header(_ top: Node.Mapping, _ root: Node) throws -> LexiconFileContent {
        let schema = try string(top, "schema", required: true, root)!
        guard schema == Self.schema else {
            throw error("unsupported schema '\(schema)' (expected \(Self.schema))", top["schema"])
        }
        let language = try string(top, "language", required: true, root)!
        let version = try string(top, "version", required: true, root)!
        var content = LexiconFileContent(file: file, language: language, version: version)
        content.defaultGap = try int(top, "gap", root)
        let known: Set<String> = [
            "schema", "language", "version", "gap", "families", "features", "negation",
            "categories", "links", "offence-elements", "category-scoring", "clauses",
        ]
        for key in top.keys {
            if let name = key.string, !known.contains(name) {
                throw error("unknown key '\(name)' (expected one of: \(known.sorted().joined(separator: ", ")))", key)
            }
        }
        return content
    }

    private func readFamilies(_ top: Node.Mapping, into content: inout LexiconFileContent) throws {
        for node in try sequence(top, "families") {
            let map = try mapping(node)
            content.families.append(
                FeatureFamily(
                    id: try string(map, "id", required: true, node)!,
                    title: try string(map, "title", required: true, node)!,
                    colour: try string(map, "colour", node) ?? "#fff3b0"))
        }
    }

    /// `features:`: a feature with a title is defined here; one without adds patterns to a catalogue feature.
    private func readFeatures(_ top: Node.Mapping, isBuiltIn: Bool, into content: inout LexiconFileContent) throws {
        for node in try sequence(top, "features") {
            let map = try mapping(node)
            let idString = try string(map, "id", required: true, node)!
            guard idString.contains("."), !idString.hasPrefix("."), !idString.hasSuffix(".") else {
                throw error("feature id '\(idString)' must be 'family.name'", map["id"])
            }
            let id = FeatureID(idString)
            if let title = try string(map, "title", node) {
                content.features.append(try feature(id, title: title, map, node, isBuiltIn: isBuiltIn))
            } else {
                content.featureReferences.append((id, node.mark?.line))
            }
            for patternNode in try sequence(map, "patterns") {
                content.patterns.append(try pattern(patternNode, role: .feature(id)))
            }
        }
    }

    private func feature(_ id: FeatureID, title: String, _ map: Node.Mapping, _ node: Node, isBuiltIn: Bool) throws
        -> FeatureDefinition
    {
        let toneString = try string(map, "tone", node) ?? "neutral"
        guard let tone = FeatureTone(rawValue: toneString) else {
            throw error("unknown tone '\(toneString)' (protective, risk or neutral)", map["tone"])
        }
        return FeatureDefinition(
            id: id, title: title,
            description: try string(map, "description", required: isBuiltIn, node) ?? "",
            example: try string(map, "example", node),
            counterExample: try string(map, "counter-example", node),
            tone: tone,
            onlyIn: try map["only-in"].map { try categories($0) },
            notIn: try map["not-in"].map { try categories($0) } ?? [],
            negatable: try bool(map, "negatable", node) ?? true,
            suppressedBy: try strings(map, "suppressed-by").map { FeatureID($0) },
            suppressedAroundBy: try strings(map, "suppressed-around-by").map { FeatureID($0) },
            inHeadings: try bool(map, "in-headings", node) ?? false,
            notWhenPrimary: try map["not-when-primary"].map { try categories($0) } ?? [])
    }

    /// `negation:`: each cue's phrases become patterns that share the cue.
    private func readNegation(_ top: Node.Mapping, into content: inout LexiconFileContent) throws {
        for node in try sequence(top, "negation") {
            let map = try mapping(node)
            let scopeString = try string(map, "scope", node) ?? "clause"
            guard let scope = NegationCue.Scope(rawValue: scopeString) else {
                throw error(
                    "unknown negation scope '\(scopeString)' (clause, sentence, provision, phrase or remainder)", map["scope"])
            }
            var cue = NegationCue(
                id: try string(map, "id", required: true, node)!, scope: scope,
                window: try int(map, "window", node) ?? 8, cancels: try strings(map, "cancels"))
            let effect = try string(map, "effect", node) ?? "cancel"
            guard effect == "cancel" || effect == "optional" else {
                throw error("unknown negation effect '\(effect)' (cancel or optional)", map["effect"])
            }
            cue.marksOptional = effect == "optional"
            cue.notAfter = try strings(map, "not-after").map { $0.lowercased() }
            for phrase in try phrases(map, "match", node) {
                content.patterns.append(
                    PatternSource(
                        id: cue.id, role: .negation(cue), match: phrase.text, unless: try strings(map, "unless"),
                        weight: nil, file: file, line: phrase.line))
            }
        }
    }

    /// `categories:`: titles, repealed markers and the heading, body and context cues.
    private func readCategories(_ top: Node.Mapping, isBuiltIn: Bool, into content: inout LexiconFileContent) throws {
        for node in try sequence(top, "categories") {
            let map = try mapping(node)
            let idNode = map["id"]
            let category = try self.category(idNode ?? node)
            if category == .repealed {
                content.repealedMarkers += try strings(map, "markers").map { $0.lowercased() }
            }
            if let title = try string(map, "title", node) {
                content.categories.append(
                    CategoryDefinition(
                        id: category, title: title,
                        description: try string(map, "description", required: isBuiltIn, node) ?? ""))
            } else {
                content.categoryReferences.append((category, node.mark?.line))
            }
            for cue in try sequence(map, "heading") {
                content.patterns.append(try pattern(cue, role: .headingCue(category)))
            }
            for cue in try sequence(map, "body") {
                content.patterns.append(try pattern(cue, role: .bodyCue(category)))
            }
            for cue in try sequence(map, "context") {
                content.patterns.append(try pattern(cue, role: .contextCue(category)))
            }
        }
    }

    private func readOffenceElements(_ top: Node.Mapping, into content: inout LexiconFileContent) throws {
        guard let elementsNode = top["offence-elements"] else { return }
        let map = try mapping(elementsNode)
        for key in map.keys {
            guard let name = key.string, let element = Offence.Element(rawValue: name),
                element == .penalty || element == .circumstances
            else {
                throw error("offence-elements: unknown element '\(key.string ?? "")' (penalty or circumstances)", key)
            }
            for cue in try sequence(map, name) {
                content.patterns.append(try pattern(cue, role: .element(element)))
            }
        }
    }

    private func readScoring(_ top: Node.Mapping, into content: inout LexiconFileContent) throws {
        guard let scoringNode = top["category-scoring"] else { return }
        let map = try mapping(scoringNode)
        let known = CategoryScoring.keys.map(\.key)
        for key in map.keys {
            if let name = key.string, !known.contains(name) {
                throw error("category-scoring: unknown key '\(name)' (expected one of: \(known.joined(separator: ", ")))", key)
            }
        }
        for key in known { content.categoryScoring[key] = try int(map, key, scoringNode) }
    }

    private func readLinks(_ top: Node.Mapping, into content: inout LexiconFileContent) throws {
        guard let linksNode = top["links"] else { return }
        let map = try mapping(linksNode)
        content.linkWindow = try int(map, "window", linksNode)
        for (key, kind) in [("offences", ProvisionLink.Kind.offences), ("safeguards", .safeguards)] {
            for cue in try sequence(map, key) {
                content.patterns.append(try pattern(cue, role: .link(kind)))
            }
        }
    }

    // MARK: - Clauses

    /// `clauses:` with `actors:` (kind → phrases), `modals:` (modality → phrases) and `rules:`.
    private func readClauses(_ node: Node, into content: inout LexiconFileContent) throws {
        let map = try mapping(node)
        for key in map.keys {
            if let name = key.string, !["actors", "modals", "rules"].contains(name) {
                throw error("clauses: unknown key '\(name)' (actors, modals or rules)", key)
            }
        }
        var kinds: [String] = []
        if let actorsNode = map["actors"] {
            let actors = try mapping(actorsNode)
            for key in actors.keys {
                guard let kind = key.string, kind != "none" else { throw error("clauses: an actor kind must be a name", key) }
                kinds.append(kind)
                for cue in try sequence(actors, kind) {
                    content.patterns.append(try pattern(cue, role: .clauseActor(kind)))
                }
            }
        }
        if let modalsNode = map["modals"] {
            let modals = try mapping(modalsNode)
            for key in modals.keys {
                guard let name = key.string, let modality = Modality(rawValue: name) else {
                    let known = Modality.allCases.map(\.rawValue).joined(separator: ", ")
                    throw error("clauses: unknown modal '\(key.string ?? "")' (\(known))", key)
                }
                for cue in try sequence(modals, name) {
                    content.patterns.append(try pattern(cue, role: .clauseModal(modality)))
                }
            }
        }
        for ruleNode in try sequence(map, "rules") {
            content.clauseRules.append(try clauseRule(ruleNode))
        }
    }

    private func clauseRule(_ node: Node) throws -> ClauseRule {
        let map = try mapping(node)
        let known = ["id", "actors", "modalities", "followed-by", "not-followed-by", "position", "effect", "features"]
        for key in map.keys {
            if let name = key.string, !known.contains(name) {
                throw error("clauses: unknown key '\(name)' in a rule (\(known.joined(separator: ", ")))", key)
            }
        }
        let modalities = try strings(map, "modalities").map { name in
            guard let modality = Modality(rawValue: name) else {
                throw error("clauses: unknown modality '\(name)'", map["modalities"])
            }
            return modality
        }
        let effectName = try string(map, "effect", required: true, node)!
        guard let effect = ClauseRule.Effect(rawValue: effectName) else {
            throw error("clauses: unknown effect '\(effectName)' (keep, optional or cancel)", map["effect"])
        }
        let positionName = try string(map, "position", node) ?? "any"
        guard let position = ClauseRule.Position(rawValue: positionName) else {
            throw error("clauses: unknown position '\(positionName)' (any or in-subject)", map["position"])
        }
        let features = try strings(map, "features")
        guard !features.isEmpty else { throw error("clauses: a rule needs 'features'", node) }
        return ClauseRule(
            id: try string(map, "id", required: true, node)!, actors: try strings(map, "actors"), modalities: modalities,
            followedBy: try strings(map, "followed-by").map { $0.lowercased() },
            notFollowedBy: try strings(map, "not-followed-by").map { $0.lowercased() }, position: position, effect: effect,
            features: features)
    }

    // MARK: - Pieces

    /// A pattern: either a plain string (its id is the phrase) or a mapping with `id`, `match`, `unless`.
    private func pattern(_ node: Node, role: PatternSource.Role) throws -> PatternSource {
        if let text = node.scalar?.string {
            return PatternSource(
                id: text, role: role, match: text, unless: [], weight: nil, file: file, line: node.mark?.line)
        }
        let map = try mapping(node)
        let match = try string(map, "match", required: true, node)!
        for key in map.keys {
            if let name = key.string, !["id", "match", "unless", "context", "weight"].contains(name) {
                throw error("unknown key '\(name)' in a pattern (id, match, unless, context, weight)", key)
            }
        }
        return PatternSource(
            id: try string(map, "id", node) ?? match, role: role, match: match, unless: try strings(map, "unless"),
            context: try strings(map, "context"),
            weight: try int(map, "weight", node), file: file, line: map["match"]?.mark?.line ?? node.mark?.line)
    }

    private func phrases(_ map: Node.Mapping, _ key: String, _ owner: Node) throws -> [(text: String, line: Int?)] {
        guard let node = map[key] else { throw error("missing '\(key)'", owner) }
        if let text = node.scalar?.string { return [(text, node.mark?.line)] }
        guard case .sequence(let items) = node else { throw error("'\(key)' must be a phrase or a list", node) }
        return try items.map { item in
            guard let text = item.scalar?.string else { throw error("'\(key)' items must be phrases", item) }
            return (text, item.mark?.line)
        }
    }

    private func category(_ node: Node) throws -> Category {
        guard let text = node.scalar?.string else { throw error("a category id must be a string", node) }
        guard let category = Category(rawValue: text) else {
            throw error(
                "unknown category '\(text)' (known: \(Category.allCases.map(\.rawValue).joined(separator: ", ")))", node)
        }
        return category
    }

    private func categories(_ node: Node) throws -> [Category] {
        guard case .sequence(let items) = node else { throw error("expected a list of categories", node) }
        return try items.map { try category($0) }
    }

    private func mapping(_ node: Node) throws -> Node.Mapping {
        guard case .mapping(let map) = node else { throw error("expected a mapping", node) }
        return map
    }

    private func sequence(_ map: Node.Mapping, _ key: String) throws -> [Node] {
        guard let node = map[key] else { return [] }
        if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.string == "~" { return [] }
        guard case .sequence(let items) = node else { throw error("'\(key)' must be a list", node) }
        return Array(items)
    }

    private func string(_ map: Node.Mapping, _ key: String, required: Bool = false, _ owner: Node?) throws -> String? {
        guard let node = map[key] else {
            if required { throw error("missing '\(key)'", owner) }
            return nil
        }
        guard case .scalar(let scalar) = node else { throw error("'\(key)' must be a string", node) }
        return scalar.string
    }

    private func strings(_ map: Node.Mapping, _ key: String) throws -> [String] {
        guard let node = map[key] else { return [] }
        if let single = node.scalar?.string { return [single] }
        guard case .sequence(let items) = node else { throw error("'\(key)' must be a list of strings", node) }
        return try items.map { item in
            guard let text = item.scalar?.string else { throw error("'\(key)' items must be strings", item) }
            return text
        }
    }

    private func int(_ map: Node.Mapping, _ key: String, _ owner: Node?) throws -> Int? {
        guard let node = map[key] else { return nil }
        guard let value = node.int, value >= 0 else { throw error("'\(key)' must be a non-negative integer", node) }
        return value
    }

    private func bool(_ map: Node.Mapping, _ key: String, _ owner: Node?) throws -> Bool? {
        guard let node = map[key] else { return nil }
        guard let value = node.bool else { throw error("'\(key)' must be true or false", node) }
        return value
    }
}
