import Foundation
import APMSampling

/// One family fitted to a cost sample by maximum likelihood: its parameters with standard errors and covariance,
/// the log-likelihood, AIC and BIC, and — once `GoodnessOfFit` has run — its KS and AD statistics.
public struct CostFit: Sendable {
    public let family: CostFamily
    /// The estimated parameters (native, as a model file writes them), then any fixed one.
    public let parameters: [FittedParameter]
    /// Covariance of the estimated parameters (inverse observed information), in `parameters` order.
    public let covariance: [[Double]]
    /// ln L at the estimate, over the `sampleSize` values fitted.
    public let logLikelihood: Double
    /// The values the likelihood covers, ascending (a Pareto's: those at or above its threshold).
    public let sorted: [Double]
    /// How many values the likelihood covers.
    public var sampleSize: Int { sorted.count }
    /// The fitted distribution.
    public let distribution: ContinuousDistribution
    /// Goodness of fit, filled in by `GoodnessOfFit.test`.
    public var goodness: GoodnessOfFit?

    init(family: CostFamily, names: [String], values: [Double], information: [[Double]], logLikelihood: Double,
         sorted: [Double], fixed: [FittedParameter] = []) {
        self.family = family
        let cov = Matrix.inverse(information)
        covariance = cov
        parameters = zip(names, values).enumerated().map { i, p in
            FittedParameter(name: p.0, value: p.1, standardError: cov[i][i] >= 0 ? cov[i][i].squareRoot() : .nan)
        } + fixed
        self.logLikelihood = logLikelihood
        self.sorted = sorted
        distribution = family.distribution(values + fixed.map(\.value))
    }

    /// Parameters counted by AIC and BIC: the estimated ones, and a Pareto's scale when it is the sample minimum
    /// (the data chose it).
    public var parameterCount: Int { parameters.count }

    /// AIC = 2k − 2 ln L.
    public var aic: Double { 2 * Double(parameterCount) - 2 * logLikelihood }
    /// BIC = k ln n − 2 ln L.
    public var bic: Double { Double(parameterCount) * log(Double(sampleSize)) - 2 * logLikelihood }

    /// The mean (dollars) and cv the fit implies, each with a delta-method standard error from the covariance
    /// (a central-difference gradient); an infinite mean or cv (a Pareto with shape ≤ 1 or ≤ 2) has none.
    public var impliedMean: FittedParameter { implied("mean") { $0.mean } }
    public var impliedCV: FittedParameter {
        implied("cv") { d in
            let m = d.mean
            return (d.secondMoment - m * m).squareRoot() / m
        }
    }

    private func implied(_ name: String, _ g: (ContinuousDistribution) -> Double) -> FittedParameter {
        let estimated = covariance.count
        let values = parameters.map(\.value)
        let x = g(distribution)
        guard x.isFinite else { return FittedParameter(name: name, value: x, standardError: nil) }
        var gradient: [Double] = []
        for i in 0..<estimated {
            let h = 1e-5 * max(abs(values[i]), 1e-8)
            var up = values, down = values
            up[i] += h; down[i] -= h
            gradient.append((g(family.distribution(up)) - g(family.distribution(down))) / (2 * h))
        }
        var variance = 0.0
        for i in 0..<estimated { for j in 0..<estimated { variance += gradient[i] * covariance[i][j] * gradient[j] } }
        return FittedParameter(name: name, value: x, standardError: variance.isFinite && variance >= 0 ? variance.squareRoot() : nil)
    }
}

/// Small dense matrices (the information matrices of 1 to 5 parameters).
enum Matrix {
    /// The inverse by Gauss–Jordan elimination with partial pivoting; NaNs when singular.
    static func inverse(_ a: [[Double]]) -> [[Double]] {
        let n = a.count
        var m = a, inv = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for c in 0..<n {
            guard let p = (c..<n).max(by: { abs(m[$0][c]) < abs(m[$1][c]) }), m[p][c] != 0, m[p][c].isFinite else {
                return Array(repeating: Array(repeating: .nan, count: n), count: n)
            }
            m.swapAt(c, p); inv.swapAt(c, p)
            let d = m[c][c]
            for j in 0..<n { m[c][j] /= d; inv[c][j] /= d }
            for r in 0..<n where r != c {
                let f = m[r][c]
                if f == 0 { continue }
                for j in 0..<n { m[r][j] -= f * m[c][j]; inv[r][j] -= f * inv[c][j] }
            }
        }
        return inv
    }
}
