import Foundation
public import SafeguardAnalysis
import SafeguardModel

/// The victims' rights card appended to `analyze` and `assess` output by default, and the victims-only views of
/// `diff`, `history` and the corpus matrix. Used by the CLI and by the workspace server, so a report exported
/// from the workspace is byte for byte what the CLI writes.
public enum VictimsViews {
    /// The card of each analysis (unfiltered: a `--feature` filter must not hide a right's conditions).
    public static func cards(_ analyses: [Analysis]) throws -> (cards: [RightsCard], vocabulary: VictimsVocabulary) {
        let vocabulary = try VictimsVocabulary.builtIn()
        return (cards(analyses, vocabulary: vocabulary), vocabulary)
    }

    /// The rights cards of the analyses, with a vocabulary loaded beforehand.
    public static func cards(_ analyses: [Analysis], vocabulary: VictimsVocabulary) -> [RightsCard] {
        analyses.map { RightsCard(analysis: $0, vocabulary: vocabulary) }
    }

    public static func table(_ cards: [RightsCard], _ vocabulary: VictimsVocabulary, colour: Bool) -> String {
        cards.map { RightsCardRenderer.table($0, vocabulary: vocabulary, terminal: Terminal(colorEnabled: colour)) }.joined()
    }

    public static func markdown(_ cards: [RightsCard], _ vocabulary: VictimsVocabulary) -> String {
        cards.map { RightsCardRenderer.markdown($0, vocabulary: vocabulary) }.joined()
    }

    /// Adds the cards' sections before `</body>`.
    public static func html(_ page: String, _ cards: [RightsCard], _ vocabulary: VictimsVocabulary) -> String {
        RightsCardRenderer.append(cards.map { RightsCardRenderer.htmlSection($0, vocabulary: vocabulary) }.joined(), toPage: page)
    }

    /// `analyze --format json` with each analysis's rights card under `victimsRightsCard`: one document, or an
    /// array of them, written straight to bytes, one document per core (UTF-8, ending in a newline).
    public static func jsonBytes(_ analyses: [Analysis], _ cards: [RightsCard], _ vocabulary: VictimsVocabulary) -> [UInt8] {
        PrettyJSON.documentBytes(count: analyses.count) { i, json in
            AnalysisDocument(analyses[i]).write(to: &json) { json in
                json.key("victimsRightsCard")
                RightsCardDocument(cards[i], vocabulary: vocabulary).write(to: &json)
            }
        }
    }

    /// A JSON document with one more top-level key (e.g. `victimsRightsCard`), keys still sorted.
    public static func json<Base: Encodable, Extra: Encodable>(_ base: Base, key: String, _ extra: Extra) throws -> String {
        try JSONOutput.string(Merged(base: base, key: key, extra: extra))
    }

    public struct Merged<Base: Encodable, Extra: Encodable>: Encodable {
        public var base: Base
        public var key: String
        public var extra: Extra

        public init(base: Base, key: String, extra: Extra) {
            self.base = base
            self.key = key
            self.extra = extra
        }

        public struct Key: CodingKey {
            public var stringValue: String
            public var intValue: Int? { nil }
            public init(stringValue: String) { self.stringValue = stringValue }
            public init?(intValue: Int) { nil }
        }

        public func encode(to encoder: any Encoder) throws {
            // The base writes its keys into the encoder's object; the extra key joins the same object.
            try base.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(extra, forKey: Key(stringValue: key))
        }
    }
}

extension VictimsViews {
    /// One element of `analyze --format json` with several files: the analysis document plus its card.
    public struct AnalysisWithCard: Encodable {
        public var document: AnalysisDocument
        public var card: RightsCardDocument

        public init(document: AnalysisDocument, card: RightsCardDocument) {
            self.document = document
            self.card = card
        }

        public func encode(to encoder: any Encoder) throws {
            try document.encode(to: encoder)
            var container = encoder.container(keyedBy: Merged<AnalysisDocument, RightsCardDocument>.Key.self)
            try container.encode(card, forKey: .init(stringValue: "victimsRightsCard"))
        }
    }
}
