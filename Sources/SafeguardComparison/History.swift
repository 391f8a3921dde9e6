import Foundation
public import SafeguardAnalysis
public import SafeguardAssessment
import SafeguardModel

/// Verdicts and change counts across any number of revisions, in the order given.
public struct History: Sendable {
    public struct Revision: Sendable {
        /// How the revision is named in reports: its version label, else its file.
        public var label: String
        public var analysis: Analysis
        public var frameworks: [FrameworkResult]

        public init(label: String, analysis: Analysis, frameworks: [FrameworkResult]) {
            self.label = label
            self.analysis = analysis
            self.frameworks = frameworks
        }
    }

    /// One principle's verdict in each revision (nil where the revision was not assessed against it).
    public struct PrincipleTrack: Sendable, Hashable {
        public var framework: String
        public var principle: String
        public var title: String
        public var verdicts: [Verdict?]
    }

    /// What changed from one revision to the next.
    public struct Step: Sendable {
        public var from: String
        public var to: String
        public var summary: ChangeSummary
        public var changes: [Change]
    }

    public var labels: [String]
    public var principles: [PrincipleTrack]
    public var steps: [Step]

    /// Compares each revision with the next one and collects every principle's verdicts.
    public init(revisions: [Revision], comparator: Comparator) {
        labels = revisions.map(\.label)
        var tracks: [PrincipleTrack] = []
        var position: [String: Int] = [:]
        for (r, revision) in revisions.enumerated() {
            for framework in revision.frameworks {
                for principle in framework.principles {
                    let key = framework.frameworkID + "/" + principle.id
                    if position[key] == nil {
                        position[key] = tracks.count
                        tracks.append(
                            PrincipleTrack(
                                framework: framework.frameworkID, principle: principle.id, title: principle.title,
                                verdicts: Array(repeating: nil, count: revisions.count)))
                    }
                    tracks[position[key]!].verdicts[r] = principle.verdict
                }
            }
        }
        principles = tracks
        var steps: [Step] = []
        for k in revisions.indices.dropFirst() {
            let a = revisions[k - 1], b = revisions[k]
            let comparison = comparator.compare(a.analysis, b.analysis, oldFrameworks: a.frameworks, newFrameworks: b.frameworks)
            steps.append(Step(from: a.label, to: b.label, summary: comparison.summary, changes: comparison.changes))
        }
        self.steps = steps
    }

    // MARK: Renderings

    static func short(_ verdict: Verdict?) -> String { verdict?.rawValue ?? "—" }

    public func table() -> String {
        var out = ""
        if principles.isEmpty {
            out += "No framework verdicts (no framework was assessed).\n"
        } else {
            var table = TextTable(headers: ["PRINCIPLE"] + labels)
            for track in principles {
                table.rows.append(["\(track.framework)/\(track.principle)"] + track.verdicts.map(Self.short))
            }
            out += table.render()
        }
        out += "\n"
        var counts = TextTable(headers: ["STEP"] + ChangeClassification.allCases.map(\.rawValue) + ["TOTAL"])
        for step in steps {
            counts.rows.append(
                ["\(step.from) → \(step.to)"] + ChangeClassification.allCases.map { String(step.summary[$0]) } + [
                    String(step.summary.total)
                ])
        }
        out += counts.render()
        return out
    }

    public func markdown() -> String {
        var out = "# History\n\n"
        if !principles.isEmpty {
            out += "| Principle | " + labels.joined(separator: " | ") + " |\n|---|" + labels.map { _ in "---|" }.joined() + "\n"
            for track in principles {
                out += "| \(track.framework)/\(track.principle) | " + track.verdicts.map(Self.short).joined(separator: " | ") + " |\n"
            }
            out += "\n"
        }
        out +=
            "| Step | " + ChangeClassification.allCases.map(\.rawValue).joined(separator: " | ") + " | total |\n|---|"
            + ChangeClassification.allCases.map { _ in "---|" }.joined() + "---|\n"
        for step in steps {
            out +=
                "| \(step.from) → \(step.to) | " + ChangeClassification.allCases.map { String(step.summary[$0]) }.joined(separator: " | ")
                + " | \(step.summary.total) |\n"
        }
        return out
    }

    static func colour(_ verdict: Verdict?) -> String {
        switch verdict {
        case .met: "#1a7f37"
        case .partlyMet: "#9a6700"
        case .notMet: "#cf222e"
        case .notApplicable: "#6e7781"
        case nil: "#ffffff"
        }
    }

    static let classificationColour: [ChangeClassification: String] = [
        .expandsScope: "#bf8700", .weakensSafeguard: "#cf222e", .strengthensSafeguard: "#1a7f37", .neutral: "#8c959f",
    ]

    /// A self-contained SVG timeline: one row per principle with a dot per revision coloured by verdict, and
    /// between revisions a stacked bar of the change counts per classification.
    public func svg() -> String {
        // Label column sized to the longest principle id (about 7 px a character at 12 px), legend always fits.
        let longest = principles.map { $0.framework.count + 1 + $0.principle.count }.max() ?? 20
        let longestLabel = labels.map(\.count).max() ?? 10
        let left = max(160.0, Double(longest) * 7 + 24), column = max(150.0, Double(longestLabel) * 7.5 + 20)
        let rowHeight = 22.0, top = 150.0
        let width = max(left + column * Double(max(labels.count, 1)) + 40, 1060)
        let height = top + rowHeight * Double(principles.count) + 70
        let maxTotal = Double(max(1, steps.map(\.summary.total).max() ?? 1))
        func x(_ r: Int) -> Double { left + column * Double(r) + column / 2 }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) "
                + "\(Int(height))\" font-family=\"system-ui, sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"Verdicts and changes "
                    + "across revisions\">\n"
        svg += "<title>Verdicts and changes across revisions</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        for (r, label) in labels.enumerated() {
            svg += "<text x=\"\(x(r))\" y=\"20\" text-anchor=\"middle\" font-weight=\"600\">\(HTML.escape(label))</text>\n"
            svg +=
                "<line x1=\"\(x(r))\" y1=\"\(top - 12)\" x2=\"\(x(r))\" y2=\"\(top + rowHeight * Double(principles.count))\" "
                    + "stroke=\"#d8d8d8\"/>\n"
        }
        // Change bars between consecutive revisions.
        for (k, step) in steps.enumerated() {
            let cx = (x(k) + x(k + 1)) / 2
            var y = top - 30.0
            for classification in ChangeClassification.allCases {
                let count = step.summary[classification]
                guard count > 0 else { continue }
                let h = 90.0 * Double(count) / maxTotal
                y -= h
                svg +=
                    "<rect x=\"\(cx - 14)\" y=\"\(y)\" width=\"28\" height=\"\(h)\" "
                        + "fill=\"\(Self.classificationColour[classification]!)\"><title>\(count) "
                            + "\(classification.rawValue)</title></rect>\n"
            }
            svg += "<text x=\"\(cx)\" y=\"\(top - 16)\" text-anchor=\"middle\" fill=\"#5a5a5a\">\(step.summary.total) changes</text>\n"
        }
        for (p, track) in principles.enumerated() {
            let y = top + rowHeight * Double(p) + rowHeight / 2
            svg += "<text x=\"8\" y=\"\(y + 4)\">\(HTML.escape(track.framework + "/" + track.principle))</text>\n"
            for r in track.verdicts.indices.dropFirst() {
                svg += "<line x1=\"\(x(r - 1))\" y1=\"\(y)\" x2=\"\(x(r))\" y2=\"\(y)\" stroke=\"#d8d8d8\" stroke-width=\"2\"/>\n"
            }
            for (r, verdict) in track.verdicts.enumerated() {
                svg +=
                    "<circle cx=\"\(x(r))\" cy=\"\(y)\" r=\"7\" fill=\"\(Self.colour(verdict))\" stroke=\"#1b1b1b\" "
                        + "stroke-width=\"0.5\"><title>\(HTML.escape(track.principle)) in \(HTML.escape(labels[r])): "
                            + "\(Self.short(verdict))</title></circle>\n"
            }
        }
        // Legend.
        var lx = 8.0
        let ly = height - 20
        for verdict in Verdict.allCases {
            svg +=
                "<circle cx=\"\(lx + 6)\" cy=\"\(ly - 4)\" r=\"6\" fill=\"\(Self.colour(verdict))\"/><text x=\"\(lx + 16)\" "
                    + "y=\"\(ly)\">\(verdict.rawValue)</text>\n"
            lx += 30 + Double(verdict.rawValue.count) * 7
        }
        for classification in ChangeClassification.allCases {
            svg +=
                "<rect x=\"\(lx)\" y=\"\(ly - 10)\" width=\"12\" height=\"12\" "
                    + "fill=\"\(Self.classificationColour[classification]!)\"/><text x=\"\(lx + 16)\" "
                        + "y=\"\(ly)\">\(classification.rawValue)</text>\n"
            lx += 30 + Double(classification.rawValue.count) * 7
        }
        svg += "</svg>\n"
        return svg
    }

    public func html() -> String {
        var body = "<h1>History</h1>\n<p>\(labels.map(HTML.escape).joined(separator: " → "))</p>\n"
        body += svg()
        body +=
            "<h2>Verdicts</h2>\n<table><thead><tr><th>Principle</th>" + labels.map { "<th>\(HTML.escape($0))</th>" }.joined()
            + "</tr></thead><tbody>\n"
        for track in principles {
            body +=
                "<tr><td>\(HTML.escape(track.title)) <span "
                    + "class=\"eid\">\(HTML.escape(track.framework + "/" + track.principle))</span></td>"
            body += track.verdicts.map { v in "<td class=\"verdict-\(v?.rawValue ?? "none")\">\(Self.short(v))</td>" }.joined() + "</tr>\n"
        }
        body += "</tbody></table>\n<h2>Changes between revisions</h2>\n<table><thead><tr><th>Step</th>"
        body += ChangeClassification.allCases.map { "<th>\($0.rawValue)</th>" }.joined() + "<th>total</th></tr></thead><tbody>\n"
        for step in steps {
            body += "<tr><td>\(HTML.escape(step.from)) → \(HTML.escape(step.to))</td>"
            body += ChangeClassification.allCases.map { "<td>\(step.summary[$0])</td>" }.joined() + "<td>\(step.summary.total)</td></tr>\n"
        }
        body += "</tbody></table>\n"
        return HTML.page(title: "History", body: body)
    }
}

/// The `safeguard.history/1` JSON document.
public struct HistoryDocument: Encodable, Sendable {
    public static let schemaID = "safeguard.history/1"

    struct Track: Encodable {
        var framework: String
        var principle: String
        var title: String
        var verdicts: [Verdict?]
    }

    struct Step: Encodable {
        var from: String
        var to: String
        var summary: [String: Int]
        var changes: [String: Int]
    }

    var schema = HistoryDocument.schemaID
    var revisions: [String]
    var principles: [Track]
    var steps: [Step]

    public init(_ history: History) {
        revisions = history.labels
        principles = history.principles.map {
            Track(framework: $0.framework, principle: $0.principle, title: $0.title, verdicts: $0.verdicts)
        }
        steps = history.steps.map { step in
            var summary: [String: Int] = ["total": step.summary.total]
            for c in ChangeClassification.allCases { summary[c.rawValue] = step.summary[c] }
            var byType: [String: Int] = [:]
            for change in step.changes { byType[change.type.rawValue, default: 0] += 1 }
            return Step(from: step.from, to: step.to, summary: summary, changes: byType)
        }
    }
}
