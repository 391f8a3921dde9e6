import Foundation

/// Flesch–Kincaid grade level, computed the way the readability test documents it.
///
/// grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59
///
/// - Sentences end at `.`, `!`, `?`, `;` or `:` (a label followed by a colon reads as its own unit).
/// - Words are runs of letters (an apostrophe or hyphen inside a word joins; "seventy-two" is two words).
///   Numbers and codes ("72", "SHA-256") are not words.
/// - `{placeholders}` are replaced by "Norland" (two syllables), the length of a typical state name.
/// - Syllables, a common English heuristic: words of three letters or fewer have one; otherwise drop a
///   final "es", "ed" or silent "e" (not after l, or a vowel), drop a leading "y", then count groups of one or two
///   vowels (a, e, i, o, u, y); at least one.
enum Readability {
    static func syllables(_ word: String) -> Int {
        var w = Array(word.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic }.map(Character.init))
        if w.count <= 3 { return 1 }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y"]
        let keepBeforeE: Set<Character> = ["l", "a", "e", "i", "o", "u", "y"]
        if w.count >= 3, w[w.count - 2] == "e", w[w.count - 1] == "s", !keepBeforeE.contains(w[w.count - 3]) {
            w.removeLast(2)
        } else if w.count >= 2, w[w.count - 2] == "e", w[w.count - 1] == "d" {
            w.removeLast(2)
        } else if w.count >= 2, w[w.count - 1] == "e", !keepBeforeE.contains(w[w.count - 2]) {
            w.removeLast()
        }
        if w.first == "y" { w.removeFirst() }
        var count = 0
        var run = 0
        for c in w {
            if vowels.contains(c) {
                run += 1
                if run == 1 || run == 3 { count += 1 }  // groups of one or two vowels: a third starts a new group
                if run == 3 { run = 1 }
            } else {
                run = 0
            }
        }
        return max(1, count)
    }

    static func words(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for c in text {
            if c.isLetter || ((c == "'" || c == "’") && !current.isEmpty) {
                current.append(c)
            } else {
                if current.contains(where: \.isLetter) { result.append(current) }
                current = ""
            }
        }
        if current.contains(where: \.isLetter) { result.append(current) }
        return result
    }

    static func fillPlaceholders(_ text: String) -> String {
        var out = ""
        var inside = false
        for c in text {
            if c == "{" { inside = true; out += "Norland"; continue }
            if c == "}" { inside = false; continue }
            if !inside { out.append(c) }
        }
        return out
    }

    static func sentenceCount(_ text: String) -> Int {
        let parts = text.split(whereSeparator: { ".!?;:".contains($0) })
        return max(1, parts.filter { $0.contains(where: \.isLetter) }.count)
    }

    static func grade(_ template: String) -> Double {
        let text = fillPlaceholders(template)
        let w = words(text)
        guard !w.isEmpty else { return 0 }
        let syllableCount = w.reduce(0) { $0 + syllables($1) }
        return 0.39 * Double(w.count) / Double(sentenceCount(text)) + 11.8 * Double(syllableCount) / Double(w.count) - 15.59
    }
}
