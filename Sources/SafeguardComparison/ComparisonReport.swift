import Foundation
import SafeguardAnalysis
public import SafeguardModel
import SafeguardAssessment

/// Human-readable renderings of a comparison: terminal table, Markdown and a self-contained HTML page.
public struct ComparisonReport: Sendable {
    public var comparison: Comparison

    public init(_ comparison: Comparison) { self.comparison = comparison }

    static func name(_ instrument: Instrument) -> String {
        let m = instrument.metadata
        var parts = [m.title]
        if let label = m.versionLabel { parts.append(label) }
        if let source = m.source { parts.append("(\(source))") }
        return parts.joined(separator: " ")
    }

    static func eIds(_ list: [EId]) -> String { list.isEmpty ? "—" : list.joined(separator: " + ") }

    var alignmentLine: String {
        let counts = comparison.alignment.statusCounts
        return AlignmentStatus.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
    }

    /// Pairs worth listing: everything but unchanged units.
    var changedPairs: [AlignedPair] { comparison.alignment.pairs.filter { $0.status != .unchanged } }

    // MARK: Table

    public func table(terminal: Terminal = Terminal(colorEnabled: false)) -> String {
        var out = terminal.bold("Old: ") + Self.name(comparison.old.instrument) + "\n"
        out += terminal.bold("New: ") + Self.name(comparison.new.instrument) + "\n\n"
        out += terminal.bold("Changes: ") + headline(terminal) + "\n"
        out += terminal.bold("Units: ") + alignmentLine + "\n\n"
        if comparison.changes.isEmpty {
            out += "No typed change.\n"
        } else {
            var table = TextTable(headers: ["CLASSIFICATION", "TYPE", "OLD", "NEW", "FEATURE", "WORDS"])
            for change in comparison.changes {
                table.rows.append([
                    change.classification.rawValue, change.type.rawValue, change.old?.rawValue ?? "—", change.new?.rawValue ?? "—",
                    change.feature ?? change.principle ?? "", words(change),
                ])
            }
            out += colourRows(table.render(), terminal)
        }
        let pairs = changedPairs
        if !pairs.isEmpty {
            out += "\n"
            var table = TextTable(headers: ["OLD", "NEW", "STATUS", "SIMILARITY"])
            for pair in pairs {
                table.rows.append([
                    Self.eIds(pair.oldEIds), Self.eIds(pair.newEIds), pair.status.rawValue, String(format: "%.2f", pair.similarity),
                ])
            }
            out += table.render()
        }
        return out
    }

    func headline(_ terminal: Terminal) -> String {
        let s = comparison.summary
        return [
            terminal.yellow("\(s[.expandsScope]) expands-scope"), terminal.red("\(s[.weakensSafeguard]) weakens-safeguard"),
            terminal.green("\(s[.strengthensSafeguard]) strengthens-safeguard"), "\(s[.neutral]) neutral",
        ].joined(separator: ", ")
    }

    /// The quotes on one line (line breaks of the source become spaces).
    func words(_ change: Change) -> String {
        func flat(_ s: String?) -> String? {
            s.map { $0.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ") }
        }
        if change.type == .verdictChanged {
            return "\(change.oldVerdict?.rawValue ?? "?") → \(change.newVerdict?.rawValue ?? "?")"
        }
        return switch (flat(change.oldQuote), flat(change.newQuote)) {
        case let (o?, n?): "“\(o)” → “\(n)”"
        case let (o?, nil): "−“\(o)”"
        case let (nil, n?): "+“\(n)”"
        case (nil, nil): change.oldVerdict.map { "\($0.rawValue) → \(change.newVerdict?.rawValue ?? "?")" } ?? ""
        }
    }

    private func colourRows(_ rendered: String, _ terminal: Terminal) -> String {
        guard terminal.colorEnabled else { return rendered }
        return rendered.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let text = String(line)
            if text.hasPrefix(ChangeClassification.weakensSafeguard.rawValue) { return terminal.red(text) }
            if text.hasPrefix(ChangeClassification.expandsScope.rawValue) { return terminal.yellow(text) }
            if text.hasPrefix(ChangeClassification.strengthensSafeguard.rawValue) { return terminal.green(text) }
            return text
        }.joined(separator: "\n")
    }

    // MARK: Markdown

    public func markdown() -> String {
        func cell(_ text: String) -> String {
            text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var out = "# Comparison\n\n"
        out += "- Old: \(cell(Self.name(comparison.old.instrument)))\n- New: \(cell(Self.name(comparison.new.instrument)))\n"
        out += "- **Changes:** \(comparison.summary.headline)\n- **Units:** \(alignmentLine)\n\n"
        out += "## Typed changes\n\n"
        if comparison.changes.isEmpty {
            out += "No typed change.\n"
        } else {
            out += "| Classification | Type | Old | New | Feature | Words | Explanation |\n|---|---|---|---|---|---|---|\n"
            for c in comparison.changes {
                out +=
                    "| \(c.classification.rawValue) | \(c.type.rawValue) | \(c.old.map { "`\($0)`" } ?? "—") | "
                        + "\(c.new.map { "`\($0)`" } ?? "—") | \(cell(c.feature ?? c.principle ?? "")) | \(cell(words(c))) | "
                            + "\(cell(c.explanation)) |\n"
            }
        }
        out += "\n## Alignment\n\n"
        let pairs = changedPairs
        if pairs.isEmpty {
            out += "Every unit is unchanged.\n"
        } else {
            out += "| Old | New | Status | Similarity |\n|---|---|---|---|\n"
            for p in pairs {
                out +=
                    "| \(Self.eIds(p.oldEIds)) | \(Self.eIds(p.newEIds)) | \(p.status.rawValue) | \(String(format: "%.2f", p.similarity)) "
                        + "|\n"
            }
        }
        return out
    }

    // MARK: HTML

    static let css = """
        .headline span { display: inline-block; margin-right: 1rem; font-weight: 600; }
        .c-expands-scope { color: #9a6700; } .c-weakens-safeguard { color: var(--notmet); }
        .c-strengthens-safeguard { color: var(--met); } .c-neutral { color: var(--na); }
        table.sbs { table-layout: fixed; }
        table.sbs td.text { white-space: pre-wrap; font-size: .92em; }
        table.sbs col.t { width: 37%; } table.sbs col.n { width: 26%; }
        del { background: #ffebe9; color: #82071e; text-decoration: line-through; }
        ins { background: #dafbe1; color: #116329; text-decoration: none; }
        .status { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85em; padding: 0 .3em; \
        border: 1px solid var(--line); border-radius: 3px; }
        .note { border-left: 4px solid var(--line); padding: .2rem .5rem; margin: .4rem 0 .5rem; font-size: .9em; }
        .note.n-weakens-safeguard { border-color: var(--notmet); } .note.n-expands-scope { border-color: #9a6700; }
        .note.n-strengthens-safeguard { border-color: var(--met); }
        .note b { display: block; }
        tr.unchanged td.text { color: var(--muted); }
        tr.unchanged summary { cursor: pointer; }
        """

    public func html() -> String {
        let old = comparison.old.instrument, new = comparison.new.instrument
        let s = comparison.summary
        var body = "<h1>Comparison</h1>\n"
        body += "<p>Old: <b>\(HTML.escape(Self.name(old)))</b><br>New: <b>\(HTML.escape(Self.name(new)))</b></p>\n"
        body += "<p class=\"headline\">"
        for classification in ChangeClassification.allCases {
            body += "<span class=\"c-\(classification.rawValue)\">\(s[classification]) \(classification.rawValue)</span>"
        }
        body += "</p>\n<p class=\"muted\">Units: \(HTML.escape(alignmentLine))</p>\n"

        var pinned = Set<Int>()
        var rows = ""
        for pair in comparison.alignment.pairs { rows += sideBySideRow(pair, old: old, new: new, pinned: &pinned) }
        // Summary of the typed changes, each linked to the pair it is pinned beside.
        var anchorOf: [Int: String] = [:]
        for (k, change) in comparison.changes.enumerated() where change.type != .verdictChanged {
            if let pair = comparison.alignment.pairs.first(where: { Self.belongs(change, to: $0) }) {
                anchorOf[k] = (pair.newEIds.first ?? pair.oldEIds.first)?.rawValue ?? ""
            }
        }
        let typed = comparison.changes.enumerated().filter { $0.element.type != .verdictChanged }
        if !typed.isEmpty {
            body +=
                "<h2>Typed changes</h2>\n<table><thead><tr><th>Classification</th><th>Type</th><th>Old</th><th>New</th><th>Words</th></tr>"
                    + "</thead><tbody>\n"
            for (k, change) in typed {
                let type = anchorOf[k].map { "<a href=\"#\(HTML.escape($0))\">\(change.type.rawValue)</a>" } ?? change.type.rawValue
                body += "<tr><td class=\"c-\(change.classification.rawValue)\">\(change.classification.rawValue)</td><td>\(type)</td>"
                body +=
                    "<td class=\"eid\">\(HTML.escape(change.old ?? "—"))</td><td "
                        + "class=\"eid\">\(HTML.escape(change.new ?? "—"))</td><td>\(HTML.escape(words(change)))</td></tr>\n"
            }
            body += "</tbody></table>\n"
        }
        let verdicts = comparison.changes.filter { $0.type == .verdictChanged }
        if !verdicts.isEmpty {
            body +=
                "<h2>Framework verdicts that changed</h2>\n<table><thead><tr><th>Principle</th><th>Old</th><th>New</th><th>"
                    + "Classification</th></tr></thead><tbody>\n"
            for change in verdicts {
                let old = change.oldVerdict?.rawValue ?? "?", new = change.newVerdict?.rawValue ?? "?"
                body +=
                    "<tr><td><details><summary>\(HTML.escape((change.framework ?? "") + "/" + (change.principle ?? "")))</summary>"
                        + "\(HTML.escape(change.explanation))</details></td>"
                body +=
                    "<td class=\"verdict-\(old)\">\(old)</td><td class=\"verdict-\(new)\">\(new)</td><td "
                        + "class=\"c-\(change.classification.rawValue)\">\(change.classification.rawValue)</td></tr>\n"
            }
            body += "</tbody></table>\n"
        }
        let unpinned = comparison.changes.enumerated().filter { !pinned.contains($0.offset) && $0.element.type != .verdictChanged }.map(
            \.element)
        if !unpinned.isEmpty {
            body += "<h2>Other changes</h2>\n" + unpinned.map(note).joined()
        }
        body += "<h2>Side by side</h2>\n<table class=\"sbs\"><colgroup><col class=\"t\"><col class=\"t\"><col class=\"n\"></colgroup>\n"
        body += "<thead><tr><th>Old</th><th>New</th><th>Alignment and typed changes</th></tr></thead>\n<tbody>\n\(rows)</tbody></table>\n"
        return HTML.page(title: "Comparison: \(old.metadata.title)", extraCSS: Self.css, body: body)
    }

    /// One aligned pair as a row of the side-by-side table: both texts (folded when unchanged, word-diffed
    /// otherwise), its status, and the typed changes pinned beside it (recorded in `pinned`).
    private func sideBySideRow(_ pair: AlignedPair, old: Instrument, new: Instrument, pinned: inout Set<Int>) -> String {
        let oldText = Self.reflowed(pair.oldIndices.map { old.quote(old.provisions[$0].span) }.joined(separator: "\n\n"))
        let newText = Self.reflowed(pair.newIndices.map { new.quote(new.provisions[$0].span) }.joined(separator: "\n\n"))
        var left = "", right = ""
        if pair.status == .unchanged {
            // Unchanged units fold away: the number and heading show, the words on request.
            func folded(_ indices: [Int], _ instrument: Instrument, _ text: String) -> String {
                let p = instrument.provisions[indices[0]]
                let title = [p.num, p.heading].compactMap { $0 }.joined(separator: " — ")
                return
                    "<details><summary>\(HTML.escape(title.isEmpty ? p.eId.rawValue : title))</summary>\(HTML.escape(text))</details>"
            }
            left = folded(pair.oldIndices, old, oldText)
            right = folded(pair.newIndices, new, newText)
        } else {
            for segment in WordDiff.diff(oldText, newText) {
                switch segment.operation {
                case .equal:
                    left += HTML.escape(segment.text)
                    right += HTML.escape(segment.newText)
                case .delete: left += "<del>\(HTML.escape(segment.text))</del>"
                case .insert: right += "<ins>\(HTML.escape(segment.text))</ins>"
                }
            }
        }
        var notes = ""
        for (k, change) in comparison.changes.enumerated() where change.type != .verdictChanged && Self.belongs(change, to: pair) {
            pinned.insert(k)
            notes += note(change)
        }
        let anchor = HTML.escape((pair.newEIds.first ?? pair.oldEIds.first) ?? "")
        let label =
            "<span class=\"status\">\(pair.status.rawValue)</span> <span class=\"eid\">\(HTML.escape(Self.eIds(pair.oldEIds))) → "
                + "\(HTML.escape(Self.eIds(pair.newEIds)))</span> <span class=\"muted\">\(String(format: "%.2f", pair.similarity))</span>"
        return
            "<tr id=\"\(anchor)\" class=\"\(pair.status.rawValue)\"><td class=\"text\">\(left)</td><td "
                + "class=\"text\">\(right)</td><td>\(label)\(notes)</td></tr>\n"
    }

    /// Hard line breaks inside a paragraph become spaces; blank lines (paragraph breaks) stay, so the
    /// columns wrap to their width.
    static func reflowed(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "\n" {
                var j = i
                while j < scalars.count && (scalars[j] == "\n" || scalars[j] == " " || scalars[j] == "\u{0C}") { j += 1 }
                let breaks = scalars[i..<j].filter { $0 == "\n" }.count
                out += breaks >= 2 ? "\n\n" : " "
                i = j
            } else {
                out.unicodeScalars.append(c)
                i += 1
            }
        }
        return out
    }

    /// A change belongs beside a pair when one of its addresses is in one of the pair's units.
    static func belongs(_ change: Change, to pair: AlignedPair) -> Bool {
        func inside(_ eId: EId?, _ units: [EId]) -> Bool {
            guard let eId else { return false }
            return units.contains { eId.isWithin($0) }
        }
        return inside(change.new, pair.newEIds) || inside(change.old, pair.oldEIds)
    }

    func note(_ change: Change) -> String {
        var html =
            "<div class=\"note n-\(change.classification.rawValue)\"><b "
                + "class=\"c-\(change.classification.rawValue)\">\(change.type.rawValue) · \(change.classification.rawValue)</b>"
        html += HTML.escape(change.explanation)
        html += "</div>"
        return html
    }
}
