// swift-tools-version: 6.1
// libFuzzer targets for apmrisk, in their own package so the main build never sees them (they have no main:
// libFuzzer provides one). Build and run with Fuzz/run.sh.
//   ModelLoaderFuzzer — any bytes as a model file.
//   OptionsFuzzer     — any bytes as a command line: the tool's own sources (Sources/apmrisk, linked in through
//                       the symlink Sources/OptionsFuzzer/apmrisk) compiled with APMRISK_FUZZ, which drops their
//                       @main so this target's entry point can hand control to libFuzzer.
import PackageDescription

let package = Package(
    name: "APMRiskFuzz",
    dependencies: [
        .package(name: "apmrisk", path: "../"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .executableTarget(
            name: "ModelLoaderFuzzer",
            dependencies: [.product(name: "APMRiskKit", package: "apmrisk")]
        ),
        .executableTarget(
            name: "OptionsFuzzer",
            dependencies: [
                .product(name: "APMRiskKit", package: "apmrisk"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.define("APMRISK_FUZZ")]
        ),
    ]
)
