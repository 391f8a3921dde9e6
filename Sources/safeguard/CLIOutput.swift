import ArgumentParser
import Foundation
import SafeguardModel

/// `--output PATH`: where a command writes its result (standard output when absent or `-`).
struct OutputOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Write the result to this file instead of standard output.")
    var output: String?

    /// Writes the whole result, creating or replacing the file.
    func write(_ text: String) throws { try write(data: Data(text.utf8)) }

    /// Writes the whole result given as UTF-8 bytes (a JSON document written straight to bytes).
    func write(bytes: [UInt8]) throws { try write(data: Data(bytes)) }

    private func write(data: Data) throws {
        guard let output, output != "-" else {
            FileHandle.standardOutput.write(data)
            return
        }
        do {
            // Atomic (write a temporary file, then rename) only for regular files: renaming over /dev/null or a
            // FIFO would replace the device when run as root.
            let exists = FileManager.default.fileExists(atPath: output)
            let regular =
                !exists || (try? FileManager.default.attributesOfItem(atPath: output)[.type] as? FileAttributeType) == .typeRegular
            try data.write(to: URL(fileURLWithPath: output), options: regular ? .atomic : [])
        } catch {
            throw SafeguardError(.cannotWriteOutput, "cannot write \(output): \(error.localizedDescription)", file: output)
        }
    }

    /// Whether colour may be used: only on a terminal, and never when NO_COLOR is set.
    var colorEnabled: Bool {
        if let output, output != "-" { return false }
        return CLIOutput.standardOutputIsColorTerminal
    }
}

enum CLIOutput {
    static var standardOutputIsColorTerminal: Bool {
        if let noColor = ProcessInfo.processInfo.environment["NO_COLOR"], !noColor.isEmpty { return false }
        return isatty(STDOUT_FILENO) == 1
    }

    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("safeguard: error: \(message)\n".utf8))
    }

    static func printWarning(_ message: String) {
        FileHandle.standardError.write(Data("safeguard: warning: \(message)\n".utf8))
    }
}
