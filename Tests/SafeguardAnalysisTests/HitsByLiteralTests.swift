import Testing

@testable import SafeguardAnalysis

/// `combine` looks literal hits up by literal, each group in order of start; the flat grouping must give what an
/// array per literal, sorted, gave.
@Suite struct HitsByLiteralTests {
    static func reference(_ hits: [LiteralHit], literalCount: Int) -> [[LiteralHit]] {
        var byLiteral = [[LiteralHit]](repeating: [], count: literalCount)
        for hit in hits { byLiteral[hit.literal].append(hit) }
        for i in byLiteral.indices { byLiteral[i].sort { $0.start < $1.start } }
        return byLiteral
    }

    @Test func groupsMatchAnArrayPerLiteral() {
        var generator = SystemRandomNumberGenerator()
        for literalCount in [1, 2, 7, 300] {
            for _ in 0..<20 {
                let hits = (0..<Int.random(in: 0...200, using: &generator)).map { _ in
                    let start = Int.random(in: 0...10_000, using: &generator)
                    return LiteralHit(literal: Int.random(in: 0..<literalCount, using: &generator), start: start, end: start + 3)
                }
                let grouped = HitsByLiteral(hits, literalCount: literalCount)
                let expected = Self.reference(hits, literalCount: literalCount)
                for literal in 0..<literalCount {
                    #expect(Array(grouped[literal]) == expected[literal])
                    #expect(grouped[literal].isEmpty == expected[literal].isEmpty)
                }
            }
        }
    }

    @Test func aLiteralWithoutHitsIsEmptyAndIndexingStartsAtZero() {
        let hits = [
            LiteralHit(literal: 2, start: 50, end: 55), LiteralHit(literal: 0, start: 9, end: 12),
            LiteralHit(literal: 2, start: 5, end: 10),
        ]
        let grouped = HitsByLiteral(hits, literalCount: 4)
        #expect(grouped[1].isEmpty && grouped[3].isEmpty)
        #expect(grouped[2].count == 2)
        #expect(grouped[2][0].start == 5 && grouped[2][1].start == 50)
        #expect(grouped[0][0].start == 9)
    }
}
