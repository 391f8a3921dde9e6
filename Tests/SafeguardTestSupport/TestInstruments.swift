public import SafeguardAnalysis
public import SafeguardModel
import Foundation

/// Hand-built instruments for alignment and change tests, independent of the parser.
public struct TestArticle: Sendable {
    public var number: String
    public var heading: String?
    /// Numbered paragraphs "1.", "2."...; a single unnumbered text when `plain` is true.
    public var paragraphs: [String]
    public var plain = false

    public init(_ number: String, _ heading: String?, _ paragraphs: [String], plain: Bool = false) {
        self.number = number
        self.heading = heading
        self.paragraphs = paragraphs
        self.plain = plain
    }
}

/// A chapter (unnumbered: no chapter provision) holding articles.
public struct TestChapter: Sendable {
    public var number: String?
    public var heading: String?
    public var articles: [TestArticle]

    public init(_ number: String?, _ heading: String?, _ articles: [TestArticle]) {
        self.number = number
        self.heading = heading
        self.articles = articles
    }
}

/// Hand-built instruments and analyses for alignment and change tests.
public enum TestInstruments {
    /// Builds an instrument whose text, spans and eIds follow the model's conventions.
    public static func make(_ chapters: [TestChapter], title: String = "Test Convention") -> Instrument {
        var text = title + "\n\n"
        var provisions: [Provision] = []
        func offset() -> Int { text.utf8.count }
        for (c, chapter) in chapters.enumerated() {
            var chapterIndex: Int?
            if let number = chapter.number {
                let start = offset()
                text += "Chapter \(number)\n"
                if let heading = chapter.heading { text += heading + "\n" }
                chapterIndex = provisions.count
                provisions.append(
                    Provision(
                        eId: "chp_\(c + 1)", kind: .chapter, num: "Chapter \(number)", heading: chapter.heading,
                        span: TextSpan(start: start, end: start), textSpan: TextSpan(start: offset(), end: offset()), depth: 0))
            }
            for article in chapter.articles {
                let start = offset()
                text += "Article \(article.number)\n"
                if let heading = article.heading { text += heading + "\n" }
                let articleIndex = provisions.count
                let eId = "art_" + article.number.lowercased().replacingOccurrences(of: " ", with: "_")
                let depth = chapterIndex == nil ? 0 : 1
                provisions.append(
                    Provision(
                        eId: EId(eId), kind: .article, num: "Article \(article.number)", heading: article.heading,
                        parentIndex: chapterIndex, parentEId: chapterIndex.map { provisions[$0].eId },
                        span: TextSpan(start: start, end: start), textSpan: TextSpan(start: offset(), end: offset()), depth: depth))
                if let chapterIndex { provisions[chapterIndex].childIndices.append(articleIndex) }
                if article.plain {
                    let textStart = offset()
                    text += article.paragraphs.joined(separator: " ") + "\n"
                    provisions[articleIndex].textSpan = TextSpan(start: textStart, end: offset() - 1)
                } else {
                    for (p, paragraph) in article.paragraphs.enumerated() {
                        let paraStart = offset()
                        text += "\(p + 1). "
                        let textStart = offset()
                        text += paragraph
                        let textEnd = offset()
                        text += "\n"
                        provisions[articleIndex].childIndices.append(provisions.count)
                        provisions.append(
                            Provision(
                                eId: "\(eId)__para_\(p + 1)", kind: .paragraph, num: "\(p + 1).",
                                parentIndex: articleIndex, parentEId: EId(eId),
                                span: TextSpan(start: paraStart, end: textEnd), textSpan: TextSpan(start: textStart, end: textEnd),
                                depth: depth + 1))
                    }
                }
                provisions[articleIndex].span = TextSpan(start: start, end: offset())
                text += "\n"
            }
            if let chapterIndex { provisions[chapterIndex].span = TextSpan(start: provisions[chapterIndex].span.start, end: offset()) }
        }
        return Instrument(metadata: InstrumentMetadata(title: title), text: text, provisions: provisions)
    }

    /// An analysis of `instrument` with hand-placed findings: each (feature, eId, words) must quote words of
    /// that provision; categories by article eId.
    public static func analysis(
        _ instrument: Instrument, findings: [(String, String, String)], categories: [String: Category] = [:]
    ) -> Analysis {
        var result: [Finding] = []
        for (feature, eId, words) in findings {
            guard let provision = instrument[eId: EId(eId)] else { fatalError("no provision \(eId)") }
            let spanText = instrument.quote(provision.span)
            guard let range = spanText.range(of: words) else { fatalError("'\(words)' not in \(eId)") }
            let start = provision.span.start + spanText.utf8.distance(from: spanText.utf8.startIndex, to: range.lowerBound)
            let span = TextSpan(start: start, end: start + words.utf8.count)
            result.append(Finding(feature: FeatureID(feature), eId: EId(eId), span: span, quote: instrument.quote(span)))
        }
        result.sort { $0.span < $1.span }
        let assignments = instrument.unitIndices.map { index in
            let eId = instrument.provisions[index].eId
            return CategoryAssignment(eId: eId, primary: categories[eId.rawValue] ?? .other)
        }
        return Analysis(instrument: instrument, categories: assignments, findings: result, links: [], lexiconVersion: "test")
    }
}
