import ArgumentParser
import Foundation
import SafeguardAnalysis
import SafeguardComparison
import SafeguardIngest
import SafeguardModel
import SafeguardPipeline
import SafeguardVictims

/// `safeguard analyze`: what each article is, demands and protects, with the words as evidence.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show, article by article, its category and features, each with the exact words as evidence.",
        discussion: """
            Features and categories are listed in docs/features.md; the JSON schema (safeguard.analysis/1) in \
            docs/json-analysis.md; lexicon files (--lexicon) in docs/lexicon-format.md.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, md, html
    }

    @Argument(help: "Instrument files (text, Markdown, HTML, PDF, DOCX, Akoma Ntoso).")
    var files: [String]

    @Option(name: .shortAndLong, help: "Output format: table, json, md or html.")
    var format: Format = .table

    @Option(name: .customLong("feature"), help: "Only this feature id or family (repeatable), e.g. power or safeguard.necessity.")
    var features: [String] = []

    @Option(name: .customLong("category"), help: "Only articles of this category (repeatable), e.g. procedural-power.")
    var categories: [String] = []

    @Option(name: .customLong("lexicon"), help: "Extra lexicon file extending the built-in one (repeatable).")
    var lexicons: [String] = []

    @Flag(
        name: .customLong("no-rights-card"),
        help: "Leave out the victims' rights card (it is left out anyway when --feature or --category filters the output).")
    var noRightsCard = false

    @Flag(help: "Print reading and analysis times (and throughput) to standard error.")
    var timings = false

    @OptionGroup var input: InputOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one instrument file") }
        for name in categories where Category(rawValue: name) == nil {
            throw ValidationError(
                "unknown category '\(name)'; known: \(Category.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let options = Result { try input.readOptions() }
        let lexiconFiles = lexicons.map { URL(fileURLWithPath: $0) }
        let files = files
        // The lexicon loads while the files, the change rules and the victims' vocabulary are read: on one
        // instrument, loading the lexicon is most of the run. Errors are still reported in the order of a sequential
        // run: the lexicon's first, then the options', then each file's in the order given.
        typealias Reading = Result<(instrument: Instrument, time: Duration), any Error>
        let (loaded, (readings, changeRules, victimsVocabulary)) = concurrently(
            { Result { try Lexicon.load(extraFiles: lexiconFiles) } },
            { () -> ([Reading], Result<ChangeRules, any Error>, Result<VictimsVocabulary, any Error>) in
                let rules = Result { try ChangeRules.builtIn() }
                let vocabulary = Result { try VictimsVocabulary.builtIn() }
                guard case .success(let options) = options else { return ([], rules, vocabulary) }
                let readings = concurrentMap(count: files.count) { i in Result { try Self.read(files[i], options: options) } }
                return (readings, rules, vocabulary)
            })
        let lexicon = try loaded.get()
        let filter = AnalysisFilter(features: features, categories: categories.compactMap(Category.init(rawValue:)))
        let unknown = filter.unknownFeatures(in: lexicon)
        guard unknown.isEmpty else {
            throw ValidationError(
                "unknown feature '\(unknown[0])'; see docs/features.md for the ids (a family name such as 'power' also works)")
        }
        var reading = try Pipeline(lexicon: lexicon, frameworks: [], changeRules: try changeRules.get())
        reading.readOptions = try options.get()
        let pipeline = reading
        // Every file on its own core; results (and the first error) in the order the files were given.
        let timings = timings
        let outcomes = concurrentMap(count: files.count) { i in
            Result { try Self.analyze(readings[i].get(), file: files[i], with: pipeline, timings: timings) }
        }
        var analyses: [Analysis] = []
        var unfiltered: [Analysis] = []  // the rights card reads every finding, whatever the filter shows
        for outcome in outcomes {
            let (analysis, notes) = try outcome.get()
            notes.forEach(Self.note)
            analyses.append(analysis.filtered(by: filter))
            unfiltered.append(analysis)
        }
        let renderStart = ContinuousClock.now
        defer {
            if timings { Self.note("rendering \(Self.milliseconds(ContinuousClock.now - renderStart))") }
        }
        let renderer = AnalysisRenderer(lexicon: lexicon)
        // Victims' rights card (docs/recourse.md), appended unless filtered out or turned off.
        let showCard = !noRightsCard && features.isEmpty && categories.isEmpty
        let vocabulary = try victimsVocabulary.get()
        let cards = showCard ? VictimsViews.cards(unfiltered, vocabulary: vocabulary) : []
        switch format {
        case .table:
            try output.write(
                renderer.table(analyses, colour: output.colorEnabled) + VictimsViews.table(cards, vocabulary, colour: output.colorEnabled))
        case .json:
            try output.write(bytes: showCard ? VictimsViews.jsonBytes(analyses, cards, vocabulary) : renderer.jsonBytes(analyses))
        case .md: try output.write(renderer.markdown(analyses) + VictimsViews.markdown(cards, vocabulary))
        case .html: try output.write(VictimsViews.html(renderer.html(analyses), cards, vocabulary))
        }
    }

    /// Reads one file, timed (for `--timings`).
    static func read(_ file: String, options: ReadOptions) throws -> (instrument: Instrument, time: Duration) {
        let url = URL(fileURLWithPath: file)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw SafeguardError(.inputNotFound, "no such file: \(file)", file: file)
        }
        let readStart = ContinuousClock.now
        let instrument = try Pipeline.read(file, options: options)  // with the path as the user gave it as its source
        return (instrument, ContinuousClock.now - readStart)
    }

    /// Analyses one instrument; with `timings`, the notes to print about it.
    static func analyze(
        _ reading: (instrument: Instrument, time: Duration), file: String, with pipeline: Pipeline, timings: Bool
    ) throws -> (Analysis, [String]) {
        let instrument = reading.instrument
        let analysisStart = ContinuousClock.now
        var phases = Analyzer.Timings()
        let cpuStart = Self.cpuSeconds()
        let analysis = pipeline.analyze(instrument, timings: &phases)
        let cpu = Self.cpuSeconds() - cpuStart
        let end = ContinuousClock.now
        guard timings else { return (analysis, []) }
        let megabytes = Double(instrument.text.utf8.count) / 1_000_000
        let seconds = (end - analysisStart).seconds
        let scanSeconds = phases.scan.seconds
        return (
            analysis,
            [
                "\(file): \(String(format: "%.2f", megabytes)) MB, read \(Self.milliseconds(reading.time)), "
                    + "analysis \(Self.milliseconds(end - analysisStart)) "
                    + "(\(String(format: "%.0f", seconds > 0 ? megabytes / seconds : 0)) MB/s; "
                    + "CPU \(String(format: "%.1f", cpu * 1000)) ms, \(String(format: "%.0f", cpu > 0 ? megabytes / cpu : 0)) MB/s), "
                    + "\(instrument.provisions.count) provisions, \(analysis.findings.count) findings",
                "  phases: index \(Self.milliseconds(phases.index)), scan \(Self.milliseconds(phases.scan)) "
                    + "(\(String(format: "%.0f", scanSeconds > 0 ? megabytes / scanSeconds : 0)) MB/s), "
                    + "patterns \(Self.milliseconds(phases.combine)), categories \(Self.milliseconds(phases.categories)), "
                    + "features \(Self.milliseconds(phases.features)), links \(Self.milliseconds(phases.links))",
            ]
        )
    }

    /// CPU time of the process, so that throughput on a busy machine is not mistaken for waiting time.
    static func cpuSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("safeguard: \(message)\n".utf8))
    }

    static func milliseconds(_ duration: Duration) -> String {
        String(format: "%.1f ms", duration.seconds * 1000)
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
