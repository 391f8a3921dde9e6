import ArgumentParser
import Foundation
import SafeguardModel

/// The `safeguard` command: reads cybercrime law and screens data requests, always citing the words.
@main
struct Safeguard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "safeguard",
        abstract:
            "Read cybercrime law provision by provision and show, with the words quoted, where it protects people and where it endangers "
                + "them.",
        discussion: """
            Exit codes: 0 success; 1 a check failed (e.g. audit verify found tampering); 64 usage error; \
            65 bad input data; 66 input not found; 69 required tool missing; 70 internal error; \
            73 cannot write output; 78 invalid configuration (lexicon, framework, review, rule set). \
            Set NO_COLOR to disable colour. See docs/cli.md.
            """,
        version: SafeguardVersion.string,
        subcommands: [
            ParseCommand.self,
            AnalyzeCommand.self,
            AssessCommand.self,
            DiffCommand.self,
            HistoryCommand.self,
            ScreenCommand.self,
            AuditCommand.self,
            ReportCommand.self,
            RecourseCommand.self,
            ServeCommand.self,
        ]
    )

    /// Maps Safeguard's own errors to their documented exit codes; everything else goes through ArgumentParser.
    static func main() async {
        if let problem = Limits.environmentProblem {
            CLIOutput.printError(problem)
            Foundation.exit(64)
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as SafeguardError {
            CLIOutput.printError(error.description)
            Foundation.exit(error.exitCode)
        } catch {
            exit(withError: error)
        }
    }
}

enum SafeguardVersion {
    static let string = "0.1.0"
}
