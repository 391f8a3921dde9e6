import SafeguardAssessment
import Testing

@Test func verdictIdsAreStable() {
    #expect(Verdict.partlyMet.rawValue == "partly-met")
}
