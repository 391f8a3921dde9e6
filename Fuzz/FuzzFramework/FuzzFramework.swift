// libFuzzer target: the assessment framework loader.
import SafeguardAssessment

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let yaml = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? Framework.parse(yaml: yaml, file: "fuzz.yaml")
    return 0
}
