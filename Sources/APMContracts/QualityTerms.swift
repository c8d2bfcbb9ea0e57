import APMSupport

/// A quality gate on the result so far: below the threshold, gains are forfeited (losses are owed whatever Q).
/// MSSP's quality standard, CJR's composite score. Q ≥ q_min passes (`reaches`).
public struct QualityGate: AggregateTerm {
    public static let kind = "quality_gate"
    /// q_min, on the quality score's own scale.
    public var minimum: Double

    public init(minimum: Double) { self.minimum = minimum }

    public var readsQuality: Bool { true }
    public var componentNames: [String] { ["quality gate"] }
    public var eventNames: [String] { ["quality gate fails"] }
    public var parameters: [TermParameter] { [.init("quality_gate", minimum, .finite)] }
    public func setting(_ name: String, to value: Double) -> Self { Self(minimum: value) }

    public func apply(_ t: TrialTotals, _ s: inout SettlementState, _ row: ComponentRow) {
        let fails = !reaches(t.quality, minimum)
        row.event(0, fails)
        let forfeited = fails && s.margin > 0 ? s.margin : 0
        s.margin -= forfeited
        row.set(0, -forfeited)
    }

    public var summary: String { "quality gate: gains paid only if Q ≥ \(format(minimum))" }
}

/// A quality withhold: w·R is withheld from the revenue R and w·R·r(Q) returned, r a piecewise-linear map
/// into [0, 1]. The withhold and its return are separate components.
public struct Withhold: AggregateTerm {
    public static let kind = "withhold"
    /// w: the share of revenue withheld, in [0, 1].
    public var rate: Double
    /// r(Q): the share of the withhold returned.
    public var returned: PiecewiseLinearMap

    public init(rate: Double, returned: PiecewiseLinearMap) {
        self.rate = rate
        self.returned = returned
    }

    public var readsQuality: Bool { true }
    public var componentNames: [String] { ["quality withhold", "withhold returned"] }
    public var parameters: [TermParameter] { [.init("withhold", rate, .fraction)] }
    public func setting(_ name: String, to value: Double) -> Self { Self(rate: value, returned: returned) }

    public func apply(_ t: TrialTotals, _ s: inout SettlementState, _ row: ComponentRow) {
        let held = rate * s.revenue
        let back = held * returned(t.quality)
        s.margin += back - held
        row.set(0, -held)
        row.set(1, back)
    }

    public var summary: String { "withhold \(format(rate * 100))% of revenue, returned by Q: \(returned.summary)" }
}

/// A pay-for-performance adjustment: a(Q)·R added to the margin, a a piecewise-linear map of the quality score
/// (HVBP, MIPS and HRRP shapes; a < 0 is a penalty), R the payment term's revenue.
public struct PerformanceAdjustment: AggregateTerm {
    public static let kind = "performance_adjustment"
    public var adjustment: PiecewiseLinearMap

    public init(adjustment: PiecewiseLinearMap) { self.adjustment = adjustment }

    public var readsQuality: Bool { true }
    public var componentNames: [String] { ["performance adjustment"] }
    public var eventNames: [String] { ["performance penalty"] }
    public var parameters: [TermParameter] { [] }
    public func setting(_ name: String, to value: Double) -> Self { self }

    public func apply(_ t: TrialTotals, _ s: inout SettlementState, _ row: ComponentRow) {
        let a = adjustment(t.quality) * s.revenue
        s.margin += a
        row.set(0, a)
        row.event(0, a < 0)
    }

    public var summary: String { "performance adjustment a(Q) × revenue: \(adjustment.summary)" }
}
