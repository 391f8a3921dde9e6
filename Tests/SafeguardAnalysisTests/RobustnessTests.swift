import SafeguardAnalysis
import SafeguardModel
import SafeguardTestSupport
import Testing

/// Random texts made of lexicon words, odd characters and punctuation: the analysis must never crash, and every
/// finding must quote exactly the words of its span inside the provision it names.
@Suite struct RobustnessTests {
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
    }

    static let words = [
        "shall", "not", "adopt", "measures", "may", "require", "serious", "harm", "nothing", "in", "this", "article",
        "dual", "criminality", "without", "right", "intentionally", "access", "computer", "system", "data", "warrant",
        "issued", "by", "a", "judge", "except", "other", "than", "any", "criminal", "offence", "é", "“", "”", "—", ";",
        ".", ",", "\n", "\n\n", "  ", "\u{00A0}", "ß", "日本", "🙂", "(a)", "articles 7 to 16", "powers and procedures",
    ]

    @Test(arguments: 0..<40)
    func randomTextsNeverBreakTheEvidenceRules(_ seed: Int) {
        var rng = SeededGenerator(state: UInt64(seed) &+ 1)
        var builder = InstrumentBuilder()
        let articles = Int.random(in: 1...4, using: &rng)
        for a in 1...articles {
            let heading = (0..<Int.random(in: 0...3, using: &rng)).map { _ in Self.words.randomElement(using: &rng)! }.joined(
                separator: " ")
            builder.article(a, heading.isEmpty ? nil : heading)
            for p in 1...Int.random(in: 1...3, using: &rng) {
                let text = (0..<Int.random(in: 0...60, using: &rng)).map { _ in Self.words.randomElement(using: &rng)! }
                    .joined(separator: Bool.random(using: &rng) ? " " : "")
                builder.add("art_\(a)__para_\(p)", .paragraph, num: "\(p).", text)
            }
        }
        let instrument = builder.build()
        let analysis = Analyzer(lexicon: FeatureTests.lexicon).analyze(instrument)
        #expect(analysis.categories.count == articles)
        for finding in analysis.findings {
            #expect(instrument.quote(finding.span) == finding.quote)
            #expect(instrument[eId: finding.eId]?.span.contains(finding.span) == true)
            #expect(!finding.quote.isEmpty)
        }
        _ = AnalysisRenderer(lexicon: FeatureTests.lexicon).html([analysis])
        _ = AnalysisDocument(analysis)
    }

    @Test func anEmptyLexiconFindsNothingAndDoesNotCrash() {
        let instrument = InstrumentBuilder.single(heading: "Illegal access", "Each Party shall adopt measures without right.")
        let analysis = Analyzer(lexicon: Lexicon(version: "empty")).analyze(instrument)
        #expect(analysis.findings.isEmpty)
        #expect(analysis.category(of: "art_1")?.primary == .other)
        #expect(analysis.lexiconVersion == "empty")
    }

    @Test func emptyAndStructurelessInstrumentsGiveEmptyAnalyses() {
        let empty = Instrument(metadata: InstrumentMetadata(title: "Empty"), text: "", provisions: [])
        let analysis = Analyzer(lexicon: FeatureTests.lexicon).analyze(empty)
        #expect(analysis.findings.isEmpty && analysis.categories.isEmpty && analysis.links.isEmpty)
        let loose = Instrument(
            metadata: InstrumentMetadata(title: "Loose"), text: "Each Party shall adopt measures without right.", provisions: [])
        #expect(Analyzer(lexicon: FeatureTests.lexicon).analyze(loose).findings.isEmpty)
    }
}
