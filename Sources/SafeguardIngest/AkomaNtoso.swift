import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SafeguardModel

/// Writes an instrument as Akoma Ntoso 3.0 XML (`akomaNtoso/act`), which ``AkomaNtosoReader`` reads back
/// to the same tree: same eIds, kinds, numbers, headings and own texts.
public enum AkomaNtosoWriter {
    public static let namespace = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
    static let safeguardNamespace = "https://safeguard.example/ns/akn-proprietary/1"

    /// The XML document for `instrument`.
    public static func write(_ instrument: Instrument) -> String {
        let meta = instrument.metadata
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<akomaNtoso xmlns=\"\(namespace)\" xmlns:safeguard=\"\(safeguardNamespace)\">\n"
        out += "  <act name=\"\(escape(meta.kind.rawValue))\">\n"
        let country = countryCode(meta.jurisdiction)
        let date = meta.date ?? "0001-01-01"
        let slug = slugify(meta.title)
        let work = "/akn/\(country)/act/\(date)/\(slug)"
        let language = meta.language == "en" ? "eng" : meta.language
        let expression = "\(work)/\(language)@\(meta.versionLabel.map(slugify) ?? "")"
        out += "    <meta>\n"
        out += "      <identification source=\"#safeguard\">\n"
        out += "        <FRBRWork>\n"
        out += "          <FRBRthis value=\"\(escape(work))/main\"/>\n"
        out += "          <FRBRuri value=\"\(escape(work))\"/>\n"
        out += "          <FRBRdate date=\"\(escape(date))\" name=\"\(meta.date == nil ? "unknown" : "text")\"/>\n"
        out += "          <FRBRauthor href=\"#author\"/>\n"
        out += "          <FRBRcountry value=\"\(escape(country))\"/>\n"
        out += "        </FRBRWork>\n"
        out += "        <FRBRExpression>\n"
        out += "          <FRBRthis value=\"\(escape(expression))/main\"/>\n"
        out += "          <FRBRuri value=\"\(escape(expression))\"/>\n"
        out += "          <FRBRdate date=\"\(escape(date))\" name=\"\(meta.date == nil ? "unknown" : "text")\"/>\n"
        out += "          <FRBRauthor href=\"#author\"/>\n"
        if let version = meta.versionLabel { out += "          <FRBRversionNumber value=\"\(escape(version))\"/>\n" }
        out += "          <FRBRlanguage language=\"\(escape(language))\"/>\n"
        out += "        </FRBRExpression>\n"
        out += "        <FRBRManifestation>\n"
        out += "          <FRBRthis value=\"\(escape(expression))/main.xml\"/>\n"
        out += "          <FRBRuri value=\"\(escape(expression)).akn\"/>\n"
        out += "          <FRBRdate date=\"\(escape(date))\" name=\"generation\"/>\n"
        out += "          <FRBRauthor href=\"#safeguard\"/>\n"
        out += "        </FRBRManifestation>\n"
        out += "      </identification>\n"
        // The TLC entries the #safeguard and #author references point at.
        out += "      <references source=\"#safeguard\">\n"
        out += "        <TLCOrganization eId=\"safeguard\" href=\"/ontology/organization/safeguard\" showAs=\"Safeguard\"/>\n"
        out += "        <TLCOrganization eId=\"author\" href=\"/ontology/organization/\(escape(country))\" showAs=\"\(escape(meta.jurisdiction ?? "Unknown"))\"/>\n"
        out += "      </references>\n"
        out += "      <proprietary source=\"#safeguard\">\n"
        out += "        <safeguard:language value=\"\(escape(meta.language))\"/>\n"
        if let jurisdiction = meta.jurisdiction { out += "        <safeguard:jurisdiction value=\"\(escape(jurisdiction))\"/>\n" }
        if let version = meta.versionLabel { out += "        <safeguard:versionLabel value=\"\(escape(version))\"/>\n" }
        if let date = meta.date { out += "        <safeguard:date value=\"\(escape(date))\"/>\n" }
        out += "      </proprietary>\n"
        out += "    </meta>\n"
        out += "    <preface>\n      <p class=\"title\"><docTitle>\(escape(meta.title))</docTitle></p>\n    </preface>\n"
        let roots = instrument.provisions.indices.filter { instrument.provisions[$0].parentIndex == nil }
        let preambles = roots.filter { instrument.provisions[$0].kind == .preamble }
        let bodyRoots = roots.filter { instrument.provisions[$0].kind != .preamble }
        for index in preambles { writePreamble(instrument, index, into: &out) }
        out += "    <body>\n"
        for index in bodyRoots { writeNode(instrument, index, indent: 6, into: &out) }
        out += "    </body>\n"
        out += "  </act>\n</akomaNtoso>\n"
        return out
    }

    private static func writePreamble(_ instrument: Instrument, _ index: Int, into out: inout String) {
        let node = instrument.provisions[index]
        out += "    <preamble eId=\"\(escape(node.eId))\">\n"
        if let heading = node.heading { out += "      <p class=\"preambleHeading\">\(escape(heading))</p>\n" }
        let own = instrument.quote(node.textSpan)
        if !own.isEmpty { out += "      <p>\(escape(own))</p>\n" }
        let formulas = node.childIndices.filter { isFormula(instrument.provisions[$0]) }
        if !node.childIndices.isEmpty {
            out += "      <recitals>\n"
            for child in node.childIndices where !formulas.contains(child) {
                let recital = instrument.provisions[child]
                out += "        <recital eId=\"\(escape(recital.eId))\">"
                if let num = recital.num { out += "<num>\(escape(num))</num>" }
                out += "<p>\(escape(instrument.quote(recital.textSpan)))</p></recital>\n"
            }
            out += "      </recitals>\n"
            // The enacting formula after numbered recitals ("HAVE ADOPTED THIS DIRECTIVE:").
            for child in formulas {
                let formula = instrument.provisions[child]
                out += "      <formula name=\"enactingFormula\" eId=\"\(escape(formula.eId))\"><p>\(escape(instrument.quote(formula.textSpan)))</p></formula>\n"
            }
        }
        out += "    </preamble>\n"
    }

    private static func writeNode(_ instrument: Instrument, _ index: Int, indent: Int, into out: inout String) {
        let node = instrument.provisions[index]
        let pad = String(repeating: " ", count: indent)
        var (element, nameAttribute) = elementName(node.kind)
        if node.kind == .point, lastSegment(node.eId).hasPrefix("indent_") { element = "indent" }
        out += "\(pad)<\(element)\(nameAttribute.map { " name=\"\($0)\"" } ?? "") eId=\"\(escape(node.eId))\">\n"
        if let num = node.num { out += "\(pad)  <num>\(escape(num))</num>\n" }
        if let heading = node.heading { out += "\(pad)  <heading>\(escape(heading))</heading>\n" }
        let own = instrument.quote(node.textSpan)
        if node.childIndices.isEmpty {
            out += "\(pad)  <content><p>\(escape(own))</p></content>\n"
        } else {
            if !own.isEmpty { out += "\(pad)  <intro><p>\(escape(own))</p></intro>\n" }
            for child in node.childIndices { writeNode(instrument, child, indent: indent + 2, into: &out) }
            // Closing words after the last child ("…, / with the fraudulent intent …") are the node's wrap-up.
            if let last = node.childIndices.last, instrument.provisions[last].span.end < node.span.end {
                let wrapUp = instrument.quote(TextSpan(start: instrument.provisions[last].span.end, end: node.span.end))
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                if !wrapUp.isEmpty { out += "\(pad)  <wrapUp><p>\(escape(wrapUp))</p></wrapUp>\n" }
            }
        }
        out += "\(pad)</\(element)>\n"
    }

    static func lastSegment(_ eId: String) -> Substring {
        guard let range = eId.range(of: "__", options: .backwards) else { return Substring(eId) }
        return eId[range.upperBound...]
    }

    /// A preamble line written as Akoma Ntoso's `formula` (eId `…__formula_N`).
    static func isFormula(_ provision: Provision) -> Bool {
        provision.kind == .recital && lastSegment(provision.eId).hasPrefix("formula_")
    }

    /// AKN element for a kind; annexes and schedules are generic containers inside the body.
    static func elementName(_ kind: ProvisionKind) -> (String, String?) {
        switch kind {
        case .annex, .schedule: ("hcontainer", kind.rawValue)
        default: (kind.rawValue, nil)
        }
    }

    /// Escapes the four characters XML needs; nothing else (XMLParser drops text around other entities).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                // Control characters other than newline and tab are not allowed in XML 1.0.
                if scalar.value < 0x20, scalar != "\n", scalar != "\t" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func slugify(_ text: String) -> String {
        var out = ""
        for c in text.lowercased() {
            if c.isASCII, c.isLetter || c.isNumber { out.append(c) } else if !out.hasSuffix("-") { out.append("-") }
            if out.count >= 60 { break }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "instrument" : out
    }

    private static func countryCode(_ jurisdiction: String?) -> String {
        switch jurisdiction {
        case "United Nations": "un"
        case "Council of Europe": "coe"
        case "African Union": "au"
        case "European Union": "eu"
        default: "xx"
        }
    }
}

/// Reads Akoma Ntoso XML written by ``AkomaNtosoWriter`` (or a compatible `act`) back into an instrument.
///
/// XML safety: any DOCTYPE with entity declarations or an external identifier is refused before parsing
/// (billion laughs, XXE); the parser never resolves external entities.
public enum AkomaNtosoReader {
    public static func read(_ bytes: [UInt8], maxBytes: Int = 50_000_000, vocabulary: DraftingVocabulary? = nil) throws -> Instrument {
        let vocabulary = try vocabulary ?? DraftingVocabulary.shipped()
        try XMLSafety.check(bytes)
        let delegate = AKNDelegate()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = true
        parser.delegate = delegate
        let parsed = parser.parse()
        if let problem = delegate.wellFormednessProblem {
            throw SafeguardError(.malformedXML, "malformed XML at line \(problem.line): \(problem.message)", line: problem.line)
        }
        if !parsed {
            let line = parser.lineNumber
            let reason = parser.parserError.map { "not well-formed (\(XMLSafety.describe(($0 as NSError).code)))" } ?? "not well-formed"
            throw SafeguardError(.malformedXML, "malformed XML at line \(line): \(reason)", line: line)
        }
        if !delegate.elementStack.isEmpty {
            throw SafeguardError(.malformedXML, "malformed XML: <\(delegate.elementStack.last!)> is never closed", line: parser.lineNumber)
        }
        guard delegate.sawRoot else {
            throw SafeguardError(.malformedXML, "not an Akoma Ntoso document: the root element is not <akomaNtoso>")
        }
        return try delegate.makeInstrument(vocabulary: vocabulary)
    }
}

/// Refuses XML constructs that could expand or fetch: DOCTYPEs with ENTITY declarations, SYSTEM or PUBLIC ids.
enum XMLSafety {
    /// A readable name for common XMLParser error codes (libxml2 numbering).
    static func describe(_ code: Int) -> String {
        switch code {
        case 4, 5: "document is empty or ends too early"
        case 38, 39, 40, 41: "bad attribute"
        case 64, 65: "bad XML declaration"
        case 73, 74, 76: "mismatched or unclosed tag"
        case 26, 27: "undefined entity"
        case 68: "unescaped < or &"
        default: "parser error \(code)"
        }
    }

    static func check(_ bytes: [UInt8]) throws {
        guard let doctype = FormatDetector.findSequence(Array("<!DOCTYPE".utf8), in: bytes, limit: Int.max)
            ?? FormatDetector.findSequence(Array("<!doctype".utf8), in: bytes, limit: Int.max) else { return }
        var end = doctype
        var depth = 0
        while end < bytes.count {
            if bytes[end] == 0x5B { depth += 1 }
            if bytes[end] == 0x5D { depth -= 1 }
            if bytes[end] == 0x3E, depth <= 0 { break }
            end += 1
        }
        let declaration = String(decoding: bytes[doctype..<min(end + 1, bytes.count)], as: UTF8.self).uppercased()
        if declaration.contains("<!ENTITY") {
            throw SafeguardError(.malformedXML, "XML with entity declarations in a DOCTYPE is refused (entity expansion and external entities are never processed)")
        }
        if declaration.contains(" SYSTEM") || declaration.contains(" PUBLIC") {
            throw SafeguardError(.malformedXML, "XML with an external DTD is refused (DTDs are never fetched)")
        }
    }
}

private final class AKNDelegate: NSObject, XMLParserDelegate {
    struct Node {
        var kind: ProvisionKind
        var eId: String
        var num: String?
        var heading: String?
        var text: [String] = []
        /// `<wrapUp>` paragraphs: words after the last child.
        var wrapUp: [String] = []
        var parent: Int?
        var children: [Int] = []
    }

    var sawRoot = false
    var wellFormednessProblem: (line: Int, message: String)?
    var nodes: [Node] = []
    var stack: [Int] = []
    var elementStack: [String] = []
    var buffer = ""
    var capturing = false
    var metadata = InstrumentMetadata(title: "")
    var actName: String?
    var aliasTitle: String?
    var expressionDate: String?
    var pClass: String?

    private static let structural: [String: ProvisionKind] = {
        var map: [String: ProvisionKind] = [:]
        for kind in ProvisionKind.allCases where kind != .annex && kind != .schedule { map[kind.rawValue] = kind }
        return map
    }()

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let name = elementName
        if elementStack.isEmpty {
            guard name == "akomaNtoso" else { parser.abortParsing(); return }
            sawRoot = true
        }
        elementStack.append(name)
        var kind = Self.structural[name]
        if name == "indent" { kind = .point }
        if name == "formula", elementStack.dropLast().last == "preamble" { kind = .recital }
        if name == "hcontainer", let container = attributes["name"], let k = ProvisionKind(rawValue: container) { kind = k }
        if let kind, !(name == "title" && elementStack.dropLast().last == "preface") {
            let node = Node(kind: kind, eId: attributes["eId"] ?? "", parent: stack.last)
            nodes.append(node)
            let index = nodes.count - 1
            if let parent = node.parent { nodes[parent].children.append(index) }
            stack.append(index)
            return
        }
        switch name {
        case "act": actName = attributes["name"]
        case "num", "heading", "docTitle":
            buffer = ""
            capturing = true
        case "p":
            pClass = attributes["class"]
            if elementStack.contains("docTitle") { return }
            buffer = ""
            capturing = true
        case "FRBRlanguage":
            if let language = attributes["language"] { metadata.language = language == "eng" ? "en" : language }
        case "FRBRalias":
            if metadata.title.isEmpty, let value = attributes["value"] { aliasTitle = aliasTitle ?? value }
        case "FRBRdate":
            if elementStack.contains("FRBRExpression"), metadata.date == nil, let date = attributes["date"], date != "0001-01-01" {
                expressionDate = date
            }
        default:
            if namespaceURI == AkomaNtosoWriter.safeguardNamespace, let value = attributes["value"] {
                switch name {
                case "jurisdiction": metadata.jurisdiction = value
                case "versionLabel": metadata.versionLabel = value
                case "date": metadata.date = value
                case "language": metadata.language = value
                default: break
                }
            }
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capturing { buffer += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if wellFormednessProblem == nil {
            let code = (parseError as NSError).code
            wellFormednessProblem = (parser.lineNumber, "not well-formed (\(XMLSafety.describe(code)))")
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        let name = elementName
        // FoundationXML recovers from mismatched tags on Linux: check nesting ourselves.
        guard elementStack.last == name else {
            if wellFormednessProblem == nil {
                wellFormednessProblem = (parser.lineNumber, "</\(name)> does not close <\(elementStack.last ?? "")>")
            }
            parser.abortParsing()
            return
        }
        defer { elementStack.removeLast() }
        if let top = stack.last, elementIsNode(name, top) {
            stack.removeLast()
            return
        }
        switch name {
        case "num":
            if let top = stack.last { nodes[top].num = buffer }
            capturing = false
        case "heading":
            if let top = stack.last { nodes[top].heading = buffer }
            capturing = false
        case "docTitle":
            metadata.title = buffer
            capturing = false
        case "p":
            guard capturing else { return }
            capturing = false
            if elementStack.contains("preface") { return }
            if let top = stack.last {
                if pClass == "preambleHeading" {
                    nodes[top].heading = buffer
                } else if elementStack.contains("wrapUp") {
                    nodes[top].wrapUp.append(buffer)
                } else {
                    nodes[top].text.append(buffer)
                }
            }
            pClass = nil
        default: break
        }
    }

    private func elementIsNode(_ name: String, _ index: Int) -> Bool {
        let kind = nodes[index].kind
        if name == "indent" { return kind == .point }
        if name == "formula" { return kind == .recital }
        return AkomaNtosoWriter.elementName(kind).0 == name
    }

    /// Rebuilds a normalised text from the tree (number, heading, own text per node) and spans into it.
    func makeInstrument(vocabulary: DraftingVocabulary) throws -> Instrument {
        var text: [UInt8] = []
        var provisions: [Provision] = []
        var ends: [Int] = Array(repeating: 0, count: nodes.count)
        var depths: [Int] = Array(repeating: 0, count: nodes.count)
        var starts: [Int] = Array(repeating: 0, count: nodes.count)
        var textSpans: [TextSpan] = []
        // Nodes whose subtree is still being written; their wrap-up words follow their last descendant.
        var open: [Int] = []
        func closeSubtrees(until parent: Int?) {
            while let top = open.last, top != parent {
                open.removeLast()
                let words = nodes[top].wrapUp.joined(separator: "\n")
                if !words.isEmpty {
                    text += Array(words.utf8)
                    text.append(0x0A)
                    ends[top] = text.count
                }
            }
        }
        for (index, node) in nodes.enumerated() {
            closeSubtrees(until: node.parent)
            open.append(index)
            depths[index] = node.parent.map { depths[$0] + 1 } ?? 0
            starts[index] = text.count
            var head: [String] = []
            if let num = node.num { head.append(num) }
            if let heading = node.heading { head.append(heading) }
            if !head.isEmpty { text += Array(head.joined(separator: " ").utf8); text.append(0x0A) }
            let own = node.text.joined(separator: "\n")
            let ownStart = text.count
            text += Array(own.utf8)
            let ownEnd = text.count
            if !own.isEmpty { text.append(0x0A) }
            textSpans.append(TextSpan(start: ownStart, end: ownEnd))
            ends[index] = text.count
        }
        closeSubtrees(until: nil)
        // A node's span runs to the end of its last descendant (and its wrap-up).
        for index in nodes.indices.reversed() {
            if let parent = nodes[index].parent { ends[parent] = max(ends[parent], ends[index]) }
        }
        let bytesText = text
        for (index, node) in nodes.enumerated() {
            var end = ends[index]
            while end > starts[index], bytesText[end - 1] == 0x0A { end -= 1 }
            provisions.append(Provision(
                eId: node.eId, kind: node.kind, num: node.num, heading: node.heading, parentIndex: node.parent,
                parentEId: node.parent.map { nodes[$0].eId }, childIndices: node.children,
                span: TextSpan(start: starts[index], end: end), textSpan: textSpans[index], depth: depths[index]
            ))
        }
        if let actName {
            // Our writer stores the kind; other producers use the document type ("act", "bill", "convention").
            switch actName {
            case "act", "bill", "statute", "ordinance", "regulation": metadata.kind = .nationalLaw
            case "convention", "agreement": metadata.kind = .treaty
            default: if let kind = InstrumentKind(rawValue: actName) { metadata.kind = kind }
            }
        }
        if metadata.title.isEmpty, let aliasTitle { metadata.title = aliasTitle }
        if metadata.date == nil { metadata.date = expressionDate }
        guard !provisions.isEmpty else {
            throw SafeguardError(.noStructure, "the Akoma Ntoso document has no provisions")
        }
        var instrument = Instrument(metadata: metadata, text: String(decoding: text, as: UTF8.self), provisions: provisions)
        let mode: DocumentMode = provisions.contains { $0.kind == .article } ? .treaty : (provisions.contains { $0.kind == .section } ? .act : .plain)
        let links = LinkExtractor(instrument: instrument, bytes: text, documentMode: mode, vocabulary: vocabulary)
        instrument.definitions = links.definitions()
        instrument.references = links.references()
        return instrument
    }
}
