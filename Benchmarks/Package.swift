// swift-tools-version: 6.1
import Foundation
import PackageDescription

// Benchmarks for Sluice, kept in their own package so that building and testing the engine does not
// build the benchmark framework. Run with `cd Benchmarks && swift package benchmark` (see README.md).

// A path dependency's identity is its folder name, which differs between checkouts.
let sluiceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let sluiceIdentity = sluiceRoot.lastPathComponent.lowercased()

let package = Package(
    name: "SluiceBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ColumnarKernels",
            dependencies: [
                .product(name: "SluiceColumnar", package: sluiceIdentity),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ColumnarKernels",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Nexmark",
            dependencies: [
                .product(name: "SluiceConnectors", package: sluiceIdentity),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Nexmark",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "RuntimeJobs",
            dependencies: [
                .product(name: "Sluice", package: sluiceIdentity),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/RuntimeJobs",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SQL",
            dependencies: [
                .product(name: "Sluice", package: sluiceIdentity),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SQL",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "StateStorage",
            dependencies: [
                .product(name: "SluiceColumnar", package: sluiceIdentity),
                .product(name: "SluiceStorage", package: sluiceIdentity),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/StateStorage",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "TimeWindows",
            dependencies: [
                .product(name: "SluiceColumnar", package: sluiceIdentity),
                .product(name: "SluiceRuntime", package: sluiceIdentity),
                .product(name: "SluiceOperators", package: sluiceIdentity),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/TimeWindows",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
