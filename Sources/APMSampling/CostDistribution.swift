import APMSupport

/// The cost of one unit — one episode (bundles) or one member over the period (capitation, shared risk) —
/// in dollars, built from GSL variates and these compositions.
///
/// Draw order is part of apmrisk's reproducibility contract: changing it changes every figure.
public indirect enum CostDistribution: Sendable, Hashable {
    /// A single continuous variate.
    case continuous(ContinuousDistribution)
    /// One of the observed claims, equally likely (one uniform index).
    case empirical(EmpiricalCosts)
    /// One component picked with its weight (one uniform draw), then that component's draw.
    case mixture(Mixture)
    /// Zero with probability `probabilityOfZero` (one uniform draw), else a draw of `base`.
    case zeroInflated(probabilityOfZero: Double, base: CostDistribution)
    /// Frequency × severity: K claims from `frequency`, each costing a `severity` draw, summed.
    case compound(frequency: CountDistribution, severity: CostDistribution)
    /// A draw of `base`, then for each add-on in order: with its probability (one uniform draw), its cost.
    case withAddOns(base: CostDistribution, addOns: [AddOn])

    /// A weighted list of components. Weights are positive and sum to 1.
    public struct Mixture: Sendable, Hashable {
        public let weights: [Double]
        public let components: [CostDistribution]
        /// Running sums of the weights, the last one forced to exactly 1.
        package let cumulative: [Double]

        public init(weights: [Double], components: [CostDistribution]) {
            precondition(weights.count == components.count && !weights.isEmpty)
            self.weights = weights
            self.components = components
            var running = 0.0
            var c = weights.map { running += $0; return running }
            c[c.count - 1] = 1
            cumulative = c
        }
    }

    /// An extra event of one unit (a complication, a readmission): with `probability` it adds a `cost` draw.
    public struct AddOn: Sendable, Hashable {
        public let name: String
        public let probability: Double
        public let cost: CostDistribution

        public init(name: String, probability: Double, cost: CostDistribution) {
            self.name = name
            self.probability = probability
            self.cost = cost
        }
    }

    // MARK: Moments

    /// E[cost] in dollars (`.infinity` when a part has no finite mean).
    public var mean: Double {
        switch self {
        case let .continuous(d): return d.mean
        case let .empirical(e): return e.mean
        case let .mixture(m): return zip(m.weights, m.components).reduce(0) { $0 + $1.0 * $1.1.mean }
        case let .zeroInflated(p, base): return (1 - p) * base.mean
        case let .compound(k, z): return k.mean * z.mean
        case let .withAddOns(base, addOns):
            return addOns.reduce(base.mean) { $0 + $1.probability * $1.cost.mean }
        }
    }

    /// Var[cost] in dollars² (`.infinity` when a part has no finite variance).
    public var variance: Double {
        switch self {
        case let .continuous(d):
            let m = d.mean
            return d.secondMoment.isFinite ? max(0, d.secondMoment - m * m) : .infinity
        case let .empirical(e):
            return e.variance
        case let .mixture(m):
            let mean = self.mean
            let second = zip(m.weights, m.components).reduce(0) {
                $0 + $1.0 * ($1.1.variance + $1.1.mean * $1.1.mean)
            }
            return second.isFinite ? max(0, second - mean * mean) : .infinity
        case let .zeroInflated(p, base):
            let m = base.mean
            return (1 - p) * (base.variance + m * m) - (1 - p) * (1 - p) * m * m
        case let .compound(k, z):
            // Var = E[K]·Var[Z] + Var[K]·E[Z]²  (so E[K]·E[Z²] for Poisson K).
            return k.mean * z.variance + k.variance * z.mean * z.mean
        case let .withAddOns(base, addOns):
            // Independent Bernoulli(p)·Z terms: Var = p·E[Z²] − p²·E[Z]².
            return addOns.reduce(base.variance) {
                let m = $1.cost.mean
                return $0 + $1.probability * ($1.cost.variance + m * m) - $1.probability * $1.probability * m * m
            }
        }
    }

    /// sd / mean.
    public var cv: Double { variance.squareRoot() / mean }

    /// The expected number of GSL draws one unit takes (the engine sizes its blocks with it).
    public var expectedDraws: Double {
        switch self {
        case let .continuous(d):
            if case .constant = d { return 0 }
            return 1
        case .empirical: return 1
        case let .mixture(m):
            return 1 + zip(m.weights, m.components).reduce(0) { $0 + $1.0 * $1.1.expectedDraws }
        case let .zeroInflated(p, base): return 1 + (1 - p) * base.expectedDraws
        case let .compound(k, z):
            if case .fixed = k { return k.mean * z.expectedDraws }
            return 1 + k.mean * z.expectedDraws
        case let .withAddOns(base, addOns):
            return addOns.reduce(base.expectedDraws) { $0 + 1 + $1.probability * $1.cost.expectedDraws }
        }
    }

    // MARK: Sampling

    /// One unit's cost, in dollars, with every draw from one stream.
    public func sample(_ stream: RandomStream) -> Double { sample(DrawStreams(single: stream.handle)) }

    /// One unit's cost, in dollars, each draw from the stream of its purpose (`StreamPurpose`): leaf variates,
    /// mixture choices and probability-of-zero uniforms from `cost` (from `addOnCost` inside an add-on's
    /// cost), claim counts from `claims` (a shock's from `claimsExtra`), add-on occurrences from `addOns`.
    /// The reference the compiled `CostSampler` is tested against.
    public func sample(_ s: DrawStreams, inAddOn: Bool = false) -> Double {
        let r = inAddOn ? s.addOnCost : s.cost
        switch self {
        case let .continuous(d):
            return d.sample(r)
        case let .empirical(e):
            return e.sample(r)
        case let .mixture(m):
            let u = r.uniform()
            var i = 0
            while i < m.cumulative.count - 1 && u >= m.cumulative[i] { i += 1 }
            return m.components[i].sample(s, inAddOn: inAddOn)
        case let .zeroInflated(p, base):
            return r.bernoulli(p) ? 0 : base.sample(s, inAddOn: inAddOn)
        case let .compound(frequency, severity):
            let k = frequency.sample(s.claims, extra: s.claimsExtra)
            var total = 0.0
            for _ in 0..<k { total += severity.sample(s, inAddOn: inAddOn) }
            return total
        case let .withAddOns(base, addOns):
            var total = base.sample(s, inAddOn: inAddOn)
            for addOn in addOns where s.addOns.bernoulli(addOn.probability) {
                total += addOn.cost.sample(s, inAddOn: true)
            }
            return total
        }
    }
}
