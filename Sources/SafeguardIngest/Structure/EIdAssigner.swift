import SafeguardModel

/// Gives every node of a parsed tree its Akoma Ntoso eId, by the rules of docs/model.md ("eId rules").
///
/// A pure function of the node list and the drafting vocabulary (number words, Latin suffixes): the same
/// nodes always give the same eIds and the same duplicates. The policy is in the small tables below; the
/// numbered comments refer to the rules in docs/model.md.
enum EIdAssigner {
    /// What the eId of a node depends on.
    struct Node: Sendable, Equatable {
        var kind: ProvisionKind
        /// The number as a key ("7 bis", "II", "a", "1-1"), without keyword or brackets; nil when unnumbered.
        var label: String?
        /// The number's value, when it has one ("II" → 2, "Six" → 6).
        var ordinal: Int?
        var isRoman = false
        var isNumberWord = false
        /// The enacting formula after numbered recitals (a recital node).
        var isFormula = false
        var listType: EnumeratorType?
        /// Index of the parent node in the list; parents come before their children.
        var parent: Int?
    }

    /// An eId given twice: the later node gets `unique` instead (rule 10).
    struct Duplicate: Sendable, Equatable {
        var node: Int
        var eId: String
        var unique: String
    }

    struct Result: Sendable, Equatable {
        /// One eId per node, in node order.
        var eIds: [String]
        var duplicates: [Duplicate]
    }

    // MARK: policy

    /// Joins a parent's eId and a child's own part (rule 2).
    static let separator = "__"
    /// Containers that restart unit numbering: units inside them are prefixed by them (rule 1).
    static let numberingHolders: Set<ProvisionKind> = [.annex, .schedule]
    /// Unit kinds whose Roman numbers become Arabic only when every article is Roman (rule 5); other units'
    /// Roman numbers always do.
    static let romanOnlyWhenAllRoman: Set<ProvisionKind> = [.article]
    /// The eId of a preamble (rule 8), prefixed by its parent's when it has one.
    static let preambleName = "preamble"
    /// The prefix of the enacting formula after numbered recitals (rule 8, Akoma Ntoso's `formula`).
    static let formulaPrefix = "formula"
    /// Prefixes that replace the kind's for a list style (rule 8: EU-style dashes are `indent`).
    static let listPrefixes: [(type: EnumeratorType, prefix: String)] = [(.dash, "indent")]
    /// The key of a node whose label has no letter or digit at all.
    static let emptyKey = "x"
    /// The suffix of the n-th use of an eId (rule 10): `art_5_dup2`.
    static func duplicateSuffix(_ count: Int) -> String { "_dup\(count)" }

    // MARK: assignment

    static func assign(_ nodes: [Node], vocabulary: DraftingVocabulary) -> Result {
        var state = State(nodes: nodes, vocabulary: vocabulary)
        for index in nodes.indices { state.assign(index) }
        return Result(eIds: state.eIds, duplicates: state.duplicates)
    }

    private struct State {
        let nodes: [Node]
        let vocabulary: DraftingVocabulary
        /// Rule 5: Roman article numbers become Arabic only when every article is Roman.
        let allRomanArticles: Bool
        /// Rule 1: units in annexes keep `art_N` when the document has no units outside annexes.
        let unitsOutsideHolders: Bool
        var eIds: [String]
        var duplicates: [Duplicate] = []
        var seen: [String: Int] = [:]
        /// Unnumbered nodes are numbered by position among their parent's children of the same kind.
        var positionCounters: [String: Int] = [:]

        init(nodes: [Node], vocabulary: DraftingVocabulary) {
            self.nodes = nodes
            self.vocabulary = vocabulary
            eIds = [String](repeating: "", count: nodes.count)
            let articles = nodes.filter { $0.kind == .article }
            allRomanArticles = !articles.isEmpty && articles.allSatisfy(\.isRoman)
            var outside = false
            for index in nodes.indices where nodes[index].kind.isUnit {
                if !Self.ancestors(index, nodes).contains(where: { EIdAssigner.numberingHolders.contains(nodes[$0].kind) }) {
                    outside = true
                    break
                }
            }
            unitsOutsideHolders = outside
        }

        static func ancestors(_ index: Int, _ nodes: [Node]) -> [Int] {
            var result: [Int] = []
            var cursor = nodes[index].parent
            while let c = cursor { result.append(c); cursor = nodes[c].parent }
            return result
        }

        mutating func assign(_ index: Int) {
            let node = nodes[index]
            let parentEId = node.parent.map { eIds[$0] }
            if node.kind == .preamble {
                record(parentEId.map { "\($0)\(EIdAssigner.separator)\(EIdAssigner.preambleName)" } ?? EIdAssigner.preambleName, for: index)
                return
            }
            let scope = "\(parentEId ?? ""):\(node.kind.rawValue)"
            positionCounters[scope, default: 0] += 1
            let position = positionCounters[scope]!
            if node.kind == .recital, node.isFormula {
                let formulaScope = "\(parentEId ?? ""):\(EIdAssigner.formulaPrefix)"
                positionCounters[formulaScope, default: 0] += 1
                let base = parentEId ?? EIdAssigner.preambleName
                record("\(base)\(EIdAssigner.separator)\(EIdAssigner.formulaPrefix)_\(positionCounters[formulaScope]!)", for: index)
                return
            }
            let key = key(node, position: position)
            let prefix = EIdAssigner.listPrefixes.first { $0.type == node.listType }?.prefix ?? node.kind.eIdPrefix
            let own = "\(prefix)_\(key)"
            record(uniqueEId(path(own, index: index, parentEId: parentEId), node: index), for: index)
        }

        /// Rules 3-7: the key after the prefix.
        func key(_ node: Node, position: Int) -> String {
            if node.kind == .recital { return node.label ?? "\(position)" }
            if node.kind.isContainer { return containerKey(node, position: position) }
            if node.kind.isUnit { return unitKey(node, position: position) }
            // "2.1" → "2-1": a period is not valid in an eId key, "_" would read as a suffix (rule 7).
            if node.listType == .decimal, let label = node.label { return label }
            return eIdSafe(node.label ?? "\(position)")
        }

        /// Rule 3: Roman numerals and number words become Arabic, a single letter stays, unnumbered ones count.
        func containerKey(_ node: Node, position: Int) -> String {
            if let ordinal = node.ordinal, node.isRoman || node.isNumberWord || isNumberWordOrDigits(node.label) || (node.label?.count == 1)
            {
                return node.label.flatMap { $0.count == 1 && !node.isRoman && Int($0) == nil ? $0 : nil } ?? "\(ordinal)"
            }
            if let label = node.label { return eIdSafe(label) }
            return "\(position)"
        }

        /// Rules 4-6: Roman numbers (see ``romanOnlyWhenAllRoman``) and number words become Arabic, suffixes join.
        func unitKey(_ node: Node, position: Int) -> String {
            let romanToArabic = allRomanArticles || !EIdAssigner.romanOnlyWhenAllRoman.contains(node.kind)
            if node.isRoman, romanToArabic, let ordinal = node.ordinal {
                return "\(ordinal)" + latinSuffix(of: node.label)
            }
            if node.isNumberWord, let ordinal = node.ordinal {
                // "Article Six" → art_6, "Article Twenty-One" → art_21 (num keeps the words).
                return "\(ordinal)" + latinSuffix(of: node.label)
            }
            return eIdSafe(node.label ?? "\(position)")
        }

        /// Rules 1-2: units are not prefixed, except inside a numbering holder; everything else is under its parent.
        func path(_ own: String, index: Int, parentEId: String?) -> String {
            if nodes[index].kind.isUnit {
                if unitsOutsideHolders,
                    let holder = Self.ancestors(index, nodes).first(where: { EIdAssigner.numberingHolders.contains(nodes[$0].kind) })
                {
                    return "\(eIds[holder])\(EIdAssigner.separator)\(own)"
                }
                return own
            }
            if let parentEId { return "\(parentEId)\(EIdAssigner.separator)\(own)" }
            return own
        }

        /// Rule 10: the second use of an eId gets `_dup2`, the third `_dup3`.
        mutating func uniqueEId(_ eId: String, node: Int) -> String {
            guard let count = seen[eId] else { return eId }
            let unique = eId + EIdAssigner.duplicateSuffix(count + 1)
            duplicates.append(Duplicate(node: node, eId: eId, unique: unique))
            seen[eId] = count + 1
            return unique
        }

        mutating func record(_ eId: String, for index: Int) {
            eIds[index] = eId
            seen[eId, default: 0] += 1
        }

        func isNumberWordOrDigits(_ label: String?) -> Bool {
            guard let label else { return false }
            return Int(label) != nil || vocabulary.numberWords[label.lowercased()] != nil
        }

        func latinSuffix(of label: String?) -> String {
            guard let label, let space = label.lastIndex(of: " ") else { return "" }
            let suffix = label[label.index(after: space)...].lowercased()
            return vocabulary.latinSuffixes.contains(suffix) ? "_" + suffix : ""
        }

        /// eId keys use letters, digits and underscores only: "7 bis" → "7_bis" (a Latin suffix in lower case).
        func eIdSafe(_ label: String) -> String {
            var out = ""
            var lastUnderscore = false
            for scalar in label.unicodeScalars {
                if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                    out.unicodeScalars.append(scalar)
                    lastUnderscore = false
                } else if !lastUnderscore, !out.isEmpty {
                    out.append("_")
                    lastUnderscore = true
                }
            }
            while out.hasSuffix("_") { out.removeLast() }
            if let space = out.firstIndex(of: "_"), vocabulary.latinSuffixes.contains(String(out[out.index(after: space)...]).lowercased())
            {
                out = String(out[..<space]) + "_" + out[out.index(after: space)...].lowercased()
            }
            return out.isEmpty ? EIdAssigner.emptyKey : out
        }
    }
}
