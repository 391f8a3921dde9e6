import Foundation
import SafeguardModel
@testable import SafeguardScreening
import Testing

@Suite struct DeterminismAndBatchTests {
    let engine = try! Fixtures.engine("recommended-safeguards")

    @Test func generatorIsSeededAndEveryLineIsValid() throws {
        let a = RequestGenerator(seed: 42).jsonLines(count: 300)
        #expect(a == RequestGenerator(seed: 42).jsonLines(count: 300))
        #expect(a != RequestGenerator(seed: 43).jsonLines(count: 300))
        var outcomes: Set<DecisionOutcome> = []
        for line in a.split(separator: "\n") {
            let request = try engine.request(from: try DataValue.parseJSON(String(line)))
            outcomes.insert(engine.decide(request).outcome)
        }
        #expect(outcomes == Set(DecisionOutcome.allCases))  // the population exercises every outcome
    }

    /// Screens a batch concurrently and returns (line, outcome, determining rule ids) in output order.
    func batch(_ text: String, workers: Int, window: Int) throws -> [String] {
        var lines: [String] = []
        var bytes = Array(text.utf8)
        let engine = self.engine
        try bytes.withUnsafeMutableBufferPointer { buffer in
            try BatchScreener(engine: engine, windowSize: window, workers: workers).run(
                bytes: UnsafeBufferPointer(buffer), source: "t",
                transform: { results in
                    results.map { result -> String in
                        switch result {
                        case .decided(let line, let request, let decision):
                            "\(line) \(request.id) \(decision.outcome.rawValue) \(decision.determining.indices)"
                        case .invalid(let line, let error):
                            "\(line) invalid \(error.message)"
                        }
                    }
                }, consume: { lines += $0 })
        }
        return lines
    }

    @Test func concurrentBatchKeepsInputOrderAndMatchesSequentialDecisions() throws {
        let input = RequestGenerator(seed: 5).jsonLines(count: 2000)
        let sequential = try batch(input, workers: 1, window: 100_000)
        let concurrent = try batch(input, workers: 4, window: 333)
        #expect(sequential.count == 2000)
        #expect(concurrent == sequential)
        #expect(sequential.first?.hasPrefix("1 gen-5-0 ") == true)
        #expect(sequential.last?.hasPrefix("2000 gen-5-1999 ") == true)
    }

    @Test func sameRequestSameDecisionEveryTime() throws {
        let request = try Fixtures.request(["measure": .string("stored-content"), "authorisation": .null], engine: engine)
        let first = engine.decide(request)
        for _ in 0..<100 { #expect(engine.decide(request) == first) }
        // A freshly compiled engine decides identically.
        #expect(try Fixtures.engine("recommended-safeguards").decide(request) == first)
    }

    @Test func badLinesAreReportedWithTheirLineNumberAndTheRestIsScreened() throws {
        let good = RequestGenerator(seed: 1).jsonLines(count: 2).split(separator: "\n")
        let input =
            "\(good[0])\n\n{\"id\":\"x\"\n\(good[1].replacingOccurrences(of: "\"measure\":\"", with: "\"measure\":\"x-"))\n\(good[1])\n"
        let lines = try batch(input, workers: 2, window: 2)
        #expect(lines.count == 4)  // the blank line is skipped
        #expect(lines[0].hasPrefix("1 gen-1-0"))
        #expect(lines[1].hasPrefix("3 invalid not valid JSON"))
        #expect(lines[2].hasPrefix("4 invalid measure: unknown value \"x-"))
        #expect(lines[3].hasPrefix("5 gen-1-1"))
    }

    @Test func jsonLineRangesHandleCRLFAndMissingFinalNewline() {
        var bytes = Array("a\r\n\r\n  \nbb".utf8)
        let ranges = bytes.withUnsafeMutableBufferPointer { JSONLines.lineRanges(UnsafeBufferPointer($0)) }
        #expect(ranges.map(\.line) == [1, 4])
        #expect(ranges.map(\.range) == [0..<1, 8..<10])
    }

    @Test func comparisonCountsChangesByGroup() throws {
        let rev2 = try Fixtures.engine("model-convention-rev2")
        var acc = ComparisonAccumulator(changeLimit: 1)
        let journalist = try Fixtures.request(ShippedRuleSetTests.journalistRequest, engine: rev2)
        let fraud = try Fixtures.request(["measure": .string("traffic-data")], engine: rev2)
        acc.add(line: 1, request: journalist, a: rev2.decide(journalist), b: engine.decide(journalist), engineA: rev2, engineB: engine)
        acc.add(line: 2, request: fraud, a: rev2.decide(fraud), b: engine.decide(fraud), engineA: rev2, engineB: engine)
        let result = acc.result(engineA: rev2, engineB: engine)
        #expect(result.requests == 2)
        #expect(result.changed == 2)
        #expect(result.transitions == ["execute → refuse": 1, "execute → execute-with-conditions": 1])
        #expect(
            result.byTargetAttribute.first { $0.key == "journalist" }
                == .init(key: "journalist", requests: 1, letThroughA: 1, letThroughB: 0, changed: 1))
        #expect(result.byConduct.first { $0.key == "insulting-officials" }?.letThroughB == 0)
        #expect(result.changes.count == 1)  // limited
        #expect(result.changes[0].rulesB == ["expression-offence", "persecution-of-protected-target", "dual-criminality-mandatory"])
    }
}

@Suite struct JSONLineTests {
    @Test func handWrittenJSONLineEqualsJSONEncoderOutput() throws {
        let engine = try Fixtures.engine("recommended-safeguards")
        var reports: [DecisionReport] = []
        for line in RequestGenerator(seed: 11).jsonLines(count: 200).split(separator: "\n") {
            reports.append(engine.screen(try engine.request(from: try DataValue.parseJSON(String(line)))))
        }
        // Quotes, escapes, control characters and non-ASCII in every string position.
        var tricky = reports[0]
        tricky.request = "q\"uo\\te\n\t\u{01}é/😀"
        tricky.determiningRules[0].quote = "“Article 6”\r\nline\u{0C}"
        tricky.dualCriminality.requested.maximumPenalty = nil
        tricky.dualCriminality.requiredByRequestedState = nil
        reports.append(tricky)
        for report in reports {
            #expect(report.jsonLine == (try JSONOutput.string(report, pretty: false)))
        }
        #expect(Set(reports.map(\.outcome)).count == 4)
    }

    @Test func canonicalTextEscapesSeparatorsNewlinesAndBackslashes() throws {
        let engine = try Fixtures.engine("recommended-safeguards")
        let a = try Fixtures.request(["necessity": .string("a\nb")], engine: engine)
        let b = try Fixtures.request(["necessity": .string("a\\nb")], engine: engine)
        // A value holding the separator must not be read as two fields.
        let c = try Fixtures.request(["necessity": .string("x\u{1E}y")], engine: engine)
        #expect(a.canonicalText.hasSuffix("\u{1E}a\\nb\u{1E}"))
        #expect(b.canonicalText.hasSuffix("\u{1E}a\\\\nb\u{1E}"))
        #expect(c.canonicalText.hasSuffix("\u{1E}x\\\u{1E}y\u{1E}"))
        #expect(Set([a.digest, b.digest, c.digest]).count == 3)
        #expect(a.canonicalText.hasPrefix("safeguard.request/1\u{1E}t-1\u{1E}2026-03-02\u{1E}EXAMPLIA\u{1E}police\u{1E}KARVIA\u{1E}"))
        // An absent provider differs from any provider name.
        let d = try Fixtures.request(["requested.provider": .null], engine: engine)
        #expect(d.canonicalText.contains("KARVIA\u{1E}\u{0}\u{1E}treaty"))
    }
}

@Suite struct DecisionRendererTests {
    @Test(arguments: ["recommended-safeguards", "model-convention-rev2"])
    func rendererEqualsExplainedReport(ruleSet: String) throws {
        let engine = try Fixtures.engine(ruleSet)
        let quotes: [EId: String] = ["art_40__para_1": "1. “Widest measure” of\nassistance \\ \"quoted\""]
        let renderer = DecisionRenderer(engine: engine, quotes: quotes)
        var lines = RequestGenerator(seed: 99).jsonLines(count: 400).split(separator: "\n").map(String.init)
        // Unprofiled states and a refusing default.
        lines.append(lines[0].replacingOccurrences(of: "\"requested\":{\"state\":\"", with: "\"requested\":{\"state\":\"ATLANTIS-"))
        var outcomes: Set<DecisionOutcome> = []
        for line in lines {
            let request = try engine.request(from: try DataValue.parseJSON(line))
            let decision = engine.decide(request)
            outcomes.insert(decision.outcome)
            var bytes: [UInt8] = []
            renderer.appendJSONLine(decision, for: request, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == engine.explain(decision, for: request, quotes: quotes).jsonLine)
        }
        #expect(outcomes.count >= 3)
    }

    @Test func rendererHandlesARefusingDefault() throws {
        let engine = try Fixtures.engine(
            rules: "  - {id: r, effect: permit, reason: x, implements: {eId: a}, when: {measure: [extradition]}}", default: "refuse")
        let request = try Fixtures.request(engine: engine)
        let decision = engine.decide(request)
        #expect(decision.outcome == .refuse)
        var bytes: [UInt8] = []
        DecisionRenderer(engine: engine).appendJSONLine(decision, for: request, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == engine.explain(decision, for: request).jsonLine)
    }
}
