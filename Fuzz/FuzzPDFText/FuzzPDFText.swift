// libFuzzer target: what happens to pdftotext's output (reading order, -raw stream order, -layout).
// The input is split at its first NUL byte: before it the reading-order text, after it the stream-order text.
import SafeguardIngest
import SafeguardModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let split = bytes.firstIndex(of: 0) ?? bytes.count
    // pdftotext writes UTF-8 (-enc UTF-8); Safeguard decodes its output the same way.
    let text = String(decoding: bytes[..<split], as: UTF8.self)
    let stream = split < bytes.count ? String(decoding: bytes[(split + 1)...], as: UTF8.self) : nil
    _ = try? InstrumentReader.read(pdfText: text, streamOrder: stream, layout: text, options: ReadOptions(maxBytes: 2_000_000))
    return 0
}
