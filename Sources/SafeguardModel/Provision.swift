/// The structural role of a node in an instrument's tree.
///
/// Raw values are the Akoma Ntoso element names; ``eIdPrefix`` gives the abbreviation used in eIds
/// (`art`, `para`, `chp`, ...), following the Akoma Ntoso naming convention.
public enum ProvisionKind: String, Codable, Sendable, CaseIterable {
    case preamble
    case recital
    case part
    case title
    case chapter
    case subchapter
    /// A heading-level division inside a chapter or part (Council-of-Europe "Section 1 – ...").
    case division
    case article
    /// A numbered section of a national act: the act's equivalent of an article.
    case section
    case subsection
    case paragraph
    case subparagraph
    case point
    case clause
    case subclause
    case annex
    case schedule
    /// An item of an Akoma Ntoso `blockList` (a listed point in a paragraph, a preamble, a schedule).
    case item
    /// A grouping below a part or chapter (Akoma Ntoso `subpart`).
    case subpart
    /// A grouping below a division (Akoma Ntoso `subdivision`).
    case subdivision
    /// A heading between siblings (Akoma Ntoso `crossHeading`): its words are its heading; it has no children.
    case crossHeading
    /// A generic hierarchical element (Akoma Ntoso `hcontainer`, and `level`, `alinea`, `rule`, … read from other tools).
    case hcontainer

    /// The abbreviation used for this kind in eIds.
    public var eIdPrefix: String {
        switch self {
        case .preamble: "preamble"
        case .recital: "rec"
        case .part: "part"
        case .title: "title"
        case .chapter: "chp"
        case .subchapter: "subchp"
        case .division: "dvs"
        case .article: "art"
        case .section: "sec"
        case .subsection: "subsec"
        case .paragraph: "para"
        case .subparagraph: "subpara"
        case .point: "point"
        case .clause: "cl"
        case .subclause: "subcl"
        case .annex: "annex"
        case .schedule: "sched"
        case .item: "item"
        case .subpart: "subpart"
        case .subdivision: "subdvs"
        case .crossHeading: "crossHeading"
        case .hcontainer: "hcontainer"
        }
    }

    /// Articles and sections: the units that carry a category and are unique in the document,
    /// so their eIds are not prefixed by their containers.
    public var isUnit: Bool { self == .article || self == .section }

    /// Heading-level groupings of units (parts, chapters, titles, divisions, annexes, schedules).
    public var isContainer: Bool {
        switch self {
        case .part, .title, .chapter, .subchapter, .division, .annex, .schedule, .subpart, .subdivision: true
        default: false
        }
    }
}

/// One node of an instrument's tree: a chapter, an article, a paragraph, a point, ...
public struct Provision: Codable, Sendable, Hashable {
    /// The Akoma Ntoso eId, e.g. `art_7__para_1__point_a`. Stable for the same input.
    public var eId: EId
    public var kind: ProvisionKind
    /// The number exactly as written ("Article 7 bis", "(a)", "3.", "II"); nil when unnumbered.
    public var num: String?
    /// The heading or marginal note, when the provision has one ("Illegal access").
    public var heading: String?
    /// The index of the parent provision in ``Instrument/provisions``; nil for top-level nodes.
    public var parentIndex: Int?
    /// The eId of the parent provision; nil for top-level nodes.
    public var parentEId: EId?
    /// Indices of the children in ``Instrument/provisions``, in order.
    public var childIndices: [Int]
    /// The whole node in the normalised text: number, heading, own text and all children.
    public var span: TextSpan
    /// The node's own words: after its number and heading, before its first child
    /// (plus any closing words after the last child, which are not part of any child).
    public var textSpan: TextSpan
    /// Nesting depth; top-level nodes are 0.
    public var depth: Int

    public init(
        eId: EId,
        kind: ProvisionKind,
        num: String? = nil,
        heading: String? = nil,
        parentIndex: Int? = nil,
        parentEId: EId? = nil,
        childIndices: [Int] = [],
        span: TextSpan,
        textSpan: TextSpan,
        depth: Int = 0
    ) {
        self.eId = eId
        self.kind = kind
        self.num = num
        self.heading = heading
        self.parentIndex = parentIndex
        self.parentEId = parentEId
        self.childIndices = childIndices
        self.span = span
        self.textSpan = textSpan
        self.depth = depth
    }
}

/// A defined term and where its definition stands.
public struct Definition: Codable, Sendable, Hashable {
    /// The term as written, without quotation marks ("computer system").
    public var term: String
    /// The provision that holds the definition (e.g. `art_2__point_a`).
    public var eId: EId
    /// Where the term itself stands.
    public var termSpan: TextSpan
    /// The defining words (after "means", "includes", ...).
    public var definitionSpan: TextSpan

    public init(term: String, eId: EId, termSpan: TextSpan, definitionSpan: TextSpan) {
        self.term = term
        self.eId = eId
        self.termSpan = termSpan
        self.definitionSpan = definitionSpan
    }
}

/// A reference in the text to other provisions ("in accordance with article 24").
public struct CrossReference: Codable, Sendable, Hashable {
    /// What a reference points at.
    public enum Kind: String, Codable, Sendable {
        /// Named provisions ("article 24", "articles 7 to 16", "section 3(2)").
        case provisions
        /// The enclosing provision itself ("this article", "paragraph 2 of this article").
        case relative
        /// A whole container ("this chapter", "chapter II").
        case container
        /// The whole instrument ("this Convention", "this Act").
        case instrument
        /// Another instrument, not resolvable here.
        case external
    }

    /// The provision whose text contains the reference (deepest).
    public var sourceEId: EId
    /// Where the reference stands in the text.
    public var span: TextSpan
    public var kind: Kind
    /// The eIds the reference resolves to, in order; empty when it could not be resolved.
    public var targets: [EId]

    public init(sourceEId: EId, span: TextSpan, kind: Kind, targets: [EId]) {
        self.sourceEId = sourceEId
        self.span = span
        self.kind = kind
        self.targets = targets
    }
}

/// Something the reader noticed and worked around, instead of guessing silently.
public struct ParseWarning: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of problem a reader reports; the raw values are the stable identifiers in JSON output.
    public enum Code: String, Codable, Sendable, Hashable, CaseIterable {
        /// The closing formula after the last provision (signatures, "Done at …") belongs to no provision.
        case closingFormula = "closing-formula"
        /// Akoma Ntoso provisions without an eId got one derived by the naming convention.
        case derivedEid = "derived-eid"
        /// Two provisions would have had the same eId; the later one got a `_dupN` suffix.
        case duplicateEid = "duplicate-eid"
        /// The same number appears twice in one list.
        case duplicateNumber = "duplicate-number"
        /// Footnote lines at page bottoms were removed.
        case footnotesRemoved = "footnotes-removed"
        /// Footnotes (text or `authorialNote`) were skipped.
        case footnotesSkipped = "footnotes-skipped"
        /// Words hyphenated across line breaks were joined.
        case hyphenationRepaired = "hyphenation-repaired"
        /// The hyphen of compound words broken across lines was restored.
        case hyphensRestored = "hyphens-restored"
        /// The input is not valid UTF-8 and was read as Latin-1 (Windows-1252).
        case latin1Fallback = "latin1-fallback"
        /// Line numbers in the margin were removed.
        case lineNumbersRemoved = "line-numbers-removed"
        /// A number comes after a higher one.
        case numberingBackwards = "numbering-backwards"
        /// Numbers skip one or more.
        case numberingGap = "numbering-gap"
        /// A list starts at an unusual number.
        case numberingStart = "numbering-start"
        /// Running headers, footers or page numbers were removed.
        case pageFurnitureRemoved = "page-furniture-removed"
        /// Quoted provisions (amending text, `quotedStructure`) were kept as words of the provision quoting them.
        case quotedStructure = "quoted-structure"
        /// Repeated running lines were removed.
        case repeatedLinesRemoved = "repeated-lines-removed"
        /// A table of contents was skipped.
        case tableOfContents = "table-of-contents"
        /// Pages laid out in two columns were read line by line across.
        case twoColumnLayout = "two-column-layout"
        /// Text outside any provision (or Akoma Ntoso paragraphs outside any hierarchical element) was skipped.
        case unattachedText = "unattached-text"
        /// The input is UTF-16 without a byte-order mark and was read as such.
        case utf16NoBom = "utf16-no-bom"
    }

    /// A stable identifier for the kind of problem.
    public var code: Code
    public var message: String
    /// 1-based line in the normalised text, when known.
    public var line: Int?
    /// The byte offset in the normalised text, when known.
    public var offset: Int?

    public init(code: Code, message: String, line: Int? = nil, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
        self.offset = offset
    }

    public var description: String {
        if let line { return "line \(line): \(message) [\(code.rawValue)]" }
        return "\(message) [\(code.rawValue)]"
    }
}
