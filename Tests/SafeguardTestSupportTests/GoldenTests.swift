import Foundation
import SafeguardTestSupport
import Testing

/// The golden-file helper itself: match, mismatch, missing file and record mode, in temporary folders.
@Suite struct GoldenFileTests {
    let folder: URL

    init() throws { folder = try makeTemporaryDirectory(prefix: "safeguard-golden") }

    func write(_ text: String, _ name: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func identicalBytesMatch() throws {
        let url = try write("one\ntwo\n", "same.txt")
        #expect(try GoldenFile.check("one\ntwo\n", at: url, record: false) == .matched)
    }

    @Test func aDifferenceIsAMismatchWithADiff() throws {
        let url = try write("one\ntwo\nthree\n", "differs.txt")
        let outcome = try GoldenFile.check("one\nTWO\nthree\n", at: url, record: false)
        #expect(outcome == .mismatch(diff: "@@ -2,1 +2,1 @@\n one\n-two\n+TWO\n three"))
    }

    @Test func aMissingFinalNewlineIsAMismatch() throws {
        let url = try write("one\n", "newline.txt")
        guard case .mismatch(let diff) = try GoldenFile.check("one", at: url, record: false) else {
            Issue.record("expected a mismatch")
            return
        }
        #expect(diff.contains("+\\ No newline at end of text"))
    }

    @Test func aMissingFileIsReportedAndNotWritten() throws {
        let url = folder.appendingPathComponent("absent/none.txt")
        #expect(try GoldenFile.check("text", at: url, record: false) == .missing)
        #expect(!FileManager.default.fileExists(atPath: url.path))
        #expect(GoldenFile.message(.missing, at: url)?.contains("SAFEGUARD_RECORD=1") == true)
    }

    @Test func recordModeWritesTheFileAndSaysSo() throws {
        let url = folder.appendingPathComponent("new/recorded.txt")
        #expect(try GoldenFile.check("fresh\n", at: url, record: true) == .recorded)
        #expect(try String(contentsOf: url, encoding: .utf8) == "fresh\n")
        #expect(try GoldenFile.check("fresh\n", at: url, record: false) == .matched)
        // A recording run is never a silent pass: it has a message, so assertGolden reports an issue.
        #expect(GoldenFile.message(.recorded, at: url)?.hasPrefix("recorded golden") == true)
        #expect(GoldenFile.message(.matched, at: url) == nil)
    }

    @Test func recordModeOverwritesADifferentFile() throws {
        let url = try write("old\n", "overwrite.txt")
        #expect(try GoldenFile.check("new\n", at: url, record: true) == .recorded)
        #expect(try String(contentsOf: url, encoding: .utf8) == "new\n")
    }

    @Test func assertGoldenPassesOnAMatch() throws {
        let url = try write("same\n", "assert-match.txt")
        if !GoldenFile.isRecording { assertGolden("same\n", at: url) }
    }

    @Test func assertGoldenRecordsAnIssueOnAMismatch() throws {
        let url = try write("expected\n", "assert-mismatch.txt")
        withKnownIssue { assertGolden("actual\n", at: url) }
    }

    @Test func assertGoldenRecordsAnIssueForAMissingFile() {
        withKnownIssue { assertGolden("anything\n", at: folder.appendingPathComponent("missing.txt")) }
    }
}

@Suite struct GoldenDiffTests {
    @Test func showsOnlyTheDifferingStretchWithContext() {
        let expected = (1...100).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let actual = expected.replacingOccurrences(of: "line 50\n", with: "line fifty\n")
        let diff = GoldenDiff.unified(expected: expected, actual: actual)
        #expect(diff == "@@ -50,1 +50,1 @@\n line 47\n line 48\n line 49\n-line 50\n+line fifty\n line 51\n line 52\n line 53")
    }

    @Test func longStretchesAreCut() {
        let expected = (1...40).map { "a\($0)" }.joined(separator: "\n") + "\n"
        let actual = (1...40).map { "b\($0)" }.joined(separator: "\n") + "\n"
        let diff = GoldenDiff.unified(expected: expected, actual: actual, limit: 5)
        #expect(diff.split(separator: "\n").count == 1 + 6 + 6)
        #expect(diff.contains("-… 35 more lines") && diff.contains("+… 35 more lines"))
    }

    @Test func addedLinesAtTheEnd() {
        let diff = GoldenDiff.unified(expected: "a\nb\n", actual: "a\nb\nc\n")
        #expect(diff == "@@ -3,0 +3,1 @@\n a\n b\n+c")
    }
}

@Suite struct RepositoryPathsTests {
    @Test func theRootHoldsThePackageManifestAndTheExamples() {
        #expect(FileManager.default.fileExists(atPath: RepositoryPaths.root.appendingPathComponent("Package.swift").path))
        #expect(FileManager.default.fileExists(atPath: RepositoryPaths.examples.appendingPathComponent("model-convention-rev1.txt").path))
        #expect(RepositoryPaths.relative(RepositoryPaths.goldens.appendingPathComponent("x.txt")) == "Tests/Goldens/x.txt")
    }
}
