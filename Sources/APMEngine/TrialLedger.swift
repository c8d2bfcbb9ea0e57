import APMContracts
import APMSampling

/// Every trial's totals (`TrialTotals`: unit count, costs gross / capped / retained, Θ, quality scores, exposure
/// and scored exposure), in trial order: the common random numbers of a run, 88 bytes a trial.
///
/// A trial's totals depend only on the draws and on the contract's units, unit terms, quality score and member
/// model; the aggregate terms (a price, a PMPM, a benchmark, sharing rates, limits, corridors, gates, a payment
/// score's κ, NF and a) act on the totals.
/// So the trials may be settled again under a contract whose aggregate terms differ — giving exactly the
/// margins a fresh run with the same seed would — and under no other: `outcome(under:)` refuses a contract that
/// would draw other totals (`Contract.drawsTheSameTrials`), so the invariant cannot break silently.
public struct TrialLedger: Sendable {
    public let blockTrials: Int
    /// The global index of the first trial (0 for a whole run; a batch's first trial for a part of one).
    public private(set) var firstTrial = 0
    /// The contract the trials were drawn under.
    public let contract: Contract
    public private(set) var totals: [TrialTotals]
    /// For a portfolio line solved against the portfolio's total: the other lines' margins of each trial
    /// (dollars, in trial order), added to the line's settled margin, so that every outcome is of the total
    /// M = Mᵢ + Σ_{j≠i} Mⱼ (to rounding: the engine sums the lines in line order). nil for a model alone. With
    /// offsets, outcomes carry no breakdown (the line's components would not add up to the total).
    public private(set) var offsets: [Double]?

    package init(blockTrials: Int, capacity: Int, contract: Contract) {
        self.blockTrials = blockTrials
        self.contract = contract
        totals = []
        totals.reserveCapacity(capacity)
    }

    package mutating func append(_ slot: BlockSlot) {
        totals.append(contentsOf: slot.totals)
    }

    public var trials: Int { totals.count }

    /// Why the trials cannot be settled again under `other`, or nil when they can.
    public func refusal(for other: Contract) -> String? {
        other.drawsTheSameTrials(as: contract) ? nil
            : "changes what the provider retains per unit (units, unit terms or quality score): the trials must be simulated again"
    }

    /// Every trial's margin under `contract`, in trial order, dollars.
    public func margins(under contract: Contract) throws -> [Double] {
        if let refusal = refusal(for: contract) { throw LedgerError(rule: refusal) }
        guard let offsets else { return totals.map { contract.margin($0) } }
        return zip(totals, offsets).map { contract.margin($0) + $1 }
    }

    /// This ledger with each trial's margin shifted by `offsets[t]` (the other lines of a portfolio).
    public func offset(by offsets: [Double]) -> TrialLedger {
        precondition(offsets.count == trials)
        var l = self
        l.offsets = offsets
        return l
    }

    /// The run's outcome under `contract`, merged block by block exactly as the engine merges it.
    public func outcome(under contract: Contract, lowTailFraction: Double) throws -> SimulationOutcome {
        if let refusal = refusal(for: contract) { throw LedgerError(rule: refusal) }
        let n = trials, k = contract.componentNames.count, e = contract.eventNames.count
        var accumulator = MarginAccumulator(trials: n, lowTailFraction: lowTailFraction,
                                            contract: offsets == nil ? contract : nil)
        let margins = UnsafeMutableBufferPointer<Double>.allocate(capacity: blockTrials)
        let components = UnsafeMutablePointer<Double>.allocate(capacity: max(1, blockTrials * k))
        let events = UnsafeMutablePointer<Double>.allocate(capacity: max(1, blockTrials * e))
        let slotTotals = UnsafeMutableBufferPointer<TrialTotals>.allocate(capacity: blockTrials)
        defer { margins.deallocate(); components.deallocate(); events.deallocate(); slotTotals.deallocate() }
        var block = 0
        for start in stride(from: 0, to: n, by: blockTrials) {
            let count = min(blockTrials, n - start)
            let slot = BlockSlot(totals: UnsafeMutableBufferPointer(rebasing: slotTotals[0..<count]),
                                 margins: UnsafeMutableBufferPointer(rebasing: margins[0..<count]),
                                 components: components, events: events, componentCount: k, eventCount: e)
            for t in 0..<count {
                slot.totals[t] = totals[start + t]
                slot.margins[t] = contract.settle(totals[start + t], slot.row(t))
            }
            if let offsets { for t in 0..<count { slot.margins[t] += offsets[start + t] } }
            try accumulator.add(block: block, slot: slot, firstTrial: firstTrial + start, summary: BlockSummary(slot: slot))
            block += 1
        }
        var outcome = SimulationOutcome(trials: n, moments: accumulator.moments, losses: accumulator.losses,
                                        orderStatistics: accumulator.finish(), blockTrials: blockTrials,
                                        blocks: block, threads: 1, elapsedSeconds: 0)
        outcome.breakdown = accumulator.breakdown
        outcome.tailTrials = accumulator.tailTrials()
        return outcome
    }
}

/// A ledger asked to settle its trials under a contract that would have drawn other trials.
public struct LedgerError: Error, CustomStringConvertible {
    public let rule: String
    public init(rule: String) { self.rule = rule }
    public var description: String { rule }
}

extension TrialLedger {
    /// A ledger of `totals` drawn under `contract`, the first being global trial `firstTrial` (a part of
    /// another, for batch means).
    package init(blockTrials: Int, contract: Contract, totals: [TrialTotals], firstTrial: Int = 0,
                 offsets: [Double]? = nil) {
        self.blockTrials = blockTrials
        self.contract = contract
        self.totals = totals
        self.firstTrial = firstTrial
        self.offsets = offsets
    }
}
