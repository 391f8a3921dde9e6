import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SafeguardServer
@testable import SafeguardWorkspace

/// The databases the API suite runs on: SQLite always, PostgreSQL when `SAFEGUARD_TEST_POSTGRES_URL` names a
/// server (`scripts/with-test-postgres` sets it; under `CI=true` its absence fails the run).
enum APIDatabase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }

    static var postgresURL: String? {
        let value = ProcessInfo.processInfo.environment["SAFEGUARD_TEST_POSTGRES_URL"] ?? ""
        return value.isEmpty ? nil : value
    }

    static var available: [APIDatabase] { postgresURL == nil ? [.sqlite] : allCases }

    /// A fresh test workspace on this database, open for the length of `body`.
    func withWorkspace(_ body: (TestWorkspace) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg-api-\(WorkspaceID.make())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        switch self {
        case .sqlite:
            try await body(TestWorkspace())
        case .postgres:
            let server = try #require(Self.postgresURL)
            let name = "sg_api_\(WorkspaceID.make().prefix(20))"
            try await PostgresWorkspaceStore.createDatabase(serverURL: server, name: name)
            var components = try #require(URLComponents(string: server))
            components.path = "/" + name
            let store = try PostgresWorkspaceStore(url: try #require(components.string))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await store.run() }
                defer { group.cancelAll() }
                try await store.migrate()
                try await body(try await TestWorkspace(store: store, folder: folder))
            }
        }
    }
}

@Suite("Workspace API on every database")
struct APIDatabaseTests {
    @Test func ciRunsTheAPISuiteOnPostgreSQL() {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            #expect(APIDatabase.postgresURL != nil, "CI must run the API suite on PostgreSQL too")
        }
    }

    @Test(arguments: APIDatabase.available)
    func theAPIFlowWorksAndKeepsOrganisationsApart(database: APIDatabase) async throws {
        try await database.withWorkspace { workspace in
            let reviewerToken = try await workspace.service.issueToken(for: workspace.reviewer, label: "r")
            let viewerToken = try await workspace.service.issueToken(for: workspace.viewerAccount, label: "v")
            let officialToken = try await workspace.service.issueToken(for: workspace.official, label: "o")
            try await workspace.application().test(.router) { client in
                func call(_ token: String, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil)
                    async throws -> (HTTPResponse.Status, String)
                {
                    try await client.execute(
                        uri: uri, method: method, headers: [.authorization: "Bearer \(token)"],
                        body: body.map { ByteBuffer(string: $0) }
                    ) { ($0.status, String(buffer: $0.body)) }
                }
                let upload = "/api/v1/instruments?organisation=\(workspace.ngo.id)&filename=draft.txt&title=Draft&visibility=private"
                #expect(try await call(viewerToken, .post, upload, draftText).0 == .forbidden)
                let (status, created) = try await call(reviewerToken, .post, upload, draftText)
                #expect(status == .created)
                let body = try JSONSerialization.jsonObject(with: Data(created.utf8)) as? [String: Any]
                let instrumentID = try #require((body?["instrument"] as? [String: Any])?["id"] as? String)
                let revisionID = try #require((body?["revision"] as? [String: Any])?["id"] as? String)
                #expect(try await call(viewerToken, .get, "/api/v1/instruments").1.contains(instrumentID))
                #expect(try await call(viewerToken, .get, "/api/v1/revisions/\(revisionID)/export/json").0 == .ok)
                #expect(try await call(viewerToken, .get, "/api/v1/revisions/\(revisionID)/scorecard/csv").0 == .ok)
                // The other organisation: the private draft does not exist for it.
                #expect(!(try await call(officialToken, .get, "/api/v1/instruments").1.contains(instrumentID)))
                #expect(try await call(officialToken, .get, "/api/v1/instruments/\(instrumentID)").0 == .notFound)
                #expect(try await call(officialToken, .get, "/api/v1/revisions/\(revisionID)/export/json").0 == .notFound)
                #expect(try await call(officialToken, .get, "/api/v1/revisions/\(revisionID)/review-file").0 == .notFound)
                // Reviews in and out, and screening, through the same database.
                let file = """
                    reviewer: Rea Viewer
                    date: 2026-11-20
                    entries:
                      - action: override
                        framework: necessary-and-proportionate
                        principle: legality
                        verdict: not-met
                        reason: No law says who may collect.
                    """
                #expect(try await call(viewerToken, .post, "/api/v1/revisions/\(revisionID)/review-file", file).0 == .forbidden)
                #expect(try await call(reviewerToken, .post, "/api/v1/revisions/\(revisionID)/review-file", file).1.contains("imported"))
                #expect(try await call(reviewerToken, .get, "/api/v1/revisions/\(revisionID)/review-file").1.contains("not-met"))
                let request = try ScreeningTests.requestText()
                #expect(try await call(viewerToken, .post, "/api/v1/screen", request).0 == .forbidden)
                #expect(try await call(reviewerToken, .post, "/api/v1/screen", request).0 == .ok)
                #expect(try await call(viewerToken, .get, "/api/v1/audit/verification").1.contains("\"intact\":true"))
            }
        }
    }
}
