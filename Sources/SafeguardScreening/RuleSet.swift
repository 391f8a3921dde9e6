import Foundation
public import SafeguardModel

/// What a rule does when its conditions hold. Raw values are the ids used in rule-set files.
public enum RuleEffect: String, Codable, Sendable, CaseIterable {
    case refuse
    case needsReview = "needs-review"
    case requireCondition = "require-condition"
    case permit

    /// The decision outcome the effect leads to when it is the strongest effect that applies.
    public var outcome: DecisionOutcome {
        switch self {
        case .refuse: .refuse
        case .needsReview: .needsReview
        case .requireCondition: .executeWithConditions
        case .permit: .execute
        }
    }
}

/// The article a rule implements.
public struct Citation: Sendable, Hashable, Codable {
    /// The instrument id (`model-convention-rev2`).
    public var instrument: String
    /// The Akoma Ntoso eId of the provision (`art_40__para_21`).
    public var eId: EId
}

/// An obligation the executing party must meet (`execute-with-conditions`).
public struct RequiredCondition: Sendable, Hashable, Codable {
    /// Stable id (`obtain-prior-judicial-order`, `narrow-date-range`, `strip-content`, `notify-user`, `restrict-use`, ...).
    public var id: String
    /// What the executor must do, in plain words.
    public var text: String
}

/// A declarative condition over a request, its states' profiles and the conduct taxonomy.
///
/// See docs/screening.md ("Conditions") for every key and its exact semantics.
public indirect enum RuleCondition: Sendable, Hashable {
    case always
    case all([RuleCondition])
    case any([RuleCondition])
    case not(RuleCondition)
    case measure([Measure])
    case authority([Authority])
    case conduct([String])
    case conductFlag(String)
    case targetAttribute([String])
    case targetAttributeFlag(String)
    case dataCategory([DataCategory])
    case urgency([Urgency])
    case legalBasis([LegalBasisKind])
    case authorisationJudicial(Bool)
    case authorisationPrior(Bool)
    case dualCriminality([DualCriminality])
    case dualCriminalityRequired(Bool)
    case dateRangeDaysOver(Int)
    case accountsOver(Int)
    case missing([RequestField])
    case requestingStateParty(Bool)
    case requestedStateReservation(String)

    /// The request fields the condition reads, for the decision's "rested on" list.
    public var fields: [String] {
        var result: [String] = []
        func add(_ f: String) { if !result.contains(f) { result.append(f) } }
        func walk(_ c: RuleCondition) {
            switch c {
            case .always: break
            case .all(let cs), .any(let cs): cs.forEach(walk)
            case .not(let c): walk(c)
            case .measure: add("measure")
            case .authority: add("requesting.authority")
            case .conduct, .conductFlag: add("offence.conduct")
            case .targetAttribute, .targetAttributeFlag: add("targets[].attributes")
            case .dataCategory: add("scope.data-categories")
            case .urgency: add("urgency")
            case .legalBasis: add("legal-basis.kind")
            case .authorisationJudicial: add("authorisation.issuer"); add("authorisation.judicial")
            case .authorisationPrior: add("authorisation.timing")
            case .dualCriminality: add("offence.conduct"); add("requesting.state"); add("requested.state")
            case .dualCriminalityRequired: add("requested.state"); add("measure")
            case .dateRangeDaysOver: add("scope.from"); add("scope.to")
            case .accountsOver: add("scope.accounts")
            case .missing(let fields): fields.forEach { add($0.rawValue) }
            case .requestingStateParty: add("requesting.state")
            case .requestedStateReservation: add("requested.state")
            }
        }
        walk(self)
        return result
    }
}

/// One rule of a rule set.
public struct Rule: Sendable, Hashable {
    public var id: String
    public var effect: RuleEffect
    /// For `refuse`: the ground id reported and counted in transparency reports.
    public var ground: String?
    /// For `require-condition`: the obligation imposed.
    public var condition: RequiredCondition?
    public var implements: Citation
    /// Why the rule exists, in plain language.
    public var reason: String
    public var when: RuleCondition
}

/// A declarative rule set: a treaty regime plus a safeguards profile (schema `safeguard.ruleset/1`).
///
/// Combination is fixed and total: any matching `refuse` rule refuses; otherwise any `needs-review`
/// rule sends the request to a human; otherwise `require-condition` rules give `execute-with-conditions`;
/// otherwise a `permit` rule executes; when no rule matches, the rule set's `default` applies.
public struct RuleSet: Sendable {
    public static let maximumRules = 128

    public var id: String
    public var version: String
    public var title: String
    public var description: String
    /// The instrument most rules implement; `implements.instrument` defaults to it.
    public var instrument: String
    public var rules: [Rule]
    /// What happens when no rule matches (`refuse` or `needs-review` are the safe choices).
    public var defaultEffect: RuleEffect
    public var defaultReason: String
    public var defaultImplements: Citation?
    /// SHA-256 of the file bytes the rule set was read from (hex).
    public var digest: String

    /// Reads a rule-set file.
    public static func load(yaml text: String, source: String? = nil) throws -> RuleSet {
        do {
            let root = try DataValue.parseYAML(text, source: source)
            let r = try FieldReader(root, path: "", source: source, line: nil)
            try r.rejectUnknownKeys(["schema", "id", "version", "title", "description", "instrument", "default", "rules"])
            let schema = try r.requiredString("schema")
            guard schema == "safeguard.ruleset/1" else { throw r.error("schema", "expected safeguard.ruleset/1, found \(schema)") }
            let instrument = try r.requiredString("instrument")
            guard let d = try r.child("default") else { throw r.error("default", "missing required field") }
            try d.rejectUnknownKeys(["effect", "reason", "implements"])
            let defaultEffect: RuleEffect = try effect(d)
            guard defaultEffect == .refuse || defaultEffect == .needsReview else {
                throw d.error(
                    "effect", "the default must be refuse or needs-review: an unmatched request must never be executed by default")
            }
            var rules: [Rule] = []
            for (i, item) in (try r.list("rules") ?? []).enumerated() {
                let rr = try FieldReader(item, path: "rules[\(i)]", source: source, line: nil)
                try rr.rejectUnknownKeys(["id", "effect", "ground", "condition", "implements", "reason", "when"])
                let ruleID = try rr.requiredString("id")
                if rules.contains(where: { $0.id == ruleID }) { throw rr.error("id", "rule id \"\(ruleID)\" is used twice") }
                let eff = try effect(rr)
                let ground = try rr.string("ground")
                if eff == .refuse, ground == nil { throw rr.error("ground", "missing: a refuse rule must name its ground") }
                var condition: RequiredCondition?
                if let c = try rr.child("condition") {
                    try c.rejectUnknownKeys(["id", "text"])
                    condition = RequiredCondition(id: try c.requiredString("id"), text: try c.requiredString("text"))
                }
                if eff == .requireCondition, condition == nil {
                    throw rr.error("condition", "missing: a require-condition rule must name the condition")
                }
                guard let implements = try citation(rr, instrument: instrument) else {
                    throw rr.error("implements", "missing: every rule must cite the article it implements")
                }
                let when: RuleCondition
                if let w = rr.value("when") {
                    when = try parseCondition(w, path: rr.fieldPath("when"), source: source)
                } else {
                    when = .always
                }
                rules.append(
                    Rule(
                        id: ruleID, effect: eff, ground: ground, condition: condition, implements: implements,
                        reason: try rr.requiredString("reason"), when: when))
            }
            guard rules.count <= maximumRules else { throw r.error("rules", "\(rules.count) rules; at most \(maximumRules) are supported") }
            return RuleSet(
                id: try r.requiredString("id"),
                version: try r.requiredString("version"),
                title: try r.requiredString("title"),
                description: try r.string("description") ?? "",
                instrument: instrument,
                rules: rules,
                defaultEffect: defaultEffect,
                defaultReason: try d.requiredString("reason"),
                defaultImplements: try citation(d, instrument: instrument),
                digest: Digests.sha256Hex(Array(text.utf8))
            )
        } catch let error as SafeguardError where error.kind == .invalidData || error.kind == .emptyInput || error.kind == .tooLarge {
            throw SafeguardError(.invalidConfiguration, error.message, file: source, line: error.line)
        }
    }

    private static func effect(_ r: FieldReader) throws -> RuleEffect {
        let text = try r.requiredString("effect")
        guard let e = RuleEffect(rawValue: text) else {
            throw r.error(
                "effect", "unknown effect \"\(text)\" (expected one of: \(RuleEffect.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return e
    }

    private static func citation(_ r: FieldReader, instrument: String) throws -> Citation? {
        guard let c = try r.child("implements") else { return nil }
        try c.rejectUnknownKeys(["instrument", "eId"])
        return Citation(instrument: try c.string("instrument") ?? instrument, eId: EId(try c.requiredString("eId")))
    }

    static let conditionKeys = [
        "always", "all", "any", "not", "measure", "authority", "conduct", "conduct-flag", "target-attribute",
        "target-attribute-flag", "data-category", "urgency", "legal-basis", "authorisation-judicial",
        "authorisation-prior", "dual-criminality", "dual-criminality-required", "date-range-days-over",
        "accounts-over", "missing", "requesting-state-party", "requested-state-reservation",
    ]

    /// Parses a `when` mapping: several keys in one mapping must all hold.
    static func parseCondition(_ value: DataValue, path: String, source: String?) throws -> RuleCondition {
        let r = try FieldReader(value, path: path, source: source, line: nil)
        try r.rejectUnknownKeys(conditionKeys)
        var parts: [RuleCondition] = []
        func list<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type) throws -> [E]? where E.RawValue == String {
            guard let items = try r.stringList(key) else { return nil }
            return try items.map { item in
                guard let e = E(rawValue: item) else {
                    throw r.error(key, "unknown value \"\(item)\" (expected one of: \(E.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return e
            }
        }
        func subconditions(_ key: String) throws -> [RuleCondition]? {
            guard let items = try r.list(key) else { return nil }
            guard !items.isEmpty else { throw r.error(key, "must not be empty") }
            return try items.enumerated().map { try parseCondition($1, path: "\(r.fieldPath(key))[\($0)]", source: source) }
        }
        // Keys in a fixed order so the compiled rule is the same whatever the file's key order.
        if try r.bool("always") == true { parts.append(.always) }
        if let cs = try subconditions("all") { parts.append(.all(cs)) }
        if let cs = try subconditions("any") { parts.append(.any(cs)) }
        if let n = r.value("not") { parts.append(.not(try parseCondition(n, path: r.fieldPath("not"), source: source))) }
        if let v = try list("measure", Measure.self) { parts.append(.measure(v)) }
        if let v = try list("authority", Authority.self) { parts.append(.authority(v)) }
        if let v = try r.stringList("conduct") { parts.append(.conduct(v)) }
        if let v = try r.string("conduct-flag") { parts.append(.conductFlag(v)) }
        if let v = try r.stringList("target-attribute") { parts.append(.targetAttribute(v)) }
        if let v = try r.string("target-attribute-flag") { parts.append(.targetAttributeFlag(v)) }
        if let v = try list("data-category", DataCategory.self) { parts.append(.dataCategory(v)) }
        if let v = try list("urgency", Urgency.self) { parts.append(.urgency(v)) }
        if let v = try list("legal-basis", LegalBasisKind.self) { parts.append(.legalBasis(v)) }
        if let v = try r.bool("authorisation-judicial") { parts.append(.authorisationJudicial(v)) }
        if let v = try r.bool("authorisation-prior") { parts.append(.authorisationPrior(v)) }
        if let v = try list("dual-criminality", DualCriminality.self) { parts.append(.dualCriminality(v)) }
        if let v = try r.bool("dual-criminality-required") { parts.append(.dualCriminalityRequired(v)) }
        if let v = try r.int("date-range-days-over") { parts.append(.dateRangeDaysOver(v)) }
        if let v = try r.int("accounts-over") { parts.append(.accountsOver(v)) }
        if let v = try list("missing", RequestField.self) { parts.append(.missing(v)) }
        if let v = try r.bool("requesting-state-party") { parts.append(.requestingStateParty(v)) }
        if let v = try r.string("requested-state-reservation") { parts.append(.requestedStateReservation(v)) }
        guard !parts.isEmpty else {
            throw SafeguardError(.invalidData, "\(path): empty condition (use `always: true` for a rule that always applies)", file: source)
        }
        return parts.count == 1 ? parts[0] : .all(parts)
    }
}
