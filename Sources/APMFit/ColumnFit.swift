import Foundation
import APMSupport

/// Every requested family fitted to one cost column (or one group of it), ranked by AIC.
///
/// Zeros are split off first: costs of exactly 0 (members without a claim) are a point mass no continuous family
/// has, so the fit reports their share as `probability_zero` (binomial s.e.) and fits the positive values — which is
/// how a model file writes it. The ranking covers the fits whose likelihood covers every positive value; a Pareto
/// fitted above a threshold higher than the minimum covers only its tail and is shown but not ranked.
public struct ColumnFit: Sendable {
    public struct Options: Sendable {
        public var families: [CostFamily] = CostFamily.allCases
        /// A Pareto's threshold (dollars); nil: the sample minimum.
        public var paretoThreshold: Double?
        /// Parametric bootstrap replicates for the KS/AD p-values (and the mixture's s.e.).
        public var replicates = 199
        public var seed: UInt64 = 20_261_123
        public var threads = 1
        /// Also fit a two-component lognormal mixture by EM.
        public var mixture = false
        public init() {}
    }

    /// The fewest positive values a fit accepts.
    public static let minimumValues = 10

    public let group: String?
    /// All values, zeros included.
    public let sampleSize: Int
    public let zeros: Int
    /// The share of zeros with its s.e. √(p(1 − p)/n); nil when there are none.
    public let probabilityZero: FittedParameter?
    /// Fits in ascending AIC (ranked ones first), each with its goodness of fit.
    public let fits: [CostFit]
    /// Families that could not be fitted, and why.
    public let notFitted: [(family: CostFamily, reason: String)]
    public let mixture: LognormalMixture?
    public let options: Options

    /// Whether `fit` covers every positive value (and so takes part in the AIC ranking).
    public func isRanked(_ fit: CostFit) -> Bool { fit.sampleSize == sampleSize - zeros }

    /// The ranked fit with the lowest AIC.
    public var best: CostFit? { fits.first(where: isRanked) }

    public init(_ values: [Double], column: String, group: String? = nil, options: Options) throws {
        let field = group.map { "\(column) (\($0))" } ?? column
        let positive = values.filter { $0 > 0 }
        guard positive.count >= Self.minimumValues else {
            throw ModelError(field: field, rule: "needs at least \(Self.minimumValues) values above 0 to fit, got \(positive.count)")
        }
        guard positive.contains(where: { $0 != positive[0] }) else {
            throw ModelError(field: field, rule: "all \(positive.count) values above 0 equal \(Figure.plain(positive[0])): "
                + "there is no spread to fit a distribution to")
        }
        if let u = options.paretoThreshold {
            let above = positive.filter { $0 >= u }.count
            guard above >= Self.minimumValues else {
                throw ModelError(field: "--pareto-threshold", rule: "leaves \(above) values at or above \(Figure.plain(u)) in "
                    + "\(field); a fit needs at least \(Self.minimumValues)")
            }
        }
        self.group = group
        self.options = options
        sampleSize = values.count
        zeros = values.count - positive.count
        let n = Double(values.count), p0 = Double(zeros) / n
        probabilityZero = zeros > 0 ? FittedParameter(name: "probability_zero", value: p0,
                                                      standardError: (p0 * (1 - p0) / n).squareRoot()) : nil
        let summary = SampleSummary(positive)
        var fits: [CostFit] = [], failed: [(CostFamily, String)] = []
        for family in options.families {
            let threshold = family == .pareto ? options.paretoThreshold : nil
            guard var fit = family.fit(summary, threshold: threshold) else {
                failed.append((family, "the likelihood has no maximum inside the family's range"))
                continue
            }
            fit.goodness = GoodnessOfFit.test(fit, sorted: fit.sorted, threshold: threshold, replicates: options.replicates,
                                              seed: options.seed, threads: options.threads)
            fits.append(fit)
        }
        let positives = positive.count
        self.fits = fits.sorted { a, b in
            let ra = a.sampleSize == positives, rb = b.sampleSize == positives
            return ra != rb ? ra : a.aic < b.aic
        }
        notFitted = failed
        mixture = options.mixture ? LognormalMixture.fit(positive, replicates: options.replicates, seed: options.seed,
                                                         threads: options.threads) : nil
    }
}
