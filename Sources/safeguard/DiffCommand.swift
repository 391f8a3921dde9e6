import ArgumentParser
import Foundation
import SafeguardComparison
import SafeguardIngest
import SafeguardModel
import SafeguardPipeline
import SafeguardVictims

/// Output formats of `safeguard diff`.
enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
    case md
    case html
}

/// Options shared by `diff` and `history`: lexicon, frameworks, comparison rules and how revisions are read.
struct RevisionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("An extra lexicon file (repeatable).", valueName: "FILE"))
    var lexicon: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A framework id or file whose verdicts are compared (repeatable; default: the built-in frameworks).", valueName: "ID|FILE"))
    var framework: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("A comparison rules file replacing the built-in classification and definition cues.", valueName: "FILE"))
    var rules: String?

    @OptionGroup var input: InputOptions

    /// The pipeline these options describe, loaded in this order: comparison rules, lexicon, frameworks; it reads
    /// revisions as the input options say.
    func pipeline() throws -> Pipeline {
        var pipeline = try Pipeline.load(
            lexiconFiles: lexicon.map { URL(fileURLWithPath: $0) }, frameworks: framework,
            changeRulesFile: rules.map { URL(fileURLWithPath: $0) })
        pipeline.readOptions = try input.readOptions()
        return pipeline
    }
}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two revisions: aligned provisions, typed changes and what they do to scope and safeguards.",
        discussion: """
            Aligns articles and sections by content (renumbered, moved, merged, split or retitled units are \
            followed), then reports typed changes with both addresses and quotes, each classified as \
            expands-scope, weakens-safeguard, strengthens-safeguard or neutral, and the per-principle verdict \
            changes of the frameworks. JSON schema: safeguard.comparison/1 (docs/json-comparison.md).
            """
    )

    @Argument(help: "The old revision.")
    var old: String

    @Argument(help: "The new revision.")
    var new: String

    @Option(name: .long, help: "Output format: table, json, md or html.")
    var format: DiffFormat = .table

    @Option(name: .long, help: "all (default) or victims: only which victims' rights the revision made conditional, removed or restored.")
    var view: RevisionView = .all

    @OptionGroup var revisions: RevisionOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let pipeline = try revisions.pipeline()
        pipeline.warnings.forEach(CLIOutput.printWarning)
        // Both revisions read and analysed at once, one per core; an error in the old one is reported first.
        let paths = [old, new]
        let read = concurrentMap(count: 2) { i in Result { try pipeline.revision(paths[i]) } }
        let oldRevision = try read[0].get()
        let newRevision = try read[1].get()
        if view == .victims {
            let (cards, vocabulary) = try VictimsViews.cards([oldRevision.analysis, newRevision.analysis])
            let victims = VictimsComparison(old: cards[0], new: cards[1], vocabulary: vocabulary)
            switch format {
            case .table: try output.write(victims.table(terminal: Terminal(colorEnabled: output.colorEnabled)))
            case .json: try output.write(victims.json())
            case .md: try output.write(victims.markdown())
            case .html: try output.write(victims.html())
            }
            return
        }
        let comparison = pipeline.compare(oldRevision, newRevision)
        let report = ComparisonReport(comparison)
        let text: String
        switch format {
        case .table: text = report.table(terminal: Terminal(colorEnabled: output.colorEnabled))
        case .json: text = try JSONOutput.string(ComparisonDocument(comparison, rulesVersion: pipeline.changeRules.version))
        case .md: text = report.markdown()
        case .html: text = report.html()
        }
        try output.write(text)
    }
}
