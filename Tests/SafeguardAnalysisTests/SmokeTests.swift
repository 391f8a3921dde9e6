import SafeguardAnalysis
import SafeguardModel
import SafeguardTestSupport
import Testing

@Test func featureFamilyIsThePartBeforeTheFirstDot() {
    #expect(FeatureID("power.real-time-traffic").family == "power")
    #expect(FeatureID("scope").family == "scope")
    // The byte split must give the Character split's answer, traps included: a leading dot, two dots, an empty
    // id, and dots next to letters with combining marks or a prepended mark, which join a Character.
    for id in [".hidden", "a..b", "", "a.", "é.b", "a\u{301}.b", "a.\u{301}b", "\u{600}.b", "x.y.z", "..", "."] {
        #expect(FeatureID(id).family == (id.split(separator: ".", maxSplits: 1).first ?? Substring(id)), "\(id)")
    }
}

@Test func builtInLexiconLoadsAndFindsSomething() throws {
    let lexicon = try Lexicon.builtIn()
    #expect(lexicon.features.count >= 50)
    let instrument = InstrumentBuilder.single(
        heading: "Illegal access",
        "Each Party shall adopt such legislative and other measures as may be necessary to establish as criminal offences under its "
            + "domestic law, when committed intentionally, the access to the whole or any part of a computer system without right."
    )
    let analysis = Analyzer(lexicon: lexicon).analyze(instrument)
    for f in analysis.findings { print(f.feature, "|", f.quote, "|", f.pattern ?? "") }
    print(analysis.categories)
    #expect(analysis.category(of: "art_1")?.primary == .criminalization)
}
