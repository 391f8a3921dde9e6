internal import SafeguardConfig
import SafeguardModel
internal import Yams

/// Reading a drafting vocabulary file (schema `safeguard.drafting/1`) node by node through SafeguardConfig's
/// ``YAMLDocument``, so that every error names the file and its line, and keys are checked: a misspelt key is an
/// error, not a silently empty list.
extension DraftingVocabulary {
    /// A vocabulary file as written: each list or table by its key, absent when the file does not name it.
    struct File {
        var headings: [(keyword: String, kind: String, line: Int?)] = []
        var lists: [String: [String]] = [:]
        var numberWords: [(word: String, value: Int)] = []
        var referenceWords: [(singular: String, plural: String, refersTo: String, line: Int?)] = []
        /// The list under `key`, empty when the file does not name it.
        subscript(_ key: ListKey) -> [String] { lists[key.rawValue] ?? [] }
    }

    /// The keys whose value is a list of words.
    enum ListKey: String, CaseIterable {
        case contentsMarkers = "contents-markers"
        case preambleMarkers = "preamble-markers"
        case preambleOpeners = "preamble-openers"
        case recitalWords = "recital-words"
        case closingFormulas = "closing-formulas"
        case actTitleWords = "act-title-words"
        case titleWords = "title-words"
        case bodies
        case definingVerbs = "defining-verbs"
        case definitionHeadings = "definition-headings"
        case instrumentWords = "instrument-words"
        case latinSuffixes = "latin-suffixes"
        case repealedMarkers = "repealed-markers"
        case keepHyphenPrefixes = "keep-hyphen-prefixes"
        case sentenceVerbs = "sentence-verbs"
        case sentenceVerbIdioms = "sentence-verb-idioms"
        case closingWordOpeners = "closing-word-openers"
        case selfWords = "self-words"
        case titleJoiners = "title-joiners"
    }

    /// Every key a file may hold.
    static let fileKeys: Set<String> =
        Set(ListKey.allCases.map(\.rawValue)).union(["schema", "version", "language", "headings", "number-words", "reference-words"])

    /// The camelCase spellings of the first version of the format, still read (with a warning) in this one.
    static let oldSpellings: [String: String] = {
        var old: [String: String] = ["numberWords": "number-words", "referenceWords": "reference-words"]
        for key in ListKey.allCases where key.rawValue.contains("-") { old["\(key)"] = key.rawValue }
        return old
    }()

    /// Reads a vocabulary file into its ``File`` form, with the warnings the reading gave (old key spellings).
    /// - Throws: ``SafeguardError`` (`.invalidConfiguration`, exit 78) naming the file and the line.
    static func readFile(yaml: String, source: String) throws -> (file: File, warnings: [String]) {
        let document = try YAMLDocument(text: yaml, file: source)
        let root = try document.mapping(document.root, "drafting vocabulary", allowed: fileKeys, renamed: oldSpellings)
        let schema = try root.requiredString("schema")
        guard schema == Self.schema else {
            throw document.error("schema must be \(Self.schema), found \(schema)", at: root["schema"])
        }
        var file = File()
        for key in ListKey.allCases {
            guard let node = root[key.rawValue] else { continue }
            file.lists[key.rawValue] = try document.strings(node, key.rawValue).map(\.0)
        }
        if let node = root["headings"] {
            for entry in try document.mapping(node, "headings", allowed: nil).entries {
                file.headings.append((entry.key, try document.string(entry.value, "headings.\(entry.key)"), entry.value.mark?.line))
            }
        }
        if let node = root["number-words"] {
            for entry in try document.mapping(node, "number-words", allowed: nil).entries {
                let what = "number-words.\(entry.key)"
                guard let value = Int(try document.string(entry.value, what)) else {
                    throw document.error("\(what) must be a whole number", at: entry.value)
                }
                file.numberWords.append((entry.key, value))
            }
        }
        if let node = root["reference-words"] {
            for item in try document.list(node, "reference-words") {
                let entry = try document.mapping(
                    item, "reference word", allowed: ["singular", "plural", "refers-to"], renamed: ["refersTo": "refers-to"])
                file.referenceWords.append(
                    (try entry.requiredString("singular"), try entry.requiredString("plural"),
                     try entry.requiredString("refers-to"), item.mark?.line))
            }
        }
        return (file, document.warnings)
    }
}
