import APMContracts

/// The unit terms as a function of one unit's cost: g(x) = retained cost of a unit costing x (after the
/// systematic factor), non-decreasing and continuous, g(x) ≤ x:
///
///     g(x) = min(x, u) − c·max(0, min(x, u) − A)
///
/// `exact` needs its generalised inverses to turn the unit cost's distribution function into the retained
/// cost's: P(g(X) ≤ r) = P(X ≤ g⁺(r)) and P(g(X) < r) = P(X < g⁻(r)).
package struct UnitCostFunction: Sendable {
    package let terms: UnitTerms

    package init(_ terms: UnitTerms) { self.terms = terms }

    package func callAsFunction(_ x: Double) -> Double { terms.retainedCost(x) }

    /// sup g, dollars (`.infinity` when unbounded).
    package var maximum: Double {
        if terms.cap.isFinite { return self(terms.cap) }
        if let s = terms.stopLoss, s.coinsurance >= 1 { return s.attachment }
        return .infinity
    }

    /// Whether g is the identity.
    package var isIdentity: Bool { !terms.cap.isFinite && (terms.stopLoss == nil || terms.stopLoss!.coinsurance == 0) }

    /// g⁺(r) = sup{x : g(x) ≤ r} (∞ beyond the top of g), r ≥ 0.
    package func upperInverse(_ r: Double) -> Double {
        if r >= maximum { return .infinity }
        return linearInverse(r)
    }

    /// g⁻(r) = inf{x : g(x) ≥ r} (∞ above the top of g), r ≥ 0.
    package func lowerInverse(_ r: Double) -> Double {
        if r > maximum { return .infinity }
        return linearInverse(r)
    }

    /// The inverse on g's strictly increasing part (r below sup g).
    private func linearInverse(_ r: Double) -> Double {
        guard let s = terms.stopLoss, s.attachment < terms.cap, r > s.attachment, s.coinsurance > 0 else { return r }
        return s.attachment + (r - s.attachment) / (1 - s.coinsurance)
    }
}
