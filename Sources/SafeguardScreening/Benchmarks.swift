import Foundation

/// Entry points for benchmarks (the benchmark target and `safeguard screen benchmark` call these).
public enum ScreeningBenchmarks {
    /// A seeded synthetic population, parsed and resolved against `engine` (lines that fail validation are skipped).
    public static func syntheticRequests(count: Int, seed: UInt64, engine: ScreeningEngine) -> [Request] {
        let bytes = Array(RequestGenerator(seed: seed).jsonLines(count: count).utf8)
        var requests: [Request] = []
        requests.reserveCapacity(count)
        bytes.withUnsafeBufferPointer { buffer in
            for (_, range) in JSONLines.lineRanges(buffer) {
                if let value = try? DataValue.parseJSON(UnsafeBufferPointer(rebasing: buffer[range])),
                    let request = try? engine.request(from: value)
                {
                    requests.append(request)
                }
            }
        }
        return requests
    }

    /// Decides every request `passes` times on the calling thread; returns the number of decisions and a checksum
    /// of the outcomes (so the work cannot be optimised away).
    public static func decideAll(_ requests: [Request], engine: ScreeningEngine, passes: Int) -> (decisions: Int, checksum: Int) {
        var checksum = 0
        for _ in 0..<passes {
            for request in requests {
                let decision = engine.decide(request)
                checksum &+= DecisionOutcome.allCases.firstIndex(of: decision.outcome)! &+ Int(truncatingIfNeeded: decision.determining.low)
            }
        }
        return (requests.count * passes, checksum)
    }
}
