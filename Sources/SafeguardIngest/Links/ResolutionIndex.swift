import SafeguardModel

/// Lookup tables for resolving references: units and containers by number, children by label.
struct ResolutionIndex {
    let instrument: Instrument
    private var units: [String: Int] = [:]
    private var containers: [String: Int] = [:]
    private var unitOrdinals: [(kind: ProvisionKind, ordinal: Int, index: Int)] = []

    /// Per provision: the label as written (brackets and period removed) and lower-cased.
    private var rawLabels: [String] = []
    private var lowerLabels: [String] = []

    init(_ instrument: Instrument) {
        self.instrument = instrument
        rawLabels.reserveCapacity(instrument.provisions.count)
        lowerLabels.reserveCapacity(instrument.provisions.count)
        for provision in instrument.provisions {
            let raw = Self.rawLabel(of: provision)
            rawLabels.append(raw)
            lowerLabels.append(raw.lowercased())
        }
        for (index, provision) in instrument.provisions.enumerated() {
            guard provision.kind.isUnit || provision.kind.isContainer else { continue }
            // Units inside annexes are not the instrument's own articles.
            if provision.kind.isUnit,
                instrument.ancestors(of: index).contains(where: {
                    instrument.provisions[$0].kind == .annex || instrument.provisions[$0].kind == .schedule
                })
            {
                continue
            }
            let label = Self.label(of: provision)
            let key = "\(provision.kind.rawValue):\(label)"
            if provision.kind.isUnit {
                if units[key] == nil { units[key] = index }
                if let ordinal = Self.ordinal(label), !label.contains(" ") { unitOrdinals.append((provision.kind, ordinal, index)) }
                if let ordinal = Self.ordinal(label), label.contains(" ") { unitOrdinals.append((provision.kind, ordinal, index)) }
            } else if containers[key] == nil {
                containers[key] = index
            }
            // "Article Six" is art_6: its number comes from the eId when the label is a word.
            if let ordinal = Self.ordinal(label) ?? Self.eIdOrdinal(provision.eId.rawValue) {
                let numericKey = "\(provision.kind.rawValue):#\(ordinal)"
                if provision.kind.isUnit, !label.contains(" ") { if units[numericKey] == nil { units[numericKey] = index } }
                if provision.kind.isContainer, containers[numericKey] == nil { containers[numericKey] = index }
            }
        }
    }

    /// The number of a provision without keyword, brackets or final period, lower-cased: "7 bis", "ii", "a", "1".
    static func label(of provision: Provision) -> String { rawLabel(of: provision).lowercased() }

    private static let keywordPrefixes = [
        "Article ", "ARTICLE ", "Art. ", "Chapter ", "CHAPTER ", "Part ", "PART ", "Title ", "TITLE ",
        "Section ", "SECTION ", "SEC. ", "Sec. ", "Annex ", "ANNEX ", "Appendix ", "APPENDIX ",
        "Schedule ", "SCHEDULE ", "Division ", "DIVISION ", "§ ", "§",
    ]

    static func rawLabel(of provision: Provision) -> String {
        guard let num = provision.num else { return "" }
        var scalars = Substring(num).unicodeScalars[...]
        if provision.kind.isUnit || provision.kind.isContainer {
            for prefix in keywordPrefixes where num.hasPrefix(prefix) {
                scalars = scalars.dropFirst(prefix.unicodeScalars.count)
                break
            }
        }
        func isTrim(_ c: Unicode.Scalar) -> Bool { c == "(" || c == ")" || c == "." || c == " " }
        while let first = scalars.first, isTrim(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, isTrim(last) { scalars = scalars.dropLast() }
        // Through a Substring: building a String.UnicodeScalarView scalar by scalar cost half of this function.
        return String(Substring(scalars))
    }

    /// The number of a unit or container eId's last segment ("art_21" → 21), when it is all digits.
    static func eIdOrdinal(_ eId: String) -> Int? {
        let last = eId.split(separator: "__").last ?? Substring(eId)
        guard let underscore = last.firstIndex(of: "_") else { return nil }
        return Int(last[last.index(after: underscore)...])
    }

    static func ordinal(_ label: String) -> Int? {
        let head = label.split(separator: " ").first.map(String.init) ?? label
        var digits = ""
        for c in head { if c.isNumber { digits.append(c) } else { break } }
        if let n = Int(digits) { return n }
        let b = Array(head.uppercased().utf8)
        return Bytes.romanValue(b, 0, b.count)
    }

    func unit(_ kind: ProvisionKind, _ label: String) -> Int? {
        let key = label.lowercased()
        if let found = units["\(kind.rawValue):\(key)"] { return found }
        if !key.contains(" "), let ordinal = Self.ordinal(key),
            Int(key) != nil || Bytes.romanValue(Array(label.utf8), 0, label.utf8.count) != nil
        {
            return units["\(kind.rawValue):#\(ordinal)"]
        }
        return nil
    }

    func container(_ kind: ProvisionKind, _ label: String) -> Int? {
        if let found = containers["\(kind.rawValue):\(label.lowercased())"] { return found }
        if let ordinal = Self.ordinal(label) { return containers["\(kind.rawValue):#\(ordinal)"] }
        return nil
    }

    /// Units numbered from `low` to `high`, in document order (including inserted "bis" articles in between).
    func units(_ kind: ProvisionKind, from low: Int, to high: Int) -> [Int] {
        guard high >= low, high - low < 1000 else { return [] }
        return unitOrdinals.filter { $0.kind == kind && $0.ordinal >= low && $0.ordinal <= high }.map(\.index).sorted()
    }

    /// The descendant reached by following child labels ("1", "b"), or nil.
    func descend(from index: Int, _ labels: [String]) -> Int? {
        var current = index
        for label in labels {
            let wanted = label.lowercased()
            guard let child = findChild(of: current, label: wanted, exactCase: label) else { return nil }
            current = child
        }
        return current
    }

    private func findChild(of index: Int, label: String, exactCase: String) -> Int? {
        let children = instrument.provisions[index].childIndices
        // Prefer an exact-case match: "(A)" and "(a)" can both exist in US Code style.
        if let exact = children.first(where: { rawLabels[$0] == exactCase }) { return exact }
        return children.first { lowerLabels[$0] == label }
    }
}
