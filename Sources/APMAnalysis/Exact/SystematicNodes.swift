import Foundation
import APMSampling
import APMSupport

/// The systematic factor Θ as a discrete mixture for `apmrisk exact`.
///
/// Θ's normal score z = Φ⁻¹(F_Θ(Θ)) is cut into equal intervals [zⱼ, zⱼ₊₁] over [−z̄, z̄] (z̄ = 6 by default:
/// the mass beyond, 2Φ(−6) ≈ 2·10⁻⁹, is reported as left off). Interval j has probability Φ(zⱼ₊₁) − Φ(zⱼ) and
/// values of Θ: its upper end (for the bracket's pessimistic side: Θ at least as large as the truth on the
/// interval), its lower end (optimistic side), and for the central estimate two nodes, each with half the
/// interval's probability, at z̄ ± s, where z̄ = E[z | interval] = (φ(zⱼ) − φ(zⱼ₊₁))/p and
/// s² = Var[z | interval] = 1 + (zⱼφ(zⱼ) − zⱼ₊₁φ(zⱼ₊₁))/p − z̄²: they match the first two conditional moments
/// of z, so the central estimate keeps Θ's variance within each interval (one node at the midpoint would lose
/// about Δz²/12 of it and narrow every tail). A catastrophe (probability p, multiplier m) doubles
/// every node: weight 1 − p at Θ, p at m·Θ. The cost multiplier (1 + trend) scales every node.
package struct SystematicNodes: Sendable {
    package struct Node: Sendable {
        package var probability: Double
        /// Θ on the pessimistic side, the optimistic side, and the central estimate's two nodes.
        package var high: Double, low: Double, central: Double, central2: Double

        /// Θ for a side of the bracket, with the probability it carries: the central side has two, each with half.
        package func thetas(_ r: LatticeRounding) -> [(theta: Double, probability: Double)] {
            switch r {
            case .up: return [(high, probability)]
            case .down: return [(low, probability)]
            case .central: return central == central2 ? [(central, probability)]
                                                      : [(central, probability / 2), (central2, probability / 2)]
            }
        }

        func scaled(_ m: Double, probability p: Double) -> Node {
            Node(probability: p, high: high * m, low: low * m, central: central * m, central2: central2 * m)
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
            base = [Node(probability: 1, high: 1, low: 1, central: 1, central2: 1)]
        case let .continuous(.constant(v))?:
            base = [Node(probability: 1, high: v, low: v, central: v, central2: v)]
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
                let second = 1 + (a * Self.density(a) - b * Self.density(b)) / p
                let sd = max(0, second - mean * mean).squareRoot()
                base.append(Node(probability: p, high: try theta(b), low: try theta(a), central: try theta(mean - sd),
                                 central2: try theta(mean + sd)))
            }
            off = 2 * GSL.normalCDF(-zMax)
            if base.contains(where: { $0.low < 0 }) {
                throw ModelError(field: "systematic_factor", rule: "takes negative values; exact needs Θ ≥ 0")
            }
        default:
            throw ModelError(field: "systematic_factor", rule: "is not a single continuous distribution; exact takes "
                + "lognormal, gamma, Weibull, Pareto, exponential, normal or constant")
        }
        base = base.map { $0.scaled(multiplier, probability: $0.probability) }
        if let c = catastrophe, c.probability > 0 {
            base = base.map { $0.scaled(1, probability: $0.probability * (1 - c.probability)) }
                + base.map { $0.scaled(c.multiplier, probability: $0.probability * c.probability) }
        }
        nodes = base
        leftOff = off
    }

    /// φ(z), the standard normal density.
    private static func density(_ z: Double) -> Double { exp(-z * z / 2) / (2 * Double.pi).squareRoot() }
}
