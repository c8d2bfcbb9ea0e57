import APMContracts
import APMEngine
import APMRisk
import APMSampling

/// The trials a price is solved on, the same at every candidate value (common random numbers).
///
/// - `ledger`: the trials' totals, simulated once and settled again under each candidate. Exact for a term that
///   leaves the totals alone — an aggregate term — and refused for any other (`TrialLedger.refusal`).
/// - `simulation`: the trials drawn again under each candidate with the same seed, generator, blocks and
///   stream keys, so each trial's unit costs are the very ones it had: only what the unit terms make of them
///   changes. For a unit term (`outlier_cap`, `attachment`, `coinsurance`), which changes retained costs.
///   Any other change to what is drawn (units, quality) is refused, so the trials stay the same.
public enum PriceSample: Sendable {
    case ledger(TrialLedger)
    case simulation(SimulationJob)

    /// The number of trials.
    public var trials: Int {
        switch self {
        case let .ledger(l): return l.trials
        case let .simulation(j): return j.trials
        }
    }

    /// Whether candidates are simulated again (rather than re-settled).
    public var simulatesAgain: Bool { if case .simulation = self { true } else { false } }

    /// The run's outcome under `contract`, merged in the blocks of the base run.
    public func outcome(under contract: Contract, lowTailFraction: Double) throws -> SimulationOutcome {
        switch self {
        case let .ledger(l):
            return try l.outcome(under: contract, lowTailFraction: lowTailFraction)
        case let .simulation(base):
            guard contract.units == base.contract.units && contract.quality == base.contract.quality else {
                throw LedgerError(rule: "changes what is drawn (units or quality), not only what a unit retains: "
                    + "the trials would not be the same")
            }
            var job = base
            job.contract = contract
            job.lowTailFraction = lowTailFraction
            return try Engine.run(job)
        }
    }

    /// The trials cut into `count` consecutive batches of (nearly) equal size, each keeping its trials' global
    /// indices (so a re-simulated batch draws what those trials drew in the whole run).
    public func batches(_ count: Int) -> [PriceSample] {
        switch self {
        case let .ledger(l): return l.batches(count).map(PriceSample.ledger)
        case let .simulation(base):
            return (0..<count).map { b in
                let from = base.trials * b / count, to = base.trials * (b + 1) / count
                var job = base
                job.firstTrial = base.firstTrial + from
                job.trials = to - from
                return .simulation(job)
            }
        }
    }

    /// Where to solve for `field` from a run of `job` whose totals are in `ledger` (if kept): the ledger when
    /// the term leaves the totals alone, else the job, simulated again at each value.
    public static func solving(_ field: PriceField, job: SimulationJob, ledger: TrialLedger?) -> PriceSample {
        if !field.changesRetainedCost, let ledger { return .ledger(ledger) }
        return .simulation(job)
    }
}
