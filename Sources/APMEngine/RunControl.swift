import Synchronization
import APMContracts
import APMSampling
import APMSupport

/// How a caller steers a long run: a stop request (Ctrl-C), progress reports, and a precision target that ends
/// the run early. The trial loop reads only the stop flag (every trial, every 256 units); the rest is consulted between
/// rounds of blocks.
public final class RunControl: Sendable {
    private let stop = Atomic<Bool>(false)
    /// Called on the engine's thread after every round with (trials done, trials at most).
    public let progress: (@Sendable (Int, Int) -> Void)?
    /// Ends the run at the first checkpoint where it is met.
    package let precision: (any StoppingRule)?

    /// Called on the engine's thread with every merged block, in block order, and the global index of its first
    /// trial: the per-trial export (`--trials-out`) reads the block's trial records there.
    package let trialRecords: (@Sendable (BlockSlot, Int) throws -> Void)?

    package init(progress: (@Sendable (Int, Int) -> Void)? = nil, precision: (any StoppingRule)? = nil,
                 trialRecords: (@Sendable (BlockSlot, Int) throws -> Void)? = nil) {
        self.progress = progress
        self.precision = precision
        self.trialRecords = trialRecords
    }

    /// Asks the run to stop at the next block boundary (safe from a signal handler's dispatch source).
    public func requestStop() { stop.store(true, ordering: .relaxed) }

    public var isStopRequested: Bool { stop.load(ordering: .relaxed) }
}

/// A rule that ends a run early once its figure is precise enough (`PrecisionTarget`, in the risk layer, is the
/// one apmrisk uses). The engine asks it only at its checkpoints, which must depend on the block count alone, so
/// where a run stops never depends on the thread count.
package protocol StoppingRule: Sendable {
    /// The lowest VaR/TVaR level the rule reads, whose exact tail the run must keep; nil when it reads none.
    var tailLevel: Double? { get }
    /// The next block count to check at, after a check at `blocks` (0 before the first).
    func nextCheckpoint(after blocks: Int) -> Int
    /// Whether the run may stop with the blocks merged so far in `accumulator`.
    func isMet(_ accumulator: MarginAccumulator, blocks: Int, blockTrials: Int, revenue: Double) -> Bool
    /// Whether an importance-sampled run may stop with the weighted trials merged so far.
    func isMet(_ weighted: WeightedTrials, revenue: Double) -> Bool
}
