public import Foundation
import SafeguardConfig
import SafeguardModel
import Yams

/// One right a victim of cybercrime is owed (protection, information, compensation, ...).
public struct RightDefinition: Sendable, Hashable {
    public var id: String
    public var title: String
    /// One plain sentence for the victim ("You have a right to ...").
    public var plain: String
    /// Analysis features whose findings grant the right.
    public var features: [String]
    /// When not empty, only findings whose quote contains one of these words count.
    public var quoteContains: [String]
    /// Extra phrases searched in provisions that name a victim.
    public var phrases: [String]
    /// What the right should be, in our own words, and who stated it.
    public var principle: String
    public var source: String
}

/// Words that make a duty conditional ("where appropriate", "within its means", ...).
public struct ConditionDefinition: Sendable, Hashable {
    public var id: String
    /// The condition as drafters write it ("where appropriate").
    public var title: String
    public var plain: String
    public var cues: [String]
}

/// A way help flows between two states under a treaty that binds both (preservation, mutual assistance, ...).
public struct ChannelDefinition: Sendable, Hashable {
    public var id: String
    public var title: String
    public var plain: String
    public var features: [String]
    public var categories: [String]
    /// Words in a unit's heading that identify the channel.
    public var heading: [String]
    /// Words that rule a heading out ("Grounds for refusing mutual legal assistance").
    public var headingUnless: [String]
}

/// A kind of harm, with what matters most for it and the evidence to keep.
public struct HarmDefinition: Sendable, Hashable {
    public var id: String
    public var title: String
    public var plain: String
    /// Conduct ids of the screening taxonomy.
    public var conducts: [String]
    /// Right ids, most important first.
    public var rights: [String]
    /// Reporting-point kinds, in the order to contact them.
    public var report: [String]
    public var keep: [String]
    public var askProvider: [String]
}

/// A kind of place to report to (police cyber unit, CERT, ...).
public struct ReportingKind: Sendable, Hashable {
    public var id: String
    public var title: String
    public var plain: String
}

/// A legal term and its plain meaning, explained on first use.
public struct GlossaryEntry: Sendable, Hashable, Codable {
    public var term: String
    public var plain: String
}

/// The victims' vocabulary (schema `safeguard.victims/1`): rights, conditions, channels, harms, reporting
/// kinds, sentence templates and the glossary. Knowledge as data: see `Resources/victims-en.yaml` and
/// docs/recourse.md.
public struct VictimsVocabulary: Sendable {
    public static let schemaID = "safeguard.victims/1"

    public var version: String
    public var rights: [RightDefinition]
    public var conditions: [ConditionDefinition]
    public var binding: [String]
    /// The condition given to a grant with no binding word and no other condition.
    public var noDuty: ConditionDefinition
    public var near: [String]
    public var channels: [ChannelDefinition]
    public var harms: [HarmDefinition]
    public var reporting: [ReportingKind]
    public var templates: [String: String]
    public var glossary: [GlossaryEntry]
    /// Name parts after which a state's name takes "the" in a sentence.
    public var theBefore: [String]

    /// A state's name as it reads inside a sentence: "the Kingdom of Norland", "Examplia".
    public func stateName(_ name: String) -> String {
        theBefore.contains(where: { name.contains($0) }) && !name.lowercased().hasPrefix("the ") ? "the " + name : name
    }

    public func right(_ id: String) -> RightDefinition? { rights.first { $0.id == id } }
    public func harm(_ id: String) -> HarmDefinition? { harms.first { $0.id == id } }
    public func reportingKind(_ id: String) -> ReportingKind? { reporting.first { $0.id == id } }
    public func condition(_ id: String) -> ConditionDefinition? {
        id == noDuty.id ? noDuty : conditions.first { $0.id == id }
    }

    /// Fills a template's `{placeholders}` and starts the sentence with a capital ("The Kingdom of ...").
    public func sentence(_ template: String, _ values: [String: String] = [:]) -> String {
        var text = templates[template] ?? "{\(template)}"
        for (key, value) in values { text = text.replacingOccurrences(of: "{\(key)}", with: value) }
        // A state's name that takes "the" may open a later sentence of the template too.
        text = text.replacingOccurrences(of: ". the ", with: ". The ")
        guard let first = text.first, first.isLowercase else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// The template names the navigator uses; the loader refuses a vocabulary that lacks one.
    public static let requiredTemplates = [
        "treaty-both", "treaty-none", "treaty-missing-text", "treaty-reservation", "channel-none", "crime-both",
        "crime-missing", "right-mandatory", "right-conditional", "right-absent", "report-step", "report-contact",
        "clock", "hash", "hash-how", "provider-article", "provider-domestic", "missing-none", "missing-conditional",
        "missing-nothing", "treaty-signed", "treaty-domestic", "no-text", "guidance", "victim-organisation", "victim-person",
    ]

    /// The shipped English vocabulary.
    public static func builtIn() throws -> VictimsVocabulary {
        guard
            let url = Bundle.module.url(forResource: "victims-en", withExtension: "yaml", subdirectory: "Resources")
                ?? Bundle.module.url(forResource: "victims-en", withExtension: "yaml")
        else { throw SafeguardError(.internalError, "the victims vocabulary is missing from the build") }
        return try load(contentsOf: url, displayName: "victims-en.yaml")
    }

    /// Reads a vocabulary file; any error names the file and line (exit 78).
    public static func load(contentsOf url: URL, displayName: String? = nil) throws -> VictimsVocabulary {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SafeguardError(.inputNotFound, "cannot read \(url.path)", file: url.path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SafeguardError(.invalidConfiguration, "the file is not UTF-8 text", file: url.path)
        }
        return try parse(text, file: displayName ?? url.path)
    }

    /// Parses vocabulary YAML.
    public static func parse(_ text: String, file: String) throws -> VictimsVocabulary {
        let doc = try YAMLDocument(text: text, file: file)
        let top = try doc.mapping(
            doc.root, "vocabulary",
            allowed: [
                "schema", "version", "language", "rights", "conditions", "binding", "no-duty", "near", "channels", "harms",
                "reporting", "templates", "glossary", "the-before",
            ])
        let schema = try top.requiredString("schema")
        guard schema == schemaID else { throw doc.error("expected schema \(schemaID), found \(schema)", at: top["schema"]) }
        let reader = VocabularyReader(doc: doc, top: top)
        let rights = try reader.rights()
        let conditions = try reader.conditions()
        let noDuty = try reader.condition(try top.required("no-duty"), "no-duty", cuesRequired: false)
        let channels = try reader.channels()
        let reporting = try reader.reporting()
        let harms = try reader.harms(rights: rights, reporting: reporting)
        let templates = try reader.templates()
        let glossary = try reader.glossary()
        return VictimsVocabulary(
            version: try top.requiredString("version"), rights: rights, conditions: conditions,
            binding: try reader.strings(top["binding"], "binding"), noDuty: noDuty, near: try reader.strings(top["near"], "near"),
            channels: channels, harms: harms, reporting: reporting, templates: templates, glossary: glossary,
            theBefore: try reader.strings(top["the-before"], "the-before"))
    }
}

/// Reads the sections of a vocabulary file, one method per section, in the order ``VictimsVocabulary/parse(_:file:)``
/// calls them (so the first error met in a file stays the same).
private struct VocabularyReader {
    let doc: YAMLDocument
    let top: YAMLDocument.Mapping

    func strings(_ node: Node?, _ what: String) throws -> [String] {
        guard let node else { return [] }
        return try doc.strings(node, what).map(\.0)
    }

    func unique<T>(_ items: [T], _ id: (T) -> String, _ what: String, _ node: Node?) throws {
        var seen = Set<String>()
        for item in items where !seen.insert(id(item)).inserted {
            throw doc.error("\(what): \"\(id(item))\" is listed twice", at: node)
        }
    }

    func rights() throws -> [RightDefinition] {
        var rights: [RightDefinition] = []
        for (i, node) in try doc.list(try top.required("rights"), "rights").enumerated() {
            let m = try doc.mapping(
                node, "rights[\(i)]", allowed: ["id", "title", "plain", "features", "quote-contains", "phrases", "principle", "source"])
            rights.append(
                RightDefinition(
                    id: try m.requiredString("id"), title: try m.requiredString("title"), plain: try m.requiredString("plain"),
                    features: try strings(m["features"], "features"), quoteContains: try strings(m["quote-contains"], "quote-contains"),
                    phrases: try strings(m["phrases"], "phrases"), principle: try m.requiredString("principle"),
                    source: try m.requiredString("source")))
            if rights[i].features.isEmpty && rights[i].phrases.isEmpty {
                throw doc.error("rights[\(i)]: give features or phrases", at: node)
            }
        }
        try unique(rights, \.id, "rights", top["rights"])
        return rights
    }

    func condition(_ node: Node, _ what: String, cuesRequired: Bool) throws -> ConditionDefinition {
        let m = try doc.mapping(node, what, allowed: ["id", "title", "plain", "cues"])
        let c = ConditionDefinition(
            id: try m.requiredString("id"), title: try m.requiredString("title"), plain: try m.requiredString("plain"),
            cues: try strings(m["cues"], "\(what).cues"))
        if cuesRequired && c.cues.isEmpty { throw doc.error("\(what): give at least one cue", at: node) }
        return c
    }

    func conditions() throws -> [ConditionDefinition] {
        var conditions: [ConditionDefinition] = []
        for (i, node) in try doc.list(try top.required("conditions"), "conditions").enumerated() {
            conditions.append(try condition(node, "conditions[\(i)]", cuesRequired: true))
        }
        try unique(conditions, \.id, "conditions", top["conditions"])
        return conditions
    }

    func channels() throws -> [ChannelDefinition] {
        var channels: [ChannelDefinition] = []
        for (i, node) in try doc.list(try top.required("channels"), "channels").enumerated() {
            let m = try doc.mapping(
                node, "channels[\(i)]", allowed: ["id", "title", "plain", "features", "categories", "heading", "heading-unless"])
            channels.append(
                ChannelDefinition(
                    id: try m.requiredString("id"), title: try m.requiredString("title"), plain: try m.requiredString("plain"),
                    features: try strings(m["features"], "features"), categories: try strings(m["categories"], "categories"),
                    heading: try strings(m["heading"], "heading"), headingUnless: try strings(m["heading-unless"], "heading-unless")))
        }
        try unique(channels, \.id, "channels", top["channels"])
        return channels
    }

    func reporting() throws -> [ReportingKind] {
        var reporting: [ReportingKind] = []
        for (i, node) in try doc.list(try top.required("reporting"), "reporting").enumerated() {
            let m = try doc.mapping(node, "reporting[\(i)]", allowed: ["id", "title", "plain"])
            reporting.append(
                ReportingKind(id: try m.requiredString("id"), title: try m.requiredString("title"), plain: try m.requiredString("plain")))
        }
        try unique(reporting, \.id, "reporting", top["reporting"])
        return reporting
    }

    func harms(rights: [RightDefinition], reporting: [ReportingKind]) throws -> [HarmDefinition] {
        var harms: [HarmDefinition] = []
        for (i, node) in try doc.list(try top.required("harms"), "harms").enumerated() {
            let what = "harms[\(i)]"
            let m = try doc.mapping(node, what, allowed: ["id", "title", "plain", "conducts", "rights", "report", "keep", "ask-provider"])
            let harm = HarmDefinition(
                id: try m.requiredString("id"), title: try m.requiredString("title"), plain: try m.requiredString("plain"),
                conducts: try strings(m["conducts"], "\(what).conducts"), rights: try strings(m["rights"], "\(what).rights"),
                report: try strings(m["report"], "\(what).report"), keep: try strings(m["keep"], "\(what).keep"),
                askProvider: try strings(m["ask-provider"], "\(what).ask-provider"))
            for r in harm.rights where !rights.contains(where: { $0.id == r }) {
                throw doc.error("\(what).rights: unknown right \"\(r)\"", at: m["rights"])
            }
            for k in harm.report where !reporting.contains(where: { $0.id == k }) {
                throw doc.error("\(what).report: unknown reporting kind \"\(k)\"", at: m["report"])
            }
            harms.append(harm)
        }
        try unique(harms, \.id, "harms", top["harms"])
        return harms
    }

    func templates() throws -> [String: String] {
        var templates: [String: String] = [:]
        if let node = top["templates"] {
            guard let mapping = node.mapping else { throw doc.error("templates must be a mapping", at: node) }
            for (key, value) in mapping {
                guard let name = key.scalar?.string else { throw doc.error("templates: keys must be plain words", at: key) }
                templates[name] = try doc.string(value, "templates.\(name)")
            }
        }
        for name in VictimsVocabulary.requiredTemplates where templates[name] == nil {
            throw doc.error("templates: missing \"\(name)\"", at: top["templates"] ?? doc.root)
        }
        return templates
    }

    func glossary() throws -> [GlossaryEntry] {
        var glossary: [GlossaryEntry] = []
        for (i, node) in try doc.list(try top.required("glossary"), "glossary").enumerated() {
            let m = try doc.mapping(node, "glossary[\(i)]", allowed: ["term", "plain"])
            glossary.append(GlossaryEntry(term: try m.requiredString("term"), plain: try m.requiredString("plain")))
        }
        try unique(glossary, { $0.term.lowercased() }, "glossary", top["glossary"])
        return glossary
    }
}
