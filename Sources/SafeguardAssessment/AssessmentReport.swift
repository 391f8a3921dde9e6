import Foundation
import SafeguardAnalysis
public import SafeguardModel

extension Verdict {
    /// A one-character symbol for matrices: ✓ met, ◐ partly-met, ✗ not-met, · not-applicable.
    public var symbol: String {
        switch self {
        case .met: "✓"
        case .partlyMet: "◐"
        case .notMet: "✗"
        case .notApplicable: "·"
        }
    }

    func colored(_ text: String, _ terminal: Terminal) -> String {
        switch self {
        case .met: terminal.green(text)
        case .partlyMet: terminal.yellow(text)
        case .notMet: terminal.red(text)
        case .notApplicable: terminal.dim(text)
        }
    }
}

/// Renders one assessment as a terminal scorecard, Markdown, CSV or a self-contained HTML report.
public enum AssessmentReport {
    // MARK: Table

    /// The terminal scorecard: per framework the score and its arithmetic, one line per principle with the
    /// first decisive words, the chapter scores and the review outcomes.
    public static func table(_ assessment: Assessment, terminal: Terminal = Terminal(colorEnabled: false)) -> String {
        var out = terminal.bold(assessment.instrument.metadata.title) + "\n"
        if let source = assessment.instrument.metadata.source { out += terminal.dim(source) + "\n" }
        for result in assessment.results {
            out += "\n" + terminal.bold("\(result.title)") + terminal.dim("  [\(result.frameworkID) \(result.version)]") + "\n"
            if let score = result.score {
                out += "Score \(terminal.bold(Score.format(score.overall.value)))  = \(score.overall.arithmetic)\n"
            }
            var table = TextTable(headers: ["PRINCIPLE", "VERDICT", "OK", "WHERE", "DECISIVE WORDS"])
            for principle in result.principles {
                var verdict = principle.verdict.symbol + " " + principle.verdict.rawValue
                if principle.review != nil { verdict += "*" }
                let padded = verdict.padding(toLength: 16, withPad: " ", startingAt: 0)
                table.rows.append([
                    principle.id,
                    principle.verdict.colored(padded, terminal),
                    okCount(principle),
                    where_(principle),
                    decisiveWords(principle),
                ])
            }
            out += render(table, verdictColumn: 1, width: 16)
            if let chapters = result.score?.chapters, !chapters.isEmpty {
                let parts = chapters.map { "\($0.eId) \(Score.format($0.score.value))" }
                out += terminal.dim("By chapter: " + parts.joined(separator: " · ")) + "\n"
            }
            for principle in result.principles where principle.review != nil {
                out +=
                    terminal.dim(
                        "* \(principle.id): \(principle.review!.description) (rules gave \(principle.computedVerdict?.rawValue ?? "?"))")
                    + "\n"
            }
        }
        out += reviewSection(assessment.reviewOutcomes, terminal: terminal)
        out += terminal.dim("\nFull explanations and every quote: --format md, html or json.") + "\n"
        return out
    }

    /// TextTable pads by character count, which colour codes would break: pad verdicts first, then colour.
    private static func render(_ table: TextTable, verdictColumn: Int, width: Int) -> String {
        var plain = table
        for i in plain.rows.indices {
            plain.rows[i][verdictColumn] = String(repeating: "#", count: width)
        }
        var lines = plain.render().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (i, row) in table.rows.enumerated() {
            let lineIndex = i + 2
            if let range = lines[lineIndex].range(of: String(repeating: "#", count: width)) {
                lines[lineIndex].replaceSubrange(range, with: row[verdictColumn])
            }
        }
        return lines.joined(separator: "\n")
    }

    /// "3/7": provisions that satisfy the principle out of those it applied to (partly satisfied count half,
    /// shown as "+2½" when there are any).
    static func okCount(_ principle: PrincipleResult) -> String {
        guard let counts = principle.counts, counts.applicable > 0 else { return "–" }
        var text = "\(counts.satisfied)/\(counts.applicable)"
        if counts.partlySatisfied > 0 { text += " (+\(counts.partlySatisfied) partly)" }
        return text
    }

    private static func where_(_ principle: PrincipleResult) -> String {
        var eIds: [EId] = []
        for item in principle.evidence {
            let unit = unitEId(item.eId)
            if !eIds.contains(unit) { eIds.append(unit) }
        }
        if eIds.isEmpty { return "—" }
        if eIds.count > 3 { return eIds.prefix(3).joined(separator: ",") + " +\(eIds.count - 3)" }
        return eIds.joined(separator: ",")
    }

    /// The eId of the article or section (the part before the first `__`).
    static func unitEId(_ eId: EId) -> EId { eId.topLevel }

    /// The first words that decided the verdict: words against it for failures, words for it otherwise.
    static func decisiveWords(_ principle: PrincipleResult, limit: Int = 70) -> String {
        let preferred: [EvidenceRole] = principle.verdict == .met ? [.supports] : [.against, .applies, .supports]
        for role in preferred {
            if let item = principle.evidence.first(where: { $0.role == role }) {
                // A provision that falls short is decided by what it lacks, not by the words that name it.
                if role == .applies, let lacks = item.lacks, !lacks.isEmpty {
                    return "\(item.eId): " + FrameworkEvaluator.quoted(item.quote, limit: limit) + " — lacks "
                        + lacks.joined(separator: ", ")
                }
                return "\(item.eId): " + FrameworkEvaluator.quoted(item.quote, limit: limit)
            }
        }
        if principle.verdict == .notApplicable { return "(nothing to apply it to)" }
        if let counts = principle.counts, principle.verdict == .met {
            return "(nothing against it in \(counts.applicable) provision\(counts.applicable == 1 ? "" : "s"))"
        }
        return "(nothing found)"
    }

    private static func reviewSection(_ outcomes: [ReviewOutcome], terminal: Terminal) -> String {
        guard !outcomes.isEmpty else { return "" }
        var out = "\n" + terminal.bold("Review") + "\n"
        for outcome in outcomes {
            let status: String
            switch outcome.status {
            case .applied: status = terminal.green("applied")
            case .stale: status = terminal.red("STALE")
            case .unmatched: status = terminal.yellow("unmatched")
            }
            out += "\(status)  \(outcome.summary) — \(outcome.detail) [\(outcome.file):\(outcome.line.map(String.init) ?? "?")]\n"
        }
        return out
    }

    // MARK: Markdown

    public static func markdown(_ assessment: Assessment) -> String {
        let metadata = assessment.instrument.metadata
        var out = "# Assessment: \(metadata.title)\n\n"
        if let source = metadata.source { out += "Source: `\(source)`  \n" }
        out += "Lexicon: \(assessment.analysis.lexiconVersion)\n"
        for result in assessment.results {
            out += "\n## \(result.title)\n\n"
            out += "Framework `\(result.frameworkID)` version \(result.version)"
            if let source = result.source { out += " — principles stated by \(source.by) (\(source.year))" }
            out += ".\n\n"
            if let score = result.score {
                out += "**Score \(Score.format(score.overall.value))** = \(score.overall.arithmetic)\n\n"
            }
            out += "| Principle | Verdict | Decisive words |\n|---|---|---|\n"
            for principle in result.principles {
                let reviewed = principle.review != nil ? " (reviewed)" : ""
                out +=
                    "| [\(principle.id)](#\(result.frameworkID)-\(principle.id)) | \(principle.verdict.symbol) "
                        + "\(principle.verdict.rawValue)\(reviewed) | \(mdCell(decisiveWords(principle))) |\n"
            }
            if let chapters = result.score?.chapters, !chapters.isEmpty {
                out += "\n| Chapter | Score | Met | Partly | Not met | N/A |\n|---|---|---|---|---|---|\n"
                for chapter in chapters {
                    out +=
                        "| \(mdCell(chapter.label)) (`\(chapter.eId)`) | \(Score.format(chapter.score.value)) | \(chapter.score.met) | "
                            + "\(chapter.score.partlyMet) | \(chapter.score.notMet) | \(chapter.score.notApplicable) |\n"
                }
            }
            for principle in result.principles {
                out += "\n### <a id=\"\(result.frameworkID)-\(principle.id)\"></a>\(principle.title) — \(principle.verdict.rawValue)\n\n"
                out += principle.explanation + "\n"
                if !principle.evidence.isEmpty { out += "\n" }
                for item in principle.evidence {
                    var line = "- `\(item.eId)`"
                    if let feature = item.feature { line += " \(feature)" }
                    if let role = item.role { line += " (\(role.rawValue))" }
                    if let lacks = item.lacks, !lacks.isEmpty { line += " lacks \(lacks.joined(separator: ", "))" }
                    line += ": “\(item.quote.replacingOccurrences(of: "\n", with: " "))”"
                    if let review = item.review { line += " — \(review)" }
                    out += line + "\n"
                }
            }
        }
        if !assessment.reviewOutcomes.isEmpty {
            out += "\n## Review\n\n| Status | Entry | Detail | Where |\n|---|---|---|---|\n"
            for outcome in assessment.reviewOutcomes {
                out +=
                    "| \(outcome.status.rawValue) | \(mdCell(outcome.summary)) | \(mdCell(outcome.detail)) | "
                        + "\(outcome.file):\(outcome.line.map(String.init) ?? "?") |\n"
            }
        }
        return out
    }

    static func mdCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    // MARK: CSV

    /// One row per principle: framework, principle, verdict, the rules' verdict when overridden, where, explanation.
    public static func csv(_ assessment: Assessment) -> String {
        var out = CSV.row(["instrument", "framework", "principle", "title", "verdict", "computed_verdict", "eids", "explanation"])
        for result in assessment.results {
            for principle in result.principles {
                var eIds: [EId] = []
                for item in principle.evidence where !eIds.contains(item.eId) { eIds.append(item.eId) }
                out += CSV.row([
                    assessment.instrument.metadata.source ?? assessment.instrument.metadata.title,
                    result.frameworkID, principle.id, principle.title, principle.verdict.rawValue,
                    principle.computedVerdict?.rawValue ?? "", eIds.joined(separator: " "), principle.explanation,
                ])
            }
        }
        return out
    }
}

/// RFC 4180 CSV cells.
enum CSV {
    static func row(_ cells: [String]) -> String {
        cells.map(escape).joined(separator: ",") + "\r\n"
    }

    static func escape(_ cell: String) -> String {
        // Cells that a spreadsheet would run as a formula are prefixed with a quote mark.
        var value = cell
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}
