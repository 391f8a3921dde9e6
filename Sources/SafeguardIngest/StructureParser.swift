import Logging
import SafeguardModel

/// Reads the structure of a legal text: title block, preamble, containers, articles or sections,
/// paragraphs and points, with Akoma Ntoso eIds and byte spans into the normalised text.
///
/// Works line by line over UTF-8 bytes. Handles UN treaty style, Council-of-Europe style, Commonwealth
/// acts, US Code style and plain numbered paragraphs; skips tables of contents, page furniture and
/// footnotes; reports what it could not decide as ``ParseWarning``s instead of guessing silently.
public enum StructureParser {
    /// Parses `text` (normalised first, see ``TextNormalizer``) into an ``Instrument``.
    ///
    /// - Parameters:
    ///   - text: the extracted text of the instrument.
    ///   - metadata: facts already known (source, format); title, kind, date are filled from the title block
    ///     when empty or `.other`.
    ///   - warnings: warnings from earlier stages (decoding, extraction), kept in front of the parser's own.
    /// - Throws: ``SafeguardError`` `.noStructure` when the text holds no provision at all.
    ///   - paragraphPerLine: each line is a whole paragraph (DOCX, HTML), so a new line is never a hard wrap.
    ///   - vocabulary: the drafting vocabulary (heading keywords, markers, ...); the shipped one when nil.
    public static func parse(
        text: String,
        metadata: InstrumentMetadata = InstrumentMetadata(title: ""),
        warnings: [ParseWarning] = [],
        paragraphPerLine: Bool = false,
        vocabulary: DraftingVocabulary? = nil
    ) throws -> Instrument {
        let vocabulary = try vocabulary ?? DraftingVocabulary.shipped()
        let normalized = TextNormalizer.normalize(text)
        var builder = TreeBuilder(bytes: Array(normalized.utf8), vocabulary: vocabulary)
        builder.warnings = warnings
        builder.paragraphPerLine = paragraphPerLine
        try builder.run()
        var meta = metadata
        builder.fillMetadata(&meta)
        let provisions = builder.makeProvisions()
        var instrument = Instrument(
            metadata: meta, text: normalized, provisions: provisions, warnings: builder.warnings
        )
        let extras = LinkExtractor(instrument: instrument, bytes: builder.bytes, documentMode: builder.mode, vocabulary: vocabulary)
        instrument.definitions = extras.definitions()
        instrument.references = extras.references()
        return instrument
    }
}

/// How units are written in the document, decided once from the whole text.
enum DocumentMode {
    /// Articles ("Article 7"): treaties, conventions, model laws.
    case treaty
    /// Numbered sections ("3.—(1)", "§ 1030", "SEC. 2."): national acts and codes.
    case act
    /// Numbered paragraphs only ("1.", "2."): resolutions, short drafts.
    case plain
}

struct TreeBuilder {
    struct Node {
        var kind: ProvisionKind
        var num: String?
        var label: String?
        var ordinal: Int?
        var isRoman = false
        var isNumberWord = false
        var isBareRoman = false
        /// An unnumbered line after numbered recitals: the enacting formula ("HAVE ADOPTED THIS DIRECTIVE:").
        var isFormula = false
        var heading: String?
        var start: Int
        var end: Int
        var headEnd: Int
        var textStart: Int?
        var textEnd: Int?
        var parent: Int?
        var children: [Int] = []
        var listType: EnumeratorType?
        var line: Int
        var isUSCode = false
        var eId = ""
    }

    let bytes: [UInt8]
    var lines: [TextLine] = []
    var tokens: [LineToken] = []
    var nodes: [Node] = []
    var stack: [Int] = []
    var warnings: [ParseWarning] = []
    var mode: DocumentMode = .plain
    var titleLines: [Int] = []
    var frontLines: [Int] = []
    var consumed = Set<Int>()
    var lastUnit: (ordinal: Int, label: String)?
    var pendingMarginalNote: (text: String, start: Int)?
    var paragraphPerLine = false
    /// The 75th percentile of line lengths (bytes) over lines of 40 bytes or more: a "full" hard-wrapped line.
    var typicalLineLength = 0
    var titleRank: Int = 2
    /// Parts are above chapters, except in acts whose chapters hold parts (South Africa: "CHAPTER 2" / "Part I").
    var partRank: Int = 1
    /// A line whose beginning already served as the end of a wrapped section title: only its rest is handled.
    var partialLine: (index: Int, start: Int)?
    var sawChapterBeforeTitle = false
    private let classifier: LineClassifier
    private let logger = Logger(label: "safeguard.ingest.structure")

    let vocabulary: DraftingVocabulary

    init(bytes: [UInt8], vocabulary: DraftingVocabulary) {
        self.bytes = bytes
        self.vocabulary = vocabulary
        self.classifier = LineClassifier(bytes: bytes, vocabulary: vocabulary)
    }

    // MARK: driver

    mutating func run() throws {
        splitLines()
        tokens = lines.map { classifier.classify($0) }
        var lengths = lines.map { $0.end - $0.content }.filter { $0 >= 40 }
        if lengths.count >= 20 {
            lengths.sort()
            typicalLineLength = lengths[lengths.count * 3 / 4]
        } else {
            // Short documents (or text without blank lines and few long lines): all non-blank lines decide.
            var all = lines.map { $0.end - $0.content }.filter { $0 > 0 }
            if all.count >= 5 {
                all.sort()
                typicalLineLength = all[all.count * 3 / 4]
            }
        }
        rejectFalseHeadings()
        keepRomanHeadingSequences()
        markQuotedAmendments()
        markClosingFormula()
        markRepeatedSymbolLines()
        markFootnotes()
        decideMode()
        markTablesOfContents()
        var firstBody = firstBodyLine()
        // The marginal note of the first section ("Unauthorized use of device" / "342.1 (1) Everyone …") opens the
        // body, not the front matter.
        if let first = firstBody, mode == .act, first > 0, case .numbered = tokens[first], case .text = tokens[first - 1],
           previousContentLine(before: first - 1) != nil, isMarginalNote(first - 1),
           lines[first - 1].end - lines[first - 1].content <= 60, !startsWithPreambleOpener(first - 1) {
            firstBody = first - 1
        }
        buildFrontMatter(upTo: firstBody ?? lines.count)
        if let firstBody {
            for index in firstBody..<lines.count where !consumed.contains(index) {
                handle(line: index)
            }
        }
        guard nodes.contains(where: { $0.kind != .preamble && $0.kind != .recital }) else {
            throw SafeguardError(.noStructure, "no articles, sections, chapters or numbered paragraphs found")
        }
        assignEIds()
        // Earlier stages' warnings (no line) first, then the parser's in line order.
        warnings = warnings.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
        logger.debug("parsed structure", metadata: ["nodes": "\(nodes.count)", "mode": "\(mode)"])
    }

    private mutating func splitLines() {
        var start = 0
        let n = bytes.count
        lines.reserveCapacity(n / 40)
        bytes.withUnsafeBufferPointer { buffer in
            var i = 0
            while i < n {
                if buffer[i] == Bytes.newline {
                    lines.append(makeLine(start, i, buffer))
                    start = i + 1
                }
                i += 1
            }
            if start < n { lines.append(makeLine(start, n, buffer)) }
        }
    }

    private func makeLine(_ start: Int, _ end: Int, _ buffer: UnsafeBufferPointer<UInt8>) -> TextLine {
        var content = start
        while content < end, buffer[content] == 0x20 { content += 1 }
        var e = end
        while e > content, buffer[e - 1] == 0x20 { e -= 1 }
        return TextLine(start: start, end: e, content: content)
    }

    func lineNumber(_ index: Int) -> Int { index + 1 }

    mutating func warn(_ code: String, _ message: String, line index: Int) {
        warnings.append(ParseWarning(code: code, message: message, line: lineNumber(index), offset: lines[index].content))
    }

    // MARK: line helpers

    func nextContentLine(after index: Int) -> Int? {
        var j = index + 1
        while j < lines.count {
            switch tokens[j] {
            case .blank, .noise: j += 1
            default: return j
            }
        }
        return nil
    }

    func previousContentLine(before index: Int) -> Int? {
        var j = index - 1
        while j >= 0 {
            switch tokens[j] {
            case .blank, .noise: j -= 1
            default: return j
            }
        }
        return nil
    }

    func lineText(_ index: Int) -> String { Bytes.string(bytes, lines[index].content, lines[index].end) }

    func startsLowercase(_ index: Int) -> Bool {
        let line = lines[index]
        return !line.isBlank && Bytes.isLower(bytes[line.content])
    }

    func lastByte(_ index: Int) -> UInt8? {
        let line = lines[index]
        return line.isBlank ? nil : bytes[line.end - 1]
    }

    /// A short line that reads as a heading: capitalised, no sentence punctuation at the end.
    func isHeadingLike(_ index: Int, allowPeriod: Bool = false) -> Bool {
        guard case .text = tokens[index] else { return false }
        let line = lines[index]
        let length = line.end - line.content
        guard length > 0, length <= 140 else { return false }
        let first = bytes[line.content]
        guard Bytes.isUpper(first) || first == 0x5B || first >= 0x80 || Bytes.isDigit(first) else { return false }
        if first >= 0x80, Bytes.quoteLength(bytes, line.content, line.end) > 0 { return false }
        switch bytes[line.end - 1] {
        case 0x2C, 0x3B, 0x3A: return false
        case 0x2E: return allowPeriod && length <= 60
        default:
            if Bytes.dashLength(bytes, line.end - 1, line.end) > 0 { return false }
            if line.end >= 3, Bytes.dashLength(bytes, line.end - 3, line.end) == 3 { return false }
            return true
        }
    }

    /// "Title 1 – Offences against the … of computer" / "data and systems": an inline heading wrapped onto the
    /// next line, which starts in lower case, is short and ends without punctuation.
    func inlineHeadingContinuation(after index: Int) -> Int? {
        let next = index + 1
        guard next < lines.count, case .text = tokens[next], startsLowercase(next) else { return nil }
        let line = lines[next]
        guard line.end - line.content <= 60, let last = lastByte(next), Bytes.isLetter(last) || last == 0x29,
              !containsSentenceVerb(next) else { return nil }
        // The line after it must not run on in lower case (then it is a sentence).
        if next + 1 < lines.count, !lines[next + 1].isBlank, startsLowercase(next + 1) { return nil }
        return next
    }

    /// Letters, all upper case (at least three of them).
    func isAllCaps(_ index: Int) -> Bool {
        var letters = 0
        let line = lines[index]
        for k in line.content..<line.end {
            if Bytes.isLower(bytes[k]) { return false }
            if Bytes.isUpper(bytes[k]) { letters += 1 }
        }
        return letters >= 3
    }

    /// The heading written on the line(s) after a bare "Article 7" / "CHAPTER II" line, if any.
    func headingLines(after index: Int) -> [Int] {
        guard let next = nextContentLine(after: index), next - index <= 8, isHeadingLike(next) else { return [] }
        // Headings are noun phrases: a line with "shall" is the start of the article's text.
        if containsSentenceVerb(next) { return [] }
        var result = [next]
        // A heading in capitals wrapped onto a second line in capitals ("DATA INTERFERENCE AND MISUSE OF" /
        // "DEVICES BY PUBLIC OFFICIALS").
        // Only when the first line cannot end the heading (a connective word) or no section follows the second
        // (in acts, "PRELIMINARY" / "SHORT TITLE" / "1. This Act …" is a heading and a marginal note).
        if let second = nextContentLine(after: next), second == next + 1, isAllCaps(next), isAllCaps(second),
           isHeadingLike(second), !containsSentenceVerb(second) {
            let words = lineText(next).split(separator: " ")
            let connective = words.last.map { ["AND", "OF", "THE", "TO", "FOR", "IN", "ON", "BY", "WITH", "OR", "AGAINST", "FROM", "AT"].contains(String($0)) } ?? false
            var thirdIsText = false
            if let third = nextContentLine(after: second), case .text = tokens[third] { thirdIsText = true }
            if connective || thirdIsText {
                result.append(second)
                return result
            }
        }
        // A heading wrapped onto a second line starts in lower case ("Procedural measures and law\nenforcement");
        // a sentence wrapped onto a second line runs on ("Each State Party shall adopt\nsuch measures ...").
        if let second = nextContentLine(after: next), second == next + 1, case .text = tokens[second], startsLowercase(second) {
            let last = lastByte(second) ?? 0
            let short = lines[second].end - lines[second].content <= 80
            let third = nextContentLine(after: second)
            let runsOn = third.map { $0 == second + 1 && startsLowercase($0) } ?? false
            guard short, last != 0x2E, last != 0x3B, last != 0x2C, last != 0x3A, !runsOn else { return [] }
            result.append(second)
        }
        return result
    }

    // MARK: context decisions

    /// "Article 24" alone on a line followed by lower-case words is a wrapped reference, not a heading.
    private mutating func rejectFalseHeadings() {
        var lastArticle: Int?
        for index in tokens.indices {
            guard case .heading(let match) = tokens[index] else { continue }
            if match.kind == .article {
                // "Article 24 The …" with a sentence and no separator: an article only where its number comes next.
                if match.isInlineSentence, let last = lastArticle, match.ordinal != last + 1 {
                    tokens[index] = .text
                    continue
                }
                if let ordinal = match.ordinal { lastArticle = ordinal }
            }
            if match.heading == nil, match.label != nil, match.kind != .annex, match.kind != .schedule,
               let next = nextContentLine(after: index), startsLowercase(next) {
                tokens[index] = .text
            }
            // "... in accordance with\nChapter II.\n2. Each ...": a bare reference ending a wrapped sentence. The
            // line before is a long line of running text that stops mid-sentence (lower case or comma).
            if match.heading == nil, match.label != nil, match.kind != .annex, match.kind != .schedule, !match.isUSCode,
               let previous = previousContentLine(before: index), previous == index - 1, isRunningText(previous),
               let last = lastByte(previous), Bytes.isLower(last) || last == 0x2C,
               lines[previous].end - lines[previous].content >= 50 {
                tokens[index] = .text
            }
        }
    }

    /// "I. Introduction" / "II. Recommendations": bare Roman headings are chapters only when they run I, II,
    /// III, ... (restarting at I after an annex heading); a lone "V. Something" stays text.
    private mutating func keepRomanHeadingSequences() {
        var candidates: [[Int]] = [[]]
        for index in tokens.indices {
            guard case .heading(let match) = tokens[index] else { continue }
            if match.kind == .annex || match.kind == .schedule { candidates.append([]); continue }
            guard match.isBareRoman else { continue }
            candidates[candidates.count - 1].append(index)
        }
        for group in candidates {
            var expected = 1
            var kept: [Int] = []
            for index in group {
                guard case .heading(let match) = tokens[index] else { continue }
                if match.ordinal == expected { kept.append(index); expected += 1 } else { tokens[index] = .text }
            }
            if kept.count < 2 { for index in kept { tokens[index] = .text } }
        }
    }

    /// Amending acts quote the words they insert: "for subsection (2) substitute—" / `"(2) A person …".`.
    /// The quoted sections and subsections are text of the amending provision, not provisions of this act.
    private mutating func markQuotedAmendments() {
        var index = 0
        var kept = 0
        var first: Int?
        while index < lines.count {
            // Only lines opening with a quotation mark (", “, «) can start a block: test the first byte inline.
            let opening = lines[index].content < lines[index].end ? bytes[lines[index].content] : 0
            guard opening == 0x22 || opening == 0xE2 || opening == 0xC2, let end = quotedBlockEnd(startingAt: index) else { index += 1; continue }
            for k in index...end {
                if case .blank = tokens[k] { continue }
                tokens[k] = .text
                kept += 1
            }
            if first == nil { first = index }
            index = end + 1
        }
        if let first {
            warn("quoted-structure", "kept \(kept) line(s) of quoted provisions (amending text) as text of the amending provision", line: first)
        }
    }

    /// The last line of a quoted block opening at `index`: the line starts with a quotation mark and a heading or
    /// number, follows a line ending in a dash or colon, and a later line ends with a closing quotation mark.
    private func quotedBlockEnd(startingAt index: Int) -> Int? {
        let line = lines[index]
        guard !line.isBlank else { return nil }
        let q = Bytes.quoteLength(bytes, line.content, line.end)
        guard q > 0, bytes[line.content] != 0x27, line.content + q < line.end else { return nil }
        let inner = TextLine(start: line.start, end: line.end, content: line.content + q)
        switch classifier.classify(inner) {
        case .heading, .numbered, .enumerators: break
        default: return nil
        }
        guard let previous = previousContentLine(before: index) else { return nil }
        let p = lines[previous]
        let last = bytes[p.end - 1]
        let endsWithDash = last == 0x3A || Bytes.dashLength(bytes, p.end - 1, p.end) > 0 || (p.end - p.content >= 3 && Bytes.dashLength(bytes, p.end - 3, p.end) == 3)
        guard endsWithDash else { return nil }
        var k = index
        while k < lines.count, k - index < 400 {
            let l = lines[k]
            if !l.isBlank {
                var e = l.end
                while e > l.content, bytes[e - 1] == 0x2E || bytes[e - 1] == 0x3B || bytes[e - 1] == 0x2C { e -= 1 }
                if e > l.content + (k == index ? q : 0) {
                    let b = bytes[e - 1]
                    let closes = b == 0x22 || (e - 3 >= l.content && bytes[e - 3] == 0xE2 && bytes[e - 2] == 0x80 && (bytes[e - 1] == 0x9D || bytes[e - 1] == 0x99))
                        || (e - 2 >= l.content && bytes[e - 2] == 0xC2 && bytes[e - 1] == 0xBB)
                    if closes { return k }
                }
                // A new heading of the amending act itself ends the search: the quote never closed.
                if k > index, case .heading = tokens[k] { return nil }
            }
            k += 1
        }
        return nil
    }

    private func isRunningText(_ index: Int) -> Bool {
        switch tokens[index] {
        case .text, .numbered, .enumerators: return true
        default: return false
        }
    }

    /// "IN WITNESS WHEREOF ... DONE at ...": the closing formula after the last article is not part of it.
    private mutating func markClosingFormula() {
        let openers = vocabulary.closingFormulas
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard case .text = tokens[index], openers.contains(where: { Bytes.hasPrefix(bytes, line.content, line.end, $0) }) else {
                index += 1
                continue
            }
            let start = index
            while index < lines.count {
                if case .heading = tokens[index] { break }  // an annex, schedule or any new heading ends it
                if case .blank = tokens[index] {} else { tokens[index] = .noise }
                index += 1
            }
            warn("closing-formula", "the closing formula (\(index - start) lines) belongs to no provision", line: start)
        }
    }

    /// Running headers that survived without page breaks (text copied from a PDF): short symbol-like lines
    /// ("A/AC.999/L.1", "V.26-01234") repeated three or more times are page furniture.
    private mutating func markRepeatedSymbolLines() {
        var counts: [[UInt8]: Int] = [:]
        var keys: [Int: [UInt8]] = [:]
        for index in lines.indices {
            let line = lines[index]
            guard line.end - line.content <= 40, case .text = tokens[index] else { continue }
            // Most short lines are headings in mixed case: reject them before allocating a key.
            var hasLower = false
            for k in line.content..<line.end where Bytes.isLower(bytes[k]) { hasLower = true; break }
            if hasLower { continue }
            var key: [UInt8] = []
            var hasDigitOrSlash = false
            var symbolLike = true
            var punctuation = 0
            var digitGroups = 0
            for k in line.content..<line.end {
                let b = bytes[k]
                if Bytes.isDigit(b) { hasDigitOrSlash = true; if key.last != 0x23 { key.append(0x23); digitGroups += 1 }; continue }
                if b == 0x2F { hasDigitOrSlash = true }
                if b == 0x2F || b == 0x2E || b == 0x2D { punctuation += 1 }
                if Bytes.isLower(b) { symbolLike = false; break }
                key.append(b)
            }
            // A document symbol has a slash, period or hyphen, or several numbers ("A/AC.999/L.1",
            // "V.26-01234 3/9"); "FORM 1", "FORM 2" are headings of a schedule.
            guard symbolLike, hasDigitOrSlash, punctuation > 0 || digitGroups >= 2 else { continue }
            counts[key, default: 0] += 1
            keys[index] = key
        }
        // Running headers with words ("Device Crimes Act 2029 7", "The Device Act"): a capitalised line without
        // final punctuation, with a number or equal to the first line (the title), repeated three or more times
        // at least ten lines apart.
        var wordyLines: [[UInt8]: [Int]] = [:]
        let firstContent = lines.firstIndex { !$0.isBlank }
        for index in lines.indices {
            // Cheap byte tests before the token and the dictionary: this runs for every line.
            let line = lines[index]
            let length = line.end - line.content
            guard length >= 4, length <= 70, Bytes.isUpper(bytes[line.content]) else { continue }
            let last = bytes[line.end - 1]
            guard last != 0x2E, last != 0x2C, last != 0x3B, last != 0x3A else { continue }
            guard case .text = tokens[index], keys[index] == nil else { continue }
            // Cheap tests first: most such lines are headings without a number.
            var hasDigit = false
            for k in line.content..<line.end where Bytes.isDigit(bytes[k]) { hasDigit = true; break }
            var isTitle = false
            if !hasDigit, let title = firstContent, title != index, lines[title].end - lines[title].content == length {
                isTitle = bytes[lines[title].content..<lines[title].end].elementsEqual(bytes[line.content..<line.end])
            }
            guard hasDigit || isTitle else { continue }
            var key: [UInt8] = []
            for k in line.content..<line.end {
                let b = bytes[k]
                if Bytes.isDigit(b) { if key.last != 0x23 { key.append(0x23) }; continue }
                key.append(b)
            }
            // At least two words besides the number: "FORM 1", "FORM 2", … are schedule headings, not headers.
            let words = Bytes.string(bytes, line.content, line.end).split(separator: " ").filter { $0.contains { $0.isLetter } }
            guard words.count >= 2 else { continue }
            wordyLines[key, default: []].append(index)
        }
        for (key, occurrences) in wordyLines where occurrences.count >= 3 {
            let spread = zip(occurrences, occurrences.dropFirst()).allSatisfy { $1 - $0 >= 10 }
            guard spread else { continue }
            for index in occurrences { keys[index] = key }
            counts[key] = occurrences.count
        }
        var removed = 0
        var first: Int?
        for (index, key) in keys.sorted(by: { $0.key < $1.key }) where counts[key, default: 0] >= 3 {
            tokens[index] = .noise
            removed += 1
            if first == nil { first = index }
        }
        if let first {
            warn("repeated-lines-removed", "removed \(removed) repeated running-header line(s)", line: first)
        }
    }

    /// Footnotes under a rule ("______" then "1 See ..."): noise until the next blank line or heading.
    private mutating func markFootnotes() {
        var index = 0
        var skipped = 0
        var firstLine: Int?
        while index < lines.count {
            defer { index += 1 }
            guard case .noise = tokens[index], isRuleLine(index) else { continue }
            var k = index + 1
            guard k < lines.count, !lines[k].isBlank, startsWithFootnoteNumber(k) else { continue }
            while k < lines.count, !lines[k].isBlank {
                if case .heading = tokens[k] { break }
                tokens[k] = .noise
                skipped += 1
                if firstLine == nil { firstLine = k }
                k += 1
            }
            index = k - 1
        }
        if let firstLine {
            warn("footnotes-skipped", "skipped \(skipped) footnote line(s) under a rule", line: firstLine)
        }
    }

    private func isRuleLine(_ index: Int) -> Bool {
        let line = lines[index]
        guard line.end - line.content >= 3 else { return false }
        for k in line.content..<line.end where bytes[k] != 0x5F && bytes[k] != 0x2D && bytes[k] != 0x20 { return false }
        return true
    }

    private func startsWithFootnoteNumber(_ index: Int) -> Bool {
        let line = lines[index]
        var i = line.content
        while i < line.end, Bytes.isDigit(bytes[i]), i - line.content < 3 { i += 1 }
        if i > line.content, i < line.end, bytes[i] == 0x20 { return true }
        // Superscript digits
        if bytes[line.content] == 0xC2 || bytes[line.content] == 0xE2 {
            if case .noise = tokens[index] { return true }
        }
        return false
    }

    private mutating func decideMode() {
        var articles = 0
        var actSignals = 0
        var inAnnex = false
        var articlesInAnnexes = 0
        for token in tokens {
            switch token {
            case .heading(let match):
                if match.kind == .annex || match.kind == .schedule { inAnnex = true }
                if match.kind == .article, !match.endsWithPageNumber { if inAnnex { articlesInAnnexes += 1 } else { articles += 1 } }
                if match.kind == .section, match.isUSCode || !match.isSectionKeyword { actSignals += 1 }
                if match.kind == .part || match.kind == .schedule { actSignals += 1 }
            case .numbered(let numbered):
                if numbered.hasDash { actSignals += 2 }
                if numbered.restStart < bytes.count, bytes[numbered.restStart] == 0x28 { actSignals += 1 }
            default: break
            }
        }
        // An act's title names it: "Computer Misuse Act 2026".
        var seen = 0
        for index in lines.indices where seen < 12 {
            guard case .text = tokens[index] else { continue }
            seen += 1
            if containsWord(index, vocabulary.actTitleWords) { actSignals += 2 }
        }
        var sectionKeywordHeadings = 0
        for token in tokens { if case .heading(let m) = token, m.isSectionKeyword { sectionKeywordHeadings += 1 } }
        if articles > 0 {
            mode = .treaty
        } else if actSignals >= 2 || sectionKeywordHeadings > 0 {
            // An act that schedules a convention: its own sections decide, the scheduled articles stay articles.
            mode = .act
        } else if articlesInAnnexes > 0 {
            mode = .treaty
        } else {
            mode = .plain
        }
        // "Section 1 – ..." inside a treaty is a division of a chapter; in an act it is a section.
        if mode == .treaty {
            for index in tokens.indices {
                if case .heading(var match) = tokens[index], match.isSectionKeyword {
                    match.kind = .division
                    tokens[index] = .heading(match)
                }
            }
        }
    }

    private func containsWord(_ index: Int, _ words: Set<String>) -> Bool {
        let line = lines[index]
        var i = line.content
        while i < line.end {
            while i < line.end, !Bytes.isLetter(bytes[i]) { i += 1 }
            let start = i
            while i < line.end, Bytes.isLetter(bytes[i]) { i += 1 }
            if i > start {
                let word = Bytes.string(bytes, start, i)
                if words.contains(word) { return true }
            }
        }
        return false
    }

    /// Whether the line has a sentence verb ("shall", "means", ...) outside an idiom such as "by means of".
    /// Case-sensitive like ``containsWord(_:_:)``: a capitalised "Means" opening a heading is a noun.
    private func containsSentenceVerb(_ index: Int) -> Bool {
        let line = lines[index]
        var i = line.content
        var previous: String?
        while i < line.end {
            while i < line.end, !Bytes.isLetter(bytes[i]) { i += 1 }
            let start = i
            while i < line.end, Bytes.isLetter(bytes[i]) { i += 1 }
            if i > start {
                let word = Bytes.string(bytes, start, i)
                if vocabulary.isSentenceVerb(word, after: previous) { return true }
                previous = word
            }
        }
        return false
    }

    /// A TOC entry: a heading line (article, chapter, ...) or, in acts, "12. Short title".
    private func isEntry(_ index: Int) -> Bool {
        switch tokens[index] {
        case .heading: return true
        case .numbered(let numbered):
            guard mode == .act else { return false }
            let line = lines[index]
            let rest = line.end - numbered.restStart
            guard rest > 0, rest <= 90 else { return false }
            let first = bytes[numbered.restStart]
            guard Bytes.isUpper(first) else { return false }
            let last = bytes[line.end - 1]
            // Section titles are noun phrases; "1. The Parties shall cooperate." is a provision.
            if containsSentenceVerb(index) { return false }
            return last != 0x2C && last != 0x3B && last != 0x3A && !(last == 0x2E && rest > 60)
        default: return false
        }
    }

    private func isUnitEntry(_ index: Int) -> Bool {
        switch tokens[index] {
        case .heading(let match): return match.kind.isUnit
        case .numbered: return true
        default: return false
        }
    }

    private func entryKey(_ index: Int) -> String? {
        switch tokens[index] {
        case .heading(let match): return "\(match.kind.rawValue):\(match.label?.lowercased() ?? "")"
        case .numbered(let numbered): return "section:\(numbered.label.lowercased())"
        default: return nil
        }
    }

    /// The line where an entry's text would start (after its heading lines), for the "has body" test.
    private func entryHasBody(_ index: Int, headingLines: [Int]) -> Bool {
        if case .heading(let match) = tokens[index] {
            if match.endsWithPageNumber { return false }
            // "Art. 12. – Whoever ...", "Section 16. Custody. – All data ...": the text is on the heading line itself.
            if match.restStart < lines[index].end { return true }
        }
        let after = headingLines.last ?? index
        guard let next = nextContentLine(after: after) else { return false }
        switch tokens[next] {
        case .heading, .tocMarker: return false
        case .numbered: return !isEntry(next)
        default: return true
        }
    }

    /// Finds tables of contents (after a "Contents" marker, or runs of three or more bodiless headings) and
    /// turns them into noise. A later heading with the same number and a body is the real one.
    private mutating func markTablesOfContents() {
        var index = 0
        while index < lines.count {
            var runStart = index
            var hasMarker = false
            if case .tocMarker = tokens[index] {
                hasMarker = true
                runStart = index
                index += 1
            } else if !isEntry(index) {
                index += 1
                continue
            }
            // Collect the run of entries.
            var entries: [(line: Int, headings: [Int], hasBody: Bool)] = []
            var cursor = index
            while cursor < lines.count {
                switch tokens[cursor] {
                case .blank, .noise:
                    cursor += 1
                    continue
                default: break
                }
                // Column labels inside a table of contents ("Page", "Articles").
                if hasMarker, case .text = tokens[cursor], lines[cursor].end - lines[cursor].content <= 12, isHeadingLike(cursor),
                   !vocabulary.preambleMarkers.contains(lineText(cursor).lowercased()) {
                    cursor += 1
                    continue
                }
                guard isEntry(cursor) else { break }
                var heads: [Int] = []
                if case .heading(let match) = tokens[cursor], match.heading == nil, match.restStart >= lines[cursor].end { heads = headingLines(after: cursor) }
                if case .numbered(let numbered) = tokens[cursor], numbered.restStart >= lines[cursor].end { heads = headingLines(after: cursor) }
                let body = entryHasBody(cursor, headingLines: heads)
                entries.append((cursor, heads, body))
                cursor = (heads.last ?? cursor) + 1
                if body { break }
            }
            let runEnd = cursor
            let units = entries.filter { isUnitEntry($0.line) }
            let bodiless = units.filter { !$0.hasBody }.count
            guard hasMarker || bodiless >= 3 else {
                index = max(runEnd, index + 1)
                continue
            }
            // Keys of headings after this run: a repeated key means this entry was a TOC line.
            var laterKeys = Set<String>()
            var realStart = runEnd
            if let lastEntry = entries.last, lastEntry.hasBody {
                var scan = lastEntry.line + 1
                while scan < lines.count {
                    if let key = entryKey(scan) { laterKeys.insert(key) }
                    scan += 1
                }
                let lastKey = entryKey(lastEntry.line) ?? ""
                if !laterKeys.contains(lastKey) {
                    realStart = lastEntry.line
                    // Containers right before the real first unit are real too, unless repeated later.
                    var k = entries.count - 2
                    while k >= 0, !isUnitEntry(entries[k].line), let key = entryKey(entries[k].line), !laterKeys.contains(key) {
                        realStart = entries[k].line
                        k -= 1
                    }
                }
            }
            if realStart > runStart {
                var skipped = 0
                for k in runStart..<realStart {
                    switch tokens[k] {
                    case .blank: break
                    default:
                        tokens[k] = .noise
                        skipped += 1
                    }
                }
                warn("table-of-contents", "skipped a table of contents (\(skipped) lines)", line: runStart)
            }
            index = max(runEnd, index + 1)
        }
    }

    // MARK: front matter

    private func firstBodyLine() -> Int? {
        for index in lines.indices {
            switch tokens[index] {
            case .heading: return index
            case .numbered(let numbered):
                if mode == .act || mode == .plain {
                    // A numbered line only starts the body when it looks like the first item.
                    if numbered.ordinal <= 2 || mode == .act { return index }
                } else if numbered.ordinal == 1, !numbered.isDecimal, hasSecondParagraphBeforeFirstHeading(after: index) {
                    // A report or resolution before its annexed convention: "1. Adopts ...", "2. Requests ...".
                    return index
                }
            case .enumerators(let chain, let textStart):
                // UK style: "1 Short title" as the first section.
                if mode == .act, chain.count == 1, chain[0].candidates[0].type == .arabicBare,
                   chain[0].candidates[0].ordinal <= 2 || hasLaterBareSection(after: index, above: chain[0].candidates[0].ordinal),
                   restIsHeading(from: textStart, line: index, strict: false) {
                    return index
                }
            default: break
            }
        }
        return nil
    }

    /// "248 Interpretation" … "249 Accessing computer system": an extract of an act whose sections are numbered
    /// without a period starts wherever its numbering does, when a later heading line continues the sequence.
    private func hasLaterBareSection(after index: Int, above ordinal: Int) -> Bool {
        var k = index + 1
        while k < lines.count {
            if case .enumerators(let chain, let textStart) = tokens[k], chain.count == 1,
               chain[0].candidates[0].type == .arabicBare, chain[0].candidates[0].ordinal > ordinal,
               chain[0].candidates[0].ordinal <= ordinal + 25, restIsHeading(from: textStart, line: k, strict: false) {
                return true
            }
            k += 1
        }
        return false
    }

    /// "[Repealed]", "[Omitted.]", "[Repealed by Act 5 of 2020]": the whole rest of a numbered line marks an
    /// omitted or repealed unit (the words are `repealedMarkers` in the drafting vocabulary).
    private func restIsRepealedMarker(from start: Int, line index: Int) -> Bool {
        let line = lines[index]
        guard start < line.end, bytes[start] == 0x5B || bytes[start] == 0x28 else { return false }
        let close = bytes[line.end - 1] == 0x2E && line.end - 1 > start ? bytes[line.end - 2] : bytes[line.end - 1]
        guard close == 0x5D || close == 0x29 else { return false }
        var i = start + 1
        while i < line.end, bytes[i] == 0x20 { i += 1 }
        let wordStart = i
        while i < line.end, Bytes.isLetter(bytes[i]) { i += 1 }
        return i > wordStart && vocabulary.repealedMarkers.contains(Bytes.string(bytes, wordStart, i).lowercased())
    }

    private func hasSecondParagraphBeforeFirstHeading(after index: Int) -> Bool {
        var k = index + 1
        while k < lines.count {
            switch tokens[k] {
            case .heading: return false
            case .numbered(let numbered) where numbered.ordinal == 2: return true
            default: k += 1
            }
        }
        return false
    }

    private mutating func buildFrontMatter(upTo firstBody: Int) {
        var contentLines: [Int] = []
        for index in 0..<firstBody {
            switch tokens[index] {
            case .blank, .noise: continue
            default: contentLines.append(index)
            }
        }
        guard !contentLines.isEmpty else { return }
        frontLines = contentLines
        var preambleStart: Int?
        var hasMarker = false
        for index in contentLines {
            if case .preambleMarker = tokens[index] { preambleStart = index; hasMarker = true; break }
            let line = lines[index]
            if vocabulary.preambleOpeners.contains(where: { Bytes.hasPrefix(bytes, line.content, line.end, $0) }) {
                preambleStart = index
                break
            }
        }
        if preambleStart == nil {
            // No opener: the first block of lines (up to a blank line) is the title, the rest is preamble.
            var k = contentLines[0]
            var titleEnd = k
            while k < firstBody, !lines[k].isBlank, k - contentLines[0] < 6 { titleEnd = k; k += 1 }
            if let next = contentLines.first(where: { $0 > titleEnd }) { preambleStart = next }
        }
        titleLines = contentLines.filter { preambleStart == nil || $0 < preambleStart! }
        guard let preambleStart else { return }
        let preambleLines = contentLines.filter { $0 >= preambleStart }
        guard !preambleLines.isEmpty else { return }
        let first = lines[preambleLines[0]]
        var preamble = Node(
            kind: .preamble, start: first.content, end: lines[preambleLines.last!].end, headEnd: first.content, line: preambleLines[0]
        )
        var recitalLines = preambleLines
        if hasMarker {
            preamble.heading = lineText(preambleLines[0])
            preamble.headEnd = first.end
            recitalLines.removeFirst()
        }
        // EU style: "Whereas:" then "(1) …", "(2) …". Numbered recitals keep their number (rec_1 is "(1)"); the
        // citations before them are the preamble's own words, the enacting formula after them a formula.
        let numberedRecitals = recitalLines.filter { recitalNumber($0) != nil }
        let isNumberedPreamble = numberedRecitals.count >= 2 && recitalNumber(numberedRecitals[0]) == 1
        if isNumberedPreamble, let firstNumbered = numberedRecitals.first {
            let own = recitalLines.filter { $0 < firstNumbered }
            if let ownFirst = own.first, let ownLast = own.last {
                preamble.textStart = lines[ownFirst].content
                preamble.textEnd = lines[ownLast].end
            }
            recitalLines.removeAll { $0 < firstNumbered }
        }
        nodes.append(preamble)
        let preambleIndex = nodes.count - 1
        // Recitals: a new one starts after a blank line, or after , ; : when the line opens a new clause.
        var current: Int?
        var previousLine: Int?
        for index in recitalLines {
            let startsNew: Bool
            let number = isNumberedPreamble ? recitalNumber(index) : nil
            if number != nil {
                startsNew = true
            } else if isNumberedPreamble, current != nil, let lastNumbered = numberedRecitals.last, index < lastNumbered {
                startsNew = false  // a second paragraph of a numbered recital
            } else if let previousLine {
                let blankBetween = index > previousLine + 1
                let last = lastByte(previousLine) ?? 0
                let clauseEnd = last == 0x2C || last == 0x3B || last == 0x3A || last == 0x2E
                startsNew = blankBetween ? !startsLowercase(index) : (clauseEnd && opensRecital(index))
            } else {
                startsNew = true
            }
            let line = lines[index]
            if startsNew || current == nil {
                var recital = Node(kind: .recital, start: line.content, end: line.end, headEnd: line.content, line: index)
                recital.textStart = line.content
                recital.textEnd = line.end
                recital.parent = preambleIndex
                if let number, case .enumerators(let chain, let textStart) = tokens[index] {
                    recital.num = chain[0].written
                    recital.label = "\(number)"
                    recital.ordinal = number
                    recital.headEnd = chain[0].end
                    recital.textStart = textStart
                } else if isNumberedPreamble {
                    recital.isFormula = true  // "HAVE ADOPTED THIS DIRECTIVE:"
                }
                nodes.append(recital)
                current = nodes.count - 1
                nodes[preambleIndex].children.append(current!)
            } else if let current {
                nodes[current].end = line.end
                nodes[current].textEnd = line.end
            }
            previousLine = index
        }
        if nodes[preambleIndex].children.isEmpty, nodes[preambleIndex].textStart == nil {
            nodes[preambleIndex].textStart = nodes[preambleIndex].headEnd
            nodes[preambleIndex].textEnd = nodes[preambleIndex].headEnd
        }
    }

    /// "(12) …" at the start of a preamble line: the recital's number.
    private func recitalNumber(_ index: Int) -> Int? {
        guard case .enumerators(let chain, _) = tokens[index], chain.count == 1,
              let candidate = chain[0].candidates.first, candidate.type == .arabicParen else { return nil }
        return candidate.ordinal
    }

    private func opensRecital(_ index: Int) -> Bool {
        let line = lines[index]
        guard Bytes.isUpper(bytes[line.content]) else { return false }
        var i = line.content
        while i < line.end, Bytes.isLetter(bytes[i]) { i += 1 }
        let word = Bytes.string(bytes, line.content, i)
        if word.hasSuffix("ing") || word.hasSuffix("ed") { return true }
        return vocabulary.recitalWords.contains(word)
    }

    // MARK: building the tree

    private mutating func handle(line index: Int) {
        // The rest of a line whose start was a wrapped section title.
        if let partial = partialLine, partial.index == index {
            partialLine = nil
            continueWithRest(from: partial.start, line: index)
            return
        }
        switch tokens[index] {
        case .blank, .noise, .tocMarker:
            return
        case .preambleMarker:
            if !openBodyPreamble(line: index, marker: true) { handleText(index) }
        case .text:
            handleText(index)
        case .heading(let match):
            if match.kind.isUnit {
                openUnit(match, line: index)
            } else {
                openContainer(match, line: index)
            }
        case .numbered(let numbered):
            handleNumbered(numbered, line: index)
        case .enumerators(let chain, let textStart):
            handleEnumerators(chain, textStart: textStart, line: index)
        }
    }

    private func rank(_ kind: ProvisionKind) -> Int {
        switch kind {
        case .annex, .schedule: 0
        case .part: partRank
        case .title: titleRank
        case .chapter: 3
        case .subchapter: 4
        case .division: 5
        default: 9
        }
    }

    @discardableResult
    private mutating func open(_ node: Node) -> Int {
        var node = node
        node.parent = stack.last
        nodes.append(node)
        let index = nodes.count - 1
        if let parent = node.parent { nodes[parent].children.append(index) }
        stack.append(index)
        return index
    }

    /// Extends the innermost open node with a line of its own text (or of its last child's).
    private mutating func addContent(_ start: Int, _ end: Int) {
        guard end > start, let innermost = stack.last else { return }
        if nodes[innermost].children.isEmpty {
            if nodes[innermost].textStart == nil { nodes[innermost].textStart = start }
            nodes[innermost].textEnd = end
        }
        for index in stack where nodes[index].end < end { nodes[index].end = end }
    }

    private mutating func extendOpen(to end: Int) {
        for index in stack where nodes[index].end < end { nodes[index].end = end }
    }

    private mutating func openContainer(_ match: HeadingMatch, line index: Int) {
        var kind = match.kind
        if kind == .section { kind = .division }
        if kind == .part, partRank == 1, stack.contains(where: { nodes[$0].kind == .chapter }),
           !nodes.contains(where: { $0.kind == .part }) {
            partRank = 4  // the first part opens inside a chapter: parts divide chapters in this document
        }
        if kind == .title, titleRank == 2, stack.contains(where: { nodes[$0].kind == .chapter || nodes[$0].kind == .division }) {
            titleRank = 6  // Council-of-Europe: "Title 1" inside "Section 1" inside a chapter
        }
        let r = rank(kind)
        while let top = stack.last, !nodes[top].kind.isContainer || rank(nodes[top].kind) >= r { stack.removeLast() }
        if kind == .annex || kind == .schedule { stack.removeAll() ; lastUnit = nil }
        let line = lines[index]
        var node = Node(kind: kind, num: match.written, label: match.label, ordinal: match.ordinal, start: line.content,
                        end: line.end, headEnd: line.end, line: index)
        node.isRoman = match.isRoman
        node.isNumberWord = match.isNumberWord
        node.isBareRoman = match.isBareRoman
        node.heading = match.heading
        if match.heading != nil, let more = inlineHeadingContinuation(after: index) {
            node.heading! += " " + lineText(more)
            node.end = lines[more].end
            node.headEnd = node.end
            consumed.insert(more)
        }
        if match.heading == nil {
            var after = index
            // "SCHEDULE\n(section 24)\nFORM OF NOTICE": the bracketed reference stays text; the title follows it.
            if kind == .annex || kind == .schedule, let next = nextContentLine(after: index), case .text = tokens[next] {
                let line = lines[next]
                if bytes[line.content] == 0x28, bytes[line.end - 1] == 0x29, line.end - line.content <= 60 { after = next }
            }
            let heads = headingLines(after: after)
            if !heads.isEmpty {
                node.heading = heads.map { lineText($0) }.joined(separator: " ")
                node.end = lines[heads.last!].end
                node.headEnd = node.end
                consumed.formUnion(heads)
            }
        }
        open(node)
        extendOpen(to: node.end)
        pendingMarginalNote = nil
    }

    private mutating func openUnit(_ match: HeadingMatch, line index: Int) {
        while let top = stack.last, !nodes[top].kind.isContainer { stack.removeLast() }
        let line = lines[index]
        var node = Node(kind: match.kind, num: match.written, label: match.label, ordinal: match.ordinal,
                        start: line.content, end: line.end, headEnd: line.end, line: index)
        node.isRoman = match.isRoman
        node.isNumberWord = match.isNumberWord
        node.isUSCode = match.isUSCode
        node.heading = match.heading
        if match.heading != nil, match.restStart >= line.end, let more = inlineHeadingContinuation(after: index) {
            node.heading! += " " + lineText(more)
            node.end = lines[more].end
            node.headEnd = node.end
            consumed.insert(more)
        }
        if match.heading == nil {
            if let note = pendingMarginalNote {
                node.heading = note.text
                node.start = note.start
            } else if match.kind == .article || match.isSectionKeyword || match.isUSCode {
                let heads = headingLines(after: index)
                if !heads.isEmpty {
                    node.heading = heads.map { lineText($0) }.joined(separator: " ")
                    node.end = lines[heads.last!].end
                    node.headEnd = node.end
                    consumed.formUnion(heads)
                }
            }
        }
        pendingMarginalNote = nil
        checkUnitNumber(label: match.label ?? "", ordinal: match.ordinal, line: index)
        if match.restStart < line.end { node.headEnd = match.restStart }
        open(node)
        extendOpen(to: node.end)
        if match.restStart < line.end { addContent(match.restStart, line.end) }
    }

    private mutating func checkUnitNumber(label: String, ordinal: Int?, line index: Int) {
        guard let ordinal else { return }
        if let last = lastUnit {
            if ordinal < last.ordinal {
                warn("numbering-backwards", "number \(label) comes after \(last.label)", line: index)
            } else if ordinal == last.ordinal, label.lowercased() == last.label.lowercased() {
                warn("duplicate-number", "number \(label) appears twice", line: index)
            } else if ordinal > last.ordinal + 1, !label.contains(".") {
                warn("numbering-gap", "number \(label) follows \(last.label)", line: index)
            }
        }
        lastUnit = (ordinal, label)
    }

    private var insideAnnexWithoutUnit: Bool {
        guard let container = stack.last(where: { nodes[$0].kind == .annex || nodes[$0].kind == .schedule }) else { return false }
        return !stack.contains(where: { $0 > container && nodes[$0].kind.isUnit })
    }

    private var hasOpenUnit: Bool { stack.contains { nodes[$0].kind.isUnit } }

    /// Numbered paragraphs end a preamble inside an annex (the operative part of a resolution follows).
    private mutating func closeBodyPreamble() {
        while let top = stack.last, nodes[top].kind == .recital || nodes[top].kind == .preamble { stack.removeLast() }
    }

    private mutating func handleNumbered(_ numbered: NumberedLine, line index: Int) {
        closeBodyPreamble()
        let line = lines[index]
        let innermostUnitIsArticle = stack.last(where: { nodes[$0].kind.isUnit }).map { nodes[$0].kind == .article } ?? false
        if mode == .act, !insideAnnexWithoutUnit, !innermostUnitIsArticle {
            if acceptsSection(numbered) {
                openSection(numbered, line: index)
                return
            }
        }
        if numbered.isDecimal, mode == .treaty, placeDecimalParagraph(numbered, line: index) { return }
        // Numbered paragraphs before any heading (a report or resolution introducing an annexed convention).
        // Also inside a report's Roman-numbered headings ("II. Recommendations"), whose paragraphs run on.
        let topLevelBeforeUnits = mode == .treaty && stack.allSatisfy { nodes[$0].listType != nil || nodes[$0].isBareRoman }
            && !nodes.contains { $0.kind.isUnit || ($0.kind.isContainer && !$0.isBareRoman) }
        let canList = hasOpenUnit || insideAnnexWithoutUnit || mode == .plain || topLevelBeforeUnits
        if canList, !numbered.isDecimal {
            let enumerator = Enumerator(
                written: numbered.written, label: numbered.label,
                candidates: [EnumeratorCandidate(type: .arabicDot, ordinal: numbered.ordinal)],
                start: line.content, end: line.content + numbered.written.utf8.count
            )
            if placeEnumerator(enumerator, forceChild: false, line: index) {
                if let item = stack.last, isParagraphHeading(from: numbered.restStart, line: index) {
                    // "1. Attacks on computer systems" / blank / "State Parties shall ...": a numbered sub-heading.
                    nodes[item].heading = Bytes.string(bytes, numbered.restStart, line.end)
                    nodes[item].headEnd = line.end
                    extendOpen(to: line.end)
                    return
                }
                continueWithRest(from: numbered.restStart, line: index)
                return
            }
        }
        handleText(index)
    }

    /// "2.1 The Parties ..." inside an article: a paragraph of the article, or a subparagraph of the open
    /// paragraph "2." when its major number is that paragraph's. eId keys keep both numbers: `para_2-1`.
    private mutating func placeDecimalParagraph(_ numbered: NumberedLine, line index: Int) -> Bool {
        guard let unitFrame = stack.lastIndex(where: { nodes[$0].kind == .article }) else { return false }
        let major = numbered.ordinal / 1000
        let minor = numbered.ordinal % 1000
        var parentFrame = unitFrame
        if let frame = stack.indices.last(where: { $0 > unitFrame && nodes[stack[$0]].listType == .arabicDot && nodes[stack[$0]].ordinal == major }) {
            parentFrame = frame
        }
        // Continue the decimal list under that parent, or start it at minor 1 (or 0: "2.0").
        let lastDecimal = nodes[stack[parentFrame]].children.last.flatMap { nodes[$0].listType == .decimal ? nodes[$0] : nil }
        if let lastDecimal, let previous = lastDecimal.ordinal {
            if numbered.ordinal != previous + 1 {
                warn(numbered.ordinal > previous ? "numbering-gap" : "numbering-backwards", "\(numbered.label) follows \(lastDecimal.num ?? "?")", line: index)
            }
        } else if minor > 1 {
            warn("numbering-start", "list starts at \(numbered.label)", line: index)
        }
        stack.removeSubrange((parentFrame + 1)...)
        let line = lines[index]
        var node = Node(kind: parentFrame == unitFrame ? .paragraph : .subparagraph, num: numbered.label,
                        label: numbered.label.replacingOccurrences(of: ".", with: "-"), ordinal: numbered.ordinal,
                        start: line.content, end: line.content + numbered.written.utf8.count,
                        headEnd: line.content + numbered.written.utf8.count, line: index)
        node.listType = .decimal
        open(node)
        extendOpen(to: node.end)
        continueWithRest(from: numbered.restStart, line: index)
        return true
    }

    private func acceptsSection(_ numbered: NumberedLine) -> Bool {
        guard let last = lastUnit else { return true }
        if numbered.isDecimal { return numbered.ordinal > last.ordinal && numbered.ordinal <= last.ordinal + 25_000 }
        if numbered.ordinal > last.ordinal && numbered.ordinal <= last.ordinal + 25 { return true }
        if numbered.ordinal == last.ordinal, numbered.label != last.label { return true }  // "12A." after "12."
        // Inside a section, "1." lines are a numbered list unless they carry the act's dash form.
        return numbered.hasDash && numbered.ordinal > last.ordinal
    }

    private mutating func openSection(_ numbered: NumberedLine, line index: Int) {
        while let top = stack.last, !nodes[top].kind.isContainer { stack.removeLast() }
        let line = lines[index]
        var node = Node(kind: .section, num: numbered.written, label: numbered.label, ordinal: numbered.ordinal,
                        start: line.content, end: line.end, headEnd: numbered.restStart, line: index)
        var pendingHeadingWasMarginal = false
        if let note = pendingMarginalNote {
            node.heading = note.text
            node.start = note.start
            pendingHeadingWasMarginal = true
        }
        pendingMarginalNote = nil
        // "3. Unauthorised access\n(1) A person ..." — a heading on the section line.
        var restStart = numbered.restStart
        // "43. Penalty for damage to computer, etc.—If any person ...": heading, then the text.
        if restStart < line.end, bytes[restStart] != 0x28, Bytes.isUpper(bytes[restStart]) {
            var k = restStart
            while k + 1 < line.end, k - restStart < 160 {
                if bytes[k] == 0x2E {
                    let dash = Bytes.dashLength(bytes, k + 1, line.end)
                    let candidate = Bytes.string(bytes, restStart, k)
                    if dash > 0, !candidate.contains(" shall "), !candidate.contains(" may ") {
                        node.heading = Bytes.string(bytes, restStart, k)
                        node.headEnd = k + 1 + dash
                        restStart = Bytes.skipSpaces(bytes, k + 1 + dash, line.end)
                        break
                    }
                }
                k += 1
            }
            // The same title wrapped onto the next line (PDF text): "69. Power to issue directions … of any" /
            // "information through any computer resource.—(1) Where …".
            if node.heading == nil, !pendingHeadingWasMarginal, let next = nextContentLine(after: index), next == index + 1,
               case .text = tokens[next], startsLowercase(next), !containsSentenceVerb(index) {
                let nextLine = lines[next]
                var j = nextLine.content
                while j + 1 < nextLine.end, j - nextLine.content < 120 {
                    if bytes[j] == 0x2E, Bytes.dashLength(bytes, j + 1, nextLine.end) > 0 {
                        let tail = Bytes.string(bytes, nextLine.content, j)
                        let words = tail.split(separator: " ")
                        guard !vocabulary.hasSentenceVerb(words) else { break }
                        node.heading = Bytes.string(bytes, restStart, line.end) + " " + tail
                        node.headEnd = line.end
                        restStart = line.end
                        let dash = Bytes.dashLength(bytes, j + 1, nextLine.end)
                        partialLine = (next, Bytes.skipSpaces(bytes, j + 1 + dash, nextLine.end))
                        break
                    }
                    j += 1
                }
            }
        }
        if node.heading == nil || pendingHeadingWasMarginal, restStart < line.end, bytes[restStart] != 0x28 {
            var isHeading = false
            if let next = nextContentLine(after: index), case .enumerators = tokens[next] {
                isHeading = restIsHeading(from: restStart, line: index, strict: false)
            } else if numbered.written.last != "." {
                isHeading = restIsHeading(from: restStart, line: index, strict: false)  // "1 Short title" (UK style)
            } else {
                isHeading = restIsHeading(from: restStart, line: index, strict: true) && wordCount(restStart, line.end) <= 10
            }
            if isHeading {
                var headingEnd = line.end
                if bytes[headingEnd - 1] == 0x2E { headingEnd -= 1 }
                // A marginal note and an inline heading: the inline one is the section's own.
                node.heading = Bytes.string(bytes, restStart, headingEnd)
                node.headEnd = line.end
                restStart = line.end
            }
        }
        var textEnd = line.end
        if node.heading == nil, restStart < line.end, let (note, end) = gluedMarginalNote(from: restStart, line: index) {
            node.heading = note
            textEnd = end
        }
        checkUnitNumber(label: numbered.label, ordinal: numbered.ordinal, line: index)
        open(node)
        extendOpen(to: line.end)
        continueWithRest(from: restStart, line: index, end: textEnd)
    }

    private func wordCount(_ start: Int, _ end: Int) -> Int {
        var count = 0
        var inWord = false
        for k in start..<end {
            let isSpace = bytes[k] == 0x20
            if !isSpace, !inWord { count += 1 }
            inWord = !isSpace
        }
        return count
    }

    /// Handles what follows a marker on the same line: more markers ("3.—(1)(a)") and then text.
    private mutating func continueWithRest(from restStart: Int, line index: Int, end: Int? = nil) {
        let line = lines[index]
        let end = end ?? line.end
        guard restStart < end else { return }
        if bytes[restStart] == 0x28, let (chain, textStart) = classifier.enumeratorChain(restStart, end) {
            for enumerator in chain { _ = placeEnumerator(enumerator, forceChild: true, line: index) }
            addContent(textStart, end)
        } else {
            addContent(restStart, end)
        }
    }

    /// "13. (1) A person … commits an offence.    Illegal interception": a right-hand marginal note that PDF
    /// text glued to the end of the section's line after a column gap. Returns the note and where the text ends.
    private func gluedMarginalNote(from start: Int, line index: Int) -> (String, Int)? {
        let line = lines[index]
        var k = line.end - 1
        var gapEnd = -1
        while k > start {
            if bytes[k] == 0x20, bytes[k - 1] == 0x20, k - 2 > start, bytes[k - 2] == 0x20 {
                gapEnd = k + 1
                break
            }
            k -= 1
        }
        guard gapEnd > start, gapEnd < line.end, line.end - gapEnd <= 60, Bytes.isUpper(bytes[gapEnd]),
              Bytes.isLetter(bytes[line.end - 1]) else { return nil }
        let note = Bytes.string(bytes, gapEnd, line.end)
        let words = note.split(separator: " ")
        guard words.count <= 8, !vocabulary.hasSentenceVerb(words) else { return nil }
        var textEnd = gapEnd
        while textEnd > start, bytes[textEnd - 1] == 0x20 { textEnd -= 1 }
        return (note, textEnd)
    }

    private mutating func handleEnumerators(_ chain: [Enumerator], textStart: Int, line index: Int) {
        if let top = stack.last, nodes[top].kind == .recital || nodes[top].kind == .preamble {
            addRecitalLine(index)
            return
        }
        let bareTypes: [EnumeratorType] = [.arabicBare, .lowerBare, .lowerRomanBare]
        let isBare = bareTypes.contains(chain[0].candidates[0].type)
        // UK style: "1 Unauthorised access to computer material." — a section number without a period.
        if isBare, chain.count == 1, mode == .act, !insideAnnexWithoutUnit, chain[0].candidates[0].type == .arabicBare {
            let numbered = NumberedLine(written: chain[0].written, label: chain[0].label, ordinal: chain[0].candidates[0].ordinal,
                                        restStart: textStart, hasDash: false)
            if acceptsSection(numbered),
               restIsHeading(from: textStart, line: index, strict: false) || restIsRepealedMarker(from: textStart, line: index) {
                openSection(numbered, line: index)
                return
            }
        }
        let anchored = hasOpenUnit || insideAnnexWithoutUnit || mode == .plain || (mode == .act && !stack.isEmpty)
        guard anchored else {
            handleText(index)
            return
        }
        if isBare {
            guard acceptsBare(chain[0]) else {
                handleText(index)
                return
            }
        }
        guard placeEnumerator(chain[0], forceChild: false, line: index) else {
            handleText(index)
            return
        }
        for enumerator in chain.dropFirst() { _ = placeEnumerator(enumerator, forceChild: true, line: index) }
        var start = textStart
        // US Code "(a) In general.—A provider shall ...": a heading, then the item's text.
        if mode == .act || stack.contains(where: { nodes[$0].isUSCode }), let item = stack.last,
           let (heading, rest) = itemHeading(from: textStart, line: index) {
            nodes[item].heading = heading
            nodes[item].headEnd = rest
            start = rest
        }
        addContent(start, lines[index].end)
    }

    /// "In general.—", "Exceptions.–": a short capitalised phrase closed by a period and a dash at the start of
    /// a list item's words. Returns the heading and where the text starts.
    private func itemHeading(from start: Int, line index: Int) -> (String, Int)? {
        let line = lines[index]
        guard start < line.end, Bytes.isUpper(bytes[start]) else { return nil }
        var k = start
        while k + 1 < line.end, k - start < 80 {
            if bytes[k] == 0x2E {
                // ".—" or ". –" (Philippine style); the first period must close the heading.
                let dashAt = Bytes.skipSpaces(bytes, k + 1, line.end)
                let dash = Bytes.dashLength(bytes, dashAt, line.end)
                guard dash > 0, dashAt + dash < line.end, bytes[dashAt + dash] == 0x20 || dashAt == k + 1 else { return nil }
                let words = Bytes.string(bytes, start, k).split(separator: " ")
                guard words.count <= 8, !vocabulary.hasSentenceVerb(words) else { return nil }
                return (Bytes.string(bytes, start, k), Bytes.skipSpaces(bytes, dashAt + dash, line.end))
            }
            k += 1
        }
        return nil
    }

    /// Council-of-Europe "1 Each Party" / "a the" markers count only where the number is expected.
    private func acceptsBare(_ enumerator: Enumerator) -> Bool {
        for candidate in enumerator.candidates {
            if let frame = stack.last(where: { nodes[$0].listType == candidate.type }),
               candidate.ordinal == (nodes[frame].ordinal ?? 0) + 1 { return true }
        }
        guard let candidate = enumerator.candidates.first(where: { $0.ordinal == 1 }), let innermost = stack.last else { return false }
        if stack.contains(where: { nodes[$0].listType == candidate.type }), !ownTextEndsWithColon(innermost) { return false }
        if candidate.type == .arabicBare {
            return nodes[innermost].kind.isUnit && nodes[innermost].children.isEmpty && nodes[innermost].textStart == nil
        }
        return ownTextEndsWithColon(innermost)
    }

    /// Whether the words after a section number are its heading: short, capitalised, not a sentence.
    private func restIsHeading(from start: Int, line index: Int, strict: Bool) -> Bool {
        let line = lines[index]
        guard start < line.end, Bytes.isUpper(bytes[start]) else { return false }
        let length = line.end - start
        guard length <= (strict ? 80 : 120) else { return false }
        let last = bytes[line.end - 1]
        if last == 0x2C || last == 0x3B || last == 0x3A { return false }
        if Bytes.dashLength(bytes, line.end - 1, line.end) > 0 || (line.end - start >= 3 && Bytes.dashLength(bytes, line.end - 3, line.end) == 3) { return false }
        // "1. Objectives." is a title; "1. This Act applies." is a sentence.
        if strict, last == 0x2E, length > 40 || wordCount(start, line.end) > 5 || containsSentenceVerb(index) {
            return false
        }
        guard let next = nextContentLine(after: index) else { return !strict }
        // "71. Penalty for a person who enters a system without" / "authority …": a wrapped sentence.
        if next == index + 1, case .text = tokens[next], startsLowercase(next) { return false }
        switch tokens[next] {
        case .enumerators, .text: return true
        default: return !strict
        }
    }

    /// A numbered paragraph whose words are a heading (African Union style): a short capitalised phrase with no
    /// sentence verb and no punctuation at its end, set apart from a capitalised sentence that follows.
    private func isParagraphHeading(from start: Int, line index: Int) -> Bool {
        let line = lines[index]
        guard mode == .treaty, start < line.end, Bytes.isUpper(bytes[start]), line.end - start <= 80 else { return false }
        guard Bytes.isLetter(bytes[line.end - 1]) || bytes[line.end - 1] == 0x29 else { return false }
        guard wordCount(start, line.end) <= 8, !containsSentenceVerb(index) else { return false }
        // Set apart by a blank line, or (PDF text, no blank lines) a line well short of the usual full line.
        let length = line.end - line.content
        let short = typicalLineLength > 0 && length * 2 < typicalLineLength
        guard let next = nextContentLine(after: index), paragraphPerLine || next > index + 1 || short else { return false }
        switch tokens[next] {
        case .text: return Bytes.isUpper(bytes[lines[next].content])
        case .enumerators(let chain, _): return !chain.isEmpty && !chain[0].candidates[0].type.isNumeric
        default: return false
        }
    }

    private func ownTextEndsWithColon(_ index: Int) -> Bool {
        guard let end = nodes[index].textEnd, nodes[index].children.isEmpty, end > 0 else { return false }
        let last = bytes[end - 1]
        if last == 0x3A { return true }
        return end >= 3 && Bytes.dashLength(bytes, end - 3, end) == 3 || Bytes.dashLength(bytes, end - 1, end) == 1
    }

    /// Places a list marker in the tree: sibling of the open list it continues, or a new nested list.
    private mutating func placeEnumerator(_ enumerator: Enumerator, forceChild: Bool, line index: Int) -> Bool {
        let candidates = enumerator.candidates
        let listFrames = stack.indices.filter { nodes[stack[$0]].listType != nil }
        func openTypes() -> [EnumeratorType] { listFrames.compactMap { nodes[stack[$0]].listType } }

        if !forceChild {
            // A node whose text announces a list ("... as follows:") takes a new nested list first.
            if let innermost = stack.last, ownTextEndsWithColon(innermost),
               let first = candidates.first(where: { $0.ordinal == 1 && !openTypes().contains($0.type) }) {
                openListItem(enumerator, first, line: index)
                return true
            }
            // The expected next sibling, innermost list first.
            for frame in listFrames.reversed() {
                let node = nodes[stack[frame]]
                if let c = candidates.first(where: { $0.type == node.listType && $0.ordinal == (node.ordinal ?? 0) + 1 }) {
                    stack.removeSubrange(frame...)
                    openListItem(enumerator, c, line: index)
                    return true
                }
            }
            // The first item of a new nested list.
            if let first = candidates.first(where: { $0.ordinal == 1 && !openTypes().contains($0.type) }) {
                openListItem(enumerator, first, line: index)
                return true
            }
            // A gap in the numbering: continue the list, with a warning.
            for frame in listFrames.reversed() {
                let node = nodes[stack[frame]]
                if let c = candidates.first(where: { $0.type == node.listType && $0.ordinal > (node.ordinal ?? 0) && $0.ordinal <= (node.ordinal ?? 0) + 3 }) {
                    warn("numbering-gap", "\(enumerator.written) follows \(node.num ?? "?")", line: index)
                    stack.removeSubrange(frame...)
                    openListItem(enumerator, c, line: index)
                    return true
                }
            }
            // Backwards or repeated: keep going as a sibling, with a warning.
            for frame in listFrames.reversed() {
                let node = nodes[stack[frame]]
                if let c = candidates.first(where: { $0.type == node.listType && $0.ordinal <= (node.ordinal ?? 0) }) {
                    if enumerator.candidates[0].type == .arabicDot, c.ordinal > 1 {
                        return false  // a stray "2." at a line start is more likely wrapped text
                    }
                    warn("numbering-backwards", "\(enumerator.written) after \(node.num ?? "?")", line: index)
                    stack.removeSubrange(frame...)
                    openListItem(enumerator, c, line: index)
                    return true
                }
            }
            // A report's paragraphs are numbered through its Roman-numbered headings: "3." opens "II.".
            if let top = stack.last, nodes[top].isBareRoman, nodes[top].children.isEmpty,
               let c = candidates.first(where: { $0.type == .arabicDot }) {
                openListItem(enumerator, c, line: index)
                return true
            }
            // A list starting at an unexpected number.
            guard let c = candidates.first, c.ordinal <= 3 || c.type != .arabicDot else { return false }
            if c.type == .arabicDot, c.ordinal > 1 { return false }
            warn("numbering-start", "list starts at \(enumerator.written)", line: index)
            openListItem(enumerator, c, line: index)
            return true
        }
        // Chained markers ("(a)(1)") nest: prefer the reading whose type is not already open.
        let c = candidates.first(where: { !openTypes().contains($0.type) && $0.ordinal == 1 }) ?? candidates.first(where: { !openTypes().contains($0.type) }) ?? candidates[0]
        openListItem(enumerator, c, line: index)
        return true
    }

    private mutating func openListItem(_ enumerator: Enumerator, _ candidate: EnumeratorCandidate, line index: Int) {
        let line = lines[index]
        let parentIndex = stack.last
        var node = Node(kind: .point, num: enumerator.written, label: enumerator.label, ordinal: candidate.ordinal,
                        start: enumerator.start, end: max(enumerator.end, line.end), headEnd: enumerator.end, line: index)
        node.listType = candidate.type
        node.kind = listKind(for: candidate.type, parent: parentIndex)
        node.end = enumerator.end
        open(node)
        extendOpen(to: enumerator.end)
    }

    /// The kind of a list item from its drafting style: paragraphs and points in treaties, subsections,
    /// paragraphs, subparagraphs, clauses in acts.
    private func listKind(for type: EnumeratorType, parent: Int?) -> ProvisionKind {
        var listDepth = 0
        var unit: Node?
        var cursor = parent
        while let c = cursor {
            if nodes[c].listType != nil { listDepth += 1; cursor = nodes[c].parent; continue }
            if nodes[c].kind.isUnit { unit = nodes[c] }
            break
        }
        guard let unit else { return listDepth == 0 && type.isNumeric ? .paragraph : .point }
        if unit.kind == .article {
            return listDepth == 0 && type.isNumeric ? .paragraph : .point
        }
        if unit.isUSCode {
            let kinds: [ProvisionKind] = [.subsection, .paragraph, .subparagraph, .clause, .subclause]
            return listDepth < kinds.count ? kinds[listDepth] : .point
        }
        switch type {
        case .arabicDot, .arabicParen, .arabicBare: return listDepth == 0 ? .subsection : .paragraph
        case .lower, .lowerBare: return .paragraph
        case .lowerRoman, .lowerRomanBare, .doubleLower: return .subparagraph
        case .upper: return .clause
        case .upperRoman: return .subclause
        case .decimal: return listDepth == 0 ? .paragraph : .subparagraph
        case .dash: return .point
        }
    }

    private mutating func handleText(_ index: Int) {
        let line = lines[index]
        if mode == .act, isMarginalNote(index) {
            var text = lineText(index)
            if text.hasSuffix(".") { text.removeLast() }
            pendingMarginalNote = (text, line.content)
            return
        }
        if stack.isEmpty {
            warn("unattached-text", "text outside any provision: \(String(lineText(index).prefix(60)))", line: index)
            return
        }
        if mode == .act, isTrailingMarginalNote(index), let section = stack.last(where: { nodes[$0].kind == .section }) {
            // A right-hand marginal note that PDF text puts after the section's first line.
            var text = lineText(index)
            if text.hasSuffix(".") { text.removeLast() }
            nodes[section].heading = text
            return
        }
        if let top = stack.last, nodes[top].kind == .preamble || nodes[top].kind == .recital {
            addRecitalLine(index)
            return
        }
        if startsWithPreambleOpener(index), openBodyPreamble(line: index, marker: false) { return }
        if openDashItem(index) { return }
        if openLetteredReportHeading(index) { return }
        if isWrapUp(index), let top = stack.last, nodes[top].listType != nil {
            // Closing words after the last point ("..., with intent that ...") belong to the point's parent:
            // the point ends here; the parent's span covers the words.
            stack.removeLast()
        }
        addContent(line.content, line.end)
    }

    /// "A. Opening of the session" inside a report's Roman-numbered chapter: a subchapter (`chp_1__subchp_A`),
    /// when its letter is the next one in that chapter (A first).
    private mutating func openLetteredReportHeading(_ index: Int) -> Bool {
        guard let chapterFrame = stack.lastIndex(where: { nodes[$0].isBareRoman && nodes[$0].kind == .chapter }),
              !stack.contains(where: { nodes[$0].kind.isUnit }) else { return false }
        let line = lines[index]
        let s = line.content
        guard s + 3 < line.end, Bytes.isUpper(bytes[s]), bytes[s + 1] == 0x2E, bytes[s + 2] == 0x20,
              Bytes.isUpper(bytes[Bytes.skipSpaces(bytes, s + 2, line.end)]), isHeadingLike(index),
              line.end - s <= 90, !containsSentenceVerb(index) else { return false }
        let chapter = stack[chapterFrame]
        let previous = nodes[chapter].children.last { nodes[$0].kind == .subchapter }.flatMap { nodes[$0].ordinal } ?? 0
        let ordinal = Int(bytes[s] - 0x40)
        guard ordinal == previous + 1 else { return false }
        stack.removeSubrange((chapterFrame + 1)...)
        var node = Node(kind: .subchapter, num: Bytes.string(bytes, s, s + 2), label: Bytes.string(bytes, s, s + 1), ordinal: ordinal,
                        start: s, end: line.end, headEnd: line.end, line: index)
        node.heading = Bytes.string(bytes, Bytes.skipSpaces(bytes, s + 2, line.end), line.end)
        node.isBareRoman = true  // a report heading: its paragraphs are numbered through, like the chapter's
        open(node)
        extendOpen(to: line.end)
        return true
    }

    /// "— entering the whole device,": an indent (EU style) after a colon or after another indent. Indents are
    /// points numbered by position with the Akoma Ntoso `indent` prefix: `art_3__para_2__indent_1`.
    private mutating func openDashItem(_ index: Int) -> Bool {
        let line = lines[index]
        let dash = Bytes.dashLength(bytes, line.content, line.end)
        guard dash > 0, line.content + dash < line.end, bytes[line.content + dash] == 0x20, hasOpenUnit || insideAnnexWithoutUnit,
              let top = stack.last else { return false }
        let textStart = Bytes.skipSpaces(bytes, line.content + dash, line.end)
        guard textStart < line.end, Bytes.isLetter(bytes[textStart]) || Bytes.quoteLength(bytes, textStart, line.end) > 0 else { return false }
        var ordinal = 1
        if ownTextEndsWithColon(top), nodes[top].listType != .dash {
            ordinal = 1
        } else if let frame = stack.lastIndex(where: { nodes[$0].listType == .dash }),
                  stack[frame...].allSatisfy({ nodes[$0].listType != nil }) {
            // The next indent of the open list (after any points nested in the previous indent).
            ordinal = (nodes[stack[frame]].ordinal ?? 0) + 1
            stack.removeSubrange(frame...)
        } else {
            return false
        }
        let marker = Enumerator(written: Bytes.string(bytes, line.content, line.content + dash), label: "\(ordinal)",
                                candidates: [EnumeratorCandidate(type: .dash, ordinal: ordinal)],
                                start: line.content, end: line.content + dash)
        openListItem(marker, marker.candidates[0], line: index)
        addContent(textStart, line.end)
        return true
    }

    /// A new paragraph in lower case right after a list item that ended with , ; or "or"/"and": the wrap-up
    /// of the enclosing list, not more words of the item. A blank line (or one paragraph per line) is required,
    /// since a hard-wrapped item also continues in lower case.
    private func isWrapUp(_ index: Int) -> Bool {
        // Cheap tests first: most lower-case lines continue a sentence outside any list item.
        guard startsLowercase(index), let top = stack.last, nodes[top].listType != nil, nodes[top].children.isEmpty,
              let previous = previousContentLine(before: index) else { return false }
        let last = lastByte(previous) ?? 0
        let line = lines[previous]
        let endsItem = last == 0x2C || last == 0x3B
            || (line.end - line.content >= 3 && (Bytes.hasPrefixCI(bytes, line.end - 3, line.end, " or") || Bytes.hasPrefixCI(bytes, line.end - 4, line.end, " and")))
        guard endsItem else { return false }
        // Without a blank line, a short previous line is the end of its paragraph (PDF text loses blank lines).
        let previousLength = line.end - line.content
        let endsShort = typicalLineLength > 0 && previousLength * 4 < typicalLineLength * 3
        // Lines far longer than any printed width: the text is not hard-wrapped, each line is a paragraph.
        let unwrapped = typicalLineLength > 160 || previousLength > 160
        if paragraphPerLine || unwrapped || previous < index - 1 || endsShort { return true }
        // A full-width line and closing words ("shall be punishable …"): only for a list that its parent introduces
        // ("… who, without right,", "… as follows:", "Whoever—", or a bare "(5)"); a subsection ending "… commits an
        // offence and" / "is liable …" is one hard-wrapped sentence.
        guard let parent = nodes[top].parent, introducesList(parent) else { return false }
        return opensClosingWords(index)
    }

    /// Whether a node's own words lead into its list: they end with a colon, a dash or a comma.
    private func introducesList(_ index: Int) -> Bool {
        guard let start = nodes[index].textStart, let end = nodes[index].textEnd, end > start else {
            return nodes[index].listType != nil  // "(5)" / "(A) …": a bare marker leads straight into its list
        }
        let last = bytes[end - 1]
        if last == 0x3A || last == 0x2C { return true }
        return Bytes.dashLength(bytes, end - 1, end) == 1 || (end - 3 >= start && Bytes.dashLength(bytes, end - 3, end) == 3)
    }

    /// "shall be punishable …", "with intent …" at the line start, and no further point follows: the closing
    /// words of the list even without a paragraph break.
    private func opensClosingWords(_ index: Int) -> Bool {
        let line = lines[index]
        guard vocabulary.closingWordOpeners.contains(where: { words in
            Bytes.hasPrefix(bytes, line.content, line.end, words)
                && (line.content + words.count == line.end || !Bytes.isLetter(bytes[line.content + words.count]))
        }) else { return false }
        var k = index + 1
        while k < lines.count, k - index < 6 {
            switch tokens[k] {
            case .enumerators: return false
            case .text where startsLowercase(k): k += 1
            case .blank, .noise: k += 1
            default: return true
            }
        }
        return true
    }

    private func startsWithPreambleOpener(_ index: Int) -> Bool {
        let line = lines[index]
        return vocabulary.preambleOpeners.contains { Bytes.hasPrefix(bytes, line.content, line.end, $0) }
    }

    /// A preamble inside an annex (a resolution whose annex is the convention): "Preamble" or "The States
    /// Parties to this Convention," after an annex heading and before its first article.
    private mutating func openBodyPreamble(line index: Int, marker: Bool) -> Bool {
        guard let top = stack.last, nodes[top].kind.isContainer, nodes[top].children.isEmpty,
              stack.contains(where: { nodes[$0].kind == .annex || nodes[$0].kind == .schedule }) else { return false }
        let line = lines[index]
        var node = Node(kind: .preamble, start: line.content, end: line.end, headEnd: marker ? line.end : line.content, line: index)
        if marker { node.heading = lineText(index) }
        open(node)
        extendOpen(to: line.end)
        if !marker { addRecitalLine(index) }
        return true
    }

    private mutating func addRecitalLine(_ index: Int) {
        let line = lines[index]
        var startsNew = true
        if let top = stack.last, nodes[top].kind == .recital {
            let previous = nodes[top].line
            var lastLine = previous
            while lastLine + 1 < index, lines[lastLine + 1].end <= nodes[top].end { lastLine += 1 }
            let blankBetween = index > lastLine + 1
            let last = nodes[top].end > 0 ? bytes[nodes[top].end - 1] : 0
            let clauseEnd = last == 0x2C || last == 0x3B || last == 0x3A || last == 0x2E
            startsNew = blankBetween ? !startsLowercase(index) : (clauseEnd && opensRecital(index))
            if !startsNew {
                addContent(line.content, line.end)
                return
            }
            stack.removeLast()
        }
        var recital = Node(kind: .recital, start: line.content, end: line.end, headEnd: line.content, line: index)
        recital.textStart = line.content
        recital.textEnd = line.end
        open(recital)
        extendOpen(to: line.end)
    }

    /// "12. (1) A person … commits an offence." / "Illegal access" / "(2) …": a short heading-like line right after
    /// the first line of a section without a heading, after a finished sentence and before a list marker.
    private func isTrailingMarginalNote(_ index: Int) -> Bool {
        guard let section = stack.last(where: { nodes[$0].kind == .section }), nodes[section].heading == nil,
              !nodes[section].isUSCode, index - nodes[section].line <= 2,
              isHeadingLike(index, allowPeriod: true), lines[index].end - lines[index].content <= 60,
              !containsSentenceVerb(index),
              let previous = previousContentLine(before: index), let last = lastByte(previous),
              last == 0x2E || last == 0x3B || last == 0x3A,
              let next = nextContentLine(after: index) else { return false }
        if case .enumerators = tokens[next] { return true }
        return false
    }

    /// A short line before a section line, set apart from the previous text: a marginal note (the section's heading).
    private func isMarginalNote(_ index: Int) -> Bool {
        guard let next = nextContentLine(after: index), case .numbered(let numbered) = tokens[next],
              acceptsSection(numbered), isHeadingLike(index, allowPeriod: true),
              !containsSentenceVerb(index)
        else { return false }
        guard let previous = previousContentLine(before: index) else { return true }
        if previous < index - 1 { return true }  // a blank line before
        guard let last = lastByte(previous) else { return true }
        return last == 0x2E || last == 0x3B || last == 0x3A || {
            if case .heading = tokens[previous] { return true }
            return consumed.contains(previous)
        }()
    }

    // MARK: eIds

    private mutating func assignEIds() {
        let units = nodes.filter { $0.kind == .article }
        let allRomanArticles = !units.isEmpty && units.allSatisfy { $0.isRoman }
        // A resolution whose annex is the convention: the annex's articles are the instrument's own.
        let unitsOutsideAnnexes = nodes.indices.contains { index in
            nodes[index].kind.isUnit && !ancestors(index).contains { nodes[$0].kind == .annex || nodes[$0].kind == .schedule }
        }
        var seen: [String: Int] = [:]
        var positionCounters: [String: Int] = [:]
        for index in nodes.indices {
            let node = nodes[index]
            let parentEId = node.parent.map { nodes[$0].eId }
            var key: String
            if node.kind == .preamble {
                let eId = parentEId.map { "\($0)__preamble" } ?? "preamble"
                nodes[index].eId = eId
                seen[eId, default: 0] += 1
                continue
            }
            let scope = "\(parentEId ?? ""):\(node.kind.rawValue)"
            positionCounters[scope, default: 0] += 1
            if node.kind == .recital {
                if node.isFormula {
                    let formulaScope = "\(parentEId ?? ""):formula"
                    positionCounters[formulaScope, default: 0] += 1
                    let eId = "\(parentEId ?? "preamble")__formula_\(positionCounters[formulaScope]!)"
                    nodes[index].eId = eId
                    seen[eId, default: 0] += 1
                    continue
                }
                key = node.label ?? "\(positionCounters[scope]!)"
            } else if node.kind.isContainer {
                if let ordinal = node.ordinal, node.isRoman || node.isNumberWord || isNumberWordOrDigits(node.label) || (node.label?.count == 1) {
                    key = node.label.flatMap { $0.count == 1 && !node.isRoman && Int($0) == nil ? $0 : nil } ?? "\(ordinal)"
                } else if let label = node.label {
                    key = eIdSafe(label)
                } else {
                    key = "\(positionCounters[scope]!)"
                }
            } else if node.kind.isUnit {
                if node.isRoman, allRomanArticles || node.kind != .article, let ordinal = node.ordinal {
                    key = "\(ordinal)" + latinSuffix(of: node.label)
                } else if node.isNumberWord, let ordinal = node.ordinal {
                    // "Article Six" → art_6, "Article Twenty-One" → art_21 (num keeps the words).
                    key = "\(ordinal)" + latinSuffix(of: node.label)
                } else {
                    key = eIdSafe(node.label ?? "\(positionCounters[scope]!)")
                }
            } else if node.listType == .decimal, let label = node.label {
                key = label  // "2.1" → "2-1": a period is not valid in an eId key, "_" would read as a suffix
            } else {
                key = eIdSafe(node.label ?? "\(positionCounters[scope]!)")
            }
            let own = node.listType == .dash ? "indent_\(key)" : "\(node.kind.eIdPrefix)_\(key)"
            var eId: String
            if node.kind.isUnit {
                // Units are unique and not prefixed, except inside an annex or schedule.
                if unitsOutsideAnnexes, let holder = ancestors(index).first(where: { nodes[$0].kind == .annex || nodes[$0].kind == .schedule }) {
                    eId = "\(nodes[holder].eId)__\(own)"
                } else {
                    eId = own
                }
            } else if let parentEId {
                eId = "\(parentEId)__\(own)"
            } else {
                eId = own
            }
            if let count = seen[eId] {
                let unique = "\(eId)_dup\(count + 1)"
                warn("duplicate-eid", "\(eId) is used twice; the later one is \(unique)", line: node.line)
                seen[eId] = count + 1
                eId = unique
            }
            seen[eId, default: 0] += 1
            nodes[index].eId = eId
        }
    }

    private func ancestors(_ index: Int) -> [Int] {
        var result: [Int] = []
        var cursor = nodes[index].parent
        while let c = cursor { result.append(c); cursor = nodes[c].parent }
        return result
    }

    private func isNumberWordOrDigits(_ label: String?) -> Bool {
        guard let label else { return false }
        return Int(label) != nil || vocabulary.numberWords[label.lowercased()] != nil
    }

    private func latinSuffix(of label: String?) -> String {
        guard let label, let space = label.lastIndex(of: " ") else { return "" }
        let suffix = label[label.index(after: space)...].lowercased()
        return vocabulary.latinSuffixes.contains(suffix) ? "_" + suffix : ""
    }

    /// eId keys use letters, digits and underscores only: "7 bis" → "7_bis".
    private func eIdSafe(_ label: String) -> String {
        var out = ""
        var lastUnderscore = false
        for scalar in label.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
                lastUnderscore = false
            } else if !lastUnderscore, !out.isEmpty {
                out.append("_")
                lastUnderscore = true
            }
        }
        while out.hasSuffix("_") { out.removeLast() }
        if let space = out.firstIndex(of: "_"), vocabulary.latinSuffixes.contains(String(out[out.index(after: space)...]).lowercased()) {
            out = String(out[..<space]) + "_" + out[out.index(after: space)...].lowercased()
        }
        return out.isEmpty ? "x" : out
    }

    // MARK: output

    func makeProvisions() -> [Provision] {
        var provisions: [Provision] = []
        provisions.reserveCapacity(nodes.count)
        var depths = [Int](repeating: 0, count: nodes.count)
        for (index, node) in nodes.enumerated() {
            let depth = node.parent.map { depths[$0] + 1 } ?? 0
            depths[index] = depth
            let end = max(node.end, node.start)
            let spanEnd = Bytes.trimEnd(bytes, node.start, end)
            var textStart = node.textStart ?? node.headEnd
            var textEnd = node.textEnd ?? textStart
            if let firstChild = node.children.first, node.kind != .preamble {
                textEnd = min(textEnd, nodes[firstChild].start)
            }
            textStart = min(max(textStart, node.start), spanEnd)
            textEnd = max(textStart, min(textEnd, spanEnd))
            textStart = Bytes.trimStart(bytes, textStart, textEnd)
            textEnd = Bytes.trimEnd(bytes, textStart, textEnd)
            provisions.append(Provision(
                eId: node.eId, kind: node.kind, num: node.num, heading: node.heading,
                parentIndex: node.parent, parentEId: node.parent.map { nodes[$0].eId }, childIndices: node.children,
                span: TextSpan(start: node.start, end: max(node.start, spanEnd)),
                textSpan: TextSpan(start: textStart, end: textEnd), depth: depth
            ))
        }
        return provisions
    }

    func fillMetadata(_ metadata: inout InstrumentMetadata) {
        MetadataReader(bytes: bytes, lines: lines, titleLines: titleLines, frontLines: frontLines, mode: mode, vocabulary: vocabulary).fill(&metadata)
    }
}
