import Foundation
import SafeguardAnalysis
import SafeguardIngest
import SafeguardModel
import SafeguardTestSupport
import SafeguardVictims

/// Shared fixtures: the repository root, the bundled examples analysed once, and the vocabulary.
enum Fixtures {
    static let root = RepositoryPaths.root
    static var examples: URL { root.appendingPathComponent("examples") }
    static var golden: URL { root.appendingPathComponent("Tests/SafeguardVictimsTests/Golden") }

    static let vocabulary: VictimsVocabulary = try! VictimsVocabulary.builtIn()
    static let analyzer: Analyzer = Analyzer(lexicon: try! Lexicon.builtIn())

    /// Reads and analyses one example (by file name), with the source as the tests name it.
    static func analysis(_ name: String) throws -> Analysis {
        var instrument = try InstrumentReader.read(contentsOf: examples.appendingPathComponent(name))
        instrument.metadata.source = "examples/" + name
        return analyzer.analyze(instrument)
    }

    static let rev1: Analysis = try! analysis("model-convention-rev1.txt")
    static let rev2: Analysis = try! analysis("model-convention-rev2.txt")
    static let act: Analysis = try! analysis("model-computer-misuse-act.txt")
    static let norlandAct: Analysis = try! analysis("norland-victims-act.txt")
}

extension Fixtures {
    static let profiles: RecourseProfiles = try! RecourseProfiles.builtIn(vocabulary: vocabulary)

    /// Every instrument the shipped profiles name, read from examples/ as the CLI's default --instruments does.
    static let navigator: RecourseNavigator = {
        let files = try! InstrumentDirectory.files(in: examples)
        var analyses: [String: Analysis] = [:]
        for id in profiles.instrumentIDs {
            guard let url = files[id] else { continue }
            var instrument = try! InstrumentReader.read(contentsOf: url)
            instrument.metadata.source = "examples/" + url.lastPathComponent
            analyses[id] = analyzer.analyze(instrument)
        }
        return RecourseNavigator(vocabulary: vocabulary, profiles: profiles, analyses: analyses)
    }()
}
