import ArgumentParser

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Not implemented yet."
    )

    func run() throws {
        throw ValidationError("'parse' is not implemented yet")
    }
}
