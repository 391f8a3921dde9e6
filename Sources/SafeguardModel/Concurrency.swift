import Foundation

/// Computes `transform(0) … transform(count - 1)` concurrently and returns the results in index order.
///
/// This is the one place in Safeguard where results cross threads through shared memory: every other
/// parallel loop (batch screening, corpus assessment, the timing harness) goes through it.
///
/// - Parameters:
///   - count: the number of indices to transform.
///   - workers: when given, exactly this many threads take the indices in turn (worker `w` transforms
///     `w`, `w + workers`, …), which a benchmark needs to control its thread count; when `nil`, the system
///     spreads the indices over the active cores.
///   - transform: the work for one index; it must not depend on the order in which indices run.
/// - Returns: the `count` results, result `i` from `transform(i)`.
public func concurrentMap<Result>(count: Int, workers: Int? = nil, _ transform: @Sendable (Int) -> Result) -> [Result] {
    guard count > 0 else { return [] }
    let slots = ResultSlots<Result>(count: count)
    if let workers {
        let threads = max(1, min(workers, count))
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            var index = worker
            while index < count {
                slots.set(index, transform(index))
                index += threads
            }
        }
    } else {
        DispatchQueue.concurrentPerform(iterations: count) { index in slots.set(index, transform(index)) }
    }
    return slots.take()
}

/// Runs `first` on another thread while `second` runs on the calling one, and returns both results.
///
/// For independent start-up work: a command loads its lexicon (`first`) while it reads its input files (`second`).
/// The large allocations of reading stay on the calling thread, with the analysis that follows: a second malloc
/// arena holding them would raise the peak memory of a large instrument by a tenth.
public func concurrently<First, Second>(_ first: @escaping @Sendable () -> First, _ second: () -> Second) -> (First, Second) {
    let firstSlot = ResultSlots<First>(count: 1)
    let finished = DispatchSemaphore(value: 0)
    DispatchQueue.global(qos: .userInitiated).async {
        firstSlot.set(0, first())
        finished.signal()
    }
    let secondResult = second()
    finished.wait()  // orders the other thread's write before the read below
    return (firstSlot.take()[0], secondResult)
}

/// Result slots that concurrent workers fill, one index each, without locks.
///
/// The audit of the `@unchecked Sendable`: the slots live in one allocation whose address never changes, so
/// workers writing different indices never touch shared bookkeeping (an `Array` could be moved or copied
/// under them); each index is written by exactly one worker; `take()` runs only after
/// `DispatchQueue.concurrentPerform` has returned (or, in ``concurrently``, after the semaphore the writer signals),
/// which orders every write before the read.
private final class ResultSlots<Value>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Value?>
    private let count: Int

    init(count: Int) {
        self.count = count
        base = UnsafeMutablePointer<Value?>.allocate(capacity: count)
        base.initialize(repeating: nil, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func set(_ index: Int, _ value: Value) { base[index] = value }

    func take() -> [Value] {
        (0..<count).map { index in
            guard let value = base[index] else { preconditionFailure("concurrentMap: index \(index) was never transformed") }
            return value
        }
    }
}
