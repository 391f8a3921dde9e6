import ArgumentParser
import Foundation
import SafeguardAnalysis
import SafeguardAssessment
import SafeguardIngest
import SafeguardModel
import SafeguardPipeline
import SafeguardVictims

/// `safeguard assess`: judges instruments against principle frameworks (scorecard, report, corpus matrix).
struct AssessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Judge instruments against principle frameworks: verdicts with the words quoted, and a score.",
        discussion: """
            One file gives a scorecard (table), a report (md, html) or data (json, csv). Several files or a \
            directory (searched recursively for .txt .md .html .htm .pdf .docx .xml) give an instrument × principle \
            matrix. Files that fail to read in corpus mode are reported on stderr and the command exits 65 at the end. \
            Built-in frameworks: \(Framework.builtInIDs.joined(separator: ", ")) (both by default). See docs/cli.md.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, md, html, csv
    }

    @Argument(help: "Instrument files or directories.")
    var inputs: [String]

    @Option(name: .long, help: "A built-in framework id or a framework YAML file (repeatable; default: all built-ins).")
    var framework: [String] = []

    @Option(name: .long, help: "Output format: table, json, md, html or csv.")
    var format: Format = .table

    @Option(name: .long, help: "A human review file (YAML) to apply (repeatable).")
    var review: [String] = []

    @Option(name: .long, help: "An extra lexicon file (repeatable).")
    var lexicon: [String] = []

    @Option(
        name: .long, help: "Corpus view: principles (the instrument × principle matrix) or victim-guarantees (instrument × victims' right)."
    )
    var view: CorpusView = .principles

    @Flag(name: .customLong("no-rights-card"), help: "Leave the victims' rights card out of a single instrument's scorecard or report.")
    var noRightsCard = false

    @OptionGroup var input: InputOptions

    @OptionGroup var outputOptions: OutputOptions

    static let corpusExtensions: Set<String> = ["txt", "md", "markdown", "html", "htm", "pdf", "docx", "xml", "akn"]

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one instrument file or directory") }
    }

    func run() throws {
        let options = Result { try input.readOptions() }
        let inputs = Result { try expandInputs() }
        let single = !((try? inputs.get().corpus) ?? true) && view == .principles  // victim guarantees: a matrix
        let lexiconFiles = lexicon.map { URL(fileURLWithPath: $0) }
        let frameworks = framework
        // One instrument: the lexicon and frameworks load while it is read (most of such a run is loading). Errors
        // come in the order of a sequential run: loading, options, reviews, inputs, then the file.
        let (loaded, reading) = concurrently(
            { Result { try Pipeline.load(lexiconFiles: lexiconFiles, frameworks: frameworks) } },
            { () -> Result<Instrument, any Error>? in
                guard single, case .success(let options) = options, case .success(let (files, _)) = inputs else { return nil }
                return Result { try Pipeline.read(files[0], options: options) }
            })
        var pipeline = try loaded.get()
        pipeline.readOptions = try options.get()
        pipeline.warnings.forEach(CLIOutput.printWarning)
        let reviews = try review.map { try Review.load(contentsOf: URL(fileURLWithPath: $0)) }
        let (files, _) = try inputs.get()

        if single, let reading {
            let assessment = pipeline.assess(pipeline.analyze(try reading.get()), reviews: reviews)
            try outputOptions.write(render(assessment))
            return
        }

        let outcomes = assessConcurrently(files, pipeline: pipeline, reviews: reviews)
        var assessments: [Assessment] = []
        var failures: [AssessmentDocument.Failure] = []
        for (file, outcome) in zip(files, outcomes) {
            switch outcome {
            case let .success(assessment): assessments.append(assessment)
            case let .failure(error):
                CLIOutput.printError(error.description)
                failures.append(AssessmentDocument.Failure(file: file, error: error.message, exitCode: error.exitCode))
            }
        }
        let matrix = CorpusMatrix(assessments, failures: failures)
        var text: String
        if view == .victimGuarantees {
            // Instruments × victims' rights (docs/recourse.md); files that failed are reported on stderr as above.
            let (cards, vocabulary) = try VictimsViews.cards(assessments.map(\.analysis))
            let guarantees = VictimGuaranteesMatrix(
                zip(assessments, cards).map { ($0.analysis.instrument.metadata.source ?? $0.analysis.instrument.metadata.title, $1) },
                vocabulary: vocabulary)
            switch format {
            case .table: text = guarantees.table()
            case .csv: text = guarantees.csv()
            case .md: text = guarantees.markdown()
            case .html: text = guarantees.html()
            case .json: text = try guarantees.json()
            }
        } else {
            switch format {
            case .table: text = matrix.table(terminal: Terminal(colorEnabled: outputOptions.colorEnabled))
            case .csv: text = matrix.csv()
            case .md: text = matrix.markdown()
            case .html: text = matrix.html()
            case .json: text = try AssessmentDocument(assessments, errors: failures).json()
            }
        }
        try outputOptions.write(text)
        if !failures.isEmpty {
            CLIOutput.printError("\(failures.count) of \(files.count) file(s) could not be assessed")
            throw ExitCode(65)
        }
    }

    func render(_ assessment: Assessment) throws -> String {
        // The victims' rights card follows the scorecard or report (docs/recourse.md); CSV stays one table.
        if !noRightsCard && format != .csv {
            let (cards, vocabulary) = try VictimsViews.cards([assessment.analysis])
            switch format {
            case .table:
                return AssessmentReport.table(assessment, terminal: Terminal(colorEnabled: outputOptions.colorEnabled))
                    + VictimsViews.table(cards, vocabulary, colour: outputOptions.colorEnabled)
            case .json:
                return try VictimsViews.json(
                    AssessmentDocument([assessment]), key: "victimsRightsCards",
                    cards.map { RightsCardDocument($0, vocabulary: vocabulary) })
            case .md: return AssessmentReport.markdown(assessment) + VictimsViews.markdown(cards, vocabulary)
            case .html: return VictimsViews.html(AssessmentReport.html(assessment), cards, vocabulary)
            case .csv: break
            }
        }
        return switch format {
        case .table: AssessmentReport.table(assessment, terminal: Terminal(colorEnabled: outputOptions.colorEnabled))
        case .json: try AssessmentDocument([assessment]).json()
        case .md: AssessmentReport.markdown(assessment)
        case .html: AssessmentReport.html(assessment)
        case .csv: AssessmentReport.csv(assessment)
        }
    }

    /// Files to assess, in a stable order, and whether this is corpus mode (several files or a directory).
    func expandInputs() throws -> (files: [String], corpus: Bool) {
        var files: [String] = []
        var sawDirectory = false
        for input in inputs {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue {
                sawDirectory = true
                files += Self.instrumentFiles(in: input)
            } else {
                files.append(input)  // a missing file is reported by the reader, per file
            }
        }
        if files.isEmpty {
            throw SafeguardError(
                .inputNotFound, "no instrument files (.txt .md .html .pdf .docx .xml) in \(inputs.joined(separator: ", "))")
        }
        return (files, sawDirectory || files.count > 1)
    }

    static func instrumentFiles(in directory: String) -> [String] {
        let root = URL(fileURLWithPath: directory)
        guard
            let enumerator = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        var result: [String] = []
        for case let url as URL in enumerator where corpusExtensions.contains(url.pathExtension.lowercased()) {
            // A folder's README documents the corpus; it is not an instrument to assess.
            if url.lastPathComponent.lowercased().hasPrefix("readme") { continue }
            // A symbolic link could point outside the directory: only regular files in it are read.
            let type = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.type] as? FileAttributeType
            if type == .typeRegular {
                let relative = url.path.hasPrefix(root.path + "/") ? String(url.path.dropFirst(root.path.count + 1)) : url.lastPathComponent
                result.append((directory.hasSuffix("/") ? directory : directory + "/") + relative)
            }
        }
        return result.sorted()
    }

    /// Reads, analyses and assesses every file on all cores; results come back in input order.
    func assessConcurrently(_ files: [String], pipeline: Pipeline, reviews: [Review]) -> [Result<Assessment, SafeguardError>] {
        let progress = CLIOutput.standardErrorIsTerminal ? ProgressBar(total: files.count) : nil
        let outcomes = concurrentMap(count: files.count) { i -> Result<Assessment, SafeguardError> in
            defer { progress?.advance() }
            do {
                return .success(pipeline.assess(pipeline.analyze(try pipeline.read(files[i])), reviews: reviews))
            } catch let error as SafeguardError {
                var located = error
                located.file = files[i]  // as given on the command line, so the report matches the input
                if error.file != nil && error.file != files[i] { located.line = nil }
                return .failure(located)
            } catch {
                return .failure(SafeguardError(.internalError, "\(error)", file: files[i]))
            }
        }
        progress?.finish()
        return outcomes
    }
}

/// A one-line progress bar on standard error (only used when standard error is a terminal).
private final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private var done = 0

    init(total: Int) {
        self.total = total
        draw()
    }

    func advance() {
        lock.lock()
        done += 1
        draw()
        lock.unlock()
    }

    func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private func draw() {
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data("\rassessing \(bar) \(done)/\(total)".utf8))
    }
}
