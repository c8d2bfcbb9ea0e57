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
        .target(
            name: "APMRiskKit",
            dependencies: [
                "CGSL",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
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
            exclude: ["Model/BadModels", "Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
