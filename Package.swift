// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "apmrisk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "apmrisk", targets: ["apmrisk"]),
        .library(name: "APMRiskKit", targets: ["APMRiskKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // The only target that includes GSL headers (pkg-config "gsl", Debian's libgsl-dev).
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        // The library, one target per layer; dependencies run one way, so a backwards import fails to build.
        // Each target's README says what it owns and what it may import.
        .target(name: "APMSupport", dependencies: [], exclude: ["README.md"]),
        .target(name: "APMSampling", dependencies: ["CGSL", "APMSupport"], exclude: ["README.md"]),
        .target(name: "APMFit", dependencies: ["APMSupport", "APMSampling"], exclude: ["README.md"]),
        .target(name: "APMContracts", dependencies: ["APMSupport", "APMSampling"], exclude: ["README.md"]),
        .target(name: "APMEngine", dependencies: ["APMSupport", "APMSampling", "APMContracts"], exclude: ["README.md"]),
        .target(name: "APMRisk", dependencies: ["APMSupport", "APMSampling", "APMEngine"], exclude: ["README.md"]),
        .target(name: "APMAnalysis", dependencies: ["APMSupport", "APMSampling", "APMContracts", "APMEngine", "APMRisk"], exclude: ["README.md"]),
        .target(name: "APMModel", dependencies: ["APMSupport", "APMSampling", "APMFit", "APMContracts", "APMEngine", "APMAnalysis", .product(name: "Yams", package: "Yams")], exclude: ["README.md"]),
        .target(name: "APMBench", dependencies: ["APMSupport", "APMSampling", "APMEngine", "APMRisk", "APMAnalysis", "APMModel"], exclude: ["README.md"]),
        .target(name: "APMOutput", dependencies: ["APMSupport", "APMSampling", "APMFit", "APMContracts", "APMEngine", "APMRisk", "APMAnalysis", "APMModel", "APMBench"], exclude: ["README.md"]),
        .target(name: "APMReport", dependencies: ["APMSupport", "APMSampling", "APMFit", "APMContracts", "APMEngine", "APMRisk", "APMAnalysis", "APMModel", "APMBench", "APMOutput"], exclude: ["README.md"]),
        // The umbrella the command-line tool, tests, benchmarks and fuzzers import: re-exports every layer.
        .target(name: "APMRiskKit", dependencies: ["APMSupport", "APMSampling", "APMFit", "APMContracts", "APMEngine", "APMRisk", "APMAnalysis", "APMModel", "APMBench", "APMOutput", "APMReport"], exclude: ["README.md"]),
        .executableTarget(
            name: "apmrisk",
            dependencies: [
                "APMRiskKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "APMRiskKitTests",
            dependencies: ["APMRiskKit", "CGSL"],
            exclude: ["Model/BadModels", "Model/EmpiricalData", "Portfolio/BadPortfolios", "Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
