import SafeguardModel
import Yams

/// How cue words decide an article's categories: the weights of the cues, the cap on body cues and the
/// scores a category needs to be primary or secondary. Read from the lexicon's `category-scoring:` mapping
/// (docs/lexicon-format.md), so that a lexicon in another language can tune them.
public struct CategoryScoring: Sendable, Hashable {
    /// Default weight of a cue in an article's own heading.
    public var headingWeight: Int
    /// Default weight of a cue in an article's body.
    public var bodyWeight: Int
    /// Default weight of a cue in the heading of a chapter or part around the article.
    public var contextWeight: Int
    /// Body cues add at most this much to a category, so that words in the body never outvote a heading.
    public var bodyCap: Int
    /// The score a category needs to be an article's primary category (below it: `other`).
    public var primaryMinimum: Int
    /// The score another category needs to be secondary…
    public var secondaryMinimum: Int
    /// …and its share of the primary category's score, in percent.
    public var secondaryPercent: Int
    /// At most this many secondary categories.
    public var secondaryLimit: Int
    /// At most this many cues quoted as evidence of the primary category.
    public var evidenceLimit: Int

    public init(
        headingWeight: Int, bodyWeight: Int, contextWeight: Int, bodyCap: Int, primaryMinimum: Int,
        secondaryMinimum: Int, secondaryPercent: Int, secondaryLimit: Int, evidenceLimit: Int
    ) {
        self.headingWeight = headingWeight
        self.bodyWeight = bodyWeight
        self.contextWeight = contextWeight
        self.bodyCap = bodyCap
        self.primaryMinimum = primaryMinimum
        self.secondaryMinimum = secondaryMinimum
        self.secondaryPercent = secondaryPercent
        self.secondaryLimit = secondaryLimit
        self.evidenceLimit = evidenceLimit
    }

    /// The keys of `category-scoring:`, each with the property it sets.
    static var keys: [(key: String, property: WritableKeyPath<CategoryScoring, Int>)] {
        [
            ("heading-weight", \.headingWeight), ("body-weight", \.bodyWeight), ("context-weight", \.contextWeight),
            ("body-cap", \.bodyCap), ("primary-minimum", \.primaryMinimum), ("secondary-minimum", \.secondaryMinimum),
            ("secondary-percent", \.secondaryPercent), ("secondary-limit", \.secondaryLimit),
            ("evidence-limit", \.evidenceLimit),
        ]
    }

    /// All zero: the placeholder of an empty lexicon, which has no cue to score.
    static let unset = CategoryScoring(
        headingWeight: 0, bodyWeight: 0, contextWeight: 0, bodyCap: 0, primaryMinimum: 0, secondaryMinimum: 0,
        secondaryPercent: 0, secondaryLimit: 0, evidenceLimit: 0)

    /// The scoring of lexicon files read in order: the first (base) file must set every key; later files may
    /// change some of them.
    static func merged(_ contents: [LexiconFileContent]) throws -> CategoryScoring {
        var values: [String: Int] = [:]
        for content in contents { values.merge(content.categoryScoring) { _, later in later } }
        var scoring = unset
        for (key, property) in keys {
            guard let value = values[key] else {
                throw SafeguardError(
                    .invalidConfiguration, "category-scoring: missing '\(key)' (the base lexicon must set every key)",
                    file: contents.first?.file)
            }
            scoring[keyPath: property] = value
        }
        guard scoring.bodyCap >= 1, scoring.primaryMinimum >= 1, scoring.secondaryPercent <= 100 else {
            throw SafeguardError(
                .invalidConfiguration,
                "category-scoring: body-cap and primary-minimum must be at least 1, secondary-percent at most 100",
                file: contents.last?.file)
        }
        return scoring
    }

    /// Whether a category with `score` is secondary to a primary category with `primaryScore`.
    func isSecondary(_ score: Int, primaryScore: Int) -> Bool {
        score >= secondaryMinimum && score * 100 >= primaryScore * secondaryPercent
    }
}
