import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
public import SafeguardModel

/// Reads Akoma Ntoso XML written by ``AkomaNtosoWriter`` (or a compatible `act`) back into an instrument.
///
/// XML safety: any DOCTYPE with entity declarations or an external identifier is refused before parsing
/// (billion laughs, XXE); the parser never resolves external entities.
public enum AkomaNtosoReader {
    public static func read(_ bytes: [UInt8], maxBytes: Int = 50_000_000, vocabulary: DraftingVocabulary? = nil, maxDepth: Int = 256) throws
        -> Instrument
    {
        let vocabulary = try vocabulary ?? DraftingVocabulary.shipped()
        guard bytes.count <= maxBytes else {
            throw SafeguardError(.tooLarge, "input is \(bytes.count) bytes, over the limit of \(maxBytes)")
        }
        try XMLSafety.check(bytes)
        let delegate = AKNDelegate()
        delegate.maxDepth = maxDepth
        let parser = XMLParser(data: Data(bytes))
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = true
        parser.delegate = delegate
        let parsed = parser.parse()
        if delegate.tooDeep {
            throw SafeguardError(
                .tooLarge, "XML nested deeper than \(maxDepth) elements at line \(parser.lineNumber) (limit: --max-depth)",
                line: parser.lineNumber)
        }
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

/// Reads the tree of an Akoma Ntoso document: every hierarchical element becomes a provision with its own eId.
///
/// What it reads, besides documents written by ``AkomaNtosoWriter`` (see docs/input-formats.md):
/// - any document type (`act`, `bill`, `statement`, `doc`, …) with `body` or `mainBody`;
/// - `blockList`/`item` (items are provisions of kind `item` under the element holding the list);
///   `list`/`point`; `subpart`, `subdivision`, `crossHeading`, `hcontainer` and the other hierarchical elements
///   (`level`, `alinea`, `proviso`, `rule`, … come back as `hcontainer` with their own eId);
/// - `attachments/attachment`: each attachment is an `annex` (a `schedule` when its document is named so),
///   its body read like the main body;
/// - `embeddedStructure`/`quotedStructure`: quoted provisions are words of the provision quoting them;
/// - `authorialNote` (footnotes): skipped, with a `footnotes-skipped` warning.
/// An element without an eId (or with an empty one) gets one derived by the Akoma Ntoso naming convention:
/// its parent's eId, `__`, the element's prefix and its number (`chp_1__sec_2__para_a`), `nn_N` for unnumbered
/// elements, a position for lists and cross headings (`list_1`, `crossHeading_2`); warning `derived-eid`.
private final class AKNDelegate: NSObject, XMLParserDelegate {
    struct Node {
        var kind: ProvisionKind
        var scope: Int
        var num: String?
        var heading: String?
        var text: [String] = []
        /// `<wrapUp>` paragraphs and text after the first child: words after the last child.
        var wrapUp: [String] = []
        var parent: Int?
        var children: [Int] = []
    }

    /// How an element without an eId gets one.
    enum Naming { case numbered, counted, unique }

    /// Every element that has (or gets) an eId and prefixes its descendants' eIds: provisions, lists, attachments.
    struct Scope {
        var explicitEId: String?
        var prefix: String
        var naming: Naming
        var num: String?
        var parent: Int?
        var node: Int?
        var eId = ""
    }

    enum TextTarget {
        case num(Int)
        case heading(Int)
        case subheading(Int)
        case text(Int)
        case wrapUp(Int)
        case title
        case scopeNum(Int)
        case loose, discard
    }

    enum Frame {
        case node(Int)
        case scope(Int)
        case text(TextTarget)
        case nestedText
        case suppressed
        case quoted
        case attachments
        case other
    }

    var sawRoot = false
    var maxDepth = 256
    var tooDeep = false
    var wellFormednessProblem: (line: Int, message: String)?
    var nodes: [Node] = []
    var scopes: [Scope] = []
    var frames: [Frame] = []
    var elementStack: [String] = []
    var nodeStack: [Int] = []
    var scopeStack: [Int] = []
    var buffer = ""
    var textDepth = 0
    var suppressDepth = 0
    var quotedDepth = 0
    var attachmentDepth = 0
    var prefaceDepth = 0
    var footnotes = 0
    var quotedStructures = 0
    var looseParagraphs = 0
    var metadata = InstrumentMetadata(title: "")
    var actName: String?
    var aliasTitle: String?
    var expressionDate: String?
    var pClass: String?
    /// Whether the open `intro` belongs to the node on top of the stack (its words come before the children).
    var introDepth = 0
    var wrapUpDepth = 0

    /// Hierarchical elements that are provisions of their own kind.
    private static let structural: [String: ProvisionKind] = {
        var map: [String: ProvisionKind] = [:]
        for kind in ProvisionKind.allCases where kind != .annex && kind != .schedule { map[kind.rawValue] = kind }
        map["indent"] = .point
        // Hierarchical elements Safeguard has no kind for: generic containers, eId kept.
        for name in ["alinea", "book", "tome", "level", "proviso", "rule", "subrule", "transitional", "subtitle", "sublist"] {
            map[name] = .hcontainer
        }
        return map
    }()

    /// Akoma Ntoso eId prefixes (naming convention), for elements whose prefix is not their kind's.
    private static let prefixes: [String: String] = [
        "alinea": "al", "attachment": "att", "blockList": "list", "list": "list", "sublist": "list", "level": "lvl",
        "recitals": "recs", "indent": "indent", "book": "book", "tome": "tome", "proviso": "proviso", "rule": "rule",
        "subrule": "subrule", "transitional": "transitional", "subtitle": "subtitle", "formula": "formula",
    ]

    private func prefix(for name: String, kind: ProvisionKind?) -> String {
        if let prefix = Self.prefixes[name] { return prefix }
        if name == "hcontainer" { return "hcontainer" }
        return kind?.eIdPrefix ?? name
    }

    private func naming(for name: String) -> Naming {
        switch name {
        case "preamble", "recitals": .unique
        case "blockList", "crossHeading", "hcontainer", "attachment", "formula", "recital": .counted
        default: .numbered
        }
    }

    private func explicitEId(_ attributes: [String: String]) -> String? {
        guard let value = attributes["eId"]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    private func openScope(_ name: String, kind: ProvisionKind?, attributes: [String: String], node: Int?) -> Int {
        scopes.append(
            Scope(
                explicitEId: explicitEId(attributes), prefix: prefix(for: name, kind: kind),
                naming: naming(for: name), parent: scopeStack.last, node: node))
        let index = scopes.count - 1
        scopeStack.append(index)
        return index
    }

    private func beginText(_ target: TextTarget) {
        if textDepth == 0 {
            buffer = ""
            frames.append(.text(target))
        } else {
            // A block inside a block (a `p` inside an `li`): the same paragraph goes on.
            if !buffer.isEmpty, buffer.last != " ", buffer.last != "\n" { buffer += " " }
            frames.append(.nestedText)
        }
        textDepth += 1
    }

    /// Where the words of a paragraph go: the provision on top, before or after its children.
    private func paragraphTarget() -> TextTarget {
        guard let top = nodeStack.last else { return .loose }
        if wrapUpDepth > 0 { return .wrapUp(top) }
        if introDepth == 0, !nodes[top].children.isEmpty { return .wrapUp(top) }
        return .text(top)
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let name = elementName
        if elementStack.isEmpty {
            guard name == "akomaNtoso" else { parser.abortParsing(); return }
            sawRoot = true
        }
        let parentName = elementStack.last
        elementStack.append(name)
        guard elementStack.count <= maxDepth else {
            tooDeep = true
            parser.abortParsing()
            return
        }
        if suppressDepth > 0 {
            if name == "authorialNote" { suppressDepth += 1; frames.append(.suppressed) } else { frames.append(.other) }
            return
        }
        if textDepth > 0 {
            startInsideText(name)
            return
        }
        if startStructure(name, parentName: parentName, attributes: attributes) { return }
        if startDocument(name, parentName: parentName, attributes: attributes) { return }
        startBlock(name, namespaceURI: namespaceURI, attributes: attributes)
    }

    /// An element inside a text block: footnotes are skipped, line breaks kept, nested blocks go on the same text.
    private func startInsideText(_ name: String) {
        switch name {
        case "authorialNote":
            footnotes += 1
            suppressDepth += 1
            frames.append(.suppressed)
        case "br", "eol", "eop":
            buffer += "\n"
            frames.append(.other)
        case "p", "li", "listIntroduction", "listWrapUp", "num", "heading", "subheading":
            beginText(.loose)
        default:
            frames.append(.other)
        }
    }

    /// Footnotes, quoted structures, the preface, attachments, and the hierarchical elements that become nodes or
    /// numbering scopes. Returns whether the element was handled.
    private func startStructure(_ name: String, parentName: String?, attributes: [String: String]) -> Bool {
        switch name {
        case "authorialNote":
            footnotes += 1
            suppressDepth += 1
            frames.append(.suppressed)
            return true
        case "embeddedStructure", "quotedStructure":
            quotedStructures += 1
            quotedDepth += 1
            frames.append(.quoted)
            return true
        case "preface":
            prefaceDepth += 1
        case "attachments":
            frames.append(.attachments)
            return true
        default: break
        }
        guard quotedDepth == 0, prefaceDepth == 0 else { return false }
        var kind = Self.structural[name]
        if name == "formula", parentName == "preamble" { kind = .recital }
        if name == "formula", parentName != "preamble" { kind = nil }
        if name == "hcontainer" {
            kind =
                attributes["name"].flatMap { ProvisionKind(rawValue: $0) }.flatMap { $0 == .annex || $0 == .schedule ? $0 : nil }
                ?? .hcontainer
        }
        if name == "attachment" { kind = .annex; attachmentDepth += 1 }
        if name == "title", parentName == "preface" { kind = nil }
        if let kind {
            let index = nodes.count
            let scope = openScope(name, kind: kind, attributes: attributes, node: index)
            nodes.append(Node(kind: kind, scope: scope, parent: nodeStack.last))
            if let parent = nodes[index].parent { nodes[parent].children.append(index) }
            nodeStack.append(index)
            frames.append(.node(index))
            // A cross heading's words are its heading: a text block that the node's own end closes.
            if name == "crossHeading" {
                buffer = ""
                textDepth += 1
            }
            return true
        }
        if name == "blockList" || name == "list" || name == "recitals" {
            frames.append(.scope(openScope(name, kind: nil, attributes: attributes, node: nil)))
            return true
        }
        return false
    }

    /// A document inside an attachment names the attachment's kind; its meta is not the instrument's.
    /// Returns whether the element was a document.
    private func startDocument(_ name: String, parentName: String?, attributes: [String: String]) -> Bool {
        guard ["doc", "act", "bill", "statement", "judgment", "debateReport", "amendment", "portion", "documentCollection"].contains(name)
        else { return false }
        if attachmentDepth == 0 {
            if parentName == "akomaNtoso" { actName = attributes["name"] }
        } else if let top = nodeStack.last, nodes[top].kind == .annex, attributes["name"] == "schedule" {
            nodes[top].kind = .schedule
        }
        frames.append(.other)
        return true
    }

    /// Text blocks (intro, wrap-up, num, heading, paragraphs) and metadata elements.
    private func startBlock(_ name: String, namespaceURI: String?, attributes: [String: String]) {
        switch name {
        case "intro", "listIntroduction":
            if name == "intro" { introDepth += 1; frames.append(.other) } else { beginText(paragraphTarget()) }
        case "wrapUp":
            wrapUpDepth += 1
            frames.append(.other)
        case "listWrapUp":
            wrapUpDepth += 1
            beginText(paragraphTarget())
        case "num":
            if quotedDepth > 0 || prefaceDepth > 0 {
                beginText(quotedDepth > 0 ? paragraphTarget() : .discard)
            } else if case .node(let index)? = frames.last {
                beginText(.num(index))
            } else if case .scope(let index)? = frames.last {
                beginText(.scopeNum(index))
            } else {
                beginText(paragraphTarget())
            }
        case "heading", "subheading":
            if quotedDepth == 0, prefaceDepth == 0, case .node(let index)? = frames.last {
                beginText(name == "heading" ? .heading(index) : .subheading(index))
            } else if prefaceDepth > 0 {
                beginText(.discard)
            } else {
                beginText(paragraphTarget())
            }
        case "docTitle":
            beginText(attachmentDepth == 0 ? .title : .discard)
        case "p", "li", "crossHeading", "subFlow", "tblock":
            pClass = attributes["class"]
            if prefaceDepth > 0 {
                // The title page: its words are metadata, not provisions.
                frames.append(.other)
                return
            }
            beginText(paragraphTarget())
        case "FRBRlanguage" where attachmentDepth == 0:
            if let language = attributes["language"] { metadata.language = language == "eng" ? "en" : language }
            frames.append(.other)
        case "FRBRalias" where attachmentDepth == 0:
            if metadata.title.isEmpty, let value = attributes["value"] { aliasTitle = aliasTitle ?? value }
            frames.append(.other)
        case "FRBRdate" where attachmentDepth == 0:
            if elementStack.contains("FRBRExpression"), metadata.date == nil, let date = attributes["date"], date != "0001-01-01",
                Self.isISODate(date)
            {
                expressionDate = date
            }
            frames.append(.other)
        default:
            if attachmentDepth == 0, namespaceURI == AkomaNtosoWriter.safeguardNamespace, let value = attributes["value"] {
                switch name {
                case "jurisdiction": metadata.jurisdiction = value
                case "versionLabel": metadata.versionLabel = value
                case "date": metadata.date = value
                case "language": metadata.language = value
                default: break
                }
            }
            frames.append(.other)
        }
    }

    private static func isISODate(_ date: String) -> Bool {
        let bytes = Array(date.utf8)
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return false }
        return [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { Bytes.isDigit(bytes[$0]) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if textDepth > 0, suppressDepth == 0 { buffer += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if wellFormednessProblem == nil {
            let code = (parseError as NSError).code
            wellFormednessProblem = (parser.lineNumber, "not well-formed (\(XMLSafety.describe(code)))")
        }
        // Stop at the first error: libxml2 would go on recovering and report many more, and FoundationXML
        // leaks a small error object for each one.
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        let name = elementName
        // FoundationXML recovers from mismatched tags on Linux: check nesting ourselves.
        guard elementStack.last == name, let frame = frames.popLast() else {
            if wellFormednessProblem == nil {
                wellFormednessProblem = (parser.lineNumber, "a closing tag does not close <\(elementStack.last ?? "")>")
            }
            parser.abortParsing()
            return
        }
        elementStack.removeLast()
        switch name {
        case "preface" where prefaceDepth > 0: prefaceDepth -= 1
        case "intro": introDepth = max(0, introDepth - 1)
        case "wrapUp", "listWrapUp": wrapUpDepth = max(0, wrapUpDepth - 1)
        default: break
        }
        switch frame {
        case .node(let index):
            if name == "crossHeading" {
                textDepth -= 1
                finishText(.heading(index))
            }
            if name == "attachment" { attachmentDepth -= 1 }
            nodeStack.removeLast()
            scopeStack.removeLast()
        case .scope:
            scopeStack.removeLast()
        case .text(let target):
            textDepth -= 1
            finishText(target)
        case .nestedText:
            textDepth -= 1
        case .suppressed:
            suppressDepth -= 1
        case .quoted:
            quotedDepth -= 1
        case .attachments, .other:
            break
        }
    }

    private func finishText(_ target: TextTarget) {
        let words = buffer.trimmingCharacters(in: .whitespacesAndNewlines)
        buffer = ""
        switch target {
        case .num(let index): nodes[index].num = words
        case .heading(let index): if !words.isEmpty || nodes[index].heading == nil { nodes[index].heading = words }
        case .subheading(let index):
            guard !words.isEmpty else { return }
            if let heading = nodes[index].heading, !heading.isEmpty {
                nodes[index].heading = heading + " — " + words
            } else {
                nodes[index].heading = words
            }
        case .text(let index):
            guard !words.isEmpty else { return }
            if pClass == "preambleHeading" { nodes[index].heading = words } else { nodes[index].text.append(words) }
        case .wrapUp(let index):
            guard !words.isEmpty else { return }
            nodes[index].wrapUp.append(words)
        case .title: metadata.title = words
        case .scopeNum(let index): scopes[index].num = words
        case .loose: if !words.isEmpty { looseParagraphs += 1 }
        case .discard: break
        }
        pClass = nil
    }

    /// Gives every scope its eId: the one in the XML, or one derived by the Akoma Ntoso naming convention.
    private func assignEIds() -> (derived: Int, duplicates: [String]) {
        var counters: [String: Int] = [:]
        var used: Set<String> = []
        var derived = 0
        var duplicates: [String] = []
        for index in scopes.indices {
            let scope = scopes[index]
            let parentEId = scope.parent.map { scopes[$0].eId } ?? ""
            let base = parentEId.isEmpty ? "" : parentEId + "__"
            let num = scope.node.flatMap { nodes[$0].num } ?? scope.num
            let cleaned = num.map(Self.eIdNumber) ?? ""
            let key = "\(scope.parent.map(String.init) ?? "-")/\(scope.prefix)"
            // Positions count every sibling of the same kind, with or without an eId in the XML.
            var counterKey: String?
            switch scope.naming {
            case .unique: counterKey = nil
            case .counted: counterKey = key
            case .numbered: counterKey = cleaned.isEmpty ? key + "/nn" : nil
            }
            if let counterKey { counters[counterKey, default: 0] += 1 }
            var eId: String
            if let explicit = scope.explicitEId {
                eId = explicit
            } else {
                if let counterKey {
                    let stem = base + scope.prefix + (scope.naming == .counted ? "_" : "_nn_")
                    // A position already taken by a sibling's own eId moves on to the next free one.
                    while used.contains(stem + "\(counters[counterKey]!)") { counters[counterKey]! += 1 }
                    eId = stem + "\(counters[counterKey]!)"
                } else if scope.naming == .unique {
                    eId = base + scope.prefix
                } else {
                    eId = base + scope.prefix + "_" + cleaned
                }
                if scope.node != nil { derived += 1 }
            }
            if used.contains(eId) {
                var n = 2
                while used.contains("\(eId)_dup\(n)") { n += 1 }
                if scope.node != nil { duplicates.append(eId) }
                eId = "\(eId)_dup\(n)"
            }
            used.insert(eId)
            scopes[index].eId = eId
        }
        return (derived, duplicates)
    }

    /// The number part of a derived eId: letters and digits kept, other runs inside become `-`
    /// (`(a)` → `a`, `1.1` → `1-1`, `"1.` → `1`).
    static func eIdNumber(_ num: String) -> String {
        var out = ""
        var pendingDash = false
        for scalar in num.unicodeScalars {
            let isWordChar = (scalar.properties.isAlphabetic || scalar.properties.numericType != nil) && scalar.value > 0x20
            if isWordChar {
                if pendingDash, !out.isEmpty { out += "-" }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
            if out.unicodeScalars.count >= 40 { break }
        }
        return out
    }

    /// Rebuilds a normalised text from the tree (number, heading, own text per node) and spans into it.
    func makeInstrument(vocabulary: DraftingVocabulary) throws -> Instrument {
        let (derived, duplicates) = assignEIds()
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
            if let num = node.num, !num.isEmpty { head.append(num) }
            if let heading = node.heading, !heading.isEmpty { head.append(heading) }
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
            provisions.append(
                Provision(
                    eId: EId(scopes[node.scope].eId), kind: node.kind, num: node.num.flatMap { $0.isEmpty ? nil : $0 },
                    heading: node.heading.flatMap { $0.isEmpty ? nil : $0 }, parentIndex: node.parent,
                    parentEId: node.parent.map { EId(scopes[nodes[$0].scope].eId) }, childIndices: node.children,
                    span: TextSpan(start: starts[index], end: end), textSpan: textSpans[index], depth: depths[index]
                ))
        }
        completeMetadata()
        guard !provisions.isEmpty else {
            throw SafeguardError(
                .noStructure,
                "the Akoma Ntoso document has no provisions (no hierarchical elements such as article, section, paragraph or attachment)")
        }
        var instrument = Instrument(metadata: metadata, text: String(decoding: text, as: UTF8.self), provisions: provisions)
        appendWarnings(to: &instrument, derived: derived, duplicates: duplicates)
        let mode: DocumentMode =
            provisions.contains { $0.kind == .article } ? .treaty : (provisions.contains { $0.kind == .section } ? .act : .plain)
        let links = LinkExtractor(instrument: instrument, bytes: text, documentMode: mode, vocabulary: vocabulary)
        instrument.definitions = links.definitions()
        instrument.references = links.references()
        return instrument
    }

    /// The kind from the document type, the title from an alias, the date from the expression when not given.
    private func completeMetadata() {
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
    }

    private func appendWarnings(to instrument: inout Instrument, derived: Int, duplicates: [String]) {
        if derived > 0 {
            instrument.warnings.append(
                ParseWarning(
                    code: .derivedEid,
                    message: "\(derived) provision(s) had no eId in the XML; eIds derived by the Akoma Ntoso naming convention"))
        }
        if !duplicates.isEmpty {
            instrument.warnings.append(
                ParseWarning(
                    code: .duplicateEid,
                    message:
                        "\(duplicates.count) eId(s) were used twice (first: \(AkomaNtosoWriter.escape(duplicates[0]))); later ones got a "
                            + "_dupN suffix"
                ))
        }
        if footnotes > 0 {
            instrument.warnings.append(ParseWarning(code: .footnotesSkipped, message: "skipped \(footnotes) footnote(s) (authorialNote)"))
        }
        if quotedStructures > 0 {
            instrument.warnings.append(
                ParseWarning(
                    code: .quotedStructure,
                    message:
                        "\(quotedStructures) quoted structure(s) (embeddedStructure/quotedStructure) kept as words of the provision "
                            + "quoting them"
                ))
        }
        if looseParagraphs > 0 {
            instrument.warnings.append(
                ParseWarning(
                    code: .unattachedText, message: "\(looseParagraphs) paragraph(s) outside any hierarchical element were skipped"))
        }
    }
}
