import Foundation
import SafeguardModel

/// Reads title, kind, body, version label and date from the title block (the lines before the preamble).
struct MetadataReader {
    let bytes: [UInt8]
    let lines: [TextLine]
    let titleLines: [Int]
    /// Title block and preamble: where the enacting body is named.
    let frontLines: [Int]
    let mode: DocumentMode
    let vocabulary: DraftingVocabulary

    private static let months = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]

    func fill(_ metadata: inout InstrumentMetadata) {
        let texts = titleLines.map { Bytes.string(bytes, lines[$0].content, lines[$0].end) }
        if metadata.title.isEmpty { metadata.title = title(texts) }
        let block = texts.joined(separator: "\n")
        let lower = block.lowercased()
        let titleLower = metadata.title.lowercased()
        let titleWordSet = Set(words(titleLower))
        if metadata.kind == .other {
            if words(lower).contains("draft") {
                metadata.kind = .draft
            } else if titleWordSet.contains("protocol") {
                metadata.kind = .protocol_
            } else if mode == .act || !titleWordSet.isDisjoint(with: ["act", "bill", "law", "code", "ordinance", "decree", "statute"]) {
                metadata.kind = .nationalLaw
            } else if !titleWordSet.isDisjoint(with: ["convention", "treaty", "agreement", "charter"]) {
                metadata.kind = .treaty
            }
        }
        let front = frontLines.prefix(40).map { Bytes.string(bytes, lines[$0].content, lines[$0].end) }.joined(separator: "\n")
        if metadata.jurisdiction == nil {
            let block = front
            metadata.jurisdiction = issuingBody(title: metadata.title, front: block)
            if metadata.jurisdiction == nil, let range = block.range(of: "Republic of ") ?? block.range(of: "REPUBLIC OF ") {
                let rest = block[range.upperBound...].prefix { $0.isLetter || $0 == " " }
                let name = rest.split(separator: " ").prefix { $0.first?.isUppercase == true }
                    .map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined(separator: " ")
                if !name.isEmpty { metadata.jurisdiction = "Republic of \(name)" }
            }
        }
        if metadata.versionLabel == nil { metadata.versionLabel = versionLabel(block) }
        if metadata.date == nil { metadata.date = date(block) }
    }

    /// The body that made the instrument, read from the text and never guessed: a body named in the title wins;
    /// otherwise the first body named in the title block or preamble, skipping names that only cite another
    /// instrument ("the United Nations Convention on the Rights of the Child" in a Council of Europe preamble).
    func issuingBody(title: String, front: String) -> String? {
        func firstMention(in text: String, skippingCitations: Bool) -> (body: String, at: String.Index)? {
            var best: (body: String, at: String.Index)?
            for body in vocabulary.bodies {
                var from = text.startIndex
                while let range = text.range(of: body, range: from..<text.endIndex) {
                    from = range.upperBound
                    if skippingCitations, citesInstrument(text[range.upperBound...]) { continue }
                    if best == nil || range.lowerBound < best!.at { best = (body, range.lowerBound) }
                    break
                }
            }
            return best
        }
        if let named = firstMention(in: title, skippingCitations: false) { return named.body }
        return firstMention(in: front, skippingCitations: true)?.body
    }

    /// Whether the words after a body's name make it part of another instrument's title ("… Convention on …").
    private func citesInstrument(_ rest: Substring) -> Bool {
        let next = rest.drop { $0 == " " }.prefix { $0.isLetter }
        return vocabulary.titleWords.contains(next.lowercased())
    }

    private func words(_ text: String) -> [String] {
        text.split(whereSeparator: { !$0.isLetter }).map(String.init)
    }

    private func title(_ texts: [String]) -> String {
        guard !texts.isEmpty else { return "" }
        var candidates: [Int] = []
        for (i, text) in texts.enumerated() where !Set(words(text.lowercased())).isDisjoint(with: vocabulary.titleWords) {
            // Skip document-symbol lines like "CETS No. 185" and "A/AC.291/L.4".
            if text.contains("/") && text.count < 40 { continue }
            // A sentence of explanatory text is not a title.
            if text.count > 200 || (text.hasSuffix(".") && text.count > 80) { continue }
            candidates.append(i)
        }
        // The instrument's own title, not the committee that wrote it: prefer a line that opens with
        // "Draft", "Model", a title word, "The ... Act", and avoid committee and session lines.
        let openers: Set<String> = ["draft", "revised", "model", "the", "united", "international", "regional"]
        let bodyWords: Set<String> = ["committee", "conference", "assembly", "session", "meeting", "working"]
        let preferred = candidates.first { i in
            let lowerWords = words(texts[i].lowercased())
            guard let first = lowerWords.first, bodyWords.isDisjoint(with: lowerWords) else { return false }
            return openers.contains(first) || vocabulary.titleWords.contains(first)
                || lowerWords.prefix(4).contains(where: vocabulary.titleWords.contains)
        }
        let i = preferred ?? candidates.first ?? 0
        var title = texts[i].trimmingSpaces
        var k = i + 1
        // A title wrapped over lines continues in lower case ("Draft convention\nagainst cybercrime"), or after
        // a line ending in a joining word ("... Information and\nCommunications Technologies").
        let joiners: Set<String> = ["on", "of", "and", "against", "the", "for", "in", "to", "concerning", "relating"]
        while k < texts.count, title.count < 300, let first = texts[k].first {
            let lastWord = words(title.lowercased()).last ?? ""
            guard first.isLowercase || joiners.contains(lastWord) else { break }
            title += " " + texts[k].trimmingSpaces
            k += 1
        }
        while title.hasSuffix(".") || title.hasSuffix(",") { title.removeLast() }
        return title
    }

    private func versionLabel(_ block: String) -> String? {
        for token in block.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "/" }) {
            let lower = token.lowercased()
            if lower.hasPrefix("rev."), lower.count > 4, lower.dropFirst(4).allSatisfy(\.isNumber) { return String(token) }
            if lower.hasPrefix("rev"), lower.count > 3, lower.dropFirst(3).allSatisfy(\.isNumber) { return String(token) }
        }
        for line in block.split(separator: "\n") {
            if let range = line.range(of: "revised draft", options: .caseInsensitive) {
                return String(line[range]).capitalizedFirst
            }
            for word in ["revision ", "version "] {
                if let range = line.range(of: word, options: .caseInsensitive) {
                    let rest = line[range.upperBound...].prefix { $0.isNumber || $0 == "." }
                    if !rest.isEmpty { return String(line[range.lowerBound..<rest.endIndex]) }
                }
            }
        }
        return nil
    }

    private func date(_ block: String) -> String? {
        let tokens = block.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," || $0 == "(" || $0 == ")" }).map(String.init)
        for (i, token) in tokens.enumerated() {
            // ISO date
            let parts = token.split(separator: "-")
            if parts.count == 3, parts[0].count == 4, Int(parts[0]) != nil, Int(parts[1]) != nil, Int(parts[2]) != nil {
                return token
            }
            guard let month = Self.months.firstIndex(of: token.lowercased()) else { continue }
            // "12 March 2026"
            if i >= 1, i + 1 < tokens.count, let day = Int(tokens[i - 1]), let year = Int(tokens[i + 1]), (1...31).contains(day),
                year > 1900
            {
                return iso(year, month + 1, day)
            }
            // "March 12 2026"
            if i + 2 < tokens.count, let day = Int(tokens[i + 1]), let year = Int(tokens[i + 2]), (1...31).contains(day), year > 1900 {
                return iso(year, month + 1, day)
            }
        }
        return nil
    }

    private func iso(_ year: Int, _ month: Int, _ day: Int) -> String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
