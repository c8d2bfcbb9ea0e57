import Dispatch
import APMContracts
import APMSampling

/// The merged result of a portfolio run: the total's outcome and each line's, over the same trials.
public struct PortfolioOutcome: Sendable {
    /// The total M = Σᵢ Mᵢ. Its breakdown and tail records carry, per trial, first each line's margin (named by
    /// the line) and then every line's components (named `line: component`), so that E[· | the total's worst
    /// trials] allocates the total's tail to the lines and to their components over exactly the trials the
    /// total's TVaR averages.
    public var total: SimulationOutcome
    /// Each line's own outcome (its breakdown and tail records as a model run alone would keep them).
    public var lines: [SimulationOutcome]
    /// Every trial's margin of each line, in trial order (`lineMargins[i][t]`), when the run was asked to keep
    /// them (the diversification benefit's standard error reads them).
    public var lineMargins: [[Double]]?
    /// Every trial's totals of the line asked for (`PortfolioEngine.run`'s `keepingLedgerOf`), to re-settle it.
    public var ledger: TrialLedger?
}

/// Runs a `PortfolioJob` on all requested cores, as `Engine` runs a model: the same blocks, rounds, atomic
/// claims and in-order merge, so the outcome is bit-identical for any thread count.
///
/// One trial draws the shared Θ and the catastrophe's uniform once, from the portfolio's own streams keyed by
/// (seed, trial, purpose) with no salt — the same streams a model run alone draws them from — and then each
/// line's own quantities from the line's streams, salted by the hash of its name (`StreamKey.lineSalt`). A
/// worker fills one block line by line (each line's `TrialSimulator.fill`, given the block's shared draws),
/// then the total's margins Σᵢ Mᵢ, summed in line order.
public enum PortfolioEngine {
    /// `keepingLedgerOf`: the index of a line whose every trial's totals to keep (a price solved for one line).
    public static func run(_ job: PortfolioJob, keepingLineMargins: Bool = false, keepingLedgerOf ledgerLine: Int? = nil,
                           control: RunControl? = nil, convergenceLevel: Double? = nil,
                           exceedanceLosses: [Double] = []) throws -> PortfolioOutcome {
        precondition(job.trials > 0 && job.threads > 0 && !job.lines.isEmpty)
        let start = DispatchTime.now().uptimeNanoseconds
        let blockTrials = job.blockTrials, trials = job.trials
        let blockCount = (trials + blockTrials - 1) / blockTrials
        let threads = min(job.threads, blockCount)
        let slots = min(blockCount, 8 * threads)
        let lineJobs = job.lines.map(\.job)
        let simulators = job.lines.map {
            TrialSimulator(job: $0.job, sharedLoading: $0.beta, sharedFactor: job.systematicFactor)
        }
        let lineSpaces = lineJobs.map { RoundWorkspace(slots: slots, blockTrials: blockTrials, workers: threads, job: $0) }
        let names = totalComponentNames(job)
        let totalSpace = RoundWorkspace(slots: slots, blockTrials: blockTrials, componentCount: names.count,
                                        eventCount: 0, workers: [])
        let shared = SharedWorkspace(job: job, slots: slots, workers: threads)

        var total = MarginAccumulator(trials: trials, lowTailFraction: job.lowTailFraction,
                                      breakdown: MarginBreakdown(componentNames: names),
                                      convergenceLevel: convergenceLevel, exceedanceLosses: exceedanceLosses)
        var lines = lineJobs.map {
            MarginAccumulator(trials: trials, lowTailFraction: job.lowTailFraction, contract: $0.contract,
                              convergenceLevel: convergenceLevel, exceedanceLosses: exceedanceLosses)
        }
        var lineMargins: [[Double]]? = keepingLineMargins ? job.lines.map { _ in
            var a: [Double] = []
            a.reserveCapacity(trials)
            return a
        } : nil

        var ledger = ledgerLine.map { TrialLedger(blockTrials: blockTrials, capacity: trials, contract: lineJobs[$0].contract) }
        var firstBlock = 0, trialsDone = 0
        var interrupted = false
        while firstBlock < blockCount {
            let roundBlocks = min(slots, blockCount - firstBlock)
            let roundStart = firstBlock
            totalSpace.resetClaims()
            DispatchQueue.concurrentPerform(iterations: min(threads, roundBlocks)) { worker in
                while true {
                    let slot = totalSpace.claim()
                    guard slot < roundBlocks else { break }
                    let block = roundStart + slot
                    let count = min(blockTrials, trials - block * blockTrials)
                    let first = job.firstTrial + block * blockTrials
                    let draws = shared.fill(slot: slot, count: count, firstTrial: first, worker: worker)
                    var complete = true
                    for (i, space) in lineSpaces.enumerated() where complete {
                        let lineSlot = space.slot(slot, count: count)
                        complete = simulators[i].fill(lineSlot, firstTrial: first, using: space.samplers(worker: worker),
                                                      stop: control, shared: draws)
                        space.setSummary(complete ? BlockSummary(slot: lineSlot) : nil, slot: slot)
                    }
                    let totalSlot = totalSpace.slot(slot, count: count)
                    if complete { sum(lineSpaces.map { $0.slot(slot, count: count) }, into: totalSlot) }
                    totalSpace.setSummary(complete ? BlockSummary(slot: totalSlot) : nil, slot: slot)
                }
            }
            var merged = roundBlocks
            for slot in 0..<roundBlocks {
                guard let summary = totalSpace.summary(slot: slot) else {
                    merged = slot
                    break
                }
                let block = roundStart + slot
                let count = min(blockTrials, trials - block * blockTrials)
                let first = job.firstTrial + block * blockTrials
                try total.add(block: block, slot: totalSpace.slot(slot, count: count), firstTrial: first, summary: summary)
                for (i, space) in lineSpaces.enumerated() {
                    let lineSlot = space.slot(slot, count: count)
                    try lines[i].add(block: block, slot: lineSlot, firstTrial: first, summary: space.summary(slot: slot)!)
                    lineMargins?[i].append(contentsOf: lineSlot.margins)
                    if i == ledgerLine { ledger?.append(lineSlot) }
                }
                trialsDone += count
            }
            firstBlock += merged
            control?.progress?(trialsDone, trials)
            if let control, control.isStopRequested, firstBlock < blockCount || merged < roundBlocks {
                interrupted = true
                break
            }
        }
        if trialsDone == 0 { throw SimulationError.interruptedBeforeFirstBlock(blockTrials: blockTrials) }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        func outcome(_ a: inout MarginAccumulator) -> SimulationOutcome {
            let orderStatistics = a.finish()
            var o = SimulationOutcome(trials: trialsDone, moments: a.moments, losses: a.losses,
                                      orderStatistics: orderStatistics, blockTrials: blockTrials, blocks: firstBlock,
                                      threads: threads, elapsedSeconds: elapsed, trialsRequested: trials,
                                      interrupted: interrupted)
            o.breakdown = a.breakdown
            o.histogram = a.histogram
            o.convergence = a.checkpoints
            o.exceedanceCounts = a.exceedanceCounts
            o.tailTrials = a.tailTrials()
            return o
        }
        let totalOutcome = outcome(&total)
        let lineOutcomes = lines.indices.map { outcome(&lines[$0]) }
        return PortfolioOutcome(total: totalOutcome, lines: lineOutcomes, lineMargins: lineMargins, ledger: ledger)
    }

    /// The total's components: each line's margin, then each line's components as `line: component`.
    package static func totalComponentNames(_ job: PortfolioJob) -> [String] {
        job.lines.map(\.name) + job.lines.flatMap { line in
            line.job.contract.componentNames.map { "\(line.name): \($0)" }
        }
    }

    /// The total's trials: M = Σᵢ Mᵢ in line order, its components each line's margin and then every line's
    /// components.
    private static func sum(_ lines: [BlockSlot], into total: BlockSlot) {
        let n = total.count
        for t in 0..<n {
            var m = 0.0
            for line in lines { m += line.margins[t] }
            total.margins[t] = m
        }
        var k = 0
        for line in lines {
            for t in 0..<n { total.components[k * n + t] = line.margins[t] }
            k += 1
        }
        for line in lines {
            for c in 0..<line.componentCount {
                for t in 0..<n { total.components[k * n + t] = line.components[c * n + t] }
                k += 1
            }
        }
    }
}

/// The portfolio's own draws: per worker its unsalted streams for Θ and the catastrophe and its copy of Θ's
/// sampler, and per slot the block's shared draws. `@unchecked Sendable` as `RoundWorkspace` is: a slot is
/// written only by the worker that claimed it, a worker's streams only by that worker.
private final class SharedWorkspace: @unchecked Sendable {
    private let draws: UnsafeMutableBufferPointer<SharedDraws>
    private let blockTrials: Int
    private let streams: [TrialStreams]
    private let factors: [CostSampler?]
    private let catastrophe: Catastrophe?

    init(job: PortfolioJob, slots: Int, workers: Int) {
        blockTrials = job.blockTrials
        draws = .allocate(capacity: slots * blockTrials)
        draws.initialize(repeating: .none)
        streams = (0..<workers).map { _ in
            TrialStreams(generator: job.generator, seed: job.seed, purposes: job.sharedPurposes)
        }
        factors = (0..<workers).map { _ in job.systematicFactor.map(CostSampler.init) }
        catastrophe = job.catastrophe
    }

    deinit { draws.deallocate() }

    /// Draws the shared Θ and catastrophe of the `count` trials of `slot` from global trial `firstTrial` on.
    func fill(slot: Int, count: Int, firstTrial: Int, worker: Int) -> UnsafePointer<SharedDraws> {
        let out = draws.baseAddress! + slot * blockTrials
        let s = streams[worker], factor = factors[worker]
        let theta = s.stream(.systematicFactor).handle, event = s.stream(.catastrophe).handle
        for t in 0..<count {
            s.key(trial: firstTrial + t)
            let value = factor?.sample(theta) ?? 1
            var multiplier = 1.0
            if let catastrophe, event.bernoulli(catastrophe.probability) { multiplier = catastrophe.multiplier }
            out[t] = SharedDraws(theta: value, multiplier: multiplier)
        }
        return UnsafePointer(out)
    }
}
