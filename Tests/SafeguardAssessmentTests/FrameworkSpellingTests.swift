import SafeguardAssessment
import SafeguardModel
import Testing
import SafeguardAnalysis

/// Kebab-case keys, the old underscore spellings accepted with a warning for one version, and `schema:`.
@Suite struct FrameworkSpellingTests {
    static func framework(_ principle: String, schema: String? = nil) -> String {
        """
        \(schema.map { "schema: \($0)\n" } ?? "")id: mine
        title: Mine
        version: "1"
        source: {by: Me, title: Mine, year: "2026"}
        principles:
        \(principle)
        """
    }

    @Test func kebabCaseKeysLoadWithoutWarnings() throws {
        let framework = try Framework.parse(
            yaml: Self.framework(
                """
                  - id: p
                    title: P
                    national-law: Ask a lawyer.
                    applies-to: {not-categories: [preamble], not-features: [exception.*]}
                    require: {any-of: [safeguard.*], none-of: [scope.any-offence], partly-by: [obligation.*], via: or-linked}
                """, schema: "safeguard.framework/1"), file: "mine.yaml")
        #expect(framework.warnings.isEmpty)
        let rule = try #require(framework.principles.first?.rules.first)
        #expect(rule.require.via == .orLinked)
        #expect(rule.appliesTo.first?.notCategories == [.preamble])
        #expect(framework.principles.first?.nationalLawNote == "Ask a lawyer.")
    }

    @Test func oldSpellingsLoadTheSameWithAWarningEach() throws {
        let old = try Framework.parse(
            yaml: Self.framework(
                """
                  - id: p
                    title: P
                    applies_to: {not_categories: [preamble]}
                    require: {any_of: [safeguard.*], via: or_linked}
                """), file: "old.yaml")
        let new = try Framework.parse(
            yaml: Self.framework(
                """
                  - id: p
                    title: P
                    applies-to: {not-categories: [preamble]}
                    require: {any-of: [safeguard.*], via: or-linked}
                """), file: "old.yaml")
        #expect(old.principles == new.principles)
        #expect(old.warnings.count == 4)
        #expect(
            old.warnings.contains(
                "old.yaml:9: principle 'p'.require.via: 'or_linked' is the old spelling of 'or-linked' (still read in this version)"))
        #expect(old.warnings.allSatisfy { $0.hasPrefix("old.yaml:") && $0.contains("old spelling") })
    }

    @Test func bothSpellingsOfOneKeyAreRefused() {
        #expect(throws: SafeguardError.self) {
            try Framework.parse(
                yaml: Self.framework(
                    """
                      - id: p
                        title: P
                        applies_to: all
                        applies-to: all
                        require: {any-of: [safeguard.*]}
                    """), file: "both.yaml")
        }
    }

    @Test func aWrongSchemaIsAClearError() {
        do {
            _ = try Framework.parse(
                yaml: Self.framework(
                    """
                      - id: p
                        title: P
                        applies-to: all
                        require: {any-of: [safeguard.*]}
                    """, schema: "safeguard.lexicon/1"), file: "wrong.yaml")
            Issue.record("accepted a lexicon schema")
        } catch let error as SafeguardError {
            #expect(error.message == "unsupported schema 'safeguard.lexicon/1' (expected safeguard.framework/1)")
            #expect(error.line == 1)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func builtInFrameworksAreKebabCaseWithASchema() throws {
        for framework in try Framework.builtIns() { #expect(framework.warnings.isEmpty) }
    }
}
