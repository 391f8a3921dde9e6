/// Turns Markdown into the plain text the structure parser reads: heading marks, emphasis markers,
/// block quotes and backslash escapes are dropped; the words stay.
enum MarkdownText {
    static func plain(_ markdown: String) -> String {
        var lines: [String] = []
        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            // "## Article 1" → "Article 1"
            let hashes = line.prefix { $0 == "#" }
            if !hashes.isEmpty, hashes.count <= 6, line.dropFirst(hashes.count).first == " " {
                line = line.dropFirst(hashes.count + 1)
                while line.hasSuffix("#") { line = line.dropLast() }
            }
            while line.hasPrefix(">") { line = line.dropFirst(); if line.hasPrefix(" ") { line = line.dropFirst() } }
            // Horizontal rules are furniture. (Only lines whose first mark is -, * or _ can be one: checking that
            // first spares a filtered copy of every line, which cost a third of Markdown parsing.)
            if let mark = line.first(where: { $0 != " " }), mark == "-" || mark == "*" || mark == "_" {
                let compact = line.filter { $0 != " " }
                if compact.count >= 3,
                    compact.allSatisfy({ $0 == "-" }) || compact.allSatisfy({ $0 == "*" }) || compact.allSatisfy({ $0 == "_" })
                {
                    lines.append("")
                    continue
                }
            }
            var out = ""
            var chars = Array(line)
            // "- (a) ..." list bullets in front of a real marker
            if chars.count > 2, chars[0] == "-" || chars[0] == "*", chars[1] == " " { chars.removeFirst(2) }
            var i = 0
            while i < chars.count {
                let c = chars[i]
                if c == "\\", i + 1 < chars.count, "\\`*_{}[]()#+-.!".contains(chars[i + 1]) {
                    out.append(chars[i + 1])
                    i += 2
                    continue
                }
                if (c == "*" || c == "_"), i + 1 < chars.count, chars[i + 1] == c {
                    i += 2
                    continue
                }
                if c == "*", i + 1 < chars.count, chars[i + 1] != " ", i == 0 || chars[i - 1] == " " || chars[i - 1] == "(" {
                    i += 1
                    continue
                }
                if c == "*", i > 0, chars[i - 1] != " " {
                    i += 1
                    continue
                }
                out.append(c)
                i += 1
            }
            lines.append(out)
        }
        return lines.joined(separator: "\n")
    }
}
