import Foundation
import Hummingbird
import HummingbirdTesting
import SafeguardAssessment
import Testing

@testable import SafeguardServer
@testable import SafeguardWorkspace
import SafeguardPipeline

@Suite("Workspace verdict overrides and review files")
struct OverrideTests {
    static let verdictTarget = "necessary-and-proportionate#legality"

    func post(_ client: some TestClientProtocol, _ browser: Browser, _ uri: String, _ form: String, csrf: Bool = true)
        async throws -> TestResponse
    {
        try await client.execute(
            uri: uri, method: .post,
            headers: [.cookie: browser.cookie, .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: form + (csrf ? "&_csrf=\(browser.csrf)" : ""))
        ) { $0 }
    }

    func get(_ client: some TestClientProtocol, _ browser: Browser, _ uri: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: browser.cookie]) {
            ($0.status, String(buffer: $0.body))
        }
    }

    static let overrideForm =
        "target=necessary-and-proportionate%23legality&verdict=met&reason=Article+3+read+with+domestic+law+%3Cb%3E"

    @Test func aReviewerOverridesAVerdictAndTheScorecardShowsItAttributed() async throws {
        let workspace = try await TestWorkspace()
        let draft = try await ReviewTests.sharedDraft(workspace)
        try await workspace.application().test(.router) { client in
            let reviewer = try await Browser.signIn(client, email: "reviewer@ngo.example")
            // Read first, so the reader's scorecard key is kept for a moment: the override must still count at once.
            // (Looked up as of a moment long past, so that a slow machine's clock cannot expire it under the test.)
            let (_, before) = try await get(client, reviewer, "/revisions/\(draft.revisionID)/scorecard/json")
            #expect(!before.contains("overridden by"))
            let kept = "\(workspace.reviewer.id) \(draft.revisionID) json"
            #expect(workspace.service.scorecardKeys.get(kept, now: .distantPast) != nil)
            let response = try await post(client, reviewer, "/revisions/\(draft.revisionID)/overrides", Self.overrideForm)
            #expect(response.status == .seeOther)
            #expect(workspace.service.scorecardKeys.get(kept, now: .distantPast) == nil)
            let (status, json) = try await get(client, reviewer, "/revisions/\(draft.revisionID)/scorecard/json")
            #expect(status == .ok)
            #expect(json.contains("overridden by Rea Viewer (Open Rights Network) on "))
            #expect(json.contains("\"computedVerdict\""))
            let (_, page) = try await get(client, reviewer, "/revisions/\(draft.revisionID)/verdicts")
            #expect(page.contains("<strong>override → met</strong> by Rea Viewer, Open Rights Network, "))
            #expect(page.contains("&lt;b&gt;") && !page.contains("<b>"))
            // Another organisation: the machine's scorecard, and the override shown as a second opinion.
            let official = try await Browser.signIn(client, email: "official@ministry.example")
            let (_, theirs) = try await get(client, official, "/revisions/\(draft.revisionID)/scorecard/json")
            #expect(!theirs.contains("overridden by"))
            let (_, theirPage) = try await get(client, official, "/revisions/\(draft.revisionID)/verdicts")
            #expect(theirPage.contains("Open Rights Network (second opinion)"))
        }
    }

    @Test func onlyReviewersOverrideWithAReasonATokenAndAKnownVerdict() async throws {
        let workspace = try await TestWorkspace()
        let draft = try await ReviewTests.sharedDraft(workspace)
        let uri = "/revisions/\(draft.revisionID)/overrides"
        try await workspace.application().test(.router) { client in
            let viewer = try await Browser.signIn(client, email: "viewer@ngo.example")
            #expect(try await post(client, viewer, uri, Self.overrideForm).status == .forbidden)
            let reviewer = try await Browser.signIn(client, email: "reviewer@ngo.example")
            #expect(try await post(client, reviewer, uri, Self.overrideForm, csrf: false).status == .forbidden)
            let noReason = "target=necessary-and-proportionate%23legality&verdict=met&reason=+"
            #expect(try await post(client, reviewer, uri, noReason).status == .unprocessableContent)
            let unknown = "target=necessary-and-proportionate%23no-such&verdict=met&reason=x"
            #expect(try await post(client, reviewer, uri, unknown).status == .unprocessableContent)
            let badVerdict = "target=necessary-and-proportionate%23legality&verdict=perfect&reason=x"
            #expect(try await post(client, reviewer, uri, badVerdict).status == .unprocessableContent)
        }
        #expect(try await workspace.service.store.reviews(revisionID: draft.revisionID).isEmpty)
    }

    @Test func anotherOrganisationsPrivateRevisionIsNotFound() async throws {
        let workspace = try await TestWorkspace()
        let official = try #require(
            try await workspace.service.viewer(apiToken: workspace.service.issueToken(for: workspace.official, label: "t")))
        let created = try await workspace.service.createInstrument(
            official, organisationID: workspace.ministry.id, title: "Private", kind: "draft", region: "", visibility: .private,
            filename: "private.txt", bytes: Array(draftText.utf8))
        let id = created.revision.id
        try await workspace.application().test(.router) { client in
            let reviewer = try await Browser.signIn(client, email: "reviewer@ngo.example")
            #expect(try await post(client, reviewer, "/revisions/\(id)/overrides", Self.overrideForm).status == .notFound)
            #expect(try await get(client, reviewer, "/revisions/\(id)/verdicts").0 == .notFound)
            #expect(try await get(client, reviewer, "/revisions/\(id)/review-file").0 == .notFound)
        }
    }

    @Test func aReviewFileGoesOutAndComesBackIntoAnotherOrganisation() async throws {
        let workspace = try await TestWorkspace()
        let draft = try await ReviewTests.sharedDraft(workspace)
        let service = workspace.service
        let reviewer = try #require(try await service.viewer(apiToken: service.issueToken(for: workspace.reviewer, label: "t")))
        _ = try await service.reviewFinding(
            reviewer, revisionID: draft.revisionID, target: ReviewTests.target, decision: .reject,
            reason: "Says \"real time\": a\ncollection power \\ not an offence")
        _ = try await service.overrideVerdict(
            reviewer, revisionID: draft.revisionID, target: Self.verdictTarget, verdict: .partlyMet, reason: "Domestic law: 3")
        let yaml = try await service.reviewFile(reviewer, revisionID: draft.revisionID)
        let file = try SafeguardAssessment.Review.parse(yaml: yaml)
        #expect(file.reviewer == "Rea Viewer")
        #expect(file.organisation == "Open Rights Network")
        #expect(file.entries.map(\.action) == [.reject, .override])
        #expect(file.entries[0].reason == "Says \"real time\": a\ncollection power \\ not an offence")
        #expect(file.entries[1].verdict == .partlyMet)
        // The CLI applying the file gives the scorecard the reviewer reads in the workspace.
        let reading = try await service.reading(reviewer, revisionID: draft.revisionID)
        let cli = service.pipeline.assess(reading.analysis, reviews: [file])
        let workspaceAssessment = try await service.reviewedAssessment(reviewer, reading: reading)
        #expect(cli.results == workspaceAssessment.results)

        let official = try #require(try await service.viewer(apiToken: service.issueToken(for: workspace.official, label: "o")))
        let outcomes = try await service.importReviewFile(official, revisionID: draft.revisionID, yaml: yaml)
        #expect(outcomes.map(\.status) == ["imported", "imported"])
        // The same verdicts in the other organisation, now attributed to the official who imported them.
        let theirs = try await service.reviewedAssessment(official, reading: reading)
        #expect(theirs.results.map { $0.principles.map(\.verdict) } == cli.results.map { $0.principles.map(\.verdict) })
        #expect(theirs.results.contains { $0.principles.contains { $0.review?.reviewer == "Offi Cial" } })
        let viewer = try #require(try await service.viewer(apiToken: service.issueToken(for: workspace.viewerAccount, label: "v")))
        await #expect(throws: WorkspaceError.self) {
            _ = try await service.importReviewFile(viewer, revisionID: draft.revisionID, yaml: yaml)
        }
    }

    @Test func anImportSkipsWordsThatAreNotThereAndRefusesWhatIsNotAReviewFile() async throws {
        let workspace = try await TestWorkspace()
        let draft = try await ReviewTests.sharedDraft(workspace)
        let service = workspace.service
        let reviewer = try #require(try await service.viewer(apiToken: service.issueToken(for: workspace.reviewer, label: "t")))
        let yaml = """
            reviewer: Someone
            date: 2026-11-20
            entries:
              - action: confirm
                feature: power.real-time-traffic
                eId: art_2__para_1
                quote: words that are not there
                reason: Stale.
              - action: override
                framework: no-such-framework
                principle: legality
                verdict: met
                reason: Unmatched.
            """
        let outcomes = try await service.importReviewFile(reviewer, revisionID: draft.revisionID, yaml: yaml)
        #expect(outcomes.map(\.status) == ["skipped", "skipped"])
        #expect(outcomes[0].detail.contains("stale"))
        await #expect(throws: WorkspaceError.self) {
            _ = try await service.importReviewFile(reviewer, revisionID: draft.revisionID, yaml: "just: text")
        }
        #expect(try await service.store.reviews(revisionID: draft.revisionID).isEmpty)
    }

    @Test func theAPIServesAndImportsReviewFiles() async throws {
        let workspace = try await TestWorkspace()
        let draft = try await ReviewTests.sharedDraft(workspace)
        let token = try await workspace.service.issueToken(for: workspace.official, label: "api")
        let yaml = """
            reviewer: Someone
            date: 2026-11-20
            entries:
              - action: override
                framework: necessary-and-proportionate
                principle: legality
                verdict: not-met
                reason: No law says who may collect.
            """
        try await workspace.application().test(.router) { client in
            let uri = "/api/v1/revisions/\(draft.revisionID)/review-file"
            try await client.execute(
                uri: uri, method: .post, headers: [.authorization: "Bearer \(token)"], body: ByteBuffer(string: yaml)
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"imported\""))
            }
            try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("verdict: not-met"))
            }
            try await client.execute(
                uri: "/api/v1/revisions/\(draft.revisionID)/scorecard/json", method: .get,
                headers: [.authorization: "Bearer \(token)"]
            ) { response in
                #expect(String(buffer: response.body).contains("overridden by Offi Cial (Ministry of Justice)"))
            }
            try await client.execute(uri: uri, method: .post, headers: [.authorization: "Bearer \(token)"], body: ByteBuffer(string: "[")) {
                #expect($0.status == .unprocessableContent)
            }
        }
    }

    @Test func exportsAndScorecardsCarryTheVictimsRightsCardAsTheCLIDoesByDefault() async throws {
        let workspace = try await TestWorkspace()
        let draft = try await ReviewTests.sharedDraft(workspace)
        let reviewer = try #require(
            try await workspace.service.viewer(apiToken: workspace.service.issueToken(for: workspace.reviewer, label: "t")))
        let export = String(
            decoding: try await workspace.service.export(reviewer, revisionID: draft.revisionID, format: .json), as: UTF8.self)
        #expect(export.contains("\"victimsRightsCard\""))
        let scorecard = String(
            decoding: try await workspace.service.scorecard(reviewer, revisionID: draft.revisionID, format: .json), as: UTF8.self)
        #expect(scorecard.contains("\"victimsRightsCards\""))
        let html = String(
            decoding: try await workspace.service.scorecard(reviewer, revisionID: draft.revisionID, format: .html), as: UTF8.self)
        #expect(html.contains("class=\"rights-card\""))
        let csv = String(
            decoding: try await workspace.service.scorecard(reviewer, revisionID: draft.revisionID, format: .csv), as: UTF8.self)
        #expect(!csv.contains("rights card"))
    }
}
