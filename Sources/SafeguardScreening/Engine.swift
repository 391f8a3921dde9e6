import Foundation
import SafeguardModel

/// A set of rule indices (a rule set holds at most 128 rules), stored as two words so a decision never allocates.
public struct RuleMask: Sendable, Hashable {
    public var low: UInt64 = 0
    public var high: UInt64 = 0

    public init() {}

    public init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    @inline(__always) mutating func insert(_ index: Int) {
        if index < 64 { low |= 1 << UInt64(index) } else { high |= 1 << UInt64(index - 64) }
    }

    @inline(__always) public func contains(_ index: Int) -> Bool {
        index < 64 ? low & (1 << UInt64(index)) != 0 : high & (1 << UInt64(index - 64)) != 0
    }

    public var isEmpty: Bool { low == 0 && high == 0 }

    /// The indices in ascending order.
    public var indices: [Int] { (0..<128).filter(contains) }
}

/// The result of screening one request: cheap to produce; ``ScreeningEngine/explain(_:for:)`` gives reasons.
public struct Decision: Sendable, Hashable {
    public var outcome: DecisionOutcome
    /// The rules that determined the outcome (empty when the rule set's default applied).
    public var determining: RuleMask
    /// Every rule whose conditions held.
    public var matched: RuleMask
    /// The conduct-based dual-criminality test result.
    public var dualCriminality: DualCriminality
}

/// A condition compiled against one taxonomy and profile set: bitmask tests over interned ids.
indirect enum CompiledCondition: Sendable {
    case always
    case all([CompiledCondition])
    case any([CompiledCondition])
    case not(CompiledCondition)
    case measure(UInt16)
    case authority(UInt8)
    case conduct(UInt64)
    case targetAttribute(UInt64)
    case dataCategory(UInt8)
    case urgency(UInt8)
    case legalBasis(UInt8)
    case judicial(Bool)
    case prior(Bool)
    case dualCriminality(UInt8)
    case dualCriminalityRequired(Bool)
    case dateRangeOver(Int32)
    case accountsOver(Int)
    case missing(UInt16)
    case requestingParty(Bool)
    /// Per requested-state index: whether that state made the reservation.
    case requestedReservation([Bool])
}

extension RuleSet {
    /// Compiles the rule set against a taxonomy and profile set into an engine.
    ///
    /// Conduct and attribute ids and flags are checked here, so an unknown id in a rule set is a
    /// configuration error at load time, never a silent non-match.
    public func compile(taxonomy: ConductTaxonomy, profiles: ProfileSet) throws -> ScreeningEngine {
        func compile(_ c: RuleCondition, rule: String) throws -> CompiledCondition {
            func fail(_ message: String) -> SafeguardError {
                SafeguardError(.invalidConfiguration, "rule set \(id), rule \(rule): \(message)")
            }
            switch c {
            case .always: return .always
            case .all(let cs): return .all(try cs.map { try compile($0, rule: rule) })
            case .any(let cs): return .any(try cs.map { try compile($0, rule: rule) })
            case .not(let c): return .not(try compile(c, rule: rule))
            case .measure(let ms): return .measure(ms.reduce(0) { $0 | $1.bit })
            case .authority(let xs): return .authority(xs.reduce(0) { $0 | $1.bit })
            case .conduct(let ids):
                var mask: UInt64 = 0
                for id in ids {
                    guard let i = taxonomy.conductIndex[id] else { throw fail("unknown conduct \"\(id)\"") }
                    mask |= 1 << UInt64(i)
                }
                return .conduct(mask)
            case .conductFlag(let flag):
                let mask = taxonomy.conductMask(flag: flag)
                guard mask != 0 else { throw fail("no conduct in the taxonomy carries the flag \"\(flag)\"") }
                return .conduct(mask)
            case .targetAttribute(let ids):
                var mask: UInt64 = 0
                for id in ids {
                    guard let i = taxonomy.attributeIndex[id] else { throw fail("unknown target attribute \"\(id)\"") }
                    mask |= 1 << UInt64(i)
                }
                return .targetAttribute(mask)
            case .targetAttributeFlag(let flag):
                let mask = taxonomy.attributeMask(flag: flag)
                guard mask != 0 else { throw fail("no target attribute carries the flag \"\(flag)\"") }
                return .targetAttribute(mask)
            case .dataCategory(let xs): return .dataCategory(xs.reduce(0) { $0 | $1.bit })
            case .urgency(let xs): return .urgency(xs.reduce(0) { $0 | $1.bit })
            case .legalBasis(let xs): return .legalBasis(xs.reduce(0) { $0 | $1.bit })
            case .authorisationJudicial(let b): return .judicial(b)
            case .authorisationPrior(let b): return .prior(b)
            case .dualCriminality(let xs): return .dualCriminality(xs.reduce(0) { $0 | $1.bit })
            case .dualCriminalityRequired(let b): return .dualCriminalityRequired(b)
            case .dateRangeDaysOver(let n): return .dateRangeOver(Int32(clamping: n))
            case .accountsOver(let n): return .accountsOver(n)
            case .missing(let fields): return .missing(fields.reduce(0) { $0 | $1.bit })
            case .requestingStateParty(let b): return .requestingParty(b)
            case .requestedStateReservation(let eId):
                return .requestedReservation(profiles.profiles.map { p in
                    p.membership(of: instrument)?.reservations.contains { $0.eId == eId } ?? false
                })
            }
        }
        var compiled: [CompiledCondition] = []
        var effects: [RuleEffect] = []
        for rule in rules {
            compiled.append(try compile(rule.when, rule: rule.id))
            effects.append(rule.effect)
        }
        let party = profiles.profiles.map { $0.membership(of: instrument)?.status == "party" }
        return ScreeningEngine(ruleSet: self, taxonomy: taxonomy, profiles: profiles, conditions: compiled, effects: effects, party: party)
    }
}

/// Screens requests against one compiled rule set. Deterministic: the same request always gets the same decision.
public struct ScreeningEngine: Sendable {
    public let ruleSet: RuleSet
    public let taxonomy: ConductTaxonomy
    public let profiles: ProfileSet
    let conditions: [CompiledCondition]
    /// Per effect (refuse, needs-review, require-condition, permit): the rules that have it.
    let effectMasks: [RuleMask]
    let party: [Bool]
    let reader: RequestReader

    init(ruleSet: RuleSet, taxonomy: ConductTaxonomy, profiles: ProfileSet, conditions: [CompiledCondition], effects: [RuleEffect], party: [Bool]) {
        self.ruleSet = ruleSet
        self.taxonomy = taxonomy
        self.profiles = profiles
        self.conditions = conditions
        var masks = [RuleMask](repeating: RuleMask(), count: RuleEffect.allCases.count)
        for (i, e) in effects.enumerated() { masks[RuleEffect.allCases.firstIndex(of: e)!].insert(i) }
        self.effectMasks = masks
        self.party = party
        self.reader = RequestReader(taxonomy: taxonomy, profiles: profiles)
    }

    /// Validates a request tree (from YAML or JSON) and resolves it against this engine's taxonomy and profiles.
    ///
    /// - Throws: ``SafeguardError`` `.invalidData` (exit 65) naming the field path, e.g. `targets[0].attributes[1]`.
    public func request(from value: DataValue, source: String? = nil, line: Int? = nil) throws -> Request {
        try reader.read(value, source: source, line: line)
    }

    /// The conduct-based dual-criminality test: is the request's underlying conduct criminal in both states?
    @inline(__always)
    public func dualCriminality(_ request: Request) -> DualCriminality {
        let requesting = Int(request.requestingIndex)
        let requested = Int(request.requestedIndex)
        guard requesting >= 0, requested >= 0 else { return .unknown }
        let bit: UInt64 = 1 << UInt64(request.conductIndex)
        // The requesting state's own profile must criminalise the conduct too; otherwise its statute label
        // does not describe the conduct and the test fails on the conduct, whatever the label says.
        return profiles.criminalConducts[requested] & bit != 0 && profiles.criminalConducts[requesting] & bit != 0 ? .met : .notMet
    }

    /// Screens one request. Allocation-free: reasons are produced on demand by ``explain(_:for:)``.
    public func decide(_ request: Request) -> Decision {
        let dc = dualCriminality(request)
        var matched = RuleMask()
        for i in conditions.indices where evaluate(conditions[i], request, dc) {
            matched.insert(i)
        }
        for (effectIndex, effect) in RuleEffect.allCases.enumerated() {
            let mask = effectMasks[effectIndex]
            let hit = RuleMask(low: matched.low & mask.low, high: matched.high & mask.high)
            if !hit.isEmpty { return Decision(outcome: effect.outcome, determining: hit, matched: matched, dualCriminality: dc) }
        }
        return Decision(outcome: ruleSet.defaultEffect.outcome, determining: RuleMask(), matched: matched, dualCriminality: dc)
    }

    @inline(__always)
    func evaluate(_ condition: CompiledCondition, _ r: Request, _ dc: DualCriminality) -> Bool {
        switch condition {
        case .always: return true
        case .all(let cs):
            for c in cs where !evaluate(c, r, dc) { return false }
            return true
        case .any(let cs):
            for c in cs where evaluate(c, r, dc) { return true }
            return false
        case .not(let c): return !evaluate(c, r, dc)
        case .measure(let mask): return mask & r.measure.bit != 0
        case .authority(let mask): return mask & r.requestingAuthority.bit != 0
        case .conduct(let mask): return mask & (1 << UInt64(r.conductIndex)) != 0
        case .targetAttribute(let mask): return mask & r.attributeMask != 0
        case .dataCategory(let mask): return mask & r.dataCategoryMask != 0
        case .urgency(let mask): return r.urgency.map { mask & $0.bit != 0 } ?? false
        case .legalBasis(let mask): return r.legalBasis.map { mask & $0.bit != 0 } ?? false
        case .judicial(let wanted):
            // Absent information never satisfies a safeguard: no authorisation is "not judicial".
            return (r.authorisation?.judicial ?? false) == wanted
        case .prior(let wanted):
            return (r.authorisation?.timing == .prior) == wanted
        case .dualCriminality(let mask): return mask & dc.bit != 0
        case .dualCriminalityRequired(let wanted):
            // An unknown requested state is treated as requiring dual criminality (the protective reading).
            let required = r.requestedIndex < 0 || profiles.dualCriminalityMeasures[Int(r.requestedIndex)] & r.measure.bit != 0
            return required == wanted
        case .dateRangeOver(let days):
            guard let from = r.scopeFrom, let to = r.scopeTo else { return false }
            return to.daysSinceEpoch - from.daysSinceEpoch + 1 > days
        case .accountsOver(let n): return r.scopeAccounts.map { $0 > n } ?? false
        case .missing(let mask): return mask & ~r.presence != 0
        case .requestingParty(let wanted):
            let isParty = r.requestingIndex >= 0 && party[Int(r.requestingIndex)]
            return isParty == wanted
        case .requestedReservation(let byState):
            return r.requestedIndex >= 0 && byState[Int(r.requestedIndex)]
        }
    }
}
