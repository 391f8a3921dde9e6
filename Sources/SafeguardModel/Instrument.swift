import Foundation

/// What sort of legal text an instrument is.
public enum InstrumentKind: String, Codable, Sendable, CaseIterable {
    case treaty
    case draft
    case protocol_ = "protocol"
    case nationalLaw = "national-law"
    case other
}

/// Descriptive facts about an instrument, as far as the source states them.
public struct InstrumentMetadata: Codable, Sendable, Hashable {
    /// The title as written, e.g. "Model Convention on Countering Offences Against Information Systems".
    public var title: String
    public var kind: InstrumentKind
    /// The state or body that made the text ("United Nations", "Republic of Examplia").
    public var jurisdiction: String?
    /// The revision label when the text carries one ("rev2", "Revised draft text").
    public var versionLabel: String?
    /// The date of the text as written in ISO form (YYYY-MM-DD) when it can be read.
    public var date: String?
    /// BCP 47 language tag of the text; English ("en") unless stated.
    public var language: String
    /// The file the instrument was read from, as given on the command line.
    public var source: String?
    /// The detected input format ("text", "markdown", "html", "pdf", "docx", "akn").
    public var sourceFormat: String?

    public init(
        title: String,
        kind: InstrumentKind = .other,
        jurisdiction: String? = nil,
        versionLabel: String? = nil,
        date: String? = nil,
        language: String = "en",
        source: String? = nil,
        sourceFormat: String? = nil
    ) {
        self.title = title
        self.kind = kind
        self.jurisdiction = jurisdiction
        self.versionLabel = versionLabel
        self.date = date
        self.language = language
        self.source = source
        self.sourceFormat = sourceFormat
    }
}

/// A treaty, draft or act read into an addressable tree of provisions.
///
/// The instrument owns the normalised source ``text``; every ``Provision``, ``Definition`` and
/// ``CrossReference`` points into it with a ``TextSpan`` of UTF-8 byte offsets, so any later finding
/// can quote the exact words it rests on. Provisions are stored flat, in document order
/// (a pre-order walk of the tree), which keeps whole-corpus passes cache-friendly.
public struct Instrument: Sendable {
    public var metadata: InstrumentMetadata
    /// The normalised source text that all spans index into.
    public var text: String
    /// All provisions in document order; `provisions[i].parentIndex < i`.
    public var provisions: [Provision]
    public var definitions: [Definition]
    public var references: [CrossReference]
    /// Problems the reader noticed but worked around, with their locations.
    public var warnings: [ParseWarning]

    private var indexByEId: [EId: Int]

    public init(
        metadata: InstrumentMetadata,
        text: String,
        provisions: [Provision],
        definitions: [Definition] = [],
        references: [CrossReference] = [],
        warnings: [ParseWarning] = []
    ) {
        self.metadata = metadata
        self.text = text
        self.provisions = provisions
        self.definitions = definitions
        self.references = references
        self.warnings = warnings
        var index: [EId: Int] = [:]
        index.reserveCapacity(provisions.count)
        for (i, provision) in provisions.enumerated() where index[provision.eId] == nil {
            index[provision.eId] = i
        }
        self.indexByEId = index
    }

    /// The index of the provision with this eId, if any.
    public func index(of eId: EId) -> Int? { indexByEId[eId] }

    /// The provision with this eId, if any.
    public subscript(eId eId: EId) -> Provision? {
        indexByEId[eId].map { provisions[$0] }
    }

    /// The words a span covers, exactly as they stand in ``text``.
    public func quote(_ span: TextSpan) -> String {
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: span.start, limitedBy: utf8.endIndex) ?? utf8.endIndex
        let upper = utf8.index(lower, offsetBy: span.length, limitedBy: utf8.endIndex) ?? utf8.endIndex
        return String(decoding: utf8[lower..<upper], as: UTF8.self)
    }

    /// The own text of a provision (its words without number, heading or children).
    public func ownText(of provision: Provision) -> String { quote(provision.textSpan) }

    /// The children of the provision at `index`, in document order.
    public func children(of index: Int) -> [Int] { provisions[index].childIndices }

    /// The chain of ancestors of the provision at `index`, nearest first.
    public func ancestors(of index: Int) -> [Int] {
        var result: [Int] = []
        var current = provisions[index].parentIndex
        while let i = current {
            result.append(i)
            current = provisions[i].parentIndex
        }
        return result
    }

    /// The nearest article, section or rule containing (or being) the provision at `index`:
    /// the unit that categories and rollups are reported on.
    public func unitIndex(containing index: Int) -> Int? {
        if provisions[index].kind.isUnit { return index }
        return ancestors(of: index).first { provisions[$0].kind.isUnit }
    }

    /// The indices of every article-like unit (articles, sections, rules, regulations), in order.
    public var unitIndices: [Int] {
        provisions.indices.filter { provisions[$0].kind.isUnit }
    }

    /// The deepest provision whose span contains the byte offset, if any.
    public func deepestProvision(containing offset: Int) -> Int? {
        var best: Int?
        for (i, provision) in provisions.enumerated() where provision.span.contains(offset) {
            best = i  // pre-order: later matches are deeper
        }
        return best
    }
}
