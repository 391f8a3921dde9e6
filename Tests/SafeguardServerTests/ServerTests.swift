import Foundation
import Hummingbird
import HummingbirdTesting
import SafeguardScreening
import Testing

@testable import SafeguardServer
@testable import SafeguardWorkspace
import NIOFoundationEssentialsCompat

/// A workspace on a fresh SQLite file with two organisations: an NGO (an admin, a reviewer and a viewer) and a
/// ministry (one reviewer), and the app's router over it.
struct TestWorkspace {
    static let password = "correct horse battery staple"
    let service: WorkspaceService
    let folder: URL
    var ngo: Organisation
    var ministry: Organisation
    var reviewer: Account
    var viewerAccount: Account
    var official: Account

    init(uploadsPerMinute: Int = 10) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg-server-\(WorkspaceID.make())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try await self.init(
            store: try SQLiteWorkspaceStore(path: folder.appendingPathComponent("workspace.sqlite").path), folder: folder,
            uploadsPerMinute: uploadsPerMinute)
    }

    /// The same workspace over any store (the API suite runs it on PostgreSQL too).
    init(store: any WorkspaceStore, folder: URL, uploadsPerMinute: Int = 10) async throws {
        self.folder = folder
        // Cost 4: the lowest bcrypt allows, so the suite does not spend seconds hashing.
        service = try WorkspaceService(
            store: store,
            settings: ServerSettings(uploadsPerMinute: uploadsPerMinute, passwordCost: 4),
            audit: try SQLiteAuditStore(path: folder.appendingPathComponent("audit.sqlite").path))
        ngo = Organisation(id: WorkspaceID.make(), name: "Open Rights Network", createdAt: Date())
        ministry = Organisation(id: WorkspaceID.make(), name: "Ministry of Justice", createdAt: Date())
        try await store.insert(ngo)
        try await store.insert(ministry)
        reviewer = try await service.createAccount(email: "reviewer@ngo.example", displayName: "Rea Viewer", password: Self.password)
        viewerAccount = try await service.createAccount(email: "viewer@ngo.example", displayName: "Vi Ewer", password: Self.password)
        official = try await service.createAccount(email: "official@ministry.example", displayName: "Offi Cial", password: Self.password)
        try await store.setMembership(Membership(accountID: reviewer.id, organisationID: ngo.id, role: .reviewer))
        try await store.setMembership(Membership(accountID: viewerAccount.id, organisationID: ngo.id, role: .viewer))
        try await store.setMembership(Membership(accountID: official.id, organisationID: ministry.id, role: .reviewer))
    }

    func application() async throws -> some ApplicationProtocol {
        Application(router: try await WorkspaceApplication.router(service: service))
    }
}

/// A signed-in browser: its session cookie and the CSRF token its pages carry.
struct Browser {
    var cookie: String
    var csrf: String

    static func signIn(_ client: some TestClientProtocol, email: String, password: String = TestWorkspace.password)
        async throws -> Browser
    {
        let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
        let body = "email=\(encode(email))&password=\(encode(password))"
        let cookie = try await client.execute(
            uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: body)
        ) { response -> String in
            #expect(response.status == .seeOther)
            let setCookie = try #require(response.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("Secure"))
            #expect(setCookie.contains("SameSite=Strict"))
            return String(try #require(setCookie.split(separator: ";").first))
        }
        let page = try await client.execute(uri: "/instruments", method: .get, headers: [.cookie: cookie]) {
            String(buffer: $0.body)
        }
        let marker = "name=\"_csrf\" value=\""
        let start = try #require(page.range(of: marker)).upperBound
        let end = try #require(page[start...].firstIndex(of: "\""))
        return Browser(cookie: cookie, csrf: String(page[start..<end]))
    }

    /// A multipart upload as a browser's form would send it.
    func upload(
        _ client: some TestClientProtocol, to uri: String, fields: [String: String], filename: String, content: String,
        csrf: String? = nil
    ) async throws -> TestResponse {
        let boundary = "----SafeguardTestBoundary7MA4YWxkTrZu0gW"
        var body = ""
        var all = fields
        all["_csrf"] = csrf ?? self.csrf
        for (name, value) in all.sorted(by: { $0.key < $1.key }) {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
        body += "Content-Type: text/plain\r\n\r\n\(content)\r\n--\(boundary)--\r\n"
        return try await client.execute(
            uri: uri, method: .post,
            headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=\(boundary)"],
            body: ByteBuffer(string: body)
        ) { $0 }
    }
}

let draftText = """
    Draft Convention on Data Requests

    Article 1. Use of terms
    For the purposes of this Convention, "computer data" means any representation of facts.

    Article 2. Real-time collection of traffic data
    1. Each State Party shall adopt such legislative measures as may be necessary to empower its competent \
    authorities to collect or record traffic data in real time.

    Article 3. Conditions and safeguards
    1. The powers in this Convention are subject to conditions provided for under domestic law.
    """

@Suite("Workspace server")
struct ServerTests {
    @Test func aWrongPasswordIsRefusedAndARightOneOpensASecureSession() async throws {
        let workspace = try await TestWorkspace()
        try await workspace.application().test(.router) { client in
            try await client.execute(
                uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "email=reviewer%40ngo.example&password=wrong")
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.setCookie] == nil)
                #expect(String(buffer: response.body).contains("The email or the password is wrong."))
            }
            let browser = try await Browser.signIn(client, email: "reviewer@ngo.example")
            #expect(!browser.csrf.isEmpty)
            try await client.execute(uri: "/instruments", method: .get) { response in
                // No cookie: sent to sign in.
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/sign-in")
            }
        }
    }

    @Test func aFormWithoutItsCSRFTokenIsRefused() async throws {
        let workspace = try await TestWorkspace()
        try await workspace.application().test(.router) { client in
            let browser = try await Browser.signIn(client, email: "reviewer@ngo.example")
            let response = try await browser.upload(
                client, to: "/instruments", fields: ["organisation": workspace.ngo.id], filename: "d.txt",
                content: draftText, csrf: "forged-token")
            #expect(response.status == .forbidden)
            #expect(try await workspace.service.instruments(workspace.service.viewer(sessionSecret: Self.secret(browser))!).isEmpty)
        }
    }

    @Test func aReviewerUploadsAndReadsTheFindingsWithTheirWords() async throws {
        let workspace = try await TestWorkspace()
        try await workspace.application().test(.router) { client in
            let browser = try await Browser.signIn(client, email: "reviewer@ngo.example")
            let response = try await browser.upload(
                client, to: "/instruments", fields: ["organisation": workspace.ngo.id, "title": "", "visibility": "private"],
                filename: "draft.txt", content: draftText)
            #expect(response.status == .seeOther)
            let location = try #require(response.headers[.location])
            #expect(location.hasPrefix("/revisions/"))
            try await client.execute(uri: location, method: .get, headers: [.cookie: browser.cookie]) { page in
                let html = String(buffer: page.body)
                #expect(page.status == .ok)
                #expect(html.contains("art_2"))
                #expect(html.contains("power.real-time-traffic"))
                #expect(html.contains("collect or record traffic data in real time"))
                #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            }
            try await client.execute(uri: location + "/export/json", method: .get, headers: [.cookie: browser.cookie]) { export in
                #expect(export.status == .ok)
                #expect(String(buffer: export.body).contains("\"schema\" : \"safeguard.analysis/1\""))
            }
        }
    }

    @Test func aViewerCannotUpload() async throws {
        let workspace = try await TestWorkspace()
        try await workspace.application().test(.router) { client in
            let browser = try await Browser.signIn(client, email: "viewer@ngo.example")
            let response = try await browser.upload(
                client, to: "/instruments", fields: ["organisation": workspace.ngo.id], filename: "d.txt", content: draftText)
            #expect(response.status == .forbidden)
        }
    }

    @Test func anotherOrganisationsPrivateInstrumentIsNotFoundNotForbidden() async throws {
        let workspace = try await TestWorkspace()
        let official = try #require(
            try await workspace.service.viewer(apiToken: workspace.service.issueToken(for: workspace.official, label: "t")))
        let secret = try await workspace.service.createInstrument(
            official, organisationID: workspace.ministry.id, title: "Internal draft", kind: "draft", region: "UN",
            visibility: .private, filename: "internal.txt", bytes: Array(draftText.utf8))
        try await workspace.application().test(.router) { client in
            let browser = try await Browser.signIn(client, email: "reviewer@ngo.example")
            for uri in [
                "/instruments/\(secret.instrument.id)", "/revisions/\(secret.revision.id)",
                "/revisions/\(secret.revision.id)/export/json", "/instruments/no-such-id",
            ] {
                try await client.execute(uri: uri, method: .get, headers: [.cookie: browser.cookie]) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(!String(buffer: response.body).contains("Internal draft"))
                }
            }
            try await client.execute(uri: "/instruments", method: .get, headers: [.cookie: browser.cookie]) { response in
                #expect(!String(buffer: response.body).contains("Internal draft"))
            }
        }
    }

    @Test func aScriptInAnUploadedTextIsShownAsTextAndNeverRun() async throws {
        let workspace = try await TestWorkspace()
        let hostile = draftText.replacingOccurrences(
            of: "Use of terms", with: "Use of terms <script>alert('owned')</script><img src=x onerror=alert(1)>")
        try await workspace.application().test(.router) { client in
            let browser = try await Browser.signIn(client, email: "reviewer@ngo.example")
            let response = try await browser.upload(
                client, to: "/instruments", fields: ["organisation": workspace.ngo.id, "title": "<script>alert(2)</script>"],
                filename: "hostile.txt", content: hostile)
            let location = try #require(response.headers[.location])
            for uri in [location, "/instruments"] {
                try await client.execute(uri: uri, method: .get, headers: [.cookie: browser.cookie]) { page in
                    let html = String(buffer: page.body)
                    #expect(!html.contains("<script>"), "\(uri)")
                    #expect(!html.contains("<img src=x"), "\(uri)")
                    #expect(html.contains("&lt;script&gt;"), "\(uri)")
                    #expect(page.headers[.contentSecurityPolicy]?.contains("script-src") == false)
                }
            }
        }
    }

    @Test func aDamagedUploadGetsTheReadersMessage() async throws {
        let workspace = try await TestWorkspace()
        try await workspace.application().test(.router) { client in
            let browser = try await Browser.signIn(client, email: "reviewer@ngo.example")
            let response = try await browser.upload(
                client, to: "/instruments", fields: ["organisation": workspace.ngo.id], filename: "empty.txt", content: "")
            #expect(response.status == .unprocessableContent)
            #expect(String(buffer: response.body).contains("empty.txt: input is empty"))
        }
    }

    @Test func uploadsOverTheRateAreRefused() async throws {
        let workspace = try await TestWorkspace(uploadsPerMinute: 2)
        try await workspace.application().test(.router) { client in
            let browser = try await Browser.signIn(client, email: "reviewer@ngo.example")
            var statuses: [HTTPResponse.Status] = []
            for index in 0..<3 {
                statuses.append(
                    try await browser.upload(
                        client, to: "/instruments", fields: ["organisation": workspace.ngo.id], filename: "d\(index).txt",
                        content: draftText
                    ).status)
            }
            #expect(statuses == [.seeOther, .seeOther, .tooManyRequests])
        }
    }

    @Test func theAPINeedsATokenAndUploadsWithOne() async throws {
        let workspace = try await TestWorkspace()
        let token = try await workspace.service.issueToken(for: workspace.reviewer, label: "script")
        try await workspace.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/instruments", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
            try await client.execute(
                uri: "/api/v1/instruments", method: .get, headers: [.authorization: "Bearer sg_not-a-token"]
            ) { response in
                #expect(response.status == .unauthorized)
            }
            let created = try await client.execute(
                uri: "/api/v1/instruments?organisation=\(workspace.ngo.id)&filename=draft.txt&visibility=shared",
                method: .post, headers: [.authorization: "Bearer \(token)"], body: ByteBuffer(string: draftText)
            ) { response -> String in
                #expect(response.status == .created)
                let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let revision = try #require(json?["revision"] as? [String: Any])
                #expect(revision["number"] as? Int == 1)
                return try #require(revision["id"] as? String)
            }
            try await client.execute(
                uri: "/api/v1/revisions/\(created)/export/json", method: .get, headers: [.authorization: "Bearer \(token)"]
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            }
        }
    }

    @Test func aBrowserSessionCannotChangeDataThroughTheAPI() async throws {
        let workspace = try await TestWorkspace()
        try await workspace.application().test(.router) { client in
            let browser = try await Browser.signIn(client, email: "reviewer@ngo.example")
            try await client.execute(
                uri: "/api/v1/instruments?organisation=\(workspace.ngo.id)&filename=d.txt", method: .post,
                headers: [.cookie: browser.cookie], body: ByteBuffer(string: draftText)
            ) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test func theFirstStartCreatesTheAdminAndLoadsTheExamplesOnce() async throws {
        let workspace = try await TestWorkspace()
        // A store that already has organisations is left alone.
        #expect(try await workspace.service.firstStart(adminPassword: nil) == nil)

        let folder = workspace.folder.appendingPathComponent("fresh")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples").path
        let service = try WorkspaceService(
            store: try SQLiteWorkspaceStore(path: folder.appendingPathComponent("w.sqlite").path),
            settings: ServerSettings(examples: examples, passwordCost: 4))
        let password = try #require(try await service.firstStart(adminPassword: nil))
        #expect(password.count >= 40)
        let (secret, _) = try await service.signIn(email: WorkspaceService.demoAdminEmail, password: password)
        let admin = try #require(try await service.viewer(sessionSecret: secret))
        let instruments = try await service.instruments(admin)
        #expect(instruments.count == 3)
        let convention = try #require(instruments.first { $0.title.hasPrefix("Model Convention") })
        #expect(try await service.instrument(admin, id: convention.id).1.map(\.number) == [1, 2])
        #expect(try await service.firstStart(adminPassword: nil) == nil)
    }

    @Test func metricsCountSignInFailuresUploadsAndRefusals() async throws {
        let workspace = try await TestWorkspace()
        try await workspace.application().test(.router) { client in
            _ = try await client.execute(
                uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "email=nobody%40example.org&password=x")
            ) { $0 }
            let browser = try await Browser.signIn(client, email: "reviewer@ngo.example")
            _ = try await browser.upload(
                client, to: "/instruments", fields: ["organisation": workspace.ngo.id], filename: "d.txt", content: draftText)
            _ = try await browser.upload(
                client, to: "/instruments", fields: ["organisation": workspace.ngo.id], filename: "e.txt", content: "")
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                #expect(text.contains("safeguard_sign_in_failures_total 1"))
                #expect(text.contains("safeguard_uploads_total 1"))
                #expect(text.contains("safeguard_uploads_refused_total 1"))
            }
        }
    }

    static func secret(_ browser: Browser) -> String {
        String(browser.cookie.split(separator: "=", maxSplits: 1).last ?? "")
    }
}
