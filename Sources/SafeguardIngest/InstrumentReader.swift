import Foundation
import SafeguardModel

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

    public init(maxBytes: Int = 50_000_000, format: InputFormat? = nil) {
        self.maxBytes = maxBytes
        self.format = format
    }
}

/// Reads a file in any supported format into an ``Instrument``.
public enum InstrumentReader {
    /// Reads and parses the file at `url`.
    /// - Throws: ``SafeguardError`` for every refusal (empty, binary, too large, malformed, ...).
    public static func read(contentsOf url: URL, options: ReadOptions = ReadOptions()) throws -> Instrument {
        throw SafeguardError(.internalError, "reading is not implemented yet", file: url.path)
    }
}
