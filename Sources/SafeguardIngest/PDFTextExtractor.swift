import Foundation
import SafeguardModel

/// Extracts the text layer of a PDF with poppler's `pdftotext` (reading order, pages kept apart by form
/// feeds), then removes page furniture and repairs hyphenation across line breaks.
enum PDFTextExtractor {
    /// Finds `pdftotext` on PATH.
    static func toolPath() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/pdftotext"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func extract(_ bytes: [UInt8]) throws -> (String, [ParseWarning]) {
        if isEncrypted(bytes) {
            throw SafeguardError(.encryptedPDF, "the PDF is encrypted; save an unencrypted copy (e.g. `qpdf --decrypt in.pdf out.pdf`) and read that")
        }
        guard let tool = toolPath() else {
            throw SafeguardError(.toolUnavailable, "reading PDF needs `pdftotext` from the poppler-utils package: apt-get install poppler-utils")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("safeguard-pdf-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("input.pdf")
        let output = directory.appendingPathComponent("output.txt")
        do {
            try Data(bytes).write(to: input)
        } catch {
            throw SafeguardError(.internalError, "cannot write a temporary copy of the PDF: \(error.localizedDescription)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        // No -layout: reading order, one text flow per column. Form feeds between pages are kept.
        process.arguments = ["-enc", "UTF-8", "-q", input.path, output.path]
        let errorPipe = Pipe()
        process.standardError = errorPipe
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw SafeguardError(.toolUnavailable, "cannot run pdftotext (\(tool)): \(error.localizedDescription); install poppler-utils: apt-get install poppler-utils")
        }
        let errorData = errorPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorText = String(decoding: errorData, as: UTF8.self)
        if process.terminationStatus != 0 {
            let lower = errorText.lowercased()
            if lower.contains("encrypt") || lower.contains("password") || process.terminationStatus == 3 {
                throw SafeguardError(.encryptedPDF, "the PDF is encrypted or password-protected")
            }
            throw SafeguardError(.malformedDocument, "pdftotext could not read the PDF: \(errorText.trimmingSpaces.isEmpty ? "exit \(process.terminationStatus)" : errorText.trimmingSpaces)")
        }
        guard let data = try? Data(contentsOf: output) else {
            throw SafeguardError(.malformedDocument, "pdftotext produced no output")
        }
        let raw = String(decoding: data, as: UTF8.self)
        if !raw.contains(where: { !$0.isWhitespace && $0 != "\u{0C}" }) {
            throw SafeguardError(.imageOnlyPDF, "the PDF has no text layer (scanned images?); run OCR first (e.g. `ocrmypdf`) and read the result")
        }
        var warnings: [ParseWarning] = []
        let cleaned = PageCleaner.clean(raw)
        warnings += cleaned.warnings
        let (repaired, count) = PageCleaner.repairHyphenation(cleaned.text)
        if count > 0 {
            warnings.append(ParseWarning(code: "hyphenation-repaired", message: "joined \(count) word(s) hyphenated across line breaks"))
        }
        return (repaired, warnings)
    }

    /// An encryption dictionary in the trailer (or anywhere in a cross-reference stream).
    static func isEncrypted(_ bytes: [UInt8]) -> Bool {
        FormatDetector.findSequence(Array("/Encrypt".utf8), in: bytes, limit: Int.max) != nil
    }
}
