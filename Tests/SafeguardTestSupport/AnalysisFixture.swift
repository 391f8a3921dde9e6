public import SafeguardAnalysis
public import SafeguardAssessment
public import SafeguardModel
import Foundation

/// Builds an ``Instrument`` and an ``Analysis`` by hand from a compact description, so the rule engine can be
/// tested without the parser or the lexicon: chapters, units (eId, category, heading, words), paragraphs,
/// and findings given by feature and the exact words they rest on.
public struct AnalysisFixture: Sendable {
    public private(set) var text = ""
    public private(set) var provisions: [Provision] = []
    public private(set) var categories: [CategoryAssignment] = []
    public private(set) var findings: [Finding] = []
    public private(set) var links: [ProvisionLink] = []
    private var currentChapter: Int?

    public init() {}

    /// Starts a chapter; the units added next belong to it.
    @discardableResult
    public mutating func chapter(_ eId: String, _ num: String, _ heading: String) -> Self {
        let start = text.utf8.count
        text += "\(num)\n\(heading)\n\n"
        provisions.append(
            Provision(
                eId: EId(eId), kind: .chapter, num: num, heading: heading, span: TextSpan(start: start, end: text.utf8.count),
                textSpan: TextSpan(start: text.utf8.count, end: text.utf8.count)))
        currentChapter = provisions.count - 1
        return self
    }

    /// Ends the current chapter: later units stand outside any chapter.
    public mutating func endChapter() { currentChapter = nil }

    /// Adds an article with its own words and findings `[(feature, words)]`; each `words` must occur in `words`.
    @discardableResult
    public mutating func unit(
        _ eId: String, _ category: Category?, heading: String? = nil, _ words: String,
        features: [(String, String)] = [], paragraphs: [(String, [(String, String)])] = []
    ) -> Self {
        let start = text.utf8.count
        let num = "Article " + eId.replacingOccurrences(of: "art_", with: "")
        text += num + "\n"
        if let heading { text += heading + "\n" }
        let ownStart = text.utf8.count
        text += words + "\n"
        let ownEnd = text.utf8.count - 1
        let unitIndex = provisions.count
        provisions.append(
            Provision(
                eId: EId(eId), kind: .article, num: num, heading: heading, parentIndex: currentChapter,
                parentEId: currentChapter.map { provisions[$0].eId }, span: TextSpan(start: start, end: start),
                textSpan: TextSpan(start: ownStart, end: ownEnd), depth: currentChapter == nil ? 0 : 1))
        if let chapter = currentChapter { provisions[chapter].childIndices.append(unitIndex) }
        for (feature, quote) in features {
            addFinding(feature, quote, eId: eId, within: TextSpan(start: ownStart, end: ownEnd))
        }
        for (n, (paragraphWords, paragraphFeatures)) in paragraphs.enumerated() {
            let paragraphStart = text.utf8.count
            text += "\(n + 1). " + paragraphWords + "\n"
            let paragraphEId = "\(eId)__para_\(n + 1)"
            let own = TextSpan(start: paragraphStart + "\(n + 1). ".utf8.count, end: text.utf8.count - 1)
            provisions.append(
                Provision(
                    eId: EId(paragraphEId), kind: .paragraph, num: "\(n + 1).", parentIndex: unitIndex, parentEId: EId(eId),
                    span: TextSpan(start: paragraphStart, end: text.utf8.count - 1), textSpan: own,
                    depth: provisions[unitIndex].depth + 1))
            provisions[unitIndex].childIndices.append(provisions.count - 1)
            for (feature, quote) in paragraphFeatures {
                addFinding(feature, quote, eId: paragraphEId, within: own)
            }
        }
        provisions[unitIndex].span = TextSpan(start: start, end: text.utf8.count - 1)
        text += "\n"
        if let chapter = currentChapter {
            provisions[chapter].span = TextSpan(start: provisions[chapter].span.start, end: text.utf8.count)
        }
        if let category {
            categories.append(CategoryAssignment(eId: EId(eId), primary: category))
        }
        return self
    }

    /// Links two units; `words` (optional) must occur in the `from` unit.
    public mutating func link(_ from: String, _ to: String, _ kind: ProvisionLink.Kind, words: String? = nil) {
        var span: TextSpan?
        if let words, let index = provisions.firstIndex(where: { $0.eId.rawValue == from }) {
            span = Self.find(words, in: text, within: provisions[index].span)
        }
        links.append(ProvisionLink(from: EId(from), to: EId(to), kind: kind, span: span))
    }

    private mutating func addFinding(_ feature: String, _ quote: String, eId: String, within: TextSpan) {
        guard let span = Self.find(quote, in: text, within: within) else {
            fatalError("fixture: '\(quote)' is not in the words of \(eId)")
        }
        findings.append(Finding(feature: FeatureID(feature), eId: EId(eId), span: span, quote: quote))
    }

    /// The first occurrence of `needle` inside `span` of `text`.
    public static func find(_ needle: String, in text: String, within span: TextSpan) -> TextSpan? {
        let bytes = Array(text.utf8)
        let n = Array(needle.utf8)
        guard !n.isEmpty, span.end - span.start >= n.count else { return nil }
        for i in span.start...(span.end - n.count) where Array(bytes[i..<(i + n.count)]) == n {
            return TextSpan(start: i, end: i + n.count)
        }
        return nil
    }

    /// The instrument built so far.
    public var instrument: Instrument {
        Instrument(metadata: InstrumentMetadata(title: "Fixture instrument"), text: text, provisions: provisions)
    }

    /// The analysis: the categories, findings and links given.
    public var analysis: Analysis {
        Analysis(
            instrument: instrument, categories: categories, findings: findings.sorted { $0.span < $1.span },
            links: links, lexiconVersion: "fixture")
    }
}

/// A one-principle framework from a rule written in YAML (indented under the principle).
public func framework(_ principleYAML: String, id: String = "test") throws -> Framework {
    let yaml = """
        id: \(id)
        title: Test framework
        version: "0.1"
        source: {by: Tests, title: Unit tests, year: "2026"}
        principles:
        \(principleYAML)
        """
    return try Framework.parse(yaml: yaml, file: "test.yaml")
}

/// Evaluates a framework and returns the result of its first principle.
public func verdictOf(_ framework: Framework, _ analysis: Analysis) -> PrincipleResult {
    assess(analysis, frameworks: [framework])[0].principles[0]
}
