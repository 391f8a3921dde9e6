/// How a change between two revisions affects people: the headline of every comparison report.
public enum ChangeClassification: String, Codable, Sendable, CaseIterable {
    case expandsScope = "expands-scope"
    case weakensSafeguard = "weakens-safeguard"
    case strengthensSafeguard = "strengthens-safeguard"
    case neutral
}

/// The typed changes a comparison reports. Raw values are stable ids used in JSON and in
/// `examples/model-convention-changes.yaml`.
public enum ChangeType: String, Codable, Sendable, CaseIterable {
    // Scope
    case offenceAdded = "offence-added"
    case offenceRemoved = "offence-removed"
    case definitionBroadened = "definition-broadened"
    case definitionNarrowed = "definition-narrowed"
    case scopeExtended = "scope-extended"
    case scopeNarrowed = "scope-narrowed"
    // Offence elements
    case qualifierDropped = "qualifier-dropped"
    case qualifierAdded = "qualifier-added"
    case vagueStandardIntroduced = "vague-standard-introduced"
    case vagueStandardRemoved = "vague-standard-removed"
    // Obligation
    case obligationWeakened = "obligation-weakened"
    case obligationStrengthened = "obligation-strengthened"
    case deferenceAdded = "deference-added"
    case deferenceRemoved = "deference-removed"
    // Safeguards
    case safeguardAdded = "safeguard-added"
    case safeguardRemoved = "safeguard-removed"
    case judicialAuthorizationWeakened = "judicial-authorization-weakened"
    case judicialAuthorizationStrengthened = "judicial-authorization-strengthened"
    // Cooperation
    case dualCriminalityWeakened = "dual-criminality-weakened"
    case dualCriminalityStrengthened = "dual-criminality-strengthened"
    case refusalGroundAdded = "refusal-ground-added"
    case refusalGroundRemoved = "refusal-ground-removed"
    // Victims
    case victimRightAdded = "victim-right-added"
    case victimRightRemoved = "victim-right-removed"
    case victimRightConditioned = "victim-right-conditioned"
    // Powers
    case powerAdded = "power-added"
    case powerRemoved = "power-removed"
    // Frameworks
    case verdictChanged = "verdict-changed"
}
