public import ArgumentParser
import Foundation
import SafeguardIngest
import SafeguardModel

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

    @OptionGroup var input: InputOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file to parse") }
        if format == .akn, files.count > 1 { throw ValidationError("--format akn writes one document: give one file") }
    }

    func run() throws {
        let options = try input.readOptions()
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
