public import Foundation
import SafeguardAnalysis
import SafeguardAssessment
import SafeguardModel
import SafeguardWorkspace
import Prometheus
import SafeguardPipeline

/// Reviews in and out of the CLI's review files (docs/review-format.md): what a reviewer did in the workspace can
/// be given to `safeguard assess --review FILE`, and a review file written for the CLI can be imported.
extension WorkspaceService {
    /// The viewer's own reviews that rest on this revision's words, as one review file (YAML). The file's date is
    /// the day of the latest review; `instrument` names the revision's file.
    public func reviewFile(_ viewer: Viewer, revisionID: String) async throws -> String {
        let reading = try await reading(viewer, revisionID: revisionID)
        let machine = pipeline.assess(reading.analysis)
        let views = try await reviews(viewer, of: reading, words: Self.wordsDigests(reading.analysis, machine))
            .values.joined().filter { $0.review.reviewerID == viewer.account.id && $0.stale == nil }
            .sorted { $0.review.createdAt < $1.review.createdAt }
        var organisation = viewer.memberships.first.map(\.organisationID) ?? ""
        if let last = views.last { organisation = last.review.organisationID }
        let organisationName = try await store.organisation(id: organisation)?.name
        var yaml = "# Reviews from the Safeguard workspace: revision \(reading.revision.number) of "
        yaml += reading.instrument.title.replacingOccurrences(of: "\n", with: " ") + "\n"
        yaml += "reviewer: \(Self.yamlString(viewer.account.displayName))\n"
        if let organisationName { yaml += "organisation: \(Self.yamlString(organisationName))\n" }
        yaml += "date: \(Self.day(views.last?.review.createdAt ?? Date()))\n"
        yaml += "instrument: \(Self.yamlString(reading.revision.filename))\n"
        let entries = views.compactMap { Self.entry($0.review, reading: reading) }
        yaml += entries.isEmpty ? "entries: []\n" : "entries:\n" + entries.map(Self.yaml).joined()
        return yaml
    }

    static func yaml(_ entry: ReviewEntry) -> String {
        var lines = ["action: \(entry.action.rawValue)"]
        if let feature = entry.feature { lines.append("feature: \(feature.rawValue)") }
        if let framework = entry.framework { lines.append("framework: \(yamlString(framework))") }
        if let principle = entry.principle { lines.append("principle: \(yamlString(principle))") }
        if let verdict = entry.verdict { lines.append("verdict: \(verdict.rawValue)") }
        if let eId = entry.eId { lines.append("eId: \(yamlString(eId.rawValue))") }
        if let quote = entry.quote { lines.append("quote: \(yamlString(quote))") }
        lines.append("reason: \(yamlString(entry.reason))")
        return "  - " + lines.joined(separator: "\n    ") + "\n"
    }

    /// A YAML double-quoted scalar: any text, written so that it reads back exactly.
    static func yamlString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                    || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF
                {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Imports a review file for a revision: each entry whose words stand in this revision becomes a review by
    /// the importing reviewer (who vouches for it), attributed to their organisation; the others are skipped
    /// with the reason. A file that is not a review file is refused whole, with the parser's message.
    public func importReviewFile(_ viewer: Viewer, revisionID: String, yaml: String, now: Date = Date()) async throws
        -> [ImportedReviewEntry]
    {
        let organisation = try reviewingOrganisation(viewer)
        let file: SafeguardAssessment.Review
        do {
            file = try SafeguardAssessment.Review.parse(yaml: yaml, file: "review file")
        } catch let error as SafeguardError {
            throw WorkspaceError.badInput(error.message)
        }
        let reading = try await reading(viewer, revisionID: revisionID)
        guard file.applies(to: reading.parsed.metadata) else {
            throw WorkspaceError.badInput("the review file is for \(file.instrument ?? ""), not \(reading.revision.filename)")
        }
        let machine = pipeline.assess(reading.analysis)
        var outcomes: [ImportedReviewEntry] = []
        for entry in file.entries {
            let (target, words, problem) = Self.match(entry, reading: reading, machine: machine)
            guard let target, let words else {
                outcomes.append(ImportedReviewEntry(summary: entry.summary, status: "skipped", detail: problem ?? ""))
                continue
            }
            let review = SafeguardWorkspace.Review(
                id: WorkspaceID.make(), revisionID: revisionID, organisationID: organisation,
                reviewerID: viewer.account.id, targetKind: entry.action == .override ? .verdict : .finding,
                target: target, decision: ReviewDecision(rawValue: entry.action.rawValue) ?? .confirm,
                verdict: entry.verdict?.rawValue, reason: entry.reason, wordsDigest: words, createdAt: now)
            try await record(review)
            outcomes.append(ImportedReviewEntry(summary: entry.summary, status: "imported", detail: target))
        }
        return outcomes
    }

    /// The workspace target and the digest of the words a review-file entry rests on, or why it does not fit.
    static func match(_ entry: ReviewEntry, reading: Reading, machine: Assessment) -> (String?, String?, String?) {
        let instrument = reading.analysis.instrument
        if let eId = entry.eId, let quote = entry.quote, locate(quote, at: eId, in: instrument).isEmpty {
            let why = instrument[eId: eId] == nil ? "provision \(eId) is not in this revision" : "the words are not in \(eId)"
            return (nil, nil, why + " (stale)")
        }
        switch entry.action {
        case .confirm, .reject:
            guard let eId = entry.eId, let quote = entry.quote, let feature = entry.feature else {
                return (nil, nil, "incomplete entry")
            }
            let spans = locate(quote, at: eId, in: instrument)
            guard
                let finding = reading.analysis.findings.first(where: { finding in
                    finding.feature == feature && finding.eId == eId && spans.contains { $0.overlaps(finding.span) }
                })
            else { return (nil, nil, "no \(feature.rawValue) finding on these words in \(eId)") }
            return (target(of: finding), ContentDigest.sha256Hex(finding.quote), nil)
        case .override:
            guard let framework = entry.framework, let principleID = entry.principle, entry.verdict != nil,
                let principle = machine.results.first(where: { $0.frameworkID == framework })?[principle: principleID]
            else { return (nil, nil, "no principle \(entry.principle ?? "?") in a framework \(entry.framework ?? "?")") }
            return (target(framework: framework, principle: principleID), evidenceDigest(principle), nil)
        }
    }

    /// Where `quote` stands inside the provision `eId` (children included); empty when it does not.
    static func locate(_ quote: String, at eId: EId, in instrument: Instrument) -> [TextSpan] {
        guard let provision = instrument[eId: eId], !quote.isEmpty else { return [] }
        let needle = Array(quote.utf8)
        let bytes = Array(instrument.text.utf8)
        var spans: [TextSpan] = []
        var start = provision.span.start
        while start + needle.count <= min(provision.span.end, bytes.count) {
            if bytes[start..<start + needle.count].elementsEqual(needle) {
                spans.append(TextSpan(start: start, end: start + needle.count))
            }
            start += 1
        }
        return spans
    }
}
