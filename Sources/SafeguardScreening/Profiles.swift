public import Foundation
public import SafeguardModel

/// One statute that makes a conduct criminal in a state.
public struct Criminalisation: Sendable, Hashable, Codable {
    /// The conduct id from the taxonomy.
    public var conduct: String
    /// The statute citation as the state writes it ("Penal Code, s. 212").
    public var statute: String
    /// The maximum penalty as written ("3 years' imprisonment").
    public var maximumPenalty: String?
}

/// A reservation or declaration a state made on joining an instrument.
public struct TreatyStatement: Sendable, Hashable, Codable {
    /// The article (eId) the statement concerns.
    public var eId: EId
    public var text: String
}

/// A state's relationship to one instrument.
public struct Membership: Sendable, Hashable, Codable {
    public var instrument: String
    /// `party`, `signatory` or another status word; only `party` counts for `requesting-state-party`.
    public var status: String
    public var reservations: [TreatyStatement]
    public var declarations: [TreatyStatement]
}

/// What a (fictional, or user-supplied) state makes criminal and how it cooperates.
///
/// Schema `safeguard.profile/1`; see docs/screening.md. Shipped profiles describe invented states only.
public struct JurisdictionProfile: Sendable, Hashable, Codable {
    /// The code requests use for the state (`NORLAND`).
    public var id: String
    public var name: String
    public var fictional: Bool
    public var criminalises: [Criminalisation]
    /// Whether dual criminality is required when no measure-specific entry applies.
    public var dualCriminalityRequiredByDefault: Bool
    /// Measure-specific dual-criminality requirements (measure id → required).
    public var dualCriminalityByMeasure: [String: Bool]
    public var memberships: [Membership]

    /// Whether dual criminality is required for a measure.
    public func dualCriminalityRequired(for measure: Measure) -> Bool {
        dualCriminalityByMeasure[measure.rawValue] ?? dualCriminalityRequiredByDefault
    }

    /// The statute that makes a conduct criminal, if any.
    public func statute(for conduct: String) -> Criminalisation? {
        criminalises.first { $0.conduct == conduct }
    }

    public func membership(of instrument: String) -> Membership? {
        memberships.first { $0.instrument == instrument }
    }

    /// Reads one profile file.
    public static func load(yaml text: String, source: String?, taxonomy: ConductTaxonomy) throws -> JurisdictionProfile {
        do {
            let root = try DataValue.parseYAML(text, source: source)
            let r = try FieldReader(root, path: "", source: source, line: nil)
            // `national-acts` and `reporting-points` belong to the recourse navigator (SafeguardVictims, docs/recourse.md):
            // screening accepts them and does not read them.
            try r.rejectUnknownKeys([
                "schema", "id", "name", "fictional", "description", "criminalises", "dual-criminality", "memberships",
                "national-acts", "reporting-points",
            ])
            let schema = try r.requiredString("schema")
            guard schema == "safeguard.profile/1" else { throw r.error("schema", "expected safeguard.profile/1, found \(schema)") }
            let id = try r.requiredString("id")
            var criminalises: [Criminalisation] = []
            for (i, item) in (try r.list("criminalises") ?? []).enumerated() {
                let c = try FieldReader(item, path: "criminalises[\(i)]", source: source, line: nil)
                try c.rejectUnknownKeys(["conduct", "statute", "max-penalty"])
                let conduct = try c.requiredString("conduct")
                guard taxonomy.conduct(conduct) != nil else {
                    throw c.error("conduct", "unknown conduct \"\(conduct)\" (not in the conduct taxonomy)")
                }
                if criminalises.contains(where: { $0.conduct == conduct }) {
                    throw c.error("conduct", "conduct \"\(conduct)\" is listed twice")
                }
                criminalises.append(
                    Criminalisation(conduct: conduct, statute: try c.requiredString("statute"), maximumPenalty: try c.string("max-penalty"))
                )
            }
            var byDefault = true
            var byMeasure: [String: Bool] = [:]
            if let dc = try r.child("dual-criminality") {
                try dc.rejectUnknownKeys(["default", "measures"])
                if let d = try dc.string("default") { byDefault = try requirement(d, dc, "default") }
                if let m = try dc.child("measures") {
                    for key in m.object.keys.sorted() {
                        guard Measure(rawValue: key) != nil else {
                            throw m.error(
                                key, "unknown measure (expected one of: \(Measure.allCases.map(\.rawValue).joined(separator: ", ")))")
                        }
                        byMeasure[key] = try requirement(try m.requiredString(key), m, key)
                    }
                }
            }
            var memberships: [Membership] = []
            for (i, item) in (try r.list("memberships") ?? []).enumerated() {
                let m = try FieldReader(item, path: "memberships[\(i)]", source: source, line: nil)
                try m.rejectUnknownKeys(["instrument", "status", "reservations", "declarations"])
                func statements(_ key: String) throws -> [TreatyStatement] {
                    var result: [TreatyStatement] = []
                    for (j, s) in (try m.list(key) ?? []).enumerated() {
                        let sr = try FieldReader(s, path: m.fieldPath(key) + "[\(j)]", source: source, line: nil)
                        try sr.rejectUnknownKeys(["eId", "text"])
                        result.append(TreatyStatement(eId: EId(try sr.requiredString("eId")), text: try sr.requiredString("text")))
                    }
                    return result
                }
                memberships.append(
                    Membership(
                        instrument: try m.requiredString("instrument"),
                        status: try m.string("status") ?? "party",
                        reservations: try statements("reservations"),
                        declarations: try statements("declarations")
                    ))
            }
            return JurisdictionProfile(
                id: id,
                name: try r.requiredString("name"),
                fictional: try r.bool("fictional") ?? false,
                criminalises: criminalises,
                dualCriminalityRequiredByDefault: byDefault,
                dualCriminalityByMeasure: byMeasure,
                memberships: memberships
            )
        } catch let error as SafeguardError where error.kind == .invalidData || error.kind == .emptyInput {
            throw SafeguardError(.invalidConfiguration, error.message, file: source, line: error.line)
        }
    }

    private static func requirement(_ text: String, _ reader: FieldReader, _ key: String) throws -> Bool {
        switch text {
        case "required": return true
        case "not-required": return false
        default: throw reader.error(key, "expected required or not-required, found \"\(text)\"")
        }
    }
}

/// The profiles a screening run knows, indexed so the engine looks states up by small integers.
public struct ProfileSet: Sendable {
    public var profiles: [JurisdictionProfile]
    var index: [String: Int]
    /// Per state: bitmask of the conducts it makes criminal.
    var criminalConducts: [UInt64]
    /// Per state: bitmask of the measures for which it requires dual criminality.
    var dualCriminalityMeasures: [UInt16]

    public init(_ profiles: [JurisdictionProfile], taxonomy: ConductTaxonomy) throws {
        self.profiles = profiles
        var index: [String: Int] = [:]
        criminalConducts = []
        dualCriminalityMeasures = []
        for (i, p) in profiles.enumerated() {
            if index[p.id] != nil { throw SafeguardError(.invalidConfiguration, "two profiles for state \"\(p.id)\"") }
            index[p.id] = i
            var mask: UInt64 = 0
            for c in p.criminalises {
                guard let ci = taxonomy.conductIndex[c.conduct] else {
                    throw SafeguardError(.invalidConfiguration, "profile \(p.id): unknown conduct \"\(c.conduct)\"")
                }
                mask |= 1 << UInt64(ci)
            }
            criminalConducts.append(mask)
            var dc: UInt16 = 0
            for m in Measure.allCases where p.dualCriminalityRequired(for: m) { dc |= m.bit }
            dualCriminalityMeasures.append(dc)
        }
        self.index = index
    }

    public func profile(_ id: String) -> JurisdictionProfile? { index[id].map { profiles[$0] } }

    func stateIndex(_ id: String) -> Int16 { index[id].map(Int16.init) ?? -1 }

    /// Loads every `*.yaml` / `*.yml` file in a directory (sorted by name, so the result is deterministic).
    public static func load(directory: URL, taxonomy: ConductTaxonomy) throws -> ProfileSet {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw SafeguardError(.inputNotFound, "cannot read the profiles directory: \(error.localizedDescription)", file: directory.path)
        }
        var profiles: [JurisdictionProfile] = []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let url = directory.appendingPathComponent(name)
            // A symbolic link could point outside the directory: only regular files in it are profiles.
            guard (try? FileManager.default.attributesOfItem(atPath: url.path))?[.type] as? FileAttributeType == .typeRegular else {
                continue
            }
            let text = try ScreeningResources.readText(url)
            profiles.append(try JurisdictionProfile.load(yaml: text, source: url.path, taxonomy: taxonomy))
        }
        return try ProfileSet(profiles, taxonomy: taxonomy)
    }
}
