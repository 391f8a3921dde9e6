import Foundation

/// Values kept for a moment, by a string key: an entry lives `lifetime` seconds at most (and never past the
/// moment given with it); `remove` and `removeAll` take effect at once in this process.
///
/// Two uses: signed-in viewers by the digest of their session's secret (``ViewerCache``), so a burst of requests
/// from one browser costs one database read instead of three each; and the scorecard's cache key per reader and
/// revision (``WorkspaceService/scorecard(_:revisionID:format:)``), so a burst of reads of one scorecard does not
/// re-read the revision, its instrument and its reviews each time.
// @unchecked: every access to `entries` holds `lock` (Synchronization's Mutex would need macOS 15).
final class MomentCache<Value: Sendable>: @unchecked Sendable {
    private var entries: [String: (value: Value, until: Date)] = [:]
    private let lock = NSLock()
    let lifetime: TimeInterval
    let capacity: Int

    init(lifetime: TimeInterval, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    func get(_ key: String, now: Date) -> Value? {
        lock.withLock {
            guard let entry = entries[key] else { return nil }
            guard now < entry.until else {
                entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    /// Keeps `value` until `lifetime` from `now`, or until `expiresAt` if that is sooner.
    func put(_ key: String, _ value: Value, expiresAt: Date = .distantFuture, now: Date) {
        guard lifetime > 0 else { return }
        lock.withLock {
            if entries.count >= capacity { entries.removeAll() }
            entries[key] = (value, min(now.addingTimeInterval(lifetime), expiresAt))
        }
    }

    func remove(_ key: String) {
        _ = lock.withLock { entries.removeValue(forKey: key) }
    }

    func removeAll() {
        lock.withLock { entries.removeAll() }
    }
}

/// Signed-in viewers by the digest of their session's secret: an entry never outlives its session; signing out
/// removes it at once in this process, and a change of roles clears all.
typealias ViewerCache = MomentCache<Viewer>
