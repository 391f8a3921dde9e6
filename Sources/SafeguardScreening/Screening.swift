import SafeguardModel

/// The outcome of screening one cross-border data request.
public enum DecisionOutcome: String, Codable, Sendable, CaseIterable {
    case execute
    case executeWithConditions = "execute-with-conditions"
    case refuse
    case needsReview = "needs-review"
}
