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
    public var indices: [Int] {
        var result: [Int] = []
        var word = low
        while word != 0 { result.append(word.trailingZeroBitCount); word &= word - 1 }
        word = high
        while word != 0 { result.append(64 + word.trailingZeroBitCount); word &= word - 1 }
        return result
    }
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

/// One instruction of a compiled condition: plain data, so evaluation never touches a reference count.
///
/// A condition tree is stored in pre-order in one flat array; `end` is the index just past the node's
/// subtree, so `all`/`any` can walk their children and short-circuit.
struct ConditionOp: Sendable {
    enum Code: UInt8, Sendable {
        case always, all, any, not
        case measure, authority, conduct, targetAttribute, dataCategory, urgency, legalBasis
        case judicial, prior, dualCriminality, dualCriminalityRequired, dateRangeOver, accountsOver, missing
        case requestingParty, requestedReservation
    }

    var code: Code
    /// For boolean tests: the wanted value.
    var flag: Bool
    var end: Int32
    /// Bitmask, threshold or table offset, depending on `code`.
    var operand: UInt64
}

extension RuleSet {
    /// Compiles the rule set against a taxonomy and profile set into an engine.
    ///
    /// Conduct and attribute ids and flags are checked here, so an unknown id in a rule set is a
    /// configuration error at load time, never a silent non-match.
    public func compile(taxonomy: ConductTaxonomy, profiles: ProfileSet) throws -> ScreeningEngine {
        var ops: [ConditionOp] = []
        var reservationWords: [UInt64] = []
        func emit(_ c: RuleCondition, rule: String) throws {
            func fail(_ message: String) -> SafeguardError {
                SafeguardError(.invalidConfiguration, "rule set \(id), rule \(rule): \(message)")
            }
            let index = ops.count
            ops.append(ConditionOp(code: .always, flag: true, end: 0, operand: 0))
            var op = ConditionOp(code: .always, flag: true, end: 0, operand: 0)
            switch c {
            case .always: break
            case .all(let cs): op.code = .all; op.operand = UInt64(cs.count); for x in cs { try emit(x, rule: rule) }
            case .any(let cs): op.code = .any; op.operand = UInt64(cs.count); for x in cs { try emit(x, rule: rule) }
            case .not(let x): op.code = .not; try emit(x, rule: rule)
            case .measure(let ms): op.code = .measure; op.operand = UInt64(ms.reduce(0) { $0 | $1.bit })
            case .authority(let xs): op.code = .authority; op.operand = UInt64(xs.reduce(0) { $0 | $1.bit })
            case .conduct(let ids):
                op.code = .conduct
                for id in ids {
                    guard let i = taxonomy.conductIndex[id] else { throw fail("unknown conduct \"\(id)\"") }
                    op.operand |= 1 << UInt64(i)
                }
            case .conductFlag(let flag):
                op.code = .conduct
                op.operand = taxonomy.conductMask(flag: flag)
                guard op.operand != 0 else { throw fail("no conduct in the taxonomy carries the flag \"\(flag)\"") }
            case .targetAttribute(let ids):
                op.code = .targetAttribute
                for id in ids {
                    guard let i = taxonomy.attributeIndex[id] else { throw fail("unknown target attribute \"\(id)\"") }
                    op.operand |= 1 << UInt64(i)
                }
            case .targetAttributeFlag(let flag):
                op.code = .targetAttribute
                op.operand = taxonomy.attributeMask(flag: flag)
                guard op.operand != 0 else { throw fail("no target attribute carries the flag \"\(flag)\"") }
            case .dataCategory(let xs): op.code = .dataCategory; op.operand = UInt64(xs.reduce(0) { $0 | $1.bit })
            case .urgency(let xs): op.code = .urgency; op.operand = UInt64(xs.reduce(0) { $0 | $1.bit })
            case .legalBasis(let xs): op.code = .legalBasis; op.operand = UInt64(xs.reduce(0) { $0 | $1.bit })
            case .authorisationJudicial(let b): op.code = .judicial; op.flag = b
            case .authorisationPrior(let b): op.code = .prior; op.flag = b
            case .dualCriminality(let xs): op.code = .dualCriminality; op.operand = UInt64(xs.reduce(0) { $0 | $1.bit })
            case .dualCriminalityRequired(let b): op.code = .dualCriminalityRequired; op.flag = b
            case .dateRangeDaysOver(let n): op.code = .dateRangeOver; op.operand = UInt64(max(0, min(n, Int(Int32.max))))
            case .accountsOver(let n): op.code = .accountsOver; op.operand = UInt64(max(0, min(n, Int(Int32.max))))
            case .missing(let fields): op.code = .missing; op.operand = UInt64(fields.reduce(0) { $0 | $1.bit })
            case .requestingStateParty(let b): op.code = .requestingParty; op.flag = b
            case .requestedStateReservation(let eId):
                // A bitset over state indices, stored in a side table of words.
                op.code = .requestedReservation
                op.operand = UInt64(reservationWords.count)
                var words = [UInt64](repeating: 0, count: (profiles.profiles.count + 63) / 64 + 1)
                for (i, p) in profiles.profiles.enumerated()
                where p.membership(of: instrument)?.reservations.contains(where: { $0.eId.rawValue == eId }) == true {
                    words[i / 64] |= 1 << UInt64(i % 64)
                }
                reservationWords += words
            }
            op.end = Int32(ops.count)
            ops[index] = op
        }
        var roots: [Int32] = []
        for rule in rules {
            roots.append(Int32(ops.count))
            try emit(rule.when, rule: rule.id)
        }
        let party = profiles.profiles.map { $0.membership(of: instrument)?.status == "party" }
        return ScreeningEngine(
            ruleSet: self, taxonomy: taxonomy, profiles: profiles, ops: ops, roots: roots, reservationWords: reservationWords, party: party)
    }
}

/// Screens requests against one compiled rule set. Deterministic: the same request always gets the same decision.
public struct ScreeningEngine: Sendable {
    public let ruleSet: RuleSet
    public let taxonomy: ConductTaxonomy
    public let profiles: ProfileSet
    let ops: [ConditionOp]
    let roots: [Int32]
    let reservationWords: [UInt64]
    let refuseMask: RuleMask
    let reviewMask: RuleMask
    let conditionMask: RuleMask
    let permitMask: RuleMask
    let defaultOutcome: DecisionOutcome
    /// Per state index: party to the rule set's instrument.
    let party: [Bool]
    var reader: RequestReader
    /// The default of ``maxTargets``.
    public static let defaultMaxTargets = 10_000
    /// Most targets one request may name; a request with more is invalid data (exit 65).
    public var maxTargets: Int {
        get { reader.maxTargets }
        set { reader.maxTargets = max(1, newValue) }
    }

    init(
        ruleSet: RuleSet, taxonomy: ConductTaxonomy, profiles: ProfileSet, ops: [ConditionOp], roots: [Int32], reservationWords: [UInt64],
        party: [Bool]
    ) {
        self.ruleSet = ruleSet
        self.taxonomy = taxonomy
        self.profiles = profiles
        self.ops = ops
        self.roots = roots
        self.reservationWords = reservationWords
        var masks = [RuleMask](repeating: RuleMask(), count: 4)
        for (i, rule) in ruleSet.rules.enumerated() {
            switch rule.effect {
            case .refuse: masks[0].insert(i)
            case .needsReview: masks[1].insert(i)
            case .requireCondition: masks[2].insert(i)
            case .permit: masks[3].insert(i)
            }
        }
        refuseMask = masks[0]
        reviewMask = masks[1]
        conditionMask = masks[2]
        permitMask = masks[3]
        defaultOutcome = ruleSet.defaultEffect.outcome
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

    /// Screens one request: allocation-free; reasons are produced on demand by ``explain(_:for:quotes:)``.
    ///
    /// Combination (fixed, total): any matching `refuse` rule refuses; else any `needs-review` rule sends the
    /// request to a person; else `require-condition` rules give `execute-with-conditions`; else a `permit`
    /// rule executes; else the rule set's default (`refuse` or `needs-review`) applies.
    public func decide(_ request: Request) -> Decision {
        let dc = dualCriminality(request)
        let dcBit: UInt8 =
            switch dc {
            case .met: 1
            case .notMet: 2
            case .unknown: 4
            }
        var matched = RuleMask()
        ops.withUnsafeBufferPointer { ops in
            roots.withUnsafeBufferPointer { roots in
                for rule in 0..<roots.count where evaluate(ops, Int(roots[rule]), request, dcBit) {
                    matched.insert(rule)
                }
            }
        }
        @inline(__always) func hit(_ mask: RuleMask) -> RuleMask { RuleMask(low: matched.low & mask.low, high: matched.high & mask.high) }
        var determining = hit(refuseMask)
        if !determining.isEmpty { return Decision(outcome: .refuse, determining: determining, matched: matched, dualCriminality: dc) }
        determining = hit(reviewMask)
        if !determining.isEmpty { return Decision(outcome: .needsReview, determining: determining, matched: matched, dualCriminality: dc) }
        determining = hit(conditionMask)
        if !determining.isEmpty {
            return Decision(outcome: .executeWithConditions, determining: determining, matched: matched, dualCriminality: dc)
        }
        determining = hit(permitMask)
        if !determining.isEmpty { return Decision(outcome: .execute, determining: determining, matched: matched, dualCriminality: dc) }
        return Decision(outcome: defaultOutcome, determining: RuleMask(), matched: matched, dualCriminality: dc)
    }

    func evaluate(_ ops: UnsafeBufferPointer<ConditionOp>, _ index: Int, _ r: Request, _ dcBit: UInt8) -> Bool {
        let op = ops[index]
        switch op.code {
        case .always: return true
        case .all:
            var child = index + 1
            for _ in 0..<op.operand {
                if !evaluate(ops, child, r, dcBit) { return false }
                child = Int(ops[child].end)
            }
            return true
        case .any:
            var child = index + 1
            for _ in 0..<op.operand {
                if evaluate(ops, child, r, dcBit) { return true }
                child = Int(ops[child].end)
            }
            return false
        case .not: return !evaluate(ops, index + 1, r, dcBit)
        case .measure: return op.operand & UInt64(r.measureBit) != 0
        case .authority: return op.operand & UInt64(r.authorityBit) != 0
        case .conduct: return op.operand & (1 << UInt64(r.conductIndex)) != 0
        case .targetAttribute: return op.operand & r.attributeMask != 0
        case .dataCategory: return op.operand & UInt64(r.dataCategoryMask) != 0
        // An absent urgency or legal basis has bit 0 and matches no list.
        case .urgency: return op.operand & UInt64(r.urgencyBit) != 0
        case .legalBasis: return op.operand & UInt64(r.legalBasisBit) != 0
        // Absent information never satisfies a safeguard: no authorisation is "not judicial" and "not prior".
        case .judicial: return (r.authorisationFlags & 1 != 0) == op.flag
        case .prior: return (r.authorisationFlags & 2 != 0) == op.flag
        case .dualCriminality: return op.operand & UInt64(dcBit) != 0
        case .dualCriminalityRequired:
            // An unknown requested state is treated as requiring dual criminality (the protective reading).
            let required = r.requestedIndex < 0 || profiles.dualCriminalityMeasures[Int(r.requestedIndex)] & r.measureBit != 0
            return required == op.flag
        case .dateRangeOver: return r.rangeDays >= 0 && UInt64(r.rangeDays) > op.operand
        case .accountsOver: return r.accounts >= 0 && UInt64(r.accounts) > op.operand
        case .missing: return op.operand & UInt64(~r.presence) != 0
        case .requestingParty:
            let isParty = r.requestingIndex >= 0 && party[Int(r.requestingIndex)]
            return isParty == op.flag
        case .requestedReservation:
            guard r.requestedIndex >= 0 else { return false }
            let i = Int(r.requestedIndex)
            return reservationWords[Int(op.operand) + i / 64] & (1 << UInt64(i % 64)) != 0
        }
    }
}
