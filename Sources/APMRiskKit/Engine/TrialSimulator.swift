/// Simulates trials of one contract: the inner loop of the engine.
///
/// Draw order within a trial (part of the reproducibility contract): Θ (if any), then the unit count N
/// (if random), then each unit's cost in turn.
struct TrialSimulator<S: Settlement>: Sendable {
    let settlement: S
    let units: CountDistribution
    let unitCost: CostDistribution
    let systematicFactor: CostDistribution?

    init(settlement: S, job: SimulationJob) {
        self.settlement = settlement
        units = settlement.units
        unitCost = job.unitCost
        systematicFactor = job.systematicFactor
    }

    /// The provider's margin in one trial, dollars.
    @inline(__always)
    func trial(_ stream: RandomStream) -> Double {
        let theta = systematicFactor?.sample(stream) ?? 1
        let n = units.sample(stream)
        var retained = 0.0
        for _ in 0..<n {
            retained += settlement.retainedCost(theta * unitCost.sample(stream))
        }
        return settlement.margin(units: n, retainedCost: retained)
    }

    /// Fills `margins` with consecutive trials from `stream`.
    func fill(_ margins: UnsafeMutableBufferPointer<Double>, from stream: RandomStream) {
        for t in margins.indices { margins[t] = trial(stream) }
    }
}
