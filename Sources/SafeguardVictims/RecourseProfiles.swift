public import Foundation
import SafeguardConfig
public import SafeguardModel
public import SafeguardScreening
import Yams

/// Who was harmed: a person or an organisation (a clinic, an NGO, a firm). Some reporting points and
/// deadlines apply to one only.
public enum VictimKind: String, Codable, Sendable, CaseIterable {
    case person
    case organisation
}

/// A provision a profile points at: instrument id (file name without extension) and eId.
public struct ProvisionReference: Sendable, Hashable {
    public var instrument: String
    public var eId: EId
}

/// A deadline that starts when something happens ("72 hours from when you learn of the breach").
public struct DeadlineClock: Sendable, Hashable {
    /// The time allowed, in the words of the provision when `basis` is given ("seventy-two hours").
    public var within: String
    public var starts: String
    /// Empty: applies to every victim.
    public var appliesTo: [VictimKind]
    public var basis: ProvisionReference?
    /// The statute as the state writes it, when the text is not on file.
    public var statute: String?
    /// Where it stands in the profile ("reporting-points[2].clocks[0]").
    public var field: String
}

/// A place to report to.
public struct ReportingPoint: Sendable, Hashable {
    /// A reporting kind of the vocabulary (`police-cyber-unit`, `cert`, ...).
    public var kind: String
    public var name: String
    public var contact: String?
    public var appliesTo: [VictimKind]
    /// The provision that sets the point up or names it, when on file.
    public var basis: ProvisionReference?
    public var clocks: [DeadlineClock]
    public var field: String
}

/// A jurisdiction profile with the recourse navigator's additions (`national-acts`, `reporting-points`).
///
/// The base profile is read and validated by SafeguardScreening (schema `safeguard.profile/1`); the additions
/// are optional, so every screening profile is also a recourse profile. Format: docs/recourse.md.
public struct RecourseProfile: Sendable {
    public var base: JurisdictionProfile
    /// The file the profile came from, as displayed in citations.
    public var file: String
    /// Instrument ids of the national acts that hold the state's victims' provisions.
    public var nationalActs: [String]
    public var reportingPoints: [ReportingPoint]

    public var id: String { base.id }
    public var name: String { base.name }

    /// Instrument ids of the treaties the state is a party to (status `party`).
    public var treaties: [String] { base.memberships.filter { $0.status == "party" }.map(\.instrument) }

    /// Every instrument whose rights bind the state: its treaties, then its national acts.
    public var bindingInstruments: [String] { treaties + nationalActs.filter { !treaties.contains($0) } }
}

/// The profiles of a directory, with their recourse additions.
public struct RecourseProfiles: Sendable {
    public var profiles: [RecourseProfile]

    public init(_ profiles: [RecourseProfile]) { self.profiles = profiles }

    public func profile(_ id: String) -> RecourseProfile? { profiles.first { $0.id == id } }

    /// Every instrument id any profile refers to.
    public var instrumentIDs: [String] {
        var ids: [String] = []
        for p in profiles { for i in p.bindingInstruments where !ids.contains(i) { ids.append(i) } }
        return ids
    }

    /// The shipped fictional profiles.
    public static func builtIn(vocabulary: VictimsVocabulary) throws -> RecourseProfiles {
        try load(directory: try ScreeningResources.profilesDirectory(), vocabulary: vocabulary, displayPrefix: "profiles/")
    }

    /// Reads every `*.yaml`/`*.yml` profile in a directory: the screening loader validates the base, this one
    /// the additions (unknown keys, unknown reporting kinds and victim kinds are errors, exit 78).
    public static func load(directory: URL, vocabulary: VictimsVocabulary, displayPrefix: String? = nil) throws -> RecourseProfiles {
        let taxonomy = try ScreeningResources.taxonomy()
        let base = try ProfileSet.load(directory: directory, taxonomy: taxonomy)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        var result: [RecourseProfile] = []
        for name in names {
            let url = directory.appendingPathComponent(name)
            let display = displayPrefix.map { $0 + name } ?? url.path
            let doc = try YAMLDocument.load(contentsOf: url)
            guard let mapping = doc.root.mapping, let id = mapping["id"]?.scalar?.string, let profile = base.profile(id) else {
                continue  // the screening loader has already refused a profile without an id
            }
            result.append(try parseAdditions(doc, base: profile, display: display, vocabulary: vocabulary))
        }
        return RecourseProfiles(result)
    }

    static func parseAdditions(_ doc: YAMLDocument, base: JurisdictionProfile, display: String, vocabulary: VictimsVocabulary) throws
        -> RecourseProfile
    {
        let mapping = doc.root.mapping
        func kinds(_ node: Node?, _ what: String) throws -> [VictimKind] {
            guard let node else { return [] }
            return try doc.strings(node, what).map { value, n in
                guard let kind = VictimKind(rawValue: value) else {
                    throw doc.error("\(what): unknown victim kind \"\(value)\" (expected person or organisation)", at: n)
                }
                return kind
            }
        }
        func reference(_ node: Node?, _ what: String) throws -> ProvisionReference? {
            guard let node else { return nil }
            let m = try doc.mapping(node, what, allowed: ["instrument", "eId"])
            return ProvisionReference(instrument: try m.requiredString("instrument"), eId: EId(try m.requiredString("eId")))
        }
        var acts: [String] = []
        if let node = mapping?["national-acts"] {
            for (i, item) in try doc.list(node, "national-acts").enumerated() {
                let m = try doc.mapping(item, "national-acts[\(i)]", allowed: ["instrument", "title"])
                acts.append(try m.requiredString("instrument"))
            }
        }
        var points: [ReportingPoint] = []
        if let node = mapping?["reporting-points"] {
            for (i, item) in try doc.list(node, "reporting-points").enumerated() {
                let what = "reporting-points[\(i)]"
                let m = try doc.mapping(item, what, allowed: ["kind", "name", "contact", "for", "basis", "clocks"])
                let kind = try m.requiredString("kind")
                guard vocabulary.reportingKind(kind) != nil else {
                    throw doc.error(
                        "\(what).kind: unknown reporting kind \"\(kind)\" (known: "
                            + "\(vocabulary.reporting.map(\.id).joined(separator: ", ")))",
                        at: m["kind"])
                }
                var clocks: [DeadlineClock] = []
                if let list = m["clocks"] {
                    for (j, c) in try doc.list(list, "\(what).clocks").enumerated() {
                        let cw = "\(what).clocks[\(j)]"
                        let cm = try doc.mapping(c, cw, allowed: ["within", "starts", "for", "basis", "statute"])
                        let clock = DeadlineClock(
                            within: try cm.requiredString("within"), starts: try cm.requiredString("starts"),
                            appliesTo: try kinds(cm["for"], "\(cw).for"), basis: try reference(cm["basis"], "\(cw).basis"),
                            statute: try cm.optionalString("statute"), field: cw)
                        if clock.basis == nil && clock.statute == nil {
                            throw doc.error("\(cw): give basis (instrument and eId) or statute, so the deadline can be cited", at: c)
                        }
                        clocks.append(clock)
                    }
                }
                points.append(
                    ReportingPoint(
                        kind: kind, name: try m.requiredString("name"), contact: try m.optionalString("contact"),
                        appliesTo: try kinds(m["for"], "\(what).for"), basis: try reference(m["basis"], "\(what).basis"),
                        clocks: clocks, field: what))
            }
        }
        return RecourseProfile(base: base, file: display, nationalActs: acts, reportingPoints: points)
    }
}

/// Instrument files in a directory, by id (the file name without its extension).
public enum InstrumentDirectory {
    /// Extensions read as instruments, most preferred first when two files share an id.
    public static let extensions = ["txt", "md", "akn.xml", "xml", "html", "htm", "docx", "pdf"]

    /// `id → file` for every instrument file directly in `directory` (README files excluded).
    public static func files(in directory: URL) throws -> [String: URL] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
            throw SafeguardError(.inputNotFound, "cannot read the instruments directory", file: directory.path)
        }
        var result: [String: (URL, Int)] = [:]
        for name in names.sorted() where !name.lowercased().hasPrefix("readme") {
            let lower = name.lowercased()
            guard let rank = extensions.firstIndex(where: { lower.hasSuffix("." + $0) }) else { continue }
            let id = String(name.dropLast(extensions[rank].count + 1))
            if let existing = result[id], existing.1 <= rank { continue }
            result[id] = (directory.appendingPathComponent(name), rank)
        }
        return result.mapValues(\.0)
    }
}
