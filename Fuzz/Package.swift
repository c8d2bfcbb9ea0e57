// swift-tools-version: 6.1
// A libFuzzer target for apmrisk's model loader, in its own package so the main build never sees it (it has no
// main: libFuzzer provides one). Build and run with Fuzz/run.sh.
import PackageDescription

let package = Package(
    name: "APMRiskFuzz",
    dependencies: [.package(name: "apmrisk", path: "../")],
    targets: [
        .executableTarget(
            name: "ModelLoaderFuzzer",
            dependencies: [.product(name: "APMRiskKit", package: "apmrisk")]
        )
    ]
)
