/// How a cost is moved onto the lattice {0, h, 2h, …} of `apmrisk exact`.
///
/// Rounding every unit's cost up makes every unit, hence every total, at least as large as the true one (a
/// coupling); rounding down makes it at most as large. For a contract whose margin is non-increasing in the
/// retained cost, `up` gives a margin stochastically smaller than the true one and `down` a larger one: the
/// two bracket every figure. `central` is the central estimate: the mass in [k·h, (k + 1)·h) split between k
/// and k + 1 so that the interval's mean is kept (the first-order local moment matching of De Vylder and Gerber &
/// Jones), which keeps every unit's mean exactly and errs by order h² in its distribution.
package enum LatticeRounding: String, Sendable, CaseIterable {
    case up, down, central

    /// The lattice index of x/h under this rounding; a value within 1e-9 of a lattice point is that point (so
    /// that the identity part of a unit term keeps a lattice value on its point).
    package func index(_ q: Double) -> Int {
        let r = q.rounded()
        if abs(q - r) <= 1e-9 * max(1, abs(q)) { return Int(r) }
        switch self {
        case .up: return Int(q.rounded(.up))
        case .down: return Int(q.rounded(.down))
        case .central: return Int(r)
        }
    }

    /// The boundary b(k) (in units of h) with mass[k] = P(X ≤ b(k)) − P(X ≤ b(k − 1)) (`up`, inclusive) or
    /// P(X < b(k)) − P(X < b(k − 1)) (`down`, exclusive; `central` splits each interval's mass instead, see `UnitLattice`).
    package func boundary(_ k: Int) -> (Double, inclusive: Bool) {
        switch self {
        case .up: return (Double(k), true)
        case .down: return (Double(k + 1), false)
        case .central: return (Double(k) + 0.5, false)
        }
    }
}
