import Foundation
import APMSampling
import APMSupport

/// The systematic factor Θ as a discrete mixture for `apmrisk exact`.
///
/// Θ's normal score z = Φ⁻¹(F_Θ(Θ)) is cut into equal intervals [zⱼ, zⱼ₊₁] over [−z̄, z̄] (z̄ = 6 by default:
/// the mass beyond, 2Φ(−6) ≈ 2·10⁻⁹, is reported as left off). Interval j has probability Φ(zⱼ₊₁) − Φ(zⱼ) and
/// three values of Θ: its upper end (for the bracket's pessimistic side: Θ at least as large as the truth on
/// the interval), its lower end (optimistic side), and Θ at the interval's conditional mean normal score
/// E[z | interval] = (φ(zⱼ) − φ(zⱼ₊₁))/(Φ(zⱼ₊₁) − Φ(zⱼ)) (the central estimate; a midpoint rule in z that
/// ignored the slope of φ would bias it at first order). A catastrophe (probability p, multiplier m) doubles
/// every node: weight 1 − p at Θ, p at m·Θ. The cost multiplier (1 + trend) scales every node.
package struct SystematicNodes: Sendable {
    package struct Node: Sendable {
        package var probability: Double
        /// Θ on the pessimistic side, the optimistic side, and the central estimate.
        package var high: Double, low: Double, central: Double

        package func theta(_ r: LatticeRounding) -> Double {
            switch r {
            case .up: return high
            case .down: return low
            case .nearest: return central
            }
        }
    }

    package var nodes: [Node]
    /// The probability of Θ outside the nodes' range, left off.
    package var leftOff: Double

    /// Θ = 1 (no systematic factor), times the multiplier, with an optional catastrophe.
    package init(_ factor: CostDistribution?, intervals: Int, range zMax: Double = 6, multiplier: Double = 1,
                 catastrophe: (probability: Double, multiplier: Double)? = nil) throws {
        var base: [Node]
        var off = 0.0
        switch factor {
        case nil:
            base = [Node(probability: 1, high: 1, low: 1, central: 1)]
        case let .continuous(.constant(v))?:
            base = [Node(probability: 1, high: v, low: v, central: v)]
        case let .continuous(d)?:
            func theta(_ z: Double) throws -> Double {
                let v = z <= 0 ? d.lowerQuantile(GSL.normalCDF(z)) : d.upperQuantile(GSL.normalCDF(-z))
                guard let v, v.isFinite else {
                    throw ModelError(field: "systematic_factor", rule: "has no quantile function exact can use")
                }
                return v
            }
            base = []
            let dz = 2 * zMax / Double(intervals)
            for j in 0..<intervals {
                let a = -zMax + Double(j) * dz, b = a + dz
                let p = GSL.normalCDF(b) - GSL.normalCDF(a)
                let mean = (Self.density(a) - Self.density(b)) / p
                base.append(Node(probability: p, high: try theta(b), low: try theta(a), central: try theta(mean)))
            }
            off = 2 * GSL.normalCDF(-zMax)
            if base.contains(where: { $0.low < 0 }) {
                throw ModelError(field: "systematic_factor", rule: "takes negative values; exact needs Θ ≥ 0")
            }
        default:
            throw ModelError(field: "systematic_factor", rule: "is not a single continuous distribution; exact takes "
                + "lognormal, gamma, Weibull, Pareto, exponential, normal or constant")
        }
        base = base.map { Node(probability: $0.probability, high: $0.high * multiplier, low: $0.low * multiplier,
                               central: $0.central * multiplier) }
        if let c = catastrophe, c.probability > 0 {
            let hit = base.map { Node(probability: $0.probability * c.probability, high: $0.high * c.multiplier,
                                      low: $0.low * c.multiplier, central: $0.central * c.multiplier) }
            base = base.map { Node(probability: $0.probability * (1 - c.probability), high: $0.high, low: $0.low,
                                   central: $0.central) } + hit
        }
        nodes = base
        leftOff = off
    }

    /// φ(z), the standard normal density.
    private static func density(_ z: Double) -> Double { exp(-z * z / 2) / (2 * Double.pi).squareRoot() }
}
