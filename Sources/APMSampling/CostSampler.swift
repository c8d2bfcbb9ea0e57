import CGSL
import Foundation
import APMSupport

/// A `CostDistribution` compiled into a flat, worker-private table of plain values.
///
/// `CostDistribution` is an indirect enum: its cases live in reference-counted boxes, and reading them from
/// several threads at once makes every core fight over the same reference counts. The engine therefore gives
/// each worker its own `CostSampler`; sampling it touches no reference count and no shared memory, and draws
/// exactly the same variates in exactly the same order as `CostDistribution.sample(_:)` (a test checks this).
public final class CostSampler {
    /// A node's shape: a leaf keeps its `ContinuousDistribution` (whose own switch draws it), so the families
    /// are listed once, in `ContinuousDistribution`.
    private enum Kind {
        case leaf(ContinuousDistribution)
        /// The observed values are `count` entries from `start` in `observed` (this sampler's own copy).
        case empirical
        case mixture, zeroInflated, compound, withAddOns
    }

    private struct Node {
        var kind: Kind
        /// The probability of zero of a zero-inflated node.
        var probabilityOfZero = 0.0
        /// The claim count of a compound.
        var claims = CountDraw(.fixed(0))
        /// Whether the node is part of an add-on's cost: its draws come from the add-on cost stream.
        var inAddOn = false
        /// The single child (zero-inflated base, compound severity, add-on base).
        var child: Int32 = -1
        /// Mixture components or add-ons: `count` entries from `start` in `children` and `numbers`.
        var start: Int32 = 0, count: Int32 = 0

        /// The distribution of a leaf; nil for any other node.
        @inline(__always)
        var leaf: ContinuousDistribution? {
            if case let .leaf(d) = kind { return d }
            return nil
        }
    }

    private let nodes: UnsafeMutableBufferPointer<Node>
    /// Child node indices of mixtures and add-ons.
    private let children: UnsafeMutableBufferPointer<Int32>
    /// Cumulative mixture weights, or add-on probabilities, parallel to `children`.
    private let numbers: UnsafeMutableBufferPointer<Double>
    /// The values of empirical nodes (`EmpiricalCosts`), copied so that no worker shares an array's storage.
    private let observed: UnsafeMutableBufferPointer<Double>

    public init(_ distribution: CostDistribution) {
        var nodeList: [Node] = []
        var childList: [Int32] = []
        var numberList: [Double] = []
        var observedList: [Double] = []

        @discardableResult
        func add(_ d: CostDistribution, inAddOn: Bool = false) -> Int32 {
            let index = Int32(nodeList.count)
            nodeList.append(Node(kind: .mixture))
            var node: Node
            switch d {
            case let .continuous(c):
                node = Node(kind: .leaf(c))
            case let .empirical(e):
                node = Node(kind: .empirical, start: Int32(observedList.count), count: Int32(e.values.count))
                observedList += e.values
            case let .mixture(m):
                let kids = m.components.map { add($0, inAddOn: inAddOn) }
                node = Node(kind: .mixture, start: Int32(childList.count), count: Int32(kids.count))
                childList += kids
                numberList += m.cumulative
            case let .zeroInflated(p, base):
                node = Node(kind: .zeroInflated, probabilityOfZero: p, child: add(base, inAddOn: inAddOn))
            case let .compound(k, z):
                node = Node(kind: .compound, claims: k.draw, child: add(z, inAddOn: inAddOn))
            case let .withAddOns(base, addOns):
                let baseIndex = add(base, inAddOn: inAddOn)
                let kids = addOns.map { add($0.cost, inAddOn: true) }
                node = Node(kind: .withAddOns, child: baseIndex, start: Int32(childList.count), count: Int32(kids.count))
                childList += kids
                numberList += addOns.map(\.probability)
            }
            node.inAddOn = inAddOn
            nodeList[Int(index)] = node
            return index
        }
        add(distribution)

        nodes = .allocate(capacity: nodeList.count)
        _ = nodes.initialize(from: nodeList)
        children = .allocate(capacity: max(1, childList.count))
        _ = children.initialize(from: childList)
        numbers = .allocate(capacity: max(1, numberList.count))
        _ = numbers.initialize(from: numberList)
        observed = .allocate(capacity: max(1, observedList.count))
        _ = observed.initialize(from: observedList)
    }

    deinit {
        nodes.deallocate()
        children.deallocate()
        numbers.deallocate()
        observed.deallocate()
    }

    /// The continuous leaf a trial's drawn parameters replace (`ParameterUncertainty`): the root, or the base of a
    /// root probability of zero; nil for any other shape.
    public var parameterLeaf: ContinuousDistribution? { parameterLeafIndex.flatMap { nodes[$0].leaf } }

    private var parameterLeafIndex: Int? {
        if nodes[0].leaf != nil { return 0 }
        if case .zeroInflated = nodes[0].kind, nodes[Int(nodes[0].child)].leaf != nil { return Int(nodes[0].child) }
        return nil
    }

    /// Draws this trial's units from `d` instead (the worker's own sampler: no other thread sees it).
    public func setParameterLeaf(_ d: ContinuousDistribution) {
        if let i = parameterLeafIndex { nodes[i].kind = .leaf(d) }
    }

    /// One unit's cost, dollars: the same draws as `CostDistribution.sample(_:)`.
    @inline(__always)
    public func sample(_ streams: DrawStreams) -> Double { sample(node: 0, streams) }

    /// One unit's cost with every draw from one stream (Θ, tests).
    @inline(__always)
    public func sample(_ stream: StreamHandle) -> Double { sample(node: 0, DrawStreams(single: stream)) }

    /// The Poisson rate λ when the whole unit cost is an unshocked or frequency-shocked compound Poisson(λ)
    /// × severity: then the claims of n identical units can be drawn pooled (`fillPooled`).
    public var pooledPoissonRate: Double? {
        let n = nodes[0]
        guard case .compound = n.kind, n.claims.family == .poisson else { return nil }
        return n.claims.a
    }

    /// Per-unit totals of n = `totals.count` identical compound Poisson(λ) units, drawn pooled in pools of
    /// `pool` units (the base model's membership, `SimulationJob.claimPool`), in unit order, the last one
    /// possibly partial. Each pool draws its claim count K ~ Poisson(pool·λ) (one draw on the claim stream,
    /// shocked like any count), then each claim's unit within the pool (`gsl_rng_uniform_int`, on the allocation
    /// stream) and its severity (on the cost stream); a partial pool of r units keeps the claims that land on its
    /// first r. Given K the pool's unit counts are multinomial(K, 1/pool), so each unit's count is Poisson(λ)
    /// and the units are independent: the law of one compound draw per unit, with one Poisson draw per pool. A
    /// membership shock keeps the base's whole pool, so base and shocked runs share every base member's draws.
    public func fillPooled(_ totals: UnsafeMutableBufferPointer<Double>, pool: Int, _ s: DrawStreams) {
        let node = nodes[0]
        let units = totals.count
        for j in totals.indices { totals[j] = 0 }
        let poolClaims = CountDraw(poisson: node.claims.a * Double(pool), factor: node.claims.factor)
        let leaf = nodes[Int(node.child)].leaf
        let cost = s.cost, allocation = s.allocation.rng, poolSize = UInt(pool)
        var first = 0
        while first < units {
            let kept = min(pool, units - first)
            let claims = poolClaims.sample(s.claims.rng, s.claimsExtra.rng)
            if let leaf, kept == pool {
                // The whole pool is kept (always so without a membership shock): the tight loop.
                for _ in 0..<claims {
                    let j = Int(gsl_rng_uniform_int(allocation, poolSize))
                    totals[first + j] += leaf.sample(cost)
                }
            } else {
                for _ in 0..<claims {
                    let j = Int(gsl_rng_uniform_int(allocation, poolSize))
                    let y = leaf?.sample(cost) ?? sample(node: node.child, s)
                    if j < kept { totals[first + j] += y }
                }
            }
            first += pool
        }
    }

    /// Fills `out` with consecutive unit costs: exactly the draws of `out.count` calls of `sample`, in order.
    /// A single distribution, a probability of zero over one, and a compound of one are drawn in tight loops
    /// with the distribution chosen once, not per draw.
    public func fill(_ out: UnsafeMutableBufferPointer<Double>, _ s: DrawStreams) {
        let n = nodes[0]
        if let leaf = n.leaf {
            leaf.fill(out, s.cost)
            return
        }
        switch n.kind {
        case .zeroInflated:
            guard let leaf = nodes[Int(n.child)].leaf else { break }
            let r = s.cost.rng
            for i in out.indices { out[i] = gsl_rng_uniform(r) < n.probabilityOfZero ? 0 : leaf.sample(s.cost) }
            return
        case .compound:
            guard let leaf = nodes[Int(n.child)].leaf else { break }
            let claims = n.claims
            for i in out.indices {
                var total = 0.0
                for _ in 0..<claims.sample(s.claims.rng, s.claimsExtra.rng) { total += leaf.sample(s.cost) }
                out[i] = total
            }
            return
        case .leaf, .empirical, .mixture, .withAddOns:
            break
        }
        for i in out.indices { out[i] = sample(node: 0, s) }
    }

    private func sample(node i: Int32, _ s: DrawStreams) -> Double {
        let n = nodes[Int(i)]
        let stream = n.inAddOn ? s.addOnCost : s.cost
        let r = stream.rng
        switch n.kind {
        case let .leaf(d):
            return d.sample(stream)
        case .empirical:
            return observed[Int(n.start) + Int(gsl_rng_uniform_int(r, UInt(n.count)))]
        case .mixture:
            let u = gsl_rng_uniform(r)
            var k = Int(n.start)
            let last = Int(n.start + n.count) - 1
            while k < last && u >= numbers[k] { k += 1 }
            return sample(node: children[k], s)
        case .zeroInflated:
            return gsl_rng_uniform(r) < n.probabilityOfZero ? 0 : sample(node: n.child, s)
        case .compound:
            var total = 0.0
            for _ in 0..<n.claims.sample(s.claims.rng, s.claimsExtra.rng) { total += sample(node: n.child, s) }
            return total
        case .withAddOns:
            var total = sample(node: n.child, s)
            for k in Int(n.start)..<Int(n.start + n.count) where gsl_rng_uniform(s.addOns.rng) < numbers[k] {
                total += sample(node: children[k], s)
            }
            return total
        }
    }
}
