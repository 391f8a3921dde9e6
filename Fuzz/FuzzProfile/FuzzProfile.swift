// libFuzzer entry point (built by scripts/fuzz; no main: libFuzzer provides it). The body is
// FuzzTarget.profile in Fuzz/SafeguardFuzzTargets, which FuzzSmokeTests also runs in every `swift test`.
import SafeguardFuzzTargets

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.profile.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
