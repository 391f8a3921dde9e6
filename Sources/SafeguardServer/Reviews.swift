public import Foundation
public import SafeguardAnalysis
public import SafeguardWorkspace
import Prometheus

/// A review as a reader of one revision sees it.
public struct ReviewView: Sendable {
    public var review: Review
    public var reviewerName: String
    public var organisationName: String
    /// The reviewer's organisation is not one of the reader's: a second opinion, not the reader's own reading.
    public var isSecondOpinion: Bool
    /// The revision the review was made on.
    public var revisionNumber: Int
    /// Why the review no longer fits this revision (the words under it changed, or the finding is gone), or nil.
    public var stale: String?
}

extension WorkspaceService {
    /// The target string of a finding: `EID#FEATURE`.
    public static func target(of finding: Finding) -> String { "\(finding.eId)#\(finding.feature.rawValue)" }

    /// Records a reviewer's confirmation or rejection of one finding of a revision the reviewer may see. The review
    /// is attributed to the reviewer's organisation and keeps the SHA-256 of the finding's words, so it is flagged
    /// stale in a later revision whose words differ.
    public func reviewFinding(
        _ viewer: Viewer, revisionID: String, target: String, decision: ReviewDecision, reason: String,
        now: Date = Date()
    ) async throws -> Review {
        guard let organisation = viewer.memberships.first(where: { $0.role >= .reviewer })?.organisationID else {
            throw WorkspaceError.forbidden("only reviewers and admins may review findings")
        }
        guard decision != .override else { throw WorkspaceError.badInput("a finding is confirmed or rejected") }
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard decision == .confirm || !trimmed.isEmpty else {
            throw WorkspaceError.badInput("say why the finding is wrong: a rejection needs a reason")
        }
        let reading = try await reading(viewer, revisionID: revisionID)
        guard let finding = reading.analysis.findings.first(where: { Self.target(of: $0) == target }) else {
            throw WorkspaceError.badInput("this revision has no finding \(target)")
        }
        let review = Review(
            id: WorkspaceID.make(), revisionID: revisionID, organisationID: organisation,
            reviewerID: viewer.account.id, targetKind: .finding, target: target, decision: decision, reason: trimmed,
            wordsDigest: ContentDigest.sha256Hex(finding.quote), createdAt: now)
        try await record(review)
        return review
    }

    /// Every review of this revision's findings and of the same findings in earlier revisions of the instrument,
    /// keyed by target, each flagged stale when the words under it are no longer the same here.
    /// `words` gives the digest of the words under each target here (``wordsDigests(_:_:)`` for verdicts too);
    /// by default only the findings' words, so reviews of verdicts are then all flagged.
    public func reviews(_ viewer: Viewer, of reading: Reading, words: [String: String]? = nil) async throws
        -> [String: [ReviewView]]
    {
        var wordsHere: [String: String] = [:]
        if let words {
            wordsHere = words
        } else {
            for finding in reading.analysis.findings {
                wordsHere[Self.target(of: finding)] = ContentDigest.sha256Hex(finding.quote)
            }
        }
        let ownOrganisations = Set(viewer.memberships.map(\.organisationID))
        var names: [String: String] = [:]
        var people: [String: String] = [:]
        var result: [String: [ReviewView]] = [:]
        for revision in try await store.revisions(instrumentID: reading.instrument.id)
        where revision.number <= reading.revision.number {
            for review in try await store.reviews(revisionID: revision.id) {
                if names[review.organisationID] == nil {
                    names[review.organisationID] = try await store.organisation(id: review.organisationID)?.name ?? "?"
                }
                if people[review.reviewerID] == nil {
                    people[review.reviewerID] = try await store.account(id: review.reviewerID)?.displayName ?? "?"
                }
                let stale: String? =
                    switch wordsHere[review.target] {
                    case nil: review.targetKind == .finding ? "the finding is not in this revision" : "no such verdict here"
                    case review.wordsDigest: nil
                    default:
                        review.targetKind == .finding
                            ? "the words under it changed since revision \(revision.number)"
                            : "the evidence under it changed since revision \(revision.number)"
                    }
                result[review.target, default: []].append(
                    ReviewView(
                        review: review, reviewerName: people[review.reviewerID] ?? "?",
                        organisationName: names[review.organisationID] ?? "?",
                        isSecondOpinion: !ownOrganisations.contains(review.organisationID),
                        revisionNumber: revision.number, stale: stale))
            }
        }
        return result
    }
}

extension WorkspaceService {
    /// Stores a review and forgets the scorecard keys kept for a moment, so the review counts from the next read.
    func record(_ review: SafeguardWorkspace.Review) async throws {
        try await store.insert(review)
        scorecardKeys.removeAll()
        metrics.reviews.increment()
    }
}
