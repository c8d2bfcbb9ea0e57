import APMAnalysis
import APMEngine
import APMRisk
import APMSampling
import APMSupport

/// The `distribution` object of a simulate, price or stress document: what the HTML report draws the margin's
/// histogram, the loss exceedance curve and the convergence chart from. Dollars per performance period; margin
/// M > 0 a gain, loss L = −M; probabilities as fractions. Identical for any thread count.
public struct DistributionResult: Codable, Sendable {
    /// Every margin of the run in equal bins (`MarginHistogram`): bin i covers
    /// [`firstEdge` + i·`binWidth`, `firstEdge` + (i + 1)·`binWidth`), dollars of margin; the counts sum to `trials`.
    public struct Histogram: Codable, Sendable {
        public var binWidth: Double
        public var firstEdge: Double
        public var counts: [Int]
        public var trials: Int

        public init(binWidth: Double, firstEdge: Double, counts: [Int], trials: Int) {
            (self.binWidth, self.firstEdge, self.counts, self.trials) = (binWidth, firstEdge, counts, trials)
        }

        /// The occupied bins of `h`, lowest to highest.
        public init(_ h: MarginHistogram) {
            let occupied = h.occupied
            binWidth = h.binWidth
            firstEdge = h.total == 0 ? 0 : h.lowerEdge(occupied.lowerBound)
            counts = Array(h.counts[occupied])
            trials = h.total
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: ResultKey.self)
            try c.figure(binWidth, "bin_width")
            try c.figure(firstEdge, "first_edge")
            try c.field(counts, "counts")
            try c.field(trials, "trials")
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: ResultKey.self)
            binWidth = try c.figure("bin_width")
            firstEdge = try c.figure("first_edge")
            counts = try c.field([Int].self, "counts")
            trials = try c.field(Int.self, "trials")
        }
    }

    /// One point of the exceedance curve: P(L > `loss`) = `exceeding` / trials, with its binomial s.e.
    public struct ExceedancePoint: Codable, Sendable {
        public var loss: Double
        public var exceeding: Int
        public var probability: EstimateResult

        public init(loss: Double, exceeding: Int, probability: EstimateResult) {
            (self.loss, self.exceeding, self.probability) = (loss, exceeding, probability)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: ResultKey.self)
            try c.figure(loss + 0, "loss")
            try c.field(exceeding, "exceeding")
            try c.field(probability, "probability")
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: ResultKey.self)
            loss = try c.figure("loss")
            exceeding = try c.field(Int.self, "exceeding")
            probability = try c.field(EstimateResult.self, "probability")
        }
    }

    /// E[M], P(loss) and TVaR at `tvarLevel` after `blocks` blocks (`trials` trials), merged in block order.
    public struct ConvergencePoint: Codable, Sendable {
        public var blocks: Int
        public var trials: Int
        public var expectedMargin: EstimateResult
        public var lossProbability: EstimateResult
        public var tvar: EstimateResult

        public init(blocks: Int, trials: Int, expectedMargin: EstimateResult, lossProbability: EstimateResult, tvar: EstimateResult) {
            (self.blocks, self.trials) = (blocks, trials)
            (self.expectedMargin, self.lossProbability, self.tvar) = (expectedMargin, lossProbability, tvar)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: ResultKey.self)
            try c.field(blocks, "blocks")
            try c.field(trials, "trials")
            try c.field(expectedMargin, "expected_margin")
            try c.field(lossProbability, "loss_probability")
            try c.field(tvar, "tvar")
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: ResultKey.self)
            blocks = try c.field(Int.self, "blocks")
            trials = try c.field(Int.self, "trials")
            expectedMargin = try c.field(EstimateResult.self, "expected_margin")
            lossProbability = try c.field(EstimateResult.self, "loss_probability")
            tvar = try c.field(EstimateResult.self, "tvar")
        }
    }

    public var histogram: Histogram
    /// Ascending in loss.
    public var exceedanceCurve: [ExceedancePoint]
    /// The TVaR level the convergence trace follows (the highest of the run); nil with no trace.
    public var convergenceLevel: Double?
    public var convergence: [ConvergencePoint]?

    public init(histogram: Histogram, exceedanceCurve: [ExceedancePoint], convergenceLevel: Double?, convergence: [ConvergencePoint]?) {
        self.histogram = histogram
        self.exceedanceCurve = exceedanceCurve
        self.convergenceLevel = convergenceLevel
        self.convergence = convergence
    }

    public init(_ d: MarginDistribution) {
        histogram = Histogram(d.histogram)
        exceedanceCurve = d.exceedanceCurve.points.map {
            ExceedancePoint(loss: $0.loss, exceeding: $0.exceeding, probability: EstimateResult($0.probability))
        }
        convergenceLevel = d.convergence?.level
        convergence = d.convergence?.points.map {
            ConvergencePoint(blocks: $0.blocks, trials: $0.trials, expectedMargin: EstimateResult($0.expectedMargin),
                             lossProbability: EstimateResult($0.lossProbability), tvar: EstimateResult($0.tailValueAtRisk))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.field(histogram, "histogram")
        try c.field(exceedanceCurve, "exceedance_curve")
        try c.figure(convergenceLevel, "convergence_level")
        try c.field(convergence, "convergence")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        histogram = try c.field(Histogram.self, "histogram")
        exceedanceCurve = try c.field([ExceedancePoint].self, "exceedance_curve")
        convergenceLevel = try c.figureIfPresent("convergence_level")
        convergence = try c.optional([ConvergencePoint].self, "convergence")
    }
}
