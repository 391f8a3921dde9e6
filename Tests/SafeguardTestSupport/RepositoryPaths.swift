public import Foundation

/// Folders of the repository the tests read, found from this file's place in the source tree (the tests run
/// from the source tree, so nothing is bundled).
public enum RepositoryPaths {
    /// The repository root (the folder holding Package.swift).
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `examples/`: the bundled example instruments and requests.
    public static var examples: URL { root.appendingPathComponent("examples") }

    /// `Tests/Fixtures/`: inputs written for the tests.
    public static var fixtures: URL { root.appendingPathComponent("Tests/Fixtures") }

    /// `Tests/Goldens/`: expected outputs checked with ``assertGolden(_:named:in:sourceLocation:)``.
    public static var goldens: URL { root.appendingPathComponent("Tests/Goldens") }

    /// `url` relative to the repository root when it lies inside it (for messages).
    public static func relative(_ url: URL) -> String {
        let base = root.standardizedFileURL.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}
