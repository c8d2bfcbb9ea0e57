// swift-tools-version: 6.1
// apmrisk-mpi: apmrisk's `simulate` on Open MPI, in its own package so the main build and `swift test` never
// need MPI. `mpirun -np K apmrisk-mpi simulate MODEL [options]`: rank r runs shard r/K of the run in memory,
// serialises it in the shard-file format, rank 0 gathers the K shards, merges them (ShardMerge) and writes the
// output — bit-identical to `apmrisk simulate MODEL [options]` but for the run record's timing.
//
// The tool's own sources (Sources/apmrisk, linked in through the symlink Sources/apmrisk-mpi/apmrisk) are
// compiled with APMRISK_MPI, which drops their @main and routes `simulate` to the ranks (MPIRanks.swift); every
// MPI call and C pointer is in this package (CMPI's shim, MPIRanks). Build and check with scripts/mpi-check.sh.
import Foundation
import PackageDescription

// The tool's sources use the main package's `package` declarations (RunControl, BlockSlot, …), so they are compiled
// under the main package's name, which SwiftPM derives from its folder's name as it does for every package.
let mainFolder = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent.lowercased()
let mainPackageName = (mainFolder.first?.isNumber == true ? "_" : "")
    + String(mainFolder.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })

let package = Package(
    name: "APMRiskMPI",
    dependencies: [
        .package(name: "apmrisk", path: "../"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Open MPI's C API (pkg-config "ompi-c", Debian's libopenmpi-dev), through a shim of inline functions:
        // MPI_COMM_WORLD and the datatypes are macros Swift cannot import.
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
        .executableTarget(
            name: "apmrisk-mpi",
            dependencies: [
                "CMPI",
                .product(name: "APMRiskKit", package: "apmrisk"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // SwiftPM would name this package's own (`mpi`) after the flags; with package access off it names none.
            packageAccess: false,
            swiftSettings: [.define("APMRISK_MPI"), .unsafeFlags(["-package-name", mainPackageName])]
        ),
    ]
)
