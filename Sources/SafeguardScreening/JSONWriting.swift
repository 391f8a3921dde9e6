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
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(0x5C); bytes.append(0x22)
            case UInt8(ascii: "\\"): bytes.append(0x5C); bytes.append(0x5C)
            case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
            case 0x08: bytes.append(0x5C); bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(0x5C); bytes.append(UInt8(ascii: "f"))
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

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
            w.raw("{")
            var first = true
            func key(_ k: StaticString) { if !first { w.raw(",") }; first = false; w.raw(k) }
            if let c = d.condition { key("\"condition\":"); Self.write(c, to: &w) }
            key("\"effect\":"); w.string(d.effect)
            if let g = d.ground { key("\"ground\":"); w.string(g) }
            if let c = d.implements { key("\"implements\":{\"eId\":"); w.string(c.eId); w.raw(",\"instrument\":"); w.string(c.instrument); w.raw("}") }
            if let q = d.quote { key("\"quote\":"); w.string(q) }
            key("\"reason\":"); w.string(d.reason)
            key("\"restedOn\":"); w.stringArray(d.restedOn)
            key("\"rule\":"); w.string(d.rule)
            w.raw("}")
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
