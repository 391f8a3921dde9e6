import Foundation
public import SafeguardAnalysis
public import SafeguardModel

/// Whether a right is guaranteed, granted only on a condition, or not found.
public enum RightStatus: String, Codable, Sendable, Comparable {
    case mandatory
    case conditional
    case absent

    private var rank: Int {
        switch self {
        case .mandatory: 2
        case .conditional: 1
        case .absent: 0
        }
    }

    /// Stronger first: mandatory > conditional > absent.
    public static func < (lhs: RightStatus, rhs: RightStatus) -> Bool { lhs.rank < rhs.rank }
}

/// Words in a granting provision that make the right conditional, with where they stand.
public struct ConditionHit: Sendable, Hashable {
    /// The condition id (`where-appropriate`, `domestic-law`, ..., or `no-duty`).
    public var id: String
    /// The provision whose words state the condition (the granting provision or one above it).
    public var eId: EId
    /// The cue in the text; empty for `no-duty`, which rests on the grant's own words.
    public var span: TextSpan?
    public var quote: String?
}

/// One provision that grants a right, with its words.
public struct Grant: Sendable, Hashable {
    public var eId: EId
    /// The article or section holding the provision.
    public var unit: EId?
    public var span: TextSpan
    public var quote: String
    /// The analysis feature whose finding grants the right, or `phrase` for a vocabulary phrase.
    public var basis: String
    public var status: RightStatus
    public var conditions: [ConditionHit]
}

/// One right on the card: its strongest status across the instrument and every provision granting it.
public struct RightEntry: Sendable, Hashable {
    public var right: RightDefinition
    public var status: RightStatus
    public var grants: [Grant]

    /// The ids of the conditions that hold on every conditional grant (what makes the right conditional).
    public var conditionIDs: [String] {
        var ids: [String] = []
        for grant in grants where grant.status == .conditional {
            for c in grant.conditions where !ids.contains(c.id) { ids.append(c.id) }
        }
        return ids
    }
}

/// An instrument's victims' rights card: for each right, the provisions that grant it (eId and quote) and
/// whether the right is mandatory or conditional, naming the condition.
public struct RightsCard: Sendable {
    public var instrument: Instrument
    public var entries: [RightEntry]
    public var vocabularyVersion: String

    public subscript(right id: String) -> RightEntry? { entries.first { $0.right.id == id } }

    /// Builds the card from an analysis' findings (victims.* and the related features named in the vocabulary)
    /// and the vocabulary's phrases.
    public init(analysis: Analysis, vocabulary: VictimsVocabulary) {
        let instrument = analysis.instrument
        let bytes = Array(instrument.text.utf8)
        let conditionSearch = WordSearch(vocabulary.conditions.flatMap(\.cues))
        var cueOwner: [Int] = []
        for (i, c) in vocabulary.conditions.enumerated() { cueOwner += Array(repeating: i, count: c.cues.count) }
        let bindingSearch = WordSearch(vocabulary.binding)
        let nearSearch = WordSearch(vocabulary.near)
        var categoryByUnit: [EId: Category] = [:]
        for c in analysis.categories { categoryByUnit[c.eId] = c.primary }

        func context(_ index: Int) -> [Int] { Self.context(of: index, in: instrument) }
        func unitEId(_ index: Int) -> EId? {
            instrument.unitIndex(containing: index).map { instrument.provisions[$0].eId }
        }
        func grant(eId: EId, index: Int, span: TextSpan, quote: String, basis: String) -> Grant {
            var hits: [ConditionHit] = []
            var binding = false
            for p in context(index) {
                let own = instrument.provisions[p].textSpan
                for hit in conditionSearch.hits(in: bytes, range: own.range) {
                    let id = vocabulary.conditions[cueOwner[hit.index]].id
                    if hits.contains(where: { $0.id == id }) { continue }
                    let cueSpan = TextSpan(hit.range)
                    hits.append(ConditionHit(id: id, eId: instrument.provisions[p].eId, span: cueSpan, quote: instrument.quote(cueSpan)))
                }
                if bindingSearch.occurs(in: bytes, range: own.range) { binding = true }
            }
            if hits.isEmpty && !binding {
                hits.append(ConditionHit(id: vocabulary.noDuty.id, eId: eId, span: nil, quote: nil))
            }
            return Grant(
                eId: eId, unit: unitEId(index), span: span, quote: quote, basis: basis,
                status: hits.isEmpty ? .mandatory : .conditional, conditions: hits)
        }

        var entries: [RightEntry] = []
        for right in vocabulary.rights {
            var grants: [Grant] = []
            var seen = Set<EId>()
            let filters = right.quoteContains.map { $0.lowercased() }
            for finding in analysis.findings where right.features.contains(finding.feature.rawValue) {
                if !filters.isEmpty && !filters.contains(where: { finding.quote.lowercased().contains($0) }) { continue }
                guard let index = instrument.index(of: finding.eId), seen.insert(finding.eId).inserted else { continue }
                grants.append(
                    grant(
                        eId: finding.eId, index: index, span: finding.span, quote: finding.quote,
                        basis: finding.feature.rawValue))
            }
            if !right.phrases.isEmpty {
                let search = WordSearch(right.phrases)
                for (index, provision) in instrument.provisions.enumerated() where !provision.textSpan.isEmpty {
                    if let unit = unitEId(index), let category = categoryByUnit[unit],
                        category == .definitions || category == .preamble
                    {
                        continue
                    }
                    guard let hit = search.firstHit(in: bytes, range: provision.textSpan.range) else { continue }
                    guard context(index).contains(where: { nearSearch.occurs(in: bytes, range: instrument.provisions[$0].textSpan.range) })
                    else { continue }
                    guard seen.insert(provision.eId).inserted else { continue }
                    let span = TextSpan(hit.range)
                    grants.append(grant(eId: provision.eId, index: index, span: span, quote: instrument.quote(span), basis: "phrase"))
                }
            }
            grants.sort { $0.span < $1.span }
            let status = grants.map(\.status).max() ?? .absent
            entries.append(RightEntry(right: right, status: status, grants: grants))
        }
        self.instrument = instrument
        self.entries = entries
        self.vocabularyVersion = vocabulary.version
    }

    /// The granting provision and those above it, up to its article or section.
    private static func context(of index: Int, in instrument: Instrument) -> [Int] {
        var chain = [index]
        if !instrument.provisions[index].kind.isUnit {
            for a in instrument.ancestors(of: index) {
                chain.append(a)
                if instrument.provisions[a].kind.isUnit { break }
            }
        }
        return chain
    }
}
