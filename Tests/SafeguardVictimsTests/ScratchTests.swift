import Testing
import SafeguardVictims

@Suite struct ScratchTests {
    @Test func dump() throws {
        let r = try Fixtures.navigator.answer(victimIn: "EXAMPLIA", harmedFrom: "NORLAND", harm: "ransomware", victim: .organisation)
        print(RecourseRenderer.markdown(r))
    }
}
