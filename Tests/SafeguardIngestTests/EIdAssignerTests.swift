import Testing
@testable import SafeguardIngest
import SafeguardModel

/// One row per eId rule of docs/model.md ("eId rules"): the nodes a parse would produce, and their eIds.
struct EIdRuleCase: Sendable, CustomTestStringConvertible {
    let rule: String
    let nodes: [EIdAssigner.Node]
    let eIds: [String]
    var duplicates: [String] = []

    var testDescription: String { rule }

    typealias Node = EIdAssigner.Node

    static func node(
        _ kind: ProvisionKind, _ label: String? = nil, ordinal: Int? = nil, roman: Bool = false, numberWord: Bool = false,
        formula: Bool = false, list: EnumeratorType? = nil, parent: Int? = nil
    ) -> Node {
        Node(
            kind: kind, label: label, ordinal: ordinal, isRoman: roman, isNumberWord: numberWord, isFormula: formula,
            listType: list, parent: parent)
    }

    static let all: [EIdRuleCase] = [
        EIdRuleCase(
            rule: "1. units are not prefixed by their containers",
            nodes: [node(.chapter, "II", ordinal: 2, roman: true), node(.article, "7", ordinal: 7, parent: 0)],
            eIds: ["chp_2", "art_7"]),
        EIdRuleCase(
            rule: "1. units inside an annex are prefixed by it",
            nodes: [node(.article, "1", ordinal: 1), node(.annex, "1", ordinal: 1), node(.article, "2", ordinal: 2, parent: 1)],
            eIds: ["art_1", "annex_1", "annex_1__art_2"]),
        EIdRuleCase(
            rule: "1. without units outside annexes, annexed units stay art_N",
            nodes: [node(.annex, "1", ordinal: 1), node(.article, "2", ordinal: 2, parent: 0)],
            eIds: ["annex_1", "art_2"]),
        EIdRuleCase(
            rule: "2. below a unit the path is joined with __",
            nodes: [
                node(.article, "7", ordinal: 7), node(.paragraph, "1", parent: 0), node(.point, "a", parent: 1),
                node(.point, "i", parent: 2),
            ],
            eIds: ["art_7", "art_7__para_1", "art_7__para_1__point_a", "art_7__para_1__point_a__point_i"]),
        EIdRuleCase(
            rule: "3. containers use their number, prefixed by the container they are in",
            nodes: [
                node(.part, "2", ordinal: 2), node(.chapter, "II", ordinal: 2, roman: true, parent: 0),
                node(.division, "1", ordinal: 1, parent: 1),
            ],
            eIds: ["part_2", "part_2__chp_2", "part_2__chp_2__dvs_1"]),
        EIdRuleCase(
            rule: "3. a single capital letter stays a letter",
            nodes: [node(.part, "C", ordinal: 3), node(.part, "D", ordinal: 4)],
            eIds: ["part_C", "part_D"]),
        EIdRuleCase(
            rule: "3. unnumbered annexes and schedules are numbered by position",
            nodes: [node(.schedule), node(.schedule)],
            eIds: ["sched_1", "sched_2"]),
        EIdRuleCase(
            rule: "4. number words become Arabic",
            nodes: [
                node(.chapter, "Two", ordinal: 2, numberWord: true), node(.article, "Twenty-One", ordinal: 21, numberWord: true, parent: 0),
            ],
            eIds: ["chp_2", "art_21"]),
        EIdRuleCase(
            rule: "5. Roman article numbers become Arabic when every article is Roman",
            nodes: [node(.article, "VII", ordinal: 7, roman: true), node(.article, "VIII", ordinal: 8, roman: true)],
            eIds: ["art_7", "art_8"]),
        EIdRuleCase(
            rule: "5. otherwise article numbers stay as written",
            nodes: [node(.article, "VII", ordinal: 7, roman: true), node(.article, "A")],
            eIds: ["art_VII", "art_A"]),
        EIdRuleCase(
            rule: "5. Roman section numbers always become Arabic",
            nodes: [node(.section, "IV", ordinal: 4, roman: true), node(.section, "5", ordinal: 5)],
            eIds: ["sec_4", "sec_5"]),
        EIdRuleCase(
            rule: "6. Latin suffixes are joined with _, lettered insertions keep their letter",
            nodes: [node(.article, "7 bis", ordinal: 7), node(.article, "12 TER", ordinal: 12), node(.section, "12A", ordinal: 12)],
            eIds: ["art_7_bis", "art_12_ter", "sec_12A"]),
        EIdRuleCase(
            rule: "7. list items use the label inside the marker, case kept",
            nodes: [
                node(.article, "1", ordinal: 1), node(.point, "a", list: .lower, parent: 0),
                node(.subparagraph, "A", list: .upper, parent: 0), node(.point, "aa", list: .doubleLower, parent: 0),
            ],
            eIds: ["art_1", "art_1__point_a", "art_1__subpara_A", "art_1__point_aa"]),
        EIdRuleCase(
            rule: "7. decimal paragraphs keep both numbers joined with a hyphen",
            nodes: [node(.article, "1", ordinal: 1), node(.paragraph, "1-1", list: .decimal, parent: 0)],
            eIds: ["art_1", "art_1__para_1-1"]),
        EIdRuleCase(
            rule: "8. the preamble and its recitals by position",
            nodes: [node(.preamble), node(.recital, parent: 0), node(.recital, parent: 0)],
            eIds: ["preamble", "preamble__rec_1", "preamble__rec_2"]),
        EIdRuleCase(
            rule: "8. a preamble inside an annex is prefixed by the annex",
            nodes: [node(.annex, "2", ordinal: 2), node(.preamble, parent: 0), node(.recital, parent: 1)],
            eIds: ["annex_2", "annex_2__preamble", "annex_2__preamble__rec_1"]),
        EIdRuleCase(
            rule: "8. numbered recitals keep their number; the enacting formula is formula_N",
            nodes: [
                node(.preamble), node(.recital, "1", parent: 0), node(.recital, "2", parent: 0),
                node(.recital, formula: true, parent: 0),
            ],
            eIds: ["preamble", "preamble__rec_1", "preamble__rec_2", "preamble__formula_1"]),
        EIdRuleCase(
            rule: "8. top-level numbered paragraphs and Roman headings as chapters",
            nodes: [
                node(.paragraph, "1", list: .arabicDot), node(.chapter, "I", ordinal: 1, roman: true),
                node(.paragraph, "2", list: .arabicDot, parent: 1),
            ],
            eIds: ["para_1", "chp_1", "chp_1__para_2"]),
        EIdRuleCase(
            rule: "8. indents are numbered by position with the indent prefix",
            nodes: [
                node(.article, "3", ordinal: 3), node(.paragraph, "2", parent: 0), node(.point, "1", list: .dash, parent: 1),
                node(.point, "2", list: .dash, parent: 1),
            ],
            eIds: ["art_3", "art_3__para_2", "art_3__para_2__indent_1", "art_3__para_2__indent_2"]),
        EIdRuleCase(
            rule: "10a. keys: other characters become one _, a Latin suffix is lower case, nothing left is x",
            nodes: [node(.article, "7-A", ordinal: 7), node(.paragraph, "(1) (b)", parent: 0), node(.point, "()", parent: 0)],
            eIds: ["art_7_A", "art_7_A__para_1_b", "art_7_A__point_x"]),
        EIdRuleCase(
            rule: "10a. unnumbered nodes count by position among siblings of the same kind",
            nodes: [node(.article, "1", ordinal: 1), node(.paragraph, parent: 0), node(.point, parent: 0), node(.paragraph, parent: 0)],
            eIds: ["art_1", "art_1__para_1", "art_1__point_1", "art_1__para_2"]),
        EIdRuleCase(
            rule: "10. duplicates get a suffix and a warning",
            nodes: [node(.article, "5", ordinal: 5), node(.article, "5", ordinal: 5), node(.article, "5", ordinal: 5)],
            eIds: ["art_5", "art_5_dup2", "art_5_dup3"], duplicates: ["art_5_dup2", "art_5_dup3"]),
    ]
}

@Suite struct EIdAssignerTests {
    @Test(arguments: EIdRuleCase.all)
    func rule(_ row: EIdRuleCase) throws {
        let result = EIdAssigner.assign(row.nodes, vocabulary: try DraftingVocabulary.shipped())
        #expect(result.eIds == row.eIds)
        #expect(result.duplicates.map(\.unique) == row.duplicates)
    }

    @Test func assignmentIsPure() throws {
        let vocabulary = try DraftingVocabulary.shipped()
        for row in EIdRuleCase.all {
            #expect(EIdAssigner.assign(row.nodes, vocabulary: vocabulary) == EIdAssigner.assign(row.nodes, vocabulary: vocabulary))
        }
    }
}
