/// Every failure Safeguard reports to a user, with the documented process exit code it maps to.
///
/// Exit codes follow BSD `sysexits.h` where one fits, so scripts can tell bad input from a missing tool.
/// See `docs/cli.md` for the table.
public struct SafeguardError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// The input file does not exist or cannot be opened (exit 66).
        case inputNotFound = "input-not-found"
        /// Empty input (exit 65).
        case emptyInput = "empty-input"
        /// Binary or otherwise non-text content where text was expected (exit 65).
        case binaryInput = "binary-input"
        /// Bytes that cannot be decoded as text (exit 65).
        case undecodable
        /// Input larger than the configured limit (exit 65).
        case tooLarge = "too-large"
        /// XML that is not well formed, or uses forbidden constructs such as external entities (exit 65).
        case malformedXML = "malformed-xml"
        /// A PDF that is encrypted (exit 65).
        case encryptedPDF = "encrypted-pdf"
        /// A PDF that has no text layer (scanned images) (exit 65).
        case imageOnlyPDF = "image-only-pdf"
        /// A DOCX/ZIP that is damaged or lacks `word/document.xml` (exit 65).
        case malformedDocument = "malformed-document"
        /// Input that is readable but holds no provisions at all (exit 65).
        case noStructure = "no-structure"
        /// Invalid request, profile, rule set or other data given to a command (exit 65).
        case invalidData = "invalid-data"
        /// A lexicon, framework, review or rule-set file that is invalid (exit 78).
        case invalidConfiguration = "invalid-configuration"
        /// An external program Safeguard needs is missing, e.g. `pdftotext` (exit 69).
        case toolUnavailable = "tool-unavailable"
        /// The output cannot be written (exit 73).
        case cannotWriteOutput = "cannot-write-output"
        /// A check found a problem: e.g. the audit log's hash chain is broken (exit 1).
        case checkFailed = "check-failed"
        /// A bug: something that should never happen (exit 70).
        case internalError = "internal-error"
    }

    public var kind: Kind
    public var message: String
    /// The file concerned, when there is one.
    public var file: String?
    /// 1-based line in that file, when known.
    public var line: Int?

    public init(_ kind: Kind, _ message: String, file: String? = nil, line: Int? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
        self.line = line
    }

    /// The process exit code for this error (documented in `docs/cli.md`).
    public var exitCode: Int32 {
        switch kind {
        case .checkFailed: 1
        case .emptyInput, .binaryInput, .undecodable, .tooLarge, .malformedXML, .encryptedPDF,
            .imageOnlyPDF, .malformedDocument, .noStructure, .invalidData:
            65
        case .inputNotFound: 66
        case .toolUnavailable: 69
        case .internalError: 70
        case .cannotWriteOutput: 73
        case .invalidConfiguration: 78
        }
    }

    public var description: String {
        var location = ""
        if let file {
            location = file
            if let line { location += ":\(line)" }
            location += ": "
        }
        return "\(location)\(message)"
    }
}
