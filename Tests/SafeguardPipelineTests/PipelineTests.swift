import Foundation
import SafeguardAnalysis
import SafeguardAssessment
import SafeguardComparison
import SafeguardModel
import SafeguardPipeline
import Testing

@Suite struct PipelineTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples")

    static func framework(requiring feature: String) throws -> Framework {
        try Framework.parse(
            yaml: """
                id: mine
                title: Mine
                version: "1"
                source: {by: Me, title: Mine, year: "2026"}
                principles:
                  - id: p
                    title: P
                    applies_to: all
                    require: {any_of: [\(feature)]}
                """, file: "mine.yaml")
    }

    @Test func refusesAFrameworkFeatureTheLexiconLacks() throws {
        let lexicon = try Lexicon.sharedBuiltIn()
        let error = try #require(throws: SafeguardError.self) {
            try Pipeline(
                lexicon: lexicon, frameworks: [try Self.framework(requiring: "safeguard.no-such-thing")],
                changeRules: try ChangeRules.builtIn())
        }
        #expect(error.kind == .invalidConfiguration)
        #expect(error.message == "principle 'p': unknown feature 'safeguard.no-such-thing' (not in the lexicon's feature catalogue)")
        #expect(error.file == "mine.yaml")
    }

    @Test func acceptsFamilyPatternsAndKnownFeatures() throws {
        let lexicon = try Lexicon.sharedBuiltIn()
        let pipeline = try Pipeline(
            lexicon: lexicon, frameworks: [try Self.framework(requiring: "safeguard.*")], changeRules: try ChangeRules.builtIn())
        #expect(pipeline.frameworks.map(\.id) == ["mine"])
    }

    @Test func refusesChangeRulesNamingAFeatureTheLexiconLacks() throws {
        var rules = try ChangeRules.builtIn()
        let harm = try #require(rules.families.firstIndex { $0.family == "harm" })
        rules.families[harm].features = ["harm.requird"]
        let error = try #require(throws: SafeguardError.self) {
            try Pipeline(lexicon: try Lexicon.sharedBuiltIn(), frameworks: [], changeRules: rules)
        }
        #expect(error.message.contains("unknown feature 'harm.requird'"))
    }

    @Test func refusesPairedFeaturesAndPhrasesTheLexiconLacks() throws {
        var rules = try ChangeRules.builtIn()
        rules.paired.dualCriminalityOptional = "dual-criminality.optinal"
        let error = try #require(throws: SafeguardError.self) {
            try Pipeline(lexicon: try Lexicon.sharedBuiltIn(), frameworks: [], changeRules: rules)
        }
        #expect(error.message.contains("paired-features.dual-criminality-optional: unknown feature 'dual-criminality.optinal'"))
        var phrased = try ChangeRules.builtIn()
        phrased.featurePhrases["mens-rea.intnet"] = "intent"
        #expect(throws: SafeguardError.self) {
            try Pipeline(lexicon: try Lexicon.sharedBuiltIn(), frameworks: [], changeRules: phrased)
        }
    }

    @Test func theBuiltInPairedFeaturesAreTheDefaults() throws {
        // A rules file written before the table reads the same as the built-in one.
        #expect(try ChangeRules.builtIn().paired == PairedFeatures())
        #expect(try ChangeRules.builtIn().featurePhrases["obligation.within-means"] == "a “within its means” qualifier")
    }

    @Test func refusesAChangeFamilyTheLexiconLacks() throws {
        var rules = try ChangeRules.builtIn()
        rules.families.append(
            ChangeFamily(
                family: "astrology", added: .powerAdded, removed: .powerRemoved, addedText: "x", removedText: "y"))
        #expect(throws: SafeguardError.self) {
            try Pipeline(lexicon: try Lexicon.sharedBuiltIn(), frameworks: [], changeRules: rules)
        }
    }

    @Test func readsAnalysesAssessesAndCompares() throws {
        let pipeline = try Pipeline.load()
        #expect(pipeline.frameworks.map(\.id) == Framework.builtInIDs)
        let rev1 = Self.examples.appendingPathComponent("model-convention-rev1.txt").path
        let rev2 = Self.examples.appendingPathComponent("model-convention-rev2.txt").path
        let instrument = try pipeline.read(rev1)
        #expect(instrument.metadata.source == rev1)
        let assessment = pipeline.assess(pipeline.analyze(instrument))
        #expect(assessment.results.count == Framework.builtInIDs.count)
        let comparison = pipeline.compare(try pipeline.revision(rev1), try pipeline.revision(rev2))
        #expect(!comparison.changes.isEmpty)
        #expect(throws: SafeguardError.self) { try pipeline.revision("/nonexistent/revision.txt") }
    }
}
