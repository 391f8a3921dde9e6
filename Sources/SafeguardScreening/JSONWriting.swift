public import SafeguardModel

/// A compact JSON writer over bytes, producing exactly what `JSONOutput.encoder(pretty: false)` produces
/// (sorted keys, unescaped slashes and non-ASCII) for the types written on the batch hot path, at a
/// fraction of `JSONEncoder`'s cost. A test checks the two agree.
struct JSONBytes {
    var bytes: [UInt8] = []

    init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { append(escaping: $0) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends string bytes with JSON escapes (``JSONStringEscaping``).
    mutating func append(escaping utf8: UnsafeBufferPointer<UInt8>) {
        JSONStringEscaping.append(utf8, to: &bytes)
    }

    /// Bytes already in JSON form (precomputed fragments).
    mutating func fragment(_ b: [UInt8]) { bytes.append(contentsOf: b) }

    mutating func bool(_ v: Bool) { if v { raw("true") } else { raw("false") } }

    mutating func stringArray(_ items: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (i, s) in items.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            string(s)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}

extension DecisionReport {
    /// This report as one compact JSON line (with the trailing newline), identical to `JSONOutput.string(self, pretty: false)`.
    public var jsonLine: String {
        var w = JSONBytes()
        write(to: &w)
        w.bytes.append(0x0A)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    func write(to w: inout JSONBytes) {
        w.raw("{\"byDefault\":"); w.bool(byDefault)
        w.raw(",\"conditions\":[")
        for (i, c) in conditions.enumerated() {
            if i > 0 { w.raw(",") }
            Self.write(c, to: &w)
        }
        w.raw("],\"determiningRules\":[")
        for (i, d) in determiningRules.enumerated() {
            if i > 0 { w.raw(",") }
            Self.write(d, to: &w)
        }
        let dc = dualCriminality
        w.raw("],\"dualCriminality\":{\"citedStatute\":"); w.string(dc.citedStatute)
        w.raw(",\"conduct\":"); w.string(dc.conduct)
        w.raw(",\"conductLabel\":"); w.string(dc.conductLabel)
        w.raw(",\"requested\":"); Self.write(dc.requested, to: &w)
        w.raw(",\"requesting\":"); Self.write(dc.requesting, to: &w)
        if let r = dc.requiredByRequestedState { w.raw(",\"requiredByRequestedState\":"); w.bool(r) }
        w.raw(",\"status\":"); w.string(dc.status.rawValue)
        w.raw("},\"grounds\":"); w.stringArray(grounds)
        w.raw(",\"matchedRules\":"); w.stringArray(matchedRules)
        w.raw(",\"measure\":"); w.string(measure.rawValue)
        w.raw(",\"outcome\":"); w.string(outcome.rawValue)
        w.raw(",\"request\":"); w.string(request)
        w.raw(",\"requestDigest\":"); w.string(requestDigest)
        w.raw(",\"requestedState\":"); w.string(requestedState)
        w.raw(",\"requestingState\":"); w.string(requestingState)
        w.raw(",\"ruleSet\":{\"digest\":"); w.string(ruleSet.digest)
        w.raw(",\"id\":"); w.string(ruleSet.id)
        w.raw(",\"version\":"); w.string(ruleSet.version)
        w.raw("},\"schema\":"); w.string(schema)
        w.raw(",\"targetAttributes\":"); w.stringArray(targetAttributes)
        w.raw("}")
    }

    static func write(_ d: DeterminingRule, to w: inout JSONBytes) {
        w.raw("{")
        var first = true
        func key(_ k: StaticString) { if !first { w.raw(",") }; first = false; w.raw(k) }
        if let c = d.condition { key("\"condition\":"); Self.write(c, to: &w) }
        key("\"effect\":"); w.string(d.effect)
        if let g = d.ground { key("\"ground\":"); w.string(g) }
        if let c = d.implements {
            key("\"implements\":{\"eId\":"); w.string(c.eId.rawValue); w.raw(",\"instrument\":"); w.string(c.instrument); w.raw("}")
        }
        if let q = d.quote { key("\"quote\":"); w.string(q) }
        key("\"reason\":"); w.string(d.reason)
        key("\"restedOn\":"); w.stringArray(d.restedOn)
        key("\"rule\":"); w.string(d.rule)
        w.raw("}")
    }

    static func write(_ c: RequiredCondition, to w: inout JSONBytes) {
        w.raw("{\"id\":"); w.string(c.id); w.raw(",\"text\":"); w.string(c.text); w.raw("}")
    }

    static func write(_ s: StateCriminality, to w: inout JSONBytes) {
        w.raw("{\"criminal\":"); w.bool(s.criminal)
        if let m = s.maximumPenalty { w.raw(",\"maximumPenalty\":"); w.string(m) }
        w.raw(",\"profiled\":"); w.bool(s.profiled)
        w.raw(",\"state\":"); w.string(s.state)
        if let st = s.statute { w.raw(",\"statute\":"); w.string(st) }
        w.raw("}")
    }
}

/// Renders decisions as JSON lines straight from a ``Decision`` without building a ``DecisionReport``:
/// every rule's JSON is escaped once per batch. The output is byte-identical to
/// `engine.explain(decision, for: request, quotes: quotes).jsonLine` (a test checks it).
public struct DecisionRenderer: Sendable {
    let engine: ScreeningEngine
    let ruleFragments: [[UInt8]]
    let defaultFragment: [UInt8]
    let conditionFragments: [[UInt8]?]
    let groundFragments: [[UInt8]?]
    let ruleIDFragments: [[UInt8]]
    let ruleSetFragment: [UInt8]
    let conductFragments: [[UInt8]]
    /// Attribute indices in id order, so attributes come out sorted as `explain` sorts them.
    let attributeOrder: [Int]
    let attributeFragments: [[UInt8]]

    public init(engine: ScreeningEngine, quotes: [EId: String] = [:]) {
        self.engine = engine
        func encode(_ body: (inout JSONBytes) -> Void) -> [UInt8] {
            var w = JSONBytes(capacity: 256)
            body(&w)
            return w.bytes
        }
        // Reuse explain() on a synthetic decision to get each rule's DeterminingRule exactly as reported.
        let set = engine.ruleSet
        var fragments: [[UInt8]] = []
        var conditions: [[UInt8]?] = []
        var grounds: [[UInt8]?] = []
        for rule in set.rules {
            let d = DecisionReport.DeterminingRule(
                rule: rule.id, effect: rule.effect.rawValue, ground: rule.ground, condition: rule.condition,
                implements: rule.implements, reason: rule.reason, restedOn: rule.when.fields,
                quote: rule.implements.instrument == set.instrument ? quotes[rule.implements.eId] : nil
            )
            fragments.append(encode { DecisionReport.write(d, to: &$0) })
            conditions.append(rule.condition.map { c in encode { DecisionReport.write(c, to: &$0) } })
            grounds.append(rule.ground.map { g in encode { $0.string(g) } })
        }
        ruleFragments = fragments
        conditionFragments = conditions
        groundFragments = grounds
        let d = DecisionReport.DeterminingRule(
            rule: "default", effect: set.defaultEffect.rawValue, ground: set.defaultEffect == .refuse ? "no-applicable-rule" : nil,
            condition: nil, implements: set.defaultImplements, reason: set.defaultReason, restedOn: [],
            quote: set.defaultImplements.flatMap { $0.instrument == set.instrument ? quotes[$0.eId] : nil }
        )
        defaultFragment = encode { DecisionReport.write(d, to: &$0) }
        ruleIDFragments = set.rules.map { r in encode { $0.string(r.id) } }
        ruleSetFragment = encode { w in
            w.raw("{\"digest\":"); w.string(set.digest); w.raw(",\"id\":"); w.string(set.id); w.raw(",\"version\":"); w.string(set.version);
            w.raw("}")
        }
        conductFragments = engine.taxonomy.conducts.map { c in
            encode { w in
                w.raw("\"conduct\":"); w.string(c.id); w.raw(",\"conductLabel\":"); w.string(c.label)
            }
        }
        attributeOrder = engine.taxonomy.attributes.indices.sorted { engine.taxonomy.attributes[$0].id < engine.taxonomy.attributes[$1].id }
        attributeFragments = engine.taxonomy.attributes.map { a in encode { $0.string(a.id) } }
    }

    /// One decision as a JSON line (with its newline) appended to `bytes`.
    public func appendJSONLine(_ decision: Decision, for request: Request, to bytes: inout [UInt8]) {
        var w = JSONBytes(capacity: 0)
        swap(&w.bytes, &bytes)
        defer { swap(&w.bytes, &bytes) }
        let determining = decision.determining.indices
        w.raw("{\"byDefault\":"); w.bool(determining.isEmpty)
        w.raw(",\"conditions\":[")
        var firstCondition = true
        var seen: [Int] = []
        for i in determining {
            guard let c = conditionFragments[i] else { continue }
            if seen.contains(where: { conditionFragments[$0]! == c }) { continue }
            seen.append(i)
            if !firstCondition { w.raw(",") }
            firstCondition = false
            w.fragment(c)
        }
        w.raw("],\"determiningRules\":[")
        if determining.isEmpty {
            w.fragment(defaultFragment)
        } else {
            for (n, i) in determining.enumerated() {
                if n > 0 { w.raw(",") }
                w.fragment(ruleFragments[i])
            }
        }
        w.raw("],\"dualCriminality\":{\"citedStatute\":"); w.string(request.offenceStatute)
        w.raw(","); w.fragment(conductFragments[Int(request.conductIndex)])
        w.raw(",\"requested\":"); writeSide(request.requestedState, request.requestedIndex, request, &w)
        w.raw(",\"requesting\":"); writeSide(request.requestingState, request.requestingIndex, request, &w)
        if request.requestedIndex >= 0 {
            w.raw(",\"requiredByRequestedState\":")
            w.bool(engine.profiles.dualCriminalityMeasures[Int(request.requestedIndex)] & request.measureBit != 0)
        }
        w.raw(",\"status\":"); w.string(decision.dualCriminality.rawValue)
        w.raw("},\"grounds\":[")
        var groundsWritten: [[UInt8]] = []
        for i in determining {
            guard let g = groundFragments[i], !groundsWritten.contains(g) else { continue }
            if !groundsWritten.isEmpty { w.raw(",") }
            groundsWritten.append(g)
            w.fragment(g)
        }
        if determining.isEmpty && engine.ruleSet.defaultEffect == .refuse { w.raw("\"no-applicable-rule\"") }
        w.raw("],\"matchedRules\":[")
        for (n, i) in decision.matched.indices.enumerated() {
            if n > 0 { w.raw(",") }
            w.fragment(ruleIDFragments[i])
        }
        w.raw("],\"measure\":"); w.string(request.measure.rawValue)
        w.raw(",\"outcome\":"); w.string(decision.outcome.rawValue)
        w.raw(",\"request\":"); w.string(request.id)
        w.raw(",\"requestDigest\":"); w.string(request.digest)
        w.raw(",\"requestedState\":"); w.string(request.requestedState)
        w.raw(",\"requestingState\":"); w.string(request.requestingState)
        w.raw(",\"ruleSet\":"); w.fragment(ruleSetFragment)
        w.raw(",\"schema\":\"safeguard.decision/1\",\"targetAttributes\":[")
        var firstAttribute = true
        for a in attributeOrder where request.attributeMask & (1 << UInt64(a)) != 0 {
            if !firstAttribute { w.raw(",") }
            firstAttribute = false
            w.fragment(attributeFragments[a])
        }
        w.raw("]}\n")
    }

    private func writeSide(_ state: String, _ index: Int16, _ request: Request, _ w: inout JSONBytes) {
        guard index >= 0 else {
            w.raw("{\"criminal\":false,\"profiled\":false,\"state\":"); w.string(state); w.raw("}")
            return
        }
        let statute = engine.profiles.profiles[Int(index)].statute(for: request.conduct)
        DecisionReport.write(
            .init(
                state: state, profiled: true, criminal: statute != nil, statute: statute?.statute, maximumPenalty: statute?.maximumPenalty),
            to: &w)
    }
}
