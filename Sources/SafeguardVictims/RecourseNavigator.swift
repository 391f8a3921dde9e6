import Foundation
public import SafeguardAnalysis
import SafeguardModel
import SafeguardScreening

/// Answers a victim's question — "I am in state A, I was harmed from state B: what am I owed, by which
/// text, who do I go to, and what must I keep?" — from jurisdiction profiles and analysed instruments.
///
/// Free of I/O: the caller reads the instruments (``InstrumentDirectory``) and passes their analyses by id.
public struct RecourseNavigator: Sendable {
    public var vocabulary: VictimsVocabulary
    public var profiles: RecourseProfiles
    /// Analyses by instrument id (the file name without extension).
    public var analyses: [String: Analysis]

    private var cards: [String: RightsCard]
    private var offsets: [String: CharacterOffsets]

    public init(vocabulary: VictimsVocabulary, profiles: RecourseProfiles, analyses: [String: Analysis]) {
        self.vocabulary = vocabulary
        self.profiles = profiles
        self.analyses = analyses
        cards = analyses.mapValues { RightsCard(analysis: $0, vocabulary: vocabulary) }
        offsets = analyses.mapValues { CharacterOffsets($0.instrument.text) }
    }

    /// The instrument ids the answer for two states needs (their treaties and national acts).
    public static func instrumentsNeeded(victimIn: String, harmedFrom: String, profiles: RecourseProfiles) -> [String] {
        var ids: [String] = []
        for state in [victimIn, harmedFrom] {
            for id in profiles.profile(state)?.bindingInstruments ?? [] where !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    // MARK: - Citations

    func cite(_ instrumentID: String, _ eId: EId, _ span: TextSpan) -> Citation? {
        guard let analysis = analyses[instrumentID], let offsets = offsets[instrumentID] else { return nil }
        let range = offsets.characterRange(of: span)
        return Citation(
            source: .instrument, instrument: instrumentID, instrumentTitle: analysis.instrument.metadata.title, eId: eId,
            start: range.lowerBound, end: range.upperBound, quote: analysis.instrument.quote(span))
    }

    /// The whole own text of a provision (or the first words of the provision when it has none).
    func cite(_ reference: ProvisionReference, within words: String? = nil) -> Citation? {
        guard let analysis = analyses[reference.instrument], let provision = analysis.instrument[eId: reference.eId] else { return nil }
        var span = provision.textSpan.isEmpty ? provision.span : provision.textSpan
        if let words, !words.isEmpty {
            let bytes = Array(analysis.instrument.text.utf8)
            if let hit = WordSearch([words]).firstHit(in: bytes, range: provision.span.range) { span = TextSpan(hit.range) }
        }
        return cite(reference.instrument, reference.eId, span)
    }

    func citeProfile(_ profile: RecourseProfile, _ field: String, _ words: String) -> Citation {
        Citation(source: .profile, quote: words, state: profile.id, file: profile.file, field: field)
    }

    func title(_ instrumentID: String) -> String { analyses[instrumentID]?.instrument.metadata.title ?? instrumentID }

    /// "article 37, paragraph 1" style label from an eId, for sentences.
    static func article(_ eId: EId) -> String {
        let names = ["art": "article", "sec": "section", "para": "paragraph", "subsec": "subsection", "point": "point", "rule": "rule"]
        return eId.rawValue.components(separatedBy: "__").map { part -> String in
            let bits = part.split(separator: "_", maxSplits: 1).map(String.init)
            guard bits.count == 2, let name = names[bits[0]] else { return part }
            return "\(name) \(bits[1].replacingOccurrences(of: "_", with: " "))"
        }.joined(separator: ", ")
    }

    // MARK: - The answer

    /// The answer for one scenario. Unknown states or harm kinds are ``SafeguardError/Kind/invalidData``.
    public func answer(victimIn: String, harmedFrom: String, harm harmID: String, victim: VictimKind) throws -> RecourseReport {
        guard let home = profiles.profile(victimIn) else {
            throw SafeguardError(
                .invalidData, "no profile for state \"\(victimIn)\" (known: \(profiles.profiles.map(\.id).joined(separator: ", ")))")
        }
        guard let other = profiles.profile(harmedFrom) else {
            throw SafeguardError(
                .invalidData, "no profile for state \"\(harmedFrom)\" (known: \(profiles.profiles.map(\.id).joined(separator: ", ")))")
        }
        guard let harm = vocabulary.harm(harmID) else {
            throw SafeguardError(
                .invalidData, "unknown harm kind \"\(harmID)\" (known: \(vocabulary.harms.map(\.id).joined(separator: ", ")))")
        }
        var sections: [ReportSection] = []
        if home.id == other.id {
            // Harm from inside the same state: no treaty is needed for the police to act.
            sections.append(
                ReportSection(
                    id: "treaties", title: "Treaties that bind both states",
                    statements: [
                        Statement(
                            text: vocabulary.sentence("treaty-domestic", ["state": vocabulary.stateName(home.name)]), basis: .guidance)
                    ]))
            sections.append(ReportSection(id: "crime", title: "Is it a crime in both states?", statements: [crime(home, harm)]))
        } else {
            sections.append(ReportSection(id: "treaties", title: "Treaties that bind both states", statements: treaties(home, other)))
            sections.append(
                ReportSection(id: "crime", title: "Is it a crime in both states?", statements: [crime(home, harm), crime(other, harm)]))
        }
        sections.append(
            ReportSection(id: "rights-in", title: "Your rights in \(vocabulary.stateName(home.name))", statements: rights(home, harm)))
        if other.id != home.id {
            sections.append(
                ReportSection(
                    id: "rights-from", title: "Your rights in \(vocabulary.stateName(other.name))", statements: rights(other, harm)))
        }
        sections.append(ReportSection(id: "reporting", title: "Where to report, in this order", statements: reporting(home, harm, victim)))
        sections.append(ReportSection(id: "evidence", title: "What to keep", statements: evidence(home, other, harm)))
        sections.append(ReportSection(id: "missing", title: "What is missing", statements: missing(home, other, harm)))
        explainTermsOnFirstUse(&sections)

        var sources: [RecourseReport.Source] = []
        for id in Self.instrumentsNeeded(victimIn: home.id, harmedFrom: other.id, profiles: profiles) {
            guard let a = analyses[id] else { continue }
            sources.append(.init(id: id, title: a.instrument.metadata.title, file: a.instrument.metadata.source))
        }
        return RecourseReport(
            schema: RecourseReport.schemaID, vocabulary: vocabulary.version,
            victimIn: .init(id: home.id, name: home.name, fictional: home.base.fictional),
            harmedFrom: .init(id: other.id, name: other.name, fictional: other.base.fictional),
            harm: .init(id: harm.id, title: harm.title, plain: harm.plain), victim: victim,
            sections: sections, instruments: sources)
    }

    // MARK: Treaties and channels

    func membershipCitation(_ profile: RecourseProfile, _ instrument: String) -> Citation {
        let i = profile.base.memberships.firstIndex { $0.instrument == instrument } ?? 0
        let m = profile.base.memberships[i]
        return citeProfile(profile, "memberships[\(i)]", "instrument: \(m.instrument), status: \(m.status)")
    }

    func treaties(_ home: RecourseProfile, _ other: RecourseProfile) -> [Statement] {
        let common = home.treaties.filter { other.treaties.contains($0) }
        guard !common.isEmpty else {
            var out = [
                Statement(
                    text: vocabulary.sentence(
                        "treaty-none", ["state": vocabulary.stateName(home.name), "other": vocabulary.stateName(other.name)]),
                    basis: .absence,
                    searched: ["profile \(home.id) memberships", "profile \(other.id) memberships"])
            ]
            // A signature without ratification binds no one yet: say so, with the profile's words.
            for profile in [home, other] {
                for (i, m) in profile.base.memberships.enumerated() where m.status != "party" {
                    out.append(
                        Statement(
                            text: vocabulary.sentence(
                                "treaty-signed", ["state": vocabulary.stateName(profile.name), "instrument": title(m.instrument)]),
                            basis: .cited,
                            citations: [citeProfile(profile, "memberships[\(i)]", "instrument: \(m.instrument), status: \(m.status)")]))
                }
            }
            return out
        }
        var out: [Statement] = []
        for id in common {
            let members = [membershipCitation(home, id), membershipCitation(other, id)]
            guard let analysis = analyses[id] else {
                out.append(
                    Statement(text: vocabulary.sentence("treaty-missing-text", ["instrument": id]), basis: .cited, citations: members))
                continue
            }
            out.append(
                Statement(
                    text: vocabulary.sentence(
                        "treaty-both",
                        [
                            "state": vocabulary.stateName(home.name), "other": vocabulary.stateName(other.name),
                            "instrument": analysis.instrument.metadata.title,
                        ]),
                    basis: .cited, citations: members))
            for channel in vocabulary.channels {
                let provisions = channelProvisions(channel, in: id)
                if provisions.isEmpty {
                    out.append(
                        Statement(
                            label: channel.title,
                            text: vocabulary.sentence(
                                "channel-none", ["instrument": analysis.instrument.metadata.title, "channel": channel.title.lowercased()]),
                            basis: .absence, searched: [id]))
                    continue
                }
                out.append(Statement(label: channel.title, text: channel.plain, basis: .cited, citations: provisions))
                // A reservation or declaration either state made on these articles changes what flows.
                out += [home, other].flatMap { reservations($0, on: provisions, of: id, title: analysis.instrument.metadata.title) }
            }
        }
        return out
    }

    /// The reservations and declarations a state made on the articles a channel runs through.
    func reservations(_ profile: RecourseProfile, on provisions: [Citation], of id: String, title: String) -> [Statement] {
        guard let membership = profile.base.membership(of: id),
            let mi = profile.base.memberships.firstIndex(where: { $0.instrument == id })
        else { return [] }
        let statements =
            membership.reservations.enumerated().map { ("reservations", $0.offset, $0.element) }
            + membership.declarations.enumerated().map { ("declarations", $0.offset, $0.element) }
        var out: [Statement] = []
        for (key, k, statement) in statements
        where provisions.contains(where: { c in
            guard let eId = c.eId else { return false }
            return Self.unit(of: eId) == Self.unit(of: statement.eId)
        }) {
            out.append(
                Statement(
                    text: vocabulary.sentence(
                        "treaty-reservation",
                        [
                            "state": vocabulary.stateName(profile.name),
                            "kind": key == "reservations" ? "reservation" : "declaration",
                            "instrument": title, "text": statement.text,
                        ]),
                    basis: .cited, citations: [citeProfile(profile, "memberships[\(mi)].\(key)[\(k)]", statement.text)]))
        }
        return out
    }

    static func unit(of eId: EId) -> EId { eId.topLevel }

    /// The provisions of an instrument through which a channel runs (one citation per article).
    func channelProvisions(_ channel: ChannelDefinition, in id: String) -> [Citation] {
        guard let analysis = analyses[id] else { return [] }
        let instrument = analysis.instrument
        var categoryByUnit: [EId: Category] = [:]
        for c in analysis.categories { categoryByUnit[c.eId] = c.primary }
        func inCategory(_ unit: EId?) -> Bool {
            channel.categories.isEmpty || unit.flatMap { categoryByUnit[$0] }.map { channel.categories.contains($0.rawValue) } == true
        }
        var result: [Citation] = []
        var units = Set<EId>()
        for finding in analysis.findings where channel.features.contains(finding.feature.rawValue) {
            let unit = instrument.index(of: finding.eId).flatMap { instrument.unitIndex(containing: $0) }.map {
                instrument.provisions[$0].eId
            }
            guard inCategory(unit), units.insert(unit ?? finding.eId).inserted else { continue }
            if let c = cite(id, finding.eId, finding.span) { result.append(c) }
        }
        if !channel.heading.isEmpty {
            let search = WordSearch(channel.heading)
            let unless = WordSearch(channel.headingUnless)
            let bytes = Array(instrument.text.utf8)
            for index in instrument.unitIndices {
                let unit = instrument.provisions[index]
                guard inCategory(unit.eId), !units.contains(unit.eId) else { continue }
                // The heading stands between the number and the own text: search the words before the own text.
                let headingRange =
                    unit.span
                    .start..<max(
                        unit.span.start,
                        min(
                            unit.textSpan.start, unit.childIndices.first.map { instrument.provisions[$0].span.start } ?? unit.textSpan.start
                        ))
                guard let hit = search.firstHit(in: bytes, range: headingRange),
                    !unless.occurs(in: bytes, range: headingRange)
                else { continue }
                units.insert(unit.eId)
                if let c = cite(id, unit.eId, TextSpan(hit.range)) { result.append(c) }
            }
        }
        return result.sorted { ($0.start ?? 0) < ($1.start ?? 0) }
    }

    // MARK: Crime

    func crime(_ profile: RecourseProfile, _ harm: HarmDefinition) -> Statement {
        var citations: [Citation] = []
        for conduct in harm.conducts {
            guard let i = profile.base.criminalises.firstIndex(where: { $0.conduct == conduct }) else { continue }
            let c = profile.base.criminalises[i]
            citations.append(citeProfile(profile, "criminalises[\(i)]", "\(c.conduct): \(c.statute)"))
        }
        guard !citations.isEmpty else {
            return Statement(
                text: vocabulary.sentence("crime-missing", ["state": vocabulary.stateName(profile.name)]), basis: .absence,
                searched: ["profile \(profile.id) criminalises (\(harm.conducts.joined(separator: ", ")))"])
        }
        let statutes = profile.base.criminalises.filter { harm.conducts.contains($0.conduct) }.map(\.statute)
        var unique: [String] = []
        for s in statutes where !unique.contains(s) { unique.append(s) }
        return Statement(
            text: vocabulary.sentence(
                "crime-both", ["state": vocabulary.stateName(profile.name), "statute": unique.joined(separator: "; ")]),
            basis: .cited, citations: citations)
    }

    // MARK: Rights

    /// The strongest status of a right across the instruments binding a state, with the grants of that status.
    func bestRight(_ rightID: String, for profile: RecourseProfile) -> (status: RightStatus, grants: [(String, Grant)]) {
        var status = RightStatus.absent
        var grants: [(String, Grant)] = []
        for id in profile.bindingInstruments {
            guard let entry = cards[id]?[right: rightID] else { continue }
            status = max(status, entry.status)
            grants += entry.grants.map { (id, $0) }
        }
        return (status, grants.filter { $0.1.status == status })
    }

    func rights(_ profile: RecourseProfile, _ harm: HarmDefinition) -> [Statement] {
        let onFile = profile.bindingInstruments.filter { analyses[$0] != nil }
        guard !onFile.isEmpty else {
            return [
                Statement(
                    text: vocabulary.sentence("no-text", ["state": vocabulary.stateName(profile.name)]), basis: .absence,
                    searched: ["profile \(profile.id) memberships and national-acts"] + profile.bindingInstruments)
            ]
        }
        var out: [Statement] = []
        for rightID in harm.rights {
            guard let right = vocabulary.right(rightID) else { continue }
            let (status, grants) = bestRight(rightID, for: profile)
            switch status {
            case .absent:
                out.append(
                    Statement(
                        label: right.title,
                        text: vocabulary.sentence("right-absent", ["plain": right.plain, "state": vocabulary.stateName(profile.name)]),
                        basis: .absence, searched: onFile, status: .absent))
            case .mandatory:
                out.append(
                    Statement(
                        label: right.title,
                        text: vocabulary.sentence("right-mandatory", ["plain": right.plain, "state": vocabulary.stateName(profile.name)]),
                        basis: .cited, citations: grants.compactMap { cite($0.0, $0.1.eId, $0.1.span) }, status: .mandatory))
            case .conditional:
                var ids: [String] = []
                var citations: [Citation] = []
                for (instrument, grant) in grants {
                    if let c = cite(instrument, grant.eId, grant.span) { citations.append(c) }
                    for hit in grant.conditions {
                        if !ids.contains(hit.id) { ids.append(hit.id) }
                        if let span = hit.span, let c = cite(instrument, hit.eId, span), !citations.contains(c) { citations.append(c) }
                    }
                }
                let words = ids.compactMap { vocabulary.condition($0)?.plain }.joined(separator: " ")
                out.append(
                    Statement(
                        label: right.title,
                        text: vocabulary.sentence(
                            "right-conditional", ["plain": right.plain, "state": vocabulary.stateName(profile.name), "conditions": words]),
                        basis: .cited, citations: citations, status: .conditional, conditions: ids))
            }
        }
        return out
    }

    static func lowerFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }

    // MARK: Reporting

    func reporting(_ home: RecourseProfile, _ harm: HarmDefinition, _ victim: VictimKind) -> [Statement] {
        var out: [Statement] = []
        var n = 0
        for kindID in harm.report {
            guard let kind = vocabulary.reportingKind(kindID) else { continue }
            let points = home.reportingPoints.filter { $0.kind == kindID && ($0.appliesTo.isEmpty || $0.appliesTo.contains(victim)) }
            if points.isEmpty {
                // A bank or the platform is not a public body a profile lists: say what to do as guidance.
                if kindID == "bank" || kindID == "platform" {
                    n += 1
                    out.append(
                        Statement(
                            label: "Step \(n)",
                            text: vocabulary.sentence("report-step", ["n": "\(n)", "point": kind.title, "plain": kind.plain]),
                            basis: .guidance))
                }
                continue
            }
            for point in points {
                n += 1
                var citations = [citeProfile(home, point.field + ".name", point.name)]
                if let basis = point.basis, let c = cite(basis) { citations.append(c) }
                out.append(
                    Statement(
                        label: "Step \(n)",
                        text: vocabulary.sentence("report-step", ["n": "\(n)", "point": point.name, "plain": kind.plain]),
                        basis: .cited, citations: citations))
                if let contact = point.contact {
                    out.append(
                        Statement(
                            text: vocabulary.sentence("report-contact", ["contact": contact]), basis: .cited,
                            citations: [citeProfile(home, point.field + ".contact", contact)]))
                }
                for clock in point.clocks where clock.appliesTo.isEmpty || clock.appliesTo.contains(victim) {
                    var citations: [Citation] = []
                    if let basis = clock.basis, let c = cite(basis, within: clock.within) { citations.append(c) }
                    if citations.isEmpty {
                        citations.append(
                            citeProfile(home, clock.field, [clock.within, clock.statute].compactMap { $0 }.joined(separator: ", ")))
                    }
                    out.append(
                        Statement(
                            label: "Deadline", text: vocabulary.sentence("clock", ["within": clock.within, "starts": clock.starts]),
                            basis: .cited, citations: citations))
                }
            }
        }
        return out
    }

    // MARK: Evidence

    func evidence(_ home: RecourseProfile, _ other: RecourseProfile, _ harm: HarmDefinition) -> [Statement] {
        var out: [Statement] = harm.keep.map { Statement(text: $0, basis: .guidance) }
        out.append(Statement(text: vocabulary.sentence("hash"), basis: .guidance))
        out.append(Statement(text: vocabulary.sentence("hash-how"), basis: .guidance))
        out += harm.askProvider.map { Statement(text: $0, basis: .guidance) }
        if let preservation = vocabulary.channels.first(where: { $0.id == "preservation" }) {
            for id in home.treaties where other.treaties.contains(id) {
                for c in channelProvisions(preservation, in: id) {
                    out.append(
                        Statement(
                            text: vocabulary.sentence("provider-article", ["instrument": title(id), "article": Self.article(c.eId ?? "")]),
                            basis: .cited, citations: [c]))
                }
            }
        }
        for id in home.nationalActs {
            guard let analysis = analyses[id] else { continue }
            var units = Set<EId>()
            for finding in analysis.findings where finding.feature == "power.preservation" {
                guard units.insert(Self.unit(of: finding.eId)).inserted, let c = cite(id, finding.eId, finding.span) else { continue }
                out.append(
                    Statement(
                        text: vocabulary.sentence(
                            "provider-domestic",
                            ["state": vocabulary.stateName(home.name), "article": "\(title(id)), \(Self.article(finding.eId))"]),
                        basis: .cited, citations: [c]))
            }
        }
        return out
    }

    // MARK: What is missing

    func missing(_ home: RecourseProfile, _ other: RecourseProfile, _ harm: HarmDefinition) -> [Statement] {
        var out: [Statement] = []
        let searched = (home.bindingInstruments + other.bindingInstruments).filter { analyses[$0] != nil }
        var unique: [String] = []
        for s in searched where !unique.contains(s) { unique.append(s) }
        for rightID in harm.rights {
            guard let right = vocabulary.right(rightID) else { continue }
            let best = max(bestRight(rightID, for: home).status, bestRight(rightID, for: other).status)
            guard best != .mandatory else { continue }
            let text = vocabulary.sentence(
                best == .absent ? "missing-none" : "missing-conditional",
                [
                    "plain": right.plain, "state": vocabulary.stateName(home.name), "other": vocabulary.stateName(other.name),
                    "principle": right.principle,
                ])
            if best == .absent {
                out.append(
                    Statement(
                        label: right.title, text: text, basis: .absence,
                        searched: unique.isEmpty ? ["profiles \(home.id), \(other.id)"] : unique, status: best,
                        principleSource: right.source))
                continue
            }
            // Only conditional in both states: the words that make it conditional are the evidence.
            var citations: [Citation] = []
            var ids: [String] = []
            for profile in [home, other] {
                for (instrument, grant) in bestRight(rightID, for: profile).grants {
                    for hit in grant.conditions {
                        if !ids.contains(hit.id) { ids.append(hit.id) }
                        if let span = hit.span, let c = cite(instrument, hit.eId, span), !citations.contains(c) { citations.append(c) }
                        if hit.span == nil, let c = cite(instrument, grant.eId, grant.span), !citations.contains(c) { citations.append(c) }
                    }
                }
            }
            out.append(
                Statement(
                    label: right.title, text: text, basis: .cited, citations: citations, status: best,
                    conditions: ids, principleSource: right.source))
        }
        if out.isEmpty {
            out.append(
                Statement(
                    text: vocabulary.sentence("missing-nothing"), basis: .absence,
                    searched: unique.isEmpty ? ["profiles \(home.id), \(other.id)"] : unique))
        }
        return out
    }

    // MARK: Glossary

    /// Attaches each glossary term to the first statement (label or text) that uses it.
    func explainTermsOnFirstUse(_ sections: inout [ReportSection]) {
        let terms = vocabulary.glossary.sorted { $0.term.count > $1.term.count }
        let search = terms.map { WordSearch([$0.term]) }
        var explained = Set<String>()
        for s in sections.indices {
            for k in sections[s].statements.indices {
                let statement = sections[s].statements[k]
                let bytes = Array(((statement.label ?? "") + " " + statement.text).utf8)
                for (t, term) in terms.enumerated() where !explained.contains(term.term) {
                    if search[t].occurs(in: bytes, range: 0..<bytes.count) {
                        explained.insert(term.term)
                        sections[s].statements[k].terms.append(term)
                    }
                }
            }
        }
    }
}
