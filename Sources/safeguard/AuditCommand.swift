import ArgumentParser

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Not implemented yet."
    )

    func run() throws {
        throw ValidationError("'audit' is not implemented yet")
    }
}
