import Foundation

/// Signed-in viewers kept for a moment (by the digest of their session's secret), so a burst of requests from one
/// browser costs one database read instead of three each. An entry lives `lifetime` seconds at most and never
/// past its session's expiry; signing out removes it at once in this process, and a change of roles clears all.
// @unchecked: every access to `entries` holds `lock` (Synchronization's Mutex would need macOS 15).
final class ViewerCache: @unchecked Sendable {
    private var entries: [String: (viewer: Viewer, until: Date)] = [:]
    private let lock = NSLock()
    let lifetime: TimeInterval
    let capacity: Int

    init(lifetime: TimeInterval, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    func get(_ digest: String, now: Date) -> Viewer? {
        lock.withLock {
            guard let entry = entries[digest] else { return nil }
            guard now < entry.until else {
                entries[digest] = nil
                return nil
            }
            return entry.viewer
        }
    }

    func put(_ digest: String, _ viewer: Viewer, sessionExpiresAt: Date, now: Date) {
        guard lifetime > 0 else { return }
        lock.withLock {
            if entries.count >= capacity { entries.removeAll() }
            entries[digest] = (viewer, min(now.addingTimeInterval(lifetime), sessionExpiresAt))
        }
    }

    func remove(_ digest: String) {
        _ = lock.withLock { entries.removeValue(forKey: digest) }
    }

    func removeAll() {
        lock.withLock { entries.removeAll() }
    }
}
