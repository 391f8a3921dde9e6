import Foundation
import SafeguardModel
import SafeguardTestSupport
import SafeguardVictims
import Testing
import SafeguardAnalysis

/// One question a victim asks the navigator, answered from the bundled examples and the shipped profiles.
struct GoldenScenario: Sendable, CustomTestStringConvertible {
    var name: String
    var victimIn: String
    var harmedFrom: String
    var harm: String
    var victim: VictimKind

    var testDescription: String { name }

    func report() throws -> RecourseReport {
        try Fixtures.navigator.answer(victimIn: victimIn, harmedFrom: harmedFrom, harm: harm, victim: victim)
    }

    static let all: [GoldenScenario] = [
        // A person whose savings were taken by fraud run from another party to the convention.
        GoldenScenario(
            name: "fraud-person-examplia-from-karvia", victimIn: "EXAMPLIA", harmedFrom: "KARVIA", harm: "fraud", victim: .person),
        // An organisation (a clinic) hit by ransomware: the data-protection clock applies to it.
        GoldenScenario(
            name: "ransomware-organisation-examplia-from-norland", victimIn: "EXAMPLIA", harmedFrom: "NORLAND", harm: "ransomware",
            victim: .organisation),
        // Sextortion of a person in a state with a national victims' act.
        GoldenScenario(
            name: "sextortion-person-norland-from-vesteria", victimIn: "NORLAND", harmedFrom: "VESTERIA", harm: "sextortion",
            victim: .person),
        // Doxxing of a journalist.
        GoldenScenario(
            name: "doxxing-journalist-karvia-from-vesteria", victimIn: "KARVIA", harmedFrom: "VESTERIA", harm: "doxxing", victim: .person),
        // No treaty relation: Lumeria has only signed the convention.
        GoldenScenario(name: "no-treaty-lumeria-from-norland", victimIn: "LUMERIA", harmedFrom: "NORLAND", harm: "fraud", victim: .person),
    ]
}

@Suite struct NavigatorGoldenTests {
    /// The Markdown answer of each scenario is the golden file; `SAFEGUARD_RECORD=1 swift test --filter
    /// NavigatorGoldenTests` rewrites them (review the diff before committing).
    @Test(arguments: GoldenScenario.all)
    func answerMatchesTheGoldenFile(_ scenario: GoldenScenario) throws {
        let markdown = RecourseRenderer.markdown(try scenario.report())
        assertGolden(markdown, at: Fixtures.golden.appendingPathComponent(scenario.name + ".md"))
    }

    /// Every statement is cited (each citation quotes the exact words at its offsets), says what was searched
    /// when nothing was found, or is marked as general guidance.
    @Test(arguments: GoldenScenario.all)
    func everyStatementIsCitedOrMarked(_ scenario: GoldenScenario) throws {
        let report = try scenario.report()
        #expect(!report.statements.isEmpty)
        for statement in report.statements {
            switch statement.basis {
            case .cited:
                #expect(!statement.citations.isEmpty, "\(scenario.name): uncited statement: \(statement.text)")
            case .absence:
                #expect(!statement.searched.isEmpty, "\(scenario.name): absence without what was searched: \(statement.text)")
                #expect(statement.citations.isEmpty)
            case .guidance:
                #expect(statement.citations.isEmpty)
            }
            #expect(!statement.text.contains("{"), "unfilled placeholder: \(statement.text)")
            for citation in statement.citations {
                #expect(!citation.quote.isEmpty)
                switch citation.source {
                case .instrument:
                    let id = try #require(citation.instrument)
                    let analysis = try #require(Fixtures.navigator.analyses[id])
                    let eId = try #require(citation.eId)
                    #expect(analysis.instrument[eId: eId] != nil, "\(eId) is not an eId of \(id)")
                    let start = try #require(citation.start), end = try #require(citation.end)
                    let scalars = Array(analysis.instrument.text.unicodeScalars)
                    var slice = String.UnicodeScalarView()
                    slice.append(contentsOf: scalars[start..<end])
                    #expect(String(slice) == citation.quote, "\(scenario.name): quote does not stand at \(eId) \(start)..<\(end)")
                case .profile:
                    #expect(citation.state != nil && citation.field != nil && citation.file != nil)
                }
            }
        }
    }

    @Test func scenariosCoverWhatTheIssueAsks() throws {
        let reports = try GoldenScenario.all.map { try $0.report() }
        #expect(Set(reports.map(\.victim)) == [.person, .organisation])
        #expect(Set(reports.map(\.harm.id)).isSuperset(of: ["ransomware", "fraud", "sextortion", "doxxing"]))
        let noTreaty = try #require(reports.first { $0.victimIn.id == "LUMERIA" })
        let treaties = try #require(noTreaty.sections.first { $0.id == "treaties" })
        #expect(treaties.statements.first?.basis == .absence)
        #expect(treaties.statements.first?.text.contains("No treaty binds both") == true)
        #expect(treaties.statements.contains { $0.text.contains("signed") && $0.citations.first?.quote.contains("signatory") == true })
    }

    @Test func organisationGetsTheBreachClockAndAPersonDoesNot() throws {
        let org = try Fixtures.navigator.answer(victimIn: "NORLAND", harmedFrom: "EXAMPLIA", harm: "ransomware", victim: .organisation)
        let person = try Fixtures.navigator.answer(victimIn: "NORLAND", harmedFrom: "EXAMPLIA", harm: "ransomware", victim: .person)
        func clocks(_ r: RecourseReport) -> [Statement] {
            r.sections.first { $0.id == "reporting" }!.statements.filter { $0.label == "Deadline" }
        }
        #expect(
            clocks(org).contains {
                $0.text.contains("seventy-two hours") && $0.citations.first?.eId == "sec_11"
                    && $0.citations.first?.quote == "seventy-two hours"
            })
        #expect(!clocks(person).contains { $0.text.contains("seventy-two hours") })
        #expect(clocks(person).contains { $0.text.contains("thirty days") && $0.citations.first?.eId == "sec_10__subsec_2" })
    }

    @Test func rightsAreMarkedAndConditionsNamed() throws {
        let report = try Fixtures.navigator.answer(victimIn: "EXAMPLIA", harmedFrom: "KARVIA", harm: "fraud", victim: .person)
        let rights = try #require(report.sections.first { $0.id == "rights-in" })
        let compensation = try #require(rights.statements.first { $0.label == "Compensation and restitution" })
        #expect(compensation.status == .conditional)
        #expect(compensation.conditions?.contains("where-appropriate") == true)
        #expect(compensation.citations.contains { $0.eId == "art_33__para_2" && $0.quote == "where appropriate" })
        let remedy = try #require(rights.statements.first { $0.label == "Remedy against the state's own action" })
        #expect(remedy.status == .absent && remedy.basis == .absence)
        let missing = try #require(report.sections.first { $0.id == "missing" })
        #expect(missing.statements.contains { $0.label == "Remedy against the state's own action" && $0.principleSource != nil })
        #expect(missing.statements.contains { $0.label == "Compensation and restitution" && $0.status == .conditional })
    }

    @Test func unknownStateOrHarmIsInvalidData() throws {
        #expect(throws: SafeguardError.self) {
            try Fixtures.navigator.answer(victimIn: "ATLANTIS", harmedFrom: "NORLAND", harm: "fraud", victim: .person)
        }
        do {
            _ = try Fixtures.navigator.answer(victimIn: "NORLAND", harmedFrom: "EXAMPLIA", harm: "burglary", victim: .person)
            Issue.record("unknown harm accepted")
        } catch let error as SafeguardError {
            #expect(error.kind == .invalidData && error.message.contains("ransomware"))
        }
    }

    @Test func missingInstrumentTextIsSaidNotInvented() throws {
        var analyses = Fixtures.navigator.analyses
        analyses["model-convention-rev2"] = nil
        let navigator = RecourseNavigator(vocabulary: Fixtures.vocabulary, profiles: Fixtures.profiles, analyses: analyses)
        let report = try navigator.answer(victimIn: "EXAMPLIA", harmedFrom: "KARVIA", harm: "fraud", victim: .person)
        let treaties = try #require(report.sections.first { $0.id == "treaties" })
        #expect(treaties.statements.count == 1 && treaties.statements[0].text.contains("could not read"))
        #expect(!report.statements.contains { $0.citations.contains { $0.instrument == "model-convention-rev2" } })
    }

    @Test func htmlIsSelfContainedAndPrintable() throws {
        let html = RecourseRenderer.html(try GoldenScenario.all[1].report())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"))
        #expect(html.contains("@media print"))
        #expect(html.contains("Case number"))
        let json = try RecourseRenderer.json(try GoldenScenario.all[1].report())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "safeguard.recourse/1")
    }
}

@Suite struct DomesticCaseTests {
    /// Harm from inside the victim's own state: no treaty section, one crime statement, rights once.
    @Test func sameStateNeedsNoTreaty() throws {
        let report = try Fixtures.navigator.answer(victimIn: "NORLAND", harmedFrom: "NORLAND", harm: "doxxing", victim: .person)
        let treaties = try #require(report.sections.first { $0.id == "treaties" })
        #expect(treaties.statements.count == 1 && treaties.statements[0].basis == .guidance)
        #expect(report.sections.first { $0.id == "crime" }?.statements.count == 1)
        #expect(!report.sections.contains { $0.id == "rights-from" })
    }
}
