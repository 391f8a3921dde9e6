import Foundation
import SafeguardIngest
import SafeguardModel
import SafeguardTestSupport
import Testing

/// Every instrument among the ingest fixtures, read as `safeguard parse` reads it, against its expected outline
/// and Akoma Ntoso in Tests/Fixtures/ingest/expected/ (NAME.outline.txt, NAME.akn.xml). Re-record with
/// `SAFEGUARD_RECORD=1 swift test --filter FixtureGoldenTests` and review `git diff`.
@Suite struct FixtureGoldenTests {
    /// The fixture files that are instruments (not the drafting-vocabulary YAML), by name.
    static let instruments: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Fixture.directory.path)) ?? []
        return names.filter { !$0.hasSuffix(".yaml") && !$0.hasPrefix(".") && $0 != "expected" }.sorted()
    }()

    static var expected: URL { Fixture.directory.appendingPathComponent("expected") }

    /// The file name without its extension (`coe-style.txt` → `coe-style`).
    static func stem(_ name: String) -> String { (name as NSString).deletingPathExtension }

    @Test func everyInstrumentFixtureIsListed() {
        #expect(Self.instruments.count >= 14)
        #expect(Self.instruments.contains("coe-style.txt") && Self.instruments.contains("akn-other-tool.xml"))
    }

    @Test(arguments: instruments)
    func outlineMatchesTheGolden(_ name: String) throws {
        let instrument = try Fixture.read(name)
        assertGolden(InstrumentOutline.render(instrument), at: Self.expected.appendingPathComponent("\(Self.stem(name)).outline.txt"))
    }

    @Test(arguments: instruments)
    func akomaNtosoMatchesTheGolden(_ name: String) throws {
        let instrument = try Fixture.read(name)
        assertGolden(AkomaNtosoWriter.write(instrument), at: Self.expected.appendingPathComponent("\(Self.stem(name)).akn.xml"))
    }
}
