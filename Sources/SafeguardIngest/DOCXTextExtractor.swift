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
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw SafeguardError(.malformedDocument, "not a readable DOCX (damaged zip): \(error)")
        }
        guard let entry = archive["word/document.xml"] else {
            throw SafeguardError(.malformedDocument, "not a DOCX: the zip has no word/document.xml")
        }
        // Guard the decompressed size while inflating: the header's size can lie (zip bombs).
        var xml = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                xml.append(chunk)
                if xml.count > maxBytes {
                    throw SafeguardError(.tooLarge, "word/document.xml inflates to more than \(maxBytes) bytes")
                }
            }
        } catch let error as SafeguardError {
            throw error
        } catch {
            throw SafeguardError(.malformedDocument, "damaged DOCX: cannot inflate word/document.xml (\(error))")
        }
        let xmlBytes = [UInt8](xml)
        try XMLSafety.check(xmlBytes)
        let delegate = DocumentXMLDelegate()
        let parser = XMLParser(data: xml)
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        guard parser.parse() else {
            throw SafeguardError(.malformedXML, "malformed word/document.xml at line \(parser.lineNumber)", line: parser.lineNumber)
        }
        return delegate.text
    }
}

private final class DocumentXMLDelegate: NSObject, XMLParserDelegate {
    var text = ""
    private var paragraph = ""
    private var inText = false

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch elementName {
        case "w:t": inText = true
        case "w:tab": paragraph += " "
        case "w:br", "w:cr": paragraph += "\n"
        case "w:p": paragraph = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { paragraph += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch elementName {
        case "w:t": inText = false
        case "w:p":
            text += paragraph + "\n"
            paragraph = ""
        default: break
        }
    }
}
