import Foundation
public import SafeguardModel

/// The JSON document of `safeguard analyze --format json` (schema `safeguard.analysis/1`, see
/// `docs/json-analysis.md`). Offsets are Unicode code-point offsets into the instrument's normalised text.
public struct AnalysisDocument: Codable, Sendable {
    /// The schema id written in every document.
    public static let schemaID = "safeguard.analysis/1"

    /// One node of the instrument's tree; articles and sections also carry their category and features.
    public struct ProvisionEntry: Codable, Sendable {
        public var eId: EId
        public var kind: String
        public var num: String?
        public var heading: String?
        public var parent: EId?
        public var start: Int
        public var end: Int
        /// Articles and sections only: the primary category, the secondary ones and the deciding words.
        public var category: String?
        public var secondaryCategories: [String]?
        public var categoryEvidence: [Evidence]?
        /// Articles and sections only: the features of the article and its sub-provisions (rollup).
        public var features: [String]?
    }

    /// Words that decided a category, with where they stand.
    public struct Evidence: Codable, Sendable {
        public var eId: EId
        public var start: Int
        public var end: Int
        public var quote: String
        public var pattern: String?
    }

    /// One feature found, with the deepest provision holding its words and the words themselves.
    public struct FindingEntry: Codable, Sendable {
        public var feature: String
        public var eId: EId
        /// The article or section holding the finding, when there is one.
        public var unit: EId?
        public var start: Int
        public var end: Int
        public var quote: String
        public var pattern: String?
        /// Present (true) only for an element that a party may add rather than one the text requires.
        public var optional: Bool?
    }

    /// One offence and its elements: each element lists the words that prove it; `absent` names the elements
    /// the text does not state.
    public struct OffenceEntry: Codable, Sendable {
        public var eId: EId
        public var unit: EId
        public var conduct: [ElementEvidence]
        public var mentalElement: [ElementEvidence]
        public var unlawfulness: [ElementEvidence]
        public var harm: [ElementEvidence]
        public var circumstances: [ElementEvidence]
        public var exceptions: [ElementEvidence]
        public var penalty: [ElementEvidence]
        public var absent: [String]
    }

    /// The words that prove one element of an offence.
    public struct ElementEvidence: Codable, Sendable {
        public var eId: EId
        public var start: Int
        public var end: Int
        public var quote: String
        /// The feature (or `offence.penalty`, `offence.circumstances`, `offence.conduct`) the words show.
        public var feature: String
        public var pattern: String?
        public var optional: Bool?
    }

    /// A link between provisions (`safeguards`, `offences`, `reference`) and the words that establish it.
    public struct LinkEntry: Codable, Sendable {
        public var from: EId
        public var to: EId
        public var kind: String
        public var start: Int?
        public var end: Int?
        public var quote: String?
    }

    public var schema: String
    public var lexicon: String
    public var instrument: InstrumentMetadata
    public var provisions: [ProvisionEntry]
    public var findings: [FindingEntry]
    public var links: [LinkEntry]
    public var offences: [OffenceEntry]

    /// The document for one analysis, with byte spans converted to code-point offsets.
    public init(_ analysis: Analysis) {
        let instrument = analysis.instrument
        let offsets = CharacterOffsets(instrument.text)
        var assignments: [EId: CategoryAssignment] = [:]
        for assignment in analysis.categories { assignments[assignment.eId] = assignment }
        let filteredUnits = Set(analysis.categories.map(\.eId))
        let featuresByUnit = analysis.featuresByUnit()
        schema = Self.schemaID
        lexicon = analysis.lexiconVersion
        self.instrument = instrument.metadata
        provisions = instrument.provisions.map { provision in
            let range = offsets.characterRange(of: provision.span)
            var entry = ProvisionEntry(
                eId: provision.eId, kind: provision.kind.rawValue, num: provision.num, heading: provision.heading,
                parent: provision.parentEId, start: range.lowerBound, end: range.upperBound)
            if provision.kind.isUnit, let assignment = assignments[provision.eId], filteredUnits.contains(provision.eId) {
                entry.category = assignment.primary.rawValue
                entry.secondaryCategories = assignment.secondary.map(\.rawValue)
                entry.categoryEvidence = assignment.evidence.map { finding in
                    let r = offsets.characterRange(of: finding.span)
                    return Evidence(
                        eId: finding.eId, start: r.lowerBound, end: r.upperBound, quote: finding.quote,
                        pattern: finding.pattern)
                }
                entry.features = (featuresByUnit[provision.eId] ?? []).map(\.rawValue)
            }
            return entry
        }
        findings = analysis.findings.map { finding in
            let range = offsets.characterRange(of: finding.span)
            let unit = instrument.index(of: finding.eId).flatMap { instrument.unitIndex(containing: $0) }
            return FindingEntry(
                feature: finding.feature.rawValue, eId: finding.eId, unit: unit.map { instrument.provisions[$0].eId },
                start: range.lowerBound, end: range.upperBound, quote: finding.quote, pattern: finding.pattern,
                optional: finding.optional ? true : nil)
        }
        offences = analysis.offences.map { offence in
            func evidence(_ element: Offence.Element) -> [ElementEvidence] {
                offence.evidence(element).map { finding in
                    let r = offsets.characterRange(of: finding.span)
                    return ElementEvidence(
                        eId: finding.eId, start: r.lowerBound, end: r.upperBound, quote: finding.quote,
                        feature: finding.feature.rawValue, pattern: finding.pattern, optional: finding.optional ? true : nil)
                }
            }
            return OffenceEntry(
                eId: offence.eId, unit: offence.unit, conduct: evidence(.conduct), mentalElement: evidence(.mentalElement),
                unlawfulness: evidence(.unlawfulness), harm: evidence(.harm), circumstances: evidence(.circumstances),
                exceptions: evidence(.exceptions), penalty: evidence(.penalty), absent: offence.absent.map(\.rawValue))
        }
        links = analysis.links.map { link in
            let range = link.span.map { offsets.characterRange(of: $0) }
            return LinkEntry(
                from: link.from, to: link.to, kind: link.kind.rawValue, start: range?.lowerBound, end: range?.upperBound,
                quote: link.span.map { instrument.quote($0) })
        }
    }
}

/// Renders analyses as a terminal table, Markdown or a self-contained HTML page.
public struct AnalysisRenderer: Sendable {
    public let lexicon: Lexicon

    /// A renderer using the lexicon's catalogue for titles, tones and colours.
    public init(lexicon: Lexicon) { self.lexicon = lexicon }

    // MARK: - JSON

    /// One document for one instrument; an array of documents for several.
    public func json(_ analyses: [Analysis]) throws -> String {
        PrettyJSON.documents(count: analyses.count) { i, json in AnalysisDocument(analyses[i]).write(to: &json) }
    }

    /// The UTF-8 bytes of ``json(_:)``, for writing out without a String.
    public func jsonBytes(_ analyses: [Analysis]) -> [UInt8] {
        PrettyJSON.documentBytes(count: analyses.count) { i, json in AnalysisDocument(analyses[i]).write(to: &json) }
    }

    // MARK: - Table

    /// One line per article or section: eId, category (secondary in parentheses), heading, features.
    public func table(_ analyses: [Analysis], colour: Bool) -> String {
        let terminal = Terminal(colorEnabled: colour)
        var out = ""
        for (n, analysis) in analyses.enumerated() {
            if n > 0 { out += "\n" }
            let metadata = analysis.instrument.metadata
            out += terminal.bold(metadata.title) + (metadata.source.map { "  (\($0))" } ?? "") + "\n"
            var table = TextTable(headers: ["ARTICLE", "CATEGORY", "HEADING", "FEATURES"])
            let featuresByUnit = analysis.featuresByUnit()
            for assignment in analysis.categories {
                let provision = analysis.instrument[eId: assignment.eId]
                var category = assignment.primary.rawValue
                if !assignment.secondary.isEmpty {
                    category += " (" + assignment.secondary.map(\.rawValue).joined(separator: ", ") + ")"
                }
                let features = (featuresByUnit[assignment.eId] ?? []).map { id -> String in
                    switch lexicon.feature(id)?.tone {
                    case .protective: terminal.green(id.rawValue)
                    case .risk: terminal.red(id.rawValue)
                    default: id.rawValue
                    }
                }
                table.rows.append([
                    assignment.eId.rawValue, category, Self.shorten(provision?.heading ?? "", to: 40),
                    features.isEmpty ? "-" : features.joined(separator: " "),
                ])
            }
            out += table.render()
            if !analysis.offences.isEmpty {
                out += "\nOffences, element by element (" + terminal.red("absent") + " = the text does not state it)\n"
                var offences = TextTable(headers: ["OFFENCE", "CONDUCT", "MENTAL ELEMENT", "UNLAWFULNESS", "HARM", "PENALTY"])
                for offence in analysis.offences {
                    func cell(_ element: Offence.Element) -> String {
                        let evidence = offence.evidence(element)
                        guard let first = evidence.first else { return terminal.red("absent") }
                        let quote = Self.shorten(first.quote.replacingOccurrences(of: "\n", with: " "), to: 28)
                        return (first.optional ? "(optional) " : "") + "“\(quote)”" + (evidence.count > 1 ? " +\(evidence.count - 1)" : "")
                    }
                    offences.rows.append([
                        offence.eId.rawValue, cell(.conduct), cell(.mentalElement), cell(.unlawfulness), cell(.harm), cell(.penalty),
                    ])
                }
                out += offences.render()
            }
            let linkCount = analysis.links.filter { $0.kind != .reference }.count
            out += "\(analysis.categories.count) articles, \(analysis.findings.count) findings, \(linkCount) typed links"
            out += " (lexicon \(analysis.lexiconVersion))\n"
        }
        return out
    }

    static func shorten(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    // MARK: - Markdown

    /// A Markdown report: summary table, then each article's category, findings with quotes, and typed links.
    public func markdown(_ analyses: [Analysis]) -> String {
        var out = ""
        for analysis in analyses {
            let metadata = analysis.instrument.metadata
            out += "# Analysis: \(metadata.title)\n\n"
            if let source = metadata.source { out += "Source: `\(source)`  \n" }
            out += "Lexicon: `\(analysis.lexiconVersion)`\n\n"
            out += "| Article | Heading | Category | Features |\n|---|---|---|---|\n"
            let findingsByUnit = analysis.findingsByUnit()
            let featuresByUnit = analysis.featuresByUnit()
            for assignment in analysis.categories {
                let heading = analysis.instrument[eId: assignment.eId]?.heading ?? ""
                let category = ([assignment.primary] + assignment.secondary).map(\.rawValue).joined(separator: ", ")
                let features = (featuresByUnit[assignment.eId] ?? []).map { "`\($0)`" }.joined(separator: " ")
                out += "| [`\(assignment.eId)`](#\(assignment.eId)) | \(Self.cell(heading)) | \(category) | \(features) |\n"
            }
            out += "\n## Evidence\n\n"
            for assignment in analysis.categories {
                let provision = analysis.instrument[eId: assignment.eId]
                let title = [provision?.num, provision?.heading].compactMap { $0 }.joined(separator: " ")
                out += "### <a id=\"\(assignment.eId)\"></a>\(Self.cell(title.isEmpty ? assignment.eId.rawValue : title))\n\n"
                out += "Category: **\(assignment.primary.rawValue)**"
                if !assignment.secondary.isEmpty {
                    out += " (also " + assignment.secondary.map(\.rawValue).joined(separator: ", ") + ")"
                }
                if let words = assignment.evidence.first { out += " — from “\(Self.cell(words.quote))”" }
                out += "\n\n"
                for offence in analysis.offences where offence.unit == assignment.eId {
                    out += "Offence `\(offence.eId)`:\n"
                    for element in Offence.Element.allCases {
                        let evidence = offence.evidence(element)
                        let words =
                            evidence.isEmpty
                            ? "**absent**"
                            : evidence.map { ($0.optional ? "(optional) " : "") + "“\(Self.cell($0.quote))”" }.joined(separator: "; ")
                        out += "  - \(element.rawValue): \(words)\n"
                    }
                }
                for finding in findingsByUnit[assignment.eId] ?? [] {
                    let title = lexicon.feature(finding.feature)?.title ?? finding.feature.rawValue
                    let optional = finding.optional ? " *(optional: a party may add it)*" : ""
                    out += "- `\(finding.feature)` (\(title))\(optional): “\(Self.cell(finding.quote))” — `\(finding.eId)`\n"
                }
                for link in analysis.links(from: assignment.eId) where link.kind != .reference {
                    out += "- link `\(link.kind.rawValue)` → `\(link.to)`\n"
                }
                out += "\n"
            }
        }
        return out
    }

    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    // MARK: - HTML

    /// A self-contained page per instrument set: legend from the catalogue, summary table, and the full text
    /// with every piece of evidence marked (hover for the feature), anchors per eId.
    public func html(_ analyses: [Analysis]) -> String {
        var css = """
            .text { white-space: pre-wrap; font-family: Georgia, "Times New Roman", serif; line-height: 1.6; border-top: 1px solid \
            var(--line); padding-top: 1rem; }
            .eidtag { font: 11px/1 ui-monospace, monospace; color: var(--muted); background: #f6f8fa; border: 1px solid var(--line); \
            border-radius: 3px; padding: 1px 4px; user-select: none; }
            .text mark { padding: 0; border-bottom: 2px solid rgba(0,0,0,.25); }
            .text mark.multi { border-bottom: 3px double rgba(0,0,0,.45); }
            .legend { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: .25rem 1rem; font-size: .9em; }
            .legend h4 { margin: .6rem 0 .2rem; }
            .tone-risk { color: var(--notmet); }
            .tone-protective { color: var(--met); }
            .swatch { display: inline-block; width: .9em; height: .9em; border: 1px solid var(--line); vertical-align: middle; \
            margin-right: .3em; }

            """
        for family in lexicon.families {
            css += ".fam-\(Self.cssName(family.id)) { background: \(Self.cssColour(family.colour)); }\n"
        }
        var body = ""
        for (n, analysis) in analyses.enumerated() {
            // With several instruments on one page, anchors carry the instrument's number ("i2-art_5").
            body += section(analysis, anchorPrefix: analyses.count > 1 ? "i\(n + 1)-" : "")
        }
        body += "<h2>Legend</h2>\n" + legend()
        body += "<p class=\"muted\">Generated by Safeguard. Every mark is evidence: hover it for the feature; "
        body += "the tag before each provision is its eId.</p>\n"
        let title = analyses.count == 1 ? "Analysis: \(analyses[0].instrument.metadata.title)" : "Safeguard analysis"
        return HTML.page(title: title, extraCSS: css, body: body)
    }

    private func section(_ analysis: Analysis, anchorPrefix: String) -> String {
        let instrument = analysis.instrument
        var out = "<h1>\(HTML.escape(instrument.metadata.title))</h1>\n"
        out += "<p class=\"muted\">Lexicon <code>\(HTML.escape(analysis.lexiconVersion))</code>"
        if let source = instrument.metadata.source { out += " · source <code>\(HTML.escape(source))</code>" }
        out += "</p>\n<table>\n<tr><th>Article</th><th>Heading</th><th>Category</th><th>Features</th></tr>\n"
        let featuresByUnit = analysis.featuresByUnit()
        for assignment in analysis.categories {
            let heading = instrument[eId: assignment.eId]?.heading ?? ""
            let categories = ([assignment.primary] + assignment.secondary).map(\.rawValue).joined(separator: ", ")
            let features = (featuresByUnit[assignment.eId] ?? []).map { id -> String in
                let tone = lexicon.feature(id)?.tone.rawValue ?? "neutral"
                let title = HTML.escape(lexicon.feature(id)?.title ?? id.rawValue)
                return "<code class=\"tone-\(tone)\" title=\"\(title)\">\(HTML.escape(id.rawValue))</code>"
            }.joined(separator: " ")
            out +=
                "<tr><td><a class=\"eid\" href=\"#\(HTML.escape(anchorPrefix + assignment.eId.rawValue))\">"
                + "\(HTML.escape(assignment.eId))</a></td>"
            out += "<td>\(HTML.escape(heading))</td><td>\(HTML.escape(categories))</td><td>\(features)</td></tr>\n"
        }
        out += "</table>\n"
        if !analysis.offences.isEmpty {
            out += "<h2>Offences, element by element</h2>\n<table>\n<tr><th>Offence</th>"
            for element in Offence.Element.allCases { out += "<th>\(HTML.escape(element.rawValue))</th>" }
            out += "</tr>\n"
            for offence in analysis.offences {
                out +=
                    "<tr><td><a class=\"eid\" href=\"#\(HTML.escape(anchorPrefix + offence.eId.rawValue))\">"
                    + "\(HTML.escape(offence.eId))</a></td>"
                for element in Offence.Element.allCases {
                    let evidence = offence.evidence(element)
                    if evidence.isEmpty {
                        out += "<td class=\"tone-risk\">absent</td>"
                    } else {
                        let words = evidence.map { finding in
                            (finding.optional ? "<em>optional:</em> " : "") + "“" + HTML.escape(finding.quote) + "”"
                        }.joined(separator: "<br>")
                        out += "<td>\(words)</td>"
                    }
                }
                out += "</tr>\n"
            }
            out += "</table>\n"
        }
        let typed = analysis.links.filter { $0.kind != .reference }
        if !typed.isEmpty {
            out += "<h2>Links</h2>\n<ul>\n"
            for link in typed {
                out += "<li><a class=\"eid\" href=\"#\(HTML.escape(anchorPrefix + link.from.rawValue))\">\(HTML.escape(link.from))</a> — "
                out +=
                    "\(HTML.escape(link.kind.rawValue)) → <a class=\"eid\" href=\"#\(HTML.escape(anchorPrefix + link.to.rawValue))\">"
                    + "\(HTML.escape(link.to))</a></li>\n"
            }
            out += "</ul>\n"
        }
        out += "<h2>Text</h2>\n<div class=\"text\">" + markedText(analysis, anchorPrefix: anchorPrefix) + "</div>\n"
        return out
    }

    /// The text with provision anchors and non-overlapping `<mark>` fragments for the evidence.
    private func markedText(_ analysis: Analysis, anchorPrefix: String) -> String {
        let instrument = analysis.instrument
        let bytes = Array(instrument.text.utf8)
        var categoryByEId: [EId: Category] = [:]
        for assignment in analysis.categories { categoryByEId[assignment.eId] = assignment.primary }
        var anchors: [Int: [Int]] = [:]  // byte offset → provisions starting there
        for (i, provision) in instrument.provisions.enumerated() { anchors[provision.span.start, default: []].append(i) }
        var cuts = Set<Int>([0, bytes.count])
        for offset in anchors.keys { cuts.insert(offset) }
        for finding in analysis.findings {
            cuts.insert(finding.span.start)
            cuts.insert(finding.span.end)
        }
        let points = cuts.filter { $0 >= 0 && $0 <= bytes.count }.sorted()
        let findings = analysis.findings.sorted { $0.span < $1.span }
        var out = ""
        var active: [Finding] = []
        var next = 0
        for (k, start) in points.enumerated() where k + 1 < points.count {
            let end = points[k + 1]
            for i in anchors[start] ?? [] {
                let provision = instrument.provisions[i]
                var tag = provision.eId.rawValue
                if let category = categoryByEId[provision.eId] { tag += " · " + category.rawValue }
                out += "<span id=\"\(HTML.escape(anchorPrefix + provision.eId.rawValue))\" class=\"eidtag\">\(HTML.escape(tag))</span> "
            }
            active.removeAll { $0.span.end <= start }
            while next < findings.count && findings[next].span.start <= start {
                if findings[next].span.end > start { active.append(findings[next]) }
                next += 1
            }
            let piece = HTML.escape(String(decoding: bytes[start..<end], as: UTF8.self))
            if active.isEmpty {
                out += piece
            } else {
                let titles = active.map { finding in
                    (lexicon.feature(finding.feature)?.title ?? finding.feature.rawValue) + " [\(finding.feature)]"
                }
                let family = Self.cssName(String(active[0].feature.family))
                let multi = active.count > 1 ? " multi" : ""
                out += "<mark class=\"fam-\(family)\(multi)\" title=\"\(HTML.escape(titles.joined(separator: "; ")))\">\(piece)</mark>"
            }
        }
        return out
    }

    private func legend() -> String {
        var out = "<div class=\"legend\">\n"
        for family in lexicon.families {
            let members = lexicon.features.filter { String($0.id.family) == family.id }
            guard !members.isEmpty else { continue }
            out += "<div><h4><span class=\"swatch fam-\(Self.cssName(family.id))\"></span>\(HTML.escape(family.title))</h4>\n"
            for feature in members {
                out += "<div><code class=\"tone-\(feature.tone.rawValue)\">\(HTML.escape(feature.id.rawValue))</code> "
                out += "\(HTML.escape(feature.title))</div>\n"
            }
            out += "</div>\n"
        }
        return out + "</div>\n"
    }

    static func cssName(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" })
    }

    /// Only plain colour values reach the stylesheet (the lexicon is user data).
    static func cssColour(_ text: String) -> String {
        let allowed = text.allSatisfy { $0.isLetter || $0.isNumber || "#(),.% ".contains($0) }
        return allowed && !text.isEmpty ? text : "#fff3b0"
    }
}
