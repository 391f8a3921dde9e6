import Foundation
import SafeguardModel
import Yams

/// The words of legal drafting the structure parser recognises — heading keywords, table-of-contents and
/// preamble markers, preamble openers, closing formulas, defining verbs, number words, Latin suffixes —
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

    /// The YAML file's shape.
    struct File: Codable {
        var schema: String
        var version: Int?
        var language: String?
        var headings: [String: String]?
        var contentsMarkers: [String]?
        var preambleMarkers: [String]?
        var preambleOpeners: [String]?
        var recitalWords: [String]?
        var closingFormulas: [String]?
        var actTitleWords: [String]?
        var titleWords: [String]?
        var bodies: [String]?
        var definingVerbs: [String]?
        var definitionHeadings: [String]?
        var instrumentWords: [String]?
        var latinSuffixes: [String]?
        var repealedMarkers: [String]?
        var numberWords: [String: Int]?
        var keepHyphenPrefixes: [String]?
        var sentenceVerbs: [String]?
        var sentenceVerbIdioms: [String]?
        var closingWordOpeners: [String]?
    }

    private static let shippedResult: Result<DraftingVocabulary, SafeguardError> = {
        guard let url = Bundle.module.url(forResource: "Resources/drafting-en", withExtension: "yaml")
            ?? Bundle.module.url(forResource: "drafting-en", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8) else {
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

    /// Reads a vocabulary file. Unknown heading kinds, a wrong schema and malformed YAML are refused with
    /// `.invalidConfiguration` (exit 78), naming the file and, when Yams knows it, the line.
    public static func load(yaml: String, source: String) throws -> DraftingVocabulary {
        let file: File
        do {
            file = try YAMLDecoder().decode(File.self, from: yaml)
        } catch {
            throw SafeguardError(.invalidConfiguration, "invalid drafting vocabulary: \(error)", file: source)
        }
        guard file.schema == schema else {
            throw SafeguardError(.invalidConfiguration, "schema must be \(schema), found \(file.schema)", file: source)
        }
        var vocabulary = DraftingVocabulary.empty
        try vocabulary.add(file, source: source)
        return vocabulary
    }

    /// This vocabulary extended by another file: lists are added, maps merged (the file wins on conflicts).
    public func extended(yaml: String, source: String) throws -> DraftingVocabulary {
        let other = try Self.load(yaml: yaml, source: source)
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
        return result
    }

    private static var empty: DraftingVocabulary {
        DraftingVocabulary(
            headings: [], contentsMarkers: [], preambleMarkers: [], preambleOpeners: [], recitalWords: [],
            closingFormulas: [], actTitleWords: [], titleWords: [], bodies: [], definingVerbs: [], definitionHeadings: [],
            instrumentWords: [], latinSuffixes: [], numberWords: [:], keepHyphenPrefixes: [], sentenceVerbs: [], sentenceVerbIdioms: [], closingWordOpeners: [],
            markerInitials: []
        )
    }

    private mutating func add(_ file: File, source: String) throws {
        for (keyword, kindName) in file.headings ?? [:] {
            guard let kind = ProvisionKind(rawValue: kindName) else {
                throw SafeguardError(.invalidConfiguration, "heading '\(keyword)': unknown kind '\(kindName)' (one of \(ProvisionKind.allCases.map(\.rawValue).joined(separator: ", ")))", file: source)
            }
            let bytes = Array(keyword.lowercased().utf8)
            guard !bytes.isEmpty else { throw SafeguardError(.invalidConfiguration, "empty heading keyword", file: source) }
            headings.append(HeadingKeyword(keyword: bytes, kind: kind))
        }
        sortHeadings()
        contentsMarkers.formUnion((file.contentsMarkers ?? []).map { $0.lowercased() })
        preambleMarkers.formUnion((file.preambleMarkers ?? []).map { $0.lowercased() })
        for marker in contentsMarkers.union(preambleMarkers) { if let first = marker.utf8.first { markerInitials.insert(Bytes.lower(first)) } }
        preambleOpeners += (file.preambleOpeners ?? []).map { Array($0.utf8) }
        recitalWords.formUnion(file.recitalWords ?? [])
        closingFormulas += (file.closingFormulas ?? []).map { Array($0.utf8) }
        actTitleWords.formUnion(file.actTitleWords ?? [])
        titleWords.formUnion((file.titleWords ?? []).map { $0.lowercased() })
        bodies += file.bodies ?? []
        definingVerbs += (file.definingVerbs ?? []).map { Array($0.lowercased().utf8) }
        definitionHeadings += (file.definitionHeadings ?? []).map { $0.lowercased() }
        instrumentWords += (file.instrumentWords ?? []).map { Array($0.lowercased().utf8) }
        latinSuffixes += (file.latinSuffixes ?? []).map { $0.lowercased() }
        numberWords.merge((file.numberWords ?? [:]).map { ($0.key.lowercased(), $0.value) }) { _, new in new }
        keepHyphenPrefixes.formUnion((file.keepHyphenPrefixes ?? []).map { $0.lowercased() })
        sentenceVerbs.formUnion(file.sentenceVerbs ?? [])
        sentenceVerbIdioms.formUnion((file.sentenceVerbIdioms ?? []).map { $0.lowercased() })
        closingWordOpeners += (file.closingWordOpeners ?? []).map { Array($0.utf8) }
        repealedMarkers.formUnion((file.repealedMarkers ?? []).map { $0.lowercased() })
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
        headings.sort { $0.keyword.count != $1.keyword.count ? $0.keyword.count > $1.keyword.count : $0.keyword.lexicographicallyPrecedes($1.keyword) }
    }
}
