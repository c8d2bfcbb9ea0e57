import APMRiskKit
import CMPI

/// This process's place among the MPI ranks of `mpirun`, and the one exchange apmrisk-mpi needs: every rank's
/// shard file, gathered at rank 0. Every MPI call of the tool is here (and in CMPI's shim).
struct MPIRanks: Sendable {
    /// This rank, 0 ..< size.
    let rank: Int
    /// K, the number of ranks.
    let size: Int

    /// The ranks of this run, once `start` has run (one rank of one before).
    nonisolated(unsafe) static var world = MPIRanks(rank: 0, size: 1)

    /// Bytes a message carries at most (MPI counts are C ints): a shard file goes in pieces of this size.
    static let pieceBytes = 1 << 30

    /// Initialises MPI and finds this rank.
    static func start() throws -> MPIRanks {
        try check(apm_mpi_init(), "MPI_Init")
        var rank: Int32 = 0, size: Int32 = 0
        try check(apm_mpi_rank(&rank), "MPI_Comm_rank")
        try check(apm_mpi_size(&size), "MPI_Comm_size")
        return MPIRanks(rank: Int(rank), size: Int(size))
    }

    static func finish() { _ = apm_mpi_finalize() }

    /// Every rank's `bytes`, in rank order, at rank 0; nil at the other ranks (once they are sent). Each is sent as
    /// its length, then pieces of at most `pieceBytes`; rank 0 receives rank by rank, in order.
    func gather(_ bytes: [UInt8]) throws -> [[UInt8]]? {
        guard rank == 0 else {
            try Self.check(apm_mpi_send_int64(Int64(bytes.count), 0, 1), "MPI_Send")
            try bytes.withUnsafeBytes { all in
                for start in stride(from: 0, to: all.count, by: Self.pieceBytes) {
                    let piece = UnsafeRawBufferPointer(rebasing: all[start..<min(start + Self.pieceBytes, all.count)])
                    try Self.check(apm_mpi_send_bytes(piece.baseAddress, Int32(piece.count), 0, 2), "MPI_Send")
                }
            }
            return nil
        }
        var out = [bytes]
        for from in 1..<max(size, 1) {
            var count: Int64 = 0
            try Self.check(apm_mpi_recv_int64(&count, Int32(from), 1), "MPI_Recv")
            guard count >= 0 else { throw CommandFailure(message: "MPI: rank \(from) sent a negative length") }
            var received = [UInt8](repeating: 0, count: Int(count))
            try received.withUnsafeMutableBytes { all in
                for start in stride(from: 0, to: all.count, by: Self.pieceBytes) {
                    let piece = UnsafeMutableRawBufferPointer(rebasing: all[start..<min(start + Self.pieceBytes, all.count)])
                    try Self.check(apm_mpi_recv_bytes(piece.baseAddress, Int32(piece.count), Int32(from), 2), "MPI_Recv")
                }
            }
            out.append(received)
        }
        return out
    }

    private static func check(_ code: Int32, _ call: String) throws {
        guard code == apm_mpi_success() else { throw CommandFailure(message: "MPI: \(call) failed (error \(code))") }
    }
}

extension Simulate {
    /// `apmrisk-mpi simulate`: rank r of K runs shard r/K in memory and serialises it as a shard file; rank 0
    /// gathers the K files, merges them as `apmrisk merge` does and writes the output in `--format` to `--output`.
    func runRanks(_ world: MPIRanks) throws {
        if shard != nil {
            throw ModelError(field: "--shard", rule: "cannot go with apmrisk-mpi: rank r of K runs shard r/K itself")
        }
        try refuseWhatCannotBeSharded(by: "apmrisk-mpi", writingShardFile: false)
        let destination = world.rank == 0 ? try OutputDestination(path: options.output, inputs: [model]) : nil
        let activity = world.rank == 0
            ? Activity(command: "simulate", quiet: progress.quiet, step: "simulating shard 0/\(world.size)") : nil
        let file = try shardFile(Shard(index: world.rank, count: world.size), activity: activity)
        _ = activity?.stop()
        guard let all = try world.gather(file.encoded()), let destination else { return }
        let (simulation, record) = try ShardMerge.merge(names: (0..<world.size).map { "rank \($0)'s shard" }) { all[$0] }
        try destination.write(try options.reportFormat.render(simulation, record: record))
    }
}
