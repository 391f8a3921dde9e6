import SafeguardAnalysis
import SafeguardModel
import SafeguardTestSupport
import Testing

@Test func featureFamilyIsThePartBeforeTheFirstDot() {
    #expect(FeatureID("power.real-time-traffic").family == "power")
    #expect(FeatureID("scope").family == "scope")
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
