// swift-tools-version: 6.1
import PackageDescription

// Sluice: a columnar dataflow engine. Targets follow ../shared/DESIGN.md; imports only go downward.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "Sluice",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Sluice", targets: ["Sluice"]),
        .library(name: "SluiceColumnar", targets: ["SluiceColumnar"]),
        .library(name: "SluiceStorage", targets: ["SluiceStorage"]),
        .library(name: "SluiceRuntime", targets: ["SluiceRuntime"]),
        .library(name: "SluiceOperators", targets: ["SluiceOperators"]),
        .library(name: "SluiceConnectors", targets: ["SluiceConnectors"]),
        .library(name: "SluiceSQL", targets: ["SluiceSQL"]),
        .executable(name: "sluice", targets: ["sluice"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .target(name: "CShims"),
        .target(name: "SluiceColumnar", dependencies: ["CShims"], swiftSettings: strict),
        .target(
            name: "SluiceStorage",
            dependencies: ["SluiceColumnar", "CLZ4", "CZstd", "CShims"],
            swiftSettings: strict
        ),
        .target(name: "SluiceRuntime", dependencies: ["SluiceColumnar", "SluiceStorage"], swiftSettings: strict),
        .target(name: "SluiceOperators", dependencies: ["SluiceRuntime", "SluiceColumnar", "SluiceStorage"], swiftSettings: strict),
        .target(name: "SluiceConnectors", dependencies: ["SluiceRuntime", "SluiceColumnar", "CShims"], swiftSettings: strict),
        // Flink-dialect SQL: lexer, parser, catalog, binder, planner, optimizer, EXPLAIN.
        .target(
            name: "SluiceSQL",
            dependencies: ["SluiceColumnar", "SluiceRuntime", "SluiceOperators", "SluiceConnectors"],
            swiftSettings: strict
        ),
        // The facade most users import: StreamEnvironment and the DataStream API.
        .target(
            name: "Sluice",
            dependencies: ["SluiceColumnar", "SluiceStorage", "SluiceRuntime", "SluiceOperators", "SluiceConnectors", "SluiceSQL"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "sluice",
            dependencies: [
                "Sluice",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Seeded generators and other helpers shared by the test targets (never linked into the engine).
        .target(name: "SluiceTestSupport", path: "Tests/SluiceTestSupport"),
        .testTarget(name: "SluiceColumnarTests", dependencies: ["SluiceColumnar", "SluiceTestSupport", "CLZ4", "CZstd"]),
        .testTarget(name: "SluiceStorageTests", dependencies: ["SluiceStorage", "SluiceColumnar", "SluiceTestSupport"]),
        .testTarget(name: "SluiceRuntimeTests", dependencies: ["SluiceRuntime", "SluiceColumnar"]),
        .testTarget(name: "SluiceOperatorsTests", dependencies: ["SluiceOperators", "SluiceRuntime", "SluiceColumnar", "SluiceStorage"]),
        .testTarget(
            name: "SluiceConnectorsTests",
            dependencies: ["SluiceConnectors", "SluiceOperators", "SluiceRuntime", "SluiceColumnar"]
        ),
        .testTarget(
            name: "SluiceSQLTests",
            dependencies: ["SluiceSQL", "SluiceColumnar", "SluiceRuntime", "SluiceTestSupport"],
            resources: [.copy("Resources")]
        ),
        .testTarget(name: "SluiceTests", dependencies: ["Sluice"]),
        .testTarget(name: "SluiceCLITests", dependencies: ["sluice", "Sluice"]),
    ],
    swiftLanguageModes: [.v6]
)
