import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SafeguardServer
@testable import SafeguardWorkspace

@Suite("Workspace reviews")
struct ReviewTests {
    static let target = "art_2__para_1#power.real-time-traffic"

    /// A shared draft uploaded by the NGO's reviewer; its revision id.
    static func sharedDraft(_ workspace: TestWorkspace) async throws -> (instrumentID: String, revisionID: String) {
        let reviewer = try #require(
            try await workspace.service.viewer(
                apiToken: workspace.service.issueToken(for: workspace.reviewer, label: "t")))
        let created = try await workspace.service.createInstrument(
            reviewer, organisationID: workspace.ngo.id, title: "Draft", kind: "draft", region: "UN", visibility: .shared,
            filename: "draft.txt", bytes: Array(draftText.utf8))
        return (created.instrument.id, created.revision.id)
    }

    func post(_ client: some TestClientProtocol, _ browser: Browser, _ uri: String, _ form: String) async throws
        -> TestResponse
    {
        try await client.execute(
            uri: uri, method: .post,
            headers: [.cookie: browser.cookie, .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: form + "&_csrf=\(browser.csrf)")
        ) { $0 }
    }

    @Test func aReviewerConfirmsAFindingAndAnotherOrganisationSeesItAsASecondOpinion() async throws {
        let workspace = try await TestWorkspace()
        let draft = try await Self.sharedDraft(workspace)
        try await workspace.application().test(.router) { client in
            let reviewer = try await Browser.signIn(client, email: "reviewer@ngo.example")
            let target = Self.target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let response = try await post(
                client, reviewer, "/revisions/\(draft.revisionID)/reviews",
                "target=\(target)&decision=confirm&reason=Real-time+collection+indeed")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/revisions/\(draft.revisionID)#art_2__para_1")

            try await client.execute(uri: "/revisions/\(draft.revisionID)", method: .get, headers: [.cookie: reviewer.cookie]) {
                let html = String(buffer: $0.body)
                #expect(html.contains("<strong>confirm</strong> by Rea Viewer, Open Rights Network, "))
                #expect(!html.contains("(second opinion)"))
            }
            let official = try await Browser.signIn(client, email: "official@ministry.example")
            try await client.execute(uri: "/revisions/\(draft.revisionID)", method: .get, headers: [.cookie: official.cookie]) {
                #expect(String(buffer: $0.body).contains("Open Rights Network (second opinion)"))
            }
        }
    }

    @Test func aViewerCannotReviewAndARejectionNeedsAReason() async throws {
        let workspace = try await TestWorkspace()
        let draft = try await Self.sharedDraft(workspace)
        let target = Self.target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await workspace.application().test(.router) { client in
            let viewer = try await Browser.signIn(client, email: "viewer@ngo.example")
            #expect(
                try await post(client, viewer, "/revisions/\(draft.revisionID)/reviews", "target=\(target)&decision=confirm")
                    .status == .forbidden)
            let reviewer = try await Browser.signIn(client, email: "reviewer@ngo.example")
            #expect(
                try await post(client, reviewer, "/revisions/\(draft.revisionID)/reviews", "target=\(target)&decision=reject&reason=")
                    .status == .unprocessableContent)
            #expect(
                try await post(client, reviewer, "/revisions/\(draft.revisionID)/reviews", "target=art_99%23power.x&decision=confirm")
                    .status == .unprocessableContent)
        }
        #expect(try await workspace.service.store.reviews(revisionID: draft.revisionID).isEmpty)
    }

    @Test func aReviewIsStaleInARevisionThatChangedItsWords() async throws {
        let workspace = try await TestWorkspace()
        let draft = try await Self.sharedDraft(workspace)
        let reviewer = try #require(
            try await workspace.service.viewer(
                apiToken: workspace.service.issueToken(for: workspace.reviewer, label: "t2")))
        _ = try await workspace.service.reviewFinding(
            reviewer, revisionID: draft.revisionID, target: Self.target, decision: .confirm, reason: "")
        // The same words again: the review still fits. Other words: stale.
        let same = try await workspace.service.addRevision(
            reviewer, instrumentID: draft.instrumentID, filename: "draft-2.txt", bytes: Array(draftText.utf8))
        let changedText = draftText.replacingOccurrences(
            of: "collect or record traffic data in real time", with: "collect or record, in real time, traffic data")
        let changed = try await workspace.service.addRevision(
            reviewer, instrumentID: draft.instrumentID, filename: "draft-3.txt", bytes: Array(changedText.utf8))
        let onSame = try await workspace.service.reviews(
            reviewer, of: workspace.service.reading(reviewer, revisionID: same.revision.id))
        #expect(onSame[Self.target]?.map(\.stale) == [nil])
        let onChanged = try await workspace.service.reviews(
            reviewer, of: workspace.service.reading(reviewer, revisionID: changed.revision.id))
        let stale = try #require(onChanged[Self.target]?.first?.stale)
        #expect(stale == "the words under it changed since revision 1" || stale == "the finding is not in this revision")
    }

    @Test func theScorecardTheComparisonAndTheCorpusAreTheCLIsReports() async throws {
        let workspace = try await TestWorkspace()
        let draft = try await Self.sharedDraft(workspace)
        let reviewer = try #require(
            try await workspace.service.viewer(
                apiToken: workspace.service.issueToken(for: workspace.reviewer, label: "t3")))
        let weakened = draftText.replacingOccurrences(of: "Each State Party shall adopt", with: "Each State Party may adopt")
        let second = try await workspace.service.addRevision(
            reviewer, instrumentID: draft.instrumentID, filename: "draft-2.txt", bytes: Array(weakened.utf8))
        try await workspace.application().test(.router) { client in
            let browser = try await Browser.signIn(client, email: "reviewer@ngo.example")
            try await client.execute(
                uri: "/revisions/\(draft.revisionID)/scorecard/json", method: .get, headers: [.cookie: browser.cookie]
            ) { response in
                #expect(response.status == .ok)
                let json = String(buffer: response.body)
                #expect(json.contains("\"safeguard.assessment/1\""))
                #expect(json.contains("necessary-and-proportionate"))
            }
            try await client.execute(
                uri: "/compare/\(draft.revisionID)/\(second.revision.id)/json", method: .get,
                headers: [.cookie: browser.cookie]
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"safeguard.comparison/1\""))
            }
            try await client.execute(uri: "/corpus?format=csv", method: .get, headers: [.cookie: browser.cookie]) {
                #expect($0.status == .ok)
                #expect(String(buffer: $0.body).contains("draft.txt") || String(buffer: $0.body).contains("Draft"))
            }
            // Another organisation's private revision cannot be compared, and an unknown format is not found.
            try await client.execute(
                uri: "/revisions/\(draft.revisionID)/scorecard/pdf", method: .get, headers: [.cookie: browser.cookie]
            ) { #expect($0.status == .notFound) }
        }
    }
}
