public import SafeguardModel

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
    public var family: Substring {
        // Found on the bytes: the analysis asks for families millions of times per corpus, and a Character split
        // allocated an array per call. A dot between two ASCII bytes is a grapheme cluster of its own, so the
        // byte split gives the Character split's answer; any other case takes the Character split.
        let utf8 = rawValue.utf8
        guard let dot = utf8.firstIndex(of: 0x2E) else { return Substring(rawValue) }
        if dot != utf8.startIndex {
            let after = utf8.index(after: dot)
            if utf8[utf8.index(before: dot)] < 0x80, after == utf8.endIndex || utf8[after] < 0x80 {
                return rawValue[..<dot]
            }
        }
        return rawValue.split(separator: ".", maxSplits: 1).first ?? Substring(rawValue)
    }
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
    /// An omitted or repealed unit ("66A. [Repealed]", "[Omitted.]"): kept for its number, never analysed.
    case repealed
    case preamble
    case other

    public static func < (lhs: Category, rhs: Category) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One piece of evidence: a feature found in the exact words of a provision.
public struct Finding: Codable, Sendable, Hashable {
    public var feature: FeatureID
    /// The deepest provision that holds the words.
    public var eId: EId
    /// Where the words stand in the instrument's normalised text (UTF-8 byte offsets).
    public var span: TextSpan
    /// The words themselves, exactly as in the text.
    public var quote: String
    /// The lexicon pattern that matched, for tracing ("obligation.mandatory#shall-adopt").
    public var pattern: String?
    /// An element that a party *may* add rather than one the text requires ("A Party may require that the
    /// offence be committed with dishonest intent"): a standard a state can adopt, reported but never counted
    /// as a requirement that is met.
    public var optional: Bool = false

    public init(
        feature: FeatureID, eId: EId, span: TextSpan, quote: String, pattern: String? = nil, optional: Bool = false
    ) {
        self.feature = feature
        self.eId = eId
        self.span = span
        self.quote = quote
        self.pattern = pattern
        self.optional = optional
    }
}

/// One offence that a criminalisation provision states, element by element, each element with the words
/// that prove it. A section that holds several offences (US Code `(a)(1)`…`(a)(7)`, a treaty article's
/// points) has one ``Offence`` per offence: an offence's elements are the words in its own provision and in
/// the lead-in words of the provisions around it, never those of a sibling offence.
public struct Offence: Sendable, Hashable {
    /// The parts of an offence, in the order lawyers read them.
    public enum Element: String, CaseIterable, Sendable, Hashable {
        /// What is done: the offence kind's words, or the provision's own opening words.
        case conduct
        /// Intent, knowledge, dishonesty or a further criminal purpose.
        case mentalElement = "mental-element"
        /// "Without right", "without authorisation", "unlawfully".
        case unlawfulness
        /// Damage, loss or serious harm that must result (or, `optional`, that a party may require).
        case harm
        /// Facts that must also be present: the kind of computer or data, the victim, the setting.
        case circumstances
        /// Defences and carve-outs of the section (research, public interest, protected persons).
        case exceptions
        /// The punishment the section attaches.
        case penalty
    }

    /// The provision that states the offence.
    public var eId: EId
    /// The article or section around it.
    public var unit: EId
    /// Evidence per element; an element without evidence is absent.
    public var elements: [Element: [Finding]]

    public init(eId: EId, unit: EId, elements: [Element: [Finding]]) {
        self.eId = eId
        self.unit = unit
        self.elements = elements
    }

    /// The words that prove an element (empty when it is absent).
    public func evidence(_ element: Element) -> [Finding] { elements[element] ?? [] }

    /// Elements the text does not state, in reading order.
    public var absent: [Element] { Element.allCases.filter { evidence($0).isEmpty } }

    /// The features of the offence: the union of its elements' findings (optional ones excluded).
    public var features: Set<FeatureID> {
        var result = Set<FeatureID>()
        for findings in elements.values { for finding in findings where !finding.optional { result.insert(finding.feature) } }
        return result
    }
}

/// The category given to an article or section, with the words that decided it.
public struct CategoryAssignment: Codable, Sendable, Hashable {
    public var eId: EId
    public var primary: Category
    public var secondary: [Category]
    /// Words that decided the primary category (usually heading words), when there are any.
    public var evidence: [Finding]

    public init(eId: EId, primary: Category, secondary: [Category] = [], evidence: [Finding] = []) {
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

    public var from: EId
    public var to: EId
    public var kind: Kind
    /// The words that establish the link.
    public var span: TextSpan?

    public init(from: EId, to: EId, kind: Kind, span: TextSpan? = nil) {
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
    /// Every offence stated by the criminalisation articles and sections, in document order.
    public var offences: [Offence]
    /// The lexicon version(s) the findings were made with, for reproducibility.
    public var lexiconVersion: String

    public init(
        instrument: Instrument,
        categories: [CategoryAssignment],
        findings: [Finding],
        links: [ProvisionLink],
        offences: [Offence] = [],
        lexiconVersion: String
    ) {
        self.instrument = instrument
        self.categories = categories
        self.findings = findings
        self.links = links
        self.offences = offences
        self.lexiconVersion = lexiconVersion
    }
}
