import Foundation
import SafeguardModel
import SafeguardScreening
import SafeguardTestSupport
import Testing

/// The screening decision for each example request under each shipped rule set, as
/// `safeguard screen REQUEST --ruleset ID --format json` prints it, against Tests/Goldens/screen/
/// (REQUEST.RULESET.json; a request the engine refuses gets REQUEST.RULESET.error.txt with the message).
/// Re-record with `SAFEGUARD_RECORD=1 swift test --filter ScreeningGoldenTests` and review `git diff`.
@Suite struct ScreeningGoldenTests {
    static let requests: [String] = {
        let folder = RepositoryPaths.examples.appendingPathComponent("requests")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }()

    static let ruleSets = ["model-convention-rev2", "recommended-safeguards"]

    @Test func theExampleRequestsAreFound() {
        #expect(Self.requests.count >= 4)
    }

    @Test(arguments: requests, ruleSets)
    func decisionMatchesTheGolden(_ request: String, _ ruleSet: String) throws {
        let engine = try ScreeningResources.engine(ruleSet: ruleSet)
        let path = "examples/requests/" + request  // as the command is given it, from the repository root
        let text = try String(contentsOf: RepositoryPaths.root.appendingPathComponent(path), encoding: .utf8)
        let value = path.hasSuffix(".json") ? try DataValue.parseJSON(text, source: path) : try DataValue.parseYAML(text, source: path)
        do {
            let report = engine.screen(try engine.request(from: value, source: path))
            assertGolden(try JSONOutput.string(report), named: "screen/\(request).\(ruleSet).json")
        } catch let error as SafeguardError {
            assertGolden(error.description + "\n", named: "screen/\(request).\(ruleSet).error.txt")
        }
    }
}
