import Foundation
import SafeguardAnalysis
import SafeguardIngest
import SafeguardModel
import SafeguardTestSupport
import SafeguardVictims
import Testing

/// `analyze --format json` is written straight to bytes (``PrettyJSON``); these check that it writes what
/// `JSONEncoder` writes for the same documents, byte for byte, on every example and on a text full of the
/// characters JSON escapes.
@Suite struct AnalysisJSONWriterTests {
    static func documents(_ instrument: Instrument) throws -> (AnalysisDocument, RightsCardDocument) {
        let analysis = Analyzer(lexicon: try Lexicon.sharedBuiltIn()).analyze(instrument)
        let vocabulary = try VictimsVocabulary.builtIn()
        return (
            AnalysisDocument(analysis), RightsCardDocument(RightsCard(analysis: analysis, vocabulary: vocabulary), vocabulary: vocabulary)
        )
    }

    static func written(_ document: AnalysisDocument, _ card: RightsCardDocument) -> String {
        var json = PrettyJSON()
        document.write(to: &json) { json in
            json.key("victimsRightsCard")
            card.write(to: &json)
        }
        return json.string
    }

    @Test(arguments: AnalyzeGoldenTests.examples)
    func theWriterWritesWhatJSONEncoderWrites(_ name: String) throws {
        var instrument = try InstrumentReader.read(contentsOf: RepositoryPaths.examples.appendingPathComponent(name))
        instrument.metadata.source = "examples/" + name
        let (document, card) = try Self.documents(instrument)
        #expect(Self.written(document, card) == (try JSONOutput.string(AnalysisWithRightsCard(document: document, card: card))))
        #expect(document.jsonString == (try JSONOutput.string(document)))
        #expect(try AnalyzeGoldenTests.analyzeJSON(name) == Self.written(document, card))
    }

    @Test func escapesAsJSONEncoderDoes() throws {
        let instrument = InstrumentBuilder.single(
            heading: "Illegal \"access\" \\ paths/like/this",
            "Each Party shall adopt measures\tto establish\u{1}as offences the access\u{7f} to a «computer system» "
                + "without right.\r\nThe victim shall have the right to compensation.")
        let (document, card) = try Self.documents(instrument)
        #expect(Self.written(document, card) == (try JSONOutput.string(AnalysisWithRightsCard(document: document, card: card))))
    }

    @Test func severalDocumentsMakeTheArrayJSONEncoderWrites() throws {
        let names = ["model-convention-rev1.txt", "norland-victims-act.txt"]
        let analyses = try names.map { name in
            Analyzer(lexicon: try Lexicon.sharedBuiltIn()).analyze(
                try InstrumentReader.read(contentsOf: RepositoryPaths.examples.appendingPathComponent(name)))
        }
        let renderer = AnalysisRenderer(lexicon: try Lexicon.sharedBuiltIn())
        #expect(try renderer.json(analyses) == (try JSONOutput.string(analyses.map(AnalysisDocument.init))))
        #expect(try renderer.json([analyses[0]]) == (try JSONOutput.string(AnalysisDocument(analyses[0]))))
        // What `analyze --format json` writes: the same documents as bytes, and with the rights cards.
        #expect(String(decoding: renderer.jsonBytes(analyses), as: UTF8.self) == (try renderer.json(analyses)))
        let vocabulary = try VictimsVocabulary.builtIn()
        let cards = analyses.map { RightsCard(analysis: $0, vocabulary: vocabulary) }
        let withCards = analyses.indices.map { i in
            AnalysisWithRightsCard(document: AnalysisDocument(analyses[i]), card: RightsCardDocument(cards[i], vocabulary: vocabulary))
        }
        #expect(String(decoding: VictimsViews.jsonBytes(analyses, cards, vocabulary), as: UTF8.self) == (try JSONOutput.string(withCards)))
    }
}
