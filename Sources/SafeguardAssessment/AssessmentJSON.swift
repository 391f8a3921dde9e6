import Foundation
import SafeguardAnalysis
import SafeguardModel

/// The `safeguard.assessment/1` JSON document (see docs/json-assessment.md). Offsets are Unicode code points.
public struct AssessmentDocument: Encodable, Sendable {
    public static let schemaID = "safeguard.assessment/1"

    public struct InstrumentInfo: Encodable, Sendable {
        var title: String
        var kind: String
        var jurisdiction: String?
        var versionLabel: String?
        var date: String?
        var language: String
        var source: String?
        var sourceFormat: String?
    }

    public struct EvidenceItem: Encodable, Sendable {
        var eId: EId
        var start: Int
        var end: Int
        var quote: String
        var feature: String?
        var role: EvidenceRole?
        var review: ReviewMark?
        var lacks: [String]?
    }

    public struct PrincipleItem: Encodable, Sendable {
        var id: String
        var title: String
        var verdict: Verdict
        var computedVerdict: Verdict?
        var explanation: String
        var counts: PrincipleCounts?
        var review: ReviewMark?
        var evidence: [EvidenceItem]
    }

    public struct ScoreItem: Encodable, Sendable {
        var value: Double?
        var met: Int
        var partlyMet: Int
        var notMet: Int
        var notApplicable: Int
        var arithmetic: String

        init(_ score: Score) {
            value = score.value
            met = score.met
            partlyMet = score.partlyMet
            notMet = score.notMet
            notApplicable = score.notApplicable
            arithmetic = score.arithmetic
        }

        // Always write `value`, even when null, so consumers see "no score" rather than a missing key.
        enum CodingKeys: String, CodingKey { case value, met, partlyMet, notMet, notApplicable, arithmetic }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(value, forKey: .value)
            try c.encode(met, forKey: .met)
            try c.encode(partlyMet, forKey: .partlyMet)
            try c.encode(notMet, forKey: .notMet)
            try c.encode(notApplicable, forKey: .notApplicable)
            try c.encode(arithmetic, forKey: .arithmetic)
        }
    }

    public struct ChapterItem: Encodable, Sendable {
        var eId: EId
        var label: String
        var score: ScoreItem
        var verdicts: [String: Verdict]
    }

    public struct ScoresItem: Encodable, Sendable {
        var overall: ScoreItem
        var chapters: [ChapterItem]
    }

    public struct FrameworkItem: Encodable, Sendable {
        var id: String
        var title: String
        var version: String
        var source: FrameworkSource?
        var score: ScoresItem?
        var principles: [PrincipleItem]
    }

    public struct AssessmentItem: Encodable, Sendable {
        var instrument: InstrumentInfo
        var lexiconVersion: String
        var frameworks: [FrameworkItem]
        var reviews: [ReviewOutcome]
    }

    public struct Failure: Encodable, Sendable {
        public var file: String
        public var error: String
        public var exitCode: Int32

        public init(file: String, error: String, exitCode: Int32) {
            self.file = file
            self.error = error
            self.exitCode = exitCode
        }
    }

    public var schema = AssessmentDocument.schemaID
    public var assessments: [AssessmentItem]
    /// Files that could not be read or assessed (corpus mode).
    public var errors: [Failure]

    public init(_ assessments: [Assessment], errors: [Failure] = []) {
        self.assessments = assessments.map(Self.item)
        self.errors = errors
    }

    public func json(pretty: Bool = true) throws -> String {
        try JSONOutput.string(self, pretty: pretty)
    }

    static func item(_ assessment: Assessment) -> AssessmentItem {
        let metadata = assessment.instrument.metadata
        let offsets = CharacterOffsets(assessment.instrument.text)
        return AssessmentItem(
            instrument: InstrumentInfo(
                title: metadata.title, kind: metadata.kind.rawValue, jurisdiction: metadata.jurisdiction,
                versionLabel: metadata.versionLabel, date: metadata.date, language: metadata.language,
                source: metadata.source, sourceFormat: metadata.sourceFormat),
            lexiconVersion: assessment.analysis.lexiconVersion,
            frameworks: assessment.results.map { result in
                FrameworkItem(
                    id: result.frameworkID, title: result.title, version: result.version, source: result.source,
                    score: result.score.map { score in
                        ScoresItem(
                            overall: ScoreItem(score.overall),
                            chapters: score.chapters.map {
                                ChapterItem(eId: $0.eId, label: $0.label, score: ScoreItem($0.score), verdicts: $0.verdicts)
                            })
                    },
                    principles: result.principles.map { principle in
                        PrincipleItem(
                            id: principle.id, title: principle.title, verdict: principle.verdict,
                            computedVerdict: principle.computedVerdict, explanation: principle.explanation,
                            counts: principle.counts, review: principle.review,
                            evidence: principle.evidence.map { item in
                                let range = offsets.characterRange(of: item.span)
                                return EvidenceItem(
                                    eId: item.eId, start: range.lowerBound, end: range.upperBound,
                                    quote: item.quote, feature: item.feature, role: item.role,
                                    review: item.review, lacks: item.lacks)
                            })
                    })
            },
            reviews: assessment.reviewOutcomes)
    }
}
