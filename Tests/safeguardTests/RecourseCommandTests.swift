import Foundation
import Testing

/// End-to-end tests of `safeguard recourse` and of the victims' views of analyze, assess, diff and history.
@Suite struct RecourseCommandTests {
    static let root = SafeguardBinary.repositoryRoot
    static var examples: String { root.appendingPathComponent("examples").path }
    static var rev1: String { root.appendingPathComponent("examples/model-convention-rev1.txt").path }
    static var rev2: String { root.appendingPathComponent("examples/model-convention-rev2.txt").path }

    static func recourse(_ extra: [String]) throws -> SafeguardBinary.Result {
        try SafeguardBinary.run(["recourse", "--instruments", examples] + extra, environment: ["NO_COLOR": "1"])
    }

    @Test func answersInEveryFormat() throws {
        let base = ["--in", "EXAMPLIA", "--from", "NORLAND", "--harm", "ransomware", "--victim", "organisation"]
        let table = try Self.recourse(base)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("Where to report") && table.stdout.contains("[general guidance]"))
        #expect(!table.stdout.contains("\u{1B}["))
        let json = try Self.recourse(base + ["--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "safeguard.recourse/1")
        #expect((object["in"] as? [String: Any])?["id"] as? String == "EXAMPLIA")
        let md = try Self.recourse(base + ["--format", "md"])
        #expect(md.stdout.hasPrefix("# What you are owed"))
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("recourse-\(UUID().uuidString).html")
        let html = try Self.recourse(base + ["--format", "html", "--output", out.path])
        #expect(html.status == 0 && html.stdout.isEmpty)
        let page = try String(contentsOf: out, encoding: .utf8)
        #expect(page.contains("<!DOCTYPE html>") && !page.contains("<script") && !page.contains("https://"))
    }

    @Test func badInputGetsDocumentedExitCodes() throws {
        let unknownState = try Self.recourse(["--in", "ATLANTIS", "--from", "NORLAND", "--harm", "fraud"])
        #expect(unknownState.status == 64 && unknownState.stderr.contains("ATLANTIS"))
        let unknownHarm = try Self.recourse(["--in", "EXAMPLIA", "--from", "NORLAND", "--harm", "burglary"])
        #expect(unknownHarm.status == 64 && unknownHarm.stderr.contains("ransomware"))
        let unknownVictim = try Self.recourse(["--in", "EXAMPLIA", "--from", "NORLAND", "--harm", "fraud", "--victim", "robot"])
        #expect(unknownVictim.status == 64)
        let noProfiles = try Self.recourse([
            "--in", "EXAMPLIA", "--from", "NORLAND", "--harm", "fraud", "--profiles", "/nonexistent/profiles",
        ])
        #expect(noProfiles.status == 66)
        let noInstruments = try SafeguardBinary.run([
            "recourse", "--in", "EXAMPLIA", "--from", "NORLAND", "--harm", "fraud", "--instruments", "/nonexistent/dir",
        ])
        #expect(noInstruments.status == 66)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recourse-profiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "schema: safeguard.profile/1\nid: X\nname: X\nreporting-points:\n  - {kind: wizard, name: Merlin}\n"
            .write(to: dir.appendingPathComponent("x.yaml"), atomically: true, encoding: .utf8)
        let badProfile = try Self.recourse(["--in", "X", "--from", "X", "--harm", "fraud", "--profiles", dir.path])
        #expect(badProfile.status == 78 && badProfile.stderr.contains("x.yaml"))
    }

    /// A profile naming an instrument with no text on file: a warning, and no citation is invented.
    @Test func missingInstrumentTextIsAWarning() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("recourse-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let result = try SafeguardBinary.run([
            "recourse", "--in", "EXAMPLIA", "--from", "KARVIA", "--harm", "fraud", "--instruments", empty.path, "--format", "md",
        ])
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning") && result.stderr.contains("model-convention-rev2"))
        #expect(result.stdout.contains("could not read"))
    }

    @Test func analyzeAndAssessCarryTheRightsCard() throws {
        let analyze = try SafeguardBinary.run(["analyze", Self.rev2, "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(analyze.stdout.utf8)) as? [String: Any])
        #expect(json["schema"] as? String == "safeguard.analysis/1")
        let card = try #require(json["victimsRightsCard"] as? [String: Any])
        let rights = try #require(card["rights"] as? [[String: Any]])
        #expect(rights.first { $0["id"] as? String == "compensation" }?["status"] as? String == "conditional")
        let table = try SafeguardBinary.run(["analyze", Self.rev1], environment: ["NO_COLOR": "1"])
        #expect(table.stdout.contains("Victims' rights card") && table.stdout.contains("art_31__para_2"))
        let filtered = try SafeguardBinary.run(["analyze", Self.rev1, "--feature", "power"], environment: ["NO_COLOR": "1"])
        #expect(!filtered.stdout.contains("Victims' rights card"))
        let off = try SafeguardBinary.run(["analyze", Self.rev1, "--no-rights-card", "--format", "md"])
        #expect(!off.stdout.contains("rights card"))

        let assess = try SafeguardBinary.run(["assess", Self.rev2, "--format", "md"])
        #expect(assess.status == 0 && assess.stdout.contains("Victims' rights card"))
        let assessJSON = try SafeguardBinary.run(["assess", Self.rev2, "--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(assessJSON.stdout.utf8)) as? [String: Any])
        #expect((doc["victimsRightsCards"] as? [Any])?.count == 1 && doc["assessments"] != nil)
        let csv = try SafeguardBinary.run(["assess", Self.rev2, "--format", "csv"])
        #expect(!csv.stdout.contains("rights card"))
    }

    @Test func victimGuaranteesView() throws {
        let result = try SafeguardBinary.run(["assess", Self.rev1, Self.rev2, "--view", "victim-guarantees", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first == "instrument,protection,information,participation,assistance,compensation,return-of-property,remedy")
        #expect(
            lines.contains {
                $0.hasSuffix("model-convention-rev1.txt,conditional,conditional,conditional,conditional,mandatory,conditional,conditional")
            })
        #expect(
            lines.contains {
                $0.hasSuffix("model-convention-rev2.txt,conditional,conditional,conditional,conditional,conditional,conditional,absent")
            })
    }

    /// The bundled examples: rev2's change of compensation to "where appropriate" must show.
    @Test func diffAndHistoryVictimsView() throws {
        let diff = try SafeguardBinary.run(["diff", Self.rev1, Self.rev2, "--view", "victims"], environment: ["NO_COLOR": "1"])
        #expect(diff.status == 0, "\(diff.stderr)")
        let line = try #require(diff.stdout.split(separator: "\n").first { $0.hasPrefix("Compensation and restitution") })
        #expect(line.contains("made-conditional") && line.contains("where appropriate"))
        #expect(diff.stdout.contains("art_33__para_2 “compensation” [“where appropriate”, “within its means”]"))
        let json = try SafeguardBinary.run(["diff", Self.rev1, Self.rev2, "--view", "victims", "--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let changes = try #require(doc["changes"] as? [[String: Any]])
        #expect(changes.first { $0["right"] as? String == "compensation" }?["change"] as? String == "made-conditional")
        let history = try SafeguardBinary.run(["history", Self.rev1, Self.rev2, "--view", "victims", "--format", "md"])
        #expect(history.stdout.contains("made-conditional"))
        let svg = try SafeguardBinary.run(["history", Self.rev1, Self.rev2, "--view", "victims", "--format", "svg"])
        #expect(svg.status == 64)
    }
}
