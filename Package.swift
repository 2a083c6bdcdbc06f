// swift-tools-version: 6.1
import PackageDescription

// Sluice: a columnar dataflow engine. Targets follow ../shared/DESIGN.md; imports only go downward.
let package = Package(
    name: "Sluice",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SluiceColumnar", targets: ["SluiceColumnar"]),
        .library(name: "SluiceStorage", targets: ["SluiceStorage"]),
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
            name: "SluiceStorage",
            dependencies: ["SluiceColumnar", "CLZ4", "CZstd", "CShims"],
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
        .testTarget(name: "SluiceStorageTests", dependencies: ["SluiceStorage", "SluiceColumnar"]),
        .testTarget(name: "SluiceCLITests", dependencies: ["sluice", "SluiceColumnar"]),
    ],
    swiftLanguageModes: [.v6]
)
