import SafeguardModel

/// One line of the normalised text: `start..<end` excludes the newline; `content` skips indentation.
struct TextLine {
    var start: Int
    var end: Int
    var content: Int
    var isBlank: Bool { content >= end }
}

/// Kinds of list markers, which decide nesting: a marker continues the innermost open list of its type.
enum EnumeratorType: Equatable {
    case arabicDot  // "1."
    case arabicParen  // "(1)" or "1)"
    case lower  // "(a)"
    case lowerRoman  // "(i)"
    case upper  // "(A)"
    case upperRoman  // "(I)"
    case doubleLower  // "(aa)"
    case arabicBare  // "1 Each Party" (Council-of-Europe)
    case lowerBare  // "a the ..." (Council-of-Europe)
    case lowerRomanBare  // "ii the ..." (Council-of-Europe)
    case decimal  // "2.1 The Parties ..." inside an article
    case dash  // "— entering the whole device," (EU-style indents)

    var isNumeric: Bool { self == .arabicDot || self == .arabicParen || self == .arabicBare }
}

/// One reading of a list marker: "(i)" can be the letter i (ordinal 9) or the Roman one (ordinal 1).
struct EnumeratorCandidate {
    var type: EnumeratorType
    var ordinal: Int
}

/// A list marker found at the start of a line (or chained after another: "(a)(1)(A)").
struct Enumerator {
    /// The marker as written: "(a)", "1.", "(ii)".
    var written: String
    /// The label inside the marker: "a", "1", "ii".
    var label: String
    var candidates: [EnumeratorCandidate]
    var start: Int
    var end: Int
}

/// A heading line: a container (part, chapter, ...) or a unit (article, section).
struct HeadingMatch {
    var kind: ProvisionKind
    /// Keyword and number as written: "Article 7 bis", "CHAPTER II", "§ 1030".
    var written: String
    /// The number as written: "7 bis", "II", "1030"; nil for an unnumbered annex or schedule.
    var label: String?
    /// The numeric value when the number is arabic, roman or a number word.
    var ordinal: Int?
    /// Whether the number was written in Roman numerals.
    var isRoman: Bool
    /// Whether the number was written as a word ("Article Six", "Chapter Twenty-One").
    var isNumberWord = false
    /// Inline heading after a separator ("Article 2 – Illegal access").
    var heading: String?
    /// Where text continues on the same line after number and heading (== line end when nothing follows).
    var restStart: Int
    /// US Code style "§ 1030." section.
    var isUSCode: Bool = false
    /// The heading looks like a table-of-contents entry (ends with a page number or dot leaders).
    var endsWithPageNumber: Bool = false
    /// "Section N" in a document with articles is a division, not a unit: decided later.
    var isSectionKeyword: Bool = false
    /// "II. Recommendations": a Roman-numbered heading without a keyword (reports, some treaties). Kept only
    /// when such headings form a sequence from I (decided by the parser).
    var isBareRoman: Bool = false
    /// "Article 285 Whoever …": a sentence right after the number, without a separator (decided by the parser).
    var isInlineSentence: Bool = false
}

/// A line starting with "N." or "N.—": a section of an act, or a numbered paragraph.
struct NumberedLine {
    var written: String
    var label: String
    var ordinal: Int
    /// Position after the marker and any dash/space.
    var restStart: Int
    /// "3.—(1)": the dash form used by Commonwealth acts.
    var hasDash: Bool
    /// "477.1": a decimal section number (no final period).
    var isDecimal = false
}

enum LineToken {
    case blank
    case text
    case noise
    case tocMarker
    case preambleMarker
    case heading(HeadingMatch)
    case numbered(NumberedLine)
    case enumerators([Enumerator], textStart: Int)
}

/// Classifies lines without context (the parser adds context: mode, expected numbers, TOC runs).
struct LineClassifier {
    let bytes: [UInt8]
    let vocabulary: DraftingVocabulary

    func classify(_ line: TextLine) -> LineToken {
        if line.isBlank { return .blank }
        let s = line.content
        let e = line.end
        if NoiseLines(bytes: bytes).isNoise(s, e) { return .noise }
        if let marker = tocOrPreambleMarker(s, e) { return marker }
        if let heading = heading(s, e) {
            // "Section 3      Imprisonment for 2 years": a table row (a column gap), not a heading.
            if hasColumnGap(s, e) { return .text }
            return .heading(heading)
        }
        if let roman = bareRomanHeading(s, e) { return .heading(roman) }
        // Negotiation drafts bracket whole articles: "[Article 6 bis" … "]".
        if bytes[s] == 0x5B, s + 1 < e, let bracketed = heading(s + 1, e), bracketed.kind.isUnit, !hasColumnGap(s, e) {
            return .heading(bracketed)
        }
        // Negotiation drafts bracket whole paragraphs: "[2. Each State Party ...]", "[(b) ...]".
        let ns = bytes[s] == 0x5B && s + 1 < e ? s + 1 : s
        if let numbered = numbered(ns, e) { return .numbered(numbered) }
        if let (chain, textStart) = enumeratorChain(ns, e), !chain.isEmpty { return .enumerators(chain, textStart: textStart) }
        if let bare = bareEnumerator(ns, e) {
            // Council of Europe "1 a This article applies ...": a paragraph and its first point on one line.
            if bare.0.candidates[0].type == .arabicBare, let point = bareEnumerator(bare.1, e),
                point.0.candidates.contains(where: { $0.type == .lowerBare && $0.ordinal == 1 }),
                point.1 < e, Bytes.isUpper(bytes[point.1])
            {
                return .enumerators([bare.0, point.0], textStart: point.1)
            }
            return .enumerators([bare.0], textStart: bare.1)
        }
        return .text
    }

    func hasDotLeader(_ s: Int, _ e: Int) -> Bool { NoiseLines(bytes: bytes).hasDotLeader(s, e) }

    /// Three or more spaces between words: table columns (schedules, forms) laid out with spaces.
    func hasColumnGap(_ s: Int, _ e: Int) -> Bool {
        var run = 0
        for k in s..<e {
            if bytes[k] == 0x20 { run += 1; if run >= 3, k + 1 < e, bytes[k + 1] != 0x20 { return true } } else { run = 0 }
        }
        return false
    }

    func tocOrPreambleMarker(_ s: Int, _ e: Int) -> LineToken? {
        // Cheap first-letter filter before building a string.
        guard vocabulary.markerInitials.contains(Bytes.lower(bytes[s])) else { return nil }
        var end = e
        while end > s, bytes[end - 1] == 0x3A || bytes[end - 1] == 0x2E { end -= 1 }
        guard end - s <= 40 else { return nil }
        let text = Bytes.string(bytes, s, end).lowercased()
        if vocabulary.contentsMarkers.contains(text) { return .tocMarker }
        if vocabulary.preambleMarkers.contains(text) { return .preambleMarker }
        return nil
    }
}

/// Page furniture recognisable from one line alone.
struct NoiseLines {
    let bytes: [UInt8]

    /// Page numbers ("7", "- 7 -", "7/52", "Page 7 of 52"), dot-leader lines, rules, superscript footnotes.
    func isNoise(_ s: Int, _ e: Int) -> Bool {
        let len = e - s
        // Bare page number, optionally dashed: "7", "- 7 -", "— 7 —".
        var i = s
        var k = Bytes.dashLength(bytes, i, e)
        if k > 0 { i = Bytes.skipSpaces(bytes, i + k, e) }
        let digitsStart = i
        while i < e, Bytes.isDigit(bytes[i]) { i += 1 }
        if i > digitsStart, i - digitsStart <= 4 {
            var j = Bytes.skipSpaces(bytes, i, e)
            k = Bytes.dashLength(bytes, j, e)
            if k > 0 { j = Bytes.skipSpaces(bytes, j + k, e) }
            if j == e { return true }
            // "7/52", "7 / 52"
            if bytes[j] == 0x2F {
                j = Bytes.skipSpaces(bytes, j + 1, e)
                let d = j
                while j < e, Bytes.isDigit(bytes[j]) { j += 1 }
                if j > d, j == e { return true }
            }
        }
        // "Page 7", "Page 7 of 52", "p. 7"
        if Bytes.hasPrefixCI(bytes, s, e, "page ") {
            var j = s + 5
            let d = j
            while j < e, Bytes.isDigit(bytes[j]) { j += 1 }
            if j > d {
                if j == e { return true }
                if Bytes.hasPrefixCI(bytes, j, e, " of ") {
                    j += 4
                    let d2 = j
                    while j < e, Bytes.isDigit(bytes[j]) { j += 1 }
                    if j > d2, j == e { return true }
                }
            }
        }
        // Rules: "_____", "-----", "*****"
        if len >= 3 {
            var allRule = true
            for b in bytes[s..<e] where b != 0x5F && b != 0x2D && b != 0x2A && b != 0x3D && b != 0x20 { allRule = false; break }
            if allRule { return true }
        }
        // Dot leaders ending a line, with or without a page number: "Article 1 ......... 3".
        if hasDotLeader(s, e) { return true }
        // Superscript digit at line start: footnote text.
        if bytes[s] == 0xC2, s + 1 < e, bytes[s + 1] == 0xB9 || bytes[s + 1] == 0xB2 || bytes[s + 1] == 0xB3 { return true }
        if bytes[s] == 0xE2, s + 2 < e, bytes[s + 1] == 0x81, (0xB0...0xB9).contains(bytes[s + 2]) { return true }
        return false
    }

    func hasDotLeader(_ s: Int, _ e: Int) -> Bool {
        var j = e
        while j > s, Bytes.isDigit(bytes[j - 1]) || Bytes.isSpace(bytes[j - 1]) { j -= 1 }
        var dots = 0
        while j > s {
            if bytes[j - 1] == 0x2E {
                dots += 1; j -= 1
            } else if j - 3 >= s, bytes[j - 3] == 0xE2, bytes[j - 2] == 0x80, bytes[j - 1] == 0xA6 {
                dots += 3; j -= 3
            } else if Bytes.isSpace(bytes[j - 1]) {
                j -= 1
            } else {
                break
            }
        }
        // "....... 12" or "... 12" (a page number after a short leader)
        return dots >= 4 || (dots >= 3 && e > s && Bytes.isDigit(bytes[e - 1]))
    }

}

extension LineClassifier {
    // MARK: headings

    func heading(_ s: Int, _ e: Int) -> HeadingMatch? {
        // "§ 1030. Heading" (US Code)
        if bytes[s] == 0xC2, s + 1 < e, bytes[s + 1] == 0xA7 {
            return usCodeSection(s, e)
        }
        // "FIRST SCHEDULE", "Second Schedule"
        if let ordinalSchedule = ordinalSchedule(s, e) { return ordinalSchedule }
        guard Bytes.isUpper(bytes[s]) else { return nil }  // "article 24 applies" is a reference, not a heading
        for heading in vocabulary.headings where Bytes.hasPrefixCI(bytes, s, e, heading.keyword) {
            let kind = heading.kind
            let kwEnd = s + heading.keyword.count
            // Keyword case: "Article" or "ARTICLE" (not "ARticle").
            if !isConsistentKeywordCase(s, kwEnd) { continue }
            if kwEnd < e, Bytes.isLetter(bytes[kwEnd]) { continue }  // "Articles", "Particular"
            return headingAfterKeyword(kind: kind, lineStart: s, keywordEnd: kwEnd, lineEnd: e)
        }
        return nil
    }

    private func isConsistentKeywordCase(_ s: Int, _ e: Int) -> Bool {
        var upper = 0
        var lower = 0
        for k in (s + 1)..<e {
            if Bytes.isUpper(bytes[k]) { upper += 1 } else if Bytes.isLower(bytes[k]) { lower += 1 }
        }
        return upper == 0 || lower == 0
    }

    private func headingAfterKeyword(kind: ProvisionKind, lineStart s: Int, keywordEnd: Int, lineEnd e: Int) -> HeadingMatch? {
        var i = Bytes.skipSpaces(bytes, keywordEnd, e)
        let isAnnexLike = kind == .annex || kind == .schedule
        if i == e {
            // "ANNEX", "Schedule" alone on a line.
            guard isAnnexLike else { return nil }
            return HeadingMatch(
                kind: kind, written: Bytes.string(bytes, s, e), label: nil, ordinal: nil, isRoman: false, heading: nil, restStart: e)
        }
        guard i > keywordEnd || bytes[i - 1] == 0x2E else {
            // Separator directly after the keyword: "ANNEX – Model form".
            if isAnnexLike, Bytes.dashLength(bytes, i, e) > 0 || bytes[i] == 0x3A {
                return finishHeading(kind: kind, s: s, numEnd: i, label: nil, ordinal: nil, isRoman: false, e: e)
            }
            return nil
        }
        // The number: digits (+ up to two letters), Roman numerals, a number word, or a single capital letter.
        let numStart = i
        var ordinal: Int?
        var isRoman = false
        var isWord = false
        if Bytes.isDigit(bytes[i]) {
            var value = 0
            while i < e, Bytes.isDigit(bytes[i]), value < 100_000 { value = value * 10 + Int(bytes[i] - 0x30); i += 1 }
            ordinal = value
            // "Article 1°", "Artículo 5º": the ordinal indicator belongs to the number as written.
            if i + 1 < e, bytes[i] == 0xC2, bytes[i + 1] == 0xB0 || bytes[i + 1] == 0xBA { i += 2 }
            var letters = 0
            while i < e, Bytes.isLetter(bytes[i]), letters < 3 { i += 1; letters += 1 }
            if letters > 2 || (i < e && Bytes.isLetter(bytes[i])) { return nil }
            // "2.1" style sub-numbers
            while i + 1 < e, bytes[i] == 0x2E, Bytes.isDigit(bytes[i + 1]) {
                i += 1
                while i < e, Bytes.isDigit(bytes[i]) { i += 1 }
            }
        } else if Bytes.isLetter(bytes[i]) {
            while i < e, Bytes.isLetter(bytes[i]) { i += 1 }
            // A lone C, D, L or M is a letter ("Part C"), not 100, 500, 50 or 1000.
            let loneLargeNumeral = i - numStart == 1 && [0x43, 0x44, 0x4C, 0x4D].contains(bytes[numStart] & 0xDF)
            if !loneLargeNumeral, let roman = Bytes.romanValue(bytes, numStart, i), Bytes.isUpper(bytes[numStart]) || kind == .article {
                if !Bytes.isUpper(bytes[numStart]) && i - numStart > 1 { return nil }
                ordinal = roman
                isRoman = true
            } else if let word = vocabulary.numberWords[Bytes.string(bytes, numStart, i).lowercased()], Bytes.isUpper(bytes[numStart]) {
                ordinal = word
                isWord = true
                // "Twenty-One", "Thirty Two": tens and a unit word.
                if word >= 20, word % 10 == 0, i + 1 < e, bytes[i] == 0x2D || bytes[i] == 0x20, Bytes.isLetter(bytes[i + 1]) {
                    var j = i + 1
                    while j < e, Bytes.isLetter(bytes[j]) { j += 1 }
                    if let unit = vocabulary.numberWords[Bytes.string(bytes, i + 1, j).lowercased()], unit < 10 {
                        ordinal = word + unit
                        i = j
                    }
                }
            } else if i - numStart == 1, Bytes.isUpper(bytes[numStart]) {
                ordinal = Int(bytes[numStart] - 0x40)  // "Part A", "Annex B"
            } else {
                return nil
            }
        } else {
            return nil
        }
        let numEnd = latinSuffixEnd(after: i, lineEnd: e)
        let label = Bytes.string(bytes, numStart, numEnd)
        var match = finishHeading(kind: kind, s: s, numEnd: numEnd, label: label, ordinal: ordinal, isRoman: isRoman, e: e)
        match?.isNumberWord = isWord
        return match
    }

    /// Where a number ends once a Latin suffix is taken in ("7 bis", "12 ter"); `i` when there is none.
    private func latinSuffixEnd(after i: Int, lineEnd e: Int) -> Int {
        let afterSpace = Bytes.skipSpaces(bytes, i, e)
        guard afterSpace > i || afterSpace < e else { return i }
        for suffix in vocabulary.latinSuffixes {
            let count = suffix.utf8.count
            if afterSpace + count <= e, Bytes.string(bytes, afterSpace, afterSpace + count).lowercased() == suffix,
                afterSpace + count == e || !Bytes.isLetter(bytes[afterSpace + count])
            {
                return afterSpace + count
            }
        }
        return i
    }

    private func finishHeading(kind: ProvisionKind, s: Int, numEnd: Int, label: String?, ordinal: Int?, isRoman: Bool, e: Int)
        -> HeadingMatch?
    {
        var i = Bytes.skipSpaces(bytes, numEnd, e)
        let written = Bytes.string(bytes, s, numEnd)
        var match = HeadingMatch(kind: kind, written: written, label: label, ordinal: ordinal, isRoman: isRoman, heading: nil, restStart: e)
        match.isSectionKeyword = kind == .section
        if i == e { return match }
        // Separator: dash, colon, period (", " is not a separator: "Article 3, paragraph 2").
        var hadSeparator = false
        let dash = Bytes.dashLength(bytes, i, e)
        if dash > 0 {
            i += dash
            hadSeparator = true
        } else if bytes[i] == 0x3A || bytes[i] == 0x2E {
            i += 1
            hadSeparator = true
            // "3.—" or "1. –" after a period
            let afterSpace = Bytes.skipSpaces(bytes, i, e)
            let d = Bytes.dashLength(bytes, afterSpace, e)
            if d > 0 { i = afterSpace + d }
        }
        i = Bytes.skipSpaces(bytes, i, e)
        if i == e { return match }
        let first = bytes[i]
        if !hadSeparator {
            // Without a separator, only a capitalised short heading counts: "ARTICLE 1 DEFINITIONS".
            // Or a bracketed one: "Article 5 [Data interference]", "Article 6 (Illegal interception)".
            let parenthesised = first == 0x28 && bytes[e - 1] == 0x29 && i + 1 < e && Bytes.isUpper(bytes[i + 1])
            // "Article 285 Whoever, in violation of …, shall be sentenced …" (translations of civil-law codes):
            // the article's text on its number line. Kept only where the number continues the sequence.
            if kind == .article, Bytes.isUpper(first), e - i > 40, bytes[e - 1] == 0x2E || bytes[e - 1] == 0x3A,
                isSentence(Bytes.string(bytes, i, e))
            {
                match.restStart = i
                match.isInlineSentence = true
                return match
            }
            guard Bytes.isUpper(first) || first == 0x5B || parenthesised, e - s <= 100, !endsWithSentencePunctuation(i, e) else {
                return nil
            }
        } else if Bytes.isLower(first), kind == .article || kind == .chapter || kind == .part {
            // "Article 5. of the Convention" — a wrapped reference, not a heading.
            return nil
        }
        if !(Bytes.isUpper(first) || Bytes.isDigit(first) || first == 0x5B || first == 0x28 || first >= 0x80 || Bytes.isLower(first)) {
            return nil
        }
        var headingEnd = e
        match.endsWithPageNumber = hasDotLeader(i, e) || endsWithPageNumber(i, e)
        if match.endsWithPageNumber {
            while headingEnd > i,
                Bytes.isDigit(bytes[headingEnd - 1]) || Bytes.isSpace(bytes[headingEnd - 1]) || bytes[headingEnd - 1] == 0x2E
            { headingEnd -= 1 }
        }
        // "SECTION 1. Title. – This Act shall be known as ...": heading, then the section's text.
        if let (period, restStart) = periodThenDash(from: i, to: headingEnd) {
            match.heading = Bytes.string(bytes, i, period)
            match.restStart = restStart
            return match
        }
        // A whole sentence after the number is text, not a heading ("Art. 3. – Any person who ... shall ...").
        let candidate = Bytes.string(bytes, i, headingEnd)
        if headingEnd - i > 160 || (candidate.hasSuffix(".") && (headingEnd - i > 60 || isSentence(candidate))) {
            match.restStart = i
            return match
        }
        // "Article 5 [Data interference]": the brackets are not part of the heading.
        if (bytes[i] == 0x5B && bytes[headingEnd - 1] == 0x5D) || (!hadSeparator && bytes[i] == 0x28 && bytes[headingEnd - 1] == 0x29),
            headingEnd - i > 2
        {
            match.heading = Bytes.string(bytes, i + 1, headingEnd - 1)
        } else {
            match.heading = Bytes.string(bytes, i, headingEnd)
        }
        match.restStart = e
        return match
    }

    /// A period followed by a dash within the first 100 bytes: where the heading ends and the text starts.
    private func periodThenDash(from i: Int, to end: Int) -> (period: Int, restStart: Int)? {
        var k = i
        while k + 1 < end, k - i < 100 {
            if bytes[k] == 0x2E {
                var d = k + 1
                while d < end, bytes[d] == 0x20 { d += 1 }
                let dash = Bytes.dashLength(bytes, d, end)
                if dash > 0 { return (k, Bytes.skipSpaces(bytes, d + dash, end)) }
            }
            k += 1
        }
        return nil
    }

    /// A short candidate heading ending in a period is a sentence when it has a sentence verb or many words
    /// ("For the purposes of this law, "device" means any apparatus.").
    private func isSentence(_ candidate: String) -> Bool {
        let words = candidate.split(separator: " ")
        if words.count >= 7 { return true }
        return vocabulary.hasSentenceVerb(words)
    }

    private func endsWithSentencePunctuation(_ s: Int, _ e: Int) -> Bool {
        guard e > s else { return false }
        let last = bytes[e - 1]
        return last == 0x2C || last == 0x3B
    }

    /// "... Illegal access 7": a heading followed by a page number (TOC entry).
    private func endsWithPageNumber(_ s: Int, _ e: Int) -> Bool {
        var j = e
        while j > s, Bytes.isDigit(bytes[j - 1]) { j -= 1 }
        guard j < e, e - j <= 3, j > s, Bytes.isSpace(bytes[j - 1]) else { return false }
        let before = j - 1
        guard before > s else { return false }
        // A heading ending "No. 2" or "Protocol 2" keeps its number.
        let prev = bytes[before - 1]
        return Bytes.isLetter(prev) && !(before >= s + 3 && Bytes.hasPrefixCI(bytes, before - 3, before, "no."))
    }

    /// I, V, X or L (no allocation: this runs for every line).
    @inline(__always) static func isRomanCapital(_ b: UInt8) -> Bool { b == 0x49 || b == 0x56 || b == 0x58 || b == 0x4C }

    /// "I. Introduction", "IV. DRAFT CONVENTION": an upper-case Roman numeral, a period and a short capitalised
    /// phrase that is not a sentence. Candidates only: the parser keeps them when they run I, II, III, ...
    func bareRomanHeading(_ s: Int, _ e: Int) -> HeadingMatch? {
        var i = s
        while i < e, i - s < 6, Self.isRomanCapital(bytes[i]) { i += 1 }
        guard i > s, i + 2 < e, bytes[i] == 0x2E, bytes[i + 1] == 0x20, let value = Bytes.romanValue(bytes, s, i) else { return nil }
        let rest = Bytes.skipSpaces(bytes, i + 1, e)
        guard rest < e, Bytes.isUpper(bytes[rest]), e - rest <= 90 else { return nil }
        let last = bytes[e - 1]
        guard Bytes.isLetter(last) || last == 0x29 else { return nil }
        var words = 0
        var k = rest
        var previous: String?
        while k < e {
            while k < e, bytes[k] == 0x20 { k += 1 }
            let w = k
            while k < e, bytes[k] != 0x20 { k += 1 }
            if k > w {
                words += 1
                let word = Bytes.string(bytes, w, k)
                if vocabulary.isSentenceVerb(word.lowercased(), after: previous) { return nil }
                previous = word
            }
        }
        guard words <= 12 else { return nil }
        var match = HeadingMatch(
            kind: .chapter, written: Bytes.string(bytes, s, i + 1), label: Bytes.string(bytes, s, i),
            ordinal: value, isRoman: true, heading: Bytes.string(bytes, rest, e), restStart: e)
        match.isBareRoman = true
        return match
    }

    private func usCodeSection(_ s: Int, _ e: Int) -> HeadingMatch? {
        var i = Bytes.skipSpaces(bytes, s + 2, e)
        let numStart = i
        while i < e, Bytes.isAlnum(bytes[i]) || bytes[i] == 0x2D { i += 1 }
        guard i > numStart, Bytes.isDigit(bytes[numStart]) else { return nil }
        var ordinal = 0
        var k = numStart
        while k < i, Bytes.isDigit(bytes[k]), ordinal < 1_000_000 { ordinal = ordinal * 10 + Int(bytes[k] - 0x30); k += 1 }
        let label = Bytes.string(bytes, numStart, i)
        guard var match = finishHeading(kind: .section, s: s, numEnd: i, label: label, ordinal: ordinal, isRoman: false, e: e) else {
            return nil
        }
        match.isUSCode = true
        match.isSectionKeyword = false
        return match
    }

    private func ordinalSchedule(_ s: Int, _ e: Int) -> HeadingMatch? {
        guard Bytes.isUpper(bytes[s]) else { return nil }
        var i = s
        while i < e, Bytes.isLetter(bytes[i]) { i += 1 }
        guard let value = vocabulary.numberWords[Bytes.string(bytes, s, i).lowercased()], value <= 12 else { return nil }
        let j = Bytes.skipSpaces(bytes, i, e)
        guard j > i else { return nil }
        for heading in vocabulary.headings
        where (heading.kind == .schedule || heading.kind == .annex) && Bytes.hasPrefixCI(bytes, j, e, heading.keyword) {
            let kwEnd = j + heading.keyword.count
            guard isConsistentKeywordCase(j, kwEnd), kwEnd == e || !Bytes.isLetter(bytes[kwEnd]) else { continue }
            guard
                var match = finishHeading(
                    kind: heading.kind, s: s, numEnd: kwEnd, label: Bytes.string(bytes, s, i), ordinal: value, isRoman: false, e: e)
            else { return nil }
            match.label = Bytes.string(bytes, s, i)
            return match
        }
        return nil
    }

    // MARK: numbered lines and list markers

    /// "3. A person ...", "3.—(1) ...", "12A. ...", "1. Each State Party ...".
    func numbered(_ s: Int, _ e: Int) -> NumberedLine? {
        var i = s
        var value = 0
        while i < e, Bytes.isDigit(bytes[i]), i - s < 5 { value = value * 10 + Int(bytes[i] - 0x30); i += 1 }
        guard i > s, i < e else { return nil }
        if Bytes.isUpper(bytes[i]), i + 1 < e, bytes[i + 1] == 0x2E { i += 1 }  // "12A."
        guard i < e, bytes[i] == 0x2E else { return nil }
        let markerEnd = i + 1
        if markerEnd < e, Bytes.isDigit(bytes[markerEnd]) { return decimalNumbered(s, e, major: value, dot: i) }
        var j = markerEnd
        var hasDash = false
        let dash = Bytes.dashLength(bytes, j, e)
        if dash > 0 { j += dash; hasDash = true }
        let afterSpaces = Bytes.skipSpaces(bytes, j, e)
        guard hasDash || afterSpaces > j || afterSpaces == e else { return nil }
        j = afterSpaces
        return NumberedLine(
            written: Bytes.string(bytes, s, markerEnd), label: Bytes.string(bytes, s, markerEnd - 1),
            ordinal: value, restStart: j, hasDash: hasDash
        )
    }

    /// "477.1 Unauthorised access ..." (Australian Criminal Code): a decimal section number followed by a
    /// capitalised heading. Ordinal major × 1000 + minor keeps the order.
    private func decimalNumbered(_ s: Int, _ e: Int, major: Int, dot: Int) -> NumberedLine? {
        var i = dot + 1
        var minor = 0
        let minorStart = i
        while i < e, Bytes.isDigit(bytes[i]), i - minorStart < 3 { minor = minor * 10 + Int(bytes[i] - 0x30); i += 1 }
        // "2.1. The Parties ..." (a final period) is written too.
        let labelEnd = i
        if i + 1 < e, bytes[i] == 0x2E, bytes[i + 1] == 0x20 { i += 1 }
        guard i < e, bytes[i] == 0x20, major < 100_000 else { return nil }
        let rest = Bytes.skipSpaces(bytes, i, e)
        guard rest < e, Bytes.isUpper(bytes[rest]) || bytes[rest] == 0x28 else { return nil }
        let label = Bytes.string(bytes, s, labelEnd)
        return NumberedLine(
            written: Bytes.string(bytes, s, i), label: label, ordinal: major * 1000 + minor, restStart: rest,
            hasDash: false, isDecimal: true)
    }

    /// Parenthesised markers at line start, possibly chained: "(a)", "(1)(a)", "a)", "(ii)".
    func enumeratorChain(_ s: Int, _ e: Int) -> ([Enumerator], Int)? {
        var chain: [Enumerator] = []
        var i = s
        while i < e {
            guard let (enumerator, next) = parenthesised(i, e) else { break }
            chain.append(enumerator)
            i = next
            if i < e, bytes[i] == 0x20 || bytes[i] == 0x28 {
                if bytes[i] == 0x20 {
                    i = Bytes.skipSpaces(bytes, i, e); if i < e, bytes[i] != 0x28 { break }; if i < e, parenthesised(i, e) == nil { break }
                }
            } else if i < e, Bytes.dashLength(bytes, i, e) > 0 {
                i = Bytes.skipSpaces(bytes, i + Bytes.dashLength(bytes, i, e), e)
                break
            } else if i < e {
                return chain.isEmpty ? nil : (chain, i)
            }
        }
        guard !chain.isEmpty else { return nil }
        return (chain, Bytes.skipSpaces(bytes, i, e))
    }

    private func parenthesised(_ s: Int, _ e: Int) -> (Enumerator, Int)? {
        var i = s
        let open = bytes[i] == 0x28
        if open { i += 1 }
        let labelStart = i
        while i < e, Bytes.isAlnum(bytes[i]), i - labelStart < 6 { i += 1 }
        guard i > labelStart, i < e, bytes[i] == 0x29 else { return nil }
        let labelEnd = i
        i += 1
        // Without an opening parenthesis ("a)"), require a following space: "1)" in "Article 1)" is not a marker.
        if !open { guard i < e, bytes[i] == 0x20 else { return nil } }
        guard let candidates = candidates(labelStart, labelEnd) else { return nil }
        // A marker must be followed by a space, another marker, a dash, or end the line.
        if i < e, !(bytes[i] == 0x20 || bytes[i] == 0x28 || Bytes.dashLength(bytes, i, e) > 0) { return nil }
        let enumerator = Enumerator(
            written: Bytes.string(bytes, s, i), label: Bytes.string(bytes, labelStart, labelEnd),
            candidates: candidates, start: s, end: i
        )
        return (enumerator, i)
    }

    /// The readings of a marker label: "(i)" is a letter and a Roman numeral.
    func candidates(_ s: Int, _ e: Int) -> [EnumeratorCandidate]? {
        let len = e - s
        let first = bytes[s]
        if Bytes.isDigit(first) {
            var value = 0
            var i = s
            while i < e, Bytes.isDigit(bytes[i]) { value = value * 10 + Int(bytes[i] - 0x30); i += 1 }
            // "(3A)" inserted subsections keep the number's ordinal
            guard i == e || (e - i == 1 && Bytes.isUpper(bytes[i])) else { return nil }
            guard value < 1000 else { return nil }
            return [EnumeratorCandidate(type: .arabicParen, ordinal: value)]
        }
        guard Bytes.isLetter(first) else { return nil }
        for k in s..<e where !Bytes.isLetter(bytes[k]) { return nil }
        var result: [EnumeratorCandidate] = []
        if len == 1 {
            let ordinal = Int(Bytes.lower(first) - 0x60)
            result.append(EnumeratorCandidate(type: Bytes.isLower(first) ? .lower : .upper, ordinal: ordinal))
        } else if len == 2, bytes[s] == bytes[s + 1], Bytes.isLower(first) {
            result.append(EnumeratorCandidate(type: .doubleLower, ordinal: Int(first - 0x60)))
        }
        if let roman = Bytes.romanValue(bytes, s, e) {
            result.append(EnumeratorCandidate(type: Bytes.isLower(first) ? .lowerRoman : .upperRoman, ordinal: roman))
        }
        return result.isEmpty ? nil : result
    }

    /// Council-of-Europe markers without brackets: "1 Each Party shall ...", "a the ...". Candidates only:
    /// the parser accepts them when they are the expected next number.
    func bareEnumerator(_ s: Int, _ e: Int) -> (Enumerator, Int)? {
        var i = s
        if Bytes.isDigit(bytes[i]) {
            var value = 0
            while i < e, Bytes.isDigit(bytes[i]), i - s < 3 { value = value * 10 + Int(bytes[i] - 0x30); i += 1 }
            guard i < e, bytes[i] == 0x20, i + 1 < e else { return nil }
            // "1 Each Party", or "1 a This article" (a point follows on the same line).
            let startsPoint = i + 3 < e && bytes[i + 1] == 0x61 && bytes[i + 2] == 0x20 && Bytes.isUpper(bytes[i + 3])
            // "14 [Repealed]": a bracket that opens with a capital (the parser checks the marker word).
            let bracketed = i + 2 < e && bytes[i + 1] == 0x5B && Bytes.isUpper(bytes[i + 2])
            guard Bytes.isUpper(bytes[i + 1]) || startsPoint || bracketed else { return nil }
            return (
                Enumerator(
                    written: Bytes.string(bytes, s, i), label: Bytes.string(bytes, s, i),
                    candidates: [EnumeratorCandidate(type: .arabicBare, ordinal: value)], start: s, end: i), i + 1
            )
        }
        // "a the ...", "ii the ...": a lower-case letter or Roman numeral, a space, then words.
        var j = i
        while j < e, Bytes.isLower(bytes[j]), j - i < 5 { j += 1 }
        guard j > i, j + 1 < e, bytes[j] == 0x20, Bytes.isLetter(bytes[j + 1]) || Bytes.quoteLength(bytes, j + 1, e) > 0 else { return nil }
        var candidates: [EnumeratorCandidate] = []
        if j - i == 1 { candidates.append(EnumeratorCandidate(type: .lowerBare, ordinal: Int(bytes[i] - 0x60))) }
        if let roman = Bytes.romanValue(bytes, i, j) { candidates.append(EnumeratorCandidate(type: .lowerRomanBare, ordinal: roman)) }
        guard !candidates.isEmpty else { return nil }
        // "a" is also the article "a": the parser accepts these only where the number is expected.
        return (
            Enumerator(
                written: Bytes.string(bytes, s, j), label: Bytes.string(bytes, s, j),
                candidates: candidates, start: s, end: j), j + 1
        )
    }
}
