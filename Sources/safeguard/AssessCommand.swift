import ArgumentParser

struct AssessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Not implemented yet."
    )

    func run() throws {
        throw ValidationError("'assess' is not implemented yet")
    }
}
