import SafeguardAnalysis
import SafeguardAssessment
import SafeguardModel

/// The frameworks `diff` and `history` compare verdicts of: the ones named with `--framework` (ids or files),
/// else every built-in framework. Resolved once per command.
enum RevisionAssessment {
    static func assessor(_ frameworks: [String]) throws -> Assessor {
        let resolved: [Framework] = frameworks.isEmpty
            ? try Framework.builtIns()
            : try frameworks.map { try Framework.resolve($0) }
        return Assessor(frameworks: resolved)
    }
}
