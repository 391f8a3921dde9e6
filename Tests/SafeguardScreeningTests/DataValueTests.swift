import SafeguardModel
@testable import SafeguardScreening
import Testing

@Suite struct JSONScannerTests {
    @Test func parsesNestedValuesAndEscapes() throws {
        let value = try DataValue.parseJSON(#"{"a":[1,-2.5,true,false,null],"b":"x\"y\\z\u00e9\ud83d\ude00\n"}"#)
        #expect(
            value
                == .object([
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

/// Mutated request lines (seeded): every one either screens or fails with a SafeguardError — never a crash,
/// never a decision built from a half-read line.
@Suite struct MutatedInputTests {
    @Test func mutatedLinesScreenOrFailCleanly() throws {
        let engine = try Fixtures.engine("recommended-safeguards")
        let lines = RequestGenerator(seed: 77).jsonLines(count: 50).split(separator: "\n").map { Array($0.utf8) }
        var rng = SplitMix64(seed: 2026)
        var decided = 0
        var refused = 0
        let alphabet = Array("{}[]\",:\\0123456789-.etrufalsn \u{1E}é\t\n".utf8)
        for i in 0..<3000 {
            var bytes = lines[i % lines.count]
            let edits = 1 + Int(rng.next() % 4)
            for _ in 0..<edits where !bytes.isEmpty {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 4 {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                case 2: bytes[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                default: bytes.removeSubrange(at..<min(bytes.count, at + Int(rng.next() % 40)))
                }
            }
            let outcome: Bool? = bytes.withUnsafeBufferPointer { buffer in
                switch BatchScreener.screenLine(engine, buffer, line: i + 1, source: "fuzz") {
                case .decided(_, let request, let decision):
                    // A decision is only ever made for a request that validates again from its own fields.
                    return request.id.isEmpty ? nil : (decision.outcome == engine.decide(request).outcome)
                case .invalid(let line, let error):
                    return line == i + 1 && error.exitCode == 65 && !error.message.isEmpty ? false : nil
                }
            }
            switch outcome {
            case true?: decided += 1
            case false?: refused += 1
            case nil: Issue.record("line \(i + 1): inconsistent result")
            }
        }
        #expect(decided + refused == 3000)
        #expect(refused > 1000)  // most mutations break the line
        #expect(decided > 50)  // some only touch free text
    }
}
