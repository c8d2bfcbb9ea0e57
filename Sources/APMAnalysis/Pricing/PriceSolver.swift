import APMContracts
import APMEngine
import APMRisk
import APMSampling
import APMSupport

/// Solves for the contract term that meets every risk target, on one simulated sample.
///
/// The costs are simulated once (`TrialLedger`); every candidate value re-settles the same trials, so the
/// answer is a deterministic function of the seed and the search never chases noise. The search scans 64 equal
/// steps of the admissible range, then bisects the first step where the targets become met (so the lowest
/// feasible value is found even where a stop-loss makes a metric non-monotone in price), to a relative
/// tolerance of 1e-10.
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
    public let ledger: TrialLedger
    public let contract: Contract
    public let field: PriceField
    public let targets: [RiskTarget]
    /// The VaR/TVaR levels reported with the solution.
    public let levels: [Double]

    public static let batches = 32
    package static let tQuantile31 = 2.0395134464
    package static let scanSteps = 64

    public init(ledger: TrialLedger, contract: Contract, field: PriceField, targets: [RiskTarget], levels: [Double]) {
        self.ledger = ledger
        self.contract = contract
        self.field = field
        self.targets = targets
        self.levels = levels
    }

    package var lowTailFraction: Double {
        1 - (levels + targets.compactMap(\.level)).min()!
    }

    /// Every metric of `contract` with the field set to `value`, on the ledger's trials.
    public func report(at value: Double, on sample: TrialLedger? = nil) throws -> RiskReport {
        let terms = field.setting(value, in: contract)
        let outcome = try (sample ?? ledger).outcome(under: terms, lowTailFraction: lowTailFraction)
        return RiskReport(outcome: outcome, levels: levels, revenue: terms.expectedRevenue)
    }

    /// The solution, or `PriceError.infeasible` with the best the admissible range achieves.
    public func solve() throws -> PriceSolution {
        for case let .maxLossProbability(p) in targets where p * Double(ledger.trials) < 1 {
            let advice = p > 0 && 1 / p < 1e15
                ? "ask for a larger probability or run at least \(Int(saturating: 1 / p, rounding: .up)) trials"
                : "ask for a probability greater than 0"
            throw PriceError.unresolvable(
                "--max-loss-probability \(p) cannot be met: with unbounded costs no price makes a loss impossible, "
                    + "and \(ledger.trials) trials resolve loss probabilities down to 1/\(ledger.trials); \(advice)")
        }
        let value = try solve(on: ledger)
        let atSolution = try report(at: value)
        // The binding target: the one met with the least slack, in its own standard errors.
        let binding = targets.min { a, b in slack(a, atSolution) < slack(b, atSolution) }!
        if case .maxLossProbability = binding {
            let (interval, note) = try batchMeansInterval(value)
            return PriceSolution(field: field, value: value, interval: interval,
                                 intervalMethod: "batch means over \(Self.batches) batches", intervalNote: note,
                                 targets: targets, report: atSolution)
        }
        let (interval, note) = try deltaMethodInterval(value, binding: binding, at: atSolution)
        return PriceSolution(field: field, value: value, interval: interval,
                             intervalMethod: "delta method on the \(binding.metricName) target", intervalNote: note,
                             targets: targets, report: atSolution)
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
        let h = field.isRate ? 1e-4 : 1e-4 * max(abs(value), 1)
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
        guard ledger.trials >= Self.batches * 100 else {
            return (nil, "no interval: batch means need at least \(Self.batches * 100) trials")
        }
        var batchValues: [Double] = []
        for b in ledger.batches(Self.batches) {
            if let v = try? solve(on: b) { batchValues.append(v) }
        }
        guard batchValues.count == Self.batches else {
            return (nil, "no interval: a batch of trials could not meet the targets")
        }
        let se = Moments(of: batchValues).standardDeviation / Double(Self.batches).squareRoot()
        return ((value - Self.tQuantile31 * se, value + Self.tQuantile31 * se, se), nil)
    }

    /// The admissible range of the field: rates in [0, 1]; dollar amounts in (0, upper], upper found by doubling.
    private func range(on sample: TrialLedger) throws -> (lower: Double, upper: Double) {
        if field.isRate { return (0, 1) }
        // Start from the model's own value and double until every target is met (at most 2^60 times it).
        var upper = max(field.value(in: contract), 1)
        for _ in 0..<60 {
            if try feasible(upper, sample) { return (0, upper) }
            upper *= 2
        }
        throw try infeasible(at: upper, sample)
    }

    private func feasible(_ value: Double, _ sample: TrialLedger) throws -> Bool {
        let r = try report(at: value, on: sample)
        return targets.allSatisfy { $0.isMet(by: r) }
    }

    private func infeasible(at value: Double, _ sample: TrialLedger) throws -> PriceError {
        let r = try report(at: value, on: sample)
        let unmet = targets.filter { !$0.isMet(by: r) }.map { "\($0.metricName) is \($0.formattedAchieved(in: r)) against \($0)" }
        return .infeasible(field: field, bestValue: value, unmet: unmet)
    }

    private func solve(on sample: TrialLedger) throws -> Double {
        let (lower, upper) = try range(on: sample)
        // Walk from the provider's least favourable end: low values for rising fields, high for the loss rate.
        let worst = field.marginRises ? lower : upper, best = field.marginRises ? upper : lower
        if field.isRate, try !feasible(best, sample) { throw try infeasible(at: best, sample) }
        if field.isRate, try feasible(worst, sample) { return worst }
        var previous = worst   // infeasible (or, for a dollar amount, 0: never evaluated)
        for step in 1...Self.scanSteps {
            let candidate = worst + (best - worst) * Double(step) / Double(Self.scanSteps)
            if try feasible(candidate, sample) {
                var bad = previous, good = candidate
                while abs(good - bad) > 1e-10 * max(abs(good), 1e-12) {
                    let mid = (bad + good) / 2
                    if mid == bad || mid == good { break }
                    if try feasible(mid, sample) { good = mid } else { bad = mid }
                }
                return good
            }
            previous = candidate
        }
        throw try infeasible(at: best, sample)
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
                               firstTrial: firstTrial + from)
        }
    }
}
