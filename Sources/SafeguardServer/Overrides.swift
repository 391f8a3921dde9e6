public import Foundation
import SafeguardAnalysis
public import SafeguardAssessment
import SafeguardModel
public import SafeguardWorkspace
import Prometheus
import SafeguardPipeline

/// One entry of an imported review file and what became of it.
public struct ImportedReviewEntry: Sendable, Encodable {
    /// As the CLI prints it: "override cts/no-speech-offences → met", "reject FEATURE at EID “words”".
    public var summary: String
    /// `imported`, or `skipped` with the reason in `detail`.
    public var status: String
    public var detail: String
}

extension WorkspaceService {
    /// The target string of a verdict: `FRAMEWORK#PRINCIPLE`.
    public static func target(framework: String, principle: String) -> String { "\(framework)#\(principle)" }

    /// SHA-256 of the evidence the machine's verdict rests on (each piece's eId and words, in order): an override
    /// is stale in a later revision whose evidence for that principle differs.
    static func evidenceDigest(_ principle: PrincipleResult) -> String {
        ContentDigest.sha256Hex(principle.evidence.map { "\($0.eId)\t\($0.quote)" }.joined(separator: "\n"))
    }

    /// The digest of the words under every target of a revision: each finding's words, each verdict's evidence.
    static func wordsDigests(_ analysis: Analysis, _ assessment: Assessment) -> [String: String] {
        var words: [String: String] = [:]
        for finding in analysis.findings { words[target(of: finding)] = ContentDigest.sha256Hex(finding.quote) }
        for result in assessment.results {
            for principle in result.principles {
                words[target(framework: result.frameworkID, principle: principle.id)] = evidenceDigest(principle)
            }
        }
        return words
    }

    /// The organisation a viewer reviews for: the first where they are a reviewer or admin.
    func reviewingOrganisation(_ viewer: Viewer) throws -> String {
        guard let organisation = viewer.memberships.first(where: { $0.role >= .reviewer })?.organisationID else {
            throw WorkspaceError.forbidden("only reviewers and admins may review findings and verdicts")
        }
        return organisation
    }

    /// Records a reviewer's override of one verdict of a revision: the reviewer's verdict, with a reason, is
    /// applied to the scorecards their organisation reads (attributed, with the rules' verdict kept beside it).
    public func overrideVerdict(
        _ viewer: Viewer, revisionID: String, target: String, verdict: Verdict, reason: String, now: Date = Date()
    ) async throws -> SafeguardWorkspace.Review {
        let organisation = try reviewingOrganisation(viewer)
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw WorkspaceError.badInput("say why: an override needs a reason") }
        let reading = try await reading(viewer, revisionID: revisionID)
        let assessment = pipeline.assess(reading.analysis)
        let parts = target.split(separator: "#", maxSplits: 1).map(String.init)
        guard parts.count == 2, let result = assessment.results.first(where: { $0.frameworkID == parts[0] }),
            let principle = result[principle: parts[1]]
        else { throw WorkspaceError.badInput("no verdict \(target) in this revision's scorecard") }
        let review = SafeguardWorkspace.Review(
            id: WorkspaceID.make(), revisionID: revisionID, organisationID: organisation,
            reviewerID: viewer.account.id, targetKind: .verdict, target: target, decision: .override,
            verdict: verdict.rawValue, reason: trimmed, wordsDigest: Self.evidenceDigest(principle), createdAt: now)
        try await record(review)
        return review
    }

    /// The ids of every review by the viewer's organisations on this revision or an earlier one of its
    /// instrument: what a reviewed scorecard depends on, so its cache key changes when a review is added.
    func ownReviewIDs(_ viewer: Viewer, revision: Revision) async throws -> [String] {
        let own = Set(viewer.memberships.map(\.organisationID))
        var ids: [String] = []
        for earlier in try await store.revisions(instrumentID: revision.instrumentID) where earlier.number <= revision.number {
            ids += try await store.reviews(revisionID: earlier.id).filter { own.contains($0.organisationID) }.map(\.id)
        }
        return ids.sorted()
    }

    /// The assessment of a revision with the reviews of the viewer's organisations applied (those whose words
    /// are unchanged here), as `safeguard assess --review FILE` applies review files.
    func reviewedAssessment(_ viewer: Viewer, reading: Reading) async throws -> Assessment {
        let machine = pipeline.assess(reading.analysis)
        let views = try await reviews(viewer, of: reading, words: Self.wordsDigests(reading.analysis, machine))
        let applicable = views.values.joined().filter { !$0.isSecondOpinion && $0.stale == nil }
        guard !applicable.isEmpty else { return machine }
        return pipeline.assess(reading.analysis, reviews: Self.reviewFiles(Array(applicable), reading: reading))
    }

    /// Workspace reviews in the CLI's review format: one review per reviewer, organisation and day, entries in
    /// the order they were made (a later override of the same verdict wins, as with later review files).
    static func reviewFiles(_ views: [ReviewView], reading: Reading) -> [SafeguardAssessment.Review] {
        let ordered = views.sorted { $0.review.createdAt < $1.review.createdAt }
        var groups: [(key: String, views: [ReviewView])] = []
        for view in ordered {
            let key = "\(view.review.reviewerID) \(view.review.organisationID) \(day(view.review.createdAt))"
            if let index = groups.firstIndex(where: { $0.key == key }) {
                groups[index].views.append(view)
            } else {
                groups.append((key, [view]))
            }
        }
        return groups.map { group in
            let first = group.views[0]
            return SafeguardAssessment.Review(
                reviewer: first.reviewerName, organisation: first.organisationName, date: day(first.review.createdAt),
                entries: group.views.compactMap { entry($0.review, reading: reading) }, file: "workspace")
        }
    }

    /// One workspace review as a review-file entry (nil when its finding is not in this revision).
    static func entry(_ review: SafeguardWorkspace.Review, reading: Reading) -> ReviewEntry? {
        let parts = review.target.split(separator: "#", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch review.targetKind {
        case .finding:
            guard let action = ReviewEntry.Action(rawValue: review.decision.rawValue),
                let finding = reading.analysis.findings.first(where: { target(of: $0) == review.target })
            else { return nil }
            return ReviewEntry(
                action: action, feature: finding.feature, eId: finding.eId, quote: finding.quote, reason: review.reason)
        case .verdict:
            guard let verdict = review.verdict.flatMap(Verdict.init(rawValue:)) else { return nil }
            return ReviewEntry(
                action: .override, framework: parts[0], principle: parts[1], verdict: verdict, reason: review.reason)
        }
    }

    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }
}
