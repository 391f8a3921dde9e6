// libFuzzer target: the akn reader (built by scripts/fuzz; no main: libFuzzer provides it).
import SafeguardIngest
import SafeguardModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // Errors are fine (they become exit codes); crashes, hangs and broken invariants are findings.
    if let instrument = try? InstrumentReader.read(bytes: bytes, source: "fuzz", options: ReadOptions(maxBytes: 2_000_000, format: .akn)) {
        checkInvariants(instrument)
    }
    return 0
}

/// Every provision has an eId and spans inside the text; eIds are unique.
func checkInvariants(_ instrument: Instrument) {
    let length = instrument.text.utf8.count
    var seen = Set<String>()
    for provision in instrument.provisions {
        precondition(!provision.eId.isEmpty, "empty eId")
        precondition(seen.insert(provision.eId).inserted, "duplicate eId \(provision.eId)")
        precondition(
            provision.span.start >= 0 && provision.span.end <= length && provision.span.start <= provision.span.end, "span out of bounds")
        precondition(provision.textSpan.start >= 0 && provision.textSpan.end <= length, "text span out of bounds")
    }
}
