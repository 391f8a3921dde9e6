import ArgumentParser

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Not implemented yet."
    )

    func run() throws {
        throw ValidationError("'analyze' is not implemented yet")
    }
}
