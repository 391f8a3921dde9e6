// libFuzzer target: the screening rule-set loader.
import SafeguardScreening

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let yaml = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? RuleSet.load(yaml: yaml, source: "fuzz.yaml")
    return 0
}
