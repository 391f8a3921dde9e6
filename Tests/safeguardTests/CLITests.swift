import Foundation
import SafeguardTestSupport
import Testing

/// End-to-end tests of the built `safeguard` binary.
enum SafeguardBinary {
    /// The built executable, next to the test bundle in the build products folder.
    static var url: URL {
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("safeguard")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/safeguard")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary with arguments, an environment without NO_COLOR surprises, and optional stdin.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }

    /// The repository root (for examples/).
    static var repositoryRoot: URL { RepositoryPaths.root }
}

@Suite struct CLIBasicsTests {
    @Test func unknownOptionIsAUsageError() throws {
        let result = try SafeguardBinary.run(["--no-such-option"])
        #expect(result.status == 64)
    }

    @Test func versionPrints() throws {
        let result = try SafeguardBinary.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("0.1.0"))
    }
}
