import Foundation
import SafeguardModel

/// The category pass: one primary category per article or section, from cue words weighed as the lexicon says.
extension Analyzer {
    // MARK: - Categories

    /// The byte range of a provision's number and heading: from its start to its own words or first child.
    static func headingRegion(of index: Int, in instrument: Instrument) -> Range<Int> {
        let provision = instrument.provisions[index]
        var end = provision.span.end
        if provision.textSpan.start >= provision.span.start { end = min(end, provision.textSpan.start) }
        if let child = provision.childIndices.first { end = min(end, instrument.provisions[child].span.start) }
        return provision.span.start..<max(provision.span.start, end)
    }

    /// One primary category per article or section (plus a few secondary ones), decided by heading cues, body
    /// cues (capped) and the headings of the chapters or parts around it (context cues), weighed and thresholded
    /// as the lexicon's ``CategoryScoring`` says; ties go to the cue that comes first.
    func categorize(_ instrument: Instrument, index: TextIndex, cues: [Match]) -> [CategoryAssignment] {
        let placed = placeCues(cues, in: instrument, index: index)
        var tally = CategoryTally()
        var result: [CategoryAssignment] = []
        for unit in instrument.unitIndices {
            let provision = instrument.provisions[unit]
            if index.inPreamble[unit] {
                result.append(CategoryAssignment(eId: provision.eId, primary: .preamble))
                continue
            }
            if let marker = repealedMarker(of: unit, in: instrument, bytes: index.bytes) {
                result.append(
                    CategoryAssignment(
                        eId: provision.eId, primary: .repealed,
                        evidence: [
                            Finding(
                                feature: "category.repealed", eId: provision.eId, span: marker,
                                quote: instrument.quote(marker), pattern: "category.repealed.marker")
                        ]))
                continue
            }
            tally.reset()
            tally.count(placed, for: unit, in: instrument, tables: lexicon.tables, scoring: lexicon.categoryScoring)
            result.append(assignment(of: unit, from: tally, in: instrument))
        }
        return result
    }

    /// The category cues of an instrument, placed where they count: heading and context cues under the provision
    /// whose number and heading hold them, body cues under the unit whose words hold them.
    struct PlacedCues {
        var heading: [Int: [Match]] = [:]
        var body: [Int: [Match]] = [:]
    }

    func placeCues(_ cues: [Match], in instrument: Instrument, index: TextIndex) -> PlacedCues {
        let tables = lexicon.tables
        var placed = PlacedCues()
        var regions: [Int: Range<Int>] = [:]
        for match in cues {
            let owner = match.owner
            let region = regions[owner] ?? Self.headingRegion(of: owner, in: instrument)
            regions[owner] = region
            let inHeading = region.contains(match.span.start) && match.span.end <= region.upperBound
            switch tables.patternKind[match.pattern] {
            case .headingCue:
                if inHeading { placed.heading[owner, default: []].append(match) }
            case .contextCue:
                if inHeading, instrument.provisions[owner].kind.isContainer { placed.heading[owner, default: []].append(match) }
            case .bodyCue:
                if !inHeading, let unit = index.unit(of: owner) {
                    placed.body[unit, default: []].append(match)
                }
            default: break
            }
        }
        return placed
    }

    /// The unit's category assignment from its tally: the best category over the lexicon's minimum, the close
    /// runners-up as secondary, and the words that decided it.
    func assignment(of unit: Int, from tally: CategoryTally, in instrument: Instrument) -> CategoryAssignment {
        let scoring = lexicon.categoryScoring
        let provision = instrument.provisions[unit]
        let ranked = tally.ranked(minimum: scoring.primaryMinimum)
        guard let best = ranked.first else { return CategoryAssignment(eId: provision.eId, primary: .other) }
        let secondary = ranked.dropFirst().filter { scoring.isSecondary(tally.score[$0], primaryScore: tally.score[best]) }
            .prefix(scoring.secondaryLimit).map { CategoryTally.all[$0] }
        let words = tally.evidence[best].prefix(scoring.evidenceLimit).map { match in
            Finding(
                feature: CategoryTally.feature[best], eId: instrument.provisions[match.owner].eId,
                span: match.span, quote: instrument.quote(match.span), pattern: lexicon.patterns[match.pattern].trace)
        }
        return CategoryAssignment(
            eId: provision.eId, primary: CategoryTally.all[best], secondary: Array(secondary), evidence: words)
    }

    /// The words that mark a unit as omitted or repealed: its whole text after the number is a marker word
    /// ("Repealed.", "[Omitted.]") or a bracket that opens with one ("[Repealed by Act 5 of 2020]").
    func repealedMarker(of unit: Int, in instrument: Instrument, bytes: [UInt8]) -> TextSpan? {
        let provision = instrument.provisions[unit]
        guard provision.childIndices.isEmpty else { return nil }
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
        let spanEnd = provision.span.end
        var start = provision.span.start
        // Skip the number as written and the separators after it.
        if let num = provision.num, bytes[start..<spanEnd].starts(with: num.utf8) { start += num.utf8.count }
        while start < spanEnd,
            bytes[start] == 0x20 || bytes[start] == 0x0A || bytes[start] == UInt8(ascii: "-")
                || bytes[start] == UInt8(ascii: ".") || bytes[start] == UInt8(ascii: ":") || bytes[start] >= 0x80
        {
            start += 1
        }
        var end = spanEnd
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0A { end -= 1 }
        guard end > start, end - start <= 160 else { return nil }
        let bracketed = bytes[start] == UInt8(ascii: "[") || bytes[start] == UInt8(ascii: "(")
        var wordStart = bracketed ? start + 1 : start
        while wordStart < end, bytes[wordStart] == 0x20 { wordStart += 1 }
        var wordEnd = wordStart
        while wordEnd < end, isLetter(bytes[wordEnd]) { wordEnd += 1 }
        guard wordEnd > wordStart,
            let word = String(bytes: bytes[wordStart..<wordEnd], encoding: .utf8)?.lowercased(),
            lexicon.repealedMarkers.contains(word)
        else { return nil }
        if bracketed {
            // The bracket is the whole text: "[Repealed by Act 5 of 2020]".
            guard
                bytes[end - 1] == UInt8(ascii: "]") || bytes[end - 1] == UInt8(ascii: ")")
                    || (end - start > 2 && (bytes[end - 2] == UInt8(ascii: "]") || bytes[end - 2] == UInt8(ascii: ")")))
            else { return nil }
        } else {
            // Unbracketed, the marker must be all there is: "Repealed." (not "Repealed enactments are ...").
            var rest = wordEnd
            while rest < end, bytes[rest] == UInt8(ascii: ".") || bytes[rest] == 0x20 { rest += 1 }
            guard rest == end else { return nil }
        }
        return TextSpan(start: start, end: end)
    }
}

/// The category scores of one unit, in scratch arrays indexed by `Category.allCases` position and reused from one
/// unit to the next (only the categories a unit touched are reset).
struct CategoryTally {
    static let all = Category.allCases
    static let ordinal = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1, $0) })
    static let feature = all.map { FeatureID("category.\($0.rawValue)") }

    var score = [Int](repeating: 0, count: all.count)
    /// Where the category's first cue stands: heading cues by position, body cues after every heading cue,
    /// context cues last.
    var firstPosition = [Int](repeating: Int.max, count: all.count)
    var bodyScore = [Int](repeating: 0, count: all.count)
    var fromHeading = [Bool](repeating: false, count: all.count)
    var fromContext = [Bool](repeating: false, count: all.count)
    var evidence = [[Analyzer.Match]](repeating: [], count: all.count)
    var touched: [Int] = []

    mutating func reset() {
        for c in touched {
            score[c] = 0
            firstPosition[c] = Int.max
            bodyScore[c] = 0
            fromHeading[c] = false
            fromContext[c] = false
            evidence[c] = []
        }
        touched.removeAll(keepingCapacity: true)
    }

    private static func longestFirst(_ a: Analyzer.Match, _ b: Analyzer.Match) -> Bool {
        a.span.start != b.span.start ? a.span.start < b.span.start : a.span.end > b.span.end
    }

    /// Counts the unit's heading cues (one vote per category), its body cues (capped per category) and the
    /// heading cues of the chapters, parts and divisions around it (once per category).
    mutating func count(
        _ cues: Analyzer.PlacedCues, for unit: Int, in instrument: Instrument, tables: Lexicon.Tables,
        scoring: CategoryScoring
    ) {
        if let cuesHere = cues.heading[unit] {
            for match in cuesHere.sorted(by: Self.longestFirst) where tables.patternKind[match.pattern] == .headingCue {
                let c = Self.ordinal[tables.patternCategory[match.pattern]]!
                if fromHeading[c] { continue }
                fromHeading[c] = true
                touched.append(c)
                score[c] += tables.patternWeight[match.pattern]
                firstPosition[c] = min(firstPosition[c], match.span.start)
                evidence[c].append(match)
            }
        }
        if let cuesHere = cues.body[unit] {
            for match in cuesHere.sorted(by: { $0.span < $1.span }) where tables.patternKind[match.pattern] == .bodyCue {
                let c = Self.ordinal[tables.patternCategory[match.pattern]]!
                guard bodyScore[c] < scoring.bodyCap else { continue }
                let weight = min(tables.patternWeight[match.pattern], scoring.bodyCap - bodyScore[c])
                bodyScore[c] += weight
                score[c] += weight
                touched.append(c)
                firstPosition[c] = min(firstPosition[c], Int.max / 2 + match.span.start)
                if !fromHeading[c] { evidence[c].append(match) }
            }
        }
        var up = instrument.provisions[unit].parentIndex
        while let i = up {
            if instrument.provisions[i].kind.isContainer, let cuesHere = cues.heading[i] {
                for match in cuesHere.sorted(by: Self.longestFirst) where tables.patternKind[match.pattern] == .contextCue {
                    let c = Self.ordinal[tables.patternCategory[match.pattern]]!
                    if fromContext[c] { continue }
                    fromContext[c] = true
                    touched.append(c)
                    score[c] += tables.patternWeight[match.pattern]
                    firstPosition[c] = min(firstPosition[c], Int.max - 1)
                    if evidence[c].isEmpty { evidence[c] = [match] }
                }
            }
            up = instrument.provisions[i].parentIndex
        }
    }

    /// The touched categories scoring at least `minimum`, best first; ties go to the earlier first cue, then to
    /// the category's order.
    func ranked(minimum: Int) -> [Int] {
        var ranked = Array(Set(touched)).filter { score[$0] >= minimum }
        ranked.sort { a, b in
            if score[a] != score[b] { return score[a] > score[b] }
            if firstPosition[a] != firstPosition[b] { return firstPosition[a] < firstPosition[b] }
            return Self.all[a] < Self.all[b]
        }
        return ranked
    }
}
