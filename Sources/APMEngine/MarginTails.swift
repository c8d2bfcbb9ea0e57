import APMContracts
import APMSampling

/// What the engine keeps of the margins of a run so that quantiles and tail means are exact.
///
/// - Up to `storeAllLimit` trials every margin is kept (8 bytes a trial).
/// - Above it, the engine keeps exactly the lowest margins (the loss tail, enough ranks for every VaR/TVaR
///   level, the 1st and 5th percentiles and their confidence intervals) and the highest margins (for the 95th and
///   99th percentiles), plus every margin of the first `middleSampleSize` trials, from which the 25th, 50th and
///   75th percentiles are estimated (and reported as such, with their own confidence intervals).
///
/// Memory for n trials above the limit: 8 bytes × (lowTailFraction + 0.05)·n × 1.25 (selection slack) plus
/// 8 bytes × `middleSampleSize`, and half the larger tail while it is sorted at the end.
public struct MarginTails: Sendable {
    /// Runs of at most this many trials keep every margin.
    public static let storeAllLimit = 1 << 23
    /// Above `storeAllLimit`, the percentiles between the tails come from the first this many trials.
    public static let middleSampleSize = 1 << 21
    /// The upper tail kept above `storeAllLimit`: enough for the 95th percentile of the margin.
    package static let highTailFraction = 0.05

    /// The trials the tails were sized for (at most this many are added).
    public let trials: Int
    /// The margins added so far.
    public private(set) var count = 0
    private var lowest: LargestValues        // holds −M, so its largest are the lowest margins
    private var highest: LargestValues?      // nil when every margin is kept in `lowest`
    private var middle: [Double]
    private let middleLimit: Int

    /// Prepares for `trials` margins; `lowTailFraction` is the largest 1 − α among the VaR levels (at least 0.05).
    public init(trials: Int, lowTailFraction: Double, storeAllLimit: Int = MarginTails.storeAllLimit,
                middleSampleSize: Int = MarginTails.middleSampleSize) {
        self.trials = trials
        if trials <= storeAllLimit {
            lowest = LargestValues(capacity: trials, expectedCount: trials)
            highest = nil
            middleLimit = 0
        } else {
            lowest = LargestValues(capacity: Self.tailRanks(fraction: max(lowTailFraction, 0.05), of: trials),
                                   expectedCount: trials)
            highest = LargestValues(capacity: Self.tailRanks(fraction: Self.highTailFraction, of: trials),
                                    expectedCount: trials)
            middleLimit = middleSampleSize
        }
        middle = []
        middle.reserveCapacity(middleLimit)
    }

    /// Peak bytes the kept margins of a run of `trials` trials need (see the type's documentation).
    public static func estimatedPeakBytes(trials: Int, lowTailFraction: Double) -> Double {
        let n = Double(trials)
        if trials <= storeAllLimit { return 15 * n }
        let low = Double(tailRanks(fraction: max(lowTailFraction, 0.05), of: trials))
        let high = Double(tailRanks(fraction: highTailFraction, of: trials))
        return 8 * (1.25 * (low + high) + Double(middleSampleSize) + 0.5 * max(low, high))
    }

    /// Ranks kept for a tail of `fraction` of `n` trials: the tail itself, plus room for a 99.99%
    /// order-statistic confidence interval around its edge.
    package static func tailRanks(fraction: Double, of n: Int) -> Int {
        let nd = Double(n)
        return min(n, Int(saturating: fraction * nd + 4 * (nd * fraction * (1 - fraction)).squareRoot() + 16, rounding: .up, nan: n))
    }

    /// Adds one block's margins, in trial order.
    public mutating func add<C: Collection>(_ margins: C) where C.Element == Double {
        count += margins.count
        for m in margins {
            lowest.insert(-m)
            highest?.insert(m)
        }
        if middle.count < middleLimit {
            middle.append(contentsOf: margins.prefix(middleLimit - middle.count))
        }
    }

    /// The `ranks` lowest margins added so far, exactly, as order statistics of the `count` margins added (ranks
    /// above them not kept); `ranks` must not exceed what the tails keep. Leaves the tails as they are.
    public func lowestSnapshot(ranks: Int) -> OrderStatistics {
        var low = lowest.largestSortedDescending(min(ranks, count))   // −M, largest first
        for i in low.indices { low[i] = -low[i] }
        return OrderStatistics(trials: count, lowest: low, highest: [], middleSample: [])
    }

    /// The sorted order statistics of the run.
    public mutating func finish() -> OrderStatistics {
        var low = lowest.takeSortedDescending()             // −M, largest first: negated, ascending margins
        for i in low.indices { low[i] = -low[i] }
        var high = highest?.takeSortedDescending() ?? []
        high.reverse()
        middle.sort()
        return OrderStatistics(trials: count, lowest: low, highest: high, middleSample: middle)
    }
}

/// Exact order statistics of a run's margins, as far as they were kept (see `MarginTails`).
public struct OrderStatistics: Sendable {
    /// n: the number of trials.
    public let trials: Int
    /// The lowest margins, ascending: ranks 1…lowest.count. Every margin when the run was small enough.
    public let lowest: [Double]
    /// The highest margins, ascending: ranks n − highest.count + 1 … n.
    public let highest: [Double]
    /// Every margin of the first trials, sorted (empty when every margin is in `lowest`).
    public let middleSample: [Double]

    package init(trials: Int, lowest: [Double], highest: [Double], middleSample: [Double]) {
        self.trials = trials
        self.lowest = lowest
        self.highest = highest
        self.middleSample = middleSample
    }

    /// Whether every margin was kept.
    public var isComplete: Bool { lowest.count == trials }

    /// The margin of rank `r` (1 = lowest) among all n, or nil when it was not kept.
    public func margin(rank r: Int) -> Double? {
        precondition(r >= 1 && r <= trials)
        if r <= lowest.count { return lowest[r - 1] }
        let firstHigh = trials - highest.count + 1
        if r >= firstHigh { return highest[r - firstHigh] }
        return nil
    }

    /// Σ of the `count` lowest margins (count ≤ lowest.count), and Σ of their squares and cubes about `centre`.
    package func lowestSum(count: Int, centre: Double) -> (sum: Double, squares: Double, cubes: Double) {
        var sum = 0.0, squares = 0.0, cubes = 0.0
        for x in lowest[0..<count] {
            let d = x - centre
            sum += x
            squares += d * d
            cubes += d * d * d
        }
        return (sum, squares, cubes)
    }
}
