public import ArgumentParser
import Foundation
import SafeguardIngest
import SafeguardModel

extension InputFormat: ExpressibleByArgument {}

/// `safeguard parse`: reads instruments and prints their structure.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Read treaties, drafts or acts (text, Markdown, HTML, PDF, DOCX, Akoma Ntoso) into addressable provisions.",
        discussion: """
            Formats: outline (tree with eIds and headings; warnings go to standard error), json (schema \
            safeguard.instrument/1; one object for one file, an array for several), akn (Akoma Ntoso 3.0 XML; \
            one file only), text (the normalised text all offsets index). See docs/cli.md and docs/json-instrument.md.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case outline, json, akn, text
    }

    @Argument(help: "The files to read.")
    var files: [String]

    @Option(name: .long, help: "Output format: outline, json, akn or text.")
    var format: Format = .outline

    @Option(name: .long, help: "Refuse inputs larger than this many bytes.")
    var maxSize: Int = 50_000_000

    @Option(name: .long, help: "Refuse XML nested deeper than this many elements (Akoma Ntoso).")
    var maxDepth: Int = 256

    @Option(name: .long, help: "Read the input as this format instead of detecting it: text, markdown, html, pdf, docx, akn.")
    var inputFormat: InputFormat?

    @Option(
        name: .long,
        help: "Extend the drafting vocabulary (heading keywords, markers, ...) with this YAML file (schema safeguard.drafting/1).")
    var drafting: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file to parse") }
        guard maxSize > 0 else { throw ValidationError("--max-size must be positive") }
        guard maxDepth > 0 else { throw ValidationError("--max-depth must be positive") }
        if format == .akn, files.count > 1 { throw ValidationError("--format akn writes one document: give one file") }
    }

    func run() throws {
        var vocabulary = try DraftingVocabulary.shipped()
        if let drafting {
            guard let data = FileManager.default.contents(atPath: drafting) else {
                throw SafeguardError(.inputNotFound, "no such file: \(drafting)", file: drafting)
            }
            guard let yaml = String(data: data, encoding: .utf8) else {
                throw SafeguardError(.invalidConfiguration, "the file is not UTF-8 text", file: drafting)
            }
            vocabulary = try vocabulary.extended(yaml: yaml, source: drafting)
            vocabulary.warnings.forEach(CLIOutput.printWarning)
        }
        let options = ReadOptions(maxBytes: maxSize, format: inputFormat, vocabulary: vocabulary, maxDepth: maxDepth)
        var instruments: [Instrument] = []
        for file in files {
            let instrument = try InstrumentReader.read(contentsOf: URL(fileURLWithPath: file), options: options)
            for warning in instrument.warnings {
                let location = warning.line.map { "\(file):\($0): " } ?? "\(file): "
                CLIOutput.printWarning("\(location)\(warning.message) [\(warning.code.rawValue)]")
            }
            instruments.append(instrument)
        }
        try output.write(render(instruments))
    }

    private func render(_ instruments: [Instrument]) throws -> String {
        let multiple = instruments.count > 1
        switch format {
        case .outline:
            return instruments.enumerated().map { index, instrument in
                (multiple ? "== \(files[index])\n" : "") + InstrumentOutline.render(instrument, colored: output.colorEnabled)
            }.joined(separator: multiple ? "\n" : "")
        case .text:
            return instruments.enumerated().map { index, instrument in
                (multiple ? "== \(files[index])\n" : "") + instrument.text
            }.joined(separator: multiple ? "\n" : "")
        case .json:
            let documents = instruments.map(InstrumentJSON.init)
            return multiple ? try JSONOutput.string(documents) : try JSONOutput.string(documents[0])
        case .akn:
            return AkomaNtosoWriter.write(instruments[0])
        }
    }
}
