import SafeguardAnalysis
import SafeguardModel

/// Per-unit lookups built once per analysis, so that evaluating a framework is a walk over small arrays
/// instead of repeated scans of every finding.
///
/// A "unit" is an article or section. A unit has a feature when any finding in it or in one of its
/// paragraphs, points, ... has that feature.
final class AnalysisIndex: Sendable {
    /// A safeguards provision connected to a unit, and the link that connects them (nil: same chapter).
    struct LinkedUnit {
        var unit: Int
        var link: ProvisionLink?
        /// When the link names a part of the unit ("article 28, paragraph 3"), only findings inside it count.
        var scope: TextSpan?
    }

    /// What a rule judges: a whole unit, or one paragraph of it (the unit's child holding a finding).
    struct Item {
        var unit: Int
        /// Provision index of the item (the unit itself, or its paragraph).
        var provision: Int
    }

    /// The items of one level and their findings by feature.
    struct LevelItems {
        var items: [Item]
        var features: [[FeatureID: [Int]]]
        /// Item indices per unit position, in document order.
        var itemsByUnit: [Int: [Int]]

        init(items: [Item], features: [[FeatureID: [Int]]]) {
            self.items = items
            self.features = features
            var byUnit: [Int: [Int]] = [:]
            for (i, item) in items.enumerated() { byUnit[item.unit, default: []].append(i) }
            itemsByUnit = byUnit
        }
    }

    let analysis: Analysis
    /// The instrument's text as bytes, for finding headings without copying.
    let bytes: [UInt8]
    /// Provision indices of the units, in document order. Unit positions index every other array.
    let units: [Int]
    /// The primary category of each unit (nil when the analysis gave none).
    let primary: [Category?]
    /// The words that decided each unit's category.
    let categoryEvidence: [[Finding]]
    /// Finding indices per unit, by feature, in document order.
    let features: [[FeatureID: [Int]]]
    /// Units that are the target of a link, by link kind.
    let linkTargets: [ProvisionLink.Kind: Set<Int>]
    /// Safeguards provisions connected to each unit (see docs/framework-format.md, `or_linked`).
    let linkedSafeguards: [[LinkedUnit]]
    /// The outermost chapter/part (or other container) holding each unit, as a provision index.
    let chapter: [Int?]
    /// Paragraph-level items: each paragraph (direct child of a unit, with all its points) that holds findings.
    let paragraphs: LevelItems
    /// Unit-level items: every unit.
    let unitItems: LevelItems
    /// Offence-level items: every offence of a criminalisation unit, with the findings of its own elements.
    let offences: LevelItems

    init(_ analysis: Analysis) {
        self.analysis = analysis
        let instrument = analysis.instrument
        self.bytes = Array(instrument.text.utf8)
        let units = instrument.unitIndices
        self.units = units
        var position: [Int: Int] = [:]
        for (i, provisionIndex) in units.enumerated() { position[provisionIndex] = i }

        func unitPosition(ofEId eId: EId) -> Int? {
            guard let index = instrument.index(of: eId), let unit = instrument.unitIndex(containing: index) else {
                return nil
            }
            return position[unit]
        }

        var primary = [Category?](repeating: nil, count: units.count)
        var categoryEvidence = [[Finding]](repeating: [], count: units.count)
        for assignment in analysis.categories {
            guard let unit = unitPosition(ofEId: assignment.eId) else { continue }
            primary[unit] = assignment.primary
            categoryEvidence[unit] = assignment.evidence
        }
        self.primary = primary
        self.categoryEvidence = categoryEvidence

        let (features, paragraphs) = Self.findingsByItem(analysis, position: position)
        self.features = features
        self.paragraphs = paragraphs
        self.offences = Self.offenceItems(analysis, position: position)
        self.unitItems = LevelItems(items: units.indices.map { Item(unit: $0, provision: units[$0]) }, features: features)
        let (chapter, scope) = Self.containers(instrument, units: units)
        self.chapter = chapter
        (self.linkTargets, self.linkedSafeguards) = Self.linkedUnits(
            analysis, unitCount: units.count, primary: primary, scope: scope, unitPosition: unitPosition)
    }

    var instrument: Instrument { analysis.instrument }

    func eId(ofUnit unit: Int) -> EId { instrument.provisions[units[unit]].eId }

    /// The items of a level: every unit, or every paragraph holding findings.
    func level(_ level: Level) -> LevelItems {
        switch level {
        case .unit:
            unitItems
        case .paragraph:
            paragraphs
        case .offence:
            offences
        }
    }

    /// Findings of a linked unit matching the patterns, inside the link's scope when it has one.
    func firstFinding(in linked: LinkedUnit, matching patterns: [FeaturePattern]) -> Int? {
        var best: Int?
        for (feature, indices) in features[linked.unit] where patterns.contains(where: { $0.matches(feature) }) {
            for index in indices {
                if let scope = linked.scope, !scope.contains(analysis.findings[index].span) { continue }
                if best.map({ index < $0 }) ?? true { best = index }
                break
            }
        }
        return best
    }

    func finding(_ index: Int) -> Finding { analysis.findings[index] }

    /// The first finding in the unit whose feature matches one of the patterns, in document order.
    static func firstFinding(in features: [FeatureID: [Int]], matching patterns: [FeaturePattern]) -> Int? {
        var best: Int?
        for (feature, indices) in features where patterns.contains(where: { $0.matches(feature) }) {
            if let first = indices.first, best.map({ first < $0 }) ?? true { best = first }
        }
        return best
    }

    /// Every finding in the unit whose feature matches one of the patterns, in document order.
    static func findings(in features: [FeatureID: [Int]], matching patterns: [FeaturePattern]) -> [Int] {
        var result: [Int] = []
        for (feature, indices) in features where patterns.contains(where: { $0.matches(feature) }) {
            result.append(contentsOf: indices)
        }
        return result.sorted()
    }

    static func hasFeature(_ features: [FeatureID: [Int]], matching patterns: [FeaturePattern]) -> Bool {
        features.keys.contains { feature in patterns.contains { $0.matches(feature) } }
    }

    /// Words that name a unit: its category evidence, else its heading, else the start of its own text.
    func nameEvidence(of unit: Int) -> Evidence {
        let provision = instrument.provisions[units[unit]]
        if let heading = provision.heading, !heading.isEmpty,
            let span = Self.find(Array(heading.utf8), in: bytes, within: provision.span)
        {
            return Evidence(
                eId: provision.eId, span: span, quote: instrument.quote(span),
                feature: primary[unit]?.rawValue, role: .applies)
        }
        if let finding = categoryEvidence[unit].first {
            return Evidence(
                eId: finding.eId, span: finding.span, quote: finding.quote,
                feature: primary[unit]?.rawValue, role: .applies)
        }
        let span = Self.clip(
            provision.textSpan.isEmpty ? provision.span : provision.textSpan, in: instrument.text,
            maxBytes: 120)
        return Evidence(
            eId: provision.eId, span: span, quote: instrument.quote(span),
            feature: primary[unit]?.rawValue, role: .applies)
    }

    /// The first occurrence of `needle` inside `span` of the text, as a span.
    static func find(_ needle: [UInt8], in bytes: [UInt8], within span: TextSpan) -> TextSpan? {
        findAll(needle, in: bytes, within: span, first: true).first
    }

    /// Every occurrence of `needle` inside `span` of the text (only the first when `first`).
    static func findAll(_ needle: [UInt8], in bytes: [UInt8], within span: TextSpan, first: Bool = false) -> [TextSpan] {
        let end = min(span.end, bytes.count)
        guard !needle.isEmpty, span.start >= 0, end - span.start >= needle.count else { return [] }
        var result: [TextSpan] = []
        var i = span.start
        while i + needle.count <= end {
            if bytes[i] == needle[0] {
                var j = 1
                while j < needle.count && bytes[i + j] == needle[j] { j += 1 }
                if j == needle.count {
                    result.append(TextSpan(start: i, end: i + needle.count))
                    if first { break }
                }
            }
            i += 1
        }
        return result
    }

    /// The span cut to at most `maxBytes`, ending at a word boundary and never inside a UTF-8 sequence.
    static func clip(_ span: TextSpan, in text: String, maxBytes: Int) -> TextSpan {
        guard span.length > maxBytes else { return span }
        let bytes = Array(text.utf8.dropFirst(span.start).prefix(maxBytes + 1))
        var end = maxBytes
        while end > maxBytes / 2, bytes[end] != UInt8(ascii: " ") { end -= 1 }
        if end <= maxBytes / 2 { end = maxBytes }
        while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }  // not inside a multi-byte scalar
        var trimmed = end
        while trimmed > 0, bytes[trimmed - 1] == UInt8(ascii: " ") || bytes[trimmed - 1] == UInt8(ascii: "\n") {
            trimmed -= 1
        }
        return TextSpan(start: span.start, end: span.start + max(trimmed, 1))
    }
}

// MARK: Building the index, one level at a time

extension AnalysisIndex {
    /// Each unit's findings by feature, and the paragraph-level items with theirs (in document order).
    fileprivate static func findingsByItem(
        _ analysis: Analysis, position: [Int: Int]
    ) -> (features: [[FeatureID: [Int]]], paragraphs: LevelItems) {
        let instrument = analysis.instrument
        let unitCount = instrument.unitIndices.count
        var features = [[FeatureID: [Int]]](repeating: [:], count: unitCount)
        var paragraphItems: [Item] = []
        var paragraphFeatures: [[FeatureID: [Int]]] = []
        var paragraphPosition: [Int: Int] = [:]
        var chapeau = [[Int]](repeating: [], count: unitCount)
        for (i, finding) in analysis.findings.enumerated() {
            // An element a party may add is reported, never counted as required.
            guard !finding.optional, let provisionIndex = instrument.index(of: finding.eId),
                let unitIndex = instrument.unitIndex(containing: provisionIndex),
                let unit = position[unitIndex]
            else { continue }
            features[unit][finding.feature, default: []].append(i)
            // Paragraph level: the item is the unit's direct part holding the words. Words of the unit itself
            // are its own item when it has no parts; when it has parts they are an introduction that every
            // part inherits ("Each State Party shall, within its means: (a) ...; (b) ..."). Heading words
            // state no right and are left out.
            let unitProvision = instrument.provisions[unitIndex]
            var paragraph = provisionIndex
            if provisionIndex == unitIndex {
                guard unitProvision.textSpan.contains(finding.span) else { continue }
                if !unitProvision.childIndices.isEmpty {
                    chapeau[unit].append(i)
                    continue
                }
            } else {
                while let parent = instrument.provisions[paragraph].parentIndex, parent != unitIndex {
                    paragraph = parent
                }
            }
            let item: Int
            if let existing = paragraphPosition[paragraph] {
                item = existing
            } else {
                item = paragraphItems.count
                paragraphPosition[paragraph] = item
                paragraphItems.append(Item(unit: unit, provision: paragraph))
                paragraphFeatures.append([:])
            }
            paragraphFeatures[item][finding.feature, default: []].append(i)
        }
        for item in paragraphItems.indices {
            for i in chapeau[paragraphItems[item].unit] {
                paragraphFeatures[item][analysis.findings[i].feature, default: []].append(i)
            }
        }
        // Document order, so that results do not depend on the order of findings.
        let order = paragraphItems.indices.sorted { paragraphItems[$0].provision < paragraphItems[$1].provision }
        let paragraphs = LevelItems(
            items: order.map { paragraphItems[$0] },
            features: order.map { paragraphFeatures[$0].mapValues { $0.sorted() } })
        return (features, paragraphs)
    }

    /// Every offence of a criminalisation unit, with the findings of its own elements.
    fileprivate static func offenceItems(_ analysis: Analysis, position: [Int: Int]) -> LevelItems {
        let instrument = analysis.instrument
        // Offences: each with the findings of its own elements (optional elements never count).
        var findingPosition: [Finding: Int] = [:]
        for (i, finding) in analysis.findings.enumerated() where findingPosition[finding] == nil { findingPosition[finding] = i }
        var offenceItems: [Item] = []
        var offenceFeatures: [[FeatureID: [Int]]] = []
        for offence in analysis.offences {
            guard let provision = instrument.index(of: offence.eId), let unitIndex = instrument.unitIndex(containing: provision),
                let unit = position[unitIndex]
            else { continue }
            var byFeature: [FeatureID: [Int]] = [:]
            for findings in offence.elements.values {
                for finding in findings where !finding.optional {
                    if let i = findingPosition[finding] { byFeature[finding.feature, default: []].append(i) }
                }
            }
            offenceItems.append(Item(unit: unit, provision: provision))
            offenceFeatures.append(byFeature.mapValues { $0.sorted() })
        }
        return LevelItems(items: offenceItems, features: offenceFeatures)
    }

    /// Per unit, its outermost container, and the container whose safeguards cover it.
    fileprivate static func containers(_ instrument: Instrument, units: [Int]) -> (chapter: [Int?], scope: [Int?]) {
        // Chapters: the outermost container ancestor; safeguards "in the same chapter" use the nearest
        // chapter or part, so that a safeguards article in a chapter covers the powers of that chapter.
        var chapter = [Int?](repeating: nil, count: units.count)
        var scope = [Int?](repeating: nil, count: units.count)
        for (i, provisionIndex) in units.enumerated() {
            let containers = instrument.ancestors(of: provisionIndex).filter {
                instrument.provisions[$0].kind.isContainer
            }
            chapter[i] = containers.last
            scope[i] =
                containers.first {
                    let kind = instrument.provisions[$0].kind
                    return kind == .chapter || kind == .part
                } ?? containers.last
        }
        return (chapter, scope)
    }

    /// The link targets by kind, and per unit the units whose safeguards, exceptions and words apply to it.
    fileprivate static func linkedUnits(
        _ analysis: Analysis, unitCount: Int, primary: [Category?], scope: [Int?], unitPosition: (EId) -> Int?
    ) -> ([ProvisionLink.Kind: Set<Int>], [[LinkedUnit]]) {
        let instrument = analysis.instrument
        var targets: [ProvisionLink.Kind: Set<Int>] = [:]
        var linked = [[LinkedUnit]](repeating: [], count: unitCount)
        func addLinked(_ target: Int, _ source: Int, _ link: ProvisionLink?, scope: TextSpan? = nil) {
            guard target != source else { return }
            if let existing = linked[target].firstIndex(where: { $0.unit == source }) {
                // A link to the whole unit beats a link to one of its paragraphs.
                if scope == nil && linked[target][existing].scope != nil { linked[target][existing].scope = nil }
                return
            }
            linked[target].append(LinkedUnit(unit: source, link: link, scope: scope))
        }
        for link in analysis.links {
            guard let to = unitPosition(link.to) else { continue }
            targets[link.kind, default: []].insert(to)
            guard let from = unitPosition(link.from), from != to else { continue }
            switch link.kind {
            case .safeguards:
                // The provision that speaks about the target ("the powers in this chapter shall be subject to").
                addLinked(to, from, link)
            case .offences:
                // An offence list ("devices for committing the offences in articles 6 to 9") builds on the
                // offences; it does not apply its own exceptions or safeguards to them.
                break
            case .reference:
                // A provision that refers elsewhere ("subject to the conditions in article 28, paragraph 3")
                // takes in the words of the provision it names, and only those.
                let targetSpan = instrument.index(of: link.to).map { instrument.provisions[$0].span }
                let wholeUnit = instrument.index(of: link.to).map { instrument.provisions[$0].kind.isUnit } ?? true
                addLinked(from, to, link, scope: wholeUnit ? nil : targetSpan)
                // A safeguards provision that refers to a provision applies to it.
                if primary[from] == .safeguards { addLinked(to, from, link) }
            }
        }
        let safeguardUnits = (0..<unitCount).filter { primary[$0] == .safeguards }
        for unit in (0..<unitCount) {
            for candidate in safeguardUnits where scope[candidate] == scope[unit] {
                addLinked(unit, candidate, nil)
            }
        }
        return (targets, linked)
    }
}
