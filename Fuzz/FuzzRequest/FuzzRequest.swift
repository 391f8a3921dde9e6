// libFuzzer target: the request validator (JSON or YAML → Request → decision).
import SafeguardScreening

nonisolated(unsafe) let engine = try! ScreeningResources.engine(ruleSet: "model-convention-rev2")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let buffer = UnsafeBufferPointer(start: data, count: size)
    let value: DataValue?
    if size > 0, data[0] == UInt8(ascii: "{") {
        value = try? DataValue.parseJSON(buffer)
    } else {
        value = try? DataValue.parseYAML(String(decoding: buffer, as: UTF8.self), source: "fuzz.yaml")
    }
    if let value, let request = try? engine.request(from: value, source: "fuzz") {
        _ = engine.decide(request)
    }
    return 0
}
