import SafeguardScreening

/// The deterministic random number generator for tests that generate inputs (screening's SplitMix64, so the same
/// seed gives the same inputs on every run and platform, and a failure reproduces).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var generator: SplitMix64

    public init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    public mutating func next() -> UInt64 { generator.next() }
}
