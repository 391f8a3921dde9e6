import SafeguardAnalysis
import SafeguardAssessment
import SafeguardModel

/// Assesses a revision for `diff` and `history`. Until the assessment engine lands this returns no framework
/// results, so verdict changes are simply not reported (never invented).
enum RevisionAssessment {
    static func assess(_ analysis: Analysis, frameworks: [String]) throws -> [FrameworkResult] {
        []
    }
}
