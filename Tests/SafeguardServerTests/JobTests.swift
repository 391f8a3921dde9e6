import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import SafeguardServer
@testable import SafeguardWorkspace

@Suite("Workspace background jobs")
struct JobTests {
    static let logger = Logger(label: "test")

    @Test func anAdminsReanalysisRunsInTheBackgroundAndFillsTheCache() async throws {
        let workspace = try await TestWorkspace()
        try await workspace.service.store.setMembership(
            Membership(accountID: workspace.reviewer.id, organisationID: workspace.ngo.id, role: .admin))
        let admin = try #require(
            try await workspace.service.viewer(
                apiToken: workspace.service.issueToken(for: workspace.reviewer, label: "t")))
        let created = try await workspace.service.createInstrument(
            admin, organisationID: workspace.ngo.id, title: "Draft", kind: "draft", region: "UN", visibility: .private,
            filename: "draft.txt", bytes: Array(draftText.utf8))
        _ = try await workspace.service.addRevision(
            admin, instrumentID: created.instrument.id, filename: "draft-2.txt", bytes: Array(draftText.utf8))
        let job = try await workspace.service.startJob(admin, kind: .reanalyse, organisationID: workspace.ngo.id)
        #expect(try await workspace.service.job(admin, id: job.id).status == .queued)

        let runner = JobRunner(service: workspace.service, worker: "test-worker")
        #expect(await runner.runNext(logger: Self.logger))
        #expect(await runner.runNext(logger: Self.logger) == false)
        let finished = try await workspace.service.job(admin, id: job.id)
        #expect(finished.status == .done)
        #expect(finished.done == 2 && finished.total == 2)
        #expect(finished.claimedBy == "test-worker")
        let key = ArtifactKey(
            revisionDigest: created.revision.digest, pipelineDigest: workspace.service.pipelineDigest, kind: "analysis.html")
        #expect(try await workspace.service.store.artifact(key) != nil)
    }

    @Test func onlyAdminsStartJobsAndOnlyMembersSeeThem() async throws {
        let workspace = try await TestWorkspace()
        let reviewer = try #require(
            try await workspace.service.viewer(
                apiToken: workspace.service.issueToken(for: workspace.reviewer, label: "t")))
        await #expect(throws: WorkspaceError.forbidden("only the organisation's admins may start background jobs")) {
            try await workspace.service.startJob(reviewer, kind: .reanalyse, organisationID: workspace.ngo.id)
        }
        try await workspace.service.store.setMembership(
            Membership(accountID: workspace.official.id, organisationID: workspace.ministry.id, role: .admin))
        let official = try #require(
            try await workspace.service.viewer(
                apiToken: workspace.service.issueToken(for: workspace.official, label: "t")))
        let job = try await workspace.service.startJob(official, kind: .reanalyse, organisationID: workspace.ministry.id)
        await #expect(throws: WorkspaceError.notFound) { try await workspace.service.job(reviewer, id: job.id) }
    }

    @Test func aJobThatCannotRunIsMarkedFailedWithItsReason() async throws {
        let workspace = try await TestWorkspace()
        let job = Job(id: WorkspaceID.make(), organisationID: workspace.ngo.id, kind: "no-such-kind", payload: "{}", createdAt: Date())
        try await workspace.service.store.enqueue(job)
        #expect(await JobRunner(service: workspace.service, worker: "w").runNext(logger: Self.logger))
        let failed = try #require(try await workspace.service.store.job(id: job.id))
        #expect(failed.status == .failed)
        #expect(failed.error?.contains("unknown job kind no-such-kind") == true)
        #expect(failed.finishedAt != nil)
    }

    @Test func aJobLeftRunningByADeadServerOnThisHostIsQueuedAgain() async throws {
        let workspace = try await TestWorkspace()
        let store = workspace.service.store
        let host = ProcessInfo.processInfo.hostName
        for (index, worker) in ["\(host):4000001", "\(host):4000002", "elsewhere:4000003"].enumerated() {
            try await store.enqueue(
                Job(
                    id: "job\(index)", organisationID: workspace.ngo.id, kind: "no-such-kind", payload: "{}",
                    createdAt: Date(timeIntervalSince1970: Double(index))))
            _ = try #require(try await store.claimNextJob(worker: worker, at: Date()))
        }
        let runner = JobRunner(service: workspace.service, worker: "\(host):1:runner")
        // 4000001 is gone, 4000002 still runs; the other host's job is not ours to judge.
        let requeued = await runner.requeueOrphanedJobs(logger: Logger(label: "test")) { $0 == 4_000_002 }
        #expect(requeued == 1)
        #expect(try await store.job(id: "job0")?.status == .queued)
        #expect(try await store.job(id: "job0")?.claimedBy == nil)
        #expect(try await store.job(id: "job1")?.status == .running)
        #expect(try await store.job(id: "job2")?.status == .running)
        #expect(await runner.runNext(logger: Logger(label: "test")))
        #expect(try await store.job(id: "job0")?.status == .failed)
        #expect(!JobRunner.isOrphaned("\(host):notapid", host: host) { _ in false })
        #expect(JobRunner.processIsAlive(ProcessInfo.processInfo.processIdentifier))
    }
}
