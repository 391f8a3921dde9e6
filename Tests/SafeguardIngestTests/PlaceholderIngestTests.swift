import SafeguardIngest
import Testing

@Test func formatsHaveStableNames() {
    #expect(InputFormat(rawValue: "akn") == .akn)
}
