import Foundation
import APMContracts
import APMEngine
import APMSampling
import APMSupport

/// `apmrisk exact`: the provider's margin distribution computed, not sampled, for the models that allow it
/// (`ExactPlan`), bracketed.
///
/// For each Θ node (`SystematicNodes`) the retained cost of one unit is put on the lattice {0, h, 2h, …}
/// (`UnitLattice`); conditional on N = n the retained total is its n-fold convolution, φⁿ by GSL's FFT on W
/// points read modulo W (W h dollars must hold the total's range, the mass outside is bounded by Chernoff and
/// reported); each lattice total r gives the margin M(n, r, Θ, Q) by the contract's own chain, weighted by
/// P(N = n)·P(node)·P(Q). This is done three times: units rounded up with Θ at each interval's upper end (the
/// pessimistic side), rounded down with Θ at the lower end (optimistic), and each interval's mass split to keep its mean, with Θ
/// at two nodes per interval matching its conditional mean and variance (the central estimate). Because M is non-increasing in the retained cost for
/// every term of the chain (checked on every lattice path it evaluates), the true figure lies between the two
/// sides, up to the mass left off (`leftOff`).
public struct ExactAnalysis: Sendable {
    /// One figure: the bracket [lower, upper] and the central estimate.
    public struct Figure: Sendable, Hashable {
        /// `loss_probability`, `expected_margin`, `margin_sd`, `var`, `tvar`, `margin_percentile`.
        public var metric: String
        /// α for VaR/TVaR, q for a percentile; nil otherwise.
        public var level: Double?
        public var lower: Double
        public var upper: Double
        public var central: Double
        /// Whether the bracket is a proven bound (false for the SD, which is not monotone in cost).
        public var bracketed: Bool
        public var width: Double { upper - lower }
    }

    public var figures: [Figure]
    /// h, dollars: the lattice step.
    public var step: Double
    /// W: lattice points of one convolution.
    public var latticePoints: Int
    /// Intervals of Θ's normal score (0 without a systematic factor).
    public var thetaIntervals: Int
    /// Units' counts kept: the least and largest n.
    public var unitRange: ClosedRange<Int>
    /// Probability left off: N beyond its kept support, Θ beyond ±6 normal scores, units' far tails.
    public var leftOff: Double
    /// An upper bound of the probability the circular convolutions wrapped around (Chernoff).
    public var wrapped: Double
    /// Probability on lattice points below 1e-20 each, not evaluated.
    public var ignored: Double
    public var elapsedSeconds: Double
    public var levels: [Double]
    public var percentiles: [Double]

    /// The figure of `metric` at `level`.
    public func figure(_ metric: String, level: Double? = nil) -> Figure? {
        figures.first { $0.metric == metric && $0.level == level }
    }

    /// Default W: 2¹⁸ for a fixed N (one convolution per Θ node), 2¹⁴ when N is random (one per n).
    public static func defaultLatticePoints(for model: RiskModel) -> Int {
        if case .fixed = model.contract.units { return 1 << 18 }
        return 1 << 14
    }

    /// Runs exact on `model`, or throws a `ModelError` naming the field it cannot treat.
    public static func run(_ model: RiskModel, latticePoints: Int? = nil, thetaIntervals: Int = 24,
                           levels: [Double]? = nil, percentiles: [Double]? = nil) throws -> ExactAnalysis {
        let started = Date()
        let plan = try ExactPlan(model)
        let w = latticePoints ?? defaultLatticePoints(for: model)
        guard w >= 64 && w <= 1 << 24 && w & (w - 1) == 0 else {
            throw ModelError(field: "--lattice-points", rule: "must be a power of two from 64 to 16,777,216, got '\(w)'")
        }
        let catastrophe = model.catastrophe.map { (probability: $0.probability, multiplier: $0.multiplier) }
        let theta = try SystematicNodes(model.systematicFactor, intervals: thetaIntervals,
                                        multiplier: model.costMultiplier, catastrophe: catastrophe)
        let levels = levels ?? model.run.levels
        let percentiles = percentiles ?? model.run.percentiles
        let nMean = plan.units.reduce(0) { $0 + Double($1.n) * $1.probability }
        let unitTail = 1e-12 / max(1, nMean)
        let h = try step(plan, theta, points: w, unitTail: unitTail)

        var sides: [LatticeRounding: ExactFigures] = [:]
        var leftOff = plan.unitsLeftOff + theta.leftOff, wrapped = 0.0, ignored = 0.0
        for rounding in LatticeRounding.allCases {
            var bins = MarginBins(width: h)
            var dropped = 0.0, wrap = 0.0, skip = 0.0
            for node in theta.nodes {
              for (t, weight) in node.thetas(rounding) {
                let unit = try UnitLattice(step: h, rounding: rounding, tail: unitTail)
                    .retained(plan.unitCost.scalingSeverity(by: t), terms: plan.unitTerms)
                dropped += weight * min(1, nMean * unit.dropped)
                wrap += weight * min(1, nMean * unit.wrapped)
                let (w1, s1) = try convolve(unit, plan, theta: t, weight: weight, points: w, step: h, into: &bins)
                wrap += w1
                skip += s1
              }
            }
            sides[rounding] = bins.figures(levels: levels, percentiles: percentiles,
                                           edge: rounding == .up ? .low : rounding == .down ? .high : .mean)
            if rounding == .up { leftOff += dropped }
            wrapped = max(wrapped, wrap)
            ignored = max(ignored, skip)
        }
        let figures = Self.figures(pessimistic: sides[.up]!, optimistic: sides[.down]!, central: sides[.central]!,
                                   unaccounted: leftOff + wrapped + ignored)
        let ns = plan.units.map(\.n)
        return ExactAnalysis(figures: figures, step: h, latticePoints: w,
                             thetaIntervals: model.systematicFactor == nil ? 0 : thetaIntervals,
                             unitRange: ns.min()!...ns.max()!, leftOff: leftOff, wrapped: wrapped, ignored: ignored,
                             elapsedSeconds: Date().timeIntervalSince(started), levels: levels, percentiles: percentiles)
    }

    /// h: the largest total (the largest n kept, Θ at its highest node) must fit W points, from where a Chernoff
    /// bound puts less than 10⁻¹⁰ below (at least 8 sd below its mean) to where it puts less than 10⁻¹⁰ above (at
    /// least 10 sd above), or its whole range when that is smaller. (A heavy-tailed unit cost makes the upper
    /// end far: one unit alone may carry the total beyond it.)
    private static func step(_ plan: ExactPlan, _ theta: SystematicNodes, points w: Int, unitTail: Double) throws -> Double {
        let top = theta.nodes.map(\.high).max()!
        let nHi = Double(plan.units.map(\.n).max()!)
        let mean0 = plan.unitCost.mean * top
        let h0 = mean0 > 0 ? mean0 / 512 : 1
        let u0 = try UnitLattice(step: h0, rounding: .up, tail: unitTail)
            .retained(plan.unitCost.scalingSeverity(by: top), terms: plan.unitTerms)
        let mu = u0.mean * h0, sd = u0.variance.squareRoot() * h0
        let full = nHi * Double(u0.mass.count - 1) * h0
        if full <= 0 || sd == 0 { return max(full, h0) / Double(w) }
        var mgf = LatticeMGF(mass: u0.mass, step: h0)
        let root = nHi.squareRoot() * sd
        var k = 10.0
        while nHi * mu + k * root < full && mgf.upperTail(copies: nHi, at: nHi * mu + k * root) > 1e-10 { k *= 1.25 }
        var j = 8.0
        while nHi * mu - j * root > 0 && mgf.lowerTail(copies: nHi, below: nHi * mu - j * root) > 1e-10 { j *= 1.25 }
        let span = min(full, nHi * mu + k * root) - max(0, nHi * mu - j * root)
        return (span < full ? span : full * 1.000001) / Double(w)
    }

    /// Adds the totals of every n (and quality score) at one Θ to `bins`; returns the wrapped-mass bound and the
    /// probability not evaluated.
    private static func convolve(_ unit: LatticePMF, _ plan: ExactPlan, theta: Double, weight: Double, points w: Int,
                                 step h: Double, into bins: inout MarginBins) throws -> (Double, Double) {
        var folded = [Double](repeating: 0, count: w)
        for k in unit.mass.indices { folded[k % w] += unit.mass[k] }
        let spectrum = try Spectrum(transforming: folded)
        var mgf = LatticeMGF(mass: unit.mass, step: h)
        let mu = unit.mean, sd = unit.variance.squareRoot()
        var wrapped = 0.0, ignored = 0.0
        var previous: (n: Int, power: Spectrum)?
        for (n, pn) in plan.units {
            let p0 = weight * pn
            if n == 0 || unit.mass.count == 1 {
                let r = Double(n * (unit.mass.count - 1)) * h
                for (q, pq) in plan.scores { bins.add(plan.margin(units: n, retained: r, theta: theta, scores: q), p0 * pq * unit.total) }
                continue
            }
            let need = n * (unit.mass.count - 1) + 1
            var start = 0
            if need > w {
                start = max(0, Int((Double(n) * mu - 8 * Double(n).squareRoot() * sd).rounded(.down)))
                start = min(start, need - w)
                wrapped += p0 * (mgf.upperTail(copies: Double(n), at: Double(start + w) * h)
                                 + mgf.lowerTail(copies: Double(n), below: Double(start) * h))
            }
            // φⁿ: one more factor φ from the last n (a complex product per coefficient), or by polar form.
            let power: Spectrum
            if let last = previous, last.n == n - 1 { power = last.power.multiplied(by: spectrum) } else {
                power = n == 1 ? spectrum : spectrum.mapped { re, im in
                    let r = (re * re + im * im).squareRoot()
                    if r == 0 { return (0, 0) }
                    let a = atan2(im, re) * Double(n), m = exp(Double(n) * log(r))
                    return (m * cos(a), m * sin(a))
                }
            }
            previous = (n, power)
            let total = try power.inverse()
            let count = min(w, need)
            var lo = 0, hi = count - 1
            while lo < count && total[(start + lo) % w] * p0 < 1e-20 { lo += 1 }
            while hi > lo && total[(start + hi) % w] * p0 < 1e-20 { hi -= 1 }
            guard lo <= hi else { continue }
            for (q, pq) in plan.scores {
                let margins = try MarginPath(plan: plan, units: n, theta: theta, scores: q, step: h)
                    .margins(from: start + lo, to: start + hi)
                for t in lo...hi {
                    let p = total[(start + t) % w] * p0
                    if p < 1e-20 { ignored += max(0, p) * pq; continue }
                    bins.add(margins[t - lo], p * pq)
                }
            }
        }
        return (wrapped, ignored)
    }

    /// The bracket of each figure from the two sides, and the central estimate. Loss figures (P(loss), VaR,
    /// TVaR) are largest on the pessimistic side, margin figures (E[M], percentiles) smallest; P(loss) is widened
    /// by the probability not accounted for.
    private static func figures(pessimistic p: ExactFigures, optimistic o: ExactFigures, central c: ExactFigures,
                                unaccounted: Double) -> [Figure] {
        func f(_ metric: String, _ level: Double?, _ a: Double, _ b: Double, _ mid: Double, bracketed: Bool = true) -> Figure {
            Figure(metric: metric, level: level, lower: min(a, b), upper: max(a, b), central: mid, bracketed: bracketed)
        }
        var out = [
            Figure(metric: "loss_probability", level: nil, lower: max(0, o.lossProbability - unaccounted),
                   upper: min(1, p.lossProbability + unaccounted), central: c.lossProbability, bracketed: true),
            f("expected_margin", nil, p.expectedMargin, o.expectedMargin, c.expectedMargin),
            f("margin_sd", nil, p.marginSD, o.marginSD, c.marginSD, bracketed: false),
        ]
        for i in c.tails.indices {
            out.append(f("var", c.tails[i].level, p.tails[i].valueAtRisk, o.tails[i].valueAtRisk, c.tails[i].valueAtRisk))
            out.append(f("tvar", c.tails[i].level, p.tails[i].tailValueAtRisk, o.tails[i].tailValueAtRisk, c.tails[i].tailValueAtRisk))
        }
        for i in c.percentiles.indices {
            out.append(f("margin_percentile", c.percentiles[i].level, p.percentiles[i].value, o.percentiles[i].value,
                         c.percentiles[i].value))
        }
        return out
    }
}
