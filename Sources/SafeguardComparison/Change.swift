public import SafeguardAssessment
public import SafeguardModel

/// One typed change between two revisions, with both addresses and the words on each side.
public struct Change: Sendable, Hashable {
    public var type: ChangeType
    public var classification: ChangeClassification
    /// The eId in the old revision (nil when the change has no old side, e.g. an added offence).
    public var old: EId?
    /// The eId in the new revision (nil when the change has no new side, e.g. a removed offence).
    public var new: EId?
    /// The analysis feature involved, when one is (`obligation.optional`, `safeguard.notification`...).
    public var feature: String?
    /// The words in the old revision the change rests on, exactly as written.
    public var oldQuote: String?
    /// The words in the new revision the change rests on, exactly as written.
    public var newQuote: String?
    public var oldSpan: TextSpan?
    public var newSpan: TextSpan?
    /// One sentence saying what changed and why it matters.
    public var explanation: String
    /// For `verdict-changed`: the framework and principle ids and both verdicts.
    public var framework: String?
    public var principle: String?
    public var oldVerdict: Verdict?
    public var newVerdict: Verdict?

    public init(
        type: ChangeType, classification: ChangeClassification, old: EId?, new: EId?, feature: String? = nil,
        oldQuote: String? = nil, newQuote: String? = nil, oldSpan: TextSpan? = nil, newSpan: TextSpan? = nil,
        explanation: String, framework: String? = nil, principle: String? = nil, oldVerdict: Verdict? = nil,
        newVerdict: Verdict? = nil
    ) {
        self.type = type
        self.classification = classification
        self.old = old
        self.new = new
        self.feature = feature
        self.oldQuote = oldQuote
        self.newQuote = newQuote
        self.oldSpan = oldSpan
        self.newSpan = newSpan
        self.explanation = Self.oneLine(explanation)
        self.framework = framework
        self.principle = principle
        self.oldVerdict = oldVerdict
        self.newVerdict = newVerdict
    }
}

extension Change {
    /// Runs of whitespace (line breaks of quoted source words included) as single spaces: explanations are
    /// one line; the quote fields keep the exact words.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).joined(separator: " ")
    }
}

/// Counts of changes per classification: the headline of every comparison.
public struct ChangeSummary: Sendable, Hashable {
    public var counts: [ChangeClassification: Int]

    public init(_ changes: [Change]) {
        var counts: [ChangeClassification: Int] = [:]
        for classification in ChangeClassification.allCases { counts[classification] = 0 }
        for change in changes { counts[change.classification, default: 0] += 1 }
        self.counts = counts
    }

    public subscript(_ classification: ChangeClassification) -> Int { counts[classification] ?? 0 }

    public var total: Int { counts.values.reduce(0, +) }

    /// "3 expand scope, 5 weaken safeguards, 1 strengthens safeguards, 0 neutral".
    public var headline: String {
        func phrase(_ n: Int, _ singular: String, _ plural: String) -> String { "\(n) \(n == 1 ? singular : plural)" }
        return [
            phrase(self[.expandsScope], "expands scope", "expand scope"),
            phrase(self[.weakensSafeguard], "weakens safeguards", "weaken safeguards"),
            phrase(self[.strengthensSafeguard], "strengthens safeguards", "strengthen safeguards"),
            phrase(self[.neutral], "neutral", "neutral"),
        ].joined(separator: ", ")
    }
}
