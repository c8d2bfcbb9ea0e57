import Foundation

// apmrisk-mpi's entry point: MPI around apmrisk's own command line (Sources/apmrisk, compiled with APMRISK_MPI).
do {
    MPIRanks.world = try MPIRanks.start()
} catch {
    FileHandle.standardError.write(Data("apmrisk-mpi: error: \(error)\n".utf8))
    exit(2)
}
APMRisk.main()
MPIRanks.finish()
