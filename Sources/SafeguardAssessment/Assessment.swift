import SafeguardAnalysis
import SafeguardModel

/// The outcome of judging an instrument against one principle.
public enum Verdict: String, Codable, Sendable, CaseIterable {
    case met
    case partlyMet = "partly-met"
    case notMet = "not-met"
    case notApplicable = "not-applicable"
}

/// Words in the instrument that a verdict rests on.
public struct Evidence: Codable, Sendable, Hashable {
    public var eId: String
    public var span: TextSpan
    public var quote: String
    /// The feature (or category) that made this evidence relevant, when there is one.
    public var feature: String?

    public init(eId: String, span: TextSpan, quote: String, feature: String? = nil) {
        self.eId = eId
        self.span = span
        self.quote = quote
        self.feature = feature
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

    public init(id: String, title: String, verdict: Verdict, explanation: String, evidence: [Evidence]) {
        self.id = id
        self.title = title
        self.verdict = verdict
        self.explanation = explanation
        self.evidence = evidence
    }
}

/// One instrument judged against one framework.
public struct FrameworkResult: Codable, Sendable, Hashable {
    public var frameworkID: String
    public var title: String
    public var version: String
    public var principles: [PrincipleResult]

    public init(frameworkID: String, title: String, version: String, principles: [PrincipleResult]) {
        self.frameworkID = frameworkID
        self.title = title
        self.version = version
        self.principles = principles
    }
}
