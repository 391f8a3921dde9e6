public import SafeguardAnalysis
public import SafeguardModel

/// An instrument judged against frameworks, after any human review.
public struct Assessment: Sendable {
    /// The analysis the verdicts rest on (after rejected findings were removed).
    public var analysis: Analysis
    public var results: [FrameworkResult]
    /// What happened to each review entry (applied, stale, unmatched), in file order.
    public var reviewOutcomes: [ReviewOutcome]

    public init(analysis: Analysis, results: [FrameworkResult], reviewOutcomes: [ReviewOutcome] = []) {
        self.analysis = analysis
        self.results = results
        self.reviewOutcomes = reviewOutcomes
    }

    public var instrument: Instrument { analysis.instrument }
}

/// Judges analyses against principle frameworks. Deterministic: the same analysis, frameworks and reviews
/// always give the same results, in framework and principle order.
public struct Assessor: Sendable {
    public let frameworks: [Framework]

    public init(frameworks: [Framework]) {
        self.frameworks = frameworks
    }

    /// Assesses one analysis. Reviews are applied in order: rejected findings are removed before evaluation,
    /// confirmations mark evidence, overrides replace verdicts; stale entries are reported and not applied.
    public func assess(_ analysis: Analysis, reviews allReviews: [Review] = []) -> Assessment {
        let reviews = allReviews.filter { $0.applies(to: analysis.instrument.metadata) }
        var outcomes: [ReviewOutcome] = []
        var reviewed = analysis
        var confirmations: [Int: ReviewMark] = [:]  // finding index (after rejection) → mark
        if !reviews.isEmpty {
            let applied = ReviewApplier.applyFindingReviews(reviews, to: analysis)
            reviewed = applied.analysis
            confirmations = applied.confirmations
            outcomes = applied.outcomes
        }
        let index = AnalysisIndex(reviewed)
        var results = frameworks.map { FrameworkEvaluator(framework: $0, index: index, confirmations: confirmations).evaluate() }
        if !reviews.isEmpty {
            outcomes = ReviewApplier.applyOverrides(reviews, to: &results, analysis: reviewed, findingOutcomes: outcomes)
        }
        return Assessment(analysis: reviewed, results: results, reviewOutcomes: outcomes)
    }
}

/// Assesses an analysis against frameworks with no review: the plain public entry point.
public func assess(_ analysis: Analysis, frameworks: [Framework]) -> [FrameworkResult] {
    Assessor(frameworks: frameworks).assess(analysis).results
}

// MARK: - Evaluation

/// How well one provision (or, for `together`, the pooled provisions) satisfies a requirement.
enum Satisfaction: Int, Comparable {
    case unsatisfied = 0
    case partial = 1
    case satisfied = 2
    static func < (lhs: Satisfaction, rhs: Satisfaction) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A required feature found, possibly in a linked safeguards provision.
struct FoundFeature {
    var requirement: String
    var finding: Int
    /// Set when the finding stands in a linked provision, not in the provision judged.
    var through: AnalysisIndex.LinkedUnit?
}

/// The judgement of one applicable item (or, for `together`, the pool of items).
struct UnitOutcome {
    /// Item indices at the rule's level.
    var items: [Int]
    var satisfaction: Satisfaction
    var found: [FoundFeature]
    var missing: [String]
    var forbidden: [Int]
    var partlyBy: [Int]
}

/// The result of one rule: nil verdict when nothing applied.
struct RuleOutcome {
    var rule: Rule
    var applicable: [Int]
    var outcomes: [UnitOutcome]
    var verdict: Verdict?
}

struct FrameworkEvaluator {
    let framework: Framework
    let index: AnalysisIndex
    let confirmations: [Int: ReviewMark]

    /// Caps keep explanations to one readable paragraph; the evidence list keeps everything.
    static let maxUnitsInExplanation = 3
    static let maxEvidence = 200

    func evaluate() -> FrameworkResult {
        var principles: [PrincipleResult] = []
        var outcomesByPrinciple: [[RuleOutcome]] = []
        for principle in framework.principles {
            let ruleOutcomes = principle.rules.map { evaluate($0, restrictedTo: nil) }
            outcomesByPrinciple.append(ruleOutcomes)
            principles.append(result(of: principle, ruleOutcomes: ruleOutcomes))
        }
        let overall = Score(verdicts: principles.map(\.verdict))
        var chapters: [ChapterScore] = []
        var chapterOrder: [Int?] = []
        for chapter in index.chapter where !chapterOrder.contains(where: { $0 == chapter }) {
            chapterOrder.append(chapter)
        }
        // Only worth a breakdown when the instrument is divided at all.
        if chapterOrder.contains(where: { $0 != nil }) {
            for chapter in chapterOrder {
                let members = index.units.indices.filter { index.chapter[$0] == chapter }
                var verdicts: [String: Verdict] = [:]
                for (principle, ruleOutcomes) in zip(framework.principles, outcomesByPrinciple) {
                    verdicts[principle.id] = verdict(
                        of: principle, inChapter: chapter, members: members,
                        wholeInstrument: ruleOutcomes)
                }
                let label: String
                let eId: EId
                if let chapter {
                    let provision = index.instrument.provisions[chapter]
                    eId = provision.eId
                    label = [provision.num, provision.heading].compactMap { $0 }.joined(separator: " — ")
                } else {
                    eId = "(none)"
                    label = "Outside any chapter"
                }
                chapters.append(
                    ChapterScore(
                        eId: eId, label: label.isEmpty ? eId.rawValue : label,
                        score: Score(verdicts: framework.principles.compactMap { verdicts[$0.id] }),
                        verdicts: verdicts))
            }
        }
        return FrameworkResult(
            frameworkID: framework.id, title: framework.title, version: framework.version, principles: principles,
            source: framework.source, score: FrameworkScore(overall: overall, chapters: chapters))
    }

    /// A principle's chapter verdict from its whole-instrument rule outcomes. An `every`/`any` rule judges each
    /// item on its own, so its chapter verdict follows from the outcomes of the chapter's items (the same
    /// judgements a restricted evaluation would repeat); only a pooled (`together`) rule is judged again on
    /// the chapter's pool. Same result as ``verdict(of:restrictedTo:)``, without re-evaluating every rule.
    func verdict(of principle: Principle, inChapter chapter: Int?, members: [Int], wholeInstrument: [RuleOutcome])
        -> Verdict
    {
        var verdicts: [Verdict] = []
        for outcome in wholeInstrument {
            let rule = outcome.rule
            if rule.quantifier == .together {
                if let verdict = evaluate(rule, restrictedTo: members).verdict { verdicts.append(verdict) }
                continue
            }
            let level = index.level(rule.level)
            var any = false
            var anySatisfied = false
            var anyPartial = false
            var allSatisfied = true
            for unitOutcome in outcome.outcomes where index.chapter[level.items[unitOutcome.items[0]].unit] == chapter {
                any = true
                switch unitOutcome.satisfaction {
                case .satisfied: anySatisfied = true
                case .partial: anyPartial = true; allSatisfied = false
                case .unsatisfied: allSatisfied = false
                }
            }
            guard any else { continue }
            verdicts.append(
                Self.verdict(
                    of: rule, anySatisfied: anySatisfied, anyPartial: anyPartial,
                    allSatisfied: allSatisfied))
        }
        return verdicts.min(by: Self.worse) ?? .notApplicable
    }

    static func verdict(of rule: Rule, anySatisfied: Bool, anyPartial: Bool, allSatisfied: Bool) -> Verdict {
        switch rule.quantifier {
        case .every, .together:
            allSatisfied ? rule.verdicts.all : (anySatisfied || anyPartial ? rule.verdicts.some : rule.verdicts.none)
        case .any:
            anySatisfied ? rule.verdicts.all : (anyPartial ? rule.verdicts.some : rule.verdicts.none)
        }
    }

    /// The verdict alone, for chapter scores: existence principles are not penalised for living in
    /// another chapter, so nothing applicable there is `not-applicable`.
    func verdict(of principle: Principle, restrictedTo members: [Int]) -> Verdict {
        let verdicts = principle.rules.compactMap { evaluate($0, restrictedTo: members).verdict }
        return verdicts.min(by: Self.worse) ?? .notApplicable
    }

    func evaluate(_ principle: Principle, restrictedTo members: [Int]?) -> PrincipleResult {
        result(of: principle, ruleOutcomes: principle.rules.map { evaluate($0, restrictedTo: members) })
    }

    func result(of principle: Principle, ruleOutcomes: [RuleOutcome]) -> PrincipleResult {
        let applicableVerdicts = ruleOutcomes.compactMap(\.verdict)
        let verdict: Verdict
        if let worst = applicableVerdicts.min(by: Self.worse) {
            verdict = worst
        } else {
            verdict = principle.existence ? .notMet : .notApplicable
        }
        // A pooled (`together`) judgement counts once, like one provision.
        func count(_ satisfaction: Satisfaction) -> Int {
            ruleOutcomes.reduce(0) { $0 + $1.outcomes.filter { $0.satisfaction == satisfaction }.count }
        }
        let counts = PrincipleCounts(
            applicable: ruleOutcomes.reduce(0) { $0 + $1.outcomes.count },
            satisfied: count(.satisfied), partlySatisfied: count(.partial))
        return PrincipleResult(
            id: principle.id, title: principle.title, verdict: verdict,
            explanation: explanation(principle, verdict: verdict, rules: ruleOutcomes),
            evidence: evidence(ruleOutcomes), counts: counts)
    }

    /// Orders verdicts from worst to best: not-met < partly-met < met.
    static func worse(_ lhs: Verdict, _ rhs: Verdict) -> Bool { rank(lhs) < rank(rhs) }

    static func rank(_ verdict: Verdict) -> Int {
        switch verdict {
        case .notMet: 0
        case .partlyMet: 1
        case .met: 2
        case .notApplicable: 3
        }
    }

    // MARK: Rules

    /// `members`: unit positions in document order (one chapter), or nil for the whole instrument.
    func applicable(_ rule: Rule, restrictedTo members: [Int]?) -> [Int] {
        let level = index.level(rule.level)
        let candidates: [Int]
        if let members {
            candidates = members.flatMap { level.itemsByUnit[$0] ?? [] }
        } else {
            candidates = Array(level.items.indices)
        }
        return candidates.filter { i in rule.appliesTo.contains { matches($0, item: i, level: level) } }
    }

    func matches(_ selector: Selector, item: Int, level: AnalysisIndex.LevelItems) -> Bool {
        let unit = level.items[item].unit
        let category = index.primary[unit]
        if !selector.categories.isEmpty {
            guard let category, selector.categories.contains(category) else { return false }
        }
        let features = level.features[item]
        if !selector.features.isEmpty, !AnalysisIndex.hasFeature(features, matching: selector.features) { return false }
        if !selector.linked.isEmpty,
            !selector.linked.contains(where: { index.linkTargets[$0]?.contains(unit) ?? false })
        {
            return false
        }
        if let category, selector.notCategories.contains(category) { return false }
        if !selector.notFeatures.isEmpty, AnalysisIndex.hasFeature(features, matching: selector.notFeatures) { return false }
        return true
    }

    func evaluate(_ rule: Rule, restrictedTo members: [Int]?) -> RuleOutcome {
        let items = applicable(rule, restrictedTo: members)
        guard !items.isEmpty else {
            return RuleOutcome(rule: rule, applicable: [], outcomes: [], verdict: nil)
        }
        let level = index.level(rule.level)
        let outcomes: [UnitOutcome]
        if rule.quantifier == .together {
            outcomes = [judge(items, rule: rule, level: level)]
        } else {
            outcomes = items.map { judge([$0], rule: rule, level: level) }
        }
        let anySatisfied = outcomes.contains { $0.satisfaction == .satisfied }
        let anyPartial = outcomes.contains { $0.satisfaction == .partial }
        let allSatisfied = outcomes.allSatisfy { $0.satisfaction == .satisfied }
        let verdict = Self.verdict(
            of: rule, anySatisfied: anySatisfied, anyPartial: anyPartial,
            allSatisfied: allSatisfied)
        return RuleOutcome(rule: rule, applicable: items, outcomes: outcomes, verdict: verdict)
    }

    /// Judges the items (one, or the pool for `together`) against the requirement.
    func judge(_ items: [Int], rule: Rule, level: AnalysisIndex.LevelItems) -> UnitOutcome {
        let requirement = rule.require
        var linked: [AnalysisIndex.LinkedUnit] = []
        if requirement.via == .orLinked {
            if items.count == 1 {
                let unit = level.items[items[0]].unit
                linked = index.linkedSafeguards[unit]
            } else {
                var seen = Set(items.map { level.items[$0].unit })
                for unit in items.map({ level.items[$0].unit }) {
                    for candidate in index.linkedSafeguards[unit] where seen.insert(candidate.unit).inserted {
                        linked.append(candidate)
                    }
                }
            }
        }
        func locate(_ patterns: [FeaturePattern]) -> (Int, AnalysisIndex.LinkedUnit?)? {
            for item in items {
                if let finding = AnalysisIndex.firstFinding(in: level.features[item], matching: patterns) {
                    return (finding, nil)
                }
            }
            for candidate in linked {
                if let finding = index.firstFinding(in: candidate, matching: patterns) { return (finding, candidate) }
            }
            return nil
        }

        var found: [FoundFeature] = []
        var missing: [String] = []
        var held = 0
        for (feature, pattern) in zip(requirement.allOf, requirement.allOfPatterns) {
            if let (finding, through) = locate([pattern]) {
                found.append(FoundFeature(requirement: feature.rawValue, finding: finding, through: through))
                held += 1
            } else {
                missing.append(feature.rawValue)
            }
        }
        if !requirement.anyOf.isEmpty {
            if let (finding, through) = locate(requirement.anyOf) {
                found.append(
                    FoundFeature(
                        requirement: requirement.anyOf.map(\.raw).joined(separator: " or "),
                        finding: finding, through: through))
                held += 1
            } else {
                missing.append(requirement.anyOf.map(\.raw).joined(separator: " or "))
            }
        }
        // Forbidden words count only where they stand: a linked article does not add them to a power.
        let forbidden = items.flatMap { AnalysisIndex.findings(in: level.features[$0], matching: requirement.noneOf) }
        var partlyBy: [Int] = []
        if !requirement.partlyBy.isEmpty, let (finding, _) = locate(requirement.partlyBy) { partlyBy = [finding] }

        let positives = requirement.allOf.count + (requirement.anyOf.isEmpty ? 0 : 1)
        let clean = forbidden.isEmpty
        let satisfaction: Satisfaction
        if positives == 0 {
            satisfaction = clean ? .satisfied : .unsatisfied
        } else if held == positives {
            satisfaction = clean ? .satisfied : .partial
        } else if held > 0 || !partlyBy.isEmpty {
            satisfaction = .partial
        } else {
            satisfaction = .unsatisfied
        }
        return UnitOutcome(
            items: items, satisfaction: satisfaction, found: found, missing: missing,
            forbidden: forbidden, partlyBy: partlyBy)
    }

    /// The words that make an item subject to the rule: the finding its selector matched, else its name.
    /// Computed only for what is shown (explanations and evidence), not for chapter scores.
    func anchor(_ outcome: UnitOutcome, rule: Rule) -> Evidence {
        anchor(of: outcome.items[0], rule: rule, level: index.level(rule.level))
    }

    func anchor(of item: Int, rule: Rule, level: AnalysisIndex.LevelItems) -> Evidence {
        for selector in rule.appliesTo where !selector.features.isEmpty && matches(selector, item: item, level: level) {
            if let finding = AnalysisIndex.firstFinding(in: level.features[item], matching: selector.features) {
                return evidence(finding, role: .applies)
            }
        }
        return index.nameEvidence(of: level.items[item].unit)
    }

    func evidence(_ findingIndex: Int, role: EvidenceRole) -> Evidence {
        let finding = index.finding(findingIndex)
        return Evidence(
            eId: finding.eId, span: finding.span, quote: finding.quote, feature: finding.feature.rawValue,
            role: role, review: confirmations[findingIndex])
    }

    // MARK: Evidence and explanation

    /// The evidence of a verdict: words against it, the provisions that fall short (with the words that make
    /// them subject to the principle), and words that satisfy it. When a principle is met only by absence
    /// ("no speech offence"), the provisions checked are listed instead, so the verdict still points at text.
    func evidence(_ rules: [RuleOutcome]) -> [Evidence] {
        var result: [Evidence] = []
        var seen: Set<String> = []
        func add(_ item: Evidence) {
            let key = "\(item.eId)|\(item.span.start)|\(item.span.end)|\(item.feature ?? "")|\(item.role?.rawValue ?? "")"
            guard result.count < Self.maxEvidence, seen.insert(key).inserted else { return }
            result.append(item)
        }
        var spans: Set<TextSpan> = []
        for rule in Self.decisiveFirst(rules) {
            for outcome in rule.outcomes {
                for finding in outcome.forbidden {
                    add(evidence(finding, role: .against))
                    spans.insert(index.finding(finding).span)
                }
                // The anchor shows which provision falls short (unless its words are already there as words
                // against it); a pool has no single such provision.
                if outcome.items.count == 1 && outcome.satisfaction != .satisfied {
                    var anchor = anchor(outcome, rule: rule.rule)
                    if !outcome.missing.isEmpty { anchor.lacks = outcome.missing }
                    if !spans.contains(anchor.span) { add(anchor) }
                }
                for found in outcome.found { add(evidence(found.finding, role: .supports)) }
                for finding in outcome.partlyBy { add(evidence(finding, role: .supports)) }
            }
        }
        if result.isEmpty {
            for rule in rules {
                for outcome in rule.outcomes where outcome.items.count == 1 { add(anchor(outcome, rule: rule.rule)) }
            }
        }
        return result
    }

    /// The rule that decided the verdict (the worst) first, so its words lead the evidence and the explanation.
    static func decisiveFirst(_ rules: [RuleOutcome]) -> [RuleOutcome] {
        rules.enumerated().sorted { lhs, rhs in
            let l = lhs.element.verdict.map(rank) ?? 4
            let r = rhs.element.verdict.map(rank) ?? 4
            return l != r ? l < r : lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// The principle's note for national laws, when the instrument is one (a treaty standard applied to an act).
    private func nationalLawNote(_ principle: Principle) -> [String] {
        guard index.instrument.metadata.kind == .nationalLaw, let note = principle.nationalLawNote else { return [] }
        return [note]
    }

    func explanation(_ principle: Principle, verdict: Verdict, rules: [RuleOutcome]) -> String {
        var sentences: [String] = []
        if let authored = principle.explain[verdict] { sentences.append(authored) }
        let applicableRules = rules.filter { $0.verdict != nil }
        if applicableRules.isEmpty {
            var looked: [String] = []
            for rule in rules {
                for selector in rule.rule.appliesTo {
                    let text = describe([selector])
                    if !looked.contains(text) { looked.append(text) }
                }
            }
            let what = looked.joined(separator: " or ")
            if principle.existence {
                sentences.append("Not met: the instrument has no \(what), and this principle requires one.")
                sentences.append(contentsOf: nationalLawNote(principle))
            } else {
                sentences.append("Not applicable: the instrument has no \(what).")
            }
            return sentences.joined(separator: " ")
        }
        for rule in Self.decisiveFirst(rules) where rule.verdict != nil {
            sentences.append(describe(rule))
        }
        sentences.append(contentsOf: nationalLawNote(principle))
        return sentences.joined(separator: " ")
    }

    private func describe(_ rule: RuleOutcome) -> String {
        var what = describe(rule.rule.appliesTo)
        if rule.rule.level == .paragraph { what = "paragraphs of " + what }
        if rule.rule.level == .offence { what = "offences of " + what }
        guard let verdict = rule.verdict else {
            return "No \(what) to apply the test to."
        }
        let requirement = describe(rule.rule.require)
        var parts: [String] = []
        let satisfied = rule.outcomes.filter { $0.satisfaction == .satisfied }
        let failing = rule.outcomes.filter { $0.satisfaction != .satisfied }
        switch rule.rule.quantifier {
        case .together:
            let satisfaction = rule.outcomes[0].satisfaction
            let verb = satisfaction == .satisfied ? "meet" : (satisfaction == .partial ? "partly meet" : "do not meet")
            parts.append("Taken together, the \(rule.applicable.count) \(what) \(verb) the test (\(requirement)) — \(label(verdict)).")
        case .any:
            parts.append(
                "\(satisfied.count) of \(rule.applicable.count) \(what) meet the test (\(requirement)); one is enough — \(label(verdict)).")
        case .every:
            parts.append("\(satisfied.count) of \(rule.applicable.count) \(what) meet the test (\(requirement)) — \(label(verdict)).")
        }
        for outcome in failing.prefix(Self.maxUnitsInExplanation) {
            parts.append(describeFailure(outcome, rule.rule))
        }
        if failing.count > Self.maxUnitsInExplanation {
            parts.append("\(failing.count - Self.maxUnitsInExplanation) more provision(s) fall short in the same way (see evidence).")
        }
        // Examples of provisions that pass help a partial verdict; under a failing one they are noise.
        let showSatisfied = verdict == .notMet ? [] : satisfied.prefix(2)
        for outcome in showSatisfied {
            let text = describeSuccess(outcome, rule.rule)
            if !text.isEmpty { parts.append(text) }
        }
        return parts.joined(separator: " ")
    }

    private func itemName(_ outcome: UnitOutcome, _ rule: Rule) -> String {
        guard outcome.items.count == 1 else { return "these provisions" }
        let item = index.level(rule.level).items[outcome.items[0]]
        return index.instrument.provisions[item.provision].eId.rawValue
    }

    private func describeFailure(_ outcome: UnitOutcome, _ rule: Rule) -> String {
        if outcome.items.count > 1 { return describePoolFailure(outcome) }
        let name = itemName(outcome, rule)
        var against: [String] = []
        for finding in outcome.forbidden.prefix(2) {
            let f = index.finding(finding)
            let place = f.eId.rawValue == name ? "" : " in \(f.eId)"
            against.append("\(f.feature)\(place): \(Self.quoted(f.quote))")
        }
        var has = outcome.found.prefix(2).map { foundText($0) }
        for finding in outcome.partlyBy.prefix(1) where outcome.found.isEmpty {
            let f = index.finding(finding)
            has.append("only \(f.feature) in \(f.eId): \(Self.quoted(f.quote))")
        }
        var sentence = name
        if against.isEmpty {
            let anchor = anchor(outcome, rule: rule)
            sentence += " (\(anchor.eId): \(Self.quoted(anchor.quote)))"
        }
        var parts: [String] = []
        if !against.isEmpty { parts.append("has " + Self.list(against)) }
        if !has.isEmpty { parts.append((against.isEmpty ? "has " : "although it has ") + Self.list(has)) }
        if !outcome.missing.isEmpty {
            parts.append((has.isEmpty && against.isEmpty ? "" : "but ") + "lacks " + outcome.missing.joined(separator: ", "))
        }
        return sentence + " " + parts.joined(separator: " ") + "."
    }

    /// A pooled judgement names no single provision: it says what the provisions have and lack together.
    private func describePoolFailure(_ outcome: UnitOutcome) -> String {
        var parts: [String] = []
        let against = outcome.forbidden.prefix(2).map { finding -> String in
            let f = index.finding(finding)
            return "\(f.feature) in \(f.eId): \(Self.quoted(f.quote))"
        }
        if !against.isEmpty { parts.append("have " + Self.list(against)) }
        let has = outcome.found.prefix(3).map { foundText($0) }
        if !has.isEmpty { parts.append((against.isEmpty ? "have " : "and ") + Self.list(has)) }
        if !outcome.missing.isEmpty {
            parts.append((parts.isEmpty ? "" : "but ") + "lack " + outcome.missing.joined(separator: ", "))
        }
        return "Together they " + parts.joined(separator: " ") + "."
    }

    private func describeSuccess(_ outcome: UnitOutcome, _ rule: Rule) -> String {
        if outcome.items.count > 1 {
            let clauses = outcome.found.prefix(3).map { foundText($0) }
            return clauses.isEmpty ? "" : "Together they have \(Self.list(clauses))."
        }
        if outcome.found.isEmpty {
            let anchor = anchor(outcome, rule: rule)
            return "For example \(itemName(outcome, rule)) (\(anchor.eId): \(Self.quoted(anchor.quote))) has none of the excluded features."
        }
        let clauses = outcome.found.prefix(3).map { foundText($0) }
        return "For example \(itemName(outcome, rule)) has \(Self.list(clauses))."
    }

    private func foundText(_ found: FoundFeature) -> String {
        let f = index.finding(found.finding)
        var text = "\(f.feature) in \(f.eId): \(Self.quoted(f.quote))"
        if let through = found.through {
            if let link = through.link, let span = link.span {
                text += " (linked by \(Self.quoted(index.instrument.quote(span))))"
            } else if through.link != nil {
                text += " (through a cross-reference to \(index.eId(ofUnit: through.unit)))"
            } else {
                text += " (a safeguards provision in the same chapter)"
            }
        }
        return text
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }

    static func quoted(_ text: String, limit: Int = 140) -> String {
        let flat = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        if flat.count <= limit { return "“\(flat)”" }
        return "“\(flat.prefix(limit))…”"
    }

    private func label(_ verdict: Verdict) -> String { verdict.rawValue }

    func describe(_ selectors: [Selector]) -> String {
        let parts = selectors.map { selector -> String in
            if selector.all && selector.categories.isEmpty && selector.features.isEmpty { return "provisions" }
            var text =
                selector.categories.isEmpty ? "provisions" : selector.categories.map(\.rawValue).joined(separator: "/") + " provisions"
            if !selector.features.isEmpty { text += " with " + selector.features.map(\.raw).joined(separator: " or ") }
            if !selector.linked.isEmpty { text += " named by a " + selector.linked.map(\.rawValue).joined(separator: "/") + " link" }
            if !selector.notCategories.isEmpty { text += " (not " + selector.notCategories.map(\.rawValue).joined(separator: "/") + ")" }
            if !selector.notFeatures.isEmpty { text += " without " + selector.notFeatures.map(\.raw).joined(separator: " or ") }
            return text
        }
        return parts.joined(separator: " or ")
    }

    func describe(_ requirement: Requirement) -> String {
        var parts: [String] = []
        if !requirement.allOf.isEmpty { parts.append("has " + requirement.allOf.map(\.rawValue).joined(separator: " and ")) }
        if !requirement.anyOf.isEmpty { parts.append("has " + requirement.anyOf.map(\.raw).joined(separator: " or ")) }
        if !requirement.noneOf.isEmpty { parts.append("has no " + requirement.noneOf.map(\.raw).joined(separator: " or ")) }
        var text = parts.isEmpty ? "exists" : parts.joined(separator: ", ")
        if requirement.via == .orLinked && !(requirement.allOf.isEmpty && requirement.anyOf.isEmpty) {
            text += ", itself or through a linked safeguards provision"
        }
        return text
    }
}
