import ArgumentParser
import Foundation
import SafeguardAnalysis
import SafeguardModel
import SafeguardVictims

/// The victims' rights card appended to `analyze` and `assess` output, and the victims-only views of `diff`,
/// `history` and the corpus matrix. Kept in one file so the commands change by a line or two each.
enum VictimsViews {
    /// The card of each analysis (unfiltered: a `--feature` filter must not hide a right's conditions).
    static func cards(_ analyses: [Analysis]) throws -> (cards: [RightsCard], vocabulary: VictimsVocabulary) {
        let vocabulary = try VictimsVocabulary.builtIn()
        return (analyses.map { RightsCard(analysis: $0, vocabulary: vocabulary) }, vocabulary)
    }

    static func table(_ cards: [RightsCard], _ vocabulary: VictimsVocabulary, colour: Bool) -> String {
        cards.map { RightsCardRenderer.table($0, vocabulary: vocabulary, terminal: Terminal(colorEnabled: colour)) }.joined()
    }

    static func markdown(_ cards: [RightsCard], _ vocabulary: VictimsVocabulary) -> String {
        cards.map { RightsCardRenderer.markdown($0, vocabulary: vocabulary) }.joined()
    }

    /// Adds the cards' sections before `</body>`.
    static func html(_ page: String, _ cards: [RightsCard], _ vocabulary: VictimsVocabulary) -> String {
        RightsCardRenderer.append(cards.map { RightsCardRenderer.htmlSection($0, vocabulary: vocabulary) }.joined(), toPage: page)
    }

    /// `analyze --format json` with each analysis's rights card under `victimsRightsCard`: one document, or an
    /// array of them, written straight to bytes, one document per core.
    static func json(_ analyses: [Analysis], _ cards: [RightsCard], _ vocabulary: VictimsVocabulary) -> String {
        PrettyJSON.documents(count: analyses.count) { i, json in
            AnalysisDocument(analyses[i]).write(to: &json) { json in
                json.key("victimsRightsCard")
                RightsCardDocument(cards[i], vocabulary: vocabulary).write(to: &json)
            }
        }
    }

    /// A JSON document with one more top-level key (e.g. `victimsRightsCard`), keys still sorted.
    static func json<Base: Encodable, Extra: Encodable>(_ base: Base, key: String, _ extra: Extra) throws -> String {
        try JSONOutput.string(Merged(base: base, key: key, extra: extra))
    }

    struct Merged<Base: Encodable, Extra: Encodable>: Encodable {
        var base: Base
        var key: String
        var extra: Extra

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            // The base writes its keys into the encoder's object; the extra key joins the same object.
            try base.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(extra, forKey: Key(stringValue: key))
        }
    }
}

/// `--view` of `diff` and `history`: the whole comparison, or victims' rights only.
enum RevisionView: String, ExpressibleByArgument, CaseIterable {
    case all
    case victims
}

/// `--view` of `assess` in corpus mode: the principle matrix, or the victim-guarantees view.
enum CorpusView: String, ExpressibleByArgument, CaseIterable {
    case principles
    case victimGuarantees = "victim-guarantees"
}

extension VictimsViews {
    /// One element of `analyze --format json` with several files: the analysis document plus its card.
    struct AnalysisWithCard: Encodable {
        var document: AnalysisDocument
        var card: RightsCardDocument

        func encode(to encoder: any Encoder) throws {
            try document.encode(to: encoder)
            var container = encoder.container(keyedBy: Merged<AnalysisDocument, RightsCardDocument>.Key.self)
            try container.encode(card, forKey: .init(stringValue: "victimsRightsCard"))
        }
    }
}
