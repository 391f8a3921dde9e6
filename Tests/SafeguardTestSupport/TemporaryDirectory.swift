public import Foundation

/// A new, empty folder under the system's temporary directory, named `prefix-UUID`; the caller removes it
/// (or leaves it for the system to clean).
public func makeTemporaryDirectory(prefix: String = "safeguard-tests") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
