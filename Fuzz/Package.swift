// swift-tools-version: 6.1
// libFuzzer targets for apmrisk, in their own package so the main build never sees them (they have no main:
// libFuzzer provides one). Build and run with Fuzz/run.sh.
//   ModelLoaderFuzzer — any bytes as a model file.
//   OptionsFuzzer     — any bytes as a command line: the tool's own sources (Sources/apmrisk, linked in through
//                       the symlink Sources/OptionsFuzzer/apmrisk) compiled with APMRISK_FUZZ, which drops their
//                       @main so this target's entry point can hand control to libFuzzer.
import Foundation
import PackageDescription

// OptionsFuzzer compiles the tool's sources, which use the main package's `package` declarations, so it is compiled
// under the main package's name (SwiftPM derives it from the folder's name), as MPI/Package.swift does.
let mainFolder = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent.lowercased()
let mainPackageName = (mainFolder.first?.isNumber == true ? "_" : "")
    + String(mainFolder.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })

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
            packageAccess: false,
            swiftSettings: [.define("APMRISK_FUZZ"), .unsafeFlags(["-package-name", mainPackageName])]
        ),
    ]
)
