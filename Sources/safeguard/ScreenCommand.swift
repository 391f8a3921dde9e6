import ArgumentParser

struct ScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Not implemented yet."
    )

    func run() throws {
        throw ValidationError("'screen' is not implemented yet")
    }
}
