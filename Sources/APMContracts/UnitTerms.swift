/// Terms applied to each unit's cost (one episode, or one member over the period) before the trial's costs are
/// summed: a cap and a specific stop-loss. They are plain numbers, applied in the engine's unit loop with no
/// dispatch per unit.
///
///     capped   = min(X, u)                        u: outlier cap or per-member truncation (∞ for none)
///     retained = capped − c·max(0, capped − A)    specific stop-loss at attachment A, coinsurance c
public struct UnitTerms: Sendable, Hashable {
    /// u: per-unit cap, dollars; cost above it is not the provider's (a bundle's outlier cap, MSSP's truncation
    /// of each beneficiary's spending). `.infinity` for none.
    public var cap: Double
    /// A specific (individual) stop-loss on each unit's capped cost, if bought.
    public var stopLoss: SpecificStopLoss?

    public init(cap: Double = .infinity, stopLoss: SpecificStopLoss? = nil) {
        self.cap = cap
        self.stopLoss = stopLoss
    }

    /// Adds one unit of cost `x` (dollars, after the systematic factor) to `sums`.
    @inlinable @inline(__always)
    public func add(_ x: Double, to sums: inout UnitSums) {
        sums.gross += x
        let capped = min(x, cap)
        sums.capped += capped
        if let stopLoss { sums.retained += capped - stopLoss.recovery(capped) } else { sums.retained += capped }
    }

    /// The numeric terms by name: the cap (`outlier_cap`) when there is one, the stop-loss's attachment and
    /// coinsurance when bought.
    public func parameters(unitName: String) -> [TermParameter] {
        var p: [TermParameter] = []
        if cap.isFinite || unitName == "episodes" { p.append(.init("outlier_cap", cap, .positive)) }
        if let stopLoss {
            p += [.init("attachment", stopLoss.attachment, .positive), .init("coinsurance", stopLoss.coinsurance, .fraction)]
        }
        return p
    }

    /// These unit terms with `name` set to `value`, or nil if `name` is not a unit term.
    public func setting(_ name: String, to value: Double) -> UnitTerms? {
        var u = self
        switch name {
        case "outlier_cap": u.cap = value
        case "attachment" where stopLoss != nil: u.stopLoss!.attachment = value
        case "coinsurance" where stopLoss != nil: u.stopLoss!.coinsurance = value
        default: return nil
        }
        return u
    }

    /// The part of one unit's cost `x` the provider keeps.
    @inlinable
    public func retainedCost(_ x: Double) -> Double {
        var s = UnitSums()
        add(x, to: &s)
        return s.retained
    }
}

/// Specific (individual) stop-loss: the carrier reimburses a share of each unit's period cost above an
/// attachment point, for a premium per member per month (charged by the payment term).
public struct SpecificStopLoss: Sendable, Hashable {
    /// A: the attachment point per unit per period, dollars.
    public var attachment: Double
    /// c: the share of cost above A the carrier pays, in [0, 1] (default 1).
    public var coinsurance: Double
    /// q: the premium, dollars per member per month.
    public var premiumPMPM: Double

    public init(attachment: Double, coinsurance: Double = 1, premiumPMPM: Double = 0) {
        self.attachment = attachment
        self.coinsurance = coinsurance
        self.premiumPMPM = premiumPMPM
    }

    /// c·max(0, Y − A): what the carrier pays back on a unit whose period cost is `cost`.
    @inlinable
    public func recovery(_ cost: Double) -> Double { coinsurance * max(0, cost - attachment) }
}

/// One trial's unit costs summed three ways, dollars: gross Σ X, after the cap Σ min(X, u), and retained
/// (after the cap and the specific stop-loss).
public struct UnitSums: Sendable, Hashable {
    public var gross = 0.0
    public var capped = 0.0
    public var retained = 0.0

    @inlinable public init() {}

    public init(gross: Double, capped: Double, retained: Double) {
        self.gross = gross
        self.capped = capped
        self.retained = retained
    }
}
