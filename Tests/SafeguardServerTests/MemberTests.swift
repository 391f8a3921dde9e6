import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SafeguardServer
@testable import SafeguardWorkspace

@Suite("Workspace organisation admin")
struct MemberTests {
    func post(_ client: some TestClientProtocol, _ browser: Browser, _ uri: String, _ form: String, csrf: Bool = true)
        async throws -> TestResponse
    {
        try await client.execute(
            uri: uri, method: .post,
            headers: [.cookie: browser.cookie, .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: form + (csrf ? "&_csrf=\(browser.csrf)" : ""))
        ) { $0 }
    }

    /// The NGO's reviewer made its admin.
    static func withAdmin() async throws -> TestWorkspace {
        let workspace = try await TestWorkspace()
        try await workspace.service.store.setMembership(
            Membership(accountID: workspace.reviewer.id, organisationID: workspace.ngo.id, role: .admin))
        return workspace
    }

    @Test func anAdminAddsAMemberAndSetsRoles() async throws {
        let workspace = try await Self.withAdmin()
        let uri = "/organisations/\(workspace.ngo.id)/members"
        try await workspace.application().test(.router) { client in
            let admin = try await Browser.signIn(client, email: "reviewer@ngo.example")
            // A new person, with a first password; then the ministry's official, who has an account already.
            let created = try await post(
                client, admin, uri,
                "email=new%40ngo.example&role=viewer&displayName=New+%3Cb%3EMember&password=a+first+password+long")
            #expect(created.status == .seeOther)
            #expect(try await post(client, admin, uri, "email=official%40ministry.example&role=reviewer").status == .seeOther)
            try await client.execute(uri: "/organisations/\(workspace.ngo.id)", method: .get, headers: [.cookie: admin.cookie]) {
                let html = String(buffer: $0.body)
                #expect($0.status == .ok)
                #expect(html.contains("New &lt;b&gt;Member"))
                #expect(html.contains("official@ministry.example"))
            }
            let newcomer = try await Browser.signIn(client, email: "new@ngo.example", password: "a first password long")
            #expect(!newcomer.cookie.isEmpty)
            // Unknown email without a name; the last admin stepping down.
            #expect(try await post(client, admin, uri, "email=nobody%40x.example&role=viewer").status == .unprocessableContent)
            #expect(try await post(client, admin, uri, "email=reviewer%40ngo.example&role=viewer").status == .unprocessableContent)
        }
        let official = try #require(try await workspace.service.store.account(email: "official@ministry.example"))
        let roles = try await workspace.service.store.memberships(accountID: official.id)
        #expect(roles.contains(Membership(accountID: official.id, organisationID: workspace.ngo.id, role: .reviewer)))
    }

    @Test func onlyAdminsWithATokenManageMembersAndOtherOrganisationsAreNotFound() async throws {
        let workspace = try await Self.withAdmin()
        let uri = "/organisations/\(workspace.ngo.id)/members"
        try await workspace.application().test(.router) { client in
            let viewer = try await Browser.signIn(client, email: "viewer@ngo.example")
            #expect(try await post(client, viewer, uri, "email=viewer%40ngo.example&role=admin").status == .forbidden)
            try await client.execute(uri: "/organisations/\(workspace.ngo.id)", method: .get, headers: [.cookie: viewer.cookie]) {
                #expect($0.status == .forbidden)
            }
            let official = try await Browser.signIn(client, email: "official@ministry.example")
            #expect(try await post(client, official, uri, "email=official%40ministry.example&role=admin").status == .notFound)
            let admin = try await Browser.signIn(client, email: "reviewer@ngo.example")
            #expect(try await post(client, admin, uri, "email=viewer%40ngo.example&role=admin", csrf: false).status == .forbidden)
            #expect(try await post(client, admin, uri, "email=viewer%40ngo.example&role=owner").status == .unprocessableContent)
        }
        let roles = try await workspace.service.store.memberships(accountID: workspace.viewerAccount.id)
        #expect(roles.map(\.role) == [.viewer])
    }
}

@Suite("Workspace viewer cache")
struct ViewerCacheTests {
    @Test func aCachedViewerLastsAMomentNeverPastItsSessionAndLeavesOnSignOut() async throws {
        let workspace = try await TestWorkspace()
        let service = workspace.service
        let now = Date()
        let (secret, session) = try await service.signIn(email: "viewer@ngo.example", password: TestWorkspace.password, now: now)
        #expect(try await service.viewer(sessionSecret: secret, now: now)?.account.id == workspace.viewerAccount.id)
        let digest = ContentDigest.sha256Hex(secret)
        #expect(service.viewers.get(digest, now: now.addingTimeInterval(1)) != nil)
        #expect(service.viewers.get(digest, now: now.addingTimeInterval(3)) == nil)
        _ = try await service.viewer(sessionSecret: secret, now: now)
        try await service.signOut(secret: secret)
        #expect(service.viewers.get(digest, now: now) == nil)
        #expect(try await service.viewer(sessionSecret: secret, now: now) == nil)
        // An entry never outlives its session.
        let cache = ViewerCache(lifetime: 60)
        let viewer = Viewer(account: workspace.viewerAccount, memberships: [])
        cache.put("d", viewer, expiresAt: now.addingTimeInterval(1), now: now)
        #expect(cache.get("d", now: now.addingTimeInterval(2)) == nil)
        _ = session
    }
}
