import APMContracts
import APMEngine
import APMRisk
import APMSampling
import APMSupport

/// Solves for the contract term that meets every risk target, on one simulated sample.
///
/// Every candidate value is evaluated on the same trials (`PriceSample`): for a term that leaves retained costs
/// alone the costs are simulated once (`TrialLedger`) and re-settled; for a unit term the trials are simulated
/// again with the same seed and stream keys, so each keeps its unit costs. The answer is a deterministic
/// function of the seed and the search never chases noise.
///
/// The search runs from the provider's least favourable end of the admissible range (rates: [0, 1]; amounts:
/// (0, ∞), bracketed by doubling from the model's own value) towards the most favourable. On re-settled trials
/// it scans 64 equal steps, then bisects the first step where the targets become met (so the least favourable
/// feasible value is found even where a stop-loss makes a metric non-monotone in price), to a relative
/// tolerance of 1e-10. On re-simulated trials — a unit term — it bisects the whole bracket, to 1e-7: a unit term
/// moves each trial's retained cost one way (min(X, u) rises with u; capped − c·(capped − A)⁺ rises with A and
/// falls with c), and every aggregate term settles a larger retained cost into a margin no larger (cost,
/// sharing, corridors, limits, gates, aggregate stop-loss with c ≤ 1), so every metric is monotone in the term
/// and the targets hold on one side of a single boundary; each step is a full simulation (about 30 of them).
///
/// Monte Carlo error, by the target that binds at the solution:
/// - E[M], VaR or TVaR: the delta method. The solution b* solves g(b) = bound for the binding metric g; its
///   standard error is s.e.(g(b*)) / |g′(b*)|, g′ by a central difference on the same trials, s.e.(g) the
///   metric's own (for TVaR the skew-corrected one, honest at 20 tail trials and more; with fewer, or a flat
///   g, no interval and the reason). Batch means failed here: 32 batches held a handful of tail trials each
///   and under-covered (89% for a TVaR target).
/// - P(loss): batch means: the trials are cut into 32 consecutive batches, the problem is solved on each, and
///   the standard error is the batch standard deviation / √32, with Student's t on 31 degrees of freedom.
public struct PriceSolver: Sendable {
    /// The trials every candidate is evaluated on.
    public let sample: PriceSample
    public let contract: Contract
    public let field: PriceField
    public let targets: [RiskTarget]
    /// The VaR/TVaR levels reported with the solution.
    public let levels: [Double]
    /// The percentiles of the margin (fractions) and the losses x for P(L > x) (dollars) reported at every value.
    public let percentiles: [Double]
    public let exceedances: [Double]

    /// Revenue beside the contract's in the margin solved on: a portfolio's other lines' expected revenue, so
    /// that E[M] as a share of revenue is of the total's (0 for a model alone).
    public var otherRevenue = 0.0

    public static let batches = 32
    package static let tQuantile31 = 2.0395134464
    package static let scanSteps = 64

    /// A solver on `sample`. To solve, `field` must know its direction (`PriceField.resolvingDirection`); a grid
    /// (`report(at:)`) needs none.
    public init(sample: PriceSample, contract: Contract, field: PriceField, targets: [RiskTarget], levels: [Double],
                percentiles: [Double] = RiskReport.percentileLevels, exceedances: [Double] = []) {
        self.sample = sample
        self.contract = contract
        self.field = field
        self.targets = targets
        self.levels = levels
        self.percentiles = percentiles
        self.exceedances = exceedances
    }

    /// A solver that re-settles the trials of `ledger` (a term that leaves retained costs alone).
    public init(ledger: TrialLedger, contract: Contract, field: PriceField, targets: [RiskTarget], levels: [Double],
                percentiles: [Double] = RiskReport.percentileLevels, exceedances: [Double] = []) {
        self.init(sample: .ledger(ledger), contract: contract, field: field, targets: targets, levels: levels,
                  percentiles: percentiles, exceedances: exceedances)
    }

    package var lowTailFraction: Double {
        1 - (levels + targets.compactMap(\.level)).min()!
    }

    /// Every metric of `contract` with the field set to `value`, on the solver's trials (or `sample`'s).
    public func report(at value: Double, on sample: PriceSample? = nil) throws -> RiskReport {
        let terms = field.setting(value, in: contract)
        let outcome = try (sample ?? self.sample).outcome(under: terms, lowTailFraction: lowTailFraction)
        return RiskReport(outcome: outcome, levels: levels, revenue: terms.expectedRevenue + otherRevenue,
                          percentiles: percentiles, exceedances: exceedances)
    }

    /// The histogram, exceedance curve and convergence trace of the margin with the field set to `value`: the
    /// trials re-settled (or, for a unit term, drawn again) and merged block by block as a fresh run at that
    /// value would merge them.
    public func distribution(at value: Double) throws -> MarginDistribution {
        let terms = field.setting(value, in: contract)
        let outcome: SimulationOutcome
        switch sample {
        case let .ledger(ledger):
            outcome = try SimulationOutcome.merging(try ledger.margins(under: terms), blockTrials: ledger.blockTrials,
                                                    lowTailFraction: lowTailFraction, convergenceLevel: levels.max())
        case let .simulation(base):
            var job = base
            job.contract = terms
            job.lowTailFraction = lowTailFraction
            outcome = try Engine.run(job, keepingLedger: false, convergenceLevel: levels.max()).outcome
        }
        return MarginDistribution(outcome: outcome, levels: levels)
    }

    /// The solution, or `PriceError.infeasible` with the best the admissible range achieves.
    public func solve() throws -> PriceSolution {
        precondition(field.direction != .fromTrials, "resolve \(field)'s direction from the trials first")
        for case let .maxLossProbability(p) in targets where p * Double(sample.trials) < 1 {
            let advice = p > 0 && 1 / p < 1e15
                ? "ask for a larger probability or run at least \(Int(saturating: 1 / p, rounding: .up)) trials"
                : "ask for a probability greater than 0"
            throw PriceError.unresolvable(
                "--max-loss-probability \(p) cannot be met: with unbounded costs no price makes a loss impossible, "
                    + "and \(sample.trials) trials resolve loss probabilities down to 1/\(sample.trials); \(advice)")
        }
        let value = try solve(on: sample)
        let atSolution = try report(at: value)
        // The binding target: the one met with the least slack, in its own standard errors.
        let binding = targets.min { a, b in slack(a, atSolution) < slack(b, atSolution) }!
        if case .maxLossProbability = binding {
            let (interval, note) = try batchMeansInterval(value)
            return PriceSolution(field: field, value: value, interval: interval,
                                 intervalMethod: "batch means over \(Self.batches) batches", intervalNote: note,
                                 targets: targets, report: atSolution, distribution: try distribution(at: value))
        }
        let (interval, note) = try deltaMethodInterval(value, binding: binding, at: atSolution)
        return PriceSolution(field: field, value: value, interval: interval,
                             intervalMethod: "delta method on the \(binding.metricName) target", intervalNote: note,
                             targets: targets, report: atSolution, distribution: try distribution(at: value))
    }

    /// |achieved − bound| in the metric's standard errors (0 for the target the solver stopped on).
    private func slack(_ t: RiskTarget, _ r: RiskReport) -> Double {
        let gap = abs(t.achieved(in: r) - t.bound)
        let se = t.standardError(in: r)
        return se.isFinite && se > 0 ? gap / se : gap
    }

    /// s.e.(b*) = s.e.(g(b*)) / |g′(b*)|, g the binding metric as a function of the field.
    private func deltaMethodInterval(_ value: Double, binding: RiskTarget, at r: RiskReport) throws
        -> ((lower: Double, upper: Double, standardError: Double)?, String?)
    {
        let se = binding.standardError(in: r)
        guard se.isFinite else {
            return (nil, "no interval: the \(binding.metricName) at the solution has no honest standard error ("
                + (binding.errorNote(in: r) ?? "too few trials") + ")")
        }
        let h = field.isBounded ? 1e-4 : 1e-4 * max(abs(value), 1)
        let up = binding.achieved(in: try report(at: value + h)), down = binding.achieved(in: try report(at: value - h))
        let slope = (up - down) / (2 * h)
        guard slope.isFinite, abs(slope) > 0 else {
            return (nil, "no interval: the \(binding.metricName) does not move with \(field.rawValue) at the solution")
        }
        let sb = se / abs(slope)
        let z = SkewedMeanInterval.z
        return ((value - z * sb, value + z * sb, sb), nil)
    }

    /// The batch-means interval, or why there is none.
    private func batchMeansInterval(_ value: Double) throws -> ((lower: Double, upper: Double, standardError: Double)?, String?) {
        guard sample.trials >= Self.batches * 100 else {
            return (nil, "no interval: batch means need at least \(Self.batches * 100) trials")
        }
        var batchValues: [Double] = []
        for b in sample.batches(Self.batches) {
            if let v = try? solve(on: b) { batchValues.append(v) }
        }
        guard batchValues.count == Self.batches else {
            return (nil, "no interval: a batch of trials could not meet the targets")
        }
        let se = Moments(of: batchValues).standardDeviation / Double(Self.batches).squareRoot()
        return ((value - Self.tQuantile31 * se, value + Self.tQuantile31 * se, se), nil)
    }

    /// The bracket of the search, from the provider's least favourable end (`worst`) to its most favourable
    /// (`best`): rates [0, 1]; an amount whose rise helps the provider (0, upper], upper the first doubling of
    /// the model's value that meets every target; an amount whose rise hurts it [0, upper], upper the first
    /// doubling that meets none (at most 2⁶⁰ times the model's value).
    private func bracket(on sample: PriceSample) throws -> (worst: Double, best: Double) {
        if field.isBounded { return field.marginRises ? (0, 1) : (1, 0) }
        var upper = max(field.value(in: contract), 1)
        if field.marginRises {
            for _ in 0..<60 {
                if try feasible(upper, sample) { return (0, upper) }
                upper *= 2
            }
            throw try infeasible(at: upper, sample)
        }
        for _ in 0..<60 {
            if try !feasible(upper, sample) { return (upper, 0) }
            upper *= 2
        }
        throw PriceError.unresolvable("every \(field.rawValue) tried, up to \(Figure.significant(upper)), meets the targets: "
            + "the least favourable value for the provider is unbounded (the term does not bind them)")
    }

    private func feasible(_ value: Double, _ sample: PriceSample) throws -> Bool {
        let r = try report(at: value, on: sample)
        return targets.allSatisfy { $0.isMet(by: r) }
    }

    private func infeasible(at value: Double, _ sample: PriceSample) throws -> PriceError {
        let r = try report(at: value, on: sample)
        let unmet = targets.filter { !$0.isMet(by: r) }.map { "\($0.metricName) is \($0.formattedAchieved(in: r)) against \($0)" }
        return .infeasible(field: field, bestValue: value, unmet: unmet)
    }

    private func solve(on sample: PriceSample) throws -> Double {
        let (worst, best) = try bracket(on: sample)
        // The most favourable end was not evaluated by the bracket for a rate, or for an amount that hurts.
        if field.isBounded || !field.marginRises, try !feasible(best, sample) { throw try infeasible(at: best, sample) }
        if field.isBounded, try feasible(worst, sample) { return worst }
        // worst: infeasible (or, for an amount that helps, 0: never evaluated).
        if sample.simulatesAgain {
            // Monotone in a unit term (see the type's documentation): one boundary, bisected directly.
            return try bisect(bad: worst, good: best, sample, tolerance: 1e-7, floor: 1e-6 * abs(best - worst))
        }
        var previous = worst
        for step in 1...Self.scanSteps {
            let candidate = worst + (best - worst) * Double(step) / Double(Self.scanSteps)
            if try feasible(candidate, sample) {
                return try bisect(bad: previous, good: candidate, sample, tolerance: 1e-10, floor: 1e-12)
            }
            previous = candidate
        }
        throw try infeasible(at: best, sample)
    }

    /// Bisects between an infeasible and a feasible value until they are within `tolerance` × max(|good|, floor).
    private func bisect(bad: Double, good: Double, _ sample: PriceSample, tolerance: Double, floor: Double) throws -> Double {
        var bad = bad, good = good
        while abs(good - bad) > tolerance * max(abs(good), floor) {
            let mid = (bad + good) / 2
            if mid == bad || mid == good { break }
            if try feasible(mid, sample) { good = mid } else { bad = mid }
        }
        return good
    }
}

/// The solved term with its Monte Carlo interval and every metric at it.
public struct PriceSolution: Sendable {
    public let field: PriceField
    /// The solved value (dollars, or a rate).
    public let value: Double
    /// 95% interval and standard error; nil when no honest one exists (`intervalNote` says why).
    public let interval: (lower: Double, upper: Double, standardError: Double)?
    /// How the interval was made: the delta method on the binding target, or batch means.
    public let intervalMethod: String
    /// Why there is no interval, when there is none.
    public let intervalNote: String?
    public let targets: [RiskTarget]
    /// Every metric at `value`.
    public let report: RiskReport
    /// The margin's histogram, exceedance curve and convergence trace at `value`.
    public let distribution: MarginDistribution
}

/// A pricing question with no answer.
public enum PriceError: Error, CustomStringConvertible {
    case infeasible(field: PriceField, bestValue: Double, unmet: [String])
    case unresolvable(String)

    public var description: String {
        switch self {
        case let .infeasible(field, best, unmet):
            return "no \(field.rawValue) meets every target: at the most favourable \(field.rawValue) tried (\(best)), "
                + unmet.joined(separator: "; ")
        case let .unresolvable(text): return text
        }
    }
}

extension TrialLedger {
    /// The ledger cut into `count` consecutive batches of (nearly) equal size.
    package func batches(_ count: Int) -> [TrialLedger] {
        (0..<count).map { b in
            let from = trials * b / count, to = trials * (b + 1) / count
            return TrialLedger(blockTrials: blockTrials, contract: contract, totals: Array(totals[from..<to]),
                               firstTrial: firstTrial + from, offsets: offsets.map { Array($0[from..<to]) })
        }
    }
}
