import Foundation
import SafeguardAnalysis
import SafeguardIngest
import SafeguardModel
import SafeguardTestSupport
import SafeguardVictims
import Testing

/// `safeguard analyze --format json` of each bundled example instrument, made through the library calls the
/// command uses, against Tests/Goldens/analyze/NAME.json. The PDF example is left out: its text comes from
/// the system's pdftotext, whose version is not the repository's to fix. Re-record with
/// `SAFEGUARD_RECORD=1 swift test --filter AnalyzeGoldenTests` and review `git diff`.
@Suite struct AnalyzeGoldenTests {
    static let examples = [
        "model-computer-misuse-act.txt", "model-convention-rev1.akn.xml", "model-convention-rev1.docx",
        "model-convention-rev1.html", "model-convention-rev1.txt", "model-convention-rev2.txt",
        "norland-victims-act.txt",
    ]

    /// The JSON `analyze --format json FILE` prints for one file: the analysis document with the victims'
    /// rights card as one more key. (The command merges the two itself; this mirrors its encoding.)
    static func analyzeJSON(_ name: String) throws -> String {
        var instrument = try InstrumentReader.read(contentsOf: RepositoryPaths.examples.appendingPathComponent(name))
        instrument.metadata.source = "examples/" + name  // as the command is given it, from the repository root
        let analysis = Analyzer(lexicon: try Lexicon.load(extraFiles: [])).analyze(instrument)
        let vocabulary = try VictimsVocabulary.builtIn()
        let card = RightsCardDocument(RightsCard(analysis: analysis, vocabulary: vocabulary), vocabulary: vocabulary)
        return try JSONOutput.string(AnalysisWithRightsCard(document: AnalysisDocument(analysis), card: card))
    }

    @Test(arguments: examples)
    func analyzeJSONMatchesTheGolden(_ name: String) throws {
        assertGolden(try Self.analyzeJSON(name), named: "analyze/\(name).json")
    }
}

/// An analysis document with the `victimsRightsCard` key added to the same object (keys stay sorted).
struct AnalysisWithRightsCard: Encodable {
    var document: AnalysisDocument
    var card: RightsCardDocument

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        try document.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(card, forKey: Key(stringValue: "victimsRightsCard"))
    }
}
