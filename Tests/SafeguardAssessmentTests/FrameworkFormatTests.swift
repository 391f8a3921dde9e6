import Foundation
import SafeguardAnalysis
@testable import SafeguardAssessment
import SafeguardModel
import SafeguardTestSupport
import Testing

@Test func verdictIdsAreStable() {
    #expect(Verdict.allCases.map(\.rawValue) == ["met", "partly-met", "not-met", "not-applicable"])
}

@Suite struct BuiltInFrameworkTests {
    @Test func cybercrimeTreatySafeguardsHasTheStablePrincipleIds() throws {
        let fw = try Framework.builtIn("cybercrime-treaty-safeguards")
        #expect(
            fw.principles.map(\.id) == [
                "narrow-scope", "intent-and-harm", "no-vague-standards", "no-speech-offences",
                "research-and-public-interest", "protected-groups", "powers-safeguarded", "prior-judicial-authorization",
                "effective-remedy", "no-domestic-deferral", "limited-real-time-collection", "mandatory-dual-criminality",
                "human-rights-refusal", "victim-guarantees", "human-rights-clause",
            ])
        #expect(fw.source.year.hasPrefix("2021"))
        #expect(fw.principles.allSatisfy { !$0.description.isEmpty })
        // The principles that demand something exist are never not-applicable.
        let existence = Set(fw.principles.filter(\.existence).map(\.id))
        #expect(existence == ["protected-groups", "victim-guarantees", "human-rights-clause"])
    }

    @Test func necessaryAndProportionateHasTheThirteenPrinciples() throws {
        let fw = try Framework.builtIn("necessary-and-proportionate")
        #expect(
            fw.principles.map(\.id) == [
                "legality", "legitimate-aim", "necessity", "adequacy", "proportionality", "competent-judicial-authority",
                "due-process", "user-notification", "transparency", "public-oversight", "integrity-of-systems",
                "international-cooperation-safeguards", "illegitimate-access-and-remedy",
            ])
        #expect(fw.source.title.contains("Communications Surveillance"))
    }

    @Test func unknownBuiltInIsAConfigurationError() {
        #expect(throws: SafeguardError.self) { try Framework.builtIn("no-such-framework") }
        do {
            _ = try Framework.resolve("no-such-framework")
        } catch let error as SafeguardError {
            #expect(error.kind == .invalidConfiguration)
            #expect(error.message.contains("cybercrime-treaty-safeguards"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func builtInsUseOnlyKnownFeatureFamilies() throws {
        // The feature families of issue 3's catalogue; a typo in a built-in would silently match nothing.
        let families: Set<String> = [
            "obligation", "mens-rea", "harm", "standard", "offence", "exception", "protected", "scope", "power",
            "safeguard", "dual-criminality", "refusal", "victims",
        ]
        for fw in try Framework.builtIns() {
            for principle in fw.principles {
                for rule in principle.rules {
                    let patterns =
                        rule.require.anyOf + rule.require.noneOf + rule.require.partlyBy
                        + rule.require.allOf.map { FeaturePattern($0.rawValue) }
                        + rule.appliesTo.flatMap { $0.features + $0.notFeatures }
                    for pattern in patterns {
                        let family = String(pattern.raw.split(separator: ".")[0])
                        #expect(families.contains(family), "\(fw.id)/\(principle.id): \(pattern.raw)")
                    }
                }
            }
        }
    }
}

@Suite struct InvalidFrameworkTests {
    /// Parses and returns the configuration error, failing the test if there is none.
    func error(_ yaml: String, knownFeatures: Set<FeatureID>? = nil) -> SafeguardError? {
        do {
            _ = try Framework.parse(yaml: yaml, file: "bad.yaml", knownFeatures: knownFeatures)
            Issue.record("expected an error")
            return nil
        } catch let error as SafeguardError {
            #expect(error.kind == .invalidConfiguration)
            #expect(error.exitCode == 78)
            #expect(error.file == "bad.yaml")
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    let header = """
        id: t
        title: T
        version: "1"
        source: {by: Tests, title: Tests, year: "2026"}
        principles:
        """

    @Test func badYAMLNamesTheLine() {
        let e = error("id: t\ntitle: [unclosed\nversion: 1\n")
        #expect(e?.line != nil)
        #expect(e?.message.contains("not valid YAML") == true)
    }

    @Test func unknownKeyNamesKeyAndLine() {
        let e = error(
            header + """

                  - id: p
                    title: P
                    applies_to: all
                    requires: {all_of: [harm.required]}
                """)
        #expect(e?.line == 9)
        #expect(e?.message.contains("unknown key 'requires'") == true)
    }

    @Test func unknownVerdictNamesTheLine() {
        let e = error(
            header + """

                  - id: p
                    title: P
                    applies_to: all
                    require: {all_of: [harm.required]}
                    verdicts:
                      all: fulfilled
                """)
        #expect(e?.line == 11)
        #expect(e?.message.contains("unknown verdict 'fulfilled'") == true)
    }

    @Test func notApplicableIsNotAMappableVerdict() {
        let e = error(
            header + """

                  - id: p
                    title: P
                    applies_to: all
                    require: {all_of: [harm.required]}
                    verdicts: {none: not-applicable}
                """)
        #expect(e?.message.contains("unknown verdict") == true)
    }

    @Test func unknownQuantifierNamesTheLine() {
        let e = error(
            header + """

                  - id: p
                    title: P
                    applies_to: all
                    quantifier: most
                    require: {all_of: [harm.required]}
                """)
        #expect(e?.line == 9)
        #expect(e?.message.contains("unknown quantifier 'most'") == true)
    }

    @Test func unknownFeatureIsRejectedAgainstTheCatalogue() {
        let yaml =
            header + """

                  - id: p
                    title: P
                    applies_to: {features: [power.interception-content]}
                    require:
                      all_of:
                        - safeguard.prior-judicial-authorisation
                """
        let known: Set<FeatureID> = ["power.interception-content", "safeguard.prior-judicial-authorization"]
        let e = error(yaml, knownFeatures: known)
        #expect(e?.line == 11)
        #expect(e?.message.contains("unknown feature 'safeguard.prior-judicial-authorisation'") == true)
        // Without a catalogue the same file is accepted (the shape is valid).
        #expect((try? Framework.parse(yaml: yaml)) != nil)
    }

    @Test func wildcardOfUnknownFamilyIsRejected() {
        let e = error(
            header + """

                  - id: p
                    title: P
                    applies_to: {features: [powers.*]}
                    require: {none_of: [scope.any-offence]}
                """, knownFeatures: ["power.preservation", "scope.any-offence"])
        #expect(e?.line == 8)
    }

    @Test func otherShapeErrors() {
        // Wildcard in all_of.
        #expect(
            error(header + "\n  - {id: p, title: P, applies_to: all, require: {all_of: [victims.*]}}")?
                .message.contains("wildcard") == true)
        // Unknown category, listing the known ones.
        #expect(
            error(header + "\n  - {id: p, title: P, applies_to: {categories: [powers]}, require: {none_of: [scope.any-offence]}}")?
                .message.contains("unknown category 'powers'") == true)
        // Unknown via.
        #expect(
            error(header + "\n  - {id: p, title: P, applies_to: all, require: {all_of: [harm.required], via: linked}}")?
                .message.contains("unknown value 'linked'") == true)
        // Duplicate principle ids.
        #expect(
            error(
                header + """

                      - {id: p, title: P, applies_to: all, require: {all_of: [harm.required]}}
                      - {id: p, title: Q, applies_to: all, require: {all_of: [harm.required]}}
                    """)?.message.contains("duplicate principle id 'p'") == true)
        // Missing rule.
        #expect(error(header + "\n  - {id: p, title: P}")?.message.contains("needs a rule") == true)
        // Both inline rule and rules list.
        #expect(error(header + "\n  - {id: p, title: P, applies_to: all, rules: []}")?.message.contains("not both") == true)
        // Missing source.
        #expect(error("id: t\ntitle: T\nversion: \"1\"\nprinciples: []\n")?.message.contains("'source'") == true)
        // Not a feature id.
        #expect(
            error(header + "\n  - {id: p, title: P, applies_to: all, require: {all_of: [harm]}}")?
                .message.contains("not a feature id") == true)
        // Unknown link kind.
        #expect(
            error(header + "\n  - {id: p, title: P, applies_to: {linked: [cites]}, require: {all_of: [harm.required]}}")?
                .message.contains("unknown link kind") == true)
        // Empty file.
        #expect(error("")?.line == 1)
        // Principle id with spaces.
        #expect(
            error(header + "\n  - {id: No Speech, title: P, applies_to: all, require: {all_of: [harm.required]}}")?
                .message.contains("principle id") == true)
    }

    @Test func missingFrameworkFileIsInputNotFound() {
        do {
            _ = try Framework.resolve("/nonexistent/framework.yaml")
            Issue.record("expected an error")
        } catch let error as SafeguardError {
            #expect(error.kind == .inputNotFound)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

@Suite struct CatalogueTests {
    @Test func builtInFrameworksUseOnlyFeaturesTheLexiconDefines() throws {
        let known = Set(try Lexicon.builtIn().features.map(\.id))
        #expect(!known.isEmpty)
        // Throws (and fails the test) on any feature id or family the catalogue lacks.
        let frameworks = try Framework.builtIns(knownFeatures: known)
        #expect(frameworks.count == 2)
    }
}
