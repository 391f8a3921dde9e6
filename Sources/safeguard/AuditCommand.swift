import ArgumentParser
import Foundation
import SafeguardModel
import SafeguardScreening

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check or list the tamper-evident audit log of screening decisions.",
        subcommands: [AuditVerifyCommand.self, AuditListCommand.self]
    )
}

struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the hash chain; report every edited, reordered or deleted entry and where (exit 1 if any)."
    )

    @Option(name: .long, help: "The audit log (SQLite).")
    var db: String

    @Option(name: .long, help: "Output format: table or json.")
    var format: AuditFormat = .table

    @OptionGroup var output: OutputOptions

    func run() throws {
        guard FileManager.default.fileExists(atPath: db) else { throw SafeguardError(.inputNotFound, "no such audit log", file: db) }
        let result = try SQLiteAuditStore(path: db, create: false).verify()
        switch format {
        case .json: try output.write(try JSONOutput.string(result))
        case .table:
            var text = result.isIntact
                ? "audit log intact: \(result.entries) entries; head \(result.headHash)\n"
                : "audit log BROKEN: \(result.problems.count) problem(s) in \(result.entries) entries\n"
            for p in result.problems { text += "  \(p)\n" }
            try output.write(text)
        }
        if !result.isIntact { throw SafeguardError(.checkFailed, "audit log \(db) failed verification (\(result.problems.count) problem(s); first at entry \(result.problems[0].sequence))") }
    }
}

enum AuditFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

struct AuditListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List audit entries.")

    @Option(name: .long, help: "The audit log (SQLite).")
    var db: String

    @Option(name: .long, help: "Output format: table or json.")
    var format: AuditFormat = .table

    @OptionGroup var output: OutputOptions

    func run() throws {
        guard FileManager.default.fileExists(atPath: db) else { throw SafeguardError(.inputNotFound, "no such audit log", file: db) }
        let entries = try SQLiteAuditStore(path: db, create: false).entries(from: nil, to: nil)
        switch format {
        case .json: try output.write(try JSONOutput.string(entries))
        case .table:
            var t = TextTable(headers: ["#", "recorded", "request", "from", "measure", "outcome", "grounds", "hash"])
            for e in entries {
                t.rows.append([String(e.sequence), e.recordedAt, e.record.requestID, e.record.requestingState, e.record.measure, e.record.outcome, e.record.grounds, String(e.entryHash.prefix(12))])
            }
            try output.write(t.render())
        }
    }
}
