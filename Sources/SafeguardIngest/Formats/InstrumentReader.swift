public import Foundation
import Logging
public import SafeguardModel

/// The input formats Safeguard reads. Detected from content; the file extension is only a hint.
public enum InputFormat: String, Sendable, CaseIterable, Codable {
    case text
    case markdown
    case html
    case pdf
    case docx
    case akn
}

/// Limits and hints for reading an instrument.
public struct ReadOptions: Sendable {
    /// Inputs larger than this many bytes are refused (default 50 MB).
    public var maxBytes: Int
    /// Forces a format instead of detecting it.
    public var format: InputFormat?
    /// The drafting vocabulary (heading keywords, markers, ...); the shipped one when nil.
    public var vocabulary: DraftingVocabulary?

    /// XML elements nested deeper than this are refused (Akoma Ntoso; default 256). Real documents stay far
    /// below it; the limit keeps a hostile file's depth from reaching code that walks the tree.
    public var maxDepth: Int

    public init(maxBytes: Int = 50_000_000, format: InputFormat? = nil, vocabulary: DraftingVocabulary? = nil, maxDepth: Int = 256) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.format = format
        self.vocabulary = vocabulary
    }
}

/// Reads a file in any supported format into an ``Instrument``.
public enum InstrumentReader {
    private static let logger = Logger(label: "safeguard.ingest")

    /// Reads and parses the file at `url`.
    /// - Throws: ``SafeguardError`` for every refusal (empty, binary, too large, malformed, ...).
    public static func read(contentsOf url: URL, options: ReadOptions = ReadOptions()) throws -> Instrument {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SafeguardError(.inputNotFound, "no such file: \(path)", file: path)
        }
        guard !isDirectory.boolValue else {
            throw SafeguardError(.inputNotFound, "\(path) is a directory, not a file", file: path)
        }
        // Check the size before reading, so a huge file is refused without loading it.
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = (attributes?[.size] as? NSNumber)?.intValue, size > options.maxBytes {
            throw SafeguardError(
                .tooLarge, "file is \(size) bytes, over the limit of \(options.maxBytes) (use --max-size to raise it)", file: path)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SafeguardError(.inputNotFound, "cannot open \(path) for reading", file: path)
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: options.maxBytes + 1)) ?? Data()
        if data.count > options.maxBytes {
            throw SafeguardError(.tooLarge, "input is over the limit of \(options.maxBytes) bytes", file: path)
        }
        let hint = url.pathExtension.lowercased()
        return try read(bytes: [UInt8](data), source: path, extensionHint: hint, options: options)
    }

    /// Reads an instrument from bytes already in memory (`source` names it in errors and metadata).
    public static func read(
        bytes: [UInt8], source: String? = nil, extensionHint: String? = nil,
        options: ReadOptions = ReadOptions()
    ) throws -> Instrument {
        guard !bytes.isEmpty else { throw SafeguardError(.emptyInput, "input is empty", file: source) }
        guard bytes.count <= options.maxBytes else {
            throw SafeguardError(.tooLarge, "input is \(bytes.count) bytes, over the limit of \(options.maxBytes)", file: source)
        }
        if options.format == nil, let unsupported = FormatDetector.unsupportedFormat(bytes) {
            throw SafeguardError(
                .binaryInput, "\(unsupported) is not supported: save the document as DOCX, PDF, HTML or plain text", file: source)
        }
        let format = options.format ?? FormatDetector.detect(bytes, extensionHint: extensionHint)
        logger.debug("reading instrument", metadata: ["source": "\(source ?? "-")", "format": "\(format.rawValue)"])
        var metadata = InstrumentMetadata(title: "", source: source, sourceFormat: format.rawValue)
        do {
            let vocabulary = try options.vocabulary ?? DraftingVocabulary.shipped()
            switch format {
            case .akn:
                var instrument = try AkomaNtosoReader.read(
                    bytes, maxBytes: options.maxBytes, vocabulary: vocabulary, maxDepth: options.maxDepth)
                instrument.metadata.source = source
                instrument.metadata.sourceFormat = format.rawValue
                return instrument
            case .pdf:
                let (text, warnings) = try PDFTextExtractor.extract(bytes, vocabulary: vocabulary)
                return try parse(text, metadata: metadata, warnings: warnings, vocabulary: vocabulary)
            case .docx:
                let text = try DOCXTextExtractor.extract(bytes, maxBytes: options.maxBytes)
                return try parse(text, metadata: metadata, warnings: [], paragraphPerLine: true, vocabulary: vocabulary)
            case .html:
                let (decoded, warnings) = try TextDecoder.decode(bytes, file: source)
                let (text, title) = HTMLTextExtractor.extract(decoded)
                if let title, metadata.title.isEmpty { metadata.title = HTMLTextExtractor.documentTitle(title) }
                return try parse(text, metadata: metadata, warnings: warnings, paragraphPerLine: true, vocabulary: vocabulary)
            case .markdown:
                let (decoded, warnings) = try TextDecoder.decode(bytes, file: source)
                return try parse(MarkdownText.plain(decoded), metadata: metadata, warnings: warnings, vocabulary: vocabulary)
            case .text:
                let (decoded, warnings) = try TextDecoder.decode(bytes, file: source)
                var textWarnings = warnings
                // Text saved from `pdftotext -layout` keeps two-column pages side by side: say so.
                let columnPages = ColumnLayout.twoColumnPages(bytes)
                if !columnPages.isEmpty {
                    let list = columnPages.prefix(12).map(String.init).joined(separator: ", ") + (columnPages.count > 12 ? ", …" : "")
                    textWarnings.append(
                        ParseWarning(
                            code: .twoColumnLayout,
                            message:
                                "page(s) \(list) of the text are laid out in two columns side by side (or as a wide table); the columns "
                                    + "are read line by line across — convert to one column first"
                        ))
                }
                let pages = PageCleaner.clean(decoded)
                return try parse(pages.text, metadata: metadata, warnings: textWarnings + pages.warnings, vocabulary: vocabulary)
            }
        } catch var error as SafeguardError {
            if error.file == nil { error.file = source }
            throw error
        }
    }

    /// Reads text as `pdftotext` wrote it: `text` in reading order, optionally the same PDF's `-raw`
    /// (content-stream order) and `-layout` output. It goes through exactly what a PDF's text goes through after
    /// extraction; for tests and fuzzing without a PDF.
    public static func read(
        pdfText text: String, streamOrder: String? = nil, layout: String? = nil,
        options: ReadOptions = ReadOptions()
    ) throws -> Instrument {
        let vocabulary = try options.vocabulary ?? DraftingVocabulary.shipped()
        guard text.utf8.count <= options.maxBytes else {
            throw SafeguardError(.tooLarge, "text is \(text.utf8.count) bytes, over the limit of \(options.maxBytes)")
        }
        let (cleaned, warnings) = PDFTextExtractor.cleanExtractedText(
            text, streamOrder: streamOrder, layout: layout, vocabulary: vocabulary)
        let metadata = InstrumentMetadata(title: "", source: nil, sourceFormat: InputFormat.pdf.rawValue)
        return try parse(cleaned, metadata: metadata, warnings: warnings, vocabulary: vocabulary)
    }

    private static func parse(
        _ text: String, metadata: InstrumentMetadata, warnings: [ParseWarning],
        paragraphPerLine: Bool = false, vocabulary: DraftingVocabulary
    ) throws -> Instrument {
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw SafeguardError(.emptyInput, "input has no text")
        }
        do {
            return try StructureParser.parse(
                text: text, metadata: metadata, warnings: warnings, paragraphPerLine: paragraphPerLine, vocabulary: vocabulary)
        } catch var error as SafeguardError where error.kind == .noStructure {
            // Say why when the layout is the likely cause.
            if let columns = warnings.first(where: { $0.code == .twoColumnLayout }) {
                error.message += " — \(columns.message)"
            }
            throw error
        }
    }
}
