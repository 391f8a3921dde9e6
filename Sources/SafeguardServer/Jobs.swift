#if canImport(Glibc)
    import Glibc
#endif
public import Foundation
public import Logging
public import SafeguardWorkspace

/// Long work run in the background, off the request that asked for it, by any server instance sharing the
/// database: each job is claimed once (see ``WorkspaceStore/claimNextJob(worker:at:)``) and reports progress.
public enum JobKind: String, Sendable, CaseIterable {
    /// Recompute and cache the analysis exports of every revision an organisation can see: what to run after a
    /// lexicon changes, so readers never wait for it. Admins only.
    case reanalyse
    /// Assess every instrument the organisation can see (latest revision) under one framework, built in or
    /// uploaded: the corpus matrix as `safeguard assess FILES --framework F` writes it.
    case corpusAssessment = "corpus-assessment"
    /// Screen a batch (JSON Lines) under a rule set, shipped or uploaded, every decision appended to the audit
    /// log: as `safeguard screen --batch FILE --audit LOG`.
    case screenBatch = "screen-batch"

    /// The least role that may start it.
    var role: Role { self == .reanalyse ? .admin : .reviewer }

    /// What its progress counts.
    var unit: String {
        switch self {
        case .reanalyse: "revisions"
        case .corpusAssessment: "instruments"
        case .screenBatch: "requests"
        }
    }

    /// The formats its result can be downloaded in (none: it leaves its work in the cache).
    public var resultFormats: [String] {
        switch self {
        case .reanalyse: []
        case .corpusAssessment: ReportFormat.allCases.map(\.rawValue)
        case .screenBatch: ["jsonl", "txt"]
        }
    }

    /// The content type of a result format.
    static func contentType(_ format: String) -> String {
        switch format {
        case "jsonl": "application/jsonl; charset=utf-8"
        case "txt": "text/plain; charset=utf-8"
        default: ReportFormat(rawValue: format)?.contentType ?? "application/octet-stream"
        }
    }
}

extension WorkspaceService {
    /// Queues a job for one of the viewer's organisations. `parameters` are the kind's inputs (see
    /// ``checkJobParameters(_:_:)``), checked now so that a job that cannot run is refused at once (422).
    public func startJob(_ viewer: Viewer, kind: JobKind, organisationID: String, parameters: [String: String] = [:])
        async throws -> Job
    {
        guard viewer.can(kind.role, in: organisationID) else {
            throw WorkspaceError.forbidden(
                kind.role == .admin
                    ? "only the organisation's admins may start background jobs"
                    : "only the organisation's reviewers and admins may start this job")
        }
        try checkJobParameters(kind, parameters)
        var payload = parameters
        payload["account"] = viewer.account.id
        let job = Job(
            id: WorkspaceID.make(), organisationID: organisationID, kind: kind.rawValue,
            payload: String(decoding: try JSONEncoder().encode(payload), as: UTF8.self), createdAt: Date())
        try await store.enqueue(job)
        return job
    }

    /// A job, if the viewer belongs to its organisation.
    public func job(_ viewer: Viewer, id: String) async throws -> Job {
        guard let job = try await store.job(id: id), viewer.role(in: job.organisationID) != nil else {
            throw WorkspaceError.notFound
        }
        return job
    }

    /// A finished job's result in one of its kind's formats (404 while it runs, or for a format it has not).
    public func jobResult(_ viewer: Viewer, id: String, format: String) async throws -> (data: Data, contentType: String) {
        let job = try await job(viewer, id: id)
        guard job.status == .done, let result = job.result,
            let formats = try? JSONDecoder().decode([String: String].self, from: result), let text = formats[format]
        else { throw WorkspaceError.notFound }
        return (Data(text.utf8), JobKind.contentType(format))
    }

    /// Runs one job to its end, recording progress; a failure is recorded on the job, never thrown.
    func run(_ job: Job) async {
        do {
            guard let kind = JobKind(rawValue: job.kind) else {
                throw WorkspaceError.badInput("unknown job kind \(job.kind)")
            }
            let parameters = try JSONDecoder().decode([String: String].self, from: Data(job.payload.utf8))
            guard let accountID = parameters["account"], let account = try await store.account(id: accountID) else {
                throw WorkspaceError.badInput("the job's account no longer exists")
            }
            let viewer = Viewer(account: account, memberships: try await store.memberships(accountID: accountID))
            var result: [String: String]?
            switch kind {
            case .reanalyse: try await reanalyse(viewer, job: job)
            case .corpusAssessment: result = try await assessCorpus(viewer, job: job, parameters: parameters)
            case .screenBatch: result = try await screenBatch(job: job, parameters: parameters)
            }
            let data = try result.map { try JSONEncoder().encode($0) }
            try await store.finish(jobID: job.id, status: .done, result: data, error: nil, at: Date())
        } catch {
            let message = (error as? WorkspaceError).map { "\($0)" } ?? "\(error)"
            try? await store.finish(jobID: job.id, status: .failed, result: nil, error: message, at: Date())
        }
    }

    func reanalyse(_ viewer: Viewer, job: Job) async throws {
        var revisions: [Revision] = []
        for instrument in try await store.instruments(visibleTo: viewer.account.id) {
            revisions += try await store.revisions(instrumentID: instrument.id)
        }
        try await store.updateProgress(jobID: job.id, done: 0, total: revisions.count)
        for (index, revision) in revisions.enumerated() {
            for format in ExportFormat.allCases { _ = try await export(viewer, revisionID: revision.id, format: format) }
            try await store.updateProgress(jobID: job.id, done: index + 1, total: revisions.count)
        }
    }
}

/// Claims and runs queued jobs until cancelled; several runners (in one process or many) share the queue.
public struct JobRunner: Sendable {
    let service: WorkspaceService
    let worker: String
    let idleDelay: Duration

    public init(service: WorkspaceService, worker: String? = nil, idleDelay: Duration = .seconds(1)) {
        self.service = service
        self.worker = worker ?? "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
        self.idleDelay = idleDelay
    }

    /// Runs until the task is cancelled, after re-queuing the jobs a dead server on this host left running.
    public func run(logger: Logger) async {
        await requeueOrphanedJobs(logger: logger)
        while !Task.isCancelled {
            if !(await runNext(logger: logger)) {
                try? await Task.sleep(for: idleDelay)
            }
        }
    }

    /// Claims and runs one job; false when the queue was empty (or the store unavailable).
    @discardableResult
    public func runNext(logger: Logger) async -> Bool {
        do {
            guard let job = try await service.store.claimNextJob(worker: worker, at: Date()) else { return false }
            logger.info("job \(job.id) (\(job.kind)) started")
            await service.run(job)
            return true
        } catch {
            logger.error("job queue: \(error)")
            return false
        }
    }
}

extension JobRunner {
    /// Puts back in the queue the jobs left `running` by a server on this host that is no longer alive (killed or
    /// crashed mid-job), so another runner starts them again. Jobs claimed on other hosts are left alone: only
    /// their own host can tell whether their server still runs. Returns how many were re-queued.
    @discardableResult
    public func requeueOrphanedJobs(logger: Logger, isAlive: (Int32) -> Bool = JobRunner.processIsAlive) async -> Int {
        let host = ProcessInfo.processInfo.hostName
        var count = 0
        do {
            for job in try await service.store.runningJobs() {
                guard let worker = job.claimedBy, worker != self.worker,
                    Self.isOrphaned(worker, host: host, isAlive: isAlive)
                else { continue }
                if try await service.store.requeue(jobID: job.id, claimedBy: worker) {
                    logger.warning("job \(job.id) (\(job.kind)) was left running by \(worker), which is gone: queued again")
                    count += 1
                }
            }
        } catch {
            logger.error("job queue: \(error)")
        }
        return count
    }

    /// Whether a worker id `HOST:PID[:...]` names a process on `host` that is no longer running.
    static func isOrphaned(_ worker: String, host: String, isAlive: (Int32) -> Bool) -> Bool {
        let parts = worker.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == host, let pid = Int32(parts[1]), pid > 0 else { return false }
        return pid != ProcessInfo.processInfo.processIdentifier && !isAlive(pid)
    }

    /// `kill(pid, 0)`: the process exists (possibly under another user) unless the answer is ESRCH.
    public static func processIsAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }
}
