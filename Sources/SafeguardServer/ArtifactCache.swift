import Foundation
import SafeguardWorkspace

/// The most recently used artifacts in memory, in front of the store's `artifact` table: a cached scorecard is
/// served without a database read. Bounded by bytes; least recently used entries leave first. Artifacts are
/// immutable under their key (content digest × knowledge digest × kind), so the copy can never be stale.
// @unchecked: every access to `state` holds `lock` (Synchronization's Mutex would need macOS 15).
final class ArtifactCache: @unchecked Sendable {
    private struct State {
        var entries: [ArtifactKey: (data: Data, lastUse: UInt64)] = [:]
        var bytes = 0
        var clock: UInt64 = 0
    }

    private var state = State()
    private let lock = NSLock()
    let capacity: Int

    init(capacityBytes: Int) {
        capacity = capacityBytes
    }

    func get(_ key: ArtifactKey) -> Data? {
        lock.withLock {
            guard let entry = state.entries[key] else { return nil }
            state.clock += 1
            state.entries[key] = (entry.data, state.clock)
            return entry.data
        }
    }

    func put(_ key: ArtifactKey, _ data: Data) {
        guard data.count <= capacity / 4 else { return }  // one huge report must not flush everything
        lock.withLock {
            state.clock += 1
            if let old = state.entries.updateValue((data, state.clock), forKey: key) { state.bytes -= old.data.count }
            state.bytes += data.count
            while state.bytes > capacity, let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                state.entries[oldest.key] = nil
                state.bytes -= oldest.value.data.count
            }
        }
    }
}
