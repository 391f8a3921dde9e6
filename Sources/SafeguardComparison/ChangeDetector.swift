import Foundation
public import SafeguardAnalysis
import SafeguardAssessment
import SafeguardModel

/// Derives typed changes from the analyses of two aligned revisions.
///
/// Rules compare the features found on each side of an aligned pair. Features that must not be confused
/// with a paragraph reshuffle (safeguards, refusal grounds, victims' rights, offence elements, powers,
/// scope) are compared over the whole aligned unit; obligation strength and deference are compared per
/// aligned paragraph, and only reported when the unit as a whole changed too. Identical analyses give no
/// change by construction: every rule needs a feature present on one side and absent on the other.
public struct ChangeDetector: Sendable {
    public var rules: ChangeRules

    public init(rules: ChangeRules) { self.rules = rules }

    public func changes(old: Analysis, new: Analysis, alignment: Alignment) -> [Change] {
        let oldSide = AnalysisSide(old)
        let newSide = AnalysisSide(new)
        var result: [Change] = []
        for pair in alignment.pairs {
            switch pair.status {
            case .added:
                result += unitAppeared(pair.newIndices, side: newSide, otherSide: oldSide, added: true)
            case .removed:
                result += unitAppeared(pair.oldIndices, side: oldSide, otherSide: newSide, added: false)
            default:
                result += alignedUnitChanges(pair, old: oldSide, new: newSide)
            }
        }
        result += referenceChanges(old: oldSide, new: newSide, alignment: alignment)
        result += definitionChanges(old: old.instrument, new: new.instrument)
        return Self.inReadingOrder(deduplicated(result), alignment: alignment)
    }

    // MARK: Units only on one side

    private func unitAppeared(_ indices: [Int], side: AnalysisSide, otherSide: AnalysisSide, added: Bool) -> [Change] {
        let features = side.features(inUnits: indices)
        let categories = side.categories(of: indices)
        let eId = side.instrument.provisions[indices[0]].eId
        var result: [Change] = []
        for (feature, findings) in features.sorted(by: { $0.key < $1.key }) {
            guard let family = rules.family(of: feature), family.wholeUnits, family.applies(in: categories),
                let finding = findings.first
            else { continue }
            let type = added ? family.added : family.removed
            let what = added ? "added" : "removed"
            result.append(
                make(
                    type, old: added ? nil : finding.eId, new: added ? finding.eId : nil, feature: feature,
                    oldFinding: added ? nil : finding, newFinding: added ? finding : nil,
                    explanation: "\(side.title(indices[0])) (\(eId)) was \(what), with it \(describe(feature)): “\(finding.quote)”."))
        }
        return result
    }

    // MARK: Aligned units

    private func alignedUnitChanges(_ pair: AlignedPair, old: AnalysisSide, new: AnalysisSide) -> [Change] {
        let oldUnit = old.features(inUnits: pair.oldIndices)
        let newUnit = new.features(inUnits: pair.newIndices)
        if oldUnit.isEmpty && newUnit.isEmpty { return [] }
        let slots = Slots(pair: pair, old: old.instrument, new: new.instrument)
        let context = UnitContext(
            pair: pair, old: old, new: new, oldUnit: oldUnit, newUnit: newUnit, slots: slots,
            oldCategories: old.categories(of: pair.oldIndices), newCategories: new.categories(of: pair.newIndices))
        var result: [Change] = []
        result += slotRules(context)
        result += unitRules(context)
        return result
    }

    private struct UnitContext {
        let pair: AlignedPair
        let old: AnalysisSide
        let new: AnalysisSide
        let oldUnit: [FeatureID: [Finding]]
        let newUnit: [FeatureID: [Finding]]
        let slots: Slots
        let oldCategories: Set<Category>
        let newCategories: Set<Category>

        /// The provision on the other side that corresponds to a finding's provision: its aligned paragraph
        /// when there is one, else the aligned unit.
        /// nil when the paragraph holding the finding has no counterpart (it was deleted).
        func counterpart(ofOld finding: Finding) -> EId? {
            slots.counterpartInNew(old.instrument.index(of: finding.eId))
        }

        func counterpart(ofNew finding: Finding) -> EId? {
            slots.counterpartInOld(new.instrument.index(of: finding.eId))
        }
    }

    /// Obligation strength, deference and conditioned victims' rights: per aligned paragraph.
    private func slotRules(_ c: UnitContext) -> [Change] {
        var oldBySlot: [Int: [FeatureID: [Finding]]] = [:]
        var newBySlot: [Int: [FeatureID: [Finding]]] = [:]
        for (feature, findings) in c.oldUnit {
            for f in findings {
                oldBySlot[c.slots.slotOfOld(c.old.instrument.index(of: f.eId)), default: [:]][feature, default: []].append(f)
            }
        }
        for (feature, findings) in c.newUnit {
            for f in findings {
                newBySlot[c.slots.slotOfNew(c.new.instrument.index(of: f.eId)), default: [:]][feature, default: []].append(f)
            }
        }
        var result: [Change] = []
        let slotIDs = Set(oldBySlot.keys).union(newBySlot.keys).sorted()
        for slot in slotIDs {
            let o = oldBySlot[slot] ?? [:]
            let n = newBySlot[slot] ?? [:]
            if let change = obligationChange(c, o, n) { result.append(change) }
            result += deferenceChanges(c, o, n)
        }
        return result
    }

    private static func count(_ set: [FeatureID: [Finding]], _ feature: FeatureID) -> Int { set[feature]?.count ?? 0 }

    /// An obligation made optional or firm, or a reservation added or removed, in one aligned paragraph.
    private func obligationChange(_ c: UnitContext, _ o: [FeatureID: [Finding]], _ n: [FeatureID: [Finding]]) -> Change? {
        let count = Self.count
        let mandatory = rules.paired.obligationMandatory, optional = rules.paired.obligationOptional
        let reservation = rules.paired.obligationReservation
        let mO = count(o, mandatory), mN = count(n, mandatory), pO = count(o, optional), pN = count(n, optional)
        if pN > 0 && ((mO > 0 && mN == 0) || (pN > pO && mN < mO)) {
            let oldFinding = o[mandatory]!.first!
            let newFinding = gained(n[optional]!, over: o[optional])
            return make(
                .obligationWeakened, old: oldFinding.eId, new: newFinding.eId, feature: mandatory,
                oldFinding: oldFinding, newFinding: newFinding,
                explanation: "The obligation became optional: “\(oldFinding.quote)” (\(oldFinding.eId)) now reads "
                    + "“\(newFinding.quote)” (\(newFinding.eId)).")
        } else if count(n, reservation) > 0 && count(o, reservation) == 0
            && count(c.newUnit, reservation) > count(c.oldUnit, reservation)
        {
            let newFinding = n[reservation]!.first!
            return make(
                .obligationWeakened, old: c.counterpart(ofNew: newFinding), new: newFinding.eId, feature: reservation,
                newFinding: newFinding,
                explanation: "A reservation now lets a State Party opt out: “\(newFinding.quote)” (\(newFinding.eId)).")
        } else if mN > 0 && ((pO > 0 && pN == 0) || (mN > mO && pN < pO)) {
            let oldFinding = o[optional]!.first!
            let newFinding = gained(n[mandatory]!, over: o[mandatory])
            return make(
                .obligationStrengthened, old: oldFinding.eId, new: newFinding.eId, feature: mandatory,
                oldFinding: oldFinding, newFinding: newFinding,
                explanation: "The optional wording became an obligation: “\(oldFinding.quote)” (\(oldFinding.eId)) now reads "
                    + "“\(newFinding.quote)” (\(newFinding.eId)).")
        } else if count(o, reservation) > 0 && count(n, reservation) == 0
            && count(c.newUnit, reservation) < count(c.oldUnit, reservation)
        {
            let oldFinding = o[reservation]!.first!
            return make(
                .obligationStrengthened, old: oldFinding.eId, new: c.counterpart(ofOld: oldFinding), feature: reservation,
                oldFinding: oldFinding,
                explanation: "The reservation “\(oldFinding.quote)” (\(oldFinding.eId)) is gone.")
        }
        return nil
    }

    /// Deference to domestic law or to a State's means, added or removed in one aligned paragraph; next to a
    /// victims' right, added deference conditions the right.
    private func deferenceChanges(_ c: UnitContext, _ o: [FeatureID: [Finding]], _ n: [FeatureID: [Finding]]) -> [Change] {
        let count = Self.count
        let victims = rules.paired.victimsFamily
        let victimsContext =
            n.keys.contains { $0.family == victims } || o.keys.contains { $0.family == victims }
            || c.newCategories.contains(.victimsWitnesses)
        var result: [Change] = []
        for feature in rules.paired.deference {
            if count(n, feature) > 0 && count(o, feature) == 0 && count(c.newUnit, feature) > count(c.oldUnit, feature) {
                let newFinding = n[feature]!.first!
                let oldEId = c.counterpart(ofNew: newFinding)
                if victimsContext {
                    let right =
                        (n.keys.filter { $0.family == victims }.sorted().first
                            ?? o.keys.filter { $0.family == victims }.sorted().first)
                    let oldRight = right.flatMap { o[$0]?.first }
                    result.append(
                        make(
                            .victimRightConditioned, old: oldRight?.eId ?? oldEId, new: newFinding.eId, feature: right ?? feature,
                            oldFinding: oldRight, newFinding: newFinding,
                            explanation: "A victims' right is now conditional: “\(newFinding.quote)” (\(newFinding.eId)) was added."))
                } else {
                    result.append(
                        make(
                            .deferenceAdded, old: oldEId, new: newFinding.eId, feature: feature, newFinding: newFinding,
                            explanation: "\(describe(feature).capitalizedFirst) was added: “\(newFinding.quote)” (\(newFinding.eId))."))
                }
            } else if count(o, feature) > 0 && count(n, feature) == 0 && count(c.newUnit, feature) < count(c.oldUnit, feature) {
                let oldFinding = o[feature]!.first!
                result.append(
                    make(
                        .deferenceRemoved, old: oldFinding.eId, new: c.counterpart(ofOld: oldFinding), feature: feature,
                        oldFinding: oldFinding,
                        explanation: "\(describe(feature).capitalizedFirst) was removed: “\(oldFinding.quote)” (\(oldFinding.eId)) is gone."
                    ))
            }
        }
        return result
    }

    /// Features compared over the whole aligned unit.
    private func unitRules(_ c: UnitContext) -> [Change] {
        let o = c.oldUnit, n = c.newUnit
        var result: [Change] = []
        if let change = dualCriminalityChange(c) { result.append(change) }
        let (judicial, handled) = judicialChange(c)
        if let judicial { result.append(judicial) }
        let features = Set(o.keys).union(n.keys).sorted()
        for feature in features where !handled.contains(feature) {
            guard let family = rules.family(of: feature) else { continue }
            if let finding = n[feature] == nil ? o[feature]?.first : nil {
                if family.applies(in: c.oldCategories) {
                    result.append(removal(c, family.removed, feature, finding, family.text(added: false, feature: describe(feature))))
                }
            } else if let finding = o[feature] == nil ? n[feature]?.first : nil {
                if family.applies(in: c.newCategories) {
                    result.append(addition(c, family.added, feature, finding, family.text(added: true, feature: describe(feature))))
                }
            }
        }
        result += qualifierChanges(c, features: features)
        return result
    }

    private func removal(_ c: UnitContext, _ type: ChangeType, _ feature: FeatureID, _ finding: Finding, _ text: String) -> Change {
        // The words may still stand in the new unit, no longer carrying the feature (moved into an optional
        // clause, say): then that provision is the counterpart, and its words are quoted.
        if let moved = c.new.locate(finding.quote, inUnits: c.pair.newIndices) {
            var change = make(
                type, old: finding.eId, new: moved.eId, feature: feature, oldFinding: finding,
                explanation: "\(text): “\(finding.quote)” (\(finding.eId)) still stands in \(moved.eId), but no longer as "
                    + "\(describe(feature)).")
            change.newQuote = c.new.instrument.quote(moved.span)
            change.newSpan = moved.span
            return change
        }
        return make(
            type, old: finding.eId, new: c.counterpart(ofOld: finding), feature: feature, oldFinding: finding,
            explanation: "\(text): “\(finding.quote)” (\(finding.eId)) is gone from \(c.pair.newEIds.joined(separator: ", ")).")
    }

    private func addition(_ c: UnitContext, _ type: ChangeType, _ feature: FeatureID, _ finding: Finding, _ text: String) -> Change {
        make(
            type, old: c.counterpart(ofNew: finding), new: finding.eId, feature: feature, newFinding: finding,
            explanation: "\(text): “\(finding.quote)” (\(finding.eId)), not in \(c.pair.oldEIds.joined(separator: ", ")).")
    }

    /// Dual criminality made optional or dropped, or made required.
    private func dualCriminalityChange(_ c: UnitContext) -> Change? {
        let o = c.oldUnit, n = c.newUnit
        let required = rules.paired.dualCriminalityRequired
        let optional = rules.paired.dualCriminalityOptional
        let strongOld = required.compactMap { o[$0]?.first }.first, strongNew = required.compactMap { n[$0]?.first }.first
        let optOld = o[optional]?.first, optNew = n[optional]?.first
        if let strongOld, (strongNew == nil && optNew != nil) || (optNew != nil && optOld == nil) || (strongNew == nil && optNew == nil) {
            return make(
                .dualCriminalityWeakened, old: strongOld.eId, new: optNew?.eId ?? c.counterpart(ofOld: strongOld),
                feature: strongOld.feature, oldFinding: strongOld, newFinding: optNew,
                explanation: optNew.map {
                    "Dual criminality is no longer mandatory: “\(strongOld.quote)” (\(strongOld.eId)) became “\($0.quote)” (\($0.eId))."
                }
                    ?? "The dual criminality requirement “\(strongOld.quote)” (\(strongOld.eId)) was dropped.")
        } else if let strongNew,
            (strongOld == nil && optOld != nil) || (optOld != nil && optNew == nil) || (strongOld == nil && optOld == nil)
        {
            return make(
                .dualCriminalityStrengthened, old: optOld?.eId ?? c.counterpart(ofNew: strongNew), new: strongNew.eId,
                feature: strongNew.feature, oldFinding: optOld, newFinding: strongNew,
                explanation: "Dual criminality is now required: “\(strongNew.quote)” (\(strongNew.eId)).")
        }
        return nil
    }

    /// Prior judicial authorisation weakened to mere judicial involvement, or the reverse, as its own type; with
    /// the features the family table must then leave alone.
    private func judicialChange(_ c: UnitContext) -> (Change?, handled: Set<FeatureID>) {
        let o = c.oldUnit, n = c.newUnit
        func lost(_ feature: FeatureID) -> Finding? { n[feature] == nil ? o[feature]?.first : nil }
        func won(_ feature: FeatureID) -> Finding? { o[feature] == nil ? n[feature]?.first : nil }
        let prior = rules.paired.priorJudicialAuthorization, judicial = rules.paired.judicialAuthorization
        if let old = lost(prior), let newJudicial = n[judicial]?.first {
            let change = make(
                .judicialAuthorizationWeakened, old: old.eId, new: newJudicial.eId, feature: prior, oldFinding: old,
                newFinding: newJudicial,
                explanation: "Prior judicial authorisation “\(old.quote)” (\(old.eId)) became “\(newJudicial.quote)” "
                    + "(\(newJudicial.eId)), which does not require a judge before the measure.")
            return (change, [prior, judicial])
        } else if let new = won(prior), let oldJudicial = o[judicial]?.first {
            let change = make(
                .judicialAuthorizationStrengthened, old: oldJudicial.eId, new: new.eId, feature: prior, oldFinding: oldJudicial,
                newFinding: new,
                explanation: "“\(oldJudicial.quote)” (\(oldJudicial.eId)) became prior judicial authorisation: “\(new.quote)” (\(new.eId))."
            )
            return (change, [prior, judicial])
        } else if lost(prior) != nil && lost(judicial) != nil {
            return (nil, [judicial])  // reported once, as the loss of prior judicial authorisation
        } else if won(prior) != nil && won(judicial) != nil {
            return (nil, [judicial])
        }
        return (nil, [])
    }

    /// A qualifier still present, but only in an optional clause now ("A State Party may require ... intent").
    private func qualifierChanges(_ c: UnitContext, features: [FeatureID]) -> [Change] {
        let o = c.oldUnit, n = c.newUnit
        var result: [Change] = []
        for feature in features where rules.family(of: feature)?.removed == .qualifierDropped {
            guard let oldFindings = o[feature], let newFindings = n[feature] else { continue }
            let optionalOld = Set((o[rules.paired.obligationOptional] ?? []).map(\.eId))
            let optionalNew = Set((n[rules.paired.obligationOptional] ?? []).map(\.eId))
            guard newFindings.allSatisfy({ optionalNew.contains($0.eId) }),
                let firm = oldFindings.first(where: { !optionalOld.contains($0.eId) })
            else { continue }
            let now = newFindings[0]
            result.append(
                make(
                    .qualifierDropped, old: firm.eId, new: now.eId, feature: feature, oldFinding: firm, newFinding: now,
                    explanation: "\(describe(feature).capitalizedFirst) is no longer an element of the offence: “\(firm.quote)” "
                        + "(\(firm.eId)) now stands only in an optional clause (\(now.eId)): “\(now.quote)”."))
        }
        return result
    }

    // MARK: Offence ranges by reference

    /// The families row whose gain extends scope: its categories are the provisions that reach offences by
    /// reference only to extend powers or cooperation.
    private var scopeFamily: ChangeFamily? { rules.families.first { $0.added == .scopeExtended } }

    /// A power or cooperation provision whose list of offences by reference ("articles 6 to 16") now takes in
    /// other offence articles than the renumbering explains: scope extended (or narrowed).
    private func referenceChanges(old: AnalysisSide, new: AnalysisSide, alignment: Alignment) -> [Change] {
        var unitMap: [EId: [EId]] = [:]
        for pair in alignment.pairs where !pair.oldEIds.isEmpty {
            for eId in pair.oldEIds { unitMap[eId] = pair.newEIds }
        }
        let oldReferences = old.unitReferences, newReferences = new.unitReferences
        if oldReferences.isEmpty && newReferences.isEmpty { return [] }
        var result: [Change] = []
        for unitPair in alignment.pairs where !unitPair.oldEIds.isEmpty && !unitPair.newEIds.isEmpty {
            let categories = new.categories(of: unitPair.newIndices)
            guard scopeFamily?.applies(in: categories) ?? false else { continue }
            var pairs: [AlignedPair] = [unitPair]
            var k = 0
            while k < pairs.count { pairs += pairs[k].children; k += 1 }
            for pair in pairs where pair.oldEIds.count == 1 && pair.newEIds.count == 1 {
                guard let before = oldReferences[pair.oldEIds[0]], let after = newReferences[pair.newEIds[0]] else { continue }
                let mapped = Set(before.targets.flatMap { unitMap[$0] ?? [] })
                func isOffence(_ eId: EId, _ side: AnalysisSide) -> Bool {
                    side.categoriesByEId[eId]?.contains(.criminalization) ?? false
                }
                let extra = after.targets.subtracting(mapped).filter { isOffence($0, new) }
                let lost = mapped.subtracting(after.targets).filter { isOffence($0, new) }
                if !extra.isEmpty && lost.isEmpty || !lost.isEmpty && extra.isEmpty {
                    let widened = !extra.isEmpty
                    result.append(
                        Change(
                            type: widened ? .scopeExtended : .scopeNarrowed,
                            classification: rules.classify(widened ? .scopeExtended : .scopeNarrowed),
                            old: pair.oldEIds[0], new: pair.newEIds[0], feature: nil,
                            oldQuote: old.instrument.quote(before.span), newQuote: new.instrument.quote(after.span),
                            oldSpan: before.span, newSpan: after.span,
                            explanation:
                                "The offences this provision applies to by reference now \(widened ? "also take in" : "leave out") "
                                    + "\((widened ? extra : lost).sorted().joined(separator: ", ")): "
                                        + "“\(old.instrument.quote(before.span))” became “\(new.instrument.quote(after.span))”."
                        ))
                }
            }
        }
        // The same range found at the unit (a link) and at the point (a cross-reference): keep the deepest.
        return result.filter { change in
            !result.contains { other in
                other.type == change.type && other.new != change.new
                    && (other.new.map { n in change.new.map { n.isWithin($0) } ?? false } ?? false)
            }
        }
    }

    // MARK: Definitions

    private func definitionChanges(old: Instrument, new: Instrument) -> [Change] {
        func key(_ term: String) -> String { term.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        var newByTerm: [String: Definition] = [:]
        for definition in new.definitions where newByTerm[key(definition.term)] == nil { newByTerm[key(definition.term)] = definition }
        var result: [Change] = []
        var seen: Set<String> = []
        for oldDefinition in old.definitions {
            let term = key(oldDefinition.term)
            guard seen.insert(term).inserted, let newDefinition = newByTerm[term] else { continue }
            let oldText = old.quote(oldDefinition.definitionSpan), newText = new.quote(newDefinition.definitionSpan)
            let oldWords = Self.words(oldText), newWords = Self.words(newText)
            guard oldWords != newWords else { continue }
            var counts: [String: Int] = [:]
            for w in newWords { counts[w, default: 0] += 1 }
            for w in oldWords { counts[w, default: 0] -= 1 }
            let added = Set(counts.filter { $0.value > 0 }.keys), removed = Set(counts.filter { $0.value < 0 }.keys)
            let broader = !added.isDisjoint(with: rules.broadeningCues) || !removed.isDisjoint(with: rules.narrowingCues)
            let narrower = !added.isDisjoint(with: rules.narrowingCues) || !removed.isDisjoint(with: rules.broadeningCues)
            guard broader != narrower else { continue }  // no cue, or cues pulling both ways: a plain modification
            let cues =
                (broader
                ? added.intersection(rules.broadeningCues).union(removed.intersection(rules.narrowingCues))
                : added.intersection(rules.narrowingCues).union(removed.intersection(rules.broadeningCues))).sorted()
            // Quote the words that changed: the longest deleted and inserted runs of the word diff.
            let segments = WordDiff.diff(oldText, newText)
            func longest(_ operation: WordDiff.Operation) -> String? {
                segments.filter { $0.operation == operation }.map { $0.text.trimmingCharacters(in: Self.edgeTrim) }
                    .filter { !$0.isEmpty }.max { $0.count < $1.count }
            }
            func span(of words: String?, in text: String, at base: TextSpan) -> TextSpan? {
                guard let words, let range = text.range(of: words) else { return nil }
                let start = base.start + text.utf8.distance(from: text.utf8.startIndex, to: range.lowerBound)
                return TextSpan(start: start, end: start + words.utf8.count)
            }
            let deleted = longest(.delete), inserted = longest(.insert)
            result.append(
                Change(
                    type: broader ? .definitionBroadened : .definitionNarrowed,
                    classification: rules.classify(broader ? .definitionBroadened : .definitionNarrowed),
                    old: oldDefinition.eId, new: newDefinition.eId, oldQuote: deleted, newQuote: inserted,
                    oldSpan: span(of: deleted, in: oldText, at: oldDefinition.definitionSpan),
                    newSpan: span(of: inserted, in: newText, at: newDefinition.definitionSpan),
                    explanation:
                        "The definition of “\(oldDefinition.term)” was \(broader ? "broadened" : "narrowed") (words added or removed: "
                            + "\(cues.joined(separator: ", ")))."
                ))
        }
        return result
    }

    /// Spaces and the punctuation that joins clauses, trimmed from the edges of a quoted run of words.
    static let edgeTrim = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: ",;:"))

    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    // MARK: Helpers

    private func make(
        _ type: ChangeType, old: EId?, new: EId?, feature: FeatureID?, oldFinding: Finding? = nil,
        newFinding: Finding? = nil, explanation: String
    ) -> Change {
        Change(
            type: type, classification: rules.classify(type), old: old, new: new, feature: feature?.rawValue,
            oldQuote: oldFinding?.quote, newQuote: newFinding?.quote, oldSpan: oldFinding?.span, newSpan: newFinding?.span,
            explanation: explanation)
    }

    /// The first finding whose words the other side does not have, else the first.
    private func gained(_ findings: [Finding], over others: [Finding]?) -> Finding {
        let known = Set((others ?? []).map { $0.quote.lowercased() })
        return findings.first { !known.contains($0.quote.lowercased()) } ?? findings[0]
    }

    /// The words an explanation uses for a feature: the rules' `feature-phrases:` entry, else the feature's
    /// name after the family with spaces for hyphens ("prior judicial authorization").
    private func describe(_ feature: FeatureID) -> String {
        rules.featurePhrases[feature]
            ?? feature.rawValue.split(separator: ".", maxSplits: 1).last.map { $0.replacingOccurrences(of: "-", with: " ") }
            ?? feature.rawValue
    }

    /// Sorts changes by the aligned unit they concern (reading order of the new revision), then by where
    /// their words stand.
    static func inReadingOrder(_ changes: [Change], alignment: Alignment) -> [Change] {
        var position: [String: Int] = [:]
        for (k, pair) in alignment.pairs.enumerated() {
            for eId in pair.newEIds { position["n:" + eId.rawValue] = k }
            for eId in pair.oldEIds { position["o:" + eId.rawValue] = k }
        }
        func unit(_ eId: EId) -> String { eId.topLevel.rawValue }
        func key(_ change: Change) -> (Int, Int, Int) {
            let k = change.new.flatMap { position["n:" + unit($0)] } ?? change.old.flatMap { position["o:" + unit($0)] } ?? Int.max
            return (k, change.newSpan?.start ?? Int.max, change.oldSpan?.start ?? Int.max)
        }
        return changes.enumerated().sorted { a, b in
            let ka = key(a.element), kb = key(b.element)
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
    }

    private func deduplicated(_ changes: [Change]) -> [Change] {
        var seen: Set<String> = []
        return changes.filter { change in
            seen.insert("\(change.type.rawValue)|\(change.old ?? "")|\(change.new ?? "")|\(change.feature ?? "")").inserted
        }
    }
}

/// One revision's analysis indexed for comparison.
struct AnalysisSide {
    let analysis: Analysis
    var instrument: Instrument { analysis.instrument }
    /// Findings keyed by the index of their unit (or top-level preamble).
    let findingsByUnit: [Int: [Finding]]
    let categoriesByEId: [EId: Set<Category>]

    init(_ analysis: Analysis) {
        self.analysis = analysis
        let instrument = analysis.instrument
        var byUnit: [Int: [Finding]] = [:]
        for finding in analysis.findings {
            guard let index = instrument.index(of: finding.eId) else { continue }
            let unit = instrument.unitIndex(containing: index) ?? instrument.ancestors(of: index).last ?? index
            byUnit[unit, default: []].append(finding)
        }
        findingsByUnit = byUnit
        var categories: [EId: Set<Category>] = [:]
        for assignment in analysis.categories { categories[assignment.eId] = Set([assignment.primary] + assignment.secondary) }
        categoriesByEId = categories
    }

    /// Per provision, the units its cross-references and offence links point at, with the words of the first.
    var unitReferences: [EId: (targets: Set<EId>, span: TextSpan)] {
        var result: [EId: (targets: Set<EId>, span: TextSpan)] = [:]
        func unitOf(_ eId: EId) -> EId? {
            guard let index = instrument.index(of: eId), let unit = instrument.unitIndex(containing: index) else { return nil }
            return instrument.provisions[unit].eId
        }
        for reference in instrument.references where reference.kind == .provisions && !reference.targets.isEmpty {
            let units = Set(reference.targets.compactMap(unitOf))
            if let existing = result[reference.sourceEId] {
                result[reference.sourceEId] = (existing.targets.union(units), existing.span)
            } else {
                result[reference.sourceEId] = (units, reference.span)
            }
        }
        for link in analysis.links where link.kind == .offences {
            guard let target = unitOf(link.to) else { continue }
            if let existing = result[link.from] {
                result[link.from] = (existing.targets.union([target]), existing.span)
            } else if let span = link.span {
                result[link.from] = ([target], span)
            }
        }
        return result
    }

    /// Where words of at least two words stand (exactly) in the given units: the deepest provision holding
    /// them and their span.
    func locate(_ words: String, inUnits indices: [Int]) -> (eId: EId, span: TextSpan)? {
        guard words.contains(" ") else { return nil }
        for index in indices {
            let unitSpan = instrument.provisions[index].span
            let text = instrument.quote(unitSpan)
            guard let range = text.range(of: words) else { continue }
            let start = unitSpan.start + text.utf8.distance(from: text.utf8.startIndex, to: range.lowerBound)
            let span = TextSpan(start: start, end: start + words.utf8.count)
            var deepest = index
            var changed = true
            while changed {
                changed = false
                for child in instrument.provisions[deepest].childIndices where instrument.provisions[child].span.contains(span) {
                    deepest = child
                    changed = true
                    break
                }
            }
            return (instrument.provisions[deepest].eId, span)
        }
        return nil
    }

    func features(inUnits indices: [Int]) -> [FeatureID: [Finding]] {
        var result: [FeatureID: [Finding]] = [:]
        for index in indices {
            for finding in findingsByUnit[index] ?? [] { result[finding.feature, default: []].append(finding) }
        }
        return result
    }

    func categories(of indices: [Int]) -> Set<Category> {
        indices.reduce(into: Set<Category>()) { $0.formUnion(categoriesByEId[instrument.provisions[$1].eId] ?? []) }
    }

    /// "Article 7 (Illegal access)".
    func title(_ index: Int) -> String {
        let p = instrument.provisions[index]
        let num = p.num ?? p.eId.rawValue
        return p.heading.map { "\(num) (\($0))" } ?? num
    }
}

/// The aligned paragraphs of a unit pair: findings are compared within the same slot, and each provision's
/// counterpart on the other side is its deepest aligned pair.
struct Slots {
    /// Provision index → slot, for the roots of aligned first-level children on each side.
    private var oldRoots: [Int: Int] = [:]
    private var newRoots: [Int: Int] = [:]
    /// Provision index → the pair (at any depth below the unit) that holds it.
    private var oldPairs: [Int: AlignedPair] = [:]
    private var newPairs: [Int: AlignedPair] = [:]
    private let unit: AlignedPair
    private let old: Instrument
    private let new: Instrument

    init(pair: AlignedPair, old: Instrument, new: Instrument) {
        unit = pair
        self.old = old
        self.new = new
        for (k, child) in pair.children.enumerated() where !child.oldIndices.isEmpty && !child.newIndices.isEmpty {
            for i in child.oldIndices { oldRoots[i] = k }
            for j in child.newIndices { newRoots[j] = k }
        }
        func record(_ p: AlignedPair) {
            for i in p.oldIndices { oldPairs[i] = p }
            for j in p.newIndices { newPairs[j] = p }
            p.children.forEach(record)
        }
        pair.children.forEach(record)
    }

    /// The slot of an old provision: its aligned first-level ancestor, or -1 (the unit's own words and any
    /// unaligned paragraphs, compared together).
    func slotOfOld(_ index: Int?) -> Int { slot(index, oldRoots, old) }
    func slotOfNew(_ index: Int?) -> Int { slot(index, newRoots, new) }

    /// The new provision that corresponds to an old one: the new side of the deepest aligned pair holding it;
    /// nil when that pair has no new side (the paragraph was deleted); the unit for the unit's own words.
    func counterpartInNew(_ index: Int?) -> EId? {
        counterpart(index, oldPairs, old, unit.oldIndices) { $0.newEIds.first } ?? unit.newEIds.first
    }

    func counterpartInOld(_ index: Int?) -> EId? {
        counterpart(index, newPairs, new, unit.newIndices) { $0.oldEIds.first } ?? unit.oldEIds.first
    }

    /// Outer nil: no pair below the unit holds the provision; inner nil: the pair is one-sided.
    private func counterpart(
        _ index: Int?, _ pairs: [Int: AlignedPair], _ instrument: Instrument, _ units: [Int], _ other: (AlignedPair) -> EId?
    ) -> EId?? {
        var current = index
        while let i = current, !units.contains(i) {
            if let pair = pairs[i] { return .some(other(pair)) }
            current = instrument.provisions[i].parentIndex
        }
        return nil
    }

    private func slot(_ index: Int?, _ roots: [Int: Int], _ instrument: Instrument) -> Int {
        var current = index
        while let i = current {
            if let k = roots[i] { return k }
            current = instrument.provisions[i].parentIndex
        }
        return -1
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
