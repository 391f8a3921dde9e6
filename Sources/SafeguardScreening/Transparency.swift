import Foundation
import SafeguardModel

/// Decisions aggregated per requesting state, measure, outcome and ground over a period
/// (schema `safeguard.transparency/1`): the report a provider or central authority publishes.
public struct TransparencyReport: Codable, Sendable, Hashable {
    /// Outcome counts for one requesting state or measure.
    public struct Row: Codable, Sendable, Hashable {
        public var key: String
        public var total: Int
        public var execute: Int
        public var executeWithConditions: Int
        public var refuse: Int
        public var needsReview: Int
    }

    /// One cell of the full cross-tabulation (also the CSV rows).
    public struct Cell: Codable, Sendable, Hashable {
        public var requestingState: String
        public var measure: String
        public var outcome: String
        /// The refusal ground ("" when the outcome is not a refusal; a refusal with several grounds counts once per ground).
        public var ground: String
        public var count: Int
    }

    public var schema = "safeguard.transparency/1"
    public var from: String?
    public var to: String?
    public var decisions: Int
    public var ruleSets: [String]
    public var byRequestingState: [Row]
    public var byMeasure: [Row]
    /// Refusal ground → count.
    public var grounds: [String: Int]
    public var cells: [Cell]

    /// Aggregates audit entries.
    public init(entries: [AuditEntry], from: Day?, to: Day?) {
        self.from = from?.iso
        self.to = to?.iso
        decisions = entries.count
        var ruleSets: Set<String> = []
        var states: [String: Row] = [:]
        var measures: [String: Row] = [:]
        var grounds: [String: Int] = [:]
        var cells: [String: Cell] = [:]
        func bump(_ table: inout [String: Row], _ key: String, _ outcome: String) {
            var row = table[key, default: Row(key: key, total: 0, execute: 0, executeWithConditions: 0, refuse: 0, needsReview: 0)]
            row.total += 1
            switch outcome {
            case DecisionOutcome.execute.rawValue: row.execute += 1
            case DecisionOutcome.executeWithConditions.rawValue: row.executeWithConditions += 1
            case DecisionOutcome.refuse.rawValue: row.refuse += 1
            default: row.needsReview += 1
            }
            table[key] = row
        }
        for e in entries {
            let r = e.record
            ruleSets.insert("\(r.ruleSetID) \(r.ruleSetVersion)")
            bump(&states, r.requestingState, r.outcome)
            bump(&measures, r.measure, r.outcome)
            let entryGrounds = r.grounds.isEmpty ? [""] : r.grounds
            for g in entryGrounds {
                if !g.isEmpty { grounds[g, default: 0] += 1 }
                let key = "\(r.requestingState)\u{1F}\(r.measure)\u{1F}\(r.outcome)\u{1F}\(g)"
                cells[key, default: Cell(requestingState: r.requestingState, measure: r.measure, outcome: r.outcome, ground: g, count: 0)]
                    .count += 1
            }
        }
        self.ruleSets = ruleSets.sorted()
        byRequestingState = states.keys.sorted().map { states[$0]! }
        byMeasure = Measure.allCases.compactMap { measures[$0.rawValue] }
        self.grounds = grounds
        self.cells = cells.keys.sorted().map { cells[$0]! }
    }

    var period: String {
        switch (from, to) {
        case let (f?, t?): "\(f) to \(t)"
        case let (f?, nil): "from \(f)"
        case let (nil, t?): "until \(t)"
        default: "all recorded decisions"
        }
    }

    /// Terminal tables.
    public func table() -> String {
        var out = "Transparency report: \(period); \(decisions) decisions; rule sets: \(ruleSets.joined(separator: ", "))\n\n"
        for (title, rows) in [("requesting state", byRequestingState), ("measure", byMeasure)] {
            var t = TextTable(headers: [title, "total", "execute", "with conditions", "refuse", "needs review"])
            for r in rows {
                t.rows.append([
                    r.key, String(r.total), String(r.execute), String(r.executeWithConditions), String(r.refuse), String(r.needsReview),
                ])
            }
            out += t.render() + "\n"
        }
        var g = TextTable(headers: ["refusal ground", "decisions"])
        for k in grounds.keys.sorted() { g.rows.append([k, String(grounds[k]!)]) }
        out += g.render()
        return out
    }

    /// CSV (RFC 4180): one row per requesting state, measure, outcome and ground.
    public func csv() -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"\(s.replacingOccurrences(of: "\"", with: "\"\""))\"" : s
        }
        var out = "requesting_state,measure,outcome,ground,count\r\n"
        for c in cells {
            out += [c.requestingState, c.measure, c.outcome, c.ground, String(c.count)].map(field).joined(separator: ",") + "\r\n"
        }
        return out
    }

    static let outcomeColours: [(String, String)] = [
        ("execute", "#1a7f37"), ("execute-with-conditions", "#9a6700"), ("refuse", "#cf222e"), ("needs-review", "#6e7781"),
    ]

    /// A horizontal stacked bar chart of outcome counts per row, as inline SVG.
    static func chart(_ rows: [Row], title: String) -> String {
        let barHeight = 22, gap = 8, labelWidth = 190, width = 900
        let maximum = max(1, rows.map(\.total).max() ?? 1)
        let chartWidth = width - labelWidth - 60
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(HTML.escape(title))\" width=\"\(width)\" "
                + "height=\"\(rows.count * (barHeight + gap) + 10)\" viewBox=\"0 0 \(width) \(rows.count * (barHeight + gap) + 10)\">\n"
        for (i, row) in rows.enumerated() {
            let y = i * (barHeight + gap) + 5
            svg += "<text x=\"0\" y=\"\(y + 16)\" font-size=\"13\">\(HTML.escape(row.key))</text>\n"
            var x = Double(labelWidth)
            for (outcome, colour) in outcomeColours {
                let n: Int
                switch outcome {
                case "execute": n = row.execute
                case "execute-with-conditions": n = row.executeWithConditions
                case "refuse": n = row.refuse
                default: n = row.needsReview
                }
                guard n > 0 else { continue }
                let w = Double(n) / Double(maximum) * Double(chartWidth)
                svg +=
                    "<rect x=\"\(String(format: "%.1f", x))\" y=\"\(y)\" width=\"\(String(format: "%.1f", w))\" height=\"\(barHeight)\" "
                        + "fill=\"\(colour)\"><title>\(HTML.escape(row.key)): \(outcome) \(n)</title></rect>\n"
                x += w
            }
            svg += "<text x=\"\(String(format: "%.1f", x + 6))\" y=\"\(y + 16)\" font-size=\"13\">\(row.total)</text>\n"
        }
        svg += "</svg>"
        return svg
    }

    /// A self-contained HTML page with inline SVG charts (no scripts, no network).
    public func html() -> String {
        var body =
            "<h1>Transparency report</h1>\n<p class=\"muted\">\(HTML.escape(period)); \(decisions) decisions; rule sets: "
                + "\(HTML.escape(ruleSets.joined(separator: ", ")))</p>\n"
        body +=
            "<p class=\"legend\">"
            + Self.outcomeColours.map { "<span><i style=\"background:\($1)\"></i>\(HTML.escape($0))</span>" }.joined(separator: " ")
            + "</p>\n"
        for (title, rows) in [("By requesting state", byRequestingState), ("By measure", byMeasure)] {
            body +=
                "<h2>\(title)</h2>\n\(Self.chart(rows, title: title))\n<table><thead><tr><th>"
                    + "\(title == "By measure" ? "measure" : "requesting state")</th><th>total</th><th>execute</th><th>with conditions</th>"
                        + "<th>refuse</th><th>needs review</th></tr></thead><tbody>\n"
            for r in rows {
                body +=
                    "<tr><td>\(HTML.escape(r.key))</td><td>\(r.total)</td><td>\(r.execute)</td><td>\(r.executeWithConditions)</td><td>"
                        + "\(r.refuse)</td><td>\(r.needsReview)</td></tr>\n"
            }
            body += "</tbody></table>\n"
        }
        body += "<h2>Refusal grounds</h2>\n<table><thead><tr><th>ground</th><th>decisions</th></tr></thead><tbody>\n"
        for k in grounds.keys.sorted() { body += "<tr><td><code>\(HTML.escape(k))</code></td><td>\(grounds[k]!)</td></tr>\n" }
        body +=
            "</tbody></table>\n<p class=\"muted\">A refusal with several grounds counts once under each ground. Generated by Safeguard "
                + "from a verified audit log.</p>\n"
        let css =
            ".legend span { margin-right: 1rem; } .legend i { display: inline-block; width: .9em; height: .9em; margin-right: .3em; "
                + "vertical-align: -.1em; }"
        return HTML.page(title: "Transparency report", extraCSS: css, body: body)
    }
}
