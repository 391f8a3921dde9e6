// swift-tools-version: 6.1
// Safeguard: reads cybercrime law and shows, provision by provision and with the words quoted,
// where it protects people and where it endangers them.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Safeguard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "safeguard", targets: ["safeguard"]),
        .library(name: "SafeguardModel", targets: ["SafeguardModel"]),
        .library(name: "SafeguardIngest", targets: ["SafeguardIngest"]),
        .library(name: "SafeguardAnalysis", targets: ["SafeguardAnalysis"]),
        .library(name: "SafeguardAssessment", targets: ["SafeguardAssessment"]),
        .library(name: "SafeguardComparison", targets: ["SafeguardComparison"]),
        .library(name: "SafeguardScreening", targets: ["SafeguardScreening"]),
        .library(name: "SafeguardVictims", targets: ["SafeguardVictims"]),
        .library(name: "SafeguardAuditPostgres", targets: ["SafeguardAuditPostgres"]),
        .library(name: "SafeguardPipeline", targets: ["SafeguardPipeline"]),
        .library(name: "SafeguardWorkspace", targets: ["SafeguardWorkspace"]),
        .library(name: "SafeguardServer", targets: ["SafeguardServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // SHA-256 and Ed25519 for the audit log's Merkle tree and signed checkpoints.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The PostgreSQL audit store.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // The workspace server: HTTP, bcrypt, page templates, multipart uploads, metrics.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // The document model every other module cites: instruments, provisions, eIds, spans, errors.
        .target(
            name: "SafeguardModel",
            swiftSettings: swiftSettings
        ),
        // The YAML reader every data file goes through: typed, line-numbered errors, enum values, old key spellings.
        .target(
            name: "SafeguardConfig",
            dependencies: [
                "SafeguardModel",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Reading instruments: format detection, decoding, structure parsing, Akoma Ntoso in and out.
        .target(
            name: "SafeguardIngest",
            dependencies: [
                "SafeguardModel",
                "SafeguardConfig",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        // What each provision is, demands and protects, with evidence.
        .target(
            name: "SafeguardAnalysis",
            dependencies: [
                "SafeguardModel",
                "SafeguardConfig",
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        // Principle frameworks evaluated over an analysis: verdicts, scores, reviews.
        .target(
            name: "SafeguardAssessment",
            dependencies: [
                "SafeguardModel",
                "SafeguardConfig",
                "SafeguardAnalysis",
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        // Revision comparison: alignment and typed changes.
        .target(
            name: "SafeguardComparison",
            dependencies: [
                "SafeguardModel",
                "SafeguardConfig",
                "SafeguardAnalysis",
                "SafeguardAssessment",
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        // The one way Safeguard's SQLite stores (audit log, workspace) bring a file's schema up to date.
        .target(
            name: "SafeguardSQLite",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // The one way Safeguard's PostgreSQL stores (audit log, workspace) read a postgres:// URL.
        .target(
            name: "SafeguardPostgres",
            dependencies: [.product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: swiftSettings
        ),
        // Cross-border request screening: decisions, audit log, transparency reports.
        .target(
            name: "SafeguardScreening",
            dependencies: [
                "SafeguardModel",
                "SafeguardSQLite",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        // Victims first: rights cards, the recourse navigator and their plain-language reports.
        .target(
            name: "SafeguardVictims",
            dependencies: [
                "SafeguardModel",
                "SafeguardAnalysis",
                "SafeguardConfig",
                "SafeguardScreening",
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        // The audit log in PostgreSQL (same AuditStore protocol; kept apart so the screening library does not
        // pull in SwiftNIO for users of the SQLite store).
        .target(
            name: "SafeguardAuditPostgres",
            dependencies: [
                "SafeguardModel",
                "SafeguardScreening",
                "SafeguardPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The one entry point from files to analyses, assessments and comparisons (CLI, benchmarks, server).
        .target(
            name: "SafeguardPipeline",
            dependencies: [
                "SafeguardModel",
                "SafeguardIngest",
                "SafeguardAnalysis",
                "SafeguardAssessment",
                "SafeguardComparison",
            ],
            swiftSettings: swiftSettings
        ),
        // The workspace's storage: organisations, people, instruments and revisions, cached analyses, reviews
        // and background jobs, in SQLite (the default) or PostgreSQL, behind one store protocol.
        .target(
            name: "SafeguardWorkspace",
            dependencies: [
                "SafeguardSQLite",
                "SafeguardPostgres",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The workspace's web app and HTTP API (Hummingbird) over the workspace store and the pipeline.
        .target(
            name: "SafeguardServer",
            dependencies: [
                "SafeguardModel",
                "SafeguardIngest",
                "SafeguardAnalysis",
                "SafeguardAssessment",
                "SafeguardComparison",
                "SafeguardPipeline",
                "SafeguardScreening",
                "SafeguardVictims",
                "SafeguardWorkspace",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Templates")],
            swiftSettings: swiftSettings
        ),
        // The thin command-line tool.
        .executableTarget(
            name: "safeguard",
            dependencies: [
                "SafeguardModel",
                "SafeguardIngest",
                "SafeguardAnalysis",
                "SafeguardAssessment",
                "SafeguardComparison",
                "SafeguardScreening",
                "SafeguardVictims",
                "SafeguardAuditPostgres",
                "SafeguardPipeline",
                "SafeguardWorkspace",
                "SafeguardServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Shared test helpers: golden files (assertGolden, SAFEGUARD_RECORD=1), repository paths, hand-built
        // instruments and analyses. A plain target under Tests/, depended on by the test targets.
        .target(
            name: "SafeguardTestSupport",
            dependencies: ["SafeguardModel", "SafeguardIngest", "SafeguardAnalysis", "SafeguardAssessment", "SafeguardScreening"],
            path: "Tests/SafeguardTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SafeguardTestSupportTests", dependencies: ["SafeguardTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "SafeguardModelTests", dependencies: ["SafeguardModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SafeguardIngestTests",
            dependencies: [
                "SafeguardIngest",
                "SafeguardModel",
                "SafeguardTestSupport",
                // Builds DOCX fixtures in the tests.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SafeguardAnalysisTests",
            dependencies: ["SafeguardAnalysis", "SafeguardIngest", "SafeguardModel", "SafeguardTestSupport"],
            exclude: ["Expectations"],  // read from the source tree by path, not bundled
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SafeguardAssessmentTests",
            dependencies: ["SafeguardAssessment", "SafeguardAnalysis", "SafeguardIngest", "SafeguardModel", "SafeguardTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SafeguardComparisonTests",
            dependencies: [
                "SafeguardComparison", "SafeguardAssessment", "SafeguardAnalysis", "SafeguardIngest", "SafeguardModel",
                "SafeguardTestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SafeguardScreeningTests",
            dependencies: [
                "SafeguardScreening", "SafeguardAuditPostgres", "SafeguardModel", "SafeguardTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SafeguardVictimsTests",
            dependencies: [
                "SafeguardVictims", "SafeguardScreening", "SafeguardAnalysis", "SafeguardIngest", "SafeguardModel",
                "SafeguardTestSupport",
            ],
            exclude: ["Golden"],  // read from the source tree by path, not bundled
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SafeguardWorkspaceTests",
            dependencies: [
                "SafeguardWorkspace", "SafeguardSQLite", "SafeguardPostgres", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SafeguardServerTests",
            dependencies: [
                "SafeguardServer", "SafeguardWorkspace", "SafeguardScreening", "SafeguardAssessment", "SafeguardModel",
                "SafeguardPipeline", .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SafeguardConfigTests",
            dependencies: ["SafeguardConfig", "SafeguardModel", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SafeguardPipelineTests",
            dependencies: ["SafeguardPipeline", "SafeguardAnalysis", "SafeguardAssessment", "SafeguardComparison", "SafeguardModel"],
            swiftSettings: swiftSettings
        ),
        // The bodies of the fuzz targets, shared by the libFuzzer entry points (Fuzz/Fuzz*, built by scripts/fuzz) and
        // the bounded mutation run that every `swift test` makes.
        .target(
            name: "SafeguardFuzzTargets",
            dependencies: ["SafeguardIngest", "SafeguardAnalysis", "SafeguardAssessment", "SafeguardScreening", "SafeguardModel"],
            path: "Fuzz/SafeguardFuzzTargets",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SafeguardFuzzTargetsTests",
            dependencies: ["SafeguardFuzzTargets", "SafeguardTestSupport", "SafeguardModel"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "safeguardTests",
            dependencies: ["safeguard", "SafeguardTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)

// Benchmarks build only on request, so CI's normal build does not pay for them
// (the same pattern Hummingbird uses): SAFEGUARD_BENCHMARKS=1 swift package benchmark
if Context.environment["SAFEGUARD_BENCHMARKS"] != nil {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"])
    )
    package.targets.append(
        .executableTarget(
            name: "SafeguardBenchmarks",
            dependencies: [
                "SafeguardModel",
                "SafeguardIngest",
                "SafeguardAnalysis",
                "SafeguardAssessment",
                "SafeguardComparison",
                "SafeguardScreening",
                "SafeguardPipeline",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SafeguardBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
    // In-process stage timings for bench/compare (one JSON report per run); no Benchmark dependency.
    package.targets.append(
        .executableTarget(
            name: "SafeguardTiming",
            dependencies: [
                "SafeguardModel",
                "SafeguardIngest",
                "SafeguardAnalysis",
                "SafeguardAssessment",
                "SafeguardComparison",
                "SafeguardScreening",
                "SafeguardPipeline",
            ],
            path: "bench/SafeguardTiming",
            swiftSettings: swiftSettings
        )
    )
}

// libFuzzer targets, one per reader and loader (see docs/reliability.md). Built only on request, with the
// fuzzer and address sanitizers, by scripts/fuzz: SAFEGUARD_FUZZ=1 swift build -c release --sanitize=fuzzer …
if Context.environment["SAFEGUARD_FUZZ"] != nil {
    let fuzzTargets = [
        "FuzzText", "FuzzHTML", "FuzzDOCX", "FuzzAKN", "FuzzPDFText", "FuzzLexicon", "FuzzFramework", "FuzzRuleSet",
        "FuzzProfile", "FuzzRequest", "FuzzBatch",
    ]
    for name in fuzzTargets {
        package.targets.append(
            .executableTarget(
                name: name, dependencies: ["SafeguardFuzzTargets"], path: "Fuzz/\(name)",
                swiftSettings: swiftSettings + [.unsafeFlags(["-parse-as-library"])])
        )
    }
}
