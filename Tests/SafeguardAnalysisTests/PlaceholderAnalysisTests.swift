import SafeguardAnalysis
import Testing

@Test func featureFamilyIsThePartBeforeTheFirstDot() {
    #expect(FeatureID("power.real-time-traffic").family == "power")
    #expect(FeatureID("scope").family == "scope")
}
