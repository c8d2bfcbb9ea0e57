import CGSL
import Foundation

/// Parameter risk: the unit cost's parameters are estimates, so each trial draws them afresh from their sampling
/// distribution (`apmrisk fit --parameter-risk` writes the covariance), and every unit of the trial then draws its
/// cost from the trial's parameters. P(loss) and TVaR then include the risk that the estimates are wrong —
/// shared by all units of a year, like the systematic factor, so it does not diversify away with volume.
///
/// The draw is the large-sample normal approximation of the estimates, taken on the scale where a parameter can
/// take any value: the logarithm of a positive parameter (its covariance by the delta method, Σᵢⱼ/(θᵢθⱼ)), the
/// parameter itself otherwise (a lognormal's ζ). So a drawn shape or scale is always valid, and a severity shock
/// (which multiplies a scale or adds to ζ) moves the centre while the relative uncertainty stays. One trial takes
/// k `gsl_ran_gaussian_ziggurat` draws (k parameters) from its own stream (`StreamPurpose.parameterDraw`).
public struct ParameterUncertainty: Sendable, Hashable {
    /// The covariance of the native parameters at the estimate, as the model file gives it.
    public let covariance: [[Double]]
    /// Whether each parameter is drawn on the log scale (a positive one).
    package let logScale: [Bool]
    /// The lower Cholesky factor of the working scale's covariance (rows; zero columns where a variance is 0).
    package let cholesky: [[Double]]

    /// The uncertainty of `estimate`'s native parameters with `covariance`; the reason it cannot be when the
    /// matrix is not square of the family's size, not symmetric, not finite or not positive semi-definite.
    public static func make(_ estimate: ContinuousDistribution, covariance: [[Double]]) -> Result<ParameterUncertainty, Problem> {
        let native = estimate.native
        let k = native.values.count
        guard covariance.count == k, covariance.allSatisfy({ $0.count == k }) else {
            return .failure(Problem("must be a \(k)×\(k) matrix, one row and column per parameter of the \(native.family.name) "
                + "(\(native.family.parameterNames.joined(separator: ", ")))"))
        }
        guard covariance.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { return .failure(Problem("must hold finite numbers")) }
        for i in 0..<k {
            for j in 0..<i where abs(covariance[i][j] - covariance[j][i]) > 1e-9 * max(abs(covariance[i][j]), abs(covariance[j][i]), 1e-300) {
                return .failure(Problem("must be symmetric: row \(i + 1), column \(j + 1) is \(covariance[i][j]) but row \(j + 1), column \(i + 1) is \(covariance[j][i])"))
            }
        }
        let logScale = native.family.parameters.map { $0.rule == .positive }
        let scale = zip(native.values, logScale).map { $1 ? 1 / $0 : 1 }
        let working = (0..<k).map { i in (0..<k).map { j in covariance[i][j] * scale[i] * scale[j] } }
        guard let l = Self.cholesky(working) else {
            return .failure(Problem("must be a covariance matrix (positive semi-definite): it is not"))
        }
        return .success(ParameterUncertainty(covariance: covariance, logScale: logScale, cholesky: l))
    }

    public struct Problem: Error, Sendable { public let rule: String; init(_ rule: String) { self.rule = rule } }

    /// Cholesky of a positive semi-definite matrix: a zero pivot (a parameter without uncertainty) gives a zero
    /// column; a negative one (beyond rounding) is not semi-definite: nil.
    static func cholesky(_ a: [[Double]]) -> [[Double]]? {
        let k = a.count
        var l = Array(repeating: Array(repeating: 0.0, count: k), count: k)
        for j in 0..<k {
            var d = a[j][j]
            for m in 0..<j { d -= l[j][m] * l[j][m] }
            let tolerance = 1e-12 * max(abs(a[j][j]), 1e-300)
            guard d >= -tolerance else { return nil }
            if d <= tolerance {
                // No variance left: the rest of the column must be 0 too.
                for i in (j + 1)..<k {
                    var s = a[i][j]
                    for m in 0..<j { s -= l[i][m] * l[j][m] }
                    guard abs(s) <= 1e-9 * (abs(a[i][i] * a[j][j]).squareRoot() + 1e-300) else { return nil }
                }
                continue
            }
            l[j][j] = d.squareRoot()
            for i in (j + 1)..<k {
                var s = a[i][j]
                for m in 0..<j { s -= l[i][m] * l[j][m] }
                l[i][j] = s / l[j][j]
            }
        }
        return l
    }

    /// One trial's parameters around `center` (the model's distribution, after any shock): the working-scale
    /// parameters plus L·z, z from k Gaussian draws of `stream`.
    @inline(never)
    public func draw(around center: ContinuousDistribution, _ stream: StreamHandle) -> ContinuousDistribution {
        let native = center.native
        let k = native.values.count
        var z = [Double](repeating: 0, count: k)
        for i in 0..<k { z[i] = gsl_ran_gaussian_ziggurat(stream.rng, 1) }
        var values = native.values
        for i in 0..<k {
            var shift = 0.0
            for j in 0...i { shift += cholesky[i][j] * z[j] }
            values[i] = logScale[i] ? values[i] * exp(shift) : values[i] + shift
        }
        return native.family.make(values)
    }
}
