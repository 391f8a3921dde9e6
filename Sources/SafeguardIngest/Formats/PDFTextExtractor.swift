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

    static func extract(_ bytes: [UInt8], vocabulary: DraftingVocabulary) throws -> (String, [ParseWarning]) {
        if isEncrypted(bytes) {
            throw SafeguardError(
                .encryptedPDF, "the PDF is encrypted; save an unencrypted copy (e.g. `qpdf --decrypt in.pdf out.pdf`) and read that")
        }
        guard let tool = toolPath() else {
            throw SafeguardError(
                .toolUnavailable, "reading PDF needs `pdftotext` from the poppler-utils package: apt-get install poppler-utils")
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
            throw SafeguardError(
                .toolUnavailable,
                "cannot run pdftotext (\(tool)): \(error.localizedDescription); install poppler-utils: apt-get install poppler-utils")
        }
        let errorData = errorPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorText = String(decoding: errorData, as: UTF8.self)
        if process.terminationStatus != 0 {
            let lower = errorText.lowercased()
            if lower.contains("encrypt") || lower.contains("password") || process.terminationStatus == 3 {
                throw SafeguardError(.encryptedPDF, "the PDF is encrypted or password-protected")
            }
            throw SafeguardError(
                .malformedDocument,
                "pdftotext could not read the PDF: "
                    + "\(errorText.trimmingSpaces.isEmpty ? "exit \(process.terminationStatus)" : errorText.trimmingSpaces)"
            )
        }
        guard let data = try? Data(contentsOf: output) else {
            throw SafeguardError(.malformedDocument, "pdftotext produced no output")
        }
        let raw = String(decoding: data, as: UTF8.self)
        if !raw.contains(where: { !$0.isWhitespace && $0 != "\u{0C}" }) {
            throw SafeguardError(
                .imageOnlyPDF, "the PDF has no text layer (scanned images?); run OCR first (e.g. `ocrmypdf`) and read the result")
        }
        let streamOrder = try? runPdftotext(tool: tool, input: input, output: directory.appendingPathComponent("raw.txt"), extra: ["-raw"])
        let layout = try? runPdftotext(tool: tool, input: input, output: directory.appendingPathComponent("layout.txt"), extra: ["-layout"])
        return cleanExtractedText(raw, streamOrder: streamOrder, layout: layout, vocabulary: vocabulary)
    }

    /// Everything done to pdftotext's output after it ran: the text in reading order (`raw`), optionally the
    /// same PDF in content-stream order (`-raw`) and in layout mode (`-layout`). Separate so that the fuzzer
    /// and tests can feed it text without a PDF.
    static func cleanExtractedText(_ text: String, streamOrder: String?, layout: String?, vocabulary: DraftingVocabulary) -> (
        String, [ParseWarning]
    ) {
        var raw = text
        var warnings: [ParseWarning] = []
        // Reading-order mode joins words broken at line ends and drops the hyphen, also in real compounds
        // ("cyber-" / "dependent" → "cyberdependent"). The content-stream-order text still has the break:
        // put the hyphen back for the prefixes that keep it.
        if let streamOrder {
            let (restored, count) = restoreCompoundHyphens(in: raw, from: streamOrder, keeping: vocabulary.keepHyphenPrefixes)
            raw = restoreDashLineEnds(in: restored, from: streamOrder)
            if count > 0 {
                warnings.append(
                    ParseWarning(code: .hyphensRestored, message: "restored the hyphen in \(count) compound word(s) broken across lines"))
            }
        }
        // Two-column pages: reading order is pdftotext's guess. Say which pages to check instead of trusting it.
        if let layout {
            let pages = ColumnLayout.twoColumnPages(inLayoutText: layout)
            if !pages.isEmpty {
                let list = pages.prefix(12).map(String.init).joined(separator: ", ") + (pages.count > 12 ? ", …" : "")
                warnings.append(
                    ParseWarning(
                        code: .twoColumnLayout,
                        message:
                            "page(s) \(list) are laid out in two columns (or as a wide table); the text follows pdftotext's reading order "
                            + "— check quotes from these pages against the PDF"
                    ))
            }
        }
        let cleaned = PageCleaner.clean(raw)
        warnings += cleaned.warnings
        let (repaired, count) = PageCleaner.repairHyphenation(cleaned.text, keeping: vocabulary.keepHyphenPrefixes)
        if count > 0 {
            warnings.append(ParseWarning(code: .hyphenationRepaired, message: "joined \(count) word(s) hyphenated across line breaks"))
        }
        return (repaired, warnings)
    }

    private static func runPdftotext(tool: String, input: URL, output: URL, extra: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = extra + ["-enc", "UTF-8", "-q", input.path, output.path]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw SafeguardError(.malformedDocument, "pdftotext -raw failed") }
        return String(decoding: try Data(contentsOf: output), as: UTF8.self)
    }

    /// Finds "prefix-" + line break + "suffix" in `streamOrder` for prefixes that keep their hyphen, and
    /// rewrites "prefixsuffix" as "prefix-suffix" in `text` (whole words only).
    static func restoreCompoundHyphens(in text: String, from streamOrder: String, keeping keptPrefixes: Set<String>) -> (String, Int) {
        var joined: [String: String] = [:]
        let lines = streamOrder.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where line.hasSuffix("-") && index + 1 < lines.count {
            let body = line.dropLast()
            let prefix = body.reversed().prefix { $0.isLetter }
            let suffix = lines[index + 1].drop { $0 == " " }.prefix { $0.isLetter }
            guard !prefix.isEmpty, let first = suffix.first, first.isLowercase else { continue }
            let prefixWord = String(prefix.reversed())
            guard keptPrefixes.contains(prefixWord.lowercased()) else { continue }
            joined[prefixWord + suffix] = prefixWord + "-" + suffix
        }
        guard !joined.isEmpty else { return (text, 0) }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        var count = 0
        var word = ""
        func flush() {
            if let replacement = joined[word] { out += replacement; count += 1 } else { out += word }
            word = ""
        }
        for character in text {
            if character.isLetter { word.append(character) } else { flush(); out.append(character) }
        }
        flush()
        return (out, count)
    }

    /// pdftotext's reading order also joins a line ending in a hyphen-dash with the next line when that line does
    /// not start with a letter: "substitute-" / `"(2) A person …` becomes `substitute"(2) A person …`. Put the
    /// dash and the line break back where the stream-order text has them.
    static func restoreDashLineEnds(in text: String, from streamOrder: String) -> String {
        let lines = streamOrder.split(separator: "\n", omittingEmptySubsequences: false)
        var result = text
        for (index, line) in lines.enumerated() where line.hasSuffix("-") && index + 1 < lines.count {
            let next = lines[index + 1].drop { $0 == " " }
            guard let first = next.first, !first.isLetter, first != "-" else { continue }
            // The word before the dash, with any punctuation ("substitute", "provider,").
            let word = line.dropLast().reversed().prefix { !$0.isWhitespace }
            guard word.count >= 2, word.contains(where: \.isLetter) else { continue }
            let head = String(word.reversed())
            let tail = String(next.prefix(24))
            let joined = head + tail
            if result.contains(joined) {
                result = result.replacingOccurrences(of: joined, with: head + "-\n" + tail)
            }
        }
        return result
    }

    /// An encryption dictionary in the trailer (or anywhere in a cross-reference stream).
    static func isEncrypted(_ bytes: [UInt8]) -> Bool {
        FormatDetector.findSequence(Array("/Encrypt".utf8), in: bytes, limit: Int.max) != nil
    }
}

/// Finds pages laid out in two columns in `pdftotext -layout` output (or text saved from it): most lines have
/// a gap of three or more spaces, and the text after the gap starts at about the same column, in the middle
/// part of the page. Works on bytes, page by page (form feeds), without copying lines.
enum ColumnLayout {
    static func twoColumnPages(inLayoutText text: String) -> [Int] {
        twoColumnPages(Array(text.utf8))
    }

    static func twoColumnPages(_ bytes: [UInt8]) -> [Int] {
        // On the buffer: the array's checked accesses made this look at every byte of every text ~40 instructions.
        bytes.withUnsafeBufferPointer { twoColumnPages($0) }
    }

    private static func twoColumnPages(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var result: [Int] = []
        var pageStart = 0
        var pageNumber = 1
        let n = bytes.count
        while pageStart <= n {
            var pageEnd = pageStart
            while pageEnd < n, bytes[pageEnd] != 0x0C { pageEnd += 1 }
            if isTwoColumn(bytes, pageStart, pageEnd) { result.append(pageNumber) }
            pageNumber += 1
            pageStart = pageEnd + 1
        }
        return result
    }

    private static func isTwoColumn(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        // Pass 1: width (characters ≈ bytes for this purpose) and count of non-blank lines.
        var width = 0
        var contentLines = 0
        var lineStart = start
        var k = start
        while k <= end {
            if k == end || bytes[k] == 0x0A {
                if k - lineStart > width { width = k - lineStart }
                if bytes[lineStart..<k].contains(where: { $0 != 0x20 }) { contentLines += 1 }
                lineStart = k + 1
            }
            k += 1
        }
        guard contentLines >= 8, width >= 40 else { return false }
        // Pass 2: where the right-hand text starts, in buckets of three columns.
        var starts: [Int: Int] = [:]
        lineStart = start
        k = start
        while k <= end {
            if k == end || bytes[k] == 0x0A {
                if let column = rightColumnStart(bytes, lineStart, k, width: width) { starts[column / 3, default: 0] += 1 }
                lineStart = k + 1
            }
            k += 1
        }
        let best = starts.keys.map { key in (starts[key - 1] ?? 0) + starts[key]! + (starts[key + 1] ?? 0) }.max() ?? 0
        return best >= 8 && best * 2 >= contentLines
    }

    /// Where text resumes after a gap of three or more spaces in the middle part of the line, if it does.
    private static func rightColumnStart(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, width: Int) -> Int? {
        var k = start
        while k < end, bytes[k] == 0x20 { k += 1 }
        guard k < end, k - start < width * 3 / 10 else { return nil }  // the line must start in the left column
        var run = 0
        while k < end {
            if bytes[k] == 0x20 {
                run += 1
            } else {
                let column = k - start
                if run >= 3, column >= width * 3 / 10, column <= width * 7 / 10 { return column }
                run = 0
            }
            k += 1
        }
        return nil
    }
}
