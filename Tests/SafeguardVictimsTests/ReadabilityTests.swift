import Foundation
import SafeguardVictims
import Testing

/// Every sentence the navigator writes is for a person in distress: Flesch–Kincaid grade 8 or lower.
@Suite struct ReadabilityTests {
    static let limit = 8.0

    /// Every template and every plain-language text in the shipped vocabulary, named for the failure message.
    static var texts: [(String, String)] {
        let v = Fixtures.vocabulary
        var all: [(String, String)] = v.templates.sorted { $0.key < $1.key }.map { ("template \($0.key)", $0.value) }
        all += v.glossary.map { ("glossary \($0.term)", $0.plain) }
        for r in v.rights { all += [("right \(r.id)", r.plain), ("principle \(r.id)", r.principle)] }
        all += v.conditions.map { ("condition \($0.id)", $0.plain) } + [("no-duty", v.noDuty.plain)]
        all += v.channels.map { ("channel \($0.id)", $0.plain) }
        all += v.reporting.map { ("reporting \($0.id)", $0.plain) }
        for h in v.harms {
            all.append(("harm \(h.id)", h.plain))
            all += (h.keep + h.askProvider).enumerated().map { ("harm \(h.id) checklist \($0.offset)", $0.element) }
        }
        return all
    }

    @Test func everyTemplateIsGradeEightOrLower() {
        let texts = Self.texts
        #expect(texts.count > 80)
        for (name, text) in texts {
            let grade = Readability.grade(text)
            #expect(grade <= Self.limit, "\(name): grade \(String(format: "%.1f", grade)) > 8: \(text)")
        }
    }

    /// The test must be able to fail: lawyerly drafting scores far above 8.
    @Test func legalDraftingFailsTheLimit() {
        let drafting =
            "Each State Party shall, in accordance with its domestic legal system and within its means, establish appropriate procedures "
                + "to provide access to compensation and restitution for victims of offences established in accordance with this "
                    + "Convention."
        #expect(Readability.grade(drafting) > 15)
        #expect(Readability.grade("Notwithstanding the foregoing, reimbursement is discretionary.") > Self.limit)
    }

    @Test func syllableHeuristic() {
        #expect(Readability.syllables("cat") == 1)
        #expect(Readability.syllables("state") == 1)  // silent e
        #expect(Readability.syllables("money") == 2)
        #expect(Readability.syllables("compensation") == 4)
        #expect(Readability.syllables("restitution") == 4)
        #expect(Readability.syllables("table") == 2)  // "le" keeps its syllable
        #expect(
            Readability.words("It's the state's {x} law, SHA-256 and 72 hours.") == [
                "It's", "the", "state's", "x", "law", "SHA", "and", "hours",
            ])
        #expect(Readability.fillPlaceholders("{state} must") == "Norland must")
    }

    /// Legal terms are explained on first use: in every golden scenario, each glossary term that appears is
    /// explained at (or before) the first statement that uses it, and only once.
    @Test func legalTermsAreExplainedOnFirstUse() throws {
        for scenario in GoldenScenario.all {
            let report = try scenario.report()
            var explained = Set<String>()
            for statement in report.statements {
                for term in statement.terms {
                    #expect(!explained.contains(term.term), "\(scenario.name): \(term.term) explained twice")
                    explained.insert(term.term)
                }
                let text = ((statement.label ?? "") + " " + statement.text).lowercased()
                for entry in Fixtures.vocabulary.glossary where Self.containsWord(text, entry.term) {
                    #expect(
                        explained.contains(entry.term), "\(scenario.name): '\(entry.term)' used before it is explained: \(statement.text)")
                }
            }
        }
    }

    static func containsWord(_ text: String, _ term: String) -> Bool {
        var search = text.startIndex..<text.endIndex
        while let r = text.range(of: term.lowercased(), range: search) {
            let before = r.lowerBound == text.startIndex || !text[text.index(before: r.lowerBound)].isLetter
            let after = r.upperBound == text.endIndex || !text[r.upperBound].isLetter
            if before && after { return true }
            search = r.upperBound..<text.endIndex
        }
        return false
    }
}
