import SafeguardAnalysis
import SafeguardModel

/// The outcome of judging an instrument against one principle.
public enum Verdict: String, Codable, Sendable, CaseIterable {
    case met
    case partlyMet = "partly-met"
    case notMet = "not-met"
    case notApplicable = "not-applicable"
}
