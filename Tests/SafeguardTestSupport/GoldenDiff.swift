/// A short unified-style diff of two texts: the first stretch of lines that differ, with a few lines of
/// context, instead of two whole outputs side by side.
public enum GoldenDiff {
    /// `expected` lines are marked `-`, `actual` lines `+`, shared context lines a space; the header gives the
    /// first differing line (1-based) in each text. At most `limit` lines of each side are shown.
    public static func unified(expected: String, actual: String, context: Int = 3, limit: Int = 12) -> String {
        let old = lines(expected)
        let new = lines(actual)
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
            old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
        {
            suffix += 1
        }
        let removed = Array(old[prefix..<(old.count - suffix)])
        let added = Array(new[prefix..<(new.count - suffix)])
        var out = ["@@ -\(prefix + 1),\(removed.count) +\(prefix + 1),\(added.count) @@"]
        out += old[max(0, prefix - context)..<prefix].map { " " + $0 }
        out += shown(removed, mark: "-", limit: limit)
        out += shown(added, mark: "+", limit: limit)
        let after = old.count - suffix
        out += old[after..<min(old.count, after + context)].map { " " + $0 }
        return out.joined(separator: "\n")
    }

    /// Lines without their terminators; a final newline is shown as a marker so that a missing one is visible.
    static func lines(_ text: String) -> [String] {
        var result = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if result.last == "" {
            result.removeLast()
        } else {
            result.append("\\ No newline at end of text")
        }
        return result
    }

    private static func shown(_ lines: [String], mark: String, limit: Int) -> [String] {
        let head = lines.prefix(limit).map { mark + $0 }
        return lines.count > limit ? head + ["\(mark)… \(lines.count - limit) more lines"] : head
    }
}
