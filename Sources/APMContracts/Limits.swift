import APMSupport

/// Stop-loss and stop-gain limits on the result so far, as fractions of the base B (a bundle's target N·b, a
/// retrospective bundle's N·T′):  M = clamp(M, −ℓ·B, +g·B). A limit reached exactly binds.
public struct Limits: AggregateTerm {
    public static let kind = "limits"
    /// ℓ, g: fractions of B; `.infinity` for none.
    public var stopLoss: Double, stopGain: Double

    public init(stopLoss: Double = .infinity, stopGain: Double = .infinity) {
        self.stopLoss = stopLoss
        self.stopGain = stopGain
    }

    public var componentNames: [String] { ["stop-loss limit", "stop-gain limit"] }
    public var eventNames: [String] {
        (stopLoss.isFinite ? ["stop-loss binds"] : []) + (stopGain.isFinite ? ["stop-gain binds"] : [])
    }
    public var parameters: [TermParameter] {
        [.init("stop_loss", stopLoss, .nonNegative), .init("stop_gain", stopGain, .nonNegative)]
    }

    public func setting(_ name: String, to value: Double) -> Self {
        var c = self
        if name == "stop_loss" { c.stopLoss = value } else { c.stopGain = value }
        return c
    }

    @inlinable
    public func apply(_ t: TrialTotals, _ s: inout SettlementState, _ row: ComponentRow) {
        let raw = s.margin, base = s.base
        // Written so that an infinite fraction times a zero base never makes NaN.
        var limited = raw
        if stopLoss.isFinite {
            row.event(0, raw <= -stopLoss * base)
            if raw < -stopLoss * base { limited = -stopLoss * base }
        }
        if stopGain.isFinite {
            row.event(stopLoss.isFinite ? 1 : 0, raw >= stopGain * base)
            if raw > stopGain * base { limited = stopGain * base }
        }
        s.margin = limited
        row.set(0, raw < limited ? limited - raw : 0)
        row.set(1, raw > limited ? limited - raw : 0)
    }

    public var summary: String {
        "stop-loss " + (stopLoss.isFinite ? "\(format(stopLoss * 100))%" : "none")
            + ", stop-gain " + (stopGain.isFinite ? "\(format(stopGain * 100))%" : "none") + " of the target"
    }
}

/// Aggregate stop-loss reinsurance on the trial's retained cost S: the carrier pays c·max(0, S − A) for a
/// premium P per period. M += recovery − P.
public struct AggregateStopLoss: AggregateTerm {
    public static let kind = "aggregate_stop_loss"
    /// A: the attachment, dollars of retained cost per period.
    public var attachment: Double
    /// c: the carrier's share above A, in [0, 1].
    public var coinsurance: Double
    /// P: the premium, dollars per period.
    public var premium: Double

    public init(attachment: Double, coinsurance: Double = 1, premium: Double = 0) {
        self.attachment = attachment
        self.coinsurance = coinsurance
        self.premium = premium
    }

    public var componentNames: [String] { ["aggregate stop-loss recovery", "aggregate stop-loss premium"] }
    public var eventNames: [String] { ["aggregate stop-loss attaches"] }
    public var parameters: [TermParameter] {
        [.init("aggregate_attachment", attachment, .positive), .init("aggregate_coinsurance", coinsurance, .fraction),
         .init("aggregate_premium", premium, .nonNegative)]
    }

    public func setting(_ name: String, to value: Double) -> Self {
        var c = self
        switch name {
        case "aggregate_attachment": c.attachment = value
        case "aggregate_coinsurance": c.coinsurance = value
        default: c.premium = value
        }
        return c
    }

    public func apply(_ t: TrialTotals, _ s: inout SettlementState, _ row: ComponentRow) {
        let recovery = coinsurance * max(0, t.costs.retained - attachment)
        s.margin += recovery - premium
        row.set(0, recovery)
        row.set(1, -premium)
        row.event(0, reaches(t.costs.retained, attachment))
    }

    public var summary: String {
        "aggregate stop-loss above \(format(attachment)), \(format(coinsurance * 100))% covered, premium \(format(premium))"
    }
}
