// swift-tools-version: 6.1
import PackageDescription

// Sluice: a columnar dataflow engine. Targets follow ../shared/DESIGN.md; imports only go downward.
let package = Package(
    name: "Sluice",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SluiceColumnar", targets: ["SluiceColumnar"]),
        .library(name: "SluiceRuntime", targets: ["SluiceRuntime"]),
        .library(name: "SluiceOperators", targets: ["SluiceOperators"]),
        .library(name: "SluiceConnectors", targets: ["SluiceConnectors"]),
        .executable(name: "sluice", targets: ["sluice"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .target(name: "CShims"),
        .target(
            name: "SluiceColumnar",
            dependencies: ["CShims"],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .target(
            name: "SluiceRuntime",
            dependencies: ["SluiceColumnar"],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .target(
            name: "SluiceOperators",
            dependencies: ["SluiceRuntime", "SluiceColumnar"],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .target(
            name: "SluiceConnectors",
            dependencies: ["SluiceRuntime", "SluiceColumnar"],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .executableTarget(
            name: "sluice",
            dependencies: [
                "SluiceColumnar",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SluiceColumnarTests", dependencies: ["SluiceColumnar", "CLZ4", "CZstd"]),
        .testTarget(name: "SluiceCLITests", dependencies: ["sluice", "SluiceColumnar"]),
        .testTarget(name: "SluiceRuntimeTests", dependencies: ["SluiceRuntime", "SluiceColumnar"]),
        .testTarget(name: "SluiceOperatorsTests", dependencies: ["SluiceOperators", "SluiceRuntime", "SluiceColumnar"]),
        .testTarget(name: "SluiceConnectorsTests",
                    dependencies: ["SluiceConnectors", "SluiceOperators", "SluiceRuntime", "SluiceColumnar"]),
    ],
    swiftLanguageModes: [.v6]
)
