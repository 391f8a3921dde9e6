import Foundation
public import SafeguardModel

/// A decision with its reasons: what the CLI prints and the audit log records (schema `safeguard.decision/1`).
public struct DecisionReport: Codable, Sendable, Hashable {
    /// One rule that determined the outcome, with the article it implements and the fields it rested on.
    public struct DeterminingRule: Codable, Sendable, Hashable {
        public var rule: String
        public var effect: String
        public var ground: String?
        public var condition: RequiredCondition?
        public var implements: Citation?
        public var reason: String
        public var restedOn: [String]
        /// The cited provision's words, when an instrument was supplied (`--instrument`).
        public var quote: String?
    }

    /// One side of the dual-criminality test.
    public struct StateCriminality: Codable, Sendable, Hashable {
        public var state: String
        /// Whether a profile for the state was available.
        public var profiled: Bool
        public var criminal: Bool
        public var statute: String?
        public var maximumPenalty: String?
    }

    /// The conduct-based dual-criminality test, spelled out.
    public struct DualCriminalityReport: Codable, Sendable, Hashable {
        public var conduct: String
        public var conductLabel: String
        public var status: DualCriminality
        /// Whether the requested state's profile requires dual criminality for this measure (nil: no profile).
        public var requiredByRequestedState: Bool?
        /// The statute the request cites (a label; the test does not rely on it).
        public var citedStatute: String
        public var requesting: StateCriminality
        public var requested: StateCriminality
    }

    public struct RuleSetReference: Codable, Sendable, Hashable {
        public var id: String
        public var version: String
        public var digest: String
    }

    public var schema = "safeguard.decision/1"
    public var request: String
    public var requestDigest: String
    public var outcome: DecisionOutcome
    public var ruleSet: RuleSetReference
    /// Refusal grounds (for `refuse`).
    public var grounds: [String]
    /// Obligations (for `execute-with-conditions`).
    public var conditions: [RequiredCondition]
    public var determiningRules: [DeterminingRule]
    /// True when no rule matched and the rule set's default decided.
    public var byDefault: Bool
    /// Every rule whose conditions held, in rule-set order (for review; only `determiningRules` decided).
    public var matchedRules: [String]
    public var dualCriminality: DualCriminalityReport
    /// Context kept for reports: the requesting state, measure, conduct and target attributes.
    public var requestingState: String
    public var requestedState: String
    public var measure: Measure
    public var targetAttributes: [String]
}

extension ScreeningEngine {
    /// Explains a decision: the determining rules with citations, the fields they rested on, and the
    /// dual-criminality test. `quotes` maps eIds of ``RuleSet/instrument`` to their words (see ``CitationCheck``).
    public func explain(_ decision: Decision, for request: Request, quotes: [EId: String] = [:]) -> DecisionReport {
        var determining: [DecisionReport.DeterminingRule] = []
        var grounds: [String] = []
        var conditions: [RequiredCondition] = []
        func quote(_ c: Citation?) -> String? {
            guard let c, c.instrument == ruleSet.instrument else { return nil }
            return quotes[c.eId]
        }
        for i in decision.determining.indices {
            let rule = ruleSet.rules[i]
            determining.append(
                .init(
                    rule: rule.id, effect: rule.effect.rawValue, ground: rule.ground, condition: rule.condition,
                    implements: rule.implements, reason: rule.reason, restedOn: rule.when.fields, quote: quote(rule.implements)
                ))
            if let g = rule.ground, !grounds.contains(g) { grounds.append(g) }
            if let c = rule.condition, !conditions.contains(c) { conditions.append(c) }
        }
        let byDefault = decision.determining.isEmpty
        if byDefault {
            determining.append(
                .init(
                    rule: "default", effect: ruleSet.defaultEffect.rawValue,
                    ground: ruleSet.defaultEffect == .refuse ? "no-applicable-rule" : nil,
                    condition: nil, implements: ruleSet.defaultImplements, reason: ruleSet.defaultReason, restedOn: [],
                    quote: quote(ruleSet.defaultImplements)
                ))
            if ruleSet.defaultEffect == .refuse { grounds.append("no-applicable-rule") }
        }
        func side(_ state: String, _ index: Int16) -> DecisionReport.StateCriminality {
            guard index >= 0 else { return .init(state: state, profiled: false, criminal: false) }
            let profile = profiles.profiles[Int(index)]
            let statute = profile.statute(for: request.conduct)
            return .init(
                state: state, profiled: true, criminal: statute != nil, statute: statute?.statute, maximumPenalty: statute?.maximumPenalty)
        }
        let conduct = taxonomy.conducts[Int(request.conductIndex)]
        let required =
            request.requestedIndex >= 0 ? profiles.profiles[Int(request.requestedIndex)].dualCriminalityRequired(for: request.measure) : nil
        var attributes: [String] = []
        for t in request.targets { for a in t.attributes where !attributes.contains(a) { attributes.append(a) } }
        return DecisionReport(
            request: request.id,
            requestDigest: request.digest,
            outcome: decision.outcome,
            ruleSet: .init(id: ruleSet.id, version: ruleSet.version, digest: ruleSet.digest),
            grounds: grounds,
            conditions: conditions,
            determiningRules: determining,
            byDefault: byDefault,
            matchedRules: decision.matched.indices.map { ruleSet.rules[$0].id },
            dualCriminality: .init(
                conduct: conduct.id, conductLabel: conduct.label, status: decision.dualCriminality,
                requiredByRequestedState: required, citedStatute: request.offenceStatute,
                requesting: side(request.requestingState, request.requestingIndex),
                requested: side(request.requestedState, request.requestedIndex)
            ),
            requestingState: request.requestingState,
            requestedState: request.requestedState,
            measure: request.measure,
            targetAttributes: attributes.sorted()
        )
    }

    /// Screens and explains in one step.
    public func screen(_ request: Request, quotes: [EId: String] = [:]) -> DecisionReport {
        explain(decide(request), for: request, quotes: quotes)
    }
}

extension DecisionReport {
    /// One line of the dual-criminality test in words, e.g.
    /// "insulting-officials: NORLAND Penal Code s. 212 (criminal) / KARVIA no statute (not criminal) → not-met".
    public var dualCriminalitySummary: String {
        func side(_ s: StateCriminality) -> String {
            guard s.profiled else { return "\(s.state): no profile" }
            return s.criminal ? "\(s.state): \(s.statute ?? "criminal")" : "\(s.state): not criminal"
        }
        return
            "\(dualCriminality.conduct): \(side(dualCriminality.requesting)) | \(side(dualCriminality.requested)) → "
                + "\(dualCriminality.status.rawValue)"
    }
}
