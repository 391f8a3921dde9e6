// libFuzzer target: the jurisdiction profile loader.
import SafeguardScreening

nonisolated(unsafe) let taxonomy = try! ScreeningResources.taxonomy()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let yaml = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? JurisdictionProfile.load(yaml: yaml, source: "fuzz.yaml", taxonomy: taxonomy)
    return 0
}
