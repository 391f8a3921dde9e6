import Foundation

/// At most `limit` events per key in any sliding minute (uploads per account). In memory: each server instance
/// limits on its own, which bounds what one account can make one instance do.
actor RateLimiter {
    let limit: Int
    let window: TimeInterval
    var events: [String: [Date]] = [:]

    init(limit: Int, window: TimeInterval = 60) {
        self.limit = limit
        self.window = window
    }

    /// Records an event for `key` at `now` and says whether it is within the limit (an event over it is not
    /// recorded, so a refused client is not punished further).
    func allow(_ key: String, now: Date = Date()) -> Bool {
        var recent = (events[key] ?? []).filter { now.timeIntervalSince($0) < window }
        guard recent.count < limit else {
            events[key] = recent
            return false
        }
        recent.append(now)
        events[key] = recent
        return true
    }
}
