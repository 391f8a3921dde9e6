public import Foundation
import SafeguardModel

/// A pattern compiled into literal ids of the lexicon's ``PhraseMatcher``.
struct CompiledPattern: Sendable {
    /// "feature#pattern-id", "category.heading#id", "negation#id", ... for tracing.
    var trace: String
    var role: PatternSource.Role
    /// Alternatives per segment; segments follow each other with at most `gaps[k]` words between k and k+1.
    var segments: [[Int]]
    var gaps: [Int]
    /// Literals that cancel a match they overlap ("as may be" cancels "may").
    var unless: [Int]
    /// Literals of which one must stand before the match, in its provision or an enclosing one of its article.
    var context: [Int]
    /// Score weight of a category cue.
    var weight: Int
}

/// The compiled knowledge the analysis runs on: feature patterns, category cues and negation cues,
/// loaded from YAML (built-in files under Resources/ plus any `--lexicon FILE`).
///
/// Every phrase of every pattern is compiled once into a single byte-level automaton, so analysing a text
/// costs one pass over its bytes whatever the size of the lexicon. See `docs/lexicon-format.md`.
public struct Lexicon: Sendable {
    /// Version string(s) of the loaded lexicon files, joined with `+`.
    public var version: String
    /// Languages of the loaded files, in load order ("en", "fr").
    public var languages: [String]
    /// Feature families in catalogue order.
    public var families: [FeatureFamily]
    /// The feature catalogue, in the order the files list it.
    public var features: [FeatureDefinition]
    /// The category catalogue.
    public var categories: [CategoryDefinition]

    let patterns: [CompiledPattern]
    let matcher: PhraseMatcher
    let linkWindow: Int
    /// How cues decide categories (`category-scoring:` in the lexicon).
    public let categoryScoring: CategoryScoring
    /// Words that mark an omitted or repealed unit (category `repealed`, `markers:` in the lexicon).
    let repealedMarkers: Set<String>
    /// The clause reading's rules (`clauses: rules:`), and its actor kinds in load order.
    let clauseRules: [ClauseRule]
    let actorKinds: [String]
    private let featureIndex: [FeatureID: Int]
    /// Flat tables for the hot path (no reference counting): what each pattern is for, how each feature is gated.
    let tables: Tables

    /// Plain-data views of the patterns, features and negation cues, indexed by position.
    struct Tables: Sendable {
        enum Kind: UInt8, Sendable { case feature, headingCue, bodyCue, contextCue, negation, link, element, clause }
        /// Per pattern: what it is for, its category (cues), its weight (cues) and link kind (link cues).
        var patternKind: [Kind] = []
        var patternCategory: [Category] = []
        var patternWeight: [Int] = []
        var patternLink: [ProvisionLink.Kind] = []
        /// Per pattern: the offence element an `offence-elements` cue states, or nil.
        var patternElement: [Offence.Element?] = []
        /// Per pattern: the index of its feature in ``Lexicon/features``, or -1.
        var patternFeature: [Int] = []
        /// Per literal: the one-segment patterns it completes on its own (most patterns), so that one pass over the
        /// hits serves them all.
        /// As one array and an offset per literal: literal `l`'s patterns are
        /// `singleSegmentPatterns[singleSegmentStart[l]..<singleSegmentStart[l + 1]]`, in pattern order (an array
        /// per literal meant tens of thousands of arrays made at every start).
        var singleSegmentPatterns: [Int] = []
        var singleSegmentStart: [Int32] = [0]
        /// The patterns with gaps, handled segment by segment.
        var multiSegmentPatterns: [Int] = []
        /// Per pattern: whether it has `unless` or `context` phrases to check.
        var patternHasFilters: [Bool] = []
        /// Per pattern: the index of its negation cue in `cueScopeIsSentence`/`cueWindow`/`cueCancels`, or -1.
        var patternCue: [Int] = []
        var cueScopeIsSentence: [Bool] = []
        var cueScopeIsProvision: [Bool] = []
        var cueScopeIsPhrase: [Bool] = []
        var cueScopeIsRemainder: [Bool] = []
        /// Per cue: words that, right before a feature's words, keep the cue from reaching them.
        var cueNotAfter: [[String]] = []
        /// Per pattern: the actor kind (index in ``Lexicon/actorKinds``) a clause cue names, or -1; its modality.
        var patternActor: [Int] = []
        var patternModal: [Modality?] = []
        /// Per cue: whether it marks the features it governs as optional instead of cancelling them.
        var cueMarksOptional: [Bool] = []
        var cueWindow: [Int] = []
        /// Per cue, per feature: whether the cue cancels the feature.
        var cueCancels: [[Bool]] = []
        /// Per feature: category bit masks where it may be found, and its behaviour.
        var onlyInMask: [UInt32] = []
        var notInMask: [UInt32] = []
        var negatable: [Bool] = []
        var suppressedBy: [[Int]] = []
        var suppressedAroundBy: [[Int]] = []
        var inHeadings: [Bool] = []
        var notWhenPrimaryMask: [UInt32] = []

        static func bit(_ category: Category) -> UInt32 {
            1 << UInt32(Category.allCases.firstIndex(of: category)!)
        }

        static func mask(_ categories: [Category]) -> UInt32 {
            categories.reduce(0) { $0 | bit($1) }
        }
    }

    /// An empty lexicon: finds nothing. Useful only as a placeholder.
    public init(version: String) {
        self.version = version
        languages = []
        families = []
        features = []
        categories = []
        patterns = []
        matcher = PhraseMatcher(literals: [])
        linkWindow = 12
        categoryScoring = .unset
        repealedMarkers = []
        clauseRules = []
        actorKinds = []
        featureIndex = [:]
        tables = Tables()
    }

    /// The catalogue entry of a feature.
    public func feature(_ id: FeatureID) -> FeatureDefinition? { featureIndex[id].map { features[$0] } }

    /// The family of a feature (a neutral placeholder when the catalogue does not list it).
    public func family(of id: FeatureID) -> FeatureFamily {
        let name = String(id.family)
        return families.first { $0.id == name } ?? FeatureFamily(id: name, title: name, colour: "#fff3b0")
    }

    /// The catalogue entry of a category.
    public func category(_ id: Category) -> CategoryDefinition {
        categories.first { $0.id == id } ?? CategoryDefinition(id: id, title: id.rawValue, description: "")
    }

    // MARK: - Loading

    /// The built-in lexicon file for a language, when there is one.
    public static func builtInURL(language: String = "en") -> URL? {
        Bundle.module.url(forResource: "lexicon-\(language)", withExtension: "yaml", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: "lexicon-\(language)", withExtension: "yaml")
    }

    /// The built-in English lexicon.
    public static func builtIn() throws -> Lexicon {
        try builtIn(language: "en")
    }

    /// The built-in English lexicon compiled once per process (compiling takes tens of milliseconds in release
    /// builds and more in debug builds, so callers that analyse many texts or run many tests should use this).
    public static func sharedBuiltIn() throws -> Lexicon {
        try sharedEnglish.get()
    }

    private static let sharedEnglish: Result<Lexicon, SafeguardError> = {
        do {
            return .success(try builtIn())
        } catch let error as SafeguardError {
            return .failure(error)
        } catch {
            return .failure(SafeguardError(.internalError, "cannot load the built-in lexicon: \(error)"))
        }
    }()

    /// The built-in lexicon of a language ("en").
    /// - Throws: ``SafeguardError`` `.invalidConfiguration` when there is none for that language.
    public static func builtIn(language: String) throws -> Lexicon {
        try compile(sources: [builtInSource(language: language)], cache: MatcherCache.fromEnvironment())
    }

    /// The built-in lexicon extended by the given files (each a `safeguard.lexicon/1` YAML file).
    /// - Throws: ``SafeguardError`` `.inputNotFound` for a missing file, `.invalidConfiguration` (with
    ///   file and line) for invalid YAML, unknown keys, unknown feature or category ids, or bad patterns.
    public static func load(extraFiles: [URL]) throws -> Lexicon {
        var sources = [try builtInSource(language: "en")]
        for url in extraFiles {
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw SafeguardError(.inputNotFound, "lexicon file not found: \(url.path)", file: url.path)
            }
            guard let data = FileManager.default.contents(atPath: url.path),
                let yaml = String(data: data, encoding: .utf8)
            else {
                throw SafeguardError(.invalidConfiguration, "lexicon file is not readable UTF-8 text", file: url.path)
            }
            sources.append((file: url.path, yaml: yaml, isBuiltIn: false))
        }
        return try compile(sources: sources, cache: MatcherCache.fromEnvironment())
    }

    /// Compiles lexicon YAML given as text: the first source is the base, the others extend it.
    public static func compile(yaml sources: [(file: String, yaml: String)]) throws -> Lexicon {
        try compile(sources: sources.enumerated().map { (file: $1.file, yaml: $1.yaml, isBuiltIn: $0 == 0) })
    }

    private static func builtInSource(language: String) throws -> (file: String, yaml: String, isBuiltIn: Bool) {
        guard let url = builtInURL(language: language),
            let data = FileManager.default.contents(atPath: url.path)
        else {
            throw SafeguardError(.invalidConfiguration, "no built-in lexicon for language '\(language)'")
        }
        return (file: "lexicon-\(language).yaml", yaml: String(decoding: data, as: UTF8.self), isBuiltIn: true)
    }

    /// Reads and compiles the sources; with a cache, the phrase automaton is loaded from it when it holds one for
    /// the same phrases (``MatcherCache``).
    static func compile(sources: [(file: String, yaml: String, isBuiltIn: Bool)], cache: MatcherCache? = nil) throws
        -> Lexicon
    {
        var contents: [LexiconFileContent] = []
        for source in sources {
            contents.append(try LexiconFileReader(file: source.file).read(yaml: source.yaml, isBuiltIn: source.isBuiltIn))
        }
        return try Lexicon(contents: contents, cache: cache)
    }

    init(contents: [LexiconFileContent], cache: MatcherCache? = nil) throws {
        let catalogue = try Catalogue(contents)
        try catalogue.checkReferences(contents)
        let categoryScoring = try CategoryScoring.merged(contents)
        let (patterns, matcher) = try Self.compilePatterns(
            contents.flatMap(\.patterns), defaultGap: catalogue.defaultGap, scoring: categoryScoring, cache: cache)
        self.version = contents.map(\.version).joined(separator: "+")
        var languages: [String] = []
        for content in contents where !languages.contains(content.language) { languages.append(content.language) }
        self.languages = languages
        self.families = catalogue.families
        self.features = catalogue.features
        self.categories = catalogue.categories
        self.patterns = patterns
        self.matcher = matcher
        self.linkWindow = catalogue.linkWindow
        self.categoryScoring = categoryScoring
        self.repealedMarkers = Set(contents.flatMap(\.repealedMarkers))
        self.clauseRules = contents.flatMap(\.clauseRules)
        var actorKinds: [String] = []
        for pattern in patterns {
            if case .clauseActor(let kind) = pattern.role, !actorKinds.contains(kind) { actorKinds.append(kind) }
        }
        self.actorKinds = actorKinds
        self.featureIndex = catalogue.featureIndex
        var tables = Tables()
        tables.addFeatures(catalogue.features, index: catalogue.featureIndex)
        tables.addPatterns(patterns, features: catalogue.features, index: catalogue.featureIndex, actorKinds: actorKinds)
        tables.addSegments(patterns, literalCount: matcher.literals.count)
        self.tables = tables
    }

    /// The patterns compiled to literal ids and the phrase automaton over those literals: loaded from the cache
    /// when it holds an entry for the same pattern texts (and the same executable), else compiled (and stored).
    private static func compilePatterns(
        _ sources: [PatternSource], defaultGap: Int, scoring: CategoryScoring, cache: MatcherCache?
    ) throws -> ([CompiledPattern], PhraseMatcher) {
        func compileIDs() throws -> (literals: [PhraseMatcher.Literal], patternIDs: [PatternIDs]) {
            var compiler = PatternCompiler(defaultGap: defaultGap)
            let ids = try sources.map { try compiler.ids($0) }
            return (compiler.literals, ids)
        }
        let literals: [PhraseMatcher.Literal]
        let ids: [PatternIDs]
        let matcher: PhraseMatcher
        if let cache {
            let key = PatternCompiler.sourceKey(sources, defaultGap: defaultGap)
            let (entry, _) = try cache.entry(for: key, compile: compileIDs)
            (literals, ids) = (entry.literals, entry.patternIDs)
            matcher = PhraseMatcher(literals: literals, tables: entry.tables)
        } else {
            (literals, ids) = try compileIDs()
            matcher = PhraseMatcher(literals: literals)
        }
        guard ids.count == sources.count else {
            throw SafeguardError(.internalError, "the lexicon cache gave \(ids.count) patterns for \(sources.count)")
        }
        let patterns = zip(sources, ids).map { PatternCompiler.pattern($0, ids: $1, scoring: scoring) }
        return (patterns, matcher)
    }

    /// The catalogue the lexicon files define together: families, features and categories in load order, and the
    /// last file's gap and link window.
    private struct Catalogue {
        var families: [FeatureFamily] = []
        var features: [FeatureDefinition] = []
        var featureIndex: [FeatureID: Int] = [:]
        var categories: [CategoryDefinition] = []
        var defaultGap = 8
        var linkWindow = 12
        /// The families of the features (split once: a name is checked against all of them).
        private var featureFamilies: Set<Substring> = []

        init(_ contents: [LexiconFileContent]) throws {
            for content in contents {
                if let gap = content.defaultGap { defaultGap = gap }
                if let window = content.linkWindow { linkWindow = window }
                for family in content.families where !families.contains(where: { $0.id == family.id }) {
                    families.append(family)
                }
                for feature in content.features {
                    if featureIndex[feature.id] != nil {
                        throw SafeguardError(
                            .invalidConfiguration,
                            "feature '\(feature.id)' is already defined; to add patterns to it, omit its title",
                            file: content.file)
                    }
                    featureIndex[feature.id] = features.count
                    features.append(feature)
                }
                for category in content.categories where !categories.contains(where: { $0.id == category.id }) {
                    categories.append(category)
                }
            }
            for feature in features where !families.contains(where: { $0.id == String(feature.id.family) }) {
                families.append(FeatureFamily(id: String(feature.id.family), title: String(feature.id.family), colour: "#fff3b0"))
            }
            featureFamilies = Set(features.map(\.id.family))
        }

        /// Whether a name is a feature id or a family of the catalogue.
        func knows(_ name: String) -> Bool {
            featureIndex[FeatureID(name)] != nil || featureFamilies.contains(Substring(name))
        }

        /// Every reference must name a known feature or category.
        func checkReferences(_ contents: [LexiconFileContent]) throws {
            for content in contents {
                for (id, line) in content.featureReferences where featureIndex[id] == nil {
                    throw SafeguardError(
                        .invalidConfiguration,
                        "unknown feature id '\(id)' (add a title to define a new feature, or use a catalogue id)",
                        file: content.file, line: line)
                }
                for feature in content.features {
                    for other in feature.suppressedBy + feature.suppressedAroundBy where featureIndex[other] == nil {
                        throw SafeguardError(
                            .invalidConfiguration, "feature '\(feature.id)' is suppressed by unknown feature '\(other)'",
                            file: content.file)
                    }
                }
                for rule in content.clauseRules {
                    for name in rule.features where !knows(name) {
                        throw SafeguardError(
                            .invalidConfiguration, "clause rule '\(rule.id)' names unknown feature or family '\(name)'",
                            file: content.file)
                    }
                }
                for pattern in content.patterns {
                    guard case .negation(let cue) = pattern.role else { continue }
                    for name in cue.cancels where !knows(name) {
                        throw SafeguardError(
                            .invalidConfiguration, "negation cue '\(cue.id)' cancels unknown feature or family '\(name)'",
                            file: content.file, line: pattern.line)
                    }
                }
            }
        }
    }
}

extension Lexicon.Tables {
    /// Per feature: where it may be found and how it behaves.
    mutating func addFeatures(_ features: [FeatureDefinition], index: [FeatureID: Int]) {
        for feature in features {
            onlyInMask.append(feature.onlyIn.map(Self.mask) ?? UInt32.max)
            notInMask.append(Self.mask(feature.notIn))
            negatable.append(feature.negatable)
            suppressedBy.append(feature.suppressedBy.compactMap { index[$0] })
            suppressedAroundBy.append(feature.suppressedAroundBy.compactMap { index[$0] })
            inHeadings.append(feature.inHeadings)
            notWhenPrimaryMask.append(Self.mask(feature.notWhenPrimary))
        }
    }

    /// Per pattern: what it is for, and per negation cue its scope and the features it cancels.
    mutating func addPatterns(
        _ patterns: [CompiledPattern], features: [FeatureDefinition], index: [FeatureID: Int], actorKinds: [String]
    ) {
        // A cue's phrases are patterns of their own that share the cue: a row of cancelled features is computed
        // once per list of cancelled names (per pattern it was a twentieth of start-up), from families split once.
        let families = features.map { String($0.id.family) }
        var cancelsRow: [[String]: [Bool]] = [:]
        for pattern in patterns {
            patternWeight.append(pattern.weight)
            patternKind.append(Self.kind(of: pattern.role))
            var actor = -1
            var modal: Modality?
            if case .clauseActor(let kind) = pattern.role { actor = actorKinds.firstIndex(of: kind) ?? -1 }
            if case .clauseModal(let modality) = pattern.role { modal = modality }
            patternActor.append(actor)
            patternModal.append(modal)
            var element: Offence.Element?
            if case .element(let stated) = pattern.role { element = stated }
            patternElement.append(element)
            switch pattern.role {
            case .headingCue(let category), .bodyCue(let category), .contextCue(let category):
                patternCategory.append(category)
            default:
                patternCategory.append(.other)
            }
            var link = ProvisionLink.Kind.reference
            if case .link(let kind) = pattern.role { link = kind }
            patternLink.append(link)
            switch pattern.role {
            case .feature(let id):
                patternFeature.append(index[id] ?? -1)
                patternCue.append(-1)
            case .negation(let cue):
                patternFeature.append(-1)
                patternCue.append(cueWindow.count)
                cueScopeIsSentence.append(cue.scope == .sentence)
                cueScopeIsProvision.append(cue.scope == .provision)
                cueScopeIsPhrase.append(cue.scope == .phrase)
                cueScopeIsRemainder.append(cue.scope == .remainder)
                cueNotAfter.append(cue.notAfter)
                cueMarksOptional.append(cue.marksOptional)
                cueWindow.append(cue.window)
                let row = cancelsRow[cue.cancels] ?? Self.cancels(cue, features: features, families: families)
                cancelsRow[cue.cancels] = row
                cueCancels.append(row)
            default:
                patternFeature.append(-1)
                patternCue.append(-1)
            }
        }
        patternHasFilters = patterns.map { !$0.unless.isEmpty || !$0.context.isEmpty }
    }

    /// Per literal, the one-segment patterns it completes; the patterns with gaps.
    mutating func addSegments(_ patterns: [CompiledPattern], literalCount: Int) {
        // Each one-segment pattern under each of its (distinct) literals, grouped by literal in pattern order.
        var pairs: [(literal: Int, pattern: Int)] = []
        for (p, pattern) in patterns.enumerated() {
            if pattern.segments.count == 1 {
                for literal in Set(pattern.segments[0]) { pairs.append((literal, p)) }
            } else {
                multiSegmentPatterns.append(p)
            }
        }
        let groups = KeyGroups(keys: pairs.lazy.map { $0.literal }, keyCount: literalCount)
        singleSegmentPatterns = groups.order.map { pairs[$0].pattern }
        singleSegmentStart = groups.first
    }

    private static func kind(of role: PatternSource.Role) -> Kind {
        switch role {
        case .feature: .feature
        case .headingCue: .headingCue
        case .bodyCue: .bodyCue
        case .contextCue: .contextCue
        case .negation: .negation
        case .link: .link
        case .element: .element
        case .clauseActor, .clauseModal: .clause
        }
    }

    /// Per feature, whether the cue cancels it (``NegationCue/cancels(_:)``, with the families given).
    private static func cancels(_ cue: NegationCue, features: [FeatureDefinition], families: [String]) -> [Bool] {
        if cue.cancels.isEmpty { return [Bool](repeating: true, count: features.count) }
        return features.indices.map { k in cue.cancels.contains { $0 == features[k].id.rawValue || $0 == families[k] } }
    }
}
