import SafeguardModel

/// Narrows an analysis to some features and/or categories (`--feature`, `--category`).
public struct AnalysisFilter: Sendable, Hashable {
    /// Feature ids or family names (`power.interception-content`, `power`); empty = all.
    public var features: [String]
    /// Categories an article must have (primary or secondary); empty = all.
    public var categories: [Category]

    /// A filter on feature ids or families and on categories; empty lists select everything.
    public init(features: [String] = [], categories: [Category] = []) {
        self.features = features
        self.categories = categories
    }

    /// Whether the filter selects everything.
    public var isEmpty: Bool { features.isEmpty && categories.isEmpty }

    /// Whether a finding's feature is selected.
    public func selects(_ feature: FeatureID) -> Bool {
        features.isEmpty || features.contains { $0 == feature.rawValue || $0 == String(feature.family) }
    }

    /// Names in `features` that are neither a feature nor a family of the lexicon.
    public func unknownFeatures(in lexicon: Lexicon) -> [String] {
        features.filter { name in
            lexicon.feature(FeatureID(name)) == nil && !lexicon.families.contains { $0.id == name }
        }
    }
}

extension Analysis {
    /// The analysis restricted to the articles with a selected category and (when features are selected)
    /// at least one selected feature; findings and links are restricted to those articles, findings to the
    /// selected features. Provisions are kept whole so that the structure stays readable.
    public func filtered(by filter: AnalysisFilter) -> Analysis {
        guard !filter.isEmpty else { return self }
        let keptFindings = findings.filter { filter.selects($0.feature) }
        var unitsWithKeptFindings = Set<EId>()
        for finding in keptFindings {
            unitsWithKeptFindings.insert(finding.eId.topLevel)
        }
        var units: [CategoryAssignment] = []
        var unitEIds = Set<EId>()
        for assignment in categories {
            if !filter.categories.isEmpty,
                !filter.categories.contains(assignment.primary),
                !assignment.secondary.contains(where: filter.categories.contains)
            {
                continue
            }
            if !filter.features.isEmpty, !unitsWithKeptFindings.contains(assignment.eId) { continue }
            units.append(assignment)
            unitEIds.insert(assignment.eId)
        }
        let inKeptUnit: (EId) -> Bool = { eId in unitEIds.contains(eId) || unitEIds.contains(eId.topLevel) }
        return Analysis(
            instrument: instrument, categories: units,
            findings: keptFindings.filter { inKeptUnit($0.eId) || filter.categories.isEmpty && !isInUnit($0.eId) },
            links: links.filter { unitEIds.contains($0.from) }, offences: offences.filter { unitEIds.contains($0.unit) },
            lexiconVersion: lexiconVersion)
    }

    private func isInUnit(_ eId: EId) -> Bool {
        guard let i = instrument.index(of: eId) else { return false }
        return instrument.unitIndex(containing: i) != nil
    }
}
