import SafeguardConfig
import SafeguardModel
import Testing

@Suite struct ChoiceTests {
    enum Colour: String, CaseIterable { case red, green, blue }

    func document(_ yaml: String) throws -> YAMLDocument { try YAMLDocument(text: yaml, file: "colours.yaml") }

    @Test func acceptsAListedWord() throws {
        let doc = try document("colour: green\n")
        let map = try doc.mapping(doc.root, "palette", allowed: ["colour"])
        #expect(try doc.choice(try map.required("colour"), "palette.colour", noun: "colour", among: Colour.allCases) == .green)
    }

    @Test func refusesAnUnlistedWordNamingTheChoicesAndTheLine() throws {
        let doc = try document("name: x\ncolour: purple\n")
        let map = try doc.mapping(doc.root, "palette", allowed: ["name", "colour"])
        do {
            _ = try doc.choice(try map.required("colour"), "palette.colour", noun: "colour", among: [Colour.red, .blue])
            Issue.record("accepted purple")
        } catch let error as SafeguardError {
            #expect(error.kind == .invalidConfiguration)
            #expect(error.message == "palette.colour: unknown colour 'purple' (use red or blue)")
            #expect(error.file == "colours.yaml")
            #expect(error.line == 2)
        }
    }

    @Test func listsAlternativesInPlainEnglish() {
        #expect(YAMLDocument.alternatives(["a"]) == "a")
        #expect(YAMLDocument.alternatives(["a", "b"]) == "a or b")
        #expect(YAMLDocument.alternatives(["a", "b", "c", "d"]) == "a, b, c or d")
    }

    @Test func anyKeyWhenNoneAreListed() throws {
        let doc = try document("anything: 1\nelse: 2\n")
        #expect(try doc.mapping(doc.root, "table", allowed: nil).entries.map(\.key) == ["anything", "else"])
    }
}
