import Foundation
import SafeguardAnalysis
public import SafeguardModel

/// The outcome of judging an instrument against one principle.
public enum Verdict: String, Codable, Sendable, CaseIterable {
    case met
    case partlyMet = "partly-met"
    case notMet = "not-met"
    case notApplicable = "not-applicable"
}

/// Words in the instrument that a verdict rests on.
public struct Evidence: Codable, Sendable, Hashable {
    public var eId: EId
    public var span: TextSpan
    public var quote: String
    /// The feature (or category) that made this evidence relevant, when there is one.
    public var feature: String?
    /// How the words bear on the verdict: they satisfy the principle, count against it, or show
    /// that a provision falls under it (and lacks what it demands). Nil for hand-made evidence.
    public var role: EvidenceRole?
    /// Set when a human reviewer confirmed the finding behind this evidence.
    public var review: ReviewMark?
    /// For `applies` evidence of a provision that falls short: what it lacks (feature ids; alternatives
    /// joined with " or "). These absent words are what decided the verdict, so outputs name them.
    public var lacks: [String]?

    public init(
        eId: EId, span: TextSpan, quote: String, feature: String? = nil, role: EvidenceRole? = nil,
        review: ReviewMark? = nil, lacks: [String]? = nil
    ) {
        self.eId = eId
        self.span = span
        self.quote = quote
        self.feature = feature
        self.role = role
        self.review = review
        self.lacks = lacks
    }
}

/// How a piece of evidence bears on a verdict.
public enum EvidenceRole: String, Codable, Sendable, Hashable, CaseIterable {
    /// Words that satisfy what the principle requires (a safeguard named, an exception made).
    case supports
    /// Words that count against the principle (a speech offence, deference to domestic law).
    case against
    /// Words that make a provision subject to the principle (a power granted, an offence defined).
    case applies
}

/// A human reviewer's mark, shown wherever the reviewed item appears.
public struct ReviewMark: Codable, Sendable, Hashable, CustomStringConvertible {
    /// `confirmed` or `overridden`.
    public var action: String
    public var reviewer: String
    public var organisation: String?
    /// ISO date (YYYY-MM-DD) of the review.
    public var date: String
    public var reason: String

    public init(action: String, reviewer: String, organisation: String?, date: String, reason: String) {
        self.action = action
        self.reviewer = reviewer
        self.organisation = organisation
        self.date = date
        self.reason = reason
    }

    /// "overridden by Ana Lima (Example Rights Watch) on 2026-11-20: reason".
    public var description: String {
        let who = organisation.map { "\(reviewer) (\($0))" } ?? reviewer
        return "\(action) by \(who) on \(date): \(reason)"
    }
}

/// The verdict on one principle, explained and evidenced.
public struct PrincipleResult: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var verdict: Verdict
    /// One paragraph that quotes the decisive words.
    public var explanation: String
    public var evidence: [Evidence]
    /// The verdict the rules gave, when a reviewer overrode it (``verdict`` then holds the reviewer's).
    public var computedVerdict: Verdict?
    /// The override applied to this verdict, if any.
    public var review: ReviewMark?
    /// How many provisions the principle applied to, and how many satisfied it fully or partly.
    public var counts: PrincipleCounts?

    public init(
        id: String, title: String, verdict: Verdict, explanation: String, evidence: [Evidence],
        computedVerdict: Verdict? = nil, review: ReviewMark? = nil, counts: PrincipleCounts? = nil
    ) {
        self.id = id
        self.title = title
        self.verdict = verdict
        self.explanation = explanation
        self.evidence = evidence
        self.computedVerdict = computedVerdict
        self.review = review
        self.counts = counts
    }
}

/// The provision counts behind a verdict, summed over the principle's rules. A `together` rule judges its
/// provisions as one pool, which counts once.
public struct PrincipleCounts: Codable, Sendable, Hashable {
    public var applicable: Int
    public var satisfied: Int
    public var partlySatisfied: Int

    public init(applicable: Int, satisfied: Int, partlySatisfied: Int) {
        self.applicable = applicable
        self.satisfied = satisfied
        self.partlySatisfied = partlySatisfied
    }
}

/// The transparent score: met = 1, partly-met = 0.5, not-met = 0, not-applicable left out;
/// score = 100 × mean. See docs/frameworks.md.
public struct Score: Codable, Sendable, Hashable {
    /// 0–100 with one decimal; nil when every principle was not-applicable.
    public var value: Double?
    public var met: Int
    public var partlyMet: Int
    public var notMet: Int
    public var notApplicable: Int

    public init(verdicts: [Verdict]) {
        met = verdicts.filter { $0 == .met }.count
        partlyMet = verdicts.filter { $0 == .partlyMet }.count
        notMet = verdicts.filter { $0 == .notMet }.count
        notApplicable = verdicts.filter { $0 == .notApplicable }.count
        let counted = met + partlyMet + notMet
        if counted == 0 {
            value = nil
        } else {
            let raw = (Double(met) + 0.5 * Double(partlyMet)) / Double(counted) * 100
            value = (raw * 10).rounded() / 10
        }
    }

    /// The arithmetic spelled out: "(3 met + 0.5 × 2 partly-met) / 7 counted × 100 = 57.1".
    public var arithmetic: String {
        let counted = met + partlyMet + notMet
        guard let value else { return "no principle applicable: no score" }
        return "(\(met) met + 0.5 × \(partlyMet) partly-met) / \(counted) counted × 100 = \(Self.format(value))"
    }

    /// "57.1", or "–" when there is no score.
    public static func format(_ value: Double?) -> String {
        guard let value else { return "–" }
        if value == value.rounded() { return String(Int(value)) }
        return String(format: "%.1f", value)
    }
}

/// The score of one chapter (or part): the framework evaluated over that chapter's provisions only.
public struct ChapterScore: Codable, Sendable, Hashable {
    /// The eId of the chapter or part; `(none)` for provisions outside any.
    public var eId: EId
    /// "Chapter IV — Procedural measures".
    public var label: String
    public var score: Score
    /// Each principle's verdict within this chapter, by principle id.
    public var verdicts: [String: Verdict]

    public init(eId: EId, label: String, score: Score, verdicts: [String: Verdict]) {
        self.eId = eId
        self.label = label
        self.score = score
        self.verdicts = verdicts
    }
}

/// Overall and per-chapter scores of one framework.
public struct FrameworkScore: Codable, Sendable, Hashable {
    public var overall: Score
    public var chapters: [ChapterScore]

    public init(overall: Score, chapters: [ChapterScore]) {
        self.overall = overall
        self.chapters = chapters
    }
}

/// One instrument judged against one framework.
public struct FrameworkResult: Codable, Sendable, Hashable {
    public var frameworkID: String
    public var title: String
    public var version: String
    public var principles: [PrincipleResult]
    /// Who stated the principles (nil for hand-made results).
    public var source: FrameworkSource?
    /// The score, overall and per chapter (nil for hand-made results).
    public var score: FrameworkScore?

    public init(
        frameworkID: String, title: String, version: String, principles: [PrincipleResult],
        source: FrameworkSource? = nil, score: FrameworkScore? = nil
    ) {
        self.frameworkID = frameworkID
        self.title = title
        self.version = version
        self.principles = principles
        self.source = source
        self.score = score
    }

    /// The result for a principle id, if the framework has it.
    public subscript(principle id: String) -> PrincipleResult? {
        principles.first { $0.id == id }
    }
}
