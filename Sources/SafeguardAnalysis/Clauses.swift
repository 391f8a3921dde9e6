import SafeguardModel

/// The clause reading: who (the actor: a party, a person, the court, an authority) must, may or shall not
/// (the modal) do what, clause by clause. The vocabulary is the lexicon's `clauses:` section.
///
/// - A clause runs from the start of its provision's own words, a `;` or a sentence end, to the next of these;
///   a new clause also starts where an actor is directly followed by its own modal ("The officer shall not
///   disclose the data, but the court may order ...").
/// - The clause's modal is its first one; its actor is the actor right before the modal (at most three words
///   before it), otherwise the first actor of the clause before the modal.
/// - A list item with no modal of its own reads under the last clause of its chapeau ("A person shall not—
///   (a) intentionally access ...").
struct ClauseReader {
    /// One clause: its bounds, actor, modal and the words right after the modal.
    struct Clause {
        var start: Int
        var end: Int
        /// The actor kind (index in ``Lexicon/actorKinds``), or -1.
        var actor = -1
        var actorSpan: TextSpan?
        var modal: Modality?
        var modalSpan: TextSpan?
        /// Up to five words after the modal, lower-cased and separated by single spaces.
        var after = ""
        /// Whether actor and modal come from the chapeau of the list item holding the words.
        var inherited = false
    }

    let index: TextIndex
    private let actors: [Analyzer.Match]
    private let modals: [Analyzer.Match]
    private let actorStarts: [Int]
    private let modalStarts: [Int]
    /// Offsets inside a sentence where a new clause starts: an actor directly followed by its modal.
    let clauseStarts: [Int]
    private let actorOf: [Int]
    private let modalityOf: [Modality?]

    init(lexicon: Lexicon, index: TextIndex, matches: [Analyzer.Match]) {
        self.index = index
        actorOf = lexicon.tables.patternActor
        modalityOf = lexicon.tables.patternModal
        var actors: [Analyzer.Match] = []
        var modals: [Analyzer.Match] = []
        for match in matches {
            if lexicon.tables.patternActor[match.pattern] >= 0 {
                actors.append(match)
            } else if lexicon.tables.patternModal[match.pattern] != nil {
                modals.append(match)
            }
        }
        // Longest first at one start; then words inside an earlier modal ("shall" in "shall not") go.
        let longestFirst: (Analyzer.Match, Analyzer.Match) -> Bool = {
            $0.span.start != $1.span.start ? $0.span.start < $1.span.start : $0.span.end > $1.span.end
        }
        actors.sort(by: longestFirst)
        modals.sort(by: longestFirst)
        func drop(_ list: [Analyzer.Match]) -> [Analyzer.Match] {
            var kept: [Analyzer.Match] = []
            for match in list {
                if let last = kept.last, match.span.start < last.span.end { continue }
                kept.append(match)
            }
            return kept
        }
        let keptActors = drop(actors)
        let keptModals = drop(modals)
        let starts = keptActors.map(\.span.start)
        var clauseStarts: [Int] = []
        for modal in keptModals {
            let i = TextIndex.firstIndex(in: starts, notBelow: modal.span.start) - 1
            guard i >= 0 else { continue }
            let actor = keptActors[i]
            if actor.span.end <= modal.span.start, actor.owner == modal.owner,
                !index.hasBreak(index.clauseBreaks, from: actor.span.end, to: modal.span.start),
                index.wordCount(from: actor.span.end, to: modal.span.start, limit: 3) <= 3
            {
                clauseStarts.append(actor.span.start)
            }
        }
        self.actors = keptActors
        self.modals = keptModals
        actorStarts = starts
        modalStarts = keptModals.map(\.span.start)
        self.clauseStarts = clauseStarts
    }

    /// Whether a new clause starts after `start` and at or before `end`.
    func hasClauseStart(from start: Int, to end: Int) -> Bool {
        guard start < end else { return false }
        let i = TextIndex.firstIndex(in: clauseStarts, notBelow: start + 1)
        return i < clauseStarts.count && clauseStarts[i] <= end
    }

    /// The clause holding `offset` in the provision `owner` (the deepest provision holding the words).
    func clause(at offset: Int, owner: Int) -> Clause {
        var clause = bounds(at: offset, owner: owner)
        read(&clause, owner: owner)
        guard clause.modal == nil, let parent = index.provisions[owner].parentIndex,
            let first = index.provisions[parent].childIndices.first
        else { return clause }
        // A list item without a modal of its own reads under its chapeau.
        let chapeauEnd = index.provisions[first].span.start - 1
        guard chapeauEnd >= index.provisions[parent].span.start else { return clause }
        let chapeau = self.clause(at: chapeauEnd, owner: parent)
        guard chapeau.modal != nil else { return clause }
        clause.actor = chapeau.actor
        clause.actorSpan = chapeau.actorSpan
        clause.modal = chapeau.modal
        clause.modalSpan = chapeau.modalSpan
        clause.after = chapeau.after
        clause.inherited = true
        return clause
    }

    /// Whether a rule's conditions on actor, modal and the words after it hold for the clause.
    func matches(_ rule: ClauseRule, _ clause: Clause, actorKinds: [String]) -> Bool {
        if !rule.modalities.isEmpty {
            guard let modal = clause.modal, rule.modalities.contains(modal) else { return false }
        }
        if !rule.actors.isEmpty {
            let kind = clause.actor >= 0 ? actorKinds[clause.actor] : "none"
            guard rule.actors.contains(kind) else { return false }
        }
        func follows(_ phrase: String) -> Bool { clause.after == phrase || clause.after.hasPrefix(phrase + " ") }
        if !rule.followedBy.isEmpty, !rule.followedBy.contains(where: follows) { return false }
        if rule.notFollowedBy.contains(where: follows) { return false }
        return true
    }

    // MARK: - Pieces

    private func bounds(at offset: Int, owner: Int) -> Clause {
        let provision = index.provisions[owner]
        var start = provision.span.start
        var end = provision.span.end
        // Children are clauses of their own: the owner's words around them end at the next child.
        for child in provision.childIndices {
            let span = index.provisions[child].span
            if span.start > offset {
                end = min(end, span.start)
                break
            }
            if span.end <= offset { start = max(start, span.end) }
        }
        let breaks = index.clauseBreaks
        let b = TextIndex.firstIndex(in: breaks, notBelow: offset + 1)
        if b > 0 { start = max(start, breaks[b - 1]) }
        if b < breaks.count { end = min(end, breaks[b]) }
        let s = TextIndex.firstIndex(in: clauseStarts, notBelow: offset + 1)
        if s > 0 { start = max(start, clauseStarts[s - 1]) }
        if s < clauseStarts.count { end = min(end, clauseStarts[s]) }
        return Clause(start: start, end: max(start, end))
    }

    private func read(_ clause: inout Clause, owner: Int) {
        var m = TextIndex.firstIndex(in: modalStarts, notBelow: clause.start)
        while m < modals.count, modals[m].span.start < clause.end, modals[m].owner != owner { m += 1 }
        let modalStart = m < modals.count && modals[m].span.start < clause.end ? modals[m].span.start : clause.end
        if modalStart < clause.end {
            clause.modal = modalityOf[modals[m].pattern]
            clause.modalSpan = modals[m].span
            clause.after = words(after: modals[m].span.end, count: 5)
        }
        // The actor right before the modal, else the first one in the clause before it.
        var first: Analyzer.Match?
        var nearest: Analyzer.Match?
        var a = TextIndex.firstIndex(in: actorStarts, notBelow: clause.start)
        while a < actors.count, actors[a].span.end <= modalStart {
            if actors[a].owner == owner {
                if first == nil { first = actors[a] }
                nearest = actors[a]
            }
            a += 1
        }
        if let near = nearest, clause.modal != nil,
            index.wordCount(from: near.span.end, to: modalStart, limit: 3) <= 3
        {
            first = near
        }
        if let actor = first {
            clause.actor = actorOf[actor.pattern]
            clause.actorSpan = actor.span
        }
    }

    /// Up to `count` words from `offset`, lower-cased (ASCII), separated by single spaces.
    private func words(after offset: Int, count: Int) -> String {
        var result: [UInt8] = []
        var words = 0
        var inWord = false
        var i = offset
        let bytes = index.bytes
        while i < bytes.count {
            let b = bytes[i]
            // A dash ends them ("A person shall not— (a) ...").
            if b == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0x93 || bytes[i + 2] == 0x94 {
                break
            }
            if TextIndex.isWordByte(b) {
                if !inWord {
                    if words == count { break }
                    if words > 0 { result.append(0x20) }
                    words += 1
                    inWord = true
                }
                result.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
            } else {
                // Words after the modal run on over commas and spaces; a clause break ends them.
                if b == UInt8(ascii: ";") || b == UInt8(ascii: ".") || b == UInt8(ascii: ":") { break }
                inWord = false
            }
            i += 1
        }
        return String(decoding: result, as: UTF8.self)
    }
}
