import ArgumentParser

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Not implemented yet."
    )

    func run() throws {
        throw ValidationError("'report' is not implemented yet")
    }
}
