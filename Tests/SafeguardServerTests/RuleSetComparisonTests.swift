import Foundation
import Hummingbird
import HummingbirdTesting
import SafeguardModel
import SafeguardScreening
import Testing

@testable import SafeguardServer
@testable import SafeguardWorkspace

/// A multipart form body with fields and files (name → (filename, content)), as a browser sends it.
func multipartBody(fields: [String: String], files: [String: (String, String)]) -> (contentType: String, body: ByteBuffer) {
    let boundary = "----SafeguardTestBoundaryQ8cB2zVx"
    var body = ""
    for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
    }
    for (name, (filename, content)) in files.sorted(by: { $0.key < $1.key }) {
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\n"
        body += "Content-Type: application/octet-stream\r\n\r\n\(content)\r\n"
    }
    body += "--\(boundary)--\r\n"
    return ("multipart/form-data; boundary=\(boundary)", ByteBuffer(string: body))
}

@Suite("Comparing two rule sets over an uploaded batch")
struct RuleSetComparisonTests {
    /// A seeded synthetic batch, as `safeguard screen generate --count 300 --seed 7` writes it.
    static let batch = RequestGenerator(seed: 7).jsonLines(count: 300)

    /// What the CLI's `screen --batch --compare A B` computes, through the same library call.
    static func expected(_ a: String, _ b: String) throws -> RuleSetComparison {
        let bytes = Array(batch.utf8)
        return try bytes.withUnsafeBufferPointer {
            try BatchScreener(engine: try ScreeningResources.engine(ruleSet: a))
                .compareBatch(bytes: $0, source: "batch", with: try ScreeningResources.engine(ruleSet: b))
        }
    }

    static func shippedRuleSetText(_ id: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(
            contentsOf: root.appendingPathComponent("Sources/SafeguardScreening/Resources/rulesets/\(id).yaml"), encoding: .utf8)
    }

    @Test func aReviewerComparesOnThePageWithThePerRuleAttribution() async throws {
        let workspace = try await TestWorkspace()
        let expected = try Self.expected("recommended-safeguards", "model-convention-rev2")
        #expect(expected.changed > 0 && !expected.ruleAttribution.isEmpty)
        try await workspace.application().test(.router) { client in
            let reviewer = try await Browser.signIn(client, email: "reviewer@ngo.example")
            let form = multipartBody(
                fields: ["_csrf": reviewer.csrf, "a": "recommended-safeguards", "b": "model-convention-rev2"],
                files: ["batch": ("batch.jsonl", Self.batch)])
            try await client.execute(
                uri: "/screen/compare", method: .post, headers: [.cookie: reviewer.cookie, .contentType: form.contentType],
                body: form.body
            ) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("<strong>\(expected.changed)</strong> change outcome"))
                // The CLI's table, per-rule attribution included, HTML-escaped inside the page.
                let table = expected.table().replacingOccurrences(of: "&", with: "&amp;")
                    .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "<", with: "&lt;")
                    .replacingOccurrences(of: ">", with: "&gt;")
                #expect(page.contains(table))
                #expect(page.contains("Rules that differ, each change applied alone"))
            }
            // Without the form's token the comparison is refused.
            let forged = multipartBody(fields: ["a": "recommended-safeguards"], files: ["batch": ("batch.jsonl", Self.batch)])
            try await client.execute(
                uri: "/screen/compare", method: .post, headers: [.cookie: reviewer.cookie, .contentType: forged.contentType],
                body: forged.body
            ) { #expect($0.status == .forbidden) }
            // A viewer may not screen, so may not compare.
            let viewer = try await Browser.signIn(client, email: "viewer@ngo.example")
            let viewerForm = multipartBody(fields: ["_csrf": viewer.csrf], files: ["batch": ("batch.jsonl", Self.batch)])
            try await client.execute(
                uri: "/screen/compare", method: .post, headers: [.cookie: viewer.cookie, .contentType: viewerForm.contentType],
                body: viewerForm.body
            ) { #expect($0.status == .forbidden) }
        }
        // A comparison appends nothing to the audit log, as with the CLI.
        #expect(try workspace.service.audit?.verify().entries == 0)
    }

    @Test func theAPIComparesWithAnUploadedRuleSetAsWithTheShippedOne() async throws {
        let workspace = try await TestWorkspace()
        let token = try await workspace.service.issueToken(for: workspace.reviewer, label: "api")
        let expected = try JSONOutput.string(try Self.expected("model-convention-rev2", "recommended-safeguards"))
        try await workspace.application().test(.router) { client in
            let headers: (String) -> HTTPFields = { [.authorization: "Bearer \(token)", .contentType: $0] }
            let shipped = multipartBody(
                fields: ["a": "model-convention-rev2", "b": "recommended-safeguards"], files: ["batch": ("b.jsonl", Self.batch)])
            try await client.execute(
                uri: "/api/v1/screen/compare", method: .post, headers: headers(shipped.contentType), body: shipped.body
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == expected)
            }
            // Rule set B uploaded as YAML: the same rules give the same comparison.
            let uploaded = multipartBody(
                fields: ["a": "model-convention-rev2"],
                files: [
                    "batch": ("b.jsonl", Self.batch),
                    "bFile": ("mine.yaml", try Self.shippedRuleSetText("recommended-safeguards")),
                ])
            try await client.execute(
                uri: "/api/v1/screen/compare", method: .post, headers: headers(uploaded.contentType), body: uploaded.body
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == expected)
            }
            // A broken rule set is refused with its reader's message; an empty batch too; a path is not a rule set.
            let broken = multipartBody(fields: [:], files: ["batch": ("b.jsonl", Self.batch), "aFile": ("bad.yaml", "schema: nope\n")])
            try await client.execute(
                uri: "/api/v1/screen/compare", method: .post, headers: headers(broken.contentType), body: broken.body
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("bad.yaml"))
            }
            let empty = multipartBody(fields: [:], files: ["batch": ("b.jsonl", "\n")])
            try await client.execute(
                uri: "/api/v1/screen/compare", method: .post, headers: headers(empty.contentType), body: empty.body
            ) { #expect($0.status == .unprocessableContent) }
            let path = multipartBody(fields: ["a": "/etc/passwd"], files: ["batch": ("b.jsonl", Self.batch)])
            try await client.execute(
                uri: "/api/v1/screen/compare", method: .post, headers: headers(path.contentType), body: path.body
            ) { #expect($0.status == .unprocessableContent) }
        }
    }
}
