import SafeguardModel

/// Reads the offences of the criminalisation articles and sections, element by element.
///
/// The stage after the findings: each criminalisation unit is split into the offences it states, and each
/// offence collects the findings and cue words that belong to it.
/// - An offence is stated by the deepest provisions that hold an offence kind (or, when none does, an
///   element such as intent or "without authorisation"); a unit with no such part is one offence.
/// - An offence's conduct, mental element, unlawfulness, harm and circumstances come from its own provision
///   and from the lead-in words of the provisions around it ("A person who intentionally— (a) …; (b) …"),
///   never from a sibling offence: one offence's "causes damage" is not another's.
/// - Exceptions and penalties are stated once for a whole section: those of the offence's own provisions
///   come first, otherwise those anywhere in the unit.
struct OffenceReader {
    let lexicon: Lexicon
    let instrument: Instrument
    let index: TextIndex

    func offences(findings: [Finding], categories: [Int: CategoryAssignment], cues: [Analyzer.Match]) -> [Offence] {
        let words = wordsByProvision(findings: findings, cues: cues)
        // Provisions that define a term ("(e) As used in this section— (6) the term 'exceeds authorized
        // access' means …") state no offence, nor do their parts.
        var defining = Set<Int>()
        for definition in instrument.definitions {
            if let i = instrument.index(of: definition.eId) { defining.formUnion(subtree(of: i)) }
        }
        var result: [Offence] = []
        for unit in instrument.unitIndices where categories[unit]?.primary == .criminalization {
            let members = subtree(of: unit)
            let unitWide = UnitWords(
                findings: members.flatMap { words.findings[$0] ?? [] }, cues: members.flatMap { words.cues[$0] ?? [] })
            for provision in offenceProvisions(of: unit, members: members, words: words, defining: defining) {
                result.append(offence(at: provision, in: unit, members: Set(members), words: words, unitWide: unitWide))
            }
        }
        return result
    }

    /// Findings and cue words by the provision holding them (cue words sorted by position).
    struct ProvisionWords {
        var findings: [Int: [Finding]] = [:]
        var cues: [Int: [Finding]] = [:]
    }

    /// Every finding and cue word of a whole unit.
    struct UnitWords {
        var findings: [Finding]
        var cues: [Finding]
    }

    private func wordsByProvision(findings: [Finding], cues: [Analyzer.Match]) -> ProvisionWords {
        var words = ProvisionWords()
        for finding in findings {
            guard let i = instrument.index(of: finding.eId) else { continue }
            words.findings[i, default: []].append(finding)
        }
        for match in cues {
            guard let element = lexicon.tables.patternElement[match.pattern] else { continue }
            let feature = FeatureID("offence.\(element.rawValue)")
            words.cues[match.owner, default: []].append(
                Finding(
                    feature: feature, eId: instrument.provisions[match.owner].eId, span: match.span,
                    quote: instrument.quote(match.span), pattern: lexicon.patterns[match.pattern].trace))
        }
        for key in words.cues.keys { words.cues[key]!.sort { $0.span < $1.span } }
        return words
    }

    /// The provisions of a criminalisation unit that each state one offence: the deepest that hold an offence
    /// kind, a mental element, or unlawfulness under a lead-in that states the rest; the unit itself when none do.
    private func offenceProvisions(of unit: Int, members: [Int], words: ProvisionWords, defining: Set<Int>) -> [Int] {
        let provisions = instrument.provisions
        let memberSet = Set(members)
        func holds(_ i: Int, _ families: Set<Substring>) -> Bool {
            (words.findings[i] ?? []).contains { families.contains($0.feature.family) && !$0.optional }
        }
        // A part that only grades the penalty ("(c) The punishment for an offense … is— … (i) the offense
        // was committed for … financial gain") restates elements of an offence; it states none itself.
        func gradesPenalty(_ i: Int) -> Bool {
            var p: Int? = i
            while let current = p, memberSet.contains(current) {
                if let first = provisions[current].childIndices.first,
                    (words.cues[current] ?? []).contains(where: {
                        $0.feature.rawValue == "offence.penalty" && $0.span.end <= provisions[first].span.start
                    })
                {
                    return current != unit
                }
                if current == unit { break }
                p = provisions[current].parentIndex
            }
            return false
        }
        let bearers = members.filter { i in
            guard !defining.contains(i) else { return false }
            if holds(i, ["offence"]) { return true }
            guard !gradesPenalty(i) else { return false }
            if holds(i, ["mens-rea"]) { return true }
            // "(B) a threat to obtain information … without authorization" under a lead-in that holds the
            // intent: unlawfulness alone marks the part when the lead-in states the rest.
            guard holds(i, ["standard"]) else { return false }
            var up = provisions[i].parentIndex
            while let p = up, memberSet.contains(p) {
                if holds(p, ["offence", "mens-rea"]) { return true }
                if p == unit { break }
                up = provisions[p].parentIndex
            }
            return false
        }
        // The deepest ones: a provision whose part also states an offence is that offence's lead-in.
        let bearerSet = Set(bearers)
        let deepest = bearers.filter { b in !subtree(of: b).dropFirst().contains(where: bearerSet.contains) }
        return deepest.isEmpty ? [unit] : deepest
    }

    /// The offence stated by one provision, its elements read from its own provision and parts plus the lead-in
    /// words of each provision around it; exceptions from the whole unit, penalties from the unit when the
    /// offence's own words state none.
    private func offence(
        at provision: Int, in unit: Int, members: Set<Int>, words: ProvisionWords, unitWide: UnitWords
    ) -> Offence {
        let provisions = instrument.provisions
        var scope = subtree(of: provision)
        var up = provisions[provision].parentIndex
        while let p = up, members.contains(p) {
            scope.append(p)
            if p == unit { break }
            up = provisions[p].parentIndex
        }
        let scoped = Set(scope)
        let own = scope.flatMap { i in (words.findings[i] ?? []).filter { isOwnText($0, of: i, scoped: scoped) } }
        let ownCues = scope.flatMap { i in (words.cues[i] ?? []).filter { isOwnText($0, of: i, scoped: scoped) } }
        var elements: [Offence.Element: [Finding]] = [:]
        func put(_ element: Offence.Element, _ list: [Finding]) {
            if !list.isEmpty { elements[element] = list.sorted { $0.span < $1.span } }
        }
        let conduct = own.filter { $0.feature.family == "offence" }
        put(.conduct, conduct.isEmpty ? openingWords(of: provision).map { [$0] } ?? [] : conduct)
        put(.mentalElement, own.filter { $0.feature.family == "mens-rea" })
        put(.unlawfulness, own.filter { $0.feature.family == "standard" })
        put(.harm, own.filter { $0.feature.family == "harm" })
        put(.circumstances, ownCues.filter { $0.feature.rawValue == "offence.circumstances" })
        put(.exceptions, unitWide.findings.filter { $0.feature.family == "exception" || $0.feature.family == "protected" })
        let penalty = ownCues.filter { $0.feature.rawValue == "offence.penalty" }
        put(.penalty, penalty.isEmpty ? unitWide.cues.filter { $0.feature.rawValue == "offence.penalty" } : penalty)
        return Offence(eId: provisions[provision].eId, unit: provisions[unit].eId, elements: elements)
    }

    /// The provision and every provision inside it, in document order.
    private func subtree(of root: Int) -> [Int] {
        var out = [root]
        var stack = instrument.provisions[root].childIndices.reversed() as [Int]
        while let next = stack.popLast() {
            out.append(next)
            stack.append(contentsOf: instrument.provisions[next].childIndices.reversed())
        }
        return out
    }

    /// Whether words held by provision `i` belong to the offence: all of them when `i` lies inside the
    /// offence's own provision; for a provision around it, only its lead-in (the words before its first part),
    /// so that a sibling offence's words never count.
    private func isOwnText(_ finding: Finding, of i: Int, scoped: Set<Int>) -> Bool {
        let provision = instrument.provisions[i]
        guard let first = provision.childIndices.first else { return true }
        if provision.childIndices.allSatisfy(scoped.contains) { return true }
        return finding.span.end <= instrument.provisions[first].span.start
    }

    /// The provision's own first words up to the end of its first clause (at most 24 words): the conduct as
    /// written when no offence kind names it.
    private func openingWords(of i: Int) -> Finding? {
        let provision = instrument.provisions[i]
        let bytes = index.bytes
        var start = max(provision.textSpan.start, provision.span.start)
        let limit = provision.childIndices.first.map { instrument.provisions[$0].span.start } ?? provision.span.end
        while start < limit, bytes[start] == 0x20 || bytes[start] == 0x0A { start += 1 }
        guard start < limit else { return nil }
        var end = start
        var words = 0
        var inWord = false
        while end < limit {
            let b = bytes[end]
            if b == UInt8(ascii: ";") || b == UInt8(ascii: ":") || (b == UInt8(ascii: ".") && end + 1 < limit && bytes[end + 1] == 0x20) {
                break
            }
            let space = b == 0x20 || b == 0x0A
            if !space, !inWord {
                words += 1
                if words > 24 { break }
            }
            inWord = !space
            end += 1
        }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0A || bytes[end - 1] == UInt8(ascii: ",") { end -= 1 }
        guard end > start else { return nil }
        let span = TextSpan(start: start, end: end)
        return Finding(
            feature: "offence.conduct", eId: provision.eId, span: span, quote: instrument.quote(span),
            pattern: "offence.conduct#opening-words")
    }
}
