import Foundation
import Testing

/// `assess`, `diff` and `history` build the same pipeline, so they refuse the same configuration mistakes with
/// the same message (before the pipeline, `diff` and `history` accepted a framework that `assess` refused).
@Suite struct PipelineConsistencyTests {
    static let examples = SafeguardBinary.repositoryRoot.appendingPathComponent("examples")
    static let rev1 = examples.appendingPathComponent("model-convention-rev1.txt").path
    static let rev2 = examples.appendingPathComponent("model-convention-rev2.txt").path

    static func misspeltFramework() throws -> (directory: URL, path: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("safeguard-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("typo.yaml").path
        try """
        id: typo
        title: Typo
        version: "1"
        source: {by: Me, title: Mine, year: "2026"}
        principles:
          - id: p
            title: P
            applies_to: {features: [power.interception-content]}
            require: {all_of: [safeguard.prior-judicial-authorisation]}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return (dir, path)
    }

    @Test func assessDiffAndHistoryRefuseAMisspeltFeatureAlike() throws {
        let (dir, path) = try Self.misspeltFramework()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runs = [
            try SafeguardBinary.run(["assess", Self.rev1, "--framework", path]),
            try SafeguardBinary.run(["diff", Self.rev1, Self.rev2, "--framework", path]),
            try SafeguardBinary.run(["history", Self.rev1, Self.rev2, "--framework", path]),
        ]
        for result in runs {
            #expect(result.status == 78)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("typo.yaml:9:"))
            #expect(result.stderr.contains("unknown feature 'safeguard.prior-judicial-authorisation'"))
        }
        #expect(runs[1].stderr == runs[0].stderr)
        #expect(runs[2].stderr == runs[0].stderr)
    }

    @Test func aRulesFileNamingAFeatureTheLexiconLacksIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("safeguard-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let builtIn = SafeguardBinary.repositoryRoot
            .appendingPathComponent("Sources/SafeguardComparison/Resources/comparison-rules.yaml")
        let text = try String(contentsOf: builtIn, encoding: .utf8)
            .replacingOccurrences(of: "features: [harm.required]", with: "features: [harm.requird]")
        let rules = dir.appendingPathComponent("rules.yaml")
        try text.write(to: rules, atomically: true, encoding: .utf8)
        let result = try SafeguardBinary.run(["diff", Self.rev1, Self.rev2, "--rules", rules.path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("unknown feature 'harm.requird'"))
    }
}
