public import SafeguardModel

extension Analysis {
    /// The category assignment of an article or section.
    public func category(of eId: EId) -> CategoryAssignment? {
        categories.first { $0.eId == eId }
    }

    /// Every finding in a provision or any provision below it (the article-level rollup).
    public func findings(in eId: EId) -> [Finding] {
        findings.filter { $0.eId.isWithin(eId) }
    }

    /// The features of an article or section, derived from its own findings and its children's, sorted.
    /// Optional findings (an element a party may add) are not features the text states.
    public func features(ofUnit eId: EId) -> [FeatureID] {
        Array(Set(findings(in: eId).filter { !$0.optional }.map(\.feature))).sorted()
    }

    /// The evidence for one feature in an article or section and its children.
    public func findings(of feature: FeatureID, inUnit eId: EId) -> [Finding] {
        findings(in: eId).filter { $0.feature == feature }
    }

    /// Every finding grouped by the article or section holding it, in one pass (use this rather than
    /// ``findings(in:)`` per article when going over a whole instrument).
    public func findingsByUnit() -> [EId: [Finding]] {
        let units = Set(categories.map(\.eId))
        var result: [EId: [Finding]] = [:]
        for finding in findings {
            let unit = finding.eId.topLevel
            if units.contains(unit) { result[unit, default: []].append(finding) }
        }
        return result
    }

    /// The sorted features of each article or section (the rollup), in one pass.
    public func featuresByUnit() -> [EId: [FeatureID]] {
        findingsByUnit().mapValues { Array(Set($0.filter { !$0.optional }.map(\.feature))).sorted() }
    }

    /// Links leaving a provision (usually an article or section).
    public func links(from eId: EId) -> [ProvisionLink] {
        links.filter { $0.from == eId }
    }

    /// Links arriving at a provision: e.g. the safeguards articles that apply to a power.
    public func links(to eId: EId) -> [ProvisionLink] {
        links.filter { $0.to == eId }
    }
}
