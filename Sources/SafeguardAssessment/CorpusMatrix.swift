import Foundation
import SafeguardAnalysis
public import SafeguardModel

/// Many instruments × the principles of the frameworks: the corpus view (terminal table, CSV, HTML heatmap).
public struct CorpusMatrix: Sendable {
    public struct Column: Sendable, Hashable {
        public var framework: String
        public var principle: String
        public var title: String
        /// `framework/principle`, the CSV header.
        public var key: String { "\(framework)/\(principle)" }
    }

    public struct Row: Sendable {
        /// The file the instrument came from (or its title).
        public var name: String
        public var title: String
        /// One verdict per column; nil when that framework was not assessed.
        public var verdicts: [Verdict?]
        /// Explanations, for HTML cell titles.
        public var explanations: [String?]
        /// Overall score per framework id.
        public var scores: [String: Double?]
    }

    public var frameworks: [(id: String, title: String)]
    public var columns: [Column]
    public var rows: [Row]
    /// Files that failed, shown as rows without verdicts.
    public var failures: [AssessmentDocument.Failure]

    public init(_ assessments: [Assessment], failures: [AssessmentDocument.Failure] = []) {
        var frameworks: [(id: String, title: String)] = []
        var columns: [Column] = []
        for assessment in assessments {
            for result in assessment.results where !frameworks.contains(where: { $0.id == result.frameworkID }) {
                frameworks.append((result.frameworkID, result.title))
                columns += result.principles.map {
                    Column(framework: result.frameworkID, principle: $0.id, title: $0.title)
                }
            }
        }
        self.frameworks = frameworks
        self.columns = columns
        self.failures = failures
        rows = assessments.map { assessment in
            var verdicts: [Verdict?] = []
            var explanations: [String?] = []
            for column in columns {
                let principle = assessment.results.first { $0.frameworkID == column.framework }?[principle: column.principle]
                verdicts.append(principle?.verdict)
                explanations.append(principle?.explanation)
            }
            var scores: [String: Double?] = [:]
            for result in assessment.results { scores[result.frameworkID] = result.score?.overall.value }
            let metadata = assessment.instrument.metadata
            return Row(
                name: metadata.source ?? metadata.title, title: metadata.title, verdicts: verdicts,
                explanations: explanations, scores: scores)
        }
    }

    /// Terminal matrix: one line per instrument, one symbol per principle, the scores at the end; a key below
    /// maps column numbers to principle ids.
    public func table(terminal: Terminal = Terminal(colorEnabled: false)) -> String {
        var out = ""
        for framework in frameworks {
            let frameworkColumns = columns.indices.filter { columns[$0].framework == framework.id }
            out += terminal.bold("\(framework.title)") + terminal.dim("  [\(framework.id)]") + "\n"
            let nameWidth = min(48, max(10, rows.map(\.name.count).max() ?? 10, failures.map(\.file.count).max() ?? 0))
            var header = "INSTRUMENT".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
            header += frameworkColumns.enumerated().map { i, _ in String((i + 1) % 10) }.joined(separator: " ")
            out += header + "  SCORE\n"
            for row in rows {
                var line = Self.fit(row.name, nameWidth) + "  "
                line += frameworkColumns.map { column in
                    guard let verdict = row.verdicts[column] else { return " " }
                    return verdict.colored(verdict.symbol, terminal)
                }.joined(separator: " ")
                let score = row.scores[framework.id] ?? nil
                line += "  " + Score.format(score)
                out += line + "\n"
            }
            for failure in failures {
                out += Self.fit(failure.file, nameWidth) + "  " + terminal.red("error: \(failure.error)") + "\n"
            }
            out +=
                terminal.dim(
                    frameworkColumns.enumerated().map { i, column in
                        "\(i + 1)=\(columns[column].principle)"
                    }.joined(separator: "  ")) + "\n\n"
        }
        out += terminal.dim("✓ met  ◐ partly-met  ✗ not-met  · not-applicable") + "\n"
        return out
    }

    private static func fit(_ text: String, _ width: Int) -> String {
        if text.count > width { return "…" + text.suffix(width - 1) }
        return text.padding(toLength: width, withPad: " ", startingAt: 0)
    }

    /// CSV: one row per instrument; a column per `framework/principle` holding the verdict id, and a score
    /// column per framework.
    public func csv() -> String {
        var out = CSV.row(["instrument", "title"] + columns.map(\.key) + frameworks.map { "\($0.id)/score" } + ["error"])
        for row in rows {
            out += CSV.row(
                [row.name, row.title] + row.verdicts.map { $0?.rawValue ?? "" }
                    + frameworks.map { Score.format((row.scores[$0.id] ?? nil)).replacingOccurrences(of: "–", with: "") } + [""])
        }
        for failure in failures {
            out += CSV.row([failure.file, ""] + columns.map { _ in "" } + frameworks.map { _ in "" } + [failure.error])
        }
        return out
    }

    public func markdown() -> String {
        var out = "# Corpus assessment\n\n"
        for framework in frameworks {
            let frameworkColumns = columns.indices.filter { columns[$0].framework == framework.id }
            out +=
                "## \(framework.title)\n\n| Instrument | " + frameworkColumns.map { columns[$0].principle }.joined(separator: " | ")
                + " | Score |\n"
            out += "|---|" + frameworkColumns.map { _ in "---|" }.joined() + "---|\n"
            for row in rows {
                out +=
                    "| \(AssessmentReport.mdCell(row.name)) | "
                    + frameworkColumns.map { row.verdicts[$0].map { "\($0.symbol) \($0.rawValue)" } ?? "" }.joined(separator: " | ")
                out += " | \(Score.format(row.scores[framework.id] ?? nil)) |\n"
            }
            out += "\n"
        }
        if !failures.isEmpty {
            out += "## Files that failed\n\n"
            for failure in failures { out += "- `\(failure.file)`: \(failure.error)\n" }
        }
        return out
    }

    /// The HTML heatmap: instruments down, principles across, each cell coloured by verdict.
    public func html() -> String {
        var body =
            "<h1>Corpus assessment</h1>\n<p class=\"muted\">\(rows.count) instrument(s). ✓ met · ◐ partly-met · ✗ not-met · · "
                + "not-applicable. Hover a cell for the explanation.</p>\n"
        for framework in frameworks {
            let frameworkColumns = columns.indices.filter { columns[$0].framework == framework.id }
            body += "<h2>\(HTML.escape(framework.title))</h2>\n<table class=\"heat\"><tr><th>Instrument</th>"
            for column in frameworkColumns {
                body += "<th class=\"rot\" title=\"\(HTML.escape(columns[column].title))\">\(HTML.escape(columns[column].principle))</th>"
            }
            body += "<th>Score</th></tr>\n"
            for row in rows {
                body += "<tr><td title=\"\(HTML.escape(row.title))\">\(HTML.escape(row.name))</td>"
                for column in frameworkColumns {
                    if let verdict = row.verdicts[column] {
                        let tip = "\(verdict.rawValue): \(row.explanations[column] ?? "")"
                        body +=
                            "<td class=\"cell \(verdict.rawValue)\" "
                                + "title=\"\(HTML.escape(String(tip.prefix(600))))\">\(verdict.symbol)</td>"
                    } else {
                        body += "<td></td>"
                    }
                }
                body += "<td>\(Score.format(row.scores[framework.id] ?? nil))</td></tr>\n"
            }
            for failure in failures {
                body +=
                    "<tr><td>\(HTML.escape(failure.file))</td><td colspan=\"\(frameworkColumns.count + 1)\" "
                        + "class=\"verdict-not-met\">error: \(HTML.escape(failure.error))</td></tr>\n"
            }
            body += "</table>\n"
        }
        return HTML.page(title: "Corpus assessment", extraCSS: AssessmentReport.htmlCSS, body: body)
    }
}
