import APMContracts
import APMSupport

/// The margin along the lattice of retained totals, for one unit count n, one Θ and one set of quality scores:
/// M(k) = M(n, k·h, Θ, Q) for k = a … b, from the contract's own chain.
///
/// Every term of a chain is piecewise linear in the retained cost R (a payment less R, clamps, sharing bands,
/// corridors, caps), so M(k) is evaluated at the ends and at the eighths of a segment; where those nine values
/// lie on one line (to 10⁻⁹ of the margin's scale) the segment is filled in by that line, else it is halved,
/// down to segments of 16 points evaluated point by point. A kink is found to the lattice point. Every evaluated
/// value must be non-increasing in k, the property the bracket rests on; one that rises stops the run.
struct MarginPath {
    let plan: ExactPlan
    let units: Int
    let theta: Double
    let scores: QualityScores
    let step: Double

    init(plan: ExactPlan, units: Int, theta: Double, scores: QualityScores, step: Double) throws {
        self.plan = plan
        self.units = units
        self.theta = theta
        self.scores = scores
        self.step = step
    }

    func margin(_ k: Int) -> Double {
        plan.margin(units: units, retained: Double(k) * step, theta: theta, scores: scores)
    }

    /// M(a) … M(b).
    func margins(from a: Int, to b: Int) throws -> [Double] {
        var out = [Double](repeating: .nan, count: b - a + 1)
        try fill(a, b, base: a, &out)
        return out
    }

    private func fill(_ a: Int, _ b: Int, base: Int, _ out: inout [Double]) throws {
        if b - a <= 16 {
            for k in a...b where out[k - base].isNaN { out[k - base] = margin(k) }
            try checkFalling(a, b, base: base, out)
            return
        }
        let points = (0...8).map { a + (b - a) * $0 / 8 }
        for k in points where out[k - base].isNaN { out[k - base] = margin(k) }
        let ma = out[a - base], mb = out[b - base]
        let scale = max(1, abs(ma), abs(mb))
        let slope = (mb - ma) / Double(b - a)
        let linear = points.allSatisfy { abs(out[$0 - base] - (ma + slope * Double($0 - a))) <= 1e-9 * scale }
        try checkFalling(points, base: base, out)
        if linear {
            for k in a...b where out[k - base].isNaN { out[k - base] = ma + slope * Double(k - a) }
            return
        }
        let mid = (a + b) / 2
        try fill(a, mid, base: base, &out)
        try fill(mid, b, base: base, &out)
    }

    private func checkFalling(_ a: Int, _ b: Int, base: Int, _ out: [Double]) throws {
        try checkFalling(Array(a...b), base: base, out)
    }

    private func checkFalling(_ ks: [Int], base: Int, _ out: [Double]) throws {
        for (i, j) in zip(ks, ks.dropFirst()) {
            let m0 = out[i - base], m1 = out[j - base]
            if m1 > m0 + 1e-9 * max(1, abs(m0)) {
                throw ModelError(field: "contract.\(plan.contract.kind)", rule: "its margin rises with the retained cost "
                    + "(at \(units) units, cost \(format(Double(j) * step))); exact's bracket needs a margin non-increasing in cost")
            }
        }
    }
}
