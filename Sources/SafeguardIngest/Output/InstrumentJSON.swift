public import SafeguardModel

/// The JSON form of an instrument, schema `safeguard.instrument/1` (documented in docs/json-instrument.md).
///
/// Offsets are Unicode code-point offsets into the normalised text (``Instrument/text``), so consumers can
/// slice it as characters; every node, definition and reference carries its quoted words.
public struct InstrumentJSON: Encodable, Sendable {
    public static let schema = "safeguard.instrument/1"

    public struct Metadata: Encodable, Sendable {
        public var title: String
        public var kind: String
        public var jurisdiction: String?
        public var versionLabel: String?
        public var date: String?
        public var language: String
        public var source: String?
        public var sourceFormat: String?
        public var textLength: Int

        // Absent facts are written as null, so every key of the schema is always present.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(title, forKey: .title)
            try c.encode(kind, forKey: .kind)
            try c.encode(jurisdiction, forKey: .jurisdiction)
            try c.encode(versionLabel, forKey: .versionLabel)
            try c.encode(date, forKey: .date)
            try c.encode(language, forKey: .language)
            try c.encode(source, forKey: .source)
            try c.encode(sourceFormat, forKey: .sourceFormat)
            try c.encode(textLength, forKey: .textLength)
        }

        enum CodingKeys: String, CodingKey {
            case title, kind, jurisdiction, versionLabel, date, language, source, sourceFormat, textLength
        }
    }

    public struct Node: Encodable, Sendable {
        public var eId: EId
        public var kind: String
        public var num: String?
        public var heading: String?
        public var parent: EId?
        public var depth: Int
        public var start: Int
        public var end: Int
        public var textStart: Int
        public var textEnd: Int
        public var text: String

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(eId, forKey: .eId)
            try c.encode(kind, forKey: .kind)
            try c.encode(num, forKey: .num)
            try c.encode(heading, forKey: .heading)
            try c.encode(parent, forKey: .parent)
            try c.encode(depth, forKey: .depth)
            try c.encode(start, forKey: .start)
            try c.encode(end, forKey: .end)
            try c.encode(textStart, forKey: .textStart)
            try c.encode(textEnd, forKey: .textEnd)
            try c.encode(text, forKey: .text)
        }

        enum CodingKeys: String, CodingKey {
            case eId, kind, num, heading, parent, depth, start, end, textStart, textEnd, text
        }
    }

    public struct DefinitionEntry: Encodable, Sendable {
        public var term: String
        public var eId: EId
        public var termStart: Int
        public var termEnd: Int
        public var start: Int
        public var end: Int
        public var definition: String
    }

    public struct Reference: Encodable, Sendable {
        public var source: EId
        public var kind: String
        public var targets: [EId]
        public var start: Int
        public var end: Int
        public var text: String
    }

    public var schema: String = InstrumentJSON.schema
    public var instrument: Metadata
    public var provisions: [Node]
    public var definitions: [DefinitionEntry]
    public var references: [Reference]
    public var warnings: [ParseWarning]

    public init(_ instrument: Instrument) {
        let offsets = CharacterOffsets(instrument.text)
        let meta = instrument.metadata
        self.instrument = Metadata(
            title: meta.title, kind: meta.kind.rawValue, jurisdiction: meta.jurisdiction, versionLabel: meta.versionLabel,
            date: meta.date, language: meta.language, source: meta.source, sourceFormat: meta.sourceFormat,
            textLength: offsets.characterOffset(ofByte: instrument.text.utf8.count)
        )
        provisions = instrument.provisions.map { p in
            let span = offsets.characterRange(of: p.span)
            let text = offsets.characterRange(of: p.textSpan)
            return Node(
                eId: p.eId, kind: p.kind.rawValue, num: p.num, heading: p.heading, parent: p.parentEId, depth: p.depth,
                start: span.lowerBound, end: span.upperBound, textStart: text.lowerBound, textEnd: text.upperBound,
                text: instrument.quote(p.textSpan)
            )
        }
        definitions = instrument.definitions.map { d in
            let term = offsets.characterRange(of: d.termSpan)
            let span = offsets.characterRange(of: d.definitionSpan)
            return DefinitionEntry(
                term: d.term, eId: d.eId, termStart: term.lowerBound, termEnd: term.upperBound,
                start: span.lowerBound, end: span.upperBound, definition: instrument.quote(d.definitionSpan))
        }
        references = instrument.references.map { r in
            let span = offsets.characterRange(of: r.span)
            return Reference(
                source: r.sourceEId, kind: r.kind.rawValue, targets: r.targets, start: span.lowerBound,
                end: span.upperBound, text: instrument.quote(r.span))
        }
        warnings = instrument.warnings
    }
}

/// The indented outline of an instrument: one line per provision with its eId, number and heading.
public enum InstrumentOutline {
    /// - Parameter colored: eIds in cyan and headings in bold (ANSI), for terminals.
    public static func render(_ instrument: Instrument, previewLength: Int = 70, colored: Bool = false) -> String {
        var out = ""
        let meta = instrument.metadata
        out += "\(meta.title.isEmpty ? "(untitled)" : meta.title)\n"
        var facts = ["kind: \(meta.kind.rawValue)"]
        if let jurisdiction = meta.jurisdiction { facts.append("body: \(jurisdiction)") }
        if let version = meta.versionLabel { facts.append("version: \(version)") }
        if let date = meta.date { facts.append("date: \(date)") }
        if let format = meta.sourceFormat { facts.append("format: \(format)") }
        let units = instrument.unitIndices.count
        facts.append("units: \(units)")
        facts.append("provisions: \(instrument.provisions.count)")
        out += "  " + facts.joined(separator: " · ") + "\n"
        for provision in instrument.provisions {
            var line = String(repeating: "  ", count: provision.depth + 1)
            line += colored ? "\u{1B}[36m\(provision.eId)\u{1B}[0m" : provision.eId.rawValue
            var label: [String] = []
            if let num = provision.num { label.append(num) }
            if let heading = provision.heading { label.append(colored ? "\u{1B}[1m\(heading)\u{1B}[0m" : heading) }
            if !label.isEmpty { line += "  " + label.joined(separator: " — ") }
            if provision.heading == nil, !provision.kind.isContainer {
                let text = instrument.quote(provision.textSpan)
                if !text.isEmpty {
                    var preview = String(
                        text.split(whereSeparator: { $0 == "\n" || $0 == " " }).joined(separator: " ").prefix(previewLength))
                    if text.count > previewLength { preview += "…" }
                    line += "  " + preview
                }
            }
            out += line + "\n"
        }
        if !instrument.definitions.isEmpty {
            out += "  definitions: " + instrument.definitions.map { "\($0.term) (\($0.eId))" }.joined(separator: "; ") + "\n"
        }
        return out
    }
}
