public import Foundation
import SafeguardIngest
public import SafeguardModel
public import Testing

/// The ingest fixtures: our own texts in Tests/Fixtures/ingest.
public enum Fixture {
    /// `Tests/Fixtures/ingest/`.
    public static var directory: URL { RepositoryPaths.fixtures.appendingPathComponent("ingest") }

    /// The fixture file `name`.
    public static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// Reads the fixture `name` as the CLI would (format detected, shipped vocabulary).
    public static func read(_ name: String) throws -> Instrument {
        try InstrumentReader.read(contentsOf: url(name))
    }

    /// `examples/`.
    public static var examples: URL { RepositoryPaths.examples }
}

/// Parses text as a plain-text input would be read.
public func parse(_ text: String) throws -> Instrument {
    try InstrumentReader.read(bytes: Array(text.utf8), source: "test.txt")
}

extension Instrument {
    /// Every provision's eId, in document order.
    public var eIds: [String] { provisions.map(\.eId.rawValue) }

    /// The provision with this eId.
    public func provision(_ eId: String) -> Provision? { self[eId: EId(eId)] }

    /// The own words of the provision with this eId.
    public func text(of eId: String) -> String? { self[eId: EId(eId)].map { quote($0.textSpan) } }

    /// The codes of the reading warnings, in order.
    public func warningCodes() -> [String] { warnings.map(\.code.rawValue) }
}

/// A temporary file holding `bytes`, removed by the caller.
public func temporaryFile(_ bytes: [UInt8], name: String = "input") throws -> URL {
    let directory = try makeTemporaryDirectory(prefix: "safeguard-tests")
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url
}

/// Catches the SafeguardError kind a throwing call produces (nil when it does not throw).
public func errorKind(_ body: () throws -> Void) -> SafeguardError.Kind? {
    do {
        try body()
        return nil
    } catch let error as SafeguardError {
        return error.kind
    } catch {
        return .internalError
    }
}

/// A minimal PDF writer for fixtures: Helvetica text lines per page, correct xref offsets.
public enum TinyPDF {
    /// `pages`: lines of text per page. `encrypted` adds an /Encrypt entry to the trailer;
    /// `imageOnly` draws a filled rectangle instead of text.
    public static func make(pages: [[String]], encrypted: Bool = false, imageOnly: Bool = false) -> [UInt8] {
        var objects: [String] = []
        let pageCount = pages.count
        // 1: catalog, 2: pages, 3: font, then per page: page object and content stream.
        objects.append("<< /Type /Catalog /Pages 2 0 R >>")
        let kids = (0..<pageCount).map { "\(4 + $0 * 2) 0 R" }.joined(separator: " ")
        objects.append("<< /Type /Pages /Kids [\(kids)] /Count \(pageCount) >>")
        objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        for (index, lines) in pages.enumerated() {
            let contentNumber = 5 + index * 2
            objects.append(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents \(contentNumber) 0 "
                    + "R >>"
            )
            var stream = ""
            if imageOnly {
                stream = "0.5 g 50 50 400 600 re f\n"
            } else {
                stream = "BT /F1 11 Tf 14 TL 56 790 Td\n"
                for line in lines {
                    let escaped = line.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(")
                        .replacingOccurrences(of: ")", with: "\\)")
                    stream += "(\(escaped)) Tj T*\n"
                }
                stream += "ET\n"
            }
            objects.append("<< /Length \(stream.utf8.count) >>\nstream\n\(stream)endstream")
        }
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            out += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        out +=
            "trailer\n<< /Size \(objects.count + 1) /Root 1 0 "
                + "R\(encrypted ? " /Encrypt << /Filter /Standard /V 1 /R 2 /O (x) /U (y) /P -4 >>" : "") >>\n"
        out += "startxref\n\(xref)\n%%EOF\n"
        return Array(out.utf8)
    }
}

/// Checks the outline of `instrument` (as `safeguard parse` prints it: eIds, numbers, headings, previews,
/// definitions) against the golden `Tests/Goldens/ingest-styles/NAME.outline.txt`.
public func assertOutlineGolden(
    _ instrument: Instrument, named name: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    assertGolden(
        InstrumentOutline.render(instrument), named: "ingest-styles/\(name).outline.txt", sourceLocation: sourceLocation)
}
