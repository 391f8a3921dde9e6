import Foundation
public import SafeguardModel

/// The JSON form of a rights card (key `victimsRightsCard` in `analyze`/`assess` JSON; docs/recourse.md).
/// Offsets are Unicode code-point offsets into the instrument's normalised text.
public struct RightsCardDocument: Codable, Sendable {
    public struct Condition: Codable, Sendable {
        public var id: String
        public var title: String
        public var eId: EId
        public var start: Int?
        public var end: Int?
        public var quote: String?
    }

    public struct GrantEntry: Codable, Sendable {
        public var eId: EId
        public var unit: EId?
        public var start: Int
        public var end: Int
        public var quote: String
        /// The analysis feature, or `phrase` for a vocabulary phrase.
        public var basis: String
        public var status: RightStatus
        public var conditions: [Condition]
    }

    public struct Right: Codable, Sendable {
        public var id: String
        public var title: String
        public var status: RightStatus
        /// The conditions of the conditional grants (empty when mandatory or absent).
        public var conditions: [String]
        public var grants: [GrantEntry]
    }

    public var vocabulary: String
    public var instrument: String
    public var source: String?
    public var rights: [Right]

    public init(_ card: RightsCard, vocabulary: VictimsVocabulary) {
        let offsets = CharacterOffsets(card.instrument.text)
        self.vocabulary = card.vocabularyVersion
        instrument = card.instrument.metadata.title
        source = card.instrument.metadata.source
        rights = card.entries.map { entry in
            Right(
                id: entry.right.id, title: entry.right.title, status: entry.status,
                conditions: entry.status == .conditional ? entry.conditionIDs : [],
                grants: entry.grants.map { grant in
                    let r = offsets.characterRange(of: grant.span)
                    return GrantEntry(
                        eId: grant.eId, unit: grant.unit, start: r.lowerBound, end: r.upperBound, quote: grant.quote,
                        basis: grant.basis, status: grant.status,
                        conditions: grant.conditions.map { hit in
                            let cr = hit.span.map { offsets.characterRange(of: $0) }
                            return Condition(
                                id: hit.id, title: vocabulary.condition(hit.id)?.title ?? hit.id, eId: hit.eId,
                                start: cr?.lowerBound, end: cr?.upperBound, quote: hit.quote)
                        })
                })
        }
    }
}

/// Text, Markdown and HTML renderings of rights cards, written to be appended to other reports.
public enum RightsCardRenderer {
    static func flat(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    static func conditionWords(_ ids: [String], _ vocabulary: VictimsVocabulary) -> String {
        ids.map { vocabulary.condition($0)?.title ?? $0 }.joined(separator: "; ")
    }

    static func statusWord(_ status: RightStatus) -> String {
        switch status {
        case .mandatory: "mandatory"
        case .conditional: "conditional"
        case .absent: "not found"
        }
    }

    /// A terminal table: one line per right, then the granting provisions with their words.
    public static func table(_ card: RightsCard, vocabulary: VictimsVocabulary, terminal: Terminal = Terminal(colorEnabled: false))
        -> String
    {
        var out = "\n" + terminal.bold("Victims' rights card") + " — \(card.instrument.metadata.title)\n"
        var table = TextTable(headers: ["right", "status", "condition", "granted by"])
        for entry in card.entries {
            let status = statusWord(entry.status)
            let styled =
                entry.status == .mandatory
                ? terminal.green(status) : entry.status == .conditional ? terminal.yellow(status) : terminal.red(status)
            table.rows.append([
                entry.right.title, styled + String(repeating: " ", count: max(0, 11 - status.count)),
                entry.status == .conditional ? conditionWords(entry.conditionIDs, vocabulary) : "",
                entry.grants.map(\.eId).joined(separator: ", "),
            ])
        }
        out += table.render()
        for entry in card.entries {
            for grant in entry.grants {
                var line = "  \(entry.right.id)  \(grant.eId): “\(flat(grant.quote))” (\(statusWord(grant.status))"
                let cues = grant.conditions.compactMap { hit in hit.quote.map { "“\(flat($0))”" } ?? vocabulary.condition(hit.id)?.title }
                if !cues.isEmpty { line += ": " + cues.joined(separator: ", ") }
                out += line + ")\n"
            }
        }
        return out
    }

    /// A Markdown section.
    public static func markdown(_ card: RightsCard, vocabulary: VictimsVocabulary) -> String {
        var out = "\n## Victims' rights card — \(card.instrument.metadata.title)\n\n"
        out += "| right | status | condition | granted by |\n|---|---|---|---|\n"
        for entry in card.entries {
            let grants = entry.grants.map { grant -> String in
                var text = "`\(grant.eId)` “\(Self.cell(grant.quote))”"
                let cues = grant.conditions.compactMap { $0.quote.map { "“\(Self.cell($0))”" } }
                if grant.status == .conditional { text += cues.isEmpty ? " (no duty stated)" : " (" + cues.joined(separator: ", ") + ")" }
                return text
            }.joined(separator: "<br>")
            out +=
                "| \(entry.right.title) | **\(statusWord(entry.status))** | "
                    + "\(entry.status == .conditional ? conditionWords(entry.conditionIDs, vocabulary) : "") | \(grants) |\n"
        }
        return out
    }

    static func cell(_ text: String) -> String {
        flat(text).replacingOccurrences(of: "|", with: "\\|")
    }

    /// An HTML section (no page around it), using the shared verdict colours.
    public static func htmlSection(_ card: RightsCard, vocabulary: VictimsVocabulary) -> String {
        var out = "<section class=\"rights-card\">\n<h2>Victims' rights card — \(HTML.escape(card.instrument.metadata.title))</h2>\n"
        out += "<table>\n<tr><th>Right</th><th>Status</th><th>Condition</th><th>Granted by</th></tr>\n"
        for entry in card.entries {
            let cls = entry.status == .mandatory ? "verdict-met" : entry.status == .conditional ? "verdict-partly-met" : "verdict-not-met"
            let grants = entry.grants.map { grant -> String in
                var cell = "<code>\(HTML.escape(grant.eId))</code> “\(HTML.escape(flat(grant.quote)))”"
                let cues = grant.conditions.compactMap { $0.quote.map { "“\(HTML.escape(flat($0)))”" } }
                if grant.status == .conditional { cell += cues.isEmpty ? " (no duty stated)" : " (" + cues.joined(separator: ", ") + ")" }
                return cell
            }.joined(separator: "<br>")
            out += "<tr><td>\(HTML.escape(entry.right.title))</td><td class=\"\(cls)\">\(statusWord(entry.status))</td>"
            out +=
                "<td>\(HTML.escape(entry.status == .conditional ? conditionWords(entry.conditionIDs, vocabulary) : ""))</td><td>"
                    + "\(grants)</td></tr>\n"
        }
        return out + "</table>\n</section>\n"
    }

    /// Inserts an HTML section before `</body>` of a complete page.
    public static func append(_ section: String, toPage page: String) -> String {
        guard let range = page.range(of: "</body>", options: .backwards) else { return page + section }
        return page.replacingCharacters(in: range, with: section + "</body>")
    }
}

/// The `victim-guarantees` view of a corpus: instruments × rights, each cell mandatory, conditional or not found.
public struct VictimGuaranteesMatrix: Sendable {
    public struct Row: Sendable {
        public var name: String
        public var card: RightsCard
    }

    public var rights: [RightDefinition]
    public var rows: [Row]
    public var vocabulary: VictimsVocabulary

    public init(_ rows: [(name: String, card: RightsCard)], vocabulary: VictimsVocabulary) {
        self.rights = vocabulary.rights
        self.rows = rows.map { Row(name: $0.name, card: $0.card) }
        self.vocabulary = vocabulary
    }

    func cell(_ entry: RightEntry?) -> String {
        guard let entry else { return "" }
        switch entry.status {
        case .mandatory: return "mandatory"
        case .conditional: return "conditional (" + RightsCardRenderer.conditionWords(entry.conditionIDs, vocabulary) + ")"
        case .absent: return "-"
        }
    }

    public func table() -> String {
        var out = "Victim guarantees: mandatory, conditional (condition) or - (not found)\n\n"
        for row in rows {
            out += row.name + "\n"
            var t = TextTable(headers: ["right", "status", "granted by"])
            for right in rights {
                let entry = row.card[right: right.id]
                t.rows.append([
                    right.title, cell(entry), entry?.grants.filter { $0.status == entry?.status }.map(\.eId).joined(separator: ", ") ?? "",
                ])
            }
            out += t.render() + "\n"
        }
        return out
    }

    public func csv() -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = (["instrument"] + rights.map(\.id)).joined(separator: ",") + "\n"
        for row in rows {
            out += ([row.name] + rights.map { row.card[right: $0.id]?.status.rawValue ?? "" }).map(field).joined(separator: ",") + "\n"
        }
        return out
    }

    public func markdown() -> String {
        var out = "# Victim guarantees\n\n| instrument | " + rights.map(\.title).joined(separator: " | ") + " |\n"
        out += "|---|" + rights.map { _ in "---|" }.joined() + "\n"
        for row in rows {
            out +=
                "| \(RightsCardRenderer.cell(row.name)) | "
                + rights.map { right -> String in
                    let entry = row.card[right: right.id]
                    let eIds = entry?.grants.filter { $0.status == entry?.status }.map { "`\($0.eId)`" }.joined(separator: " ") ?? ""
                    return cell(entry) + (eIds.isEmpty ? "" : " " + eIds)
                }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    public func html() -> String {
        var body =
            "<h1>Victim guarantees</h1>\n<p class=\"muted\">For each instrument and right: mandatory, conditional (with the condition) or "
                + "not found. Hover a cell for the words.</p>\n"
        body += "<table>\n<tr><th>Instrument</th>" + rights.map { "<th>\(HTML.escape($0.title))</th>" }.joined() + "</tr>\n"
        for row in rows {
            body += "<tr><td>\(HTML.escape(row.name))</td>"
            for right in rights {
                let entry = row.card[right: right.id]
                let cls =
                    entry?.status == .mandatory ? "verdict-met" : entry?.status == .conditional ? "verdict-partly-met" : "verdict-not-met"
                let words = entry?.grants.map { "\($0.eId): “\(RightsCardRenderer.flat($0.quote))”" }.joined(separator: "\n") ?? ""
                body += "<td class=\"\(cls)\" title=\"\(HTML.escape(words))\">\(HTML.escape(cell(entry)))</td>"
            }
            body += "</tr>\n"
        }
        body += "</table>\n"
        return HTML.page(title: "Victim guarantees", body: body)
    }

    public func json() throws -> String {
        struct Document: Encodable {
            var schema = "safeguard.victim-guarantees/1"
            var rights: [String]
            var instruments: [RightsCardDocument]
        }
        return try JSONOutput.string(
            Document(rights: rights.map(\.id), instruments: rows.map { RightsCardDocument($0.card, vocabulary: vocabulary) }))
    }
}
