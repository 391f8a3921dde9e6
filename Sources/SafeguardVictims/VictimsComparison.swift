import Foundation
public import SafeguardModel

/// What a revision did to one right.
public enum RightChangeKind: String, Codable, Sendable {
    /// Mandatory before, conditional now.
    case madeConditional = "made-conditional"
    /// Granted before (in any form), not found now.
    case removed
    /// Conditional before and now, with a condition more.
    case conditionsAdded = "conditions-added"
    /// Conditional before, mandatory now.
    case madeMandatory = "made-mandatory"
    /// Not found before, granted now.
    case added
    /// Conditional before and now, with a condition fewer.
    case conditionsDropped = "conditions-dropped"
    case unchanged

    /// Whether the change takes something from victims.
    public var weakens: Bool { self == .madeConditional || self == .removed || self == .conditionsAdded }
}

/// One right in two revisions.
public struct RightChange: Sendable {
    public var right: RightDefinition
    public var old: RightEntry
    public var new: RightEntry
    public var kind: RightChangeKind
    /// Conditions on the new revision's granting provisions that none of the old ones had.
    public var addedConditions: [String]
    public var droppedConditions: [String]

    init(old: RightEntry, new: RightEntry) {
        right = new.right
        self.old = old
        self.new = new
        // Conditions on any granting provision, so that a condition carried over from another article (the
        // return of proceeds) is not reported as new where the mandatory article itself became conditional.
        func all(_ entry: RightEntry) -> [String] {
            var ids: [String] = []
            for grant in entry.grants { for c in grant.conditions where !ids.contains(c.id) { ids.append(c.id) } }
            return ids
        }
        let before = all(old)
        let after = all(new)
        addedConditions = after.filter { !before.contains($0) }
        droppedConditions = before.filter { !after.contains($0) }
        switch (old.status, new.status) {
        case (.mandatory, .conditional): kind = .madeConditional
        case (.mandatory, .absent), (.conditional, .absent): kind = .removed
        case (.conditional, .mandatory): kind = .madeMandatory
        case (.absent, .mandatory), (.absent, .conditional): kind = .added
        case (.conditional, .conditional):
            kind = !addedConditions.isEmpty ? .conditionsAdded : !droppedConditions.isEmpty ? .conditionsDropped : .unchanged
        default: kind = .unchanged
        }
    }
}

/// The victims-only view of `diff`: which rights a revision made conditional, removed, restored or added,
/// with the granting words of both revisions.
public struct VictimsComparison: Sendable {
    public var old: RightsCard
    public var new: RightsCard
    public var changes: [RightChange]
    public var vocabulary: VictimsVocabulary

    public init(old: RightsCard, new: RightsCard, vocabulary: VictimsVocabulary) {
        self.old = old
        self.new = new
        self.vocabulary = vocabulary
        changes = new.entries.compactMap { entry in
            old[right: entry.right.id].map { RightChange(old: $0, new: entry) }
        }
    }

    func grants(_ entry: RightEntry) -> String {
        guard !entry.grants.isEmpty else { return "not found" }
        return entry.grants.map { grant in
            var s = "\(grant.eId) “\(RightsCardRenderer.flat(grant.quote))”"
            let cues = grant.conditions.compactMap {
                $0.quote.map { "“\(RightsCardRenderer.flat($0))”" } ?? vocabulary.condition($0.id)?.title
            }
            if !cues.isEmpty { s += " [" + cues.joined(separator: ", ") + "]" }
            return s
        }.joined(separator: "; ")
    }

    func summary(_ change: RightChange) -> String {
        var s = "\(RightsCardRenderer.statusWord(change.old.status)) → \(RightsCardRenderer.statusWord(change.new.status))"
        if !change.addedConditions.isEmpty { s += " (now: " + RightsCardRenderer.conditionWords(change.addedConditions, vocabulary) + ")" }
        return s
    }

    public func table(terminal: Terminal = Terminal(colorEnabled: false)) -> String {
        var out =
            terminal.bold(
                "Victims' rights: \(old.instrument.metadata.source ?? old.instrument.metadata.title) → "
                    + "\(new.instrument.metadata.source ?? new.instrument.metadata.title)"
            ) + "\n"
        let weakened = changes.filter { $0.kind.weakens }
        out +=
            "\(weakened.count) right(s) weakened, "
                + "\(changes.filter { $0.kind == .madeMandatory || $0.kind == .added || $0.kind == .conditionsDropped }.count) "
                    + "strengthened\n\n"
        var t = TextTable(headers: ["right", "change", "status"])
        for c in changes {
            let kind =
                c.kind.weakens ? terminal.red(c.kind.rawValue) : c.kind == .unchanged ? c.kind.rawValue : terminal.green(c.kind.rawValue)
            t.rows.append([c.right.title, kind + String(repeating: " ", count: max(0, 18 - c.kind.rawValue.count)), summary(c)])
        }
        out += t.render()
        for c in changes where c.kind != .unchanged {
            out += "\n\(c.right.title) — \(c.kind.rawValue)\n  old: \(grants(c.old))\n  new: \(grants(c.new))\n"
        }
        return out
    }

    public func markdown() -> String {
        var out = "# Victims' rights: what the revision changed\n\n"
        out +=
            "Old: \(old.instrument.metadata.title) (`\(old.instrument.metadata.source ?? "")`)  \nNew: \(new.instrument.metadata.title) "
                + "(`\(new.instrument.metadata.source ?? "")`)\n\n"
        out += "| right | change | status | old words | new words |\n|---|---|---|---|---|\n"
        for c in changes {
            out +=
                "| \(c.right.title) | **\(c.kind.rawValue)** | \(summary(c)) | \(RightsCardRenderer.cell(grants(c.old))) | "
                    + "\(RightsCardRenderer.cell(grants(c.new))) |\n"
        }
        return out
    }

    public func html() -> String {
        var body = "<h1>Victims' rights: what the revision changed</h1>\n"
        body += "<p>Old: \(HTML.escape(old.instrument.metadata.title)) · New: \(HTML.escape(new.instrument.metadata.title))</p>\n"
        body += "<table>\n<tr><th>Right</th><th>Change</th><th>Status</th><th>Old words</th><th>New words</th></tr>\n"
        for c in changes {
            let cls = c.kind.weakens ? "verdict-not-met" : c.kind == .unchanged ? "verdict-not-applicable" : "verdict-met"
            body +=
                "<tr><td>\(HTML.escape(c.right.title))</td><td "
                    + "class=\"\(cls)\">\(HTML.escape(c.kind.rawValue))</td><td>\(HTML.escape(summary(c)))</td>"
            body += "<td>\(HTML.escape(grants(c.old)))</td><td>\(HTML.escape(grants(c.new)))</td></tr>\n"
        }
        body += "</table>\n"
        return HTML.page(title: "Victims' rights: \(new.instrument.metadata.title)", body: body)
    }

    public func json() throws -> String {
        struct Change: Encodable {
            var right: String
            var change: String
            var old: RightsCardDocument.Right
            var new: RightsCardDocument.Right
            var addedConditions: [String]
            var droppedConditions: [String]
        }
        struct Document: Encodable {
            var schema = "safeguard.victims-comparison/1"
            var old: String?
            var new: String?
            var changes: [Change]
        }
        let o = RightsCardDocument(old, vocabulary: vocabulary)
        let n = RightsCardDocument(new, vocabulary: vocabulary)
        let changes = self.changes.compactMap { c -> Change? in
            guard let before = o.rights.first(where: { $0.id == c.right.id }), let after = n.rights.first(where: { $0.id == c.right.id })
            else { return nil }
            return Change(
                right: c.right.id, change: c.kind.rawValue, old: before, new: after,
                addedConditions: c.addedConditions, droppedConditions: c.droppedConditions)
        }
        return try JSONOutput.string(Document(old: old.instrument.metadata.source, new: new.instrument.metadata.source, changes: changes))
    }
}

/// The victims-only view of `history`: each right's status across every revision, and each step's change.
public struct VictimsHistory: Sendable {
    public var labels: [String]
    public var cards: [RightsCard]
    public var steps: [VictimsComparison]
    public var vocabulary: VictimsVocabulary

    public init(_ revisions: [(label: String, card: RightsCard)], vocabulary: VictimsVocabulary) {
        labels = revisions.map(\.label)
        cards = revisions.map(\.card)
        self.vocabulary = vocabulary
        steps = zip(cards, cards.dropFirst()).map { VictimsComparison(old: $0, new: $1, vocabulary: vocabulary) }
    }

    func cell(_ card: RightsCard, _ right: String) -> String {
        guard let entry = card[right: right] else { return "" }
        switch entry.status {
        case .mandatory: return "mandatory"
        case .conditional: return "conditional (" + RightsCardRenderer.conditionWords(entry.conditionIDs, vocabulary) + ")"
        case .absent: return "not found"
        }
    }

    /// For each right and step, the change kinds that were not `unchanged` ("rev1→rev2: made-conditional").
    func changes(_ right: String) -> [String] {
        steps.enumerated().compactMap { i, step in
            guard let c = step.changes.first(where: { $0.right.id == right }), c.kind != .unchanged else { return nil }
            return "\(labels[i])→\(labels[i + 1]): \(c.kind.rawValue)"
        }
    }

    public func table() -> String {
        var out = "Victims' rights across revisions\n\n"
        for right in vocabulary.rights {
            out += right.title + "\n"
            for (label, card) in zip(labels, cards) { out += "  \(label): \(cell(card, right.id))\n" }
            for change in changes(right.id) { out += "  ! \(change)\n" }
        }
        return out
    }

    public func markdown() -> String {
        var out =
            "# Victims' rights across revisions\n\n| right | " + labels.joined(separator: " | ") + " | changes |\n|---|"
            + labels.map { _ in "---|" }.joined() + "---|\n"
        for right in vocabulary.rights {
            out +=
                "| \(right.title) | " + cards.map { cell($0, right.id) }.joined(separator: " | ") + " | "
                + changes(right.id).joined(separator: "<br>") + " |\n"
        }
        return out
    }

    public func html() -> String {
        var body =
            "<h1>Victims' rights across revisions</h1>\n<table>\n<tr><th>Right</th>" + labels.map { "<th>\(HTML.escape($0))</th>" }.joined()
            + "<th>Changes</th></tr>\n"
        for right in vocabulary.rights {
            body += "<tr><td>\(HTML.escape(right.title))</td>"
            for card in cards {
                let status = card[right: right.id]?.status
                let cls = status == .mandatory ? "verdict-met" : status == .conditional ? "verdict-partly-met" : "verdict-not-met"
                body += "<td class=\"\(cls)\">\(HTML.escape(cell(card, right.id)))</td>"
            }
            body += "<td>\(changes(right.id).map(HTML.escape).joined(separator: "<br>"))</td></tr>\n"
        }
        return HTML.page(title: "Victims' rights across revisions", body: body + "</table>\n")
    }

    public func json() throws -> String {
        struct Step: Encodable {
            var from: String
            var to: String
            var changes: [[String: String]]
        }
        struct Document: Encodable {
            var schema = "safeguard.victims-history/1"
            var revisions: [String]
            var cards: [RightsCardDocument]
            var steps: [Step]
        }
        let steps = self.steps.enumerated().map { i, step in
            Step(from: labels[i], to: labels[i + 1], changes: step.changes.map { ["right": $0.right.id, "change": $0.kind.rawValue] })
        }
        return try JSONOutput.string(
            Document(revisions: labels, cards: cards.map { RightsCardDocument($0, vocabulary: vocabulary) }, steps: steps))
    }
}
