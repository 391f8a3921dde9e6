import Foundation
import Hummingbird
import Testing

@testable import SafeguardServer

/// docs/openapi.yaml describes exactly the API the server registers, and passes an OpenAPI 3.1 validator.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let document = root.appendingPathComponent("docs/openapi.yaml")

    /// "GET /api/v1/instruments/{id}" for every operation in the document (its simple, fixed layout: a path at
    /// two spaces under `paths:`, its methods at four).
    static func documentedOperations() throws -> Set<String> {
        var operations = Set<String>()
        var inPaths = false
        var path: String?
        for line in try String(contentsOf: document, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            guard inPaths else { continue }
            if !line.hasPrefix(" "), !line.isEmpty { break }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "post", "put", "patch", "delete"].contains(String(method)) {
                    operations.insert("\(method.uppercased()) \(path)")
                }
            }
        }
        return operations
    }

    @Test func everyAPIRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        let workspace = try await TestWorkspace()
        let router = try await WorkspaceApplication.router(service: workspace.service)
        let registered = Set(
            router.routes.map { "\($0.method) \($0.path)" }.filter { $0.contains("/api/") }.map {
                // Hummingbird writes parameters as ":id"; OpenAPI as "{id}".
                $0.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            })
        let documented = try Self.documentedOperations()
        #expect(!documented.isEmpty)
        #expect(registered.subtracting(documented).isEmpty, "registered but not documented: \(registered.subtracting(documented).sorted())")
        #expect(documented.subtracting(registered).isEmpty, "documented but not registered: \(documented.subtracting(registered).sorted())")
    }

    @Test func theDocumentPassesTheOpenAPIValidator() throws {
        let validator = Self.root.appendingPathComponent(".build/test-tools/bin/openapi-spec-validator")
        guard FileManager.default.isExecutableFile(atPath: validator.path) else {
            // make test installs it (scripts/install-deps); CI must never skip this check.
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "openapi-spec-validator is missing in CI")
            return
        }
        let process = Process()
        process.executableURL = validator
        process.arguments = [Self.document.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
    }
}
