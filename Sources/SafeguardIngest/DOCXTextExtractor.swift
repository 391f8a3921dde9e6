import SafeguardModel

/// Placeholder until the DOCX reader lands.
enum DOCXTextExtractor {
    static func extract(_ bytes: [UInt8], maxBytes: Int) throws -> String {
        throw SafeguardError(.internalError, "DOCX reading is not implemented yet")
    }
}
