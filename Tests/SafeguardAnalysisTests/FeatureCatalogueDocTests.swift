import Foundation
import SafeguardAnalysis
import SafeguardTestSupport
import Testing

/// docs/features.md must be what the catalogue generates, so docs and data never drift apart.
@Suite struct FeatureCatalogueDocTests {
    @Test func featuresDocMatchesTheCatalogue() throws {
        let url = RepositoryPaths.root.appendingPathComponent("docs/features.md")
        let generated = try Lexicon.builtIn().featureCatalogueMarkdown()
        if ProcessInfo.processInfo.environment["SAFEGUARD_REGENERATE_DOCS"] != nil {
            try generated.write(to: url, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOf: url, encoding: .utf8)
        #expect(
            committed == generated, "docs/features.md is stale: SAFEGUARD_REGENERATE_DOCS=1 swift test --filter FeatureCatalogueDocTests")
        #expect(generated.contains("`safeguard.prior-judicial-authorization`"))
    }
}
