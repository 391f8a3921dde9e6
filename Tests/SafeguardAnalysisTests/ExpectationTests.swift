import Foundation
import SafeguardAnalysis
import SafeguardIngest
import SafeguardModel
import SafeguardTestSupport
import Testing
import Yams

/// The analysis of the bundled examples compared with expectations reviewed by hand against the text
/// (Tests/SafeguardAnalysisTests/Expectations/*.yaml).
@Suite struct ExpectationTests {
    static let root = RepositoryPaths.root
    static let lexicon = try! Lexicon.sharedBuiltIn()

    static func analysis(_ example: String) throws -> Analysis {
        let instrument = try InstrumentReader.read(contentsOf: root.appendingPathComponent("examples/\(example).txt"))
        return Analyzer(lexicon: lexicon).analyze(instrument)
    }

    struct Expected {
        var category: String
        var also: [String]?
        var features: [String]
    }

    static func expectations(_ example: String) throws -> [(eId: String, expected: Expected)] {
        let url = root.appendingPathComponent("Tests/SafeguardAnalysisTests/Expectations/\(example).yaml")
        let yaml = try String(contentsOf: url, encoding: .utf8)
        guard case .mapping(let top)? = try Yams.compose(yaml: yaml), case .mapping(let articles)? = top["articles"] else {
            throw SafeguardError(.invalidData, "bad expectations file", file: url.path)
        }
        return articles.map { key, value in
            let map = value.mapping
            return (
                key.string ?? "",
                Expected(
                    category: map?["category"]?.string ?? "",
                    also: map?["also"].map { $0.array().compactMap(\.string) },
                    features: map?["features"]?.array().compactMap(\.string) ?? [])
            )
        }
    }

    @Test(arguments: ["model-convention-rev1", "model-convention-rev2", "model-computer-misuse-act"])
    func everyArticleHasItsExpectedCategoryAndFeatures(_ example: String) throws {
        let analysis = try Self.analysis(example)
        let expected = try Self.expectations(example)
        #expect(Set(expected.map(\.eId)) == Set(analysis.categories.map(\.eId.rawValue)), "articles differ")
        for (eId, expectation) in expected {
            let assignment = analysis.category(of: EId(eId))
            #expect(assignment?.primary.rawValue == expectation.category, "\(example) \(eId) category")
            if let also = expectation.also {
                #expect(assignment?.secondary.map(\.rawValue) == also, "\(example) \(eId) secondary categories")
            }
            let found = Set(analysis.features(ofUnit: EId(eId)).map(\.rawValue))
            let wanted = Set(expectation.features)
            #expect(found.subtracting(wanted).isEmpty, "\(example) \(eId) unexpected: \(found.subtracting(wanted).sorted())")
            #expect(wanted.subtracting(found).isEmpty, "\(example) \(eId) missing: \(wanted.subtracting(found).sorted())")
        }
        // Every finding quotes exactly the words its span covers, inside the provision it names.
        for finding in analysis.findings {
            #expect(analysis.instrument.quote(finding.span) == finding.quote)
            if let provision = analysis.instrument[eId: finding.eId] {
                #expect(provision.span.contains(finding.span), "\(finding.eId) does not hold \(finding.quote)")
            }
        }
    }

    @Test
    func rev2WeakenedProvisionsShowTheWeakenedFeatures() throws {
        let rev1 = try Self.analysis("model-convention-rev1")
        let rev2 = try Self.analysis("model-convention-rev2")
        func has(_ analysis: Analysis, _ eId: String, _ feature: FeatureID) -> Bool {
            analysis.features(ofUnit: EId(eId)).contains(feature)
        }
        // Dual criminality: a condition in rev1 (met by conduct), a ground a party may invoke in rev2.
        #expect(has(rev1, "art_32", "dual-criminality.required") && has(rev1, "art_32", "dual-criminality.conduct-based"))
        #expect(!has(rev1, "art_32", "dual-criminality.optional"))
        #expect(has(rev2, "art_34", "dual-criminality.optional") && !has(rev2, "art_34", "dual-criminality.required"))
        #expect(rev2.findings(of: "dual-criminality.optional", inUnit: "art_34").contains { $0.quote.contains("absence of dual") })
        // Interception: a judge's warrant in advance in rev1, "judicial or other independent review" in rev2.
        #expect(has(rev1, "art_28", "safeguard.prior-judicial-authorization"))
        #expect(!has(rev2, "art_30", "safeguard.prior-judicial-authorization") && has(rev2, "art_30", "safeguard.judicial-authorization"))
        #expect(has(rev2, "art_30", "safeguard.notification") && !has(rev1, "art_28", "safeguard.notification"))
        // Conditions and safeguards: remedy dropped, deference added.
        #expect(has(rev1, "art_22", "safeguard.effective-remedy") && !has(rev2, "art_24", "safeguard.effective-remedy"))
        #expect(!has(rev1, "art_22", "obligation.domestic-law-deference") && has(rev2, "art_24", "obligation.domestic-law-deference"))
        // Production order: necessity and particularity dropped.
        #expect(has(rev1, "art_25", "safeguard.necessity") && !has(rev2, "art_27", "safeguard.necessity"))
        // Witness protection: "shall" became "may".
        #expect(has(rev1, "art_30", "obligation.mandatory") && !has(rev2, "art_32", "obligation.mandatory"))
        #expect(has(rev2, "art_32", "obligation.optional"))
        // Harm no longer required for system interference; dishonest intent only optional in forgery.
        #expect(has(rev1, "art_9", "harm.required") && !has(rev2, "art_9", "harm.required"))
        #expect(has(rev1, "art_11", "mens-rea.dishonest-intent") && !has(rev2, "art_11", "mens-rea.dishonest-intent"))
        // The persecution refusal ground deleted from mutual legal assistance.
        #expect(has(rev1, "art_35", "refusal.human-rights") && !has(rev2, "art_37", "refusal.human-rights"))
        // Scope broadened to any criminal offence; new speech offence; compelled assistance added to search.
        for eId in ["art_3", "art_23", "art_34"] { #expect(has(rev2, eId, "scope.any-offence"), "\(eId)") }
        for eId in ["art_3", "art_21", "art_32"] { #expect(!has(rev1, eId, "scope.any-offence"), "\(eId)") }
        #expect(has(rev2, "art_16", "offence.content-expression"))
        #expect(!has(rev1, "art_26", "power.compelled-assistance") && has(rev2, "art_28", "power.compelled-assistance"))
    }

    @Test
    func examplesLinkSafeguardsToPowersAndOffenceListsToOffences() throws {
        let rev1 = try Self.analysis("model-convention-rev1")
        let safeguarded = Set(rev1.links(from: "art_22").filter { $0.kind == .safeguards }.map(\.to))
        #expect(safeguarded == ["art_23", "art_24", "art_25", "art_26", "art_27", "art_28"])
        let offences = Set(rev1.links(from: "art_21").filter { $0.kind == .offences }.map(\.to))
        #expect(offences == Set((6...16).map { "art_\($0)" }))
        let rev2 = try Self.analysis("model-convention-rev2")
        let offences2 = Set(rev2.links(from: "art_23").filter { $0.kind == .offences }.map(\.to))
        #expect(offences2 == Set((6...18).map { "art_\($0)" }))
    }

    @Test(arguments: ["html", "docx", "pdf"])
    func otherFormatsOfRev1GiveTheSameAnalysis(_ format: String) throws {
        if format == "pdf", !FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") { return }
        let text = try Self.analysis("model-convention-rev1")
        let url = Self.root.appendingPathComponent("examples/model-convention-rev1.\(format)")
        let other = Analyzer(lexicon: Self.lexicon).analyze(try InstrumentReader.read(contentsOf: url))
        #expect(other.categories.map(\.eId) == text.categories.map(\.eId))
        let textFeatures = text.featuresByUnit()
        let otherFeatures = other.featuresByUnit()
        for assignment in text.categories {
            #expect(other.category(of: assignment.eId)?.primary == assignment.primary, "\(format) \(assignment.eId)")
            #expect(otherFeatures[assignment.eId] == textFeatures[assignment.eId], "\(format) \(assignment.eId)")
        }
    }

    @Test(arguments: ["model-convention-rev2", "model-computer-misuse-act"])
    func anAkomaNtosoRoundTripGivesTheSameAnalysis(_ example: String) throws {
        let text = try Self.analysis(example)
        let xml = AkomaNtosoWriter.write(text.instrument)
        let reread = try InstrumentReader.read(bytes: Array(xml.utf8), source: "\(example).xml", extensionHint: "xml")
        let other = Analyzer(lexicon: Self.lexicon).analyze(reread)
        #expect(other.categories.map(\.eId) == text.categories.map(\.eId))
        #expect(other.categories.map(\.primary) == text.categories.map(\.primary))
        // The AKN writer keeps a paragraph's closing words after its last point as <wrapUp> (rev2 art_12 "with the
        // fraudulent or dishonest intent ...", the Act's section 21(1) "the Judge may issue a warrant ..."), so the
        // features resting on them survive the round trip.
        #expect(other.featuresByUnit() == text.featuresByUnit())
    }

    @Test
    func actTrapsAreReadCorrectly() throws {
        let act = try Self.analysis("model-computer-misuse-act")
        // No data-retention power in the no-monitoring clause; general retention in section 35.
        #expect(!act.features(ofUnit: "sec_34").contains("power.data-retention"))
        #expect(act.features(ofUnit: "sec_35").contains("power.data-retention"))
        // A preservation notice by an officer is not a judge's warrant.
        #expect(!act.features(ofUnit: "sec_24").contains("safeguard.prior-judicial-authorization"))
        #expect(act.features(ofUnit: "sec_21").contains("safeguard.prior-judicial-authorization"))
        // Content blocking by a Minister, without a court.
        #expect(act.features(ofUnit: "sec_28").contains("power.content-blocking"))
        #expect(!act.features(ofUnit: "sec_28").contains { $0.family == "safeguard" })
        // Penalties are not "limited duration" safeguards.
        #expect(!act.features(ofUnit: "sec_5").contains("safeguard.limited-duration"))
    }
}
