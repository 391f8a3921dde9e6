public import Foundation
public import SafeguardAnalysis
public import SafeguardAssessment
public import SafeguardComparison
public import SafeguardIngest
public import SafeguardModel

/// The one way from files to analyses, assessments and comparisons.
///
/// A pipeline is built once from a lexicon, principle frameworks and change rules, which it checks against
/// each other (every feature a framework or the change rules name must be in the lexicon's catalogue), and
/// then reads, analyses, assesses and compares any number of instruments, from any number of threads.
///
/// ```swift
/// let pipeline = try Pipeline.load()
/// let assessment = pipeline.assess(pipeline.analyze(try pipeline.read("act.txt")))
/// ```
public struct Pipeline: Sendable {
    /// The phrases, features and categories analyses are made with.
    public let lexicon: Lexicon
    /// The frameworks assessments are made against, in order.
    public let frameworks: [Framework]
    /// How changes between revisions are typed and classified.
    public let changeRules: ChangeRules

    /// What the loaded files should change though they were read (old key spellings), as "file:line: message":
    /// for a command-line tool to print on standard error.
    public var warnings: [String] { frameworks.flatMap(\.warnings) }

    /// How ``read(_:)`` reads files: size and nesting limits, a forced format, the drafting vocabulary.
    public var readOptions = ReadOptions()

    private let analyzer: Analyzer
    private let assessor: Assessor
    private let comparator: SafeguardComparison.Comparator

    /// Builds a pipeline from parts already loaded.
    /// - Throws: `.invalidConfiguration` when a framework or the change rules name a feature the lexicon's
    ///   catalogue lacks (a lexicon with no catalogue accepts every feature).
    public init(lexicon: Lexicon, frameworks: [Framework], changeRules: ChangeRules) throws {
        if let known = Self.knownFeatures(of: lexicon) {
            try Self.check(frameworks, against: known)
            try changeRules.check(against: known)
        }
        self.lexicon = lexicon
        self.frameworks = frameworks
        self.changeRules = changeRules
        analyzer = Analyzer(lexicon: lexicon)
        assessor = Assessor(frameworks: frameworks)
        comparator = SafeguardComparison.Comparator(rules: changeRules)
    }

    /// A pipeline for analysis only: no framework, the built-in change rules.
    public init(lexicon: Lexicon) throws {
        try self.init(lexicon: lexicon, frameworks: [], changeRules: ChangeRules.builtIn())
    }

    /// Loads and checks the parts, in this order: change rules, lexicon, frameworks.
    /// - Parameters:
    ///   - lexiconFiles: extra lexicon files added to the built-in lexicon.
    ///   - frameworks: built-in framework ids or framework files; empty means every built-in framework.
    ///   - changeRulesFile: a comparison rules file replacing the built-in one.
    /// - Throws: the first ``SafeguardError`` met, with the file and line at fault.
    public static func load(lexiconFiles: [URL] = [], frameworks: [String] = [], changeRulesFile: URL? = nil) throws
        -> Pipeline
    {
        let rules = try changeRulesFile.map { try ChangeRules.load(contentsOf: $0) } ?? ChangeRules.builtIn()
        let lexicon = try Lexicon.load(extraFiles: lexiconFiles)
        return try Pipeline(lexicon: lexicon, frameworks: loadFrameworks(frameworks, for: lexicon), changeRules: rules)
    }

    /// Resolves framework ids or files (every built-in one when `idsOrPaths` is empty), refusing feature ids the
    /// lexicon lacks with the framework file's line.
    public static func loadFrameworks(_ idsOrPaths: [String], for lexicon: Lexicon) throws -> [Framework] {
        let known = knownFeatures(of: lexicon)
        return idsOrPaths.isEmpty
            ? try Framework.builtIns(knownFeatures: known)
            : try idsOrPaths.map { try Framework.resolve($0, knownFeatures: known) }
    }

    /// The feature catalogue, when the lexicon has one.
    public static func knownFeatures(of lexicon: Lexicon) -> Set<FeatureID>? {
        lexicon.features.isEmpty ? nil : Set(lexicon.features.map(\.id))
    }

    private static func check(_ frameworks: [Framework], against known: Set<FeatureID>) throws {
        for framework in frameworks {
            for (principle, pattern) in framework.featureReferences where !known.contains(where: pattern.matches) {
                throw SafeguardError(
                    .invalidConfiguration,
                    "principle '\(principle)': unknown feature '\(pattern.raw)' (not in the lexicon's feature catalogue)",
                    file: framework.file)
            }
        }
    }

    // MARK: - Stages

    /// Reads an instrument file (any supported format) as ``readOptions`` say and records `path`, as given, as its source.
    public func read(_ path: String) throws -> Instrument {
        try Self.read(path, options: readOptions)
    }

    /// Reads an instrument file as `options` say, before any pipeline exists (a command reads its files while
    /// its lexicon loads), and records `path`, as given, as its source.
    public static func read(_ path: String, options: ReadOptions) throws -> Instrument {
        var instrument = try InstrumentReader.read(contentsOf: URL(fileURLWithPath: path), options: options)
        instrument.metadata.source = path
        return instrument
    }

    /// Finds what each provision is, demands and protects, with evidence.
    public func analyze(_ instrument: Instrument) -> Analysis { analyzer.analyze(instrument) }

    /// As ``analyze(_:)``, adding the time of each analysis pass to `timings`.
    public func analyze(_ instrument: Instrument, timings: inout Analyzer.Timings) -> Analysis {
        analyzer.analyze(instrument, timings: &timings)
    }

    /// Judges an analysis against the frameworks, applying human reviews.
    public func assess(_ analysis: Analysis, reviews: [Review] = []) -> Assessment {
        assessor.assess(analysis, reviews: reviews)
    }

    /// A revision ready to compare: read (the file must exist), analysed and assessed.
    public func revision(_ path: String) throws -> Revision {
        guard FileManager.default.fileExists(atPath: URL(fileURLWithPath: path).path) else {
            throw SafeguardError(.inputNotFound, "no such file", file: path)
        }
        let analysis = analyze(try read(path))
        return Revision(analysis: analysis, frameworks: assess(analysis).results)
    }

    /// Aligns two revisions and types the changes between them, verdict changes included.
    public func compare(_ old: Revision, _ new: Revision) -> Comparison {
        comparator.compare(old.analysis, new.analysis, oldFrameworks: old.frameworks, newFrameworks: new.frameworks)
    }

    /// Each principle's verdict and the changes across labelled revisions, oldest first.
    public func history(_ revisions: [(label: String, revision: Revision)]) -> History {
        History(
            revisions: revisions.map {
                History.Revision(label: $0.label, analysis: $0.revision.analysis, frameworks: $0.revision.frameworks)
            },
            comparator: comparator)
    }

    /// An analysed and assessed revision of an instrument.
    public struct Revision: Sendable {
        public var analysis: Analysis
        /// The verdicts of every framework of the pipeline.
        public var frameworks: [FrameworkResult]

        public init(analysis: Analysis, frameworks: [FrameworkResult]) {
            self.analysis = analysis
            self.frameworks = frameworks
        }
    }
}
