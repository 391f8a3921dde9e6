import SafeguardAnalysis
import SafeguardAssessment
import SafeguardModel

/// The `safeguard.comparison/1` JSON document (see docs/json-comparison.md).
public struct ComparisonDocument: Encodable, Sendable {
    public static let schemaID = "safeguard.comparison/1"

    public struct InstrumentInfo: Encodable, Sendable {
        var title: String
        var source: String?
        var versionLabel: String?
        var date: String?

        enum CodingKeys: String, CodingKey {
            case title, source, date
            case versionLabel = "version_label"
        }
    }

    /// An eId, a list of eIds (merges and splits) or null.
    public struct EIds: Encodable, Sendable {
        var eIds: [EId]

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch eIds.count {
            case 0: try container.encodeNil()
            case 1: try container.encode(eIds[0])
            default: try container.encode(eIds)
            }
        }
    }

    public struct Pair: Encodable, Sendable {
        var old: EIds
        var new: EIds
        var status: AlignmentStatus
        var similarity: Double
        var retitled: Bool?
        var children: [Pair]?
    }

    public struct ChangeEntry: Encodable, Sendable {
        var type: ChangeType
        var classification: ChangeClassification
        var old: EId?
        var new: EId?
        var feature: String?
        var oldQuote: String?
        var newQuote: String?
        var oldStart: Int?
        var oldEnd: Int?
        var newStart: Int?
        var newEnd: Int?
        var explanation: String
        var framework: String?
        var principle: String?
        var oldVerdict: Verdict?
        var newVerdict: Verdict?

        enum CodingKeys: String, CodingKey {
            case type, classification, old, new, feature, explanation, framework, principle
            case oldQuote = "old_quote"
            case newQuote = "new_quote"
            case oldStart = "old_start"
            case oldEnd = "old_end"
            case newStart = "new_start"
            case newEnd = "new_end"
            case oldVerdict = "old_verdict"
            case newVerdict = "new_verdict"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(type, forKey: .type)
            try c.encode(classification, forKey: .classification)
            // old, new, feature and the quotes are always present (null when there is none).
            try c.encode(old, forKey: .old)
            try c.encode(new, forKey: .new)
            try c.encode(feature, forKey: .feature)
            try c.encode(oldQuote, forKey: .oldQuote)
            try c.encode(newQuote, forKey: .newQuote)
            try c.encodeIfPresent(oldStart, forKey: .oldStart)
            try c.encodeIfPresent(oldEnd, forKey: .oldEnd)
            try c.encodeIfPresent(newStart, forKey: .newStart)
            try c.encodeIfPresent(newEnd, forKey: .newEnd)
            try c.encode(explanation, forKey: .explanation)
            try c.encodeIfPresent(framework, forKey: .framework)
            try c.encodeIfPresent(principle, forKey: .principle)
            try c.encodeIfPresent(oldVerdict, forKey: .oldVerdict)
            try c.encodeIfPresent(newVerdict, forKey: .newVerdict)
        }
    }

    public struct Summary: Encodable, Sendable {
        var expandsScope: Int
        var weakensSafeguard: Int
        var strengthensSafeguard: Int
        var neutral: Int
        var total: Int
        var alignment: [String: Int]

        enum CodingKeys: String, CodingKey {
            case neutral, total, alignment
            case expandsScope = "expands-scope"
            case weakensSafeguard = "weakens-safeguard"
            case strengthensSafeguard = "strengthens-safeguard"
        }
    }

    var schema = ComparisonDocument.schemaID
    var old: InstrumentInfo
    var new: InstrumentInfo
    var lexicon: String
    var rules: String
    var summary: Summary
    var alignment: [Pair]
    var changes: [ChangeEntry]

    public init(_ comparison: Comparison, rulesVersion: String) {
        func info(_ i: Instrument) -> InstrumentInfo {
            InstrumentInfo(title: i.metadata.title, source: i.metadata.source, versionLabel: i.metadata.versionLabel, date: i.metadata.date)
        }
        old = info(comparison.old.instrument)
        new = info(comparison.new.instrument)
        lexicon = comparison.new.lexiconVersion
        rules = rulesVersion
        var statusCounts: [String: Int] = [:]
        for status in AlignmentStatus.allCases { statusCounts[status.rawValue] = comparison.alignment.statusCounts[status] ?? 0 }
        summary = Summary(
            expandsScope: comparison.summary[.expandsScope], weakensSafeguard: comparison.summary[.weakensSafeguard],
            strengthensSafeguard: comparison.summary[.strengthensSafeguard], neutral: comparison.summary[.neutral],
            total: comparison.summary.total, alignment: statusCounts)
        func pair(_ p: AlignedPair) -> Pair {
            Pair(
                old: EIds(eIds: p.oldEIds), new: EIds(eIds: p.newEIds), status: p.status,
                similarity: (p.similarity * 1000).rounded() / 1000, retitled: p.retitled ? true : nil,
                children: p.children.isEmpty ? nil : p.children.map(pair))
        }
        alignment = comparison.alignment.pairs.map(pair)
        let oldOffsets = CharacterOffsets(comparison.old.instrument.text)
        let newOffsets = CharacterOffsets(comparison.new.instrument.text)
        changes = comparison.changes.map { change in
            let oldRange = change.oldSpan.map(oldOffsets.characterRange)
            let newRange = change.newSpan.map(newOffsets.characterRange)
            return ChangeEntry(
                type: change.type, classification: change.classification, old: change.old, new: change.new,
                feature: change.feature, oldQuote: change.oldQuote, newQuote: change.newQuote,
                oldStart: oldRange?.lowerBound, oldEnd: oldRange?.upperBound,
                newStart: newRange?.lowerBound, newEnd: newRange?.upperBound,
                explanation: change.explanation, framework: change.framework, principle: change.principle,
                oldVerdict: change.oldVerdict, newVerdict: change.newVerdict)
        }
    }
}
