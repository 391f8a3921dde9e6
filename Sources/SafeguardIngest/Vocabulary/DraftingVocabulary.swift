import Foundation
import SafeguardModel

/// The words of legal drafting the structure parser recognises — heading keywords, table-of-contents and
/// preamble markers, preamble openers, closing formulas, defining verbs, number words, Latin suffixes, and the
/// words of cross-references (reference words, self-words, title joiners) —
/// read from YAML (`Resources/drafting-en.yaml`, schema `safeguard.drafting/1`), so users can read and
/// extend them without changing code.
public struct DraftingVocabulary: Sendable {
    public static let schema = "safeguard.drafting/1"

    /// A heading keyword ("article", "chapter") as lower-case bytes and the kind it opens.
    struct HeadingKeyword: Sendable {
        var keyword: [UInt8]
        var kind: ProvisionKind
    }

    var headings: [HeadingKeyword]
    var contentsMarkers: Set<String>
    var preambleMarkers: Set<String>
    var preambleOpeners: [[UInt8]]
    var recitalWords: Set<String>
    var closingFormulas: [[UInt8]]
    var actTitleWords: Set<String>
    var titleWords: Set<String>
    var bodies: [String]
    var definingVerbs: [[UInt8]]
    var definitionHeadings: [String]
    var instrumentWords: [[UInt8]]
    var latinSuffixes: [String]
    var numberWords: [String: Int]
    var keepHyphenPrefixes: Set<String>
    /// Verbs that make a line a sentence rather than a heading or a table-of-contents entry.
    var sentenceVerbs: Set<String>
    /// Word pairs ("by means") in which a sentence verb belongs to a noun phrase, so a heading such as
    /// "Offences committed by means of a computer system" stays a heading. Stored as "previous verb", lower case.
    var sentenceVerbIdioms: Set<String>
    /// Words that open the closing words of a list ("shall be punishable …" after the last point).
    var closingWordOpeners: [[UInt8]]
    /// First letters (lower case) of the contents and preamble markers: a cheap filter for every line.
    var markerInitials: Set<UInt8>
    /// Words that make a numbered line an omitted or repealed unit ("14 [Repealed]", "66A. [Omitted.]").
    var repealedMarkers: Set<String> = []
    /// The words that name a provision in a cross-reference ("article", "paragraphs"), in the order they are tried.
    var referenceWords: [ReferenceWord] = []
    /// Words that point a reference at the provision or instrument it is written in ("this", "present"), lower case.
    var selfWords: [[UInt8]] = []
    /// Lower-case words that may join the capitalised words of another instrument's title ("on", "against").
    var titleJoiners: [[UInt8]] = []
    /// Lower-case first bytes of the reference words: a cheap filter before trying the words at a position.
    var referenceInitials = [Bool](repeating: false, count: 256)
    /// Lower-case first two bytes of the reference words (`first << 8 | second`): most words of a text that start
    /// like one (“any”, “costs”, “the”) are turned away here. Meaningless when `hasShortReferenceWord`.
    var referencePairs = [Bool](repeating: false, count: 1 << 16)
    /// Whether a reference word has fewer than two bytes (then only the first byte can be checked).
    var hasShortReferenceWord = false
    /// What reading the files accepted but wants changed (old key spellings), each as "file:line: message".
    public private(set) var warnings: [String] = []

    /// What a reference word names: the provision kinds a cross-reference can point at.
    enum ReferenceTarget: String, CaseIterable, Sendable {
        case article, paragraph, subparagraph, section, subsection, chapter, part, title, annex, schedule, point
    }

    /// A reference word in its two forms, lower case, and what it names: "articles"/"article" → `.article`.
    struct ReferenceWord: Sendable {
        var singular: [UInt8]
        var plural: [UInt8]
        var target: ReferenceTarget
    }

    private static let shippedResult: Result<DraftingVocabulary, SafeguardError> = {
        guard
            let url = Bundle.module.url(forResource: "Resources/drafting-en", withExtension: "yaml")
                ?? Bundle.module.url(forResource: "drafting-en", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            return .failure(SafeguardError(.internalError, "the drafting vocabulary (drafting-en.yaml) is missing from the build"))
        }
        do {
            return .success(try load(yaml: text, source: "drafting-en.yaml"))
        } catch let error as SafeguardError {
            return .failure(error)
        } catch {
            return .failure(SafeguardError(.invalidConfiguration, "\(error)", file: "drafting-en.yaml"))
        }
    }()

    /// The vocabulary shipped with Safeguard (English).
    /// - Throws: ``SafeguardError`` if the shipped file is missing or invalid (a packaging bug).
    public static func shipped() throws -> DraftingVocabulary { try shippedResult.get() }

    /// Reads a complete vocabulary file. Unknown heading kinds, a wrong schema, malformed YAML and missing or
    /// empty required lists (`reference-words`, `self-words`, `title-joiners`) are refused with
    /// `.invalidConfiguration` (exit 78), naming the file and, when Yams knows it, the line.
    public static func load(yaml: String, source: String) throws -> DraftingVocabulary {
        let vocabulary = try parse(yaml: yaml, source: source)
        try vocabulary.checkRequiredLists(source: source)
        return vocabulary
    }

    /// The lists without which cross-references cannot be read: a vocabulary must name them, not inherit silence.
    private func checkRequiredLists(source: String) throws {
        let required: [(key: String, isEmpty: Bool)] = [
            ("reference-words", referenceWords.isEmpty), ("self-words", selfWords.isEmpty), ("title-joiners", titleJoiners.isEmpty),
        ]
        for list in required where list.isEmpty {
            throw SafeguardError(
                .invalidConfiguration, "the drafting vocabulary has no \(list.key): the list is required and must not be empty",
                file: source)
        }
    }

    /// Reads a vocabulary file, complete or partial (an extension), checking each entry but not completeness.
    private static func parse(yaml: String, source: String) throws -> DraftingVocabulary {
        let (file, warnings) = try readFile(yaml: yaml, source: source)
        var vocabulary = DraftingVocabulary.empty
        try vocabulary.add(file, source: source)
        vocabulary.warnings = warnings
        return vocabulary
    }

    /// This vocabulary extended by another file: lists are added, maps merged (the file wins on conflicts).
    public func extended(yaml: String, source: String) throws -> DraftingVocabulary {
        let other = try Self.parse(yaml: yaml, source: source)
        var result = self
        for heading in other.headings {
            result.headings.removeAll { $0.keyword == heading.keyword }
            result.headings.append(heading)
        }
        result.sortHeadings()
        result.contentsMarkers.formUnion(other.contentsMarkers)
        result.preambleMarkers.formUnion(other.preambleMarkers)
        result.preambleOpeners += other.preambleOpeners
        result.recitalWords.formUnion(other.recitalWords)
        result.closingFormulas += other.closingFormulas
        result.actTitleWords.formUnion(other.actTitleWords)
        result.titleWords.formUnion(other.titleWords)
        result.bodies += other.bodies
        result.definingVerbs += other.definingVerbs
        result.definitionHeadings += other.definitionHeadings
        result.instrumentWords += other.instrumentWords
        result.latinSuffixes += other.latinSuffixes
        result.numberWords.merge(other.numberWords) { _, new in new }
        result.keepHyphenPrefixes.formUnion(other.keepHyphenPrefixes)
        result.sentenceVerbs.formUnion(other.sentenceVerbs)
        result.sentenceVerbIdioms.formUnion(other.sentenceVerbIdioms)
        result.closingWordOpeners += other.closingWordOpeners
        result.markerInitials.formUnion(other.markerInitials)
        result.repealedMarkers.formUnion(other.repealedMarkers)
        result.referenceWords += other.referenceWords
        for word in other.referenceWords { result.noteInFilters(word) }
        result.selfWords += other.selfWords
        result.titleJoiners += other.titleJoiners
        result.warnings += other.warnings
        return result
    }

    private static var empty: DraftingVocabulary {
        DraftingVocabulary(
            headings: [], contentsMarkers: [], preambleMarkers: [], preambleOpeners: [], recitalWords: [],
            closingFormulas: [], actTitleWords: [], titleWords: [], bodies: [], definingVerbs: [], definitionHeadings: [],
            instrumentWords: [], latinSuffixes: [], numberWords: [:], keepHyphenPrefixes: [], sentenceVerbs: [], sentenceVerbIdioms: [],
            closingWordOpeners: [],
            markerInitials: []
        )
    }

    private mutating func add(_ file: File, source: String) throws {
        for (keyword, kindName, line) in file.headings {
            guard let kind = ProvisionKind(rawValue: kindName) else {
                throw SafeguardError(
                    .invalidConfiguration,
                    "heading '\(keyword)': unknown kind '\(kindName)' (one of "
                        + "\(ProvisionKind.allCases.map(\.rawValue).joined(separator: ", ")))",
                    file: source, line: line)
            }
            let bytes = Array(keyword.lowercased().utf8)
            guard !bytes.isEmpty else {
                throw SafeguardError(.invalidConfiguration, "empty heading keyword", file: source, line: line)
            }
            headings.append(HeadingKeyword(keyword: bytes, kind: kind))
        }
        sortHeadings()
        contentsMarkers.formUnion(file[.contentsMarkers].map { $0.lowercased() })
        preambleMarkers.formUnion(file[.preambleMarkers].map { $0.lowercased() })
        for marker in contentsMarkers.union(preambleMarkers) {
            if let first = marker.utf8.first { markerInitials.insert(Bytes.lower(first)) }
        }
        preambleOpeners += file[.preambleOpeners].map { Array($0.utf8) }
        recitalWords.formUnion(file[.recitalWords])
        closingFormulas += file[.closingFormulas].map { Array($0.utf8) }
        actTitleWords.formUnion(file[.actTitleWords])
        titleWords.formUnion(file[.titleWords].map { $0.lowercased() })
        bodies += file[.bodies]
        definingVerbs += file[.definingVerbs].map { Array($0.lowercased().utf8) }
        definitionHeadings += file[.definitionHeadings].map { $0.lowercased() }
        instrumentWords += file[.instrumentWords].map { Array($0.lowercased().utf8) }
        latinSuffixes += file[.latinSuffixes].map { $0.lowercased() }
        for (word, value) in file.numberWords { numberWords[word.lowercased()] = value }
        keepHyphenPrefixes.formUnion(file[.keepHyphenPrefixes].map { $0.lowercased() })
        sentenceVerbs.formUnion(file[.sentenceVerbs])
        sentenceVerbIdioms.formUnion(file[.sentenceVerbIdioms].map { $0.lowercased() })
        closingWordOpeners += file[.closingWordOpeners].map { Array($0.utf8) }
        repealedMarkers.formUnion(file[.repealedMarkers].map { $0.lowercased() })
        try addReferenceWords(file, source: source)
    }

    /// Adds a reference word's first bytes to the filters that turn other words away (`referenceInitials`,
    /// `referencePairs`, `hasShortReferenceWord`): the one place they are derived from `referenceWords`.
    private mutating func noteInFilters(_ word: ReferenceWord) {
        for spelling in [word.singular, word.plural] {
            if let initial = spelling.first { referenceInitials[Int(initial)] = true }
            if spelling.count < 2 {
                hasShortReferenceWord = true
            } else {
                referencePairs[Int(spelling[0]) << 8 | Int(spelling[1])] = true
            }
        }
    }

    private mutating func addReferenceWords(_ file: File, source: String) throws {
        for entry in file.referenceWords {
            guard let target = ReferenceTarget(rawValue: entry.refersTo) else {
                throw SafeguardError(
                    .invalidConfiguration,
                    "reference word '\(entry.singular)': unknown refers-to '\(entry.refersTo)' (one of "
                        + "\(ReferenceTarget.allCases.map(\.rawValue).joined(separator: ", ")))",
                    file: source, line: entry.line)
            }
            let singular = Array(entry.singular.lowercased().utf8)
            let plural = Array(entry.plural.lowercased().utf8)
            let word = ReferenceWord(singular: singular, plural: plural, target: target)
            referenceWords.append(word)
            noteInFilters(word)
        }
        for key in [ListKey.selfWords, .titleJoiners] where file[key].contains(where: \.isEmpty) {
            throw SafeguardError(.invalidConfiguration, "empty word in \(key.rawValue)", file: source)
        }
        selfWords += file[.selfWords].map { Array($0.lowercased().utf8) }
        titleJoiners += file[.titleJoiners].map { Array($0.lowercased().utf8) }
    }

    /// Whether `word`, written after `previous`, makes a line a sentence. The word is compared as given (callers
    /// decide on case); the idiom check ignores case ("By means of" is as much a noun phrase as "by means of").
    func isSentenceVerb<W: StringProtocol, P: StringProtocol>(_ word: W, after previous: P?) -> Bool {
        guard sentenceVerbs.contains(String(word)) else { return false }
        guard let previous, !sentenceVerbIdioms.isEmpty else { return true }
        return !sentenceVerbIdioms.contains(previous.lowercased() + " " + word.lowercased())
    }

    /// Whether any word of a split line is a sentence verb (see ``isSentenceVerb(_:after:)``), lower-casing each.
    func hasSentenceVerb<W: StringProtocol>(_ words: [W]) -> Bool {
        for (i, word) in words.enumerated() where isSentenceVerb(word.lowercased(), after: i > 0 ? words[i - 1] : nil) {
            return true
        }
        return false
    }

    /// Longest keywords first, so "sub-chapter" is tried before "sub" would be (and "art." after "article").
    private mutating func sortHeadings() {
        headings.sort {
            $0.keyword.count != $1.keyword.count ? $0.keyword.count > $1.keyword.count : $0.keyword.lexicographicallyPrecedes($1.keyword)
        }
    }
}
