import Foundation
import Testing

/// `safeguard serve` end to end: the browser flow in headless Chromium and the SIGKILL test, both in
/// scripts/workspace-e2e (Selenium from the .build/test-tools virtualenv that scripts/install-deps makes).
@Suite("serve, end to end")
struct ServeCommandTests {
    @Test(.timeLimit(.minutes(5)))
    func theBrowserFlowAndACrashDuringUploadsPass() throws {
        let root = SafeguardBinary.repositoryRoot
        let python = root.appendingPathComponent(".build/test-tools/bin/python")
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard FileManager.default.isExecutableFile(atPath: python.path), chromium else {
            // make test installs them (scripts/install-deps); CI must never skip this test.
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "Chromium or the test tools are missing in CI")
            return
        }
        let process = Process()
        process.executableURL = python
        process.arguments = [
            root.appendingPathComponent("scripts/workspace-e2e").path, "--binary", SafeguardBinary.url.path,
        ]
        process.currentDirectoryURL = root
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("workspace-e2e-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer {
            try? handle.close()
            try? FileManager.default.removeItem(at: log)
        }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains(" passed, 0 failed"), "\(output)")
    }
}
