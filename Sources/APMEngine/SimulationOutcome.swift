import APMContracts
import APMSampling
import APMSupport

/// The merged result of a run, before metrics are derived from it.
public struct SimulationOutcome: Sendable {
    public let trials: Int
    /// Moments of the margin M (dollars).
    public let moments: Moments
    /// Trials with M < 0.
    public let losses: Int
    /// Exact order statistics of M, as far as they were kept.
    public let orderStatistics: OrderStatistics
    public let blockTrials: Int
    public let blocks: Int
    public let threads: Int
    /// Wall-clock seconds of the simulation (not of loading or output).
    public let elapsedSeconds: Double
    /// The trials asked for (or the most a precision target allowed); `trials` may be fewer.
    public var trialsRequested: Int
    /// True when the run was stopped (Ctrl-C, SIGTERM) before `trialsRequested`: the figures are partial.
    public var interrupted: Bool
    /// The margin's components and events (nil for outcomes built without them).
    public var breakdown: MarginBreakdown?
    /// Every margin, binned, merged in block order (`MarginHistogram`); empty when the path that made this
    /// outcome did not keep one (a re-settled trial ledger).
    public var histogram = MarginHistogram()
    /// The merged state at 1, 2, 4, … blocks and after the last (`ConvergenceCheckpoint`), when the run was
    /// asked for a convergence trace; empty otherwise.
    public var convergence: [ConvergenceCheckpoint] = []
    /// #{M < −x}, exactly, for each loss x the run was asked to count (`Engine.run`'s `exceedanceLosses`).
    public var exceedanceCounts: [Double: Int] = [:]
    /// The records of the worst trials — margin, trial index, components — for the tail breakdown (nil for
    /// outcomes built without components, and for the snapshots a precision target checks).
    public var tailTrials: TailTrials?
    /// Under importance sampling, the tilt the trials were drawn under and every trial with its weight
    /// (`WeightedTrials`): the figures must then be the weighted ones. nil for an untilted run.
    public var tilt: Tilt?
    public var weighted: WeightedTrials?

    public init(trials: Int, moments: Moments, losses: Int, orderStatistics: OrderStatistics, blockTrials: Int,
                blocks: Int, threads: Int, elapsedSeconds: Double, trialsRequested: Int? = nil, interrupted: Bool = false) {
        self.trials = trials
        self.moments = moments
        self.losses = losses
        self.orderStatistics = orderStatistics
        self.blockTrials = blockTrials
        self.blocks = blocks
        self.threads = threads
        self.elapsedSeconds = elapsedSeconds
        self.trialsRequested = trialsRequested ?? trials
        self.interrupted = interrupted
    }
}

/// A run that cannot give meaningful figures.
public enum SimulationError: Error, Equatable, CustomStringConvertible {
    case nonFiniteMargin(block: Int)
    /// A stop request arrived before the first block was complete: there are no figures to report.
    case interruptedBeforeFirstBlock(blockTrials: Int)

    public var description: String {
        switch self {
        case let .nonFiniteMargin(block):
            return "simulation: a trial margin was not finite (NaN or infinite, first in block \(block)); "
                + "a cost distribution with an infinite mean (Pareto shape ≤ 1) or costs beyond 1e308 are the likely cause"
        case let .interruptedBeforeFirstBlock(blockTrials):
            return "simulation: interrupted before the first block of \(blockTrials) trials was complete; no figures to report"
        }
    }
}
