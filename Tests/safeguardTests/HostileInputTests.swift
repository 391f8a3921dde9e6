import Foundation
import Testing

/// The hostile-input corpus of scripts/hostile-corpus: every file gets its documented exit code and message,
/// never a crash (a signal) and never a hang. The full-size versions (1 GB line, 10^6 nested points and
/// targets) run in scripts/hostile-bench, which also records time and memory; no timing is asserted here.
@Suite struct HostileInputTests {
    struct Case {
        var name: String
        var arguments: [String]
        var exitCode: Int32
        var message: String?
    }

    static func generate() throws -> (directory: URL, cases: [Case]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("safeguard-hostile-\(UUID().uuidString)")
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = [
            "python3", SafeguardBinary.repositoryRoot.appendingPathComponent("scripts/hostile-corpus").path, directory.path,
        ]
        generator.standardOutput = FileHandle.nullDevice
        try generator.run()
        generator.waitUntilExit()
        #expect(generator.terminationStatus == 0, "scripts/hostile-corpus failed")
        let manifest = try String(contentsOf: directory.appendingPathComponent("manifest.tsv"), encoding: .utf8)
        let cases = manifest.split(separator: "\n").map { line -> Case in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let path = directory.appendingPathComponent(fields[0]).path
            let arguments = fields[1].split(separator: " ").map { $0 == "{file}" ? path : String($0) }
            return Case(
                name: fields[0], arguments: arguments, exitCode: Int32(fields[2]) ?? -1, message: fields[3] == "-" ? nil : fields[3])
        }
        return (directory, cases)
    }

    /// Runs the binary from the repository root with output in files (no pipe can fill up), and stops it
    /// after `limit` seconds: a run that long is a hang, reported as such.
    static func run(_ arguments: [String], limit: TimeInterval = 180) throws -> (status: Int32, signalled: Bool, hung: Bool, stderr: String)
    {
        let process = Process()
        process.executableURL = SafeguardBinary.url
        process.arguments = arguments
        process.currentDirectoryURL = SafeguardBinary.repositoryRoot
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let deadline = Date().addingTimeInterval(limit)
        var hung = false
        while process.isRunning {
            if Date() > deadline { hung = true; process.terminate(); break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        // A runaway process (one seen growing past 10 GB) may not act on SIGTERM at once: SIGKILL after 5 s,
        // so that a hang fails this test instead of the machine.
        let killDeadline = Date().addingTimeInterval(5)
        while hung, process.isRunning {
            if Date() > killDeadline { kill(process.processIdentifier, SIGKILL); break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.waitUntilExit()
        let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal, hung, stderr)
    }

    @Test func everyHostileInputGetsItsDocumentedExitCodeAndMessage() throws {
        let (directory, cases) = try Self.generate()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(cases.count >= 30)
        for testCase in cases {
            let result = try Self.run(testCase.arguments)
            #expect(!result.signalled, "\(testCase.name): crashed (signal \(result.status))")
            #expect(!result.hung, "\(testCase.name): still running after the limit")
            let stderr = result.stderr.prefix(300)
            #expect(
                result.status == testCase.exitCode,
                "\(testCase.name) \(testCase.arguments.dropLast()): exit \(result.status), expected \(testCase.exitCode): \(stderr)"
            )
            if let message = testCase.message {
                #expect(result.stderr.contains(message), "\(testCase.name): stderr lacks \"\(message)\": \(result.stderr.prefix(300))")
            }
            // Errors name the file and say what is wrong; none echoes raw markup from the input.
            #expect(!result.stderr.contains("<script"), "\(testCase.name): stderr echoes markup")
        }
    }

    @Test func htmlOutputEscapesHostileEIdsAndHeadings() throws {
        let (directory, _) = try Self.generate()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.html")
        let result = try Self.run([
            "analyze", "--format", "html", "--output", output.path, directory.appendingPathComponent("script-eid.akn.xml").path,
        ])
        #expect(result.status == 0)
        let html = try String(contentsOf: output, encoding: .utf8)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img src=x"))
        #expect(html.contains("sec_&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test func aSymbolicLinkInACorpusDirectoryIsNotFollowed() throws {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("safeguard-links-\(UUID().uuidString)")
        let corpus = root.appendingPathComponent("corpus")
        try fm.createDirectory(at: corpus, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: root) }
        let examples = SafeguardBinary.repositoryRoot.appendingPathComponent("examples")
        try fm.copyItem(at: examples.appendingPathComponent("model-computer-misuse-act.txt"), to: corpus.appendingPathComponent("act.txt"))
        // Outside the directory: reachable only through the link.
        try fm.copyItem(at: examples.appendingPathComponent("model-convention-rev2.txt"), to: root.appendingPathComponent("outside.txt"))
        try fm.createSymbolicLink(atPath: corpus.appendingPathComponent("link.txt").path, withDestinationPath: "../outside.txt")
        let result = try SafeguardBinary.run(["assess", "--format", "csv", "--framework", "cybercrime-treaty-safeguards", corpus.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("act.txt"))
        #expect(!result.stdout.contains("link.txt"))
    }
}
