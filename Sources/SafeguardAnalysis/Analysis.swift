import SafeguardModel

/// A stable feature identifier such as `obligation.mandatory` or `power.real-time-traffic`.
/// The catalogue of features lives in the lexicon data files, not in code.
public struct FeatureID: RawRepresentable, Codable, Hashable, Sendable, Comparable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    /// The family before the first dot (`power`, `safeguard`, `victims`, ...).
    public var family: Substring { rawValue.split(separator: ".", maxSplits: 1).first ?? Substring(rawValue) }
    public static func < (lhs: FeatureID, rhs: FeatureID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The kind of provision an article or section is.
public enum Category: String, Codable, Sendable, CaseIterable, Comparable {
    case definitions
    case scope
    case humanRights = "human-rights"
    case criminalization
    case liability
    case sanctions
    case jurisdiction
    case proceduralPower = "procedural-power"
    case safeguards
    case cooperation
    case victimsWitnesses = "victims-witnesses"
    case assetRecovery = "asset-recovery"
    case prevention
    case technicalAssistance = "technical-assistance"
    case implementation
    case finalClauses = "final-clauses"
    case preamble
    case other

    public static func < (lhs: Category, rhs: Category) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One piece of evidence: a feature found in the exact words of a provision.
public struct Finding: Codable, Sendable, Hashable {
    public var feature: FeatureID
    /// The deepest provision that holds the words.
    public var eId: String
    /// Where the words stand in the instrument's normalised text (UTF-8 byte offsets).
    public var span: TextSpan
    /// The words themselves, exactly as in the text.
    public var quote: String
    /// The lexicon pattern that matched, for tracing ("obligation.mandatory#shall-adopt").
    public var pattern: String?

    public init(feature: FeatureID, eId: String, span: TextSpan, quote: String, pattern: String? = nil) {
        self.feature = feature
        self.eId = eId
        self.span = span
        self.quote = quote
        self.pattern = pattern
    }
}

/// The category given to an article or section, with the words that decided it.
public struct CategoryAssignment: Codable, Sendable, Hashable {
    public var eId: String
    public var primary: Category
    public var secondary: [Category]
    /// Words that decided the primary category (usually heading words), when there are any.
    public var evidence: [Finding]

    public init(eId: String, primary: Category, secondary: [Category] = [], evidence: [Finding] = []) {
        self.eId = eId
        self.primary = primary
        self.secondary = secondary
        self.evidence = evidence
    }
}

/// A link between provisions that the assessment can follow.
public struct ProvisionLink: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable {
        /// A safeguards provision applies to the target (a power) ("the powers and procedures in this chapter").
        case safeguards
        /// An offence list by reference ("offences established in accordance with articles 7 to 16").
        case offences
        /// Any other resolved cross-reference.
        case reference
    }

    public var from: String
    public var to: String
    public var kind: Kind
    /// The words that establish the link.
    public var span: TextSpan?

    public init(from: String, to: String, kind: Kind, span: TextSpan? = nil) {
        self.from = from
        self.to = to
        self.kind = kind
        self.span = span
    }
}

/// Everything the analysis found in one instrument.
public struct Analysis: Sendable {
    public var instrument: Instrument
    /// One assignment per article or section, in document order.
    public var categories: [CategoryAssignment]
    /// Every finding, in document order.
    public var findings: [Finding]
    public var links: [ProvisionLink]
    /// The lexicon version(s) the findings were made with, for reproducibility.
    public var lexiconVersion: String

    public init(
        instrument: Instrument,
        categories: [CategoryAssignment],
        findings: [Finding],
        links: [ProvisionLink],
        lexiconVersion: String
    ) {
        self.instrument = instrument
        self.categories = categories
        self.findings = findings
        self.links = links
        self.lexiconVersion = lexiconVersion
    }
}
