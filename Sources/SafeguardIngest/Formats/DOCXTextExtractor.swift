import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import SafeguardModel
import ZIPFoundation

/// Reads the text of a Word document: `word/document.xml` from the zip, one line per paragraph (`w:p`),
/// with `w:t` runs joined, `w:tab` as a space and `w:br` as a line break.
enum DOCXTextExtractor {
    static func extract(_ bytes: [UInt8], maxBytes: Int) throws -> String {
        // The zip is read from a private temporary file, not from memory: ZIPFoundation's in-memory archive
        // traps (a range with lowerBound > upperBound) when a damaged zip's offsets point past the end of the
        // data, while its file-backed archive gets a short read and reports an error (found by FuzzDOCX).
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("safeguard-docx-\(UUID().uuidString).zip")
        guard FileManager.default.createFile(atPath: scratch.path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw SafeguardError(
                .internalError, "cannot write a temporary copy of the DOCX in \(FileManager.default.temporaryDirectory.path)")
        }
        defer { try? FileManager.default.removeItem(at: scratch) }
        let archive: Archive
        do {
            archive = try Archive(url: scratch, accessMode: .read)
        } catch {
            throw SafeguardError(.malformedDocument, "not a readable DOCX (damaged zip): \(error)")
        }
        guard let entry = archive["word/document.xml"] else {
            if archive["content.xml"] != nil {
                throw SafeguardError(.malformedDocument, "OpenDocument text (ODT) is not supported: save it as DOCX or PDF")
            }
            throw SafeguardError(.malformedDocument, "not a DOCX: the zip has no word/document.xml")
        }
        // A symlink entry would name a path outside the archive: the document must be a plain file in the zip.
        guard entry.type == .file else {
            throw SafeguardError(.malformedDocument, "not a readable DOCX: word/document.xml is not a file in the zip (a link or folder)")
        }
        // Guard the decompressed size while inflating: the header's size can lie (zip bombs).
        let xml = try part(entry, "word/document.xml", archive: archive, bytes: bytes, maxBytes: maxBytes)
        let xmlBytes = [UInt8](xml)
        try XMLSafety.check(xmlBytes, part: "word/document.xml")
        let delegate = DocumentXMLDelegate()
        // Automatic numbering ("1.", "(a)") lives in numbering.xml, not in the text: rebuild the labels.
        if let numberingEntry = archive["word/numbering.xml"], numberingEntry.uncompressedSize < UInt64(maxBytes) {
            if numberingEntry.type == .file,
                let numberingXML = try? part(numberingEntry, "word/numbering.xml", archive: archive, bytes: bytes, maxBytes: maxBytes),
                (try? XMLSafety.check([UInt8](numberingXML), part: "word/numbering.xml")) != nil
            {
                let numbering = NumberingDelegate()
                let numberingParser = XMLParser(data: numberingXML)
                numberingParser.shouldResolveExternalEntities = false
                numberingParser.delegate = numbering
                if numberingParser.parse() { delegate.numbering = numbering.definitions() }
            }
        }
        // Paragraph styles can carry the numbering ("List Number", a "Heading 2" numbered "1.1"): read styles.xml.
        if !delegate.numbering.isEmpty, let stylesEntry = archive["word/styles.xml"], stylesEntry.uncompressedSize < UInt64(maxBytes) {
            if stylesEntry.type == .file,
                let stylesXML = try? part(stylesEntry, "word/styles.xml", archive: archive, bytes: bytes, maxBytes: maxBytes),
                (try? XMLSafety.check([UInt8](stylesXML), part: "word/styles.xml")) != nil
            {
                let styles = StylesDelegate()
                let stylesParser = XMLParser(data: stylesXML)
                stylesParser.shouldResolveExternalEntities = false
                stylesParser.delegate = styles
                if stylesParser.parse() { delegate.styles = styles.styles }
            }
        }
        let parser = XMLParser(data: xml)
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        guard parser.parse() else {
            throw SafeguardError(.malformedXML, "malformed word/document.xml at line \(parser.lineNumber)", line: parser.lineNumber)
        }
        return delegate.text
    }

    /// One part's bytes: read with ``ZipLayout`` (bounded by the entry's compressed size, CRC checked), or by
    /// ZIPFoundation when the layout needs ZIP64; never more than `maxBytes` inflated (zip bombs).
    private static func part(_ entry: Entry, _ name: String, archive: Archive, bytes: [UInt8], maxBytes: Int) throws -> Data {
        if let item = try ZipLayout.find(name, in: bytes) {
            return try ZipLayout.extract(item, from: bytes, name: name, maxBytes: maxBytes)
        }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                if data.count > maxBytes { throw SafeguardError(.tooLarge, "\(name) inflates to more than \(maxBytes) bytes") }
            }
        } catch let error as SafeguardError {
            throw error
        } catch {
            throw SafeguardError(.malformedDocument, "damaged DOCX: cannot inflate \(name) (\(error))")
        }
        return data
    }
}

/// A numbering level: format ("decimal", "lowerLetter", ...), label template ("%1.", "(%2)") and start value.
struct NumberingLevel {
    var format: String
    var template: String
    var start: Int
}

private final class DocumentXMLDelegate: NSObject, XMLParserDelegate {
    var text = ""
    /// numId → levels (by ilvl), from numbering.xml.
    var numbering: [String: [Int: NumberingLevel]] = [:]
    /// styleId → the style's numbering and parent, from styles.xml.
    var styles: [String: ParagraphStyle] = [:]
    private var counters: [String: [Int: Int]] = [:]
    private var paragraph = ""
    private var inText = false
    private var numId: String?
    private var level = 0
    private var explicitLevel = false
    private var styleId: String?
    private var inNumPr = false

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch elementName {
        case "w:t": inText = true
        case "w:tab": paragraph += " "
        case "w:br", "w:cr": paragraph += "\n"
        case "w:p":
            paragraph = ""
            numId = nil
            level = 0
            explicitLevel = false
            styleId = nil
        case "w:pStyle": styleId = attributes["w:val"]
        case "w:numPr": inNumPr = true
        case "w:ilvl" where inNumPr:
            level = Int(attributes["w:val"] ?? "0") ?? 0
            explicitLevel = true
        case "w:numId" where inNumPr: numId = attributes["w:val"]
        default: break
        }
    }

    /// The label of the next paragraph at `level` of list `numId` ("2.", "(b)"), or nil for bullets and unknown lists.
    private func nextLabel(_ numId: String, _ level: Int) -> String? {
        guard numId != "0", let levels = numbering[numId], let definition = levels[level] else { return nil }
        var values = counters[numId] ?? [:]
        values[level] = (values[level] ?? (definition.start - 1)) + 1
        for deeper in values.keys where deeper > level { values[deeper] = nil }
        counters[numId] = values
        guard definition.format != "bullet", definition.format != "none" else { return nil }
        var label = definition.template
        for (index, levelDefinition) in levels where label.contains("%\(index + 1)") {
            let value = values[index] ?? levelDefinition.start
            label = label.replacingOccurrences(of: "%\(index + 1)", with: Self.format(value, levelDefinition.format))
        }
        return label.isEmpty ? nil : label
    }

    private func styleNumbering(_ styleId: String?) -> (numId: String, level: Int)? {
        var current = styleId
        var level: Int?
        var hops = 0
        while let id = current, let style = styles[id], hops < 10 {
            if level == nil { level = style.level }
            if let numId = style.numId { return (numId, level ?? 0) }
            current = style.basedOn
            hops += 1
        }
        return nil
    }

    static func format(_ value: Int, _ format: String) -> String {
        switch format {
        case "lowerLetter": return value >= 1 && value <= 26 ? String(UnicodeScalar(UInt8(96 + value))) : "\(value)"
        case "upperLetter": return value >= 1 && value <= 26 ? String(UnicodeScalar(UInt8(64 + value))) : "\(value)"
        case "lowerRoman": return Bytes.romanString(value, upper: false)
        case "upperRoman": return Bytes.romanString(value, upper: true)
        default: return "\(value)"
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { paragraph += string }
    }

    /// The first error ends the parse (the document is refused): libxml2 would otherwise recover and report
    /// many more, and FoundationXML leaks a small error object for each.
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch elementName {
        case "w:t": inText = false
        case "w:numPr": inNumPr = false
        case "w:p":
            // Without its own numId, a paragraph takes the numbering of its style (following basedOn).
            if numId == nil, let inherited = styleNumbering(styleId) {
                numId = inherited.numId
                if !explicitLevel { level = inherited.level }
            }
            if let numId, let label = nextLabel(numId, level) { paragraph = label + " " + paragraph }
            text += paragraph + "\n"
            paragraph = ""
        default: break
        }
    }
}

/// A paragraph style's numbering (`w:pPr/w:numPr`) and the style it is based on.
struct ParagraphStyle {
    var numId: String?
    var level: Int?
    var basedOn: String?
}

/// Reads `word/styles.xml`: which paragraph styles are numbered.
private final class StylesDelegate: NSObject, XMLParserDelegate {
    var styles: [String: ParagraphStyle] = [:]
    private var current: String?
    private var style = ParagraphStyle()
    private var inNumPr = false

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch elementName {
        case "w:style":
            current = attributes["w:type"] == "paragraph" ? attributes["w:styleId"] : nil
            style = ParagraphStyle()
        case "w:basedOn" where current != nil: style.basedOn = attributes["w:val"]
        case "w:numPr" where current != nil: inNumPr = true
        case "w:ilvl" where inNumPr: style.level = Int(attributes["w:val"] ?? "0")
        case "w:numId" where inNumPr: style.numId = attributes["w:val"]
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch elementName {
        case "w:numPr": inNumPr = false
        case "w:style":
            if let current { styles[current] = style }
            current = nil
        default: break
        }
    }
}

/// Reads `word/numbering.xml`: abstract numbering definitions and the numIds that use them.
private final class NumberingDelegate: NSObject, XMLParserDelegate {
    private var abstract: [String: [Int: NumberingLevel]] = [:]
    private var numToAbstract: [String: String] = [:]
    private var currentAbstract: String?
    private var currentNum: String?
    private var currentLevel: Int?
    private var level = NumberingLevel(format: "decimal", template: "", start: 1)

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch elementName {
        case "w:abstractNum": currentAbstract = attributes["w:abstractNumId"]
        case "w:lvl" where currentAbstract != nil:
            currentLevel = Int(attributes["w:ilvl"] ?? "0") ?? 0
            level = NumberingLevel(format: "decimal", template: "", start: 1)
        case "w:start" where currentLevel != nil: level.start = Int(attributes["w:val"] ?? "1") ?? 1
        case "w:numFmt" where currentLevel != nil: level.format = attributes["w:val"] ?? "decimal"
        case "w:lvlText" where currentLevel != nil: level.template = attributes["w:val"] ?? ""
        case "w:num": currentNum = attributes["w:numId"]
        case "w:abstractNumId" where currentNum != nil:
            if let currentNum, let value = attributes["w:val"] { numToAbstract[currentNum] = value }
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch elementName {
        case "w:lvl":
            if let currentAbstract, let currentLevel { abstract[currentAbstract, default: [:]][currentLevel] = level }
            currentLevel = nil
        case "w:abstractNum": currentAbstract = nil
        case "w:num": currentNum = nil
        default: break
        }
    }

    func definitions() -> [String: [Int: NumberingLevel]] {
        var result: [String: [Int: NumberingLevel]] = [:]
        for (num, abstractId) in numToAbstract { result[num] = abstract[abstractId] }
        return result
    }
}
