import Foundation

/// The margin's distribution from `exact`, gathered into bins of width w dollars: bin b holds every atom with
/// b·w ≤ M < (b + 1)·w, keeping its exact mass, Σ p·M and Σ p·M². P(M < 0) and E[M] are then exact sums;
/// a quantile is known to within its bin, which the bracket takes at the bin's pessimistic or optimistic edge.
package struct MarginBins: Sendable {
    package let width: Double
    private var first = 0
    private var mass: [Double] = []
    private var sum: [Double] = []
    private var squares: [Double] = []

    package init(width: Double) { self.width = width }

    /// Adds probability p at margin m (dollars).
    package mutating func add(_ m: Double, _ p: Double) {
        let b = Int((m / width).rounded(.down))
        if mass.isEmpty { first = b }
        if b < first {
            let grow = max(first - b, mass.count)
            mass = [Double](repeating: 0, count: grow) + mass
            sum = [Double](repeating: 0, count: grow) + sum
            squares = [Double](repeating: 0, count: grow) + squares
            first -= grow
        }
        let i = b - first
        if i >= mass.count {
            let grow = max(i + 1 - mass.count, mass.count)
            mass += [Double](repeating: 0, count: grow)
            sum += [Double](repeating: 0, count: grow)
            squares += [Double](repeating: 0, count: grow)
        }
        mass[i] += p
        sum[i] += p * m
        squares[i] += p * m * m
    }

    /// Σ p over every atom.
    package var total: Double { mass.reduce(0, +) }

    /// The figures of one side of the bracket: within a bin, `edge` picks the value a quantile or a tail's
    /// partial bin takes (`.low`: the bin's lower edge, the pessimistic side; `.high`: its upper edge; `.mean`:
    /// the bin's mean, the central estimate).
    package func figures(levels: [Double], percentiles: [Double], edge: Edge) -> ExactFigures {
        let total = self.total
        var loss = 0.0, s = 0.0, s2 = 0.0
        for i in mass.indices {
            if first + i < 0 { loss += mass[i] }
            s += sum[i]
            s2 += squares[i]
        }
        let mean = s / total
        let sd = max(0, s2 / total - mean * mean).squareRoot()
        func value(_ i: Int) -> Double {
            switch edge {
            case .low: return Double(first + i) * width
            case .high: return Double(first + i + 1) * width
            case .mean: return mass[i] > 0 ? sum[i] / mass[i] : Double(first + i) * width
            }
        }
        /// The bin where the mass below first exceeds q·total, with the mass below it.
        func bin(_ q: Double) -> (Int, Double) {
            var below = 0.0
            for i in mass.indices where mass[i] > 0 {
                if below + mass[i] > q * total { return (i, below) }
                below += mass[i]
            }
            return (mass.count - 1, below - mass[mass.count - 1])
        }
        var tails: [(level: Double, valueAtRisk: Double, tailValueAtRisk: Double)] = []
        for a in levels {
            let (b, below) = bin(1 - a)
            var worst = 0.0
            for i in 0..<b { worst += sum[i] }
            let tailMass = (1 - a) * total
            worst += (tailMass - below) * value(b)
            tails.append((a, -value(b), -worst / tailMass))
        }
        let pct = percentiles.map { q -> (Double, Double) in
            let (b, _) = bin(q)
            return (q, value(b))
        }
        return ExactFigures(lossProbability: loss / total, expectedMargin: mean, marginSD: sd, tails: tails,
                            percentiles: pct.map { (level: $0.0, value: $0.1) })
    }

    package enum Edge: Sendable { case low, high, mean }
}

/// One side of `exact`'s bracket (or its central estimate): every figure of the margin's distribution, dollars
/// (M > 0 a gain; VaR and TVaR of the loss L = −M).
package struct ExactFigures: Sendable {
    package var lossProbability: Double
    package var expectedMargin: Double
    package var marginSD: Double
    package var tails: [(level: Double, valueAtRisk: Double, tailValueAtRisk: Double)]
    package var percentiles: [(level: Double, value: Double)]
}
