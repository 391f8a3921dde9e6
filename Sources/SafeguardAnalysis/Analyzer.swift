import Foundation
import SafeguardModel

/// The compiled knowledge the analysis runs on: feature patterns, category cues and negation cues,
/// loaded from YAML (built-in files under Resources/ plus any `--lexicon FILE`).
public struct Lexicon: Sendable {
    /// Version string(s) of the loaded lexicon files.
    public var version: String

    public init(version: String) { self.version = version }

    /// The built-in English lexicon.
    public static func builtIn() throws -> Lexicon {
        Lexicon(version: "unimplemented")
    }

    /// The built-in lexicon extended by the given files.
    public static func load(extraFiles: [URL]) throws -> Lexicon {
        try builtIn()
    }
}

/// Finds categories, features and links in an instrument.
public struct Analyzer: Sendable {
    public let lexicon: Lexicon

    public init(lexicon: Lexicon) { self.lexicon = lexicon }

    public func analyze(_ instrument: Instrument) -> Analysis {
        Analysis(instrument: instrument, categories: [], findings: [], links: [], lexiconVersion: lexicon.version)
    }
}
