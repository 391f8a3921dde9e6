import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOFoundationEssentialsCompat
import SafeguardAssessment
import SafeguardPipeline
import SafeguardScreening
import Testing

@testable import SafeguardServer
@testable import SafeguardWorkspace

/// The corpus assessment and the batch screening as background jobs: started through the API or the page,
/// claimed by a runner, their progress and their results readable, the same as the CLI's.
@Suite("Corpus assessment and batch screening as background jobs")
struct BackgroundJobTests {
    static let logger = Logger(label: "test")

    /// A workspace with one private draft of the NGO's, and the reviewer's API token.
    static func workspace() async throws -> (TestWorkspace, token: String, revisionID: String) {
        let workspace = try await TestWorkspace()
        let token = try await workspace.service.issueToken(for: workspace.reviewer, label: "jobs")
        let reviewer = try #require(try await workspace.service.viewer(apiToken: token))
        let created = try await workspace.service.createInstrument(
            reviewer, organisationID: workspace.ngo.id, title: "Draft", kind: "draft", region: "UN", visibility: .private,
            filename: "draft.txt", bytes: Array(draftText.utf8))
        return (workspace, token, created.revision.id)
    }

    static func start(
        _ client: some TestClientProtocol, _ token: String, _ fields: [String: String], files: [String: (String, String)] = [:]
    ) async throws -> (HTTPResponse.Status, [String: Any])
    {
        let form = multipartBody(fields: fields, files: files)
        return try await client.execute(
            uri: "/api/v1/jobs", method: .post, headers: [.authorization: "Bearer \(token)", .contentType: form.contentType],
            body: form.body
        ) { response in
            (response.status, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:])
        }
    }

    static func get(_ client: some TestClientProtocol, _ token: String, _ uri: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(token)"]) {
            ($0.status, String(buffer: $0.body))
        }
    }

    @Test func aCorpusAssessmentUnderAnUploadedFrameworkRunsAndItsMatrixDownloads() async throws {
        let (workspace, token, _) = try await Self.workspace()
        let service = workspace.service
        // The framework uploaded is a built-in one's file: the matrix must be the one `assess --framework` makes.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let frameworkText = try String(
            contentsOf: root.appendingPathComponent("Sources/SafeguardAssessment/Resources/necessary-and-proportionate.yaml"),
            encoding: .utf8)
        try await workspace.application().test(.router) { client in
            let (status, job) = try await Self.start(
                client, token, ["kind": "corpus-assessment", "organisation": workspace.ngo.id],
                files: ["frameworkFile": ("mine.yaml", frameworkText)])
            #expect(status == .accepted)
            let id = try #require(job["id"] as? String)
            #expect(job["status"] as? String == "queued")
            #expect(try await Self.get(client, token, "/api/v1/jobs/\(id)/result/csv").0 == .notFound)
            #expect(await JobRunner(service: service, worker: "w").runNext(logger: Self.logger))
            let (_, body) = try await Self.get(client, token, "/api/v1/jobs/\(id)")
            let done = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            #expect(done["status"] as? String == "done")
            #expect(done["done"] as? Int == 1 && done["total"] as? Int == 1)
            #expect((done["results"] as? [String: String])?["csv"] == "/api/v1/jobs/\(id)/result/csv")
            // The same matrix as the corpus view computes under that one framework, from the same readings.
            let viewer = try #require(try await service.viewer(apiToken: token))
            let latest = try await service.corpusRevisions(viewer, kind: nil, region: nil)
            let framework = try Framework.builtIn(
                "necessary-and-proportionate", knownFeatures: Pipeline.knownFeatures(of: service.pipeline.lexicon))
            var assessments: [Assessment] = []
            for revision in latest {
                assessments.append(
                    Assessor(frameworks: [framework]).assess(try await service.reading(viewer, revisionID: revision.id).analysis))
            }
            let (csvStatus, csv) = try await Self.get(client, token, "/api/v1/jobs/\(id)/result/csv")
            #expect(csvStatus == .ok)
            #expect(csv == CorpusMatrix(assessments).csv())
            #expect(!csv.contains("cybercrime-treaty-safeguards"))
            #expect(try await Self.get(client, token, "/api/v1/jobs/\(id)/result/jsonl").0 == .notFound)
        }
    }

    @Test func aBatchScreenedInTheBackgroundIsAuditedAndItsDecisionsDownload() async throws {
        let (workspace, token, _) = try await Self.workspace()
        let batch = RequestGenerator(seed: 3).jsonLines(count: 120) + "{not json\n"
        try await workspace.application().test(.router) { client in
            let (status, job) = try await Self.start(
                client, token, ["kind": "screen-batch", "organisation": workspace.ngo.id, "ruleset": "model-convention-rev2"],
                files: ["batch": ("batch.jsonl", batch)])
            #expect(status == .accepted)
            let id = try #require(job["id"] as? String)
            #expect(await JobRunner(service: workspace.service, worker: "w").runNext(logger: Self.logger))
            let finished = try #require(try await workspace.service.store.job(id: id))
            #expect(finished.status == .done)
            #expect(finished.done == 121 && finished.total == 121)
            // The decisions are `screen --batch`'s JSON Lines, the bad line reported in place.
            let (_, jsonl) = try await Self.get(client, token, "/api/v1/jobs/\(id)/result/jsonl")
            var expected: [UInt8] = []
            let bytes = Array(batch.utf8)
            _ = try bytes.withUnsafeBufferPointer {
                try BatchScreener(engine: try ScreeningResources.engine(ruleSet: "model-convention-rev2")).screenBatch(
                    bytes: $0, source: "batch", format: .jsonLines, write: { expected += $0 }, reportInvalid: { _ in })
            }
            #expect(jsonl == String(decoding: expected, as: UTF8.self))
            let (_, summary) = try await Self.get(client, token, "/api/v1/jobs/\(id)/result/txt")
            #expect(summary.hasPrefix("screened 120 requests"))
            #expect(summary.contains("batch:121:"))
        }
        // Every decision went to the audit log, which still verifies.
        let verification = try #require(try workspace.service.audit?.verify())
        #expect(verification.entries == 120 && verification.isIntact)
    }

    @Test func aJobThatCouldNotRunIsRefusedBeforeItIsQueued() async throws {
        let (workspace, token, _) = try await Self.workspace()
        try await workspace.application().test(.router) { (client) async throws in
            let organisation = workspace.ngo.id
            for (fields, files) in [
                (["kind": "corpus-assessment", "organisation": organisation, "framework": "no-such"], [:]),
                (["kind": "corpus-assessment", "organisation": organisation], ["frameworkFile": ("f.yaml", "schema: nope\n")]),
                (["kind": "screen-batch", "organisation": organisation, "ruleset": "recommended-safeguards"], [:]),
                (
                    ["kind": "screen-batch", "organisation": organisation],
                    ["batch": ("b.jsonl", "{}\n"), "rulesetFile": ("r.yaml", "x: 1\n")]
                ),
                (["kind": "no-such-kind", "organisation": organisation], [:]),
            ] as [([String: String], [String: (String, String)])] {
                #expect(try await Self.start(client, token, fields, files: files).0 == .unprocessableContent, "\(fields)")
            }
            // A reviewer may not re-analyse (admins), nor start a job for another organisation.
            #expect(try await Self.start(client, token, ["kind": "reanalyse", "organisation": organisation]).0 == .forbidden)
            #expect(
                try await Self.start(
                    client, token,
                    ["kind": "corpus-assessment", "organisation": workspace.ministry.id, "framework": "necessary-and-proportionate"]
                ).0 == .forbidden)
        }
        #expect(try await workspace.service.store.claimNextJob(worker: "w", at: Date()) == nil)
    }

    @Test func theJobPageShowsProgressAndLinksTheResult() async throws {
        let (workspace, _, _) = try await Self.workspace()
        try await workspace.application().test(.router) { client in
            let reviewer = try await Browser.signIn(client, email: "reviewer@ngo.example")
            try await client.execute(uri: "/jobs", method: .get, headers: [.cookie: reviewer.cookie]) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("id=\"corpus-job\"") && page.contains("id=\"batch-job\""))
                #expect(!page.contains("id=\"reanalyse-job\""))
            }
            let form = multipartBody(
                fields: [
                    "_csrf": reviewer.csrf, "kind": "corpus-assessment", "organisation": workspace.ngo.id,
                    "framework": "cybercrime-treaty-safeguards",
                ], files: [:])
            let location = try await client.execute(
                uri: "/jobs", method: .post, headers: [.cookie: reviewer.cookie, .contentType: form.contentType], body: form.body
            ) { response in
                #expect(response.status == .seeOther)
                return response.headers[.location] ?? ""
            }
            try await client.execute(uri: location, method: .get, headers: [.cookie: reviewer.cookie]) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("Status: <strong>queued</strong>"))
                #expect(page.contains("http-equiv=\"refresh\""))
            }
            #expect(await JobRunner(service: workspace.service, worker: "w").runNext(logger: Self.logger))
            try await client.execute(uri: location, method: .get, headers: [.cookie: reviewer.cookie]) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("Status: <strong>done</strong> — 1 of 1 instruments"))
                #expect(page.contains("href=\"\(location)/result/html\""))
                #expect(!page.contains("http-equiv=\"refresh\""))
            }
            try await client.execute(uri: location + "/result/html", method: .get, headers: [.cookie: reviewer.cookie]) {
                #expect($0.status == .ok)
                #expect($0.headers[.contentType] == "text/html; charset=utf-8")
            }
        }
    }
}

@Suite("The corpus view's cache")
struct CorpusCacheTests {
    @Test func theCorpusIsCachedUntilARevisionChangesIt() async throws {
        let (workspace, token, _) = try await BackgroundJobTests.workspace()
        let service = workspace.service
        let viewer = try #require(try await service.viewer(apiToken: token))
        let first = try await service.corpus(viewer, format: .csv)
        let latest = try await service.corpusRevisions(viewer, kind: nil, region: nil)
        let key = service.corpusKey(latest, format: .csv)
        #expect(key.pipelineDigest == service.pipelineDigest)
        #expect(try await service.store.artifact(key) == first)
        // A second read is served from the cache, not recomputed: a marker under the key is what comes back.
        service.artifacts.put(key, Data("cached".utf8))
        #expect(try await service.corpus(viewer, format: .csv) == Data("cached".utf8))
        // Another format, or a filter that leaves the draft out, is another key.
        #expect(try await service.corpus(viewer, format: .md) != Data("cached".utf8))
        #expect(try await service.corpus(viewer, format: .csv, kind: "treaty") != Data("cached".utf8))
        // A new revision of the draft is a new key: computed afresh.
        let instrument = try #require(try await service.instruments(viewer).first)
        _ = try await service.addRevision(
            viewer, instrumentID: instrument.id, filename: "draft-2.txt", bytes: Array((draftText + "\nArticle 4. More\n").utf8))
        let renewed = try await service.corpus(viewer, format: .csv)
        #expect(renewed != Data("cached".utf8))
        #expect(service.corpusKey(try await service.corpusRevisions(viewer, kind: nil, region: nil), format: .csv) != key)
    }
}
