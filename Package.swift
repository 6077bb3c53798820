// swift-tools-version:6.2
import PackageDescription

/// Strictness shared by every target of ours (see docs in README, "Conventions").
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .treatAllWarnings(as: .error),
]

// The layers, each importing only those below it (README, "Architecture"; checked in CI by
// scripts/check-layers.sh):
//
//   FeedModel                      value types only
//   FeedSources, FeedTagging       fetch + parse; tag
//   FeedStore                      persistence protocols
//   FeedStoreSQLite                the embedded store
//   FeedKit                        the pipeline, digest, watch, search
//   bmfeed                         commands
let package = Package(
    name: "bmfeed",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "bmfeed", targets: ["bmfeed"]),
        .library(name: "FeedKit", targets: ["FeedKit"]),
        .library(name: "FeedKitTesting", targets: ["FeedKitTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
    ],
    targets: [
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", providers: [.apt(["libzstd-dev"])]),
        .target(name: "FeedModel", swiftSettings: strict),
        .target(
            name: "FeedSources",
            dependencies: ["FeedModel", "CLibXML2", "CZlib", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(
            name: "FeedTagging",
            dependencies: ["FeedModel", .product(name: "Yams", package: "Yams")],
            // Optimised in debug builds too: the tests tag tens of thousands of records and read
            // the 20,000-gene list, which unoptimised takes 3 s a process instead of 0.25 s.
            swiftSettings: strict + [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "FeedStore", dependencies: ["FeedModel"], swiftSettings: strict),
        .target(
            name: "FeedStoreSQLite",
            dependencies: ["FeedStore", "FeedModel", "CZlib", "CZstd", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .target(
            name: "FeedKit",
            dependencies: [
                "FeedModel", "FeedSources", "FeedTagging", "FeedStore", "FeedStoreSQLite",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(
            name: "FeedKitTesting",
            dependencies: [
                "FeedKit", "FeedModel", "FeedStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strict),
        .executableTarget(
            name: "bmfeed",
            dependencies: [
                "FeedKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(name: "FeedModelTests", dependencies: ["FeedModel"], swiftSettings: strict),
        .testTarget(
            name: "FeedSourcesTests",
            dependencies: ["FeedSources", "FeedModel", "FeedKitTesting"],
            swiftSettings: strict),
        .testTarget(name: "FeedTaggingTests", dependencies: ["FeedTagging", "FeedModel", "FeedKitTesting"], swiftSettings: strict),
        .testTarget(
            name: "FeedStoreSQLiteTests",
            dependencies: [
                "FeedStoreSQLite", "FeedStore", "FeedModel", "FeedSources", "FeedKitTesting", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "FeedKitTests",
            dependencies: [
                "FeedKit", "FeedKitTesting", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "bmfeedTests",
            dependencies: ["bmfeed", "FeedKit", "FeedKitTesting"],
            swiftSettings: strict),
    ]
)

// Fuzz targets (libFuzzer), declared only for scripts/fuzz.sh, which sets BMFEED_FUZZ and builds
// them with -sanitize=fuzzer in their own build folder; ordinary builds never see them.
if Context.environment["BMFEED_FUZZ"] != nil {
    package.targets += [
        .target(name: "CFuzzDriver", path: "Fuzz/CFuzzDriver"),
        .executableTarget(name: "BMFeedFuzz", dependencies: ["CFuzzDriver", "FeedKitTesting"], path: "Fuzz/BMFeedFuzz"),
    ]
}
