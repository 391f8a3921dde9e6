import SafeguardComparison
import Testing

@Test func changeIdsAreStable() {
    #expect(ChangeType(rawValue: "dual-criminality-weakened") == .dualCriminalityWeakened)
}
