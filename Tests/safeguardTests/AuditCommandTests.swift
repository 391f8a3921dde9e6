import Foundation
import Testing

/// End-to-end tests of `safeguard audit keygen|checkpoint|prove|verify|verify-proof`, playing the attacker with
/// the sqlite3 shell (and psql for PostgreSQL), and several `safeguard` processes appending at once.
@Suite struct AuditCommandTests {
    struct Log {
        var dir: URL
        var db: String
        var key: String
        var publicKey: String { key + ".pub" }
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    }

    /// A log of 40 decisions from a generated batch, and a key pair.
    static func makeLog(db: String? = nil, count: Int = 40) throws -> Log {
        let dir = try ScreenCommandTests.temporaryDirectory()
        let log = Log(dir: dir, db: db ?? dir.appendingPathComponent("audit.sqlite").path, key: dir.appendingPathComponent("log.key").path)
        let batch = log.path("batch.jsonl")
        #expect(try SafeguardBinary.run(["screen", "generate", "--count", String(count), "--seed", "3", "--output", batch]).status == 0)
        let screened = try SafeguardBinary.run(["screen", "--batch", batch, "--audit", log.db, "--output", log.path("decisions.jsonl")])
        #expect(screened.status == 0, "\(screened.stderr)")
        let keygen = try SafeguardBinary.run(["audit", "keygen", "--name", "test.example/screening-log", "--key", log.key])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        return log
    }

    static func checkpoint(_ log: Log, _ name: String) throws -> String {
        let file = log.path(name)
        let result = try SafeguardBinary.run(["audit", "checkpoint", "--db", log.db, "--key", log.key, "--output", file])
        #expect(result.status == 0, "\(result.stderr)")
        return file
    }

    static func verify(_ log: Log, checkpoint: String) throws -> SafeguardBinary.Result {
        try SafeguardBinary.run(["audit", "verify", "--db", log.db, "--checkpoint", checkpoint, "--key", log.publicKey])
    }

    @Test func keygenWritesAPrivateKeyOnlyTheOwnerReadsAndNeverOverwrites() throws {
        let log = try Self.makeLog(count: 2)
        let attributes = try FileManager.default.attributesOfItem(atPath: log.key)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try String(contentsOfFile: log.key, encoding: .utf8).hasPrefix("PRIVATE+KEY+test.example/screening-log+"))
        #expect(try String(contentsOfFile: log.publicKey, encoding: .utf8).hasPrefix("test.example/screening-log+"))
        let again = try SafeguardBinary.run(["audit", "keygen", "--name", "x", "--key", log.key])
        #expect(again.status == 73)
        // The public key cannot sign.
        let wrong = try SafeguardBinary.run(["audit", "checkpoint", "--db", log.db, "--key", log.publicKey])
        #expect(wrong.status == 65)
        #expect(wrong.stderr.contains("signed with the private key"))
    }

    @Test func checkpointHasTheTransparencyLogFormat() throws {
        let log = try Self.makeLog()
        let text = try String(contentsOfFile: try Self.checkpoint(log, "cp.txt"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        #expect(lines[0] == "test.example/screening-log")
        #expect(lines[1] == "40")
        #expect(Data(base64Encoded: lines[2])?.count == 32)
        #expect(lines[3].hasPrefix("Timestamp: "))
        #expect(lines[4] == "")
        #expect(lines[5].hasPrefix("\u{2014} test.example/screening-log "))
        #expect(text.hasSuffix("\n"))
        let verified = try Self.verify(log, checkpoint: log.path("cp.txt"))
        #expect(verified.status == 0)
        #expect(verified.stdout.contains("consistent with the checkpoint of 40 entries"))
    }

    @Test func everyAttackIsCaughtByVerifyWithTheCheckpoint() throws {
        let attacks: [(String, String)] = [
            ("edit", "UPDATE audit_entry SET outcome = 'execute', grounds = '[]' WHERE sequence = 7"),
            ("delete", "DELETE FROM audit_entry WHERE sequence = 12"),
            (
                "reorder",
                "UPDATE audit_entry SET sequence = 1000 WHERE sequence = 3; UPDATE audit_entry SET sequence = 3 WHERE sequence = 4; UPDATE "
                    + "audit_entry SET sequence = 4 WHERE sequence = 1000"
            ),
            (
                "truncate-with-head",
                "DELETE FROM audit_entry WHERE sequence > 30; UPDATE audit_head SET sequence = 30, entry_hash = (SELECT entry_hash FROM "
                    + "audit_entry WHERE sequence = 30)"
            ),
        ]
        for (name, sql) in attacks {
            let log = try Self.makeLog()
            let cp = try Self.checkpoint(log, "cp.txt")
            #expect(try ScreenCommandTests.sqlite(log.db, sql) == 0)
            let result = try Self.verify(log, checkpoint: cp)
            #expect(result.status == 1, "\(name) was not caught: \(result.stdout)")
            #expect(result.stdout.hasPrefix("audit log BROKEN"), "\(name)")
            if name == "truncate-with-head" {
                // The chain alone cannot see this one; the checkpoint does.
                #expect(try SafeguardBinary.run(["audit", "verify", "--db", log.db]).status == 0)
                #expect(result.stdout.contains("truncated: the log has 30 entries but the signed checkpoint"))
            }
        }
    }

    @Test func aRewrittenLogIsCaughtByTheCheckpoint() throws {
        // The attacker replays every request into a new log (so every hash is consistent) with one request's
        // decision changed, and puts the new file in place of the old one.
        let log = try Self.makeLog()
        let cp = try Self.checkpoint(log, "cp.txt")
        let batch = try String(contentsOfFile: log.path("batch.jsonl"), encoding: .utf8)
        let forgedBatch = log.path("forged.jsonl")
        try batch.replacingOccurrences(of: "\"measure\":\"subscriber-information\"", with: "\"measure\":\"preservation\"").write(
            toFile: forgedBatch, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: log.db)
        #expect(
            try SafeguardBinary.run(["screen", "--batch", forgedBatch, "--audit", log.db, "--output", log.path("f.jsonl")]).status == 0)
        #expect(try SafeguardBinary.run(["audit", "verify", "--db", log.db]).status == 0)  // consistent in itself
        let result = try Self.verify(log, checkpoint: cp)
        #expect(result.status == 1)
        #expect(result.stdout.contains("rewritten: the first 40 entries no longer hash to the root signed in the checkpoint"))
        let json = try SafeguardBinary.run([
            "audit", "verify", "--db", log.db, "--checkpoint", cp, "--key", log.publicKey, "--format", "json",
        ])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect((object["checkpoint"] as? [String: Any])?["consistent"] as? Bool == false)
    }

    @Test func aForgedOrForeignCheckpointIsRefused() throws {
        let log = try Self.makeLog()
        let cp = try Self.checkpoint(log, "cp.txt")
        let text = try String(contentsOfFile: cp, encoding: .utf8)
        try text.replacingOccurrences(of: "\n40\n", with: "\n39\n").write(toFile: log.path("forged.txt"), atomically: true, encoding: .utf8)
        let forged = try Self.verify(log, checkpoint: log.path("forged.txt"))
        #expect(forged.status == 1)
        #expect(forged.stderr.contains("does not verify"))
        #expect(
            try SafeguardBinary.run(["audit", "keygen", "--name", "test.example/screening-log", "--key", log.path("other.key")]).status == 0
        )
        let foreign = try SafeguardBinary.run(["audit", "verify", "--db", log.db, "--checkpoint", cp, "--key", log.path("other.key.pub")])
        #expect(foreign.status == 1)
        try "not a checkpoint".write(toFile: log.path("junk.txt"), atomically: true, encoding: .utf8)
        #expect(try Self.verify(log, checkpoint: log.path("junk.txt")).status == 65)
        #expect(try Self.verify(log, checkpoint: log.path("missing.txt")).status == 66)
        #expect(try SafeguardBinary.run(["audit", "verify", "--db", log.db, "--checkpoint", cp]).status == 64)
    }

    @Test func inclusionProofVerifiesWithThePublicKeyAloneAfterTheLogIsGone() throws {
        let log = try Self.makeLog()
        let cp = try Self.checkpoint(log, "cp.txt")
        let proofFile = log.path("proof-17.json")
        let prove = try SafeguardBinary.run([
            "audit", "prove", "--db", log.db, "--entry", "17", "--checkpoint", cp, "--key", log.publicKey, "--output", proofFile,
        ])
        #expect(prove.status == 0, "\(prove.stderr)")
        // The verifier has only the public key and the proof: remove the database and the private key.
        try FileManager.default.removeItem(atPath: log.db)
        try FileManager.default.removeItem(atPath: log.key)
        let checked = try SafeguardBinary.run(["audit", "verify-proof", proofFile, "--key", log.publicKey])
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout.hasPrefix("proof verified: entry 17 "))
        // Altering the entry in the proof breaks it.
        let text = try String(contentsOfFile: proofFile, encoding: .utf8)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        var entry = object["entry"] as! [String: Any]
        var record = entry["record"] as! [String: Any]
        record["outcome"] = record["outcome"] as? String == "refuse" ? "execute" : "refuse"
        entry["record"] = record
        var altered = object
        altered["entry"] = entry
        try JSONSerialization.data(withJSONObject: altered).write(to: URL(fileURLWithPath: log.path("altered.json")))
        let bad = try SafeguardBinary.run(["audit", "verify-proof", log.path("altered.json"), "--key", log.publicKey])
        #expect(bad.status == 1)
        #expect(try SafeguardBinary.run(["audit", "verify-proof", log.path("nothing.json"), "--key", log.publicKey]).status == 66)
    }

    static let pythonWithCryptography: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import cryptography"]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    /// scripts/verify-audit-proof.py, written from the documented formats alone, agrees with Safeguard.
    @Test(.enabled(if: pythonWithCryptography, "python3 with the cryptography package is missing: the independent verifier was NOT run"))
    func anIndependentVerifierWrittenFromTheDocsAgrees() throws {
        let log = try Self.makeLog(count: 23)
        let cp = try Self.checkpoint(log, "cp.txt")
        func python(_ proof: String) throws -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = [
                "python3", SafeguardBinary.repositoryRoot.appendingPathComponent("scripts/verify-audit-proof.py").path, proof,
                log.publicKey,
            ]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            return p.terminationStatus
        }
        for n in [1, 8, 16, 23] {
            let proof = log.path("p\(n).json")
            #expect(
                try SafeguardBinary.run([
                    "audit", "prove", "--db", log.db, "--entry", String(n), "--checkpoint", cp, "--key", log.publicKey, "-o", proof,
                ]).status == 0)
            #expect(try python(proof) == 0, "entry \(n)")
        }
        let text = try String(contentsOfFile: log.path("p8.json"), encoding: .utf8)
        try text.replacingOccurrences(of: "\"sequence\" : 8", with: "\"sequence\" : 9").write(
            toFile: log.path("bad.json"), atomically: true, encoding: .utf8)
        #expect(try python(log.path("bad.json")) == 1)
    }

    @Test func aProofWithoutAnEmbeddedCheckpointIsCheckedAgainstOneGiven() throws {
        let log = try Self.makeLog(count: 9)
        let proof = log.path("p.json")
        #expect(try SafeguardBinary.run(["audit", "prove", "--db", log.db, "--entry", "9", "-o", proof]).status == 0)
        // Without a checkpoint there is nothing signed to check against.
        let bare = try SafeguardBinary.run(["audit", "verify-proof", proof, "--key", log.publicKey])
        #expect(bare.status == 65)
        #expect(bare.stderr.contains("carries no checkpoint"))
        let cp = try Self.checkpoint(log, "cp.txt")
        #expect(try SafeguardBinary.run(["audit", "verify-proof", proof, "--key", log.publicKey, "--checkpoint", cp]).status == 0)
        // A checkpoint of another size does not fit the proof.
        #expect(
            try SafeguardBinary.run(["screen", "--batch", log.path("batch.jsonl"), "--audit", log.db, "-o", log.path("more.jsonl")]).status
                == 0)
        let later = try Self.checkpoint(log, "later.txt")
        let mismatch = try SafeguardBinary.run(["audit", "verify-proof", proof, "--key", log.publicKey, "--checkpoint", later])
        #expect(mismatch.status == 1)
        #expect(mismatch.stderr.contains("tree of 9 entries but the checkpoint records 18"))
    }

    @Test func consistencyProofBetweenTwoCheckpointsVerifiesWithoutTheLog() throws {
        let log = try Self.makeLog()
        let old = try Self.checkpoint(log, "old.txt")
        #expect(
            try SafeguardBinary.run(["screen", "--batch", log.path("batch.jsonl"), "--audit", log.db, "--output", log.path("again.jsonl")])
                .status == 0)
        let new = try Self.checkpoint(log, "new.txt")
        let proofFile = log.path("consistency.json")
        let prove = try SafeguardBinary.run([
            "audit", "prove", "--db", log.db, "--from-checkpoint", old, "--checkpoint", new, "--key", log.publicKey, "--output", proofFile,
        ])
        #expect(prove.status == 0, "\(prove.stderr)")
        try FileManager.default.removeItem(atPath: log.db)
        let checked = try SafeguardBinary.run(["audit", "verify-proof", proofFile, "--key", log.publicKey, "--format", "json"])
        #expect(checked.status == 0, "\(checked.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(checked.stdout.utf8)) as! [String: Any]
        #expect(object["kind"] as? String == "consistency")
        #expect(object["oldTreeSize"] as? Int == 40)
        #expect(object["treeSize"] as? Int == 80)
    }

    /// Several `safeguard screen --audit` processes append to one SQLite log at the same time.
    @Test func concurrentProcessesKeepOneChainInSQLite() throws {
        try Self.concurrentProcesses(db: nil)
    }

    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment["SAFEGUARD_TEST_POSTGRES_URL"].map { !$0.isEmpty } ?? false,
            "SAFEGUARD_TEST_POSTGRES_URL is not set: concurrent PostgreSQL appenders were NOT tested"))
    func concurrentProcessesKeepOneChainInPostgreSQL() throws {
        let server = ProcessInfo.processInfo.environment["SAFEGUARD_TEST_POSTGRES_URL"]!
        let name = "sg_cli_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        psql.arguments = ["psql", server, "-q", "-c", "CREATE DATABASE \(name)"]
        try psql.run()
        psql.waitUntilExit()
        #expect(psql.terminationStatus == 0)
        var url = URLComponents(string: server)!
        url.path = "/" + name
        try Self.concurrentProcesses(db: url.string!)
    }

    static func concurrentProcesses(db: String?) throws {
        let dir = try ScreenCommandTests.temporaryDirectory()
        let target = db ?? dir.appendingPathComponent("audit.sqlite").path
        let batch = dir.appendingPathComponent("batch.jsonl").path
        #expect(try SafeguardBinary.run(["screen", "generate", "--count", "60", "--seed", "9", "--output", batch]).status == 0)
        let writers = 4, rounds = 3
        var processes: [Process] = []
        for w in 0..<writers {
            // Each process screens the batch `rounds` times, one single-request file per round too, so commits interleave.
            let script = (0..<rounds).map { r in
                "'\(SafeguardBinary.url.path)' screen --batch '\(batch)' --audit '\(target)' --output '\(dir.path)/out-\(w)-\(r).jsonl' || "
                    + "exit 1"
            }.joined(separator: "; ")
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", "( \(script) ) 2> '\(dir.path)/err-\(w).txt'"]
            processes.append(p)
        }
        for p in processes { try p.run() }
        for p in processes { p.waitUntilExit() }
        let errors = (0..<writers).map { (try? String(contentsOfFile: "\(dir.path)/err-\($0).txt", encoding: .utf8)) ?? "" }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 }, "\(errors)")
        let verified = try SafeguardBinary.run(["audit", "verify", "--db", target, "--format", "json"])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as! [String: Any]
        #expect(object["entries"] as? Int == writers * rounds * 60)
        #expect((object["problems"] as? [Any])?.isEmpty == true)
    }

    @Test func listShowsListsAndVerifyJSONHasTheRoot() throws {
        let log = try Self.makeLog(count: 3)
        let list = try SafeguardBinary.run(["audit", "list", "--db", log.db, "--format", "json"])
        let entries = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as! [[String: Any]]
        #expect(entries.count == 3)
        #expect((entries[0]["record"] as? [String: Any])?["targetAttributes"] is [String])
        #expect(entries[0]["format"] as? Int == 2)
        let verify = try SafeguardBinary.run(["audit", "verify", "--db", log.db, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as! [String: Any]
        #expect(Data(base64Encoded: object["rootHash"] as? String ?? "")?.count == 32)
    }
}
