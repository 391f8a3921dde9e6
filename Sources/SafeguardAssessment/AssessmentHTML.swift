import Foundation
import SafeguardAnalysis
import SafeguardModel

/// The self-contained HTML report: scorecard, SVG chart, explanations, and the instrument's text with every
/// piece of evidence highlighted and linked from its verdict. No scripts, fonts or styles from elsewhere.
extension AssessmentReport {
    static let htmlCSS = """
        .scorecard td.v { white-space: nowrap; }
        .bar-label { font: 12px system-ui, sans-serif; fill: #1b1b1b; }
        .principle { border-top: 1px solid var(--line); padding-top: .5rem; margin-top: 1rem; }
        .principle h4 { margin: .2rem 0; }
        .evidence li { margin: .2rem 0; }
        .instrument-text { white-space: pre-wrap; font: 14px/1.55 ui-serif, Georgia, serif; border: 1px solid var(--line); \
        padding: 1rem; background: #fcfcfc; }
        mark.against { background: #ffd7d5; }
        mark.supports { background: #d2f4d3; }
        mark.applies { background: #fff3b0; }
        mark:target, a:target + mark { outline: 2px solid #0969da; }
        .review { background: #eef6ff; border-left: 3px solid #0969da; padding: .3rem .6rem; margin: .4rem 0; }
        .stale { color: var(--notmet); font-weight: 600; }
        .legend span { display: inline-block; padding: 0 .4rem; margin-right: .5rem; }
        .heat td.cell { text-align: center; font-weight: 600; }
        .heat td.met { background: #d2f4d3; } .heat td.partly-met { background: #fff1c2; }
        .heat td.not-met { background: #ffd7d5; } .heat td.not-applicable { background: #f0f0f0; color: #6e7781; }
        .heat th.rot { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: 500; font-size: 12px; white-space: nowrap; }
        """

    static func verdictColor(_ verdict: Verdict) -> String {
        switch verdict {
        case .met: "#1a7f37"
        case .partlyMet: "#9a6700"
        case .notMet: "#cf222e"
        case .notApplicable: "#8c959f"
        }
    }

    /// One stacked bar per framework: how many principles got each verdict, with the score at the end.
    static func chart(_ results: [FrameworkResult]) -> String {
        let width = 800.0
        let barWidth = 420.0
        let rowHeight = 34.0
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(Int(width))\" "
                + "height=\"\(Int(rowHeight * Double(results.count) + 30))\" viewBox=\"0 0 \(Int(width)) "
                    + "\(Int(rowHeight * Double(results.count) + 30))\">"
        svg += "<title>Verdicts per framework</title>"
        for (row, result) in results.enumerated() {
            let y = Double(row) * rowHeight + 6
            svg += "<text class=\"bar-label\" x=\"0\" y=\"\(y + 16)\">\(HTML.escape(result.frameworkID))</text>"
            let total = Double(max(result.principles.count, 1))
            var x = 230.0
            for verdict in Verdict.allCases {
                let count = result.principles.filter { $0.verdict == verdict }.count
                guard count > 0 else { continue }
                let w = barWidth * Double(count) / total
                svg +=
                    "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"22\" fill=\"\(verdictColor(verdict))\"><title>\(count) "
                        + "\(verdict.rawValue)</title></rect>"
                if w > 18 {
                    svg +=
                        "<text x=\"\(x + w / 2)\" y=\"\(y + 15)\" text-anchor=\"middle\" fill=\"#fff\" font-size=\"12\" "
                            + "font-family=\"system-ui, sans-serif\">\(count)</text>"
                }
                x += w
            }
            let score = Score.format(result.score?.overall.value)
            svg += "<text class=\"bar-label\" x=\"\(230 + barWidth + 10)\" y=\"\(y + 16)\">score \(score)</text>"
        }
        let legendY = Double(results.count) * rowHeight + 22
        var x = 230.0
        for verdict in Verdict.allCases {
            svg += "<rect x=\"\(x)\" y=\"\(legendY - 10)\" width=\"10\" height=\"10\" fill=\"\(verdictColor(verdict))\"/>"
            svg += "<text class=\"bar-label\" x=\"\(x + 14)\" y=\"\(legendY)\">\(verdict.rawValue)</text>"
            x += 110
        }
        return svg + "</svg>"
    }

    static func evidenceAnchor(_ item: Evidence) -> String {
        "ev-\(item.span.start)-\(item.span.end)"
    }

    public static func html(_ assessment: Assessment) -> String {
        let metadata = assessment.instrument.metadata
        var body = "<h1>Assessment: \(HTML.escape(metadata.title))</h1>\n"
        if let source = metadata.source {
            body +=
                "<p class=\"muted\">Source: <code>\(HTML.escape(source))</code> · lexicon "
                    + "\(HTML.escape(assessment.analysis.lexiconVersion))</p>\n"
        }
        body += "<section><h2>Scorecard</h2>\n" + chart(assessment.results) + "\n"
        for result in assessment.results { body += scorecardHTML(result) }
        body += "</section>\n<section><h2>Verdicts</h2>\n"
        var allEvidence: [Evidence] = []
        for result in assessment.results { body += verdictsHTML(result, evidence: &allEvidence) }
        body += "</section>\n"
        if !assessment.reviewOutcomes.isEmpty {
            body += "<section><h2>Review</h2><table><tr><th>Status</th><th>Entry</th><th>Detail</th><th>Where</th></tr>\n"
            for outcome in assessment.reviewOutcomes {
                let cls = outcome.status == .stale ? " class=\"stale\"" : ""
                body +=
                    "<tr><td\(cls)>\(outcome.status.rawValue.uppercased())</td><td>\(HTML.escape(outcome.summary))</td><td>"
                        + "\(HTML.escape(outcome.detail))</td><td>\(HTML.escape(outcome.file)):\(outcome.line.map(String.init) ?? "?")</td>"
                            + "</tr>\n"
            }
            body += "</table></section>\n"
        }
        body +=
            "<section><h2>Text</h2><p class=\"legend\"><span style=\"background:#ffd7d5\">against a principle</span><span "
                + "style=\"background:#d2f4d3\">satisfies a principle</span><span style=\"background:#fff3b0\">makes a provision subject "
                    + "to a principle</span></p>\n"
        body += "<div class=\"instrument-text\">" + highlightedText(assessment.instrument, evidence: allEvidence) + "</div></section>\n"
        return HTML.page(title: "Assessment: \(metadata.title)", extraCSS: htmlCSS, body: body)
    }

    /// One framework's scorecard: its source, score, principles with their decisive words, and chapters.
    static func scorecardHTML(_ result: FrameworkResult) -> String {
        var body = ""
        body +=
            "<h3>\(HTML.escape(result.title))</h3>\n<p class=\"muted\">Framework <code>\(HTML.escape(result.frameworkID))</code> "
                + "\(HTML.escape(result.version))"
        if let source = result.source {
            body += " — principles stated by \(HTML.escape(source.by)), \(HTML.escape(source.title)) (\(HTML.escape(source.year)))"
            if let note = source.note { body += ". \(HTML.escape(note))" }
        }
        body += "</p>\n"
        if let score = result.score {
            body += "<p><strong>Score \(Score.format(score.overall.value))</strong> = \(HTML.escape(score.overall.arithmetic))</p>\n"
        }
        body += "<table class=\"scorecard\"><tr><th>Principle</th><th>Verdict</th><th>Decisive words</th></tr>\n"
        for principle in result.principles {
            let anchor = "\(result.frameworkID)-\(principle.id)"
            body +=
                "<tr><td><a href=\"#\(anchor)\">\(HTML.escape(principle.title))</a><br><code>\(HTML.escape(principle.id))</code></td>"
            body +=
                "<td class=\"v verdict-\(principle.verdict.rawValue)\">\(principle.verdict.symbol) "
                    + "\(principle.verdict.rawValue)\(principle.review != nil ? " (reviewed)" : "")</td>"
            body += "<td>\(HTML.escape(decisiveWords(principle, limit: 120)))</td></tr>\n"
        }
        body += "</table>\n"
        if let chapters = result.score?.chapters, !chapters.isEmpty {
            body += "<table><tr><th>Chapter</th><th>Score</th><th>Met</th><th>Partly</th><th>Not met</th><th>N/A</th></tr>\n"
            for chapter in chapters {
                let link =
                    chapter.eId == "(none)"
                    ? HTML.escape(chapter.label) : "<a href=\"#\(HTML.escape(chapter.eId))\">\(HTML.escape(chapter.label))</a>"
                body +=
                    "<tr><td>\(link)</td><td>\(Score.format(chapter.score.value))</td><td>\(chapter.score.met)</td><td>"
                        + "\(chapter.score.partlyMet)</td><td>\(chapter.score.notMet)</td><td>\(chapter.score.notApplicable)</td></tr>\n"
            }
            body += "</table>\n"
        }
        return body
    }

    /// One framework's verdicts, each with its explanation and evidence (collected into `evidence` for the
    /// highlighted text).
    static func verdictsHTML(_ result: FrameworkResult, evidence allEvidence: inout [Evidence]) -> String {
        var body = ""
        body += "<h3>\(HTML.escape(result.title))</h3>\n"
        for principle in result.principles {
            body += "<div class=\"principle\" id=\"\(result.frameworkID)-\(principle.id)\">"
            body +=
                "<h4>\(HTML.escape(principle.title)) — <span "
                    + "class=\"verdict-\(principle.verdict.rawValue)\">\(principle.verdict.rawValue)</span></h4>"
            if let review = principle.review {
                body +=
                    "<p class=\"review\">\(HTML.escape(review.description.capitalizedFirst)) (the rules gave "
                        + "\(principle.computedVerdict?.rawValue ?? "?"))</p>"
            }
            body += "<p>\(HTML.escape(principle.explanation))</p>"
            if !principle.evidence.isEmpty {
                body += "<ul class=\"evidence\">"
                for item in principle.evidence {
                    allEvidence.append(item)
                    body += "<li><a href=\"#\(evidenceAnchor(item))\"><code>\(HTML.escape(item.eId))</code></a> "
                    if let feature = item.feature { body += "<span class=\"muted\">\(HTML.escape(feature))</span> " }
                    if let role = item.role { body += "<span class=\"muted\">(\(role.rawValue))</span> " }
                    if let lacks = item.lacks, !lacks.isEmpty {
                        body += "<span class=\"muted\">lacks \(HTML.escape(lacks.joined(separator: ", ")))</span> "
                    }
                    body += "“\(HTML.escape(item.quote))”"
                    if let review = item.review { body += " <span class=\"review\">\(HTML.escape(review.description))</span>" }
                    body += "</li>"
                }
                body += "</ul>"
            }
            body += "</div>\n"
        }
        return body
    }

    /// The instrument's text with an anchor at the start of every provision (id = eId) and each evidence span
    /// in a `<mark>` (id = `ev-START-END`). Overlapping spans are cut into segments; a segment takes the most
    /// serious role of the spans covering it (against > supports > applies).
    static func highlightedText(_ instrument: Instrument, evidence: [Evidence]) -> String {
        let bytes = Array(instrument.text.utf8)
        var anchorsAt: [Int: [String]] = [:]
        for provision in instrument.provisions {
            anchorsAt[min(provision.span.start, bytes.count), default: []].append(provision.eId.rawValue)
        }
        var spans: [TextSpan: (roles: Set<EvidenceRole>, labels: Set<String>)] = [:]
        for item in evidence where item.span.end <= bytes.count && !item.span.isEmpty {
            var entry = spans[item.span] ?? ([], [])
            if let role = item.role { entry.roles.insert(role) }
            if let feature = item.feature { entry.labels.insert(feature) }
            spans[item.span] = entry
        }
        var boundaries = Set<Int>([0, bytes.count])
        for span in spans.keys {
            boundaries.insert(span.start)
            boundaries.insert(span.end)
        }
        for offset in anchorsAt.keys { boundaries.insert(offset) }
        let points = boundaries.sorted()
        let sortedSpans = spans.keys.sorted()
        var out = ""
        out.reserveCapacity(bytes.count + bytes.count / 4)
        var active: [TextSpan] = []
        var next = 0
        for (i, point) in points.enumerated() where i + 1 < points.count {
            for eId in anchorsAt[point] ?? [] { out += "<a id=\"\(HTML.escape(eId))\"></a>" }
            while next < sortedSpans.count && sortedSpans[next].start == point {
                out += "<a id=\"ev-\(sortedSpans[next].start)-\(sortedSpans[next].end)\"></a>"
                active.append(sortedSpans[next])
                next += 1
            }
            active.removeAll { $0.end <= point }
            let end = points[i + 1]
            let segment = HTML.escape(String(decoding: bytes[point..<end], as: UTF8.self))
            if active.isEmpty {
                out += segment
            } else {
                var roles: Set<EvidenceRole> = []
                var labels: Set<String> = []
                for span in active {
                    roles.formUnion(spans[span]!.roles)
                    labels.formUnion(spans[span]!.labels)
                }
                let role: EvidenceRole = roles.contains(.against) ? .against : (roles.contains(.supports) ? .supports : .applies)
                out +=
                    "<mark class=\"\(role.rawValue)\" title=\"\(HTML.escape(labels.sorted().joined(separator: ", ")))\">\(segment)</mark>"
            }
        }
        return out
    }
}
