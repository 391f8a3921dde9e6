public import Foundation
public import SafeguardAnalysis
import SafeguardConfig
public import SafeguardModel
import Yams

/// A human review of an assessment: a named reviewer confirms or rejects findings and overrides verdicts,
/// each with a reason (see docs/review-format.md).
public struct Review: Sendable, Hashable {
    public var reviewer: String
    public var organisation: String?
    /// ISO date, YYYY-MM-DD.
    public var date: String
    public var entries: [ReviewEntry]
    public var file: String
    /// When set, the review applies only to an instrument whose file path ends with this, or whose title is this.
    public var instrument: String?

    public init(
        reviewer: String, organisation: String? = nil, date: String, entries: [ReviewEntry],
        file: String = "inline", instrument: String? = nil
    ) {
        self.reviewer = reviewer
        self.organisation = organisation
        self.date = date
        self.entries = entries
        self.file = file
        self.instrument = instrument
    }

    /// Whether this review is meant for the instrument (always, when the review names none).
    public func applies(to metadata: InstrumentMetadata) -> Bool {
        guard let instrument, !instrument.isEmpty else { return true }
        if metadata.title == instrument { return true }
        if let source = metadata.source, source == instrument || source.hasSuffix("/" + instrument) { return true }
        return false
    }

    func mark(_ action: String, _ entry: ReviewEntry) -> ReviewMark {
        ReviewMark(action: action, reviewer: reviewer, organisation: organisation, date: date, reason: entry.reason)
    }

    /// Loads a review file; invalid files are `.invalidConfiguration` with file and line.
    public static func load(contentsOf url: URL) throws -> Review {
        try ReviewParser(document: try YAMLDocument.load(contentsOf: url)).parse()
    }

    public static func parse(yaml: String, file: String = "inline") throws -> Review {
        try ReviewParser(document: try YAMLDocument(text: yaml, file: file)).parse()
    }
}

/// One reviewed item.
public struct ReviewEntry: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable, CaseIterable, Codable {
        /// The finding is right.
        case confirm
        /// The finding is wrong: it is removed before evaluation.
        case reject
        /// The verdict is replaced by the reviewer's.
        case override
    }

    public var action: Action
    /// For confirm/reject: the finding's feature, provision and words. For override: optional anchor
    /// words (eId + quote) that make the override stale when they change.
    public var feature: FeatureID?
    public var eId: EId?
    public var quote: String?
    /// For override.
    public var framework: String?
    public var principle: String?
    public var verdict: Verdict?
    public var reason: String
    /// Line of the entry in the review file.
    public var line: Int?

    public init(
        action: Action, feature: FeatureID? = nil, eId: EId? = nil, quote: String? = nil, framework: String? = nil,
        principle: String? = nil, verdict: Verdict? = nil, reason: String, line: Int? = nil
    ) {
        self.action = action
        self.feature = feature
        self.eId = eId
        self.quote = quote
        self.framework = framework
        self.principle = principle
        self.verdict = verdict
        self.reason = reason
        self.line = line
    }

    /// "reject obligation.mandatory at art_7 “shall adopt”" / "override cts/no-speech-offences → met".
    public var summary: String {
        switch action {
        case .confirm, .reject:
            return "\(action.rawValue) \(feature?.rawValue ?? "?") at \(eId ?? "?") “\(quote ?? "")”"
        case .override:
            return "override \(framework ?? "?")/\(principle ?? "?") → \(verdict?.rawValue ?? "?")"
        }
    }
}

/// What happened to one review entry.
public struct ReviewOutcome: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable, Hashable {
        /// The entry was applied.
        case applied
        /// The quoted words are no longer at that eId (the provision changed or is gone): not applied.
        case stale
        /// The words are there but the finding or principle it names is not (nothing to apply it to).
        case unmatched
    }

    public var action: ReviewEntry.Action
    public var status: Status
    public var summary: String
    /// Why the status is what it is.
    public var detail: String
    public var reviewer: String
    public var date: String
    public var reason: String
    public var file: String
    public var line: Int?

    public init(
        action: ReviewEntry.Action, status: Status, summary: String, detail: String, reviewer: String,
        date: String, reason: String, file: String, line: Int?
    ) {
        self.action = action
        self.status = status
        self.summary = summary
        self.detail = detail
        self.reviewer = reviewer
        self.date = date
        self.reason = reason
        self.file = file
        self.line = line
    }

    init(_ entry: ReviewEntry, of review: Review, status: Status, detail: String) {
        self.init(
            action: entry.action, status: status, summary: entry.summary, detail: detail,
            reviewer: review.reviewer, date: review.date, reason: entry.reason, file: review.file,
            line: entry.line)
    }
}

struct ReviewParser {
    let document: YAMLDocument

    private static let topKeys: Set<String> = ["reviewer", "organisation", "organization", "date", "instrument", "entries"]
    private static let entryKeys: Set<String> = [
        "action", "feature", "eId", "quote", "framework", "principle", "verdict", "reason",
    ]

    func parse() throws -> Review {
        let top = try document.mapping(document.root, "review", allowed: Self.topKeys)
        let reviewer = try top.requiredString("reviewer")
        let date = try top.requiredString("date")
        guard Self.isISODate(date) else {
            throw document.error("review.date: '\(date)' is not a date in the form YYYY-MM-DD", at: top["date"])
        }
        let organisation = try top.optionalString("organisation") ?? top.optionalString("organization")
        let entryNodes = try document.list(try top.required("entries"), "entries")
        let entries = try entryNodes.map(parseEntry)
        return Review(
            reviewer: reviewer, organisation: organisation, date: date, entries: entries, file: document.file,
            instrument: try top.optionalString("instrument"))
    }

    private func parseEntry(_ node: Node) throws -> ReviewEntry {
        let map = try document.mapping(node, "review entry", allowed: Self.entryKeys)
        let action = try document.choice(
            try map.requiredString("action"), at: map["action"], "review entry",
            noun: "action", among: [ReviewEntry.Action.confirm, .reject, .override])
        let reason = try map.requiredString("reason")
        var entry = ReviewEntry(action: action, reason: reason, line: node.mark?.line)
        entry.eId = try map.optionalString("eId").map { EId($0) }
        entry.quote = try map.optionalString("quote")
        switch action {
        case .confirm, .reject:
            entry.feature = FeatureID(try map.requiredString("feature"))
            entry.eId = EId(try map.requiredString("eId"))
            entry.quote = try map.requiredString("quote")
            for key in ["framework", "principle", "verdict"] where map.has(key) {
                throw document.error(
                    "review entry: '\(key)' belongs to override entries, not \(action.rawValue)",
                    at: map[key])
            }
        case .override:
            entry.framework = try map.requiredString("framework")
            entry.principle = try map.requiredString("principle")
            entry.verdict = try document.choice(
                try map.requiredString("verdict"), at: map["verdict"], "review entry",
                noun: "verdict", among: [Verdict.met, .partlyMet, .notMet, .notApplicable])
            if map.has("feature") {
                throw document.error("review entry: 'feature' belongs to confirm/reject entries", at: map["feature"])
            }
            if (entry.eId == nil) != (entry.quote == nil) {
                throw document.error("review entry: an override's anchor needs both eId and quote", at: node)
            }
        }
        return entry
    }

    static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), (1...31).contains(day)
        else { return false }
        return true
    }
}

/// Applies reviews: finding entries before evaluation, overrides after.
enum ReviewApplier {
    struct FindingResult {
        var analysis: Analysis
        var confirmations: [Int: ReviewMark]
        var outcomes: [ReviewOutcome]
    }

    /// Where the reviewer's quote stands inside the provision now; nil when the words are gone (stale).
    static func locate(_ quote: String, at eId: EId, in instrument: Instrument) -> [TextSpan]? {
        guard let provision = instrument[eId: eId] else { return nil }
        let spans = AnalysisIndex.findAll(Array(quote.utf8), in: Array(instrument.text.utf8), within: provision.span)
        return spans.isEmpty ? nil : spans
    }

    static func applyFindingReviews(_ reviews: [Review], to analysis: Analysis) -> FindingResult {
        var outcomes: [ReviewOutcome] = []
        var rejected: Set<Int> = []
        var confirmed: [Int: ReviewMark] = [:]
        for review in reviews {
            for entry in review.entries where entry.action != .override {
                guard let eId = entry.eId, let quote = entry.quote, let feature = entry.feature else { continue }
                guard let spans = locate(quote, at: eId, in: analysis.instrument) else {
                    let why =
                        analysis.instrument[eId: eId] == nil
                        ? "provision \(eId) no longer exists"
                        : "the words “\(quote)” are no longer in \(eId)"
                    outcomes.append(ReviewOutcome(entry, of: review, status: .stale, detail: "\(why); not applied"))
                    continue
                }
                let matching = analysis.findings.indices.filter { i in
                    let finding = analysis.findings[i]
                    return finding.feature == feature && finding.eId == eId
                        && spans.contains { $0.overlaps(finding.span) }
                }
                guard !matching.isEmpty else {
                    outcomes.append(
                        ReviewOutcome(
                            entry, of: review, status: .unmatched,
                            detail: "the analysis makes no \(feature) finding on these words in \(eId)"))
                    continue
                }
                if entry.action == .reject {
                    rejected.formUnion(matching)
                    outcomes.append(
                        ReviewOutcome(
                            entry, of: review, status: .applied,
                            detail: "finding removed before evaluation (\(review.mark("rejected", entry)))"))
                } else {
                    for i in matching { confirmed[i] = review.mark("confirmed", entry) }
                    outcomes.append(
                        ReviewOutcome(
                            entry, of: review, status: .applied,
                            detail: review.mark("confirmed", entry).description))
                }
            }
        }
        var reviewed = analysis
        var confirmations: [Int: ReviewMark] = [:]
        if !rejected.isEmpty {
            reviewed.findings = []
            for (i, finding) in analysis.findings.enumerated() where !rejected.contains(i) {
                if let mark = confirmed[i] { confirmations[reviewed.findings.count] = mark }
                reviewed.findings.append(finding)
            }
            // Category evidence must not keep a rejected finding alive either.
            let rejectedFindings = Set(rejected.map { analysis.findings[$0] })
            for i in reviewed.categories.indices {
                reviewed.categories[i].evidence.removeAll { rejectedFindings.contains($0) }
            }
        } else {
            confirmations = confirmed
        }
        return FindingResult(analysis: reviewed, confirmations: confirmations, outcomes: outcomes)
    }

    static func applyOverrides(
        _ reviews: [Review], to results: inout [FrameworkResult], analysis: Analysis,
        findingOutcomes: [ReviewOutcome]
    ) -> [ReviewOutcome] {
        var outcomes = findingOutcomes
        for review in reviews {
            for entry in review.entries where entry.action == .override {
                guard let frameworkID = entry.framework, let principleID = entry.principle, let verdict = entry.verdict
                else { continue }
                if let eId = entry.eId, let quote = entry.quote, locate(quote, at: eId, in: analysis.instrument) == nil {
                    outcomes.append(
                        ReviewOutcome(
                            entry, of: review, status: .stale,
                            detail: "the words “\(quote)” are no longer in \(eId); not applied"))
                    continue
                }
                guard let f = results.firstIndex(where: { $0.frameworkID == frameworkID }),
                    let p = results[f].principles.firstIndex(where: { $0.id == principleID })
                else {
                    outcomes.append(
                        ReviewOutcome(
                            entry, of: review, status: .unmatched,
                            detail: "no principle \(principleID) in an assessed framework \(frameworkID)"))
                    continue
                }
                let mark = review.mark("overridden", entry)
                var principle = results[f].principles[p]
                let computed = principle.computedVerdict ?? principle.verdict
                principle.computedVerdict = computed
                principle.verdict = verdict
                principle.review = mark
                principle.explanation =
                    "\(verdict.rawValue.capitalizedFirst) — \(mark.description.asSentence) The rules gave \(computed.rawValue): "
                    + principle.explanation
                results[f].principles[p] = principle
                outcomes.append(
                    ReviewOutcome(
                        entry, of: review, status: .applied,
                        detail: "\(computed.rawValue) → \(verdict.rawValue)"))
            }
        }
        // Overrides change the overall score; chapter scores stay the rules' own (a reviewer judges the whole).
        for f in results.indices {
            if var score = results[f].score {
                score.overall = Score(verdicts: results[f].principles.map(\.verdict))
                results[f].score = score
            }
        }
        return outcomes
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }

    /// The text ending in a full stop (unless it already ends in punctuation).
    var asSentence: String {
        guard let last = last else { return self }
        return ".!?".contains(last) ? self : self + "."
    }
}
