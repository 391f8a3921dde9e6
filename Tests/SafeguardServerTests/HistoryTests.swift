import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SafeguardServer
@testable import SafeguardWorkspace

@Suite("Workspace history timeline and side-by-side comparison")
struct HistoryTests {
    @Test func theHistoryIsTheCLIsTimelineInsideTheAppAndAnyTwoRevisionsCompare() async throws {
        let workspace = try await TestWorkspace()
        let draft = try await ReviewTests.sharedDraft(workspace)
        let reviewer = try #require(
            try await workspace.service.viewer(apiToken: workspace.service.issueToken(for: workspace.reviewer, label: "t")))
        let weakened = draftText.replacingOccurrences(of: "Each State Party shall adopt", with: "Each State Party may adopt")
        let second = try await workspace.service.addRevision(
            reviewer, instrumentID: draft.instrumentID, filename: "draft <i>2.txt", bytes: Array(weakened.utf8))
        try await workspace.application().test(.router) { client in
            let browser = try await Browser.signIn(client, email: "official@ministry.example")
            try await client.execute(
                uri: "/instruments/\(draft.instrumentID)/history", method: .get, headers: [.cookie: browser.cookie]
            ) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
                #expect(html.contains("draft &lt;i&gt;2") && !html.contains("<i>2"))
            }
            try await client.execute(
                uri: "/instruments/\(draft.instrumentID)/history/json", method: .get, headers: [.cookie: browser.cookie]
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"draft\""))
            }
            try await client.execute(
                uri: "/instruments/\(draft.instrumentID)/history/pdf", method: .get, headers: [.cookie: browser.cookie]
            ) { #expect($0.status == .notFound) }
            try await client.execute(
                uri: "/compare?old=\(draft.revisionID)&new=\(second.revision.id)", method: .get,
                headers: [.cookie: browser.cookie]
            ) { response in
                #expect(response.status == .found)
                #expect(response.headers[.location] == "/compare/\(draft.revisionID)/\(second.revision.id)/html")
            }
            try await client.execute(
                uri: "/compare?old=..%2F..%2Fsign-out&new=\(second.revision.id)", method: .get,
                headers: [.cookie: browser.cookie]
            ) { #expect($0.status == .notFound) }
        }
    }

    @Test func anotherOrganisationsPrivateHistoryIsNotFound() async throws {
        let workspace = try await TestWorkspace()
        let official = try #require(
            try await workspace.service.viewer(apiToken: workspace.service.issueToken(for: workspace.official, label: "t")))
        let created = try await workspace.service.createInstrument(
            official, organisationID: workspace.ministry.id, title: "Private", kind: "draft", region: "",
            visibility: .private, filename: "private.txt", bytes: Array(draftText.utf8))
        try await workspace.application().test(.router) { client in
            let browser = try await Browser.signIn(client, email: "reviewer@ngo.example")
            for uri in ["/instruments/\(created.instrument.id)/history", "/instruments/\(created.instrument.id)/history/svg"] {
                try await client.execute(uri: uri, method: .get, headers: [.cookie: browser.cookie]) {
                    #expect($0.status == .notFound)
                }
            }
        }
    }
}
