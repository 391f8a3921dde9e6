import ArgumentParser
import Foundation
import SafeguardComparison
import SafeguardModel
import SafeguardPipeline
import SafeguardVictims

/// Output formats of `safeguard history`.
enum HistoryFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
    case md
    case html
    case svg
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Each principle's verdict and the change counts across revisions, as a table or an SVG timeline.",
        discussion: "Revisions are compared in the order given. JSON schema: safeguard.history/1 (docs/comparison.md)."
    )

    @Argument(help: "Two or more revisions, oldest first.")
    var revisions: [String]

    @Option(name: .long, help: "Output format: table, json, md, html (with the SVG timeline) or svg.")
    var format: HistoryFormat = .table

    @Option(name: .long, help: "all (default) or victims: each victims' right across the revisions (table, json, md, html).")
    var view: RevisionView = .all

    @OptionGroup var options: RevisionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard revisions.count >= 2 else { throw ValidationError("history needs at least two revisions") }
        if view == .victims && format == .svg { throw ValidationError("--view victims has no svg format; use table, json, md or html") }
    }

    func run() throws {
        let pipeline = try options.pipeline()
        pipeline.warnings.forEach(CLIOutput.printWarning)
        var loaded: [(label: String, revision: Pipeline.Revision)] = []
        var seen: [String: Int] = [:]
        // Every revision read and analysed on its own core; errors reported in the order the files were given.
        let paths = revisions
        let read = concurrentMap(count: paths.count) { i in Result { try pipeline.revision(paths[i]) } }
        for (path, outcome) in zip(revisions, read) {
            let revision = try outcome.get()
            // Revisions are named by file (version labels are often missing or vague); a repeated file gets "#2".
            var label = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            seen[label, default: 0] += 1
            if let count = seen[label], count > 1 { label += " #\(count)" }
            loaded.append((label, revision))
        }
        if view == .victims {
            let (cards, vocabulary) = try VictimsViews.cards(loaded.map(\.revision.analysis))
            let victims = VictimsHistory(zip(loaded, cards).map { ($0.label, $1) }, vocabulary: vocabulary)
            switch format {
            case .table: try output.write(victims.table())
            case .json: try output.write(victims.json())
            case .md: try output.write(victims.markdown())
            case .html, .svg: try output.write(victims.html())
            }
            return
        }
        let history = pipeline.history(loaded)
        let text: String
        switch format {
        case .table: text = history.table()
        case .json: text = try JSONOutput.string(HistoryDocument(history))
        case .md: text = history.markdown()
        case .html: text = history.html()
        case .svg: text = history.svg()
        }
        try output.write(text)
    }
}
