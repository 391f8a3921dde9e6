import Foundation
import SafeguardModel
import Testing

@Suite struct ConcurrentMapTests {
    @Test func resultsComeBackInIndexOrder() {
        let squares = concurrentMap(count: 1000) { $0 * $0 }
        #expect(squares == (0..<1000).map { $0 * $0 })
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func aFixedNumberOfWorkersTransformsEveryIndexOnce(workers: Int) {
        let calls = Counter()
        let values = concurrentMap(count: 50, workers: workers) { index -> String in
            calls.increment()
            return "#\(index)"
        }
        #expect(values == (0..<50).map { "#\($0)" })
        #expect(calls.value == 50)
    }

    @Test func nothingToDo() {
        #expect(concurrentMap(count: 0) { $0 }.isEmpty)
        #expect(concurrentMap(count: 0, workers: 4) { $0 }.isEmpty)
    }

    @Test func concurrentlyReturnsBothResultsAndRunsTheFirstOnAnotherThread() {
        let caller = pthread_self()
        let (first, second) = concurrently(
            { (pthread_equal(pthread_self(), caller) != 0, (1...100).reduce(0, +)) },
            { (pthread_equal(pthread_self(), caller) != 0, "read") })
        #expect(first.0 == false)
        #expect(first.1 == 5050)
        #expect(second.0 == true)
        #expect(second.1 == "read")
    }

    @Test func concurrentlyWaitsForASlowFirstPart() {
        let (first, second) = concurrently(
            { () -> Int in
                Thread.sleep(forTimeInterval: 0.2)
                return 7
            },
            { 8 })
        #expect(first == 7 && second == 8)
    }

    /// Counts calls from several threads.
    final class Counter: @unchecked Sendable {  // test-only; guarded by the lock
        private let lock = NSLock()
        private var count = 0
        func increment() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
}
