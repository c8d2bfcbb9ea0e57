// swift-tools-version: 6.1
// Throughput benchmarks for apmrisk with ordo-one/package-benchmark, kept in their own package so the main
// build and `swift test` do not compile the benchmark tooling. Run from this folder:
//   swift package benchmark                       # all suites
//   swift package benchmark --target Sampling     # one suite
import PackageDescription

let package = Package(
    name: "APMRiskBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "apmrisk", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: ["Sampling", "Settlement", "SimulationBlock"].map { suite in
        .executableTarget(
            name: suite,
            dependencies: [
                .product(name: "APMRiskKit", package: "apmrisk"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/\(suite)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    }
)
