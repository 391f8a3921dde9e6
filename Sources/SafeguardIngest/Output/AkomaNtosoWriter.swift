import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
public import SafeguardModel

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
        out +=
            "        <TLCOrganization eId=\"author\" href=\"/ontology/organization/\(escape(country))\" "
                + "showAs=\"\(escape(meta.jurisdiction ?? "Unknown"))\"/>\n"
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
        out += "    <preamble eId=\"\(escape(node.eId.rawValue))\">\n"
        if let heading = node.heading { out += "      <p class=\"preambleHeading\">\(escape(heading))</p>\n" }
        let own = instrument.quote(node.textSpan)
        if !own.isEmpty { out += "      <p>\(escape(own))</p>\n" }
        let formulas = node.childIndices.filter { isFormula(instrument.provisions[$0]) }
        if !node.childIndices.isEmpty {
            // Items read from another tool's preamble go back in a blockList.
            let items = node.childIndices.filter { instrument.provisions[$0].kind == .item }
            if !items.isEmpty {
                out += "      <blockList eId=\"\(escape(node.eId.rawValue))__list_1\">\n"
                for child in items { writeNode(instrument, child, indent: 8, into: &out) }
                out += "      </blockList>\n"
            }
            out += "      <recitals>\n"
            for child in node.childIndices where !formulas.contains(child) && !items.contains(child) {
                let recital = instrument.provisions[child]
                out += "        <recital eId=\"\(escape(recital.eId.rawValue))\">"
                if let num = recital.num { out += "<num>\(escape(num))</num>" }
                out += "<p>\(escape(instrument.quote(recital.textSpan)))</p></recital>\n"
            }
            out += "      </recitals>\n"
            // The enacting formula after numbered recitals ("HAVE ADOPTED THIS DIRECTIVE:").
            for child in formulas {
                let formula = instrument.provisions[child]
                out +=
                    "      <formula name=\"enactingFormula\" eId=\"\(escape(formula.eId.rawValue))\"><p>"
                        + "\(escape(instrument.quote(formula.textSpan)))</p></formula>\n"
            }
        }
        out += "    </preamble>\n"
    }

    private static func writeNode(_ instrument: Instrument, _ index: Int, indent: Int, into out: inout String) {
        let node = instrument.provisions[index]
        let pad = String(repeating: " ", count: indent)
        var (element, nameAttribute) = elementName(node.kind)
        if node.kind == .point, lastSegment(node.eId.rawValue).hasPrefix("indent_") { element = "indent" }
        if node.kind == .crossHeading {
            // A heading between siblings: its words are the element's content.
            out +=
                "\(pad)<crossHeading eId=\"\(escape(node.eId.rawValue))\">"
                    + "\(escape(node.heading ?? instrument.quote(node.textSpan)))</crossHeading>\n"
            return
        }
        out += "\(pad)<\(element)\(nameAttribute.map { " name=\"\($0)\"" } ?? "") eId=\"\(escape(node.eId.rawValue))\">\n"
        if let num = node.num { out += "\(pad)  <num>\(escape(num))</num>\n" }
        // An item holds blocks directly (no heading, intro or content in Akoma Ntoso).
        if let heading = node.heading, node.kind != .item { out += "\(pad)  <heading>\(escape(heading))</heading>\n" }
        let own = instrument.quote(node.textSpan)
        let wrapUp: String = {
            guard let last = node.childIndices.last, instrument.provisions[last].span.end < node.span.end else { return "" }
            return instrument.quote(TextSpan(start: instrument.provisions[last].span.end, end: node.span.end))
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }()
        let hasItems = node.childIndices.contains { instrument.provisions[$0].kind == .item }
        if node.kind == .item || hasItems {
            // Items sit in a blockList inside the parent's content (an item's own blocks are its children's siblings).
            let inner = node.kind == .item ? pad + "  " : pad + "    "
            if node.kind != .item { out += "\(pad)  <content>\n" }
            if !own.isEmpty || node.childIndices.isEmpty { out += "\(inner)<p>\(escape(own))</p>\n" }
            var lists = 0
            var k = 0
            let children = node.childIndices
            while k < children.count {
                if instrument.provisions[children[k]].kind == .item {
                    lists += 1
                    out += "\(inner)<blockList eId=\"\(escape(node.eId.rawValue))__list_\(lists)\">\n"
                    while k < children.count, instrument.provisions[children[k]].kind == .item {
                        writeNode(instrument, children[k], indent: inner.count + 2, into: &out)
                        k += 1
                    }
                    out += "\(inner)</blockList>\n"
                } else {
                    writeNode(instrument, children[k], indent: inner.count, into: &out)
                    k += 1
                }
            }
            if !wrapUp.isEmpty { out += "\(inner)<p>\(escape(wrapUp))</p>\n" }
            if node.kind != .item { out += "\(pad)  </content>\n" }
        } else if node.childIndices.isEmpty {
            out += "\(pad)  <content><p>\(escape(own))</p></content>\n"
        } else {
            if !own.isEmpty { out += "\(pad)  <intro><p>\(escape(own))</p></intro>\n" }
            for child in node.childIndices { writeNode(instrument, child, indent: indent + 2, into: &out) }
            // Closing words after the last child ("…, / with the fraudulent intent …") are the node's wrap-up.
            if !wrapUp.isEmpty { out += "\(pad)  <wrapUp><p>\(escape(wrapUp))</p></wrapUp>\n" }
        }
        out += "\(pad)</\(element)>\n"
    }

    static func lastSegment(_ eId: String) -> Substring {
        guard let range = eId.range(of: "__", options: .backwards) else { return Substring(eId) }
        return eId[range.upperBound...]
    }

    /// A preamble line written as Akoma Ntoso's `formula` (eId `…__formula_N`).
    static func isFormula(_ provision: Provision) -> Bool {
        provision.kind == .recital && lastSegment(provision.eId.rawValue).hasPrefix("formula_")
    }

    /// AKN element for a kind; annexes and schedules are generic containers inside the body.
    static func elementName(_ kind: ProvisionKind) -> (String, String?) {
        switch kind {
        case .annex, .schedule: ("hcontainer", kind.rawValue)
        case .hcontainer: ("hcontainer", "hcontainer")
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
