public import Foundation
public import Testing

/// What comparing an output with its golden file found.
public enum GoldenOutcome: Equatable, Sendable {
    /// The file holds exactly the output.
    case matched
    /// Record mode: the file was (re)written with the output.
    case recorded
    /// There is no file, and record mode is off.
    case missing
    /// The file differs; `diff` shows where (expected lines `-`, actual lines `+`).
    case mismatch(diff: String)
}

/// Golden files: an output compared byte for byte with a file in the repository, re-recorded on request.
///
/// Modelled on swift-argument-parser's `assertSnapshot` (ArgumentParserTestHelpers): a recording run writes
/// the files and reports every file it wrote as a test issue, so it never passes silently; review the change
/// with `git diff` and run again without recording.
public enum GoldenFile {
    /// The environment variable that turns recording on (`SAFEGUARD_RECORD=1 swift test --filter ...`).
    public static let recordVariable = "SAFEGUARD_RECORD"

    /// Whether this run records goldens instead of checking them.
    public static var isRecording: Bool {
        let value = ProcessInfo.processInfo.environment[recordVariable] ?? ""
        return !value.isEmpty && value != "0"
    }

    /// Compares `actual` with the file at `url`, or writes it there when `record` is true.
    public static func check(_ actual: String, at url: URL, record: Bool = isRecording) throws -> GoldenOutcome {
        if record {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url, options: .atomic)
            return .recorded
        }
        guard let data = FileManager.default.contents(atPath: url.path) else { return .missing }
        let expected = String(decoding: data, as: UTF8.self)
        if Array(data) == Array(actual.utf8) { return .matched }
        return .mismatch(diff: GoldenDiff.unified(expected: expected, actual: actual))
    }

    /// The message a test reports for an outcome other than a match (nil for a match).
    public static func message(_ outcome: GoldenOutcome, at url: URL) -> String? {
        let path = RepositoryPaths.relative(url)
        switch outcome {
        case .matched:
            return nil
        case .recorded:
            return "recorded golden \(path) (\(recordVariable) is set): review `git diff`, then run again without it"
        case .missing:
            return "no golden file \(path): record it with \(recordVariable)=1 swift test --filter ..."
        case .mismatch(let diff):
            return "output differs from golden \(path) (- golden, + actual); if the change is intended, "
                + "re-record with \(recordVariable)=1 and review `git diff`:\n\(diff)"
        }
    }
}

/// Checks `actual` against the golden file at `url` (recording it when `SAFEGUARD_RECORD=1`); anything but a
/// match is reported as an issue at the caller, a recording included.
public func assertGolden(_ actual: String, at url: URL, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        let outcome = try GoldenFile.check(actual, at: url)
        if let message = GoldenFile.message(outcome, at: url) {
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record(error, "cannot read or write golden \(url.path)", sourceLocation: sourceLocation)
    }
}

/// Checks `actual` against the golden file `name` (a relative path such as `analyze/NAME.json`) under
/// `directory` (by default `Tests/Goldens`).
public func assertGolden(
    _ actual: String, named name: String, in directory: URL = RepositoryPaths.goldens,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    assertGolden(actual, at: directory.appendingPathComponent(name), sourceLocation: sourceLocation)
}
