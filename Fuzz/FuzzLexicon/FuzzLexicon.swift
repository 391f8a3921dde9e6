// libFuzzer target: the lexicon loader (YAML → compiled lexicon).
import SafeguardAnalysis

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let yaml = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? Lexicon.compile(yaml: [(file: "fuzz.yaml", yaml: yaml)])
    return 0
}
