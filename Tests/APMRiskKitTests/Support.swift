import CGSL
import Foundation
@testable import APMRiskKit

/// Φ, the standard normal CDF (GSL).
func Phi(_ x: Double) -> Double { gsl_cdf_ugaussian_P(x) }
/// Φ⁻¹ (GSL).
func PhiInverse(_ p: Double) -> Double { gsl_cdf_ugaussian_Pinv(p) }

/// The package's root folder, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Runs a model given as YAML text.
func simulate(_ yaml: String, trials: Int? = nil, seed: UInt64? = 1, threads: Int = 2,
              levels: [Double]? = nil) throws -> Simulation {
    try Simulation.run(ModelLoader.parse(yaml), trials: trials, seed: seed, levels: levels, threads: threads)
}

/// |estimate − truth| within `k` standard errors (k = 4: a false alarm about once in 16,000 checks).
func within(_ estimate: Double, _ truth: Double, se: Double, k: Double = 4) -> Bool {
    abs(estimate - truth) <= k * se
}
