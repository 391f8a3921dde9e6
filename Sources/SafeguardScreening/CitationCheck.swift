public import SafeguardModel

/// The check of a rule set's citations against the instrument text they cite (`--instrument FILE`).
public struct CitationCheck: Sendable, Hashable {
    /// A cited eId that does not exist in the instrument.
    public struct Missing: Sendable, Hashable, Codable {
        public var rule: String
        public var eId: EId
    }

    /// Cited eId → the provision's words.
    public var quotes: [EId: String]
    public var missing: [Missing]
    /// Citations of other instruments, which this instrument cannot check.
    public var notChecked: [Missing]

    /// The longest quote kept per provision; longer provisions are cut at a word boundary and marked with "…".
    public static let maximumQuoteLength = 600

    /// Checks every citation of `ruleSet.instrument` against `instrument`.
    public static func check(_ ruleSet: RuleSet, against instrument: Instrument) -> CitationCheck {
        var quotes: [EId: String] = [:]
        var missing: [Missing] = []
        var notChecked: [Missing] = []
        var citations = ruleSet.rules.map { ($0.id, $0.implements) }
        if let d = ruleSet.defaultImplements { citations.append(("default", d)) }
        for (rule, citation) in citations {
            guard citation.instrument == ruleSet.instrument else { notChecked.append(.init(rule: rule, eId: citation.eId)); continue }
            guard let provision = instrument[eId: citation.eId] else { missing.append(.init(rule: rule, eId: citation.eId)); continue }
            if quotes[citation.eId] == nil { quotes[citation.eId] = quote(provision, in: instrument) }
        }
        return CitationCheck(quotes: quotes, missing: missing, notChecked: notChecked)
    }

    /// A provision without children is quoted by its own words (no number or heading); one with children
    /// by its whole span, so a paragraph's points are part of its quote.
    static func quote(_ provision: Provision, in instrument: Instrument) -> String {
        let span = provision.childIndices.isEmpty && provision.textSpan.length > 0 ? provision.textSpan : provision.span
        var text = instrument.quote(span).trimmingWhitespace
        if text.count > maximumQuoteLength {
            var cut = String(text.prefix(maximumQuoteLength))
            if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
            text = cut + " …"
        }
        return text
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
