public import Foundation
import SafeguardAnalysis
import SafeguardAssessment
import SafeguardComparison
import SafeguardModel
import SafeguardPipeline
import SafeguardVictims
import SafeguardWorkspace

/// The formats the scorecard, the comparison and the corpus view come in: as the CLI writes them.
public enum ReportFormat: String, Sendable, CaseIterable {
    case html, json, md, csv

    public var contentType: String {
        switch self {
        case .html: "text/html; charset=utf-8"
        case .json: "application/json; charset=utf-8"
        case .md: "text/markdown; charset=utf-8"
        case .csv: "text/csv; charset=utf-8"
        }
    }
}

extension WorkspaceService {
    /// A revision's scorecard against every built-in framework, as `safeguard assess --format FORMAT` writes it
    /// by default (with the victims' rights card, except in CSV), with the reviews of the viewer's organisations
    /// applied as `--review FILE` applies them; cached by content, knowledge and the reviews it depends on.
    public func scorecard(_ viewer: Viewer, revisionID: String, format: ReportFormat) async throws -> Data {
        // The cache is consulted before anything is read or analysed: a cached scorecard costs a few lookups, and
        // none while the reader's key for it is kept (a moment; cleared when this instance records a review).
        let now = Date()
        let moment = "\(viewer.account.id) \(revisionID) \(format.rawValue)"
        if let key = scorecardKeys.get(moment, now: now), let data = try await cachedArtifact(key) { return data }
        let revision = try await visibleRevision(viewer, revisionID: revisionID)
        let reviewIDs = try await ownReviewIDs(viewer, revision: revision)
        let reviewed = reviewIDs.isEmpty ? "" : ".reviewed-" + ContentDigest.sha256Hex(reviewIDs.joined(separator: " "))
        let key = ArtifactKey(
            revisionDigest: revision.digest, pipelineDigest: pipelineDigest, kind: "assessment.\(format.rawValue)\(reviewed)")
        scorecardKeys.put(moment, key, now: now)
        return try await artifact(key) {
            let reading = try await reading(viewer, revisionID: revisionID)
            let assessment = try await reviewedAssessment(viewer, reading: reading)
            return try scorecardText(assessment, format: format)
        }
    }

    /// The scorecard in one format, exactly as `safeguard assess` renders it.
    func scorecardText(_ assessment: Assessment, format: ReportFormat) throws -> String {
        let cards = [RightsCard(analysis: assessment.analysis, vocabulary: victimsVocabulary)]
        switch format {
        case .html: return VictimsViews.html(AssessmentReport.html(assessment), cards, victimsVocabulary)
        case .json:
            return try VictimsViews.json(
                AssessmentDocument([assessment]), key: "victimsRightsCards",
                cards.map { RightsCardDocument($0, vocabulary: victimsVocabulary) })
        case .md: return AssessmentReport.markdown(assessment) + VictimsViews.markdown(cards, victimsVocabulary)
        case .csv: return AssessmentReport.csv(assessment)
        }
    }

    /// What the newer revision changed, as `safeguard diff OLD NEW --format FORMAT` writes it. Both revisions
    /// must belong to the same instrument, which the viewer may see.
    public func comparison(_ viewer: Viewer, oldRevisionID: String, newRevisionID: String, format: ReportFormat)
        async throws -> Data
    {
        guard format != .csv else { throw WorkspaceError.notFound }
        // As for the scorecard, only the revisions' records are read before the cache is consulted.
        let old = try await visibleRevision(viewer, revisionID: oldRevisionID)
        let new = try await visibleRevision(viewer, revisionID: newRevisionID)
        guard old.instrumentID == new.instrumentID else {
            throw WorkspaceError.badInput("compare two revisions of the same instrument")
        }
        let key = ArtifactKey(
            revisionDigest: old.digest + ">" + new.digest, pipelineDigest: pipelineDigest,
            kind: "comparison.\(format.rawValue)")
        return try await artifact(key) {
            let oldAnalysis = try await reading(viewer, revisionID: oldRevisionID).analysis
            let newAnalysis = try await reading(viewer, revisionID: newRevisionID).analysis
            let comparison = pipeline.compare(
                Pipeline.Revision(analysis: oldAnalysis, frameworks: pipeline.assess(oldAnalysis).results),
                Pipeline.Revision(analysis: newAnalysis, frameworks: pipeline.assess(newAnalysis).results))
            let report = ComparisonReport(comparison)
            switch format {
            case .html: return report.html()
            case .md: return report.markdown()
            case .json: return try JSONOutput.string(ComparisonDocument(comparison, rulesVersion: pipeline.changeRules.version))
            case .csv: throw WorkspaceError.notFound
            }
        }
    }

    /// The corpus view: every instrument the viewer may see (its latest revision) × every principle, as
    /// `safeguard assess FILE... --format FORMAT` writes the matrix. Optionally only one kind or region.
    ///
    /// Cached like every report: the key names each latest revision (id and content digest, in order) and the
    /// knowledge, so a new revision, a new or newly visible instrument, or a new lexicon or framework is a new
    /// key, while the same corpus seen by anyone costs only the listing.
    public func corpus(_ viewer: Viewer, format: ReportFormat, kind: String? = nil, region: String? = nil)
        async throws -> Data
    {
        let latest = try await corpusRevisions(viewer, kind: kind, region: region)
        return try await artifact(corpusKey(latest, format: format)) {
            var assessments: [Assessment] = []
            for revision in latest {
                assessments.append(pipeline.assess(try await reading(viewer, revisionID: revision.id).analysis))
            }
            return try corpusText(assessments, format: format)
        }
    }

    /// The corpus view's cache key: each latest revision (id and digest, in order) and the knowledge.
    func corpusKey(_ latest: [Revision], format: ReportFormat) -> ArtifactKey {
        ArtifactKey(
            revisionDigest: "corpus:" + ContentDigest.sha256Hex(latest.map { "\($0.id) \($0.digest)" }.joined(separator: "\n")),
            pipelineDigest: pipelineDigest, kind: "corpus.\(format.rawValue)")
    }

    /// The latest revision of every instrument the viewer may see, optionally of one kind or region, in the
    /// order of the instrument list.
    func corpusRevisions(_ viewer: Viewer, kind: String?, region: String?) async throws -> [Revision] {
        var latest: [Revision] = []
        for instrument in try await store.instruments(visibleTo: viewer.account.id)
        where (kind ?? instrument.kind) == instrument.kind && (region ?? instrument.region) == instrument.region {
            if let revision = try await store.revisions(instrumentID: instrument.id).last { latest.append(revision) }
        }
        return latest
    }

    /// The corpus matrix of some assessments in one format, as `safeguard assess FILES` writes it.
    func corpusText(_ assessments: [Assessment], format: ReportFormat) throws -> String {
        let matrix = CorpusMatrix(assessments)
        switch format {
        case .html: return matrix.html()
        case .json: return try AssessmentDocument(assessments).json()
        case .md: return matrix.markdown()
        case .csv: return matrix.csv()
        }
    }
}

extension WorkspaceService {
    /// The revision, if the viewer may see its instrument (404 otherwise, whether it exists or not).
    func visibleRevision(_ viewer: Viewer, revisionID: String) async throws -> Revision {
        guard let revision = try await store.revision(id: revisionID),
            try await store.instrument(id: revision.instrumentID, visibleTo: viewer.account.id) != nil
        else { throw WorkspaceError.notFound }
        return revision
    }
}
