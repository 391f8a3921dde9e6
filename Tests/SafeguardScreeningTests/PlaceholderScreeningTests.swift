import SafeguardScreening
import Testing

@Test func outcomeIdsAreStable() {
    #expect(DecisionOutcome.executeWithConditions.rawValue == "execute-with-conditions")
}
