import Foundation
import SafeguardAnalysis
import SafeguardModel
import SafeguardTestSupport
import Testing
@testable import SafeguardComparison

/// Alignment of the two example revisions, read with a small test reader (independent of the parser).
@Suite struct ExampleAlignmentTests {
    static let examples = RepositoryPaths.examples

    @Test func exampleRevisionsAlignAsTheExpectedFileSays() throws {
        let old = try RoughParser.parse(Self.examples.appendingPathComponent("model-convention-rev1.txt"))
        let new = try RoughParser.parse(Self.examples.appendingPathComponent("model-convention-rev2.txt"))
        #expect(old.unitIndices.count == 54)
        #expect(new.unitIndices.count == 56)
        let alignment = Aligner().align(old, new)
        var listed: [String: (new: [EId], status: AlignmentStatus)] = [:]
        for pair in alignment.pairs {
            listed[pair.oldEIds.joined(separator: "+").isEmpty ? "+" + pair.newEIds.joined() : pair.oldEIds.joined(separator: "+")] = (
                pair.newEIds, pair.status
            )
        }
        let expected: [(String, [EId], AlignmentStatus)] = [
            ("art_2", ["art_2"], .modified), ("art_3", ["art_3"], .modified), ("art_9", ["art_9"], .modified),
            ("art_11", ["art_11"], .modified), ("+art_16", ["art_16"], .added), ("art_16", ["art_17"], .renumbered),
            ("+art_18", ["art_18"], .added), ("art_17", ["art_19"], .renumbered), ("art_20", ["art_22"], .renumbered),
            ("art_21", ["art_23"], .modified), ("art_22", ["art_24"], .modified), ("art_23", ["art_25"], .renumbered),
            ("art_25", ["art_27"], .modified), ("art_26", ["art_28"], .modified), ("art_27", ["art_29"], .renumbered),
            ("art_28", ["art_30"], .modified), ("art_29", ["art_31", "art_31_bis"], .split),
            ("art_30", ["art_32"], .moved), ("art_31", ["art_33"], .moved), ("art_32", ["art_34"], .modified),
            ("art_35", ["art_37"], .modified), ("art_37", ["art_39"], .renumbered), ("art_40", ["art_42"], .renumbered),
            ("art_43+art_44", ["art_45"], .merged), ("art_54", ["art_55"], .renumbered),
        ]
        for (old, new, status) in expected {
            let got = listed[old]
            #expect(got?.new == new && got?.status == status, "\(old): expected \(new) \(status), got \(String(describing: got))")
        }
        #expect(!alignment.pairs.contains { $0.status == .removed })
        #expect(alignment.pairs.filter { $0.status == .added }.count == 2)
        let renamed = alignment.pairs.first { $0.oldEIds == ["art_40"] }
        #expect(renamed?.retitled == true)
    }
}

/// The typed-change rules on the example revisions with hand-placed findings: what the analysis is expected
/// to find in the words each expected change rests on (examples/model-convention-changes.yaml). This checks
/// the rules and the addressing on a realistic structure; the end-to-end test with the real parser and
/// analysis is DiffCommandTests.revisionChangesMatchTheExpectedFile.
@Suite struct ExampleChangeRulesTests {
    func withRange(_ instrument: Instrument, _ eId: EId, _ words: String, through last: Int) -> Instrument {
        var copy = instrument
        let provision = copy[eId: eId]!
        let text = copy.quote(provision.span)
        let r = text.range(of: words)!
        let start = provision.span.start + text.utf8.distance(from: text.utf8.startIndex, to: r.lowerBound)
        copy.references.append(
            CrossReference(
                sourceEId: eId, span: TextSpan(start: start, end: start + words.utf8.count), kind: .provisions,
                targets: (6...last).map { "art_\($0)" }))
        return copy
    }

    /// A definition whose defining words run from after "means " to the end of the point.
    func withDefinition(_ instrument: Instrument, _ eId: EId, _ term: String) -> Instrument {
        var copy = instrument
        let provision = copy[eId: eId]!
        let text = copy.quote(provision.span)
        let termRange = text.range(of: term)!, means = text.range(of: "means ")!
        let termStart = provision.span.start + text.utf8.distance(from: text.utf8.startIndex, to: termRange.lowerBound)
        let start = provision.span.start + text.utf8.distance(from: text.utf8.startIndex, to: means.upperBound)
        copy.definitions.append(
            Definition(
                term: term, eId: eId, termSpan: TextSpan(start: termStart, end: termStart + term.utf8.count),
                definitionSpan: TextSpan(start: start, end: provision.span.end)))
        return copy
    }

    @Test func expectedChangesFromHandPlacedFindings() throws {
        var old = try RoughParser.parse(ExampleAlignmentTests.examples.appendingPathComponent("model-convention-rev1.txt"))
        var new = try RoughParser.parse(ExampleAlignmentTests.examples.appendingPathComponent("model-convention-rev2.txt"))
        old = withDefinition(old, "art_2__para_1__point_e", "Service provider")
        new = withDefinition(new, "art_2__para_1__point_e", "Service provider")
        old = withRange(old, "art_21__para_2__point_a", "articles 6 to 16", through: 16)
        new = withRange(new, "art_23__para_2__point_a", "articles 6 to 18", through: 18)
        let common: [(String, String, String)] = []
        let oldFindings =
            common + [
                ("mens-rea.intent", "art_9__para_1", "intentionally"),
                ("harm.required", "art_9__para_1", "where such hindering causes serious harm"),
                ("mens-rea.dishonest-intent", "art_11__para_1", "with intent to defraud or similar dishonest intent"),
                ("obligation.mandatory", "art_22__para_1", "shall ensure"),
                ("safeguard.judicial-authorization", "art_22__para_3", "judicial or other independent review"),
                ("safeguard.effective-remedy", "art_22__para_3", "an effective remedy"),
                ("safeguard.necessity", "art_25__para_2", "shall be limited to the data necessary"),
                ("safeguard.prior-judicial-authorization", "art_28__para_3", "a warrant issued in advance by a judge"),
                ("obligation.mandatory", "art_30__para_1", "shall take appropriate measures"),
                ("obligation.within-means", "art_30__para_1", "within its means"),
                ("obligation.within-means", "art_31__para_1", "within its means"),
                ("victims.protection", "art_31__para_1", "assistance and protection to victims"),
                ("victims.compensation", "art_31__para_2", "compensation and restitution"),
                ("dual-criminality.required", "art_32__para_2", "shall be afforded only where the conduct"),
                ("dual-criminality.conduct-based", "art_32__para_2", "deemed fulfilled"),
                ("refusal.human-rights", "art_35__para_2", "on account of his or her sex, race"),
                ("refusal.political-offence", "art_35__para_1__point_c", "political offence"),
            ]
        let newFindings =
            common + [
                ("scope.any-offence", "art_3__para_1", "in electronic form of any criminal offence"),
                ("mens-rea.intent", "art_9__para_1", "intentionally"),
                ("mens-rea.dishonest-intent", "art_11__para_2", "an intent to defraud, or similar dishonest intent"),
                ("obligation.optional", "art_11__para_2", "may require"),
                ("offence.content-expression", "art_16__para_1", "of false information that is likely to disturb public order"),
                ("offence.cyber-enabled", "art_18__para_1", "any other criminal offence under its domestic law"),
                ("scope.any-offence", "art_23__para_2__point_b", "any criminal offence"),
                ("obligation.mandatory", "art_24__para_1", "shall ensure"),
                ("obligation.domestic-law-deference", "art_24__para_1", "in accordance with its domestic law"),
                ("safeguard.judicial-authorization", "art_24__para_3", "judicial or other independent review"),
                ("power.compelled-assistance", "art_28__para_4", "order any person who has knowledge about the"),
                ("safeguard.judicial-authorization", "art_30__para_3", "judicial or other independent review"),
                ("safeguard.notification", "art_30__para_4", "is notified of the interception"),
                ("obligation.optional", "art_32__para_1", "may take appropriate measures"),
                ("obligation.within-means", "art_32__para_1", "within its means"),
                ("obligation.within-means", "art_33__para_1", "within its means"),
                ("victims.protection", "art_33__para_1", "assistance and protection to victims"),
                ("victims.compensation", "art_33__para_2", "compensation and restitution"),
                ("obligation.within-means", "art_33__para_2", "where appropriate and within its means"),
                ("scope.any-offence", "art_34__para_1", "electronic form of any criminal offence"),
                ("dual-criminality.optional", "art_34__para_2", "the absence of dual criminality"),
                ("dual-criminality.conduct-based", "art_34__para_2", "deemed fulfilled"),
                ("refusal.political-offence", "art_37__para_1__point_c", "political offence"),
            ]
        var oldCategories: [String: Category] = [
            "art_3": .scope, "art_21": .proceduralPower, "art_22": .safeguards, "art_31": .victimsWitnesses, "art_30": .victimsWitnesses,
            "art_32": .cooperation, "art_35": .cooperation,
        ]
        var newCategories: [String: Category] = [
            "art_3": .scope, "art_23": .proceduralPower, "art_24": .safeguards, "art_33": .victimsWitnesses, "art_32": .victimsWitnesses,
            "art_34": .cooperation, "art_37": .cooperation, "art_28": .proceduralPower,
        ]
        for n in 6...16 { oldCategories["art_\(n)"] = .criminalization }
        for n in 6...18 { newCategories["art_\(n)"] = .criminalization }
        let a = TestInstruments.analysis(old, findings: oldFindings, categories: oldCategories)
        let b = TestInstruments.analysis(new, findings: newFindings, categories: newCategories)
        let changes = Comparator(rules: try ChangeRules.builtIn()).compare(a, b).changes
        let expected: [(ChangeType, EId?, EId?)] = [
            (.definitionBroadened, "art_2__para_1__point_e", "art_2__para_1__point_e"),
            (.scopeExtended, "art_3__para_1", "art_3__para_1"),
            (.offenceAdded, nil, "art_16__para_1"), (.offenceAdded, nil, "art_18__para_1"),
            (.scopeExtended, "art_21__para_2__point_a", "art_23__para_2__point_a"),
            (.scopeExtended, "art_21__para_2__point_b", "art_23__para_2__point_b"),
            (.scopeExtended, "art_32__para_1", "art_34__para_1"),
            (.qualifierDropped, "art_9__para_1", "art_9__para_1"), (.qualifierDropped, "art_11__para_1", "art_11__para_2"),
            (.deferenceAdded, "art_22__para_1", "art_24__para_1"), (.safeguardRemoved, "art_22__para_3", "art_24__para_3"),
            (.safeguardRemoved, "art_25__para_2", nil), (.powerAdded, nil, "art_28__para_4"),
            (.judicialAuthorizationWeakened, "art_28__para_3", "art_30__para_3"), (.safeguardAdded, nil, "art_30__para_4"),
            (.obligationWeakened, "art_30__para_1", "art_32__para_1"), (.victimRightConditioned, "art_31__para_2", "art_33__para_2"),
            (.dualCriminalityWeakened, "art_32__para_2", "art_34__para_2"), (.refusalGroundRemoved, "art_35__para_2", nil),
        ]
        for (type, oldEId, newEId) in expected {
            #expect(
                changes.contains { $0.type == type && $0.old == oldEId && $0.new == newEId },
                "missing \(type) \(oldEId ?? "null") → \(newEId ?? "null")")
        }
        let definition = changes.first { $0.type == .definitionBroadened }
        #expect(definition?.newQuote?.contains("processes or stores computer data on behalf of such a service") == true)
        #expect(definition?.oldQuote == nil)
        for change in changes where !expected.contains(where: { $0.0 == change.type && $0.1 == change.old && $0.2 == change.new }) {
            Issue.record(
                Comment(rawValue: "spurious \(change.type) \(change.old ?? "null") → \(change.new ?? "null"): \(change.explanation)"))
        }
    }
}
