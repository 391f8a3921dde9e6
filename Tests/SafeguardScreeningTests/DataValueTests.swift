import SafeguardModel
@testable import SafeguardScreening
import Testing

@Suite struct JSONScannerTests {
    @Test func parsesNestedValuesAndEscapes() throws {
        let value = try DataValue.parseJSON(#"{"a":[1,-2.5,true,false,null],"b":"x\"y\\z\u00e9\ud83d\ude00\n"}"#)
        #expect(value == .object([
            "a": .array([.number(1), .number(-2.5), .bool(true), .bool(false), .null]),
            "b": .string("x\"y\\zé😀\n"),
        ]))
    }

    @Test(arguments: [
        #"{"a":1,"a":2}"#,  // duplicate key: silently keeping one would be a guess
        #"{"a":1} x"#,  // trailing content
        #"{"a":}"#,
        #"{"a":"unterminated}"#,
        #"{"a":"\ud800"}"#,  // unpaired surrogate
        #"[1,2"#,
        "{\"a\":\"tab\there\"}",  // raw control character
        #"{'a':1}"#,
    ])
    func rejectsMalformedJSON(text: String) {
        #expect(throws: SafeguardError.self) { try DataValue.parseJSON(text) }
    }

    @Test func rejectsDeepNesting() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: SafeguardError.self) { try DataValue.parseJSON(deep) }
    }

    @Test func yamlTypesPlainScalarsButKeepsQuotedStringsAndDates() throws {
        let value = try DataValue.parseYAML("a: 12\nb: '12'\nc: 2026-03-01\nd: true\ne: ~\n")
        #expect(value == .object(["a": .number(12), "b": .string("12"), "c": .string("2026-03-01"), "d": .bool(true), "e": .null]))
    }

    @Test func yamlDuplicateKeyIsAnError() {
        #expect(throws: SafeguardError.self) { try DataValue.parseYAML("a: 1\na: 2\n") }
    }

    @Test func daysRoundTripAndRejectImpossibleDates() {
        #expect(Day(iso: "2024-02-29")?.iso == "2024-02-29")
        #expect(Day(iso: "2023-02-29") == nil)
        #expect(Day(iso: "2026-13-01") == nil)
        #expect(Day(iso: "2026-1-01") == nil)
        #expect(Day(iso: "1970-01-01")?.daysSinceEpoch == 0)
        #expect(Day(iso: "2000-03-01")!.daysSinceEpoch - Day(iso: "2000-02-28")!.daysSinceEpoch == 2)
    }
}

@Suite struct YAMLSafetyTests {
    @Test func nestedAliasesAreRefusedNotExpanded() {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for (name, previous) in zip(["b", "c", "d", "e", "f", "g", "h"], ["a", "b", "c", "d", "e", "f", "g"]) {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        #expect(throws: SafeguardError.self) { try DataValue.parseYAML(yaml) }
        do {
            _ = try DataValue.parseYAML(yaml)
        } catch let error as SafeguardError {
            #expect(error.kind == .tooLarge)
            #expect(error.exitCode == 65)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
