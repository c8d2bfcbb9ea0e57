import Foundation
import APMContracts

/// Every trial of an importance-sampled run (`SimulationJob.tilt`) in trial order: its margin M (dollars), its
/// likelihood-ratio weight w (`TrialTotals.weight`), the components of its margin and its events. The weighted
/// estimators (in the risk layer) read it: under a tilt the tail holds far more than (1 − α)·n trials, ranked by
/// cumulative weight, so every trial is kept — (K + E + 2) × 8 bytes a trial, K components and E events, which is
/// why an importance-sampled run is limited to `WeightedTrials.maximumTrials` trials (the point of the tilt is
/// to need few).
///
/// Merged block by block in block order, so it is bit-identical for any thread count.
public struct WeightedTrials: Sendable {
    /// The most trials an importance-sampled run keeps (and so runs).
    public static let maximumTrials = MarginTails.storeAllLimit

    public let componentNames: [String]
    public let eventNames: [String]
    /// The global index of the first trial.
    public let firstTrial: Int
    public private(set) var margins: [Double] = []
    public private(set) var weights: [Double] = []
    /// Trial i's components at i·K ..< (i + 1)·K.
    public private(set) var componentRows: [Double] = []
    /// Trial i's events (1 or 0) at i·E ..< (i + 1)·E.
    public private(set) var eventRows: [Double] = []

    package init(contract: Contract, firstTrial: Int, capacity: Int) {
        componentNames = contract.componentNames
        eventNames = contract.eventNames
        self.firstTrial = firstTrial
        margins.reserveCapacity(capacity)
        weights.reserveCapacity(capacity)
        componentRows.reserveCapacity(capacity * componentNames.count)
        eventRows.reserveCapacity(capacity * eventNames.count)
    }

    /// The next block's trials, in block order.
    package mutating func add(_ slot: BlockSlot) {
        let n = slot.count
        for t in 0..<n {
            margins.append(slot.margins[t])
            weights.append(slot.totals[t].weight)
            for c in 0..<slot.componentCount { componentRows.append(slot.components[c * n + t]) }
            for e in 0..<slot.eventCount { eventRows.append(slot.events[e * n + t]) }
        }
    }

    /// Trials kept elsewhere (a shard file), in trial order, the first being global trial `firstTrial`.
    package init(componentNames: [String], eventNames: [String], firstTrial: Int, margins: [Double], weights: [Double],
                 componentRows: [Double], eventRows: [Double]) {
        (self.componentNames, self.eventNames, self.firstTrial) = (componentNames, eventNames, firstTrial)
        (self.margins, self.weights, self.componentRows, self.eventRows) = (margins, weights, componentRows, eventRows)
    }

    /// The trials that follow these ones (the next shard's), in trial order.
    package mutating func append(_ next: WeightedTrials) {
        margins += next.margins
        weights += next.weights
        componentRows += next.componentRows
        eventRows += next.eventRows
    }

    /// n: trials kept.
    public var count: Int { margins.count }

    /// Component `k` of trial `i` (0-based in this run), dollars.
    @inline(__always)
    public func component(_ k: Int, trial i: Int) -> Double { componentRows[i * componentNames.count + k] }

    /// Whether event `e` happened in trial `i`.
    @inline(__always)
    public func event(_ e: Int, trial i: Int) -> Bool { eventRows[i * eventNames.count + e] != 0 }

    /// The effective sample size (Σw)²/Σw²: how many untilted trials the weighted sample is worth for a figure
    /// spread over the whole distribution.
    public var effectiveSampleSize: Double {
        var s1 = 0.0, s2 = 0.0
        for w in weights { s1 += w; s2 += w * w }
        return s2 > 0 ? s1 * s1 / s2 : 0
    }

    /// Σw/n and its standard error (`mean`): 1 within error when the tilt's likelihood ratios are right.
    public var meanWeight: (value: Double, standardError: Double) {
        let m = mean { weights[$0] }
        return (m.value, m.standardError)
    }

    /// The mean of `term(i)` over the n trials, with its standard error. The trials are two strata of the
    /// deterministic defensive mixture (`DefensiveMixture`: every fifth trial index untilted, the rest tilted), so
    /// the variance is the stratified one, Σ over the strata of n_k·s_k² / n² — the pooled s.d./√n would
    /// count the difference between the strata as noise and overstate the error (measured: 98% coverage for
    /// E[M] instead of 95%). The skewness is that of all the terms.
    public func mean(_ term: (Int) -> Double) -> (value: Double, standardError: Double, skewness: Double) {
        let n = count, nd = Double(n)
        var sum = 0.0
        var strata = [(count: 0.0, sum: 0.0), (count: 0.0, sum: 0.0)]
        for i in 0..<n {
            let x = term(i), k = stratum(i)
            sum += x
            strata[k].count += 1
            strata[k].sum += x
        }
        let mean = sum / nd
        let means = strata.map { $0.count > 0 ? $0.sum / $0.count : 0 }
        var s2 = 0.0, s3 = 0.0
        var within = [0.0, 0.0]
        for i in 0..<n {
            let x = term(i)
            let d = x - mean
            s2 += d * d
            s3 += d * d * d
            let e = x - means[stratum(i)]
            within[stratum(i)] += e * e
        }
        var variance = 0.0   // of the mean
        for k in 0..<2 where strata[k].count > 1 {
            variance += strata[k].count * (within[k] / (strata[k].count - 1)) / (nd * nd)
        }
        let central2 = s2 / nd
        let skewness = central2 > 0 ? (s3 / nd) / pow(central2, 1.5) : 0
        return (mean, variance.squareRoot(), skewness)
    }

    /// 0 for a trial drawn from the tilted law, 1 for one drawn untilted (`DefensiveMixture`).
    @inline(__always)
    private func stratum(_ i: Int) -> Int { DefensiveMixture.drawsTilted(firstTrial + i) ? 0 : 1 }

    /// Peak bytes a run of `trials` trials keeps (see the type's documentation).
    public static func estimatedPeakBytes(trials: Int, contract: Contract) -> Double {
        Double(trials) * Double(8 * (contract.componentNames.count + contract.eventNames.count + 2)) * 1.5
    }
}
