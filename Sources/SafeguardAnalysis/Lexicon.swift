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
        var singleSegmentPatterns: [[Int]] = []
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
        var families: [FeatureFamily] = []
        var features: [FeatureDefinition] = []
        var featureIndex: [FeatureID: Int] = [:]
        var categories: [CategoryDefinition] = []
        var defaultGap = 8
        var linkWindow = 12
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
        // Every reference must name a known feature or category.
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
                for name in rule.features
                where featureIndex[FeatureID(name)] == nil && !features.contains(where: { $0.id.family == name }) {
                    throw SafeguardError(
                        .invalidConfiguration, "clause rule '\(rule.id)' names unknown feature or family '\(name)'",
                        file: content.file)
                }
            }
            for pattern in content.patterns {
                if case .negation(let cue) = pattern.role {
                    for name in cue.cancels
                    where featureIndex[FeatureID(name)] == nil && !features.contains(where: { $0.id.family == name }) {
                        throw SafeguardError(
                            .invalidConfiguration, "negation cue '\(cue.id)' cancels unknown feature or family '\(name)'",
                            file: content.file, line: pattern.line)
                    }
                }
            }
        }
        for feature in features where !families.contains(where: { $0.id == String(feature.id.family) }) {
            families.append(FeatureFamily(id: String(feature.id.family), title: String(feature.id.family), colour: "#fff3b0"))
        }

        let categoryScoring = try CategoryScoring.merged(contents)
        var compiler = PatternCompiler(defaultGap: defaultGap, scoring: categoryScoring)
        var patterns: [CompiledPattern] = []
        for content in contents {
            for source in content.patterns {
                patterns.append(try compiler.compile(source))
            }
        }
        self.version = contents.map(\.version).joined(separator: "+")
        var languages: [String] = []
        for content in contents where !languages.contains(content.language) { languages.append(content.language) }
        self.languages = languages
        self.families = families
        self.features = features
        self.categories = categories
        self.patterns = patterns
        self.matcher = cache?.matcher(for: compiler.literals).0 ?? PhraseMatcher(literals: compiler.literals)
        self.linkWindow = linkWindow
        self.categoryScoring = categoryScoring
        self.repealedMarkers = Set(contents.flatMap(\.repealedMarkers))
        self.clauseRules = contents.flatMap(\.clauseRules)
        var actorKinds: [String] = []
        for pattern in patterns {
            if case .clauseActor(let kind) = pattern.role, !actorKinds.contains(kind) { actorKinds.append(kind) }
        }
        self.actorKinds = actorKinds
        self.featureIndex = featureIndex

        var tables = Tables()
        for feature in features {
            tables.onlyInMask.append(feature.onlyIn.map(Tables.mask) ?? UInt32.max)
            tables.notInMask.append(Tables.mask(feature.notIn))
            tables.negatable.append(feature.negatable)
            tables.suppressedBy.append(feature.suppressedBy.compactMap { featureIndex[$0] })
            tables.suppressedAroundBy.append(feature.suppressedAroundBy.compactMap { featureIndex[$0] })
            tables.inHeadings.append(feature.inHeadings)
            tables.notWhenPrimaryMask.append(Tables.mask(feature.notWhenPrimary))
        }
        for pattern in patterns {
            tables.patternWeight.append(pattern.weight)
            switch pattern.role {
            case .feature: tables.patternKind.append(.feature)
            case .headingCue: tables.patternKind.append(.headingCue)
            case .bodyCue: tables.patternKind.append(.bodyCue)
            case .contextCue: tables.patternKind.append(.contextCue)
            case .negation: tables.patternKind.append(.negation)
            case .link: tables.patternKind.append(.link)
            case .element: tables.patternKind.append(.element)
            case .clauseActor, .clauseModal: tables.patternKind.append(.clause)
            }
            switch pattern.role {
            case .clauseActor(let kind):
                tables.patternActor.append(actorKinds.firstIndex(of: kind) ?? -1)
                tables.patternModal.append(nil)
            case .clauseModal(let modality):
                tables.patternActor.append(-1)
                tables.patternModal.append(modality)
            default:
                tables.patternActor.append(-1)
                tables.patternModal.append(nil)
            }
            if case .element(let element) = pattern.role {
                tables.patternElement.append(element)
            } else {
                tables.patternElement.append(nil)
            }
            switch pattern.role {
            case .headingCue(let category), .bodyCue(let category), .contextCue(let category):
                tables.patternCategory.append(category)
            default:
                tables.patternCategory.append(.other)
            }
            if case .link(let kind) = pattern.role {
                tables.patternLink.append(kind)
            } else {
                tables.patternLink.append(.reference)
            }
            switch pattern.role {
            case .feature(let id):
                tables.patternFeature.append(featureIndex[id] ?? -1)
                tables.patternCue.append(-1)
            case .negation(let cue):
                tables.patternFeature.append(-1)
                tables.patternCue.append(tables.cueWindow.count)
                tables.cueScopeIsSentence.append(cue.scope == .sentence)
                tables.cueScopeIsProvision.append(cue.scope == .provision)
                tables.cueScopeIsPhrase.append(cue.scope == .phrase)
                tables.cueScopeIsRemainder.append(cue.scope == .remainder)
                tables.cueNotAfter.append(cue.notAfter)
                tables.cueMarksOptional.append(cue.marksOptional)
                tables.cueWindow.append(cue.window)
                tables.cueCancels.append(features.map { cue.cancels($0.id) })
            default:
                tables.patternFeature.append(-1)
                tables.patternCue.append(-1)
            }
        }
        tables.patternHasFilters = patterns.map { !$0.unless.isEmpty || !$0.context.isEmpty }
        tables.singleSegmentPatterns = [[Int]](repeating: [], count: matcher.literals.count)
        for (p, pattern) in patterns.enumerated() {
            if pattern.segments.count == 1 {
                for literal in Set(pattern.segments[0]) { tables.singleSegmentPatterns[literal].append(p) }
            } else {
                tables.multiSegmentPatterns.append(p)
            }
        }
        self.tables = tables
    }
}

/// Turns pattern text into literal ids: `shall ... {adopt|establish} ... measures`, `intentional*`.
///
/// Syntax: words match whole words, case- and accent-insensitively; `...` allows up to the default number
/// of words in between (`...3` up to 3), never across a `;` or the end of a sentence; `{a|b|}` gives
/// alternatives (an empty one makes the group optional); a final `*` lets the last word run on
/// ("intentional*" matches "intentionally").
struct PatternCompiler {
    var defaultGap: Int
    /// Gives category cues their default weights.
    let scoring: CategoryScoring
    var literals: [PhraseMatcher.Literal] = []
    private var literalIDs: [PhraseMatcher.Literal: Int] = [:]

    init(defaultGap: Int, scoring: CategoryScoring) {
        self.defaultGap = defaultGap
        self.scoring = scoring
        // The built-in lexicon has a few thousand distinct literals: growing the table step by step rehashed
        // every key several times.
        literals.reserveCapacity(8192)
        literalIDs.reserveCapacity(8192)
    }

    mutating func compile(_ source: PatternSource) throws -> CompiledPattern {
        func fail(_ message: String) -> SafeguardError {
            SafeguardError(.invalidConfiguration, "pattern '\(source.match)': \(message)", file: source.file, line: source.line)
        }
        var segmentTexts: [String] = []
        var gaps: [Int] = []
        var current: [Substring] = []
        for word in source.match.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            if word.hasPrefix("...") {
                let digits = word.dropFirst(3)
                guard digits.isEmpty || Int(digits) != nil else { throw fail("a gap is '...' or '...N'") }
                guard !current.isEmpty else { throw fail("a gap must stand between words") }
                segmentTexts.append(current.joined(separator: " "))
                current = []
                gaps.append(digits.isEmpty ? defaultGap : Int(digits)!)
            } else {
                current.append(word)
            }
        }
        guard !current.isEmpty else { throw fail(segmentTexts.isEmpty ? "empty pattern" : "a gap must stand between words") }
        segmentTexts.append(current.joined(separator: " "))

        var segments: [[Int]] = []
        for text in segmentTexts {
            segments.append(try literalIDs(for: text, fail: fail))
        }
        var unless: [Int] = []
        for text in source.unless {
            guard !text.contains("...") else { throw fail("'unless' phrases cannot have gaps") }
            unless.append(contentsOf: try literalIDs(for: text, fail: fail))
        }
        var context: [Int] = []
        for text in source.context {
            guard !text.contains("...") else { throw fail("'context' phrases cannot have gaps") }
            context.append(contentsOf: try literalIDs(for: text, fail: fail))
        }
        let trace: String
        switch source.role {
        case .feature(let id): trace = "\(id)#\(source.id)"
        case .headingCue(let category): trace = "category.\(category.rawValue).heading#\(source.id)"
        case .bodyCue(let category): trace = "category.\(category.rawValue).body#\(source.id)"
        case .contextCue(let category): trace = "category.\(category.rawValue).context#\(source.id)"
        case .negation(let cue): trace = "negation#\(cue.id)"
        case .link(let kind): trace = "link.\(kind.rawValue)#\(source.id)"
        case .element(let element): trace = "offence.\(element.rawValue)#\(source.id)"
        case .clauseActor(let kind): trace = "clause.actor.\(kind)#\(source.id)"
        case .clauseModal(let modality): trace = "clause.modal.\(modality.rawValue)#\(source.id)"
        }
        let defaultWeight: Int
        switch source.role {
        case .headingCue: defaultWeight = scoring.headingWeight
        case .contextCue: defaultWeight = scoring.contextWeight
        case .bodyCue: defaultWeight = scoring.bodyWeight
        default: defaultWeight = 1  // not a category cue: the weight is never read
        }
        return CompiledPattern(
            trace: trace, role: source.role, segments: segments, gaps: gaps, unless: unless, context: context,
            weight: source.weight ?? defaultWeight)
    }

    private mutating func literalIDs(for text: String, fail: (String) -> SafeguardError) throws -> [Int] {
        var ids: [Int] = []
        for alternative in try Self.expand(text, fail: fail) {
            var phrase = alternative
            var requiresEnd = true
            if phrase.hasSuffix("*") {
                phrase.removeLast()
                requiresEnd = false
            }
            // Byte checks, not Foundation's String.contains(String): this runs for every alternative at start-up.
            guard !phrase.utf8.contains(UInt8(ascii: "*")) else { throw fail("'*' may only end a phrase") }
            let symbols = TextFolding.foldPhrase(phrase)
            guard !symbols.isEmpty else { throw fail("an alternative is empty") }
            guard symbols.count <= PhraseMatcher.maximumLiteralLength else {
                throw fail("a phrase is longer than \(PhraseMatcher.maximumLiteralLength) characters")
            }
            let literal = PhraseMatcher.Literal(symbols: symbols, requiresEndBoundary: requiresEnd)
            if let id = literalIDs[literal] {
                ids.append(id)
            } else {
                literalIDs[literal] = literals.count
                ids.append(literals.count)
                literals.append(literal)
            }
        }
        return ids
    }

    /// Expands `{a|b}` groups into every combination (at most 2048).
    static func expand(_ text: String, fail: (String) -> SafeguardError) throws -> [String] {
        guard let open = text.firstIndex(of: "{") else {
            guard !text.utf8.contains(UInt8(ascii: "}")) && !text.utf8.contains(UInt8(ascii: "|")) else {
                throw fail("'|' and '}' belong inside '{...}'")
            }
            return [text]
        }
        guard let close = text[open...].firstIndex(of: "}") else { throw fail("unclosed '{'") }
        let inner = text[text.index(after: open)..<close]
        guard !inner.utf8.contains(UInt8(ascii: "{")) else { throw fail("'{...}' groups cannot nest") }
        let prefix = String(text[..<open])
        guard !prefix.utf8.contains(UInt8(ascii: "}")) && !prefix.utf8.contains(UInt8(ascii: "|")) else {
            throw fail("'|' and '}' belong inside '{...}'")
        }
        let rest = try expand(String(text[text.index(after: close)...]), fail: fail)
        var result: [String] = []
        for alternative in inner.split(separator: "|", omittingEmptySubsequences: false) {
            for tail in rest {
                result.append(prefix + alternative + tail)
                if result.count > 2048 { throw fail("too many alternatives (more than 2048)") }
            }
        }
        return result
    }
}
