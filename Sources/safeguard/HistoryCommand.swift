import ArgumentParser

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Not implemented yet."
    )

    func run() throws {
        throw ValidationError("'history' is not implemented yet")
    }
}
