import Foundation

/// Limits that guard every reader against hostile input and that a deployment may need to move, read once from
/// the environment so that every command and the server honour them alike (docs/reliability.md).
public enum Limits {
    /// The environment variable that sets ``maximumYAMLValues``.
    public static let yamlValuesVariable = "SAFEGUARD_MAX_YAML_VALUES"

    /// The default of ``maximumYAMLValues``.
    public static let defaultYAMLValues = 200_000

    /// The most values one YAML document may expand to. Yams composes an alias as the node it names, so a few lines
    /// of aliases of aliases ("billion laughs") stand for an exponential tree; every YAML reader stops walking here.
    /// `SAFEGUARD_MAX_YAML_VALUES` sets it (a positive whole number); otherwise 200 000.
    public static let maximumYAMLValues: Int = positiveWholeNumber(
        ProcessInfo.processInfo.environment[yamlValuesVariable]) ?? defaultYAMLValues

    /// What is wrong with the limits set in the environment, if anything: for a command to refuse (exit 64) before
    /// it reads anything, rather than silently use the default.
    public static var environmentProblem: String? {
        guard let raw = ProcessInfo.processInfo.environment[yamlValuesVariable], positiveWholeNumber(raw) == nil else {
            return nil
        }
        let shown = raw.count <= 20 && raw.allSatisfy { $0.isASCII && !$0.isNewline } ? "'\(raw)'" : "that value"
        return "\(yamlValuesVariable) must be a positive whole number, not \(shown)"
    }

    private static func positiveWholeNumber(_ text: String?) -> Int? {
        guard let text, let value = Int(text), value > 0 else { return nil }
        return value
    }
}
