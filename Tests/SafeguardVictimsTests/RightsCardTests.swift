import Foundation
import SafeguardAnalysis
import SafeguardModel
import SafeguardVictims
import Testing
import SafeguardScreening

@Suite struct RightsCardTests {
    static func card(_ analysis: SafeguardAnalysisFixture) -> RightsCard {
        RightsCard(analysis: analysis, vocabulary: Fixtures.vocabulary)
    }

    /// rev1 guarantees compensation ("shall establish appropriate procedures"); rev2 adds "where appropriate and
    /// within its means": the card shows the weakening, with the words.
    @Test func rev2MakesCompensationConditional() throws {
        let rev1 = Self.card(Fixtures.rev1)
        let rev2 = Self.card(Fixtures.rev2)
        let before = try #require(rev1[right: "compensation"])
        #expect(before.status == .mandatory)
        let mandatory = try #require(before.grants.first { $0.status == .mandatory })
        #expect(mandatory.eId == "art_31__para_2" && mandatory.conditions.isEmpty)
        let after = try #require(rev2[right: "compensation"])
        #expect(after.status == .conditional)
        let weakened = try #require(after.grants.first { $0.eId == "art_33__para_2" })
        #expect(weakened.status == .conditional)
        #expect(weakened.conditions.map(\.id) == ["where-appropriate", "within-means"])
        #expect(weakened.conditions.map(\.quote) == ["where appropriate", "within its means"])
        // Each quote stands at its span.
        for grant in after.grants {
            #expect(Fixtures.rev2.instrument.quote(grant.span) == grant.quote)
            for c in grant.conditions { if let span = c.span { #expect(Fixtures.rev2.instrument.quote(span) == c.quote) } }
        }
    }

    @Test func remedyIsConditionalInRev1AndGoneInRev2() throws {
        let remedy1 = try #require(Self.card(Fixtures.rev1)[right: "remedy"])
        #expect(remedy1.status == .conditional)
        #expect(remedy1.grants.first?.eId == "art_22__para_3")
        #expect(remedy1.grants.first?.conditions.first?.quote == "as appropriate")
        #expect(Self.card(Fixtures.rev2)[right: "remedy"]?.status == .absent)
    }

    /// Trap: "protect witnesses" (article 30/32) is witness protection, not a victim's right to protection.
    @Test func witnessProtectionIsNotVictimProtection() throws {
        let protection = try #require(Self.card(Fixtures.rev2)[right: "protection"])
        #expect(!protection.grants.contains { $0.eId.rawValue.hasPrefix("art_32") })
        #expect(protection.grants.map(\.eId) == ["art_33__para_1"])
    }

    /// The act of Examplia has no victims' provisions: every right is absent, none invented.
    @Test func actWithoutVictimsProvisionsHasAnEmptyCard() {
        let card = Self.card(Fixtures.act)
        #expect(card.entries.count == Fixtures.vocabulary.rights.count)
        #expect(card.entries.allSatisfy { $0.status == .absent && $0.grants.isEmpty })
    }

    /// A national act: "shall" without a condition is mandatory; "upon request", "within available resources"
    /// and "may apply" make a grant conditional.
    @Test func nationalActGrantsAreMarked() throws {
        let card = Self.card(Fixtures.norlandAct)
        #expect(card.entries.allSatisfy { $0.status == .mandatory })
        let information = try #require(card[right: "information"])
        #expect(information.grants.first { $0.eId == "sec_3__subsec_2" }?.conditions.map(\.id) == ["upon-request"])
        let aid = try #require(card[right: "assistance"]?.grants.first { $0.eId == "sec_5__subsec_2" })
        #expect(aid.status == .conditional && aid.conditions.first?.quote == "within available resources")
    }

    @Test func rightsCardJSONUsesCodePointOffsets() throws {
        let document = RightsCardDocument(Self.card(Fixtures.rev2), vocabulary: Fixtures.vocabulary)
        let scalars = Array(Fixtures.rev2.instrument.text.unicodeScalars)
        for right in document.rights {
            for grant in right.grants {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[grant.start..<grant.end])
                #expect(String(view) == grant.quote)
            }
        }
    }
}

typealias SafeguardAnalysisFixture = SafeguardAnalysis.Analysis

@Suite struct VictimsComparisonTests {
    static func comparison(_ old: SafeguardAnalysisFixture, _ new: SafeguardAnalysisFixture) -> VictimsComparison {
        VictimsComparison(
            old: RightsCard(analysis: old, vocabulary: Fixtures.vocabulary),
            new: RightsCard(analysis: new, vocabulary: Fixtures.vocabulary), vocabulary: Fixtures.vocabulary)
    }

    @Test func rev2WeakensCompensationAndRemovesTheRemedy() throws {
        let c = Self.comparison(Fixtures.rev1, Fixtures.rev2)
        let compensation = try #require(c.changes.first { $0.right.id == "compensation" })
        #expect(compensation.kind == .madeConditional)
        #expect(compensation.addedConditions == ["where-appropriate", "within-means"])
        #expect(c.changes.first { $0.right.id == "remedy" }?.kind == .removed)
        #expect(c.changes.filter { $0.kind.weakens }.count == 2)
        let md = c.markdown()
        #expect(md.contains("made-conditional") && md.contains("where appropriate"))
    }

    @Test func theReverseStepStrengthens() throws {
        let c = Self.comparison(Fixtures.rev2, Fixtures.rev1)
        #expect(c.changes.first { $0.right.id == "compensation" }?.kind == .madeMandatory)
        #expect(c.changes.first { $0.right.id == "remedy" }?.kind == .added)
        #expect(!c.changes.contains { $0.kind.weakens })
    }

    @Test func selfComparisonChangesNothing() {
        #expect(Self.comparison(Fixtures.rev2, Fixtures.rev2).changes.allSatisfy { $0.kind == .unchanged })
    }

    @Test func historyNamesEachStep() throws {
        let cards = [Fixtures.rev1, Fixtures.rev2, Fixtures.rev1].map { RightsCard(analysis: $0, vocabulary: Fixtures.vocabulary) }
        let history = VictimsHistory(zip(["rev1", "rev2", "rev1-again"], cards).map { ($0, $1) }, vocabulary: Fixtures.vocabulary)
        let table = history.table()
        #expect(table.contains("rev1→rev2: made-conditional"))
        #expect(table.contains("rev2→rev1-again: made-mandatory"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try history.json().utf8)) as? [String: Any])
        #expect(json["schema"] as? String == "safeguard.victims-history/1")
    }
}

@Suite struct VocabularyAndProfileTests {

    @Test func unknownKeyIsRefusedWithItsLine() throws {
        let text = try String(
            contentsOf: Fixtures.root.appendingPathComponent("Sources/SafeguardVictims/Resources/victims-en.yaml"), encoding: .utf8)
        let broken = text.replacingOccurrences(
            of: "    title: Protection and safety\n", with: "    title: Protection and safety\n    colour: red\n")
        do {
            _ = try VictimsVocabulary.parse(broken, file: "broken.yaml")
            Issue.record("an unknown key was accepted")
        } catch let error as SafeguardError {
            #expect(error.kind == .invalidConfiguration && error.exitCode == 78)
            #expect(error.message.contains("colour") && error.line != nil && error.file == "broken.yaml")
        }
    }

    @Test func missingTemplateAndDuplicateRightAreRefused() throws {
        let text = try String(
            contentsOf: Fixtures.root.appendingPathComponent("Sources/SafeguardVictims/Resources/victims-en.yaml"), encoding: .utf8)
        #expect(throws: SafeguardError.self) {
            try VictimsVocabulary.parse(text.replacingOccurrences(of: "  clock: ", with: "  klock: "), file: "x.yaml")
        }
        #expect(throws: SafeguardError.self) {
            try VictimsVocabulary.parse(text.replacingOccurrences(of: "  - id: remedy\n", with: "  - id: protection\n"), file: "x.yaml")
        }
        #expect(throws: SafeguardError.self) { try VictimsVocabulary.parse("schema: safeguard.victims/2\n", file: "x.yaml") }
    }

    static func profileDirectory(_ extra: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("safeguard-victims-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let base = """
            schema: safeguard.profile/1
            id: TESTLAND
            name: Testland
            fictional: true
            memberships:
              - {instrument: model-convention-rev2, status: party}

            """
        try (base + extra).write(to: dir.appendingPathComponent("testland.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func profileAdditionsAreReadAndChecked() throws {
        let good = try Self.profileDirectory(
            """
            national-acts:
              - instrument: testland-act
            reporting-points:
              - kind: police-cyber-unit
                name: Testland Police
                for: [person]
                clocks:
                  - {within: 10 days, starts: from the offence, statute: "Act 1, s. 2"}
            """)
        let profiles = try RecourseProfiles.load(directory: good, vocabulary: Fixtures.vocabulary)
        let p = try #require(profiles.profile("TESTLAND"))
        #expect(p.nationalActs == ["testland-act"] && p.bindingInstruments == ["model-convention-rev2", "testland-act"])
        #expect(p.reportingPoints.first?.appliesTo == [.person] && p.reportingPoints.first?.clocks.first?.statute == "Act 1, s. 2")

        for bad in [
            "reporting-points:\n  - {kind: wizard, name: X}\n",
            "reporting-points:\n  - {kind: cert, name: X, for: [robot]}\n",
            "reporting-points:\n  - {kind: cert, name: X, clocks: [{within: 1 day, starts: now}]}\n",  // a clock must be citable
            "national-acts:\n  - {instrument: x, year: 2020}\n",
        ] {
            let dir = try Self.profileDirectory(bad)
            do {
                _ = try RecourseProfiles.load(directory: dir, vocabulary: Fixtures.vocabulary)
                Issue.record("accepted: \(bad)")
            } catch let error as SafeguardError {
                #expect(error.exitCode == 78, "\(bad): \(error)")
            }
        }
    }

    /// Screening reads the same files: the additions must not break it, and an unknown top-level key still does.
    @Test func screeningStillReadsTheShippedProfiles() throws {
        #expect(Fixtures.profiles.profiles.count == 5)
        #expect(Fixtures.profiles.profiles.allSatisfy { $0.base.fictional })
        let dir = try Self.profileDirectory("colour: blue\n")
        #expect(throws: SafeguardError.self) { try RecourseProfiles.load(directory: dir, vocabulary: Fixtures.vocabulary) }
    }
}
