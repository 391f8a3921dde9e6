import Foundation
import SafeguardTestSupport
import Testing

/// End-to-end tests of `safeguard screen`, `safeguard audit` and `safeguard report transparency`.
@Suite struct ScreenCommandTests {
    static var requests: URL { SafeguardBinary.repositoryRoot.appendingPathComponent("examples/requests") }

    static func temporaryDirectory() throws -> URL { try makeTemporaryDirectory(prefix: "screen") }

    /// Runs the sqlite3 shell on a database (installed by scripts/install-deps).
    static func sqlite(_ db: String, _ sql: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", db, sql]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func theDemoRequestIsExecutedUnderRev2AndRefusedUnderRecommendedSafeguards() throws {
        let file = Self.requests.appendingPathComponent("insulting-officials-journalist.yaml").path
        let rev2 = try SafeguardBinary.run(["screen", file, "--ruleset", "model-convention-rev2", "--format", "json"])
        #expect(rev2.status == 0)
        let a = try JSONSerialization.jsonObject(with: Data(rev2.stdout.utf8)) as! [String: Any]
        #expect(a["outcome"] as? String == "execute")
        #expect(a["schema"] as? String == "safeguard.decision/1")
        let recommended = try SafeguardBinary.run(["screen", file, "--ruleset", "recommended-safeguards", "--format", "json"])
        let b = try JSONSerialization.jsonObject(with: Data(recommended.stdout.utf8)) as! [String: Any]
        #expect(b["outcome"] as? String == "refuse")
        #expect(b["grounds"] as? [String] == ["expression-offence", "persecution", "dual-criminality"])
        let rules = b["determiningRules"] as! [[String: Any]]
        #expect((rules[0]["implements"] as? [String: String])?["eId"] == "art_5__para_2")
    }

    @Test func instrumentCitationsAreCheckedAndQuoted() throws {
        let file = Self.requests.appendingPathComponent("insulting-officials-journalist.yaml").path
        let rev2Text = SafeguardBinary.repositoryRoot.appendingPathComponent("examples/model-convention-rev2.txt").path
        let result = try SafeguardBinary.run(["screen", file, "--instrument", rev2Text, "--format", "json"])
        #expect(result.status == 0)
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let rules = report["determiningRules"] as! [[String: Any]]
        #expect(
            (rules[0]["quote"] as? String)?.hasPrefix("Nothing in this Convention shall be interpreted as permitting the suppression")
                == true)
        // rev1 numbers its articles differently: the shipped rule set's citations do not all exist there.
        let rev1 = SafeguardBinary.repositoryRoot.appendingPathComponent("examples/model-convention-rev1.txt").path
        let wrong = try SafeguardBinary.run(["screen", file, "--instrument", rev1])
        if wrong.status != 0 {
            #expect(wrong.status == 78)
            #expect(wrong.stderr.contains("cites provisions that"))
        }
    }

    @Test func aMissingFieldIsAValidationErrorNamingTheField() throws {
        let result = try SafeguardBinary.run(["screen", Self.requests.appendingPathComponent("missing-field.yaml").path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("offence.conduct: missing required field"))
        #expect(result.stdout.isEmpty)
    }

    @Test func usageErrors() throws {
        #expect(try SafeguardBinary.run(["screen"]).status == 64)
        #expect(try SafeguardBinary.run(["screen", "--compare", "model-convention-rev2", "--batch", "x.jsonl"]).status == 64)
        #expect(try SafeguardBinary.run(["screen", "x.yaml", "--ruleset", "no-such-rules"]).status == 66)
    }

    @Test func batchWithAuditThenVerifyReportAndTamper() throws {
        let dir = try Self.temporaryDirectory()
        let batch = dir.appendingPathComponent("requests.jsonl").path
        let db = dir.appendingPathComponent("audit.sqlite").path
        #expect(try SafeguardBinary.run(["screen", "generate", "--count", "300", "--seed", "4", "--output", batch]).status == 0)
        let screened = try SafeguardBinary.run(["screen", "--batch", batch, "--audit", db])
        #expect(screened.status == 0)
        let lines = screened.stdout.split(separator: "\n")
        #expect(lines.count == 300)
        #expect(lines[0].hasPrefix("{\"byDefault\":"))
        #expect(lines[299].contains("\"request\":\"gen-4-299\""))

        let verified = try SafeguardBinary.run(["audit", "verify", "--db", db])
        #expect(verified.status == 0)
        #expect(verified.stdout.hasPrefix("audit log intact: 300 entries"))

        let csv = try SafeguardBinary.run(["report", "transparency", "--db", db, "--format", "csv"])
        #expect(csv.status == 0)
        #expect(csv.stdout.hasPrefix("requesting_state,measure,outcome,ground,count\r\n"))
        let total = csv.stdout.split(separator: "\r\n").dropFirst().compactMap { line -> (String, Int)? in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            return (String(cells[3]), Int(cells[4])!)
        }
        // Refusals with several grounds count once per ground; everything else once.
        #expect(total.filter { $0.0.isEmpty }.reduce(0) { $0 + $1.1 } <= 300)
        let html = try SafeguardBinary.run(["report", "transparency", "--db", db, "--format", "html", "--from", "2000-01-01"])
        #expect(html.stdout.contains("<svg"))
        #expect(!html.stdout.contains("<script"))
        #expect(try SafeguardBinary.run(["report", "transparency", "--db", db, "--from", "2026-13-01"]).status == 64)

        // Tamper: change one refusal into an execution.
        #expect(try Self.sqlite(db, "UPDATE audit_entry SET outcome = 'execute' WHERE sequence = 17") == 0)
        let broken = try SafeguardBinary.run(["audit", "verify", "--db", db])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("entry 17: edited"))
        // A report is never built on a broken log.
        #expect(try SafeguardBinary.run(["report", "transparency", "--db", db]).status == 1)
    }

    @Test func killedMidBatchLosesNoCommittedDecisionAndLeavesNoHalfEntry() throws {
        let dir = try Self.temporaryDirectory()
        let batch = dir.appendingPathComponent("requests.jsonl").path
        let out = dir.appendingPathComponent("decisions.jsonl").path
        let db = dir.appendingPathComponent("audit.sqlite").path
        #expect(try SafeguardBinary.run(["screen", "generate", "--count", "60000", "--seed", "8", "--output", batch]).status == 0)

        let process = Process()
        process.executableURL = SafeguardBinary.url
        process.arguments = ["screen", "--batch", batch, "--audit", db, "--output", out]
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill it as soon as the first window of decisions has been written.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
            if size > 0 || !process.isRunning { break }
            usleep(2000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let printed = (try? String(contentsOfFile: out, encoding: .utf8))?.split(separator: "\n").count ?? 0
        let verified = try SafeguardBinary.run(["audit", "verify", "--db", db, "--format", "json"])
        #expect(verified.status == 0)
        let result = try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as! [String: Any]
        let entries = result["entries"] as! Int
        // Every decision that was printed had been committed first.
        #expect(entries >= printed)
        if process.terminationReason == .uncaughtSignal {
            #expect(entries < 60000)
        }
        // The log keeps working after the crash.
        let single = Self.requests.appendingPathComponent("fraud-subscriber.json").path
        #expect(try SafeguardBinary.run(["screen", single, "--audit", db]).status == 0)
        let after = try SafeguardBinary.run(["audit", "verify", "--db", db])
        #expect(after.status == 0)
        #expect(after.stdout.hasPrefix("audit log intact: \(entries + 1) entries"))
    }

    @Test func compareShowsWhatChangesBetweenRuleSets() throws {
        let dir = try Self.temporaryDirectory()
        let batch = dir.appendingPathComponent("requests.jsonl").path
        #expect(try SafeguardBinary.run(["screen", "generate", "--count", "500", "--seed", "2", "--output", batch]).status == 0)
        let result = try SafeguardBinary.run([
            "screen", "--compare", "model-convention-rev2", "recommended-safeguards", "--batch", batch, "--format", "json",
        ])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(json["requests"] as? Int == 500)
        let byAttribute = json["byTargetAttribute"] as! [[String: Any]]
        let journalists = byAttribute.first { $0["key"] as? String == "journalist" }
        #expect(journalists != nil)
        if let j = journalists { #expect((j["letThroughB"] as! Int) <= (j["letThroughA"] as! Int)) }
        // Per-rule attribution: which rule alone changes how many decisions, and for whom.
        let attribution = json["ruleAttribution"] as! [[String: Any]]
        let persecution = attribution.first { $0["rule"] as? String == "persecution-of-protected-target" }
        #expect(persecution?["change"] as? String == "added")
        #expect(((persecution?["changedAloneByTargetAttribute"] as? [String: Int])?["journalist"] ?? 0) > 0)
        #expect(((persecution?["implements"] as? [String: String])?["eId"]) == "art_5__para_3")
        let counts = attribution.map { $0["changedAlone"] as! Int }
        #expect(counts == counts.sorted(by: >))
        let table = try SafeguardBinary.run(["screen", "--compare", "model-convention-rev2", "recommended-safeguards", "--batch", batch])
        #expect(table.stdout.contains("500 requests screened, 0 invalid"))
        #expect(table.stdout.contains("Rules that differ"))
    }

    @Test func generatorIsDeterministic() throws {
        let a = try SafeguardBinary.run(["screen", "generate", "--count", "5", "--seed", "9"])
        let b = try SafeguardBinary.run(["screen", "generate", "--count", "5", "--seed", "9"])
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
        #expect(a.stdout.split(separator: "\n").count == 5)
    }

    @Test func badBatchLinesAreReportedAndTheRestScreened() throws {
        let dir = try Self.temporaryDirectory()
        let batch = dir.appendingPathComponent("requests.jsonl")
        let good = try SafeguardBinary.run(["screen", "generate", "--count", "2", "--seed", "1"]).stdout.split(separator: "\n")
        try "\(good[0])\n{\"id\": 1\n\(good[1])\n".write(to: batch, atomically: true, encoding: .utf8)
        let result = try SafeguardBinary.run(["screen", "--batch", batch.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("requests.jsonl:2: not valid JSON"))
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("{\"error\":"))
        #expect(lines[1].hasSuffix("\"line\":2}"))
    }
}

/// `--output` to a special file (here a FIFO, standing in for /dev/null) writes into it and never replaces it
/// with a regular file — which, run as root, would have destroyed /dev/null.
@Suite struct OutputToSpecialFilesTests {
    func withFIFO(_ body: (String) throws -> SafeguardBinary.Result) throws -> (SafeguardBinary.Result, String, Bool) {
        let dir = try ScreenCommandTests.temporaryDirectory()
        let fifo = dir.appendingPathComponent("out.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // A non-blocking reader first, so the writer's open(2) does not wait; the output fits the pipe buffer.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        let result = try body(fifo)
        var buffer = [UInt8](repeating: 0, count: 60_000)
        let count = read(reader, &buffer, buffer.count)
        let text = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
        let type = try FileManager.default.attributesOfItem(atPath: fifo)[.type] as? FileAttributeType
        return (result, text, type != nil && type != .typeRegular)
    }

    @Test func batchOutputIntoAFIFOKeepsIt() throws {
        let batch = try SafeguardBinary.run(["screen", "generate", "--count", "2", "--seed", "3"]).stdout
        let dir = try ScreenCommandTests.temporaryDirectory()
        let input = dir.appendingPathComponent("in.jsonl")
        try batch.write(to: input, atomically: true, encoding: .utf8)
        let (result, text, stillSpecial) = try withFIFO { try SafeguardBinary.run(["screen", "--batch", input.path, "--output", $0]) }
        #expect(result.status == 0)
        #expect(text.split(separator: "\n").count == 2)
        #expect(stillSpecial)
    }

    @Test func singleRequestOutputIntoAFIFOKeepsIt() throws {
        let file = ScreenCommandTests.requests.appendingPathComponent("fraud-subscriber.json").path
        let (result, text, stillSpecial) = try withFIFO { try SafeguardBinary.run(["screen", file, "--output", $0]) }
        #expect(result.status == 0)
        #expect(text.hasPrefix("demo-0002"))
        #expect(stillSpecial)
    }
}
