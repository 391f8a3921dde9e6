import Logging
import SafeguardModel

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
    let classifier: LineClassifier
    private let logger = Logger(label: "safeguard.ingest.structure")

    let vocabulary: DraftingVocabulary

    init(bytes: [UInt8], vocabulary: DraftingVocabulary) {
        self.bytes = bytes
        self.vocabulary = vocabulary
        self.classifier = LineClassifier(bytes: bytes, vocabulary: vocabulary)
    }

    // MARK: driver

    /// The passes, in order: split and classify the lines, correct the classes in context, build the front
    /// matter, then the body one line at a time, and finally give every node its eId.
    mutating func run() throws {
        splitLines()
        tokens = lines.map { classifier.classify($0) }
        measureTypicalLineLength()
        // Context decisions (TreeBuilder+ContextDecisions.swift).
        rejectFalseHeadings()
        keepRomanHeadingSequences()
        markQuotedAmendments()
        markClosingFormula()
        markRepeatedSymbolLines()
        markFootnotes()
        decideMode()
        markTablesOfContents()
        // Front matter (TreeBuilder+FrontMatter.swift).
        let firstBody = bodyStart()
        buildFrontMatter(upTo: firstBody ?? lines.count)
        // The body (TreeBuilder+Containers, +Enumerators, +TextLines).
        if let firstBody {
            for index in firstBody..<lines.count where !consumed.contains(index) {
                handle(line: index)
            }
        }
        guard nodes.contains(where: { $0.kind != .preamble && $0.kind != .recital }) else {
            throw SafeguardError(.noStructure, "no articles, sections, chapters or numbered paragraphs found")
        }
        assignEIds()
        orderWarnings()
        logger.debug("parsed structure", metadata: ["nodes": "\(nodes.count)", "mode": "\(mode)"])
    }

    /// The 75th percentile of line lengths over lines of 40 bytes or more (see ``typicalLineLength``).
    private mutating func measureTypicalLineLength() {
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
    }

    /// The first line of the body, or nil when the text has none.
    private func bodyStart() -> Int? {
        let firstBody = firstBodyLine()
        // The marginal note of the first section ("Unauthorized use of device" / "342.1 (1) Everyone …") opens the
        // body, not the front matter.
        if let first = firstBody, mode == .act, first > 0, case .numbered = tokens[first], case .text = tokens[first - 1],
            previousContentLine(before: first - 1) != nil, isMarginalNote(first - 1),
            lines[first - 1].end - lines[first - 1].content <= 60, !startsWithPreambleOpener(first - 1)
        {
            return first - 1
        }
        return firstBody
    }

    /// Earlier stages' warnings (no line) first, then the parser's in line order.
    private mutating func orderWarnings() {
        warnings = warnings.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
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

    mutating func warn(_ code: ParseWarning.Code, _ message: String, line index: Int) {
        warnings.append(ParseWarning(code: code, message: message, line: lineNumber(index), offset: lines[index].content))
    }
}
