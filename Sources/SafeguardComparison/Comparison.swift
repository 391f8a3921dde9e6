public import SafeguardAnalysis
public import SafeguardAssessment
import SafeguardModel

/// The comparison of two revisions: alignment, typed changes and their headline counts.
public struct Comparison: Sendable {
    public var old: Analysis
    public var new: Analysis
    public var alignment: Alignment
    /// Typed changes in reading order of the new revision, verdict changes last.
    public var changes: [Change]
    public var summary: ChangeSummary

    public init(old: Analysis, new: Analysis, alignment: Alignment, changes: [Change]) {
        self.old = old
        self.new = new
        self.alignment = alignment
        self.changes = changes
        self.summary = ChangeSummary(changes)
    }
}

/// Compares two analysed revisions: aligns them, types the changes, and (given framework results for both
/// sides) reports per-principle verdict changes.
public struct Comparator: Sendable {
    public var aligner: Aligner
    public var detector: ChangeDetector

    public init(rules: ChangeRules, aligner: Aligner = Aligner()) {
        self.aligner = aligner
        self.detector = ChangeDetector(rules: rules)
    }

    public func compare(
        _ old: Analysis, _ new: Analysis, oldFrameworks: [FrameworkResult] = [], newFrameworks: [FrameworkResult] = []
    ) -> Comparison {
        let alignment = aligner.align(old.instrument, new.instrument)
        var changes = detector.changes(old: old, new: new, alignment: alignment)
        changes += VerdictChanges.changes(old: oldFrameworks, new: newFrameworks)
        return Comparison(old: old, new: new, alignment: alignment, changes: changes)
    }
}

/// Per-principle verdict changes between two sets of framework results.
public enum VerdictChanges {
    /// Rank of a verdict for direction: met > partly-met > not-met. `not-applicable` has no rank.
    static func rank(_ verdict: Verdict) -> Int? {
        switch verdict {
        case .met: 2
        case .partlyMet: 1
        case .notMet: 0
        case .notApplicable: nil
        }
    }

    /// The classification of a verdict change by its direction: worse weakens, better strengthens; a principle
    /// that becomes applicable and is not fully met weakens, one that stops applying after failing strengthens.
    public static func classify(from old: Verdict, to new: Verdict) -> ChangeClassification {
        switch (rank(old), rank(new)) {
        case let (a?, b?): a > b ? .weakensSafeguard : a < b ? .strengthensSafeguard : .neutral
        case (nil, let b?): b < 2 ? .weakensSafeguard : .neutral
        case (let a?, nil): a < 2 ? .strengthensSafeguard : .neutral
        case (nil, nil): .neutral
        }
    }

    /// One `verdict-changed` change per principle (matched by framework and principle id) whose verdict differs.
    public static func changes(old: [FrameworkResult], new: [FrameworkResult]) -> [Change] {
        var result: [Change] = []
        for newFramework in new {
            guard let oldFramework = old.first(where: { $0.frameworkID == newFramework.frameworkID }) else { continue }
            for newPrinciple in newFramework.principles {
                guard let oldPrinciple = oldFramework.principles.first(where: { $0.id == newPrinciple.id }),
                    oldPrinciple.verdict != newPrinciple.verdict
                else { continue }
                let oldEvidence = oldPrinciple.evidence.first, newEvidence = newPrinciple.evidence.first
                result.append(
                    Change(
                        type: .verdictChanged,
                        classification: classify(from: oldPrinciple.verdict, to: newPrinciple.verdict),
                        old: oldEvidence?.eId, new: newEvidence?.eId, feature: nil,
                        oldQuote: oldEvidence?.quote, newQuote: newEvidence?.quote,
                        oldSpan: oldEvidence?.span, newSpan: newEvidence?.span,
                        explanation:
                            "\(newFramework.frameworkID)/\(newPrinciple.id) (\(newPrinciple.title)): \(oldPrinciple.verdict.rawValue) → "
                                + "\(newPrinciple.verdict.rawValue). \(newPrinciple.explanation)",
                        framework: newFramework.frameworkID, principle: newPrinciple.id,
                        oldVerdict: oldPrinciple.verdict, newVerdict: newPrinciple.verdict))
            }
        }
        return result
    }
}
