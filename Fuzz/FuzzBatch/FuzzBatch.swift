// libFuzzer target: the JSON Lines batch reader (every line parsed, validated and decided).
import SafeguardScreening

nonisolated(unsafe) let screener = BatchScreener(
    engine: try! ScreeningResources.engine(ruleSet: "model-convention-rev2"), windowSize: 64, workers: 1)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let buffer = UnsafeBufferPointer(start: data, count: size)
    try? screener.run(bytes: buffer, source: "fuzz.jsonl", transform: { $0.count }, consume: { _ in })
    return 0
}
