public import Foundation
public import SafeguardModel

/// Output of one screened batch line: a decision, or the validation error that stopped it.
public enum BatchResult: Sendable {
    case decided(line: Int, request: Request, decision: Decision)
    case invalid(line: Int, error: SafeguardError)
}

/// Byte-level helpers for JSON Lines input.
public enum JSONLines {
    /// The [start, end) byte ranges of the non-blank lines, with their 1-based line numbers.
    public static func lineRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [(line: Int, range: Range<Int>)] {
        var result: [(line: Int, range: Range<Int>)] = []
        var start = 0
        var line = 1
        let count = bytes.count
        var i = 0
        while i <= count {
            if i == count || bytes[i] == 0x0A {
                var end = i
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                var blank = true
                var j = start
                while j < end {
                    let b = bytes[j]
                    if b != 0x20 && b != 0x09 { blank = false; break }
                    j += 1
                }
                if !blank { result.append((line, start..<end)) }
                start = i + 1
                line += 1
            }
            i += 1
        }
        return result
    }
}

/// Screens JSON Lines in windows, each window split into chunks decided concurrently on every core,
/// and hands the results back in input order.
public struct BatchScreener: Sendable {
    public let engine: ScreeningEngine
    /// Lines per window: results are handed to the consumer (output, audit) window by window.
    public var windowSize: Int
    /// Concurrent workers (defaults to the number of active cores).
    public var workers: Int

    public init(engine: ScreeningEngine, windowSize: Int = 8192, workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.engine = engine
        self.windowSize = max(1, windowSize)
        self.workers = max(1, workers)
    }

    /// Parses and decides every line of `bytes`. `transform` runs concurrently on each chunk (render output,
    /// build audit records); `consume` runs serially on the transformed chunks in input order.
    public func run<Chunk: Sendable>(
        bytes: UnsafeBufferPointer<UInt8>,
        source: String?,
        transform: @Sendable ([BatchResult]) -> Chunk,
        consume: (Chunk) throws -> Void
    ) throws {
        let lines = JSONLines.lineRanges(bytes)
        let engine = self.engine
        nonisolated(unsafe) let input = bytes
        var windowStart = 0
        while windowStart < lines.count {
            let windowEnd = min(lines.count, windowStart + windowSize)
            let chunkCount = min(workers * 4, windowEnd - windowStart)
            let perChunk = (windowEnd - windowStart + chunkCount - 1) / chunkCount
            let base = windowStart
            let chunks = lines.withUnsafeBufferPointer { lineBuffer in
                nonisolated(unsafe) let lineList = lineBuffer
                return concurrentMap(count: chunkCount) { chunk in
                    let lower = base + chunk * perChunk
                    let upper = min(windowEnd, lower + perChunk)
                    var results: [BatchResult] = []
                    results.reserveCapacity(max(0, upper - lower))
                    if lower < upper {
                        for k in lower..<upper {
                            let (line, range) = lineList[k]
                            results.append(Self.screenLine(engine, UnsafeBufferPointer(rebasing: input[range]), line: line, source: source))
                        }
                    }
                    return transform(results)
                }
            }
            for chunk in chunks { try consume(chunk) }
            windowStart = windowEnd
        }
    }

    static func screenLine(_ engine: ScreeningEngine, _ bytes: UnsafeBufferPointer<UInt8>, line: Int, source: String?) -> BatchResult {
        let value: DataValue
        do throws(JSONScanError) {
            value = try DataValue.parseJSON(bytes)
        } catch {
            return .invalid(
                line: line,
                error: SafeguardError(.invalidData, "not valid JSON at byte \(error.offset): \(error.message)", file: source, line: line))
        }
        do {
            let request = try engine.request(from: value, source: source, line: line)
            return .decided(line: line, request: request, decision: engine.decide(request))
        } catch let error as SafeguardError {
            return .invalid(line: line, error: error)
        } catch {
            return .invalid(line: line, error: SafeguardError(.internalError, "\(error)", file: source, line: line))
        }
    }

    /// Reads a whole file (or standard input for `-`) into memory.
    public static func readInput(_ path: String) throws -> [UInt8] {
        if path == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        guard FileManager.default.fileExists(atPath: path) else { throw SafeguardError(.inputNotFound, "no such file", file: path) }
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped))
        } catch {
            throw SafeguardError(.inputNotFound, "cannot read: \(error.localizedDescription)", file: path)
        }
    }
}
