import Foundation
public import SafeguardModel

/// Renders a ``RecourseReport`` as a terminal table, JSON, Markdown or a self-contained printable HTML page.
public enum RecourseRenderer {
    static let heading = "What you are owed, where to turn, what to keep"
    static let key =
        "Each line says what it rests on: the words of a law with their address, the state's profile, "
        + "a search that found nothing, or general guidance."

    static func marker(_ statement: Statement) -> String {
        switch statement.basis {
        case .cited: ""
        case .absence: " [nothing found]"
        case .guidance: " [general guidance]"
        }
    }

    static func flat(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    static func statusWord(_ status: RightStatus?) -> String? {
        switch status {
        case .mandatory?: "MANDATORY"
        case .conditional?: "CONDITIONAL"
        case .absent?: "NOT FOUND"
        case nil: nil
        }
    }

    // MARK: - JSON

    /// Schema `safeguard.recourse/1` (docs/recourse.md).
    public static func json(_ report: RecourseReport) throws -> String { try JSONOutput.string(report) }

    // MARK: - Table (terminal)

    public static func table(_ report: RecourseReport, terminal: Terminal = Terminal(colorEnabled: false)) -> String {
        var out = terminal.bold(heading) + "\n"
        out += "in: \(report.victimIn.name) (\(report.victimIn.id))  harmed from: \(report.harmedFrom.name) (\(report.harmedFrom.id))\n"
        out += "harm: \(report.harm.title)  victim: \(report.victim.rawValue)\n"
        out += report.harm.plain + "\n"
        out += terminal.dim(key) + "\n"
        for (n, section) in report.sections.enumerated() {
            out += "\n" + terminal.bold("\(n + 1). \(section.title)") + "\n"
            for statement in section.statements {
                var line = "  - "
                if let label = statement.label { line += label + ": " }
                if let word = statusWord(statement.status) {
                    let styled =
                        statement.status == .mandatory
                        ? terminal.green(word) : statement.status == .conditional ? terminal.yellow(word) : terminal.red(word)
                    line += "[\(styled)] "
                }
                line += statement.text + terminal.dim(marker(statement))
                out += line + "\n"
                for term in statement.terms { out += "      (\(term.term): \(term.plain))\n" }
                for c in statement.citations { out += "      " + terminal.dim(c.address) + ": “\(flat(c.quote))”\n" }
                if statement.basis == .absence {
                    out += "      " + terminal.dim("searched: " + statement.searched.joined(separator: ", ")) + "\n"
                }
                if let source = statement.principleSource { out += "      " + terminal.dim("principle: " + source) + "\n" }
            }
        }
        out += "\n" + sourcesLine(report) + "\n"
        return out
    }

    static func sourcesLine(_ report: RecourseReport) -> String {
        var out =
            "Texts read: "
            + (report.instruments.isEmpty ? "none" : report.instruments.map { "\($0.id) (\($0.file ?? $0.title))" }.joined(separator: ", "))
        if report.victimIn.fictional || report.harmedFrom.fictional {
            out += ". The states in this report are fictional."
        }
        return out + " Vocabulary \(report.vocabulary)."
    }

    // MARK: - Markdown

    public static func markdown(_ report: RecourseReport) -> String {
        var out = "# \(heading)\n\n"
        out += "- **You are in:** \(report.victimIn.name) (`\(report.victimIn.id)`)\n"
        out += "- **Harmed from:** \(report.harmedFrom.name) (`\(report.harmedFrom.id)`)\n"
        out += "- **Harm:** \(report.harm.title). \(report.harm.plain)\n"
        out += "- **Victim:** \(report.victim.rawValue)\n\n"
        out += "_\(key)_\n"
        for (n, section) in report.sections.enumerated() {
            out += "\n## \(n + 1). \(section.title)\n\n"
            for statement in section.statements {
                var line = "- "
                if let label = statement.label { line += "**\(label)**: " }
                if let word = statusWord(statement.status) { line += "**\(word)** — " }
                line += statement.text
                if statement.basis != .cited { line += " _\(marker(statement).trimmingCharacters(in: .whitespaces))_" }
                out += line + "\n"
                for term in statement.terms { out += "  - _\(term.term)_: \(term.plain)\n" }
                for c in statement.citations { out += "  - `\(c.address)`: “\(flat(c.quote))”\n" }
                if statement.basis == .absence { out += "  - searched: \(statement.searched.map { "`\($0)`" }.joined(separator: ", "))\n" }
                if let source = statement.principleSource { out += "  - principle: \(source)\n" }
            }
        }
        out += "\n---\n\n" + sourcesLine(report) + "\n"
        return out
    }

    // MARK: - HTML

    /// A self-contained page (no scripts, no network) that prints cleanly, with space to write case numbers.
    public static func html(_ report: RecourseReport) -> String {
        let css = """
            .scenario { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
            .scenario dt { font-weight: 600; }
            .scenario dd { margin: 0; }
            ul.statements { list-style: none; padding-left: 0; }
            ul.statements > li { border-left: 4px solid var(--line); padding: .4rem .8rem; margin: .5rem 0; }
            ul.statements > li.basis-guidance { border-left-color: #8250df; }
            ul.statements > li.basis-absence { border-left-color: var(--na); }
            .status { font-weight: 700; font-size: .85em; padding: 0 .35em; border-radius: 3px; border: 1px solid currentColor; }
            .status-mandatory { color: var(--met); }
            .status-conditional { color: var(--partly); }
            .status-absent { color: var(--notmet); }
            .tag { font-size: .8em; color: var(--muted); }
            blockquote { margin: .25rem 0 .25rem 1rem; color: #333; font-family: Georgia, "Times New Roman", serif; }
            .term { background: #f6f8fa; border-radius: 3px; padding: .1rem .4rem; font-size: .92em; margin: .2rem 0; }
            .fill { border-bottom: 1px solid #999; display: inline-block; min-width: 14rem; }
            @media print { ul.statements > li { break-inside: avoid; } }
            """
        var body = "<h1>\(HTML.escape(heading))</h1>\n<dl class=\"scenario\">\n"
        body += "<dt>You are in</dt><dd>\(HTML.escape(report.victimIn.name)) (<code>\(HTML.escape(report.victimIn.id))</code>)</dd>\n"
        body += "<dt>Harmed from</dt><dd>\(HTML.escape(report.harmedFrom.name)) (<code>\(HTML.escape(report.harmedFrom.id))</code>)</dd>\n"
        body += "<dt>Harm</dt><dd>\(HTML.escape(report.harm.title)). \(HTML.escape(report.harm.plain))</dd>\n"
        body += "<dt>Victim</dt><dd>\(HTML.escape(report.victim.rawValue))</dd>\n"
        body += "<dt>Case number</dt><dd><span class=\"fill\">&nbsp;</span></dd>\n"
        body += "<dt>Date of this report</dt><dd><span class=\"fill\">&nbsp;</span></dd>\n</dl>\n"
        body += "<p class=\"muted\">\(HTML.escape(key))</p>\n"
        for (n, section) in report.sections.enumerated() {
            body += "<h2>\(n + 1). \(HTML.escape(section.title))</h2>\n<ul class=\"statements\">\n"
            for statement in section.statements {
                body += "<li class=\"basis-\(statement.basis.rawValue)\">"
                if let label = statement.label { body += "<strong>\(HTML.escape(label))</strong>: " }
                if let status = statement.status, let word = statusWord(status) {
                    body += "<span class=\"status status-\(status.rawValue)\">\(word)</span> "
                }
                body += HTML.escape(statement.text)
                if statement.basis != .cited {
                    body += " <span class=\"tag\">\(HTML.escape(marker(statement).trimmingCharacters(in: .whitespaces)))</span>"
                }
                for term in statement.terms {
                    body += "<div class=\"term\"><em>\(HTML.escape(term.term))</em>: \(HTML.escape(term.plain))</div>"
                }
                for c in statement.citations {
                    body += "<blockquote><code>\(HTML.escape(c.address))</code>: “\(HTML.escape(flat(c.quote)))”</blockquote>"
                }
                if statement.basis == .absence {
                    body +=
                        "<div class=\"tag\">searched: "
                            + "\(statement.searched.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: ", "))</div>"
                }
                if let source = statement.principleSource { body += "<div class=\"tag\">principle: \(HTML.escape(source))</div>" }
                body += "</li>\n"
            }
            body += "</ul>\n"
        }
        body += "<p class=\"muted\">\(HTML.escape(sourcesLine(report))) Generated by Safeguard; not legal advice.</p>\n"
        return HTML.page(title: "\(heading): \(report.harm.title), \(report.victimIn.name)", extraCSS: css, body: body)
    }
}
