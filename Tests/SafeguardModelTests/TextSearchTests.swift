import SafeguardModel
import Testing

/// The fast forms must give exactly the standard library's answers, on ASCII and on the traps outside it:
/// letters whose lower case is longer or different (İ, Σ, ß), canonical equivalents, combining marks after a
/// matched letter, a Substring that does not start at its base's start.
@Suite struct TextSearchTests {
    static let texts = [
        "", "A", "ARTICLE 7. Definitions", "“Computer system” means any device", "ÉTAT PARTIE — Définitions",
        "İSTANBUL and DİYARBAKIR", "ΟΔΟΣ ΣΟΦΙΑΣ", "STRAßE Maße", "ǅungla ǈ ǋ", "Ω Å K (signs)", "e\u{301}cole E\u{301}COLE",
        "ＦＵＬＬＷＩＤＴＨ", "Arabic ٣ and ABC\u{0301}", "a\u{0}b\tC\r\nD", "😀 EMOJI 👍🏽", "\u{FEFF}<HTML>",
        String(repeating: "Treaty “Text” ¶ ", count: 300),
    ]

    @Test func fastLowercasedIsLowercased() {
        for text in Self.texts {
            #expect(Array(text.fastLowercased().utf8) == Array(text.lowercased().utf8), "\(text)")
        }
    }

    static let needles = ["", "a", "definitions", "article", "use of terms", "é", "ecole", "école", "b", "ab", "ss", "tra"]

    @Test func fastContainsIsContains() {
        for text in Self.texts {
            let lower = text.lowercased()
            let sub = lower.dropFirst(min(2, lower.count))
            for needle in Self.needles {
                #expect(lower.fastContains(needle) == lower.contains(needle), "\(needle) in \(lower)")
                #expect(sub.fastContains(needle) == sub.contains(needle), "\(needle) in \(sub)")
            }
        }
    }

    @Test func aByteMatchInsideACharacterIsNoMatch() {
        // "a" followed by a combining acute accent is one Character: the bytes of "a" are there, the
        // Character "a" is not, and the standard search decides.
        let text = "ca\u{301}t"
        #expect(text.fastContains("cat") == false)
        #expect(text.fastContains("a") == text.contains("a"))
        #expect("Definitions".fastContains("finitio"))
        #expect(!"Definitions".fastContains("defin"))
    }

    @Test func utf8ContainsFindsTheByteAnywhere() {
        let text = "page one\u{0C}page two"
        #expect(text.utf8Contains(0x0C))
        #expect(!text.utf8Contains(0x0D))
        #expect(text[text.index(text.startIndex, offsetBy: 9)...].utf8Contains(0x0C) == false)
        #expect(text[..<text.index(text.startIndex, offsetBy: 9)].utf8Contains(0x0C))
        #expect(!"".utf8Contains(0x0A))
    }
}
