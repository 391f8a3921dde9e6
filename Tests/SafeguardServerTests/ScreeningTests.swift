import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SafeguardServer
@testable import SafeguardWorkspace
import SafeguardScreening

@Suite("Workspace screening, audit log and transparency report")
struct ScreeningTests {
    /// The bundled request both shipped rule sets decide differently.
    static func requestText(_ name: String = "insulting-officials-journalist.yaml") throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("examples/requests/\(name)"), encoding: .utf8)
    }

    static func form(_ fields: [String: String], csrf: String?) -> String {
        var all = fields
        if let csrf { all["_csrf"] = csrf }
        return all.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
            .joined(separator: "&")
    }

    func post(_ client: some TestClientProtocol, _ browser: Browser, _ fields: [String: String], csrf: Bool = true)
        async throws -> (HTTPResponse.Status, String)
    {
        try await client.execute(
            uri: "/screen", method: .post,
            headers: [.cookie: browser.cookie, .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: Self.form(fields, csrf: csrf ? browser.csrf : nil))
        ) { ($0.status, String(buffer: $0.body)) }
    }

    @Test func aReviewerScreensARequestAndTheDecisionIsAuditedAndReported() async throws {
        let workspace = try await TestWorkspace()
        let text = try Self.requestText()
        try await workspace.application().test(.router) { client in
            let reviewer = try await Browser.signIn(client, email: "reviewer@ngo.example")
            let (status, page) = try await post(client, reviewer, ["request": text, "ruleset": "recommended-safeguards"])
            #expect(status == .ok)
            #expect(page.contains("Decision: <strong>refuse</strong>"))
            #expect(page.contains("audit log entry 1"))
            #expect(page.contains("1 decisions; <strong>verified intact</strong>"))
            let (_, permitted) = try await post(client, reviewer, ["request": text, "ruleset": "model-convention-rev2"])
            #expect(permitted.contains("Decision: <strong>execute</strong>"))
            // Every member sees the report; it counts both decisions.
            let viewer = try await Browser.signIn(client, email: "viewer@ngo.example")
            try await client.execute(uri: "/transparency?format=json", method: .get, headers: [.cookie: viewer.cookie]) {
                #expect($0.status == .ok)
                #expect(String(buffer: $0.body).contains("\"decisions\" : 2"))
            }
        }
        #expect(try workspace.service.audit?.verify().entries == 2)
    }

    @Test func onlyReviewersScreenWithATokenAValidRequestAndAShippedRuleSet() async throws {
        let workspace = try await TestWorkspace()
        let text = try Self.requestText()
        try await workspace.application().test(.router) { client in
            let viewer = try await Browser.signIn(client, email: "viewer@ngo.example")
            #expect(try await post(client, viewer, ["request": text, "ruleset": "recommended-safeguards"]).0 == .forbidden)
            let reviewer = try await Browser.signIn(client, email: "reviewer@ngo.example")
            #expect(
                try await post(client, reviewer, ["request": text, "ruleset": "recommended-safeguards"], csrf: false).0
                    == .forbidden)
            #expect(try await post(client, reviewer, ["request": text, "ruleset": "/etc/passwd"]).0 == .unprocessableContent)
            let missing = try Self.requestText("missing-field.yaml")
            #expect(try await post(client, reviewer, ["request": missing, "ruleset": "recommended-safeguards"]).0 == .unprocessableContent)
            let hostile = text.replacingOccurrences(of: "id: demo-0001", with: "id: \"<script>alert(1)</script>\"")
            let (status, page) = try await post(client, reviewer, ["request": hostile, "ruleset": "recommended-safeguards"])
            #expect(status == .ok)
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.contains("<script>"))
        }
        #expect(try workspace.service.audit?.verify().entries == 1)
    }

    @Test func theAPIScreensAndServesTheVerificationAndTheReport() async throws {
        let workspace = try await TestWorkspace()
        let token = try await workspace.service.issueToken(for: workspace.reviewer, label: "api")
        let json = try Self.requestText("fraud-subscriber.json")
        try await workspace.application().test(.router) { client in
            let auth: HTTPFields = [.authorization: "Bearer \(token)"]
            try await client.execute(
                uri: "/api/v1/screen?ruleset=recommended-safeguards", method: .post, headers: auth, body: ByteBuffer(string: json)
            ) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains("\"auditSequence\":1"))
                #expect(body.contains("safeguard.decision\\/1") || body.contains("safeguard.decision/1"))
            }
            try await client.execute(uri: "/api/v1/screen", method: .post, headers: auth, body: ByteBuffer(string: "{")) {
                #expect($0.status == .unprocessableContent)
            }
            try await client.execute(uri: "/api/v1/audit/verification", method: .get, headers: auth) {
                #expect(String(buffer: $0.body).contains("\"intact\":true"))
            }
            try await client.execute(uri: "/api/v1/transparency?format=csv", method: .get, headers: auth) {
                #expect($0.status == .ok)
                #expect($0.headers[.contentType] == "text/csv; charset=utf-8")
            }
        }
    }
}
