import Foundation
import Testing

/// Every command that reads instruments takes the same input options (`--max-size`, `--max-depth`,
/// `--input-format`, `--drafting`), so each limit can be set wherever an input is read.
@Suite struct InputOptionsTests {
    static let rev1 = SafeguardBinary.repositoryRoot.appendingPathComponent("examples/model-convention-rev1.txt").path
    static let rev2 = SafeguardBinary.repositoryRoot.appendingPathComponent("examples/model-convention-rev2.txt").path
    static let akn = SafeguardBinary.repositoryRoot.appendingPathComponent("examples/model-convention-rev1.akn.xml").path
    static let french = SafeguardBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/ingest/french-style.txt").path
    static let frenchDrafting = SafeguardBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/ingest/drafting-fr.yaml").path

    @Test(arguments: [
        ["analyze", rev1], ["assess", rev1], ["diff", rev1, rev2], ["history", rev1, rev2],
    ])
    func theSizeLimitIsHonouredByEveryReadingCommand(command: [String]) throws {
        let limited = try SafeguardBinary.run(command + ["--max-size", "1000"])
        #expect(limited.status == 65, "\(limited.stderr)")
        #expect(limited.stderr.contains("1000"), "\(limited.stderr)")
        let refused = try SafeguardBinary.run(command + ["--max-size", "0"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--max-size must be positive"))
    }

    @Test func theDepthLimitAndTheForcedFormatReachAnalyze() throws {
        let shallow = try SafeguardBinary.run(["analyze", Self.akn, "--max-depth", "3"])
        #expect(shallow.status == 65, "\(shallow.stderr)")
        #expect(shallow.stderr.contains("nested deeper than 3"), "\(shallow.stderr)")
        // Read as plain text, the XML file's markup is words, not structure: no article is found in it.
        let asText = try SafeguardBinary.run(["analyze", Self.akn, "--input-format", "text", "--format", "json"])
        let asXML = try SafeguardBinary.run(["analyze", Self.akn, "--format", "json"])
        #expect(asXML.status == 0)
        #expect(asText.stdout != asXML.stdout)
    }

    @Test func aDraftingExtensionReachesAssess() throws {
        let plain = try SafeguardBinary.run(["assess", Self.french, "--format", "json"])
        let extended = try SafeguardBinary.run(["assess", Self.french, "--format", "json", "--drafting", Self.frenchDrafting])
        #expect(extended.status == 0, "\(extended.stderr)")
        #expect(extended.stdout.contains("chp_1"))
        #expect(!plain.stdout.contains("chp_1"))
    }
}

/// The YAML alias limit is set from the environment for every command (`SAFEGUARD_MAX_YAML_VALUES`).
@Suite struct YAMLValueLimitTests {
    @Test func aLowLimitStopsTheBuiltInLexiconAndTheDefaultDoesNot() throws {
        let low = try SafeguardBinary.run(["analyze", InputOptionsTests.rev1], environment: ["SAFEGUARD_MAX_YAML_VALUES": "50"])
        #expect(low.status == 78, "\(low.stderr)")
        #expect(low.stderr.contains("expands to more than 50 values"), "\(low.stderr)")
        let high = try SafeguardBinary.run(["analyze", InputOptionsTests.rev1], environment: ["SAFEGUARD_MAX_YAML_VALUES": "5000000"])
        #expect(high.status == 0, "\(high.stderr)")
    }

    @Test(arguments: ["0", "-3", "many", "1e6"])
    func aValueThatIsNotAPositiveWholeNumberIsAUsageError(value: String) throws {
        let result = try SafeguardBinary.run(["parse", InputOptionsTests.rev1], environment: ["SAFEGUARD_MAX_YAML_VALUES": value])
        #expect(result.status == 64)
        #expect(result.stderr.contains("SAFEGUARD_MAX_YAML_VALUES must be a positive whole number, not '\(value)'"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
