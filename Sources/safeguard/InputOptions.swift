public import ArgumentParser
import Foundation
public import SafeguardIngest
import SafeguardModel

extension InputFormat: ExpressibleByArgument {}

/// How instrument files are read: the limits and the format options of every command that reads instruments
/// (`parse`, `analyze`, `assess`, `diff`, `history`), so each limit can be set wherever an input is read.
struct InputOptions: ParsableArguments {
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

    func validate() throws {
        guard maxSize > 0 else { throw ValidationError("--max-size must be positive") }
        guard maxDepth > 0 else { throw ValidationError("--max-depth must be positive") }
    }

    /// The read options these describe, with the shipped drafting vocabulary extended by `--drafting` (whose
    /// warnings, such as old key spellings, are printed on standard error).
    func readOptions() throws -> ReadOptions {
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
        return ReadOptions(maxBytes: maxSize, format: inputFormat, vocabulary: vocabulary, maxDepth: maxDepth)
    }
}
