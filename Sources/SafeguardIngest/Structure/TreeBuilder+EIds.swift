import SafeguardModel

/// eIds: every node gets its Akoma Ntoso eId once the tree is built.
extension TreeBuilder {
    mutating func assignEIds() {
        let units = nodes.filter { $0.kind == .article }
        let allRomanArticles = !units.isEmpty && units.allSatisfy { $0.isRoman }
        // A resolution whose annex is the convention: the annex's articles are the instrument's own.
        let unitsOutsideAnnexes = nodes.indices.contains { index in
            nodes[index].kind.isUnit && !ancestors(index).contains { nodes[$0].kind == .annex || nodes[$0].kind == .schedule }
        }
        var seen: [String: Int] = [:]
        var positionCounters: [String: Int] = [:]
        for index in nodes.indices {
            let node = nodes[index]
            let parentEId = node.parent.map { nodes[$0].eId }
            var key: String
            if node.kind == .preamble {
                let eId = parentEId.map { "\($0)__preamble" } ?? "preamble"
                nodes[index].eId = eId
                seen[eId, default: 0] += 1
                continue
            }
            let scope = "\(parentEId ?? ""):\(node.kind.rawValue)"
            positionCounters[scope, default: 0] += 1
            if node.kind == .recital {
                if node.isFormula {
                    let formulaScope = "\(parentEId ?? ""):formula"
                    positionCounters[formulaScope, default: 0] += 1
                    let eId = "\(parentEId ?? "preamble")__formula_\(positionCounters[formulaScope]!)"
                    nodes[index].eId = eId
                    seen[eId, default: 0] += 1
                    continue
                }
                key = node.label ?? "\(positionCounters[scope]!)"
            } else if node.kind.isContainer {
                if let ordinal = node.ordinal, node.isRoman || node.isNumberWord || isNumberWordOrDigits(node.label) || (node.label?.count == 1) {
                    key = node.label.flatMap { $0.count == 1 && !node.isRoman && Int($0) == nil ? $0 : nil } ?? "\(ordinal)"
                } else if let label = node.label {
                    key = eIdSafe(label)
                } else {
                    key = "\(positionCounters[scope]!)"
                }
            } else if node.kind.isUnit {
                if node.isRoman, allRomanArticles || node.kind != .article, let ordinal = node.ordinal {
                    key = "\(ordinal)" + latinSuffix(of: node.label)
                } else if node.isNumberWord, let ordinal = node.ordinal {
                    // "Article Six" → art_6, "Article Twenty-One" → art_21 (num keeps the words).
                    key = "\(ordinal)" + latinSuffix(of: node.label)
                } else {
                    key = eIdSafe(node.label ?? "\(positionCounters[scope]!)")
                }
            } else if node.listType == .decimal, let label = node.label {
                key = label  // "2.1" → "2-1": a period is not valid in an eId key, "_" would read as a suffix
            } else {
                key = eIdSafe(node.label ?? "\(positionCounters[scope]!)")
            }
            let own = node.listType == .dash ? "indent_\(key)" : "\(node.kind.eIdPrefix)_\(key)"
            var eId: String
            if node.kind.isUnit {
                // Units are unique and not prefixed, except inside an annex or schedule.
                if unitsOutsideAnnexes, let holder = ancestors(index).first(where: { nodes[$0].kind == .annex || nodes[$0].kind == .schedule }) {
                    eId = "\(nodes[holder].eId)__\(own)"
                } else {
                    eId = own
                }
            } else if let parentEId {
                eId = "\(parentEId)__\(own)"
            } else {
                eId = own
            }
            if let count = seen[eId] {
                let unique = "\(eId)_dup\(count + 1)"
                warn("duplicate-eid", "\(eId) is used twice; the later one is \(unique)", line: node.line)
                seen[eId] = count + 1
                eId = unique
            }
            seen[eId, default: 0] += 1
            nodes[index].eId = eId
        }
    }

    private func ancestors(_ index: Int) -> [Int] {
        var result: [Int] = []
        var cursor = nodes[index].parent
        while let c = cursor { result.append(c); cursor = nodes[c].parent }
        return result
    }

    private func isNumberWordOrDigits(_ label: String?) -> Bool {
        guard let label else { return false }
        return Int(label) != nil || vocabulary.numberWords[label.lowercased()] != nil
    }

    private func latinSuffix(of label: String?) -> String {
        guard let label, let space = label.lastIndex(of: " ") else { return "" }
        let suffix = label[label.index(after: space)...].lowercased()
        return vocabulary.latinSuffixes.contains(suffix) ? "_" + suffix : ""
    }

    /// eId keys use letters, digits and underscores only: "7 bis" → "7_bis".
    private func eIdSafe(_ label: String) -> String {
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
        if let space = out.firstIndex(of: "_"), vocabulary.latinSuffixes.contains(String(out[out.index(after: space)...]).lowercased()) {
            out = String(out[..<space]) + "_" + out[out.index(after: space)...].lowercased()
        }
        return out.isEmpty ? "x" : out
    }
}
