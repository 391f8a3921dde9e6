import Foundation
public import SafeguardModel

/// Where a statement comes from: the words of a provision, or a field of a jurisdiction profile.
public struct Citation: Sendable, Hashable, Codable {
    public enum Source: String, Sendable, Codable {
        /// The words of an analysed instrument: `instrument`, `eId`, `start`/`end` (code points) and `quote`.
        case instrument
        /// A jurisdiction profile: `state`, `file`, `field` and the profile's words in `quote`.
        case profile
    }

    public var source: Source
    public var instrument: String?
    public var instrumentTitle: String?
    public var eId: EId?
    /// Unicode code-point offsets into the instrument's normalised text (as in every Safeguard JSON).
    public var start: Int?
    public var end: Int?
    public var quote: String
    public var state: String?
    public var file: String?
    public var field: String?

    /// A short address for text outputs: `model-convention-rev2 art_33__para_2` or `profile NORLAND reporting-points[0]`.
    public var address: String {
        switch source {
        case .instrument: "\(instrument ?? "?") \(eId ?? "")"
        case .profile: "profile \(state ?? "?") \(field ?? "")"
        }
    }
}

/// One sentence of the answer, with what it rests on.
public struct Statement: Sendable, Codable {
    /// What a statement rests on.
    public enum Basis: String, Sendable, Codable {
        /// Quoted words: every citation gives eId and quote (or the profile's field and words).
        case cited
        /// Nothing was found: `searched` names the instruments (and profiles) that were read in full.
        case absence
        /// General guidance, not drawn from any law.
        case guidance
    }

    /// A short label before the sentence ("Protection and safety", "Step 1").
    public var label: String?
    public var text: String
    public var basis: Basis
    public var citations: [Citation]
    /// For `absence`: what was searched.
    public var searched: [String]
    /// For rights: mandatory, conditional or absent.
    public var status: RightStatus?
    /// For rights: the ids of the conditions.
    public var conditions: [String]?
    /// For what is missing: where the principle the law falls short of is stated.
    public var principleSource: String?
    /// Legal terms used here for the first time in the report, with their plain meaning.
    public var terms: [GlossaryEntry]

    public init(
        label: String? = nil, text: String, basis: Basis, citations: [Citation] = [], searched: [String] = [],
        status: RightStatus? = nil, conditions: [String]? = nil, principleSource: String? = nil
    ) {
        self.label = label
        self.text = text
        self.basis = basis
        self.citations = citations
        self.searched = searched
        self.status = status
        self.conditions = conditions
        self.principleSource = principleSource
        self.terms = []
    }
}

/// A part of the answer: treaties, crimes, rights, reporting, evidence, what is missing.
public struct ReportSection: Sendable, Codable {
    public var id: String
    public var title: String
    public var statements: [Statement]
}

/// The recourse navigator's answer for one scenario (JSON schema `safeguard.recourse/1`, docs/recourse.md).
public struct RecourseReport: Sendable, Codable {
    public static let schemaID = "safeguard.recourse/1"

    public struct State: Sendable, Codable {
        public var id: String
        public var name: String
        public var fictional: Bool
    }

    public struct Harm: Sendable, Codable {
        public var id: String
        public var title: String
        public var plain: String
    }

    /// One instrument the answer read, with where it came from.
    public struct Source: Sendable, Codable {
        public var id: String
        public var title: String
        public var file: String?
    }

    public var schema: String
    public var vocabulary: String
    public var victimIn: State
    public var harmedFrom: State
    public var harm: Harm
    public var victim: VictimKind
    public var sections: [ReportSection]
    public var instruments: [Source]

    enum CodingKeys: String, CodingKey {
        case schema, vocabulary
        case victimIn = "in"
        case harmedFrom = "from"
        case harm, victim, sections, instruments
    }

    /// Every statement, in order.
    public var statements: [Statement] { sections.flatMap(\.statements) }
}
