import ArgumentParser
import Foundation
import SafeguardModel
import SafeguardScreening

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports built from recorded decisions.",
        subcommands: [TransparencyReportCommand.self]
    )
}

enum TransparencyFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, html, json }

struct TransparencyReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transparency",
        abstract: "Aggregate screening decisions per requesting state, measure, outcome and ground over a period.",
        discussion:
            "The audit log is verified first; a broken log is refused (exit 1) so a published report never rests on tampered entries."
    )

    @Option(name: .long, help: "The audit log (SQLite).")
    var db: String

    @Option(name: .long, help: "First day included (YYYY-MM-DD, by decision time, UTC).")
    var from: String?

    @Option(name: .long, help: "Last day included (YYYY-MM-DD).")
    var to: String?

    @Option(name: .long, help: "Output format: table, csv, html or json.")
    var format: TransparencyFormat = .table

    @OptionGroup var output: OutputOptions

    func run() throws {
        func day(_ text: String?, _ name: String) throws -> Day? {
            guard let text else { return nil }
            guard let d = Day(iso: text) else { throw ValidationError("--\(name) must be a date YYYY-MM-DD") }
            return d
        }
        let fromDay = try day(from, "from")
        let toDay = try day(to, "to")
        let store = try AuditStores.open(db, create: false)
        let verification = try store.verify()
        guard verification.isIntact else {
            throw SafeguardError(
                .checkFailed,
                "audit log \(db) failed verification (first problem: \(verification.problems[0])); run `safeguard audit verify --db \(db)`")
        }
        let report = TransparencyReport(entries: try store.entries(from: fromDay, to: toDay), from: fromDay, to: toDay)
        switch format {
        case .table: try output.write(report.table())
        case .csv: try output.write(report.csv())
        case .html: try output.write(report.html())
        case .json: try output.write(try JSONOutput.string(report))
        }
    }
}
