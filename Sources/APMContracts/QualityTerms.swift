import APMSupport

/// A quality gate on the result so far: below the threshold, gains are forfeited (losses are owed whatever Q).
/// MSSP's quality standard, CJR's composite score. Q ≥ q_min passes (`reaches`).
public struct QualityGate: AggregateTerm {
    public static let kind = "quality_gate"
    /// q_min, on the quality score's own scale.
    public var minimum: Double
    /// Which of the contract's quality measures the gate reads (0: the first).
    public var score: Int

    public init(minimum: Double, score: Int = 0) {
        self.minimum = minimum
        self.score = score
    }

    public var readsQuality: Bool { true }
    public var componentNames: [String] { ["quality gate"] }
    public var eventNames: [String] { ["quality gate fails"] }
    public var parameters: [TermParameter] { [.init("quality_gate", minimum, .finite)] }
    public func setting(_ name: String, to value: Double) -> Self { Self(minimum: value, score: score) }

    public func apply(_ t: TrialTotals, _ s: inout SettlementState, _ row: ComponentRow) {
        let fails = !reaches(t.scores[score], minimum)
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
    /// Which quality measure r reads.
    public var score: Int

    public init(rate: Double, returned: PiecewiseLinearMap, score: Int = 0) {
        self.rate = rate
        self.returned = returned
        self.score = score
    }

    public var readsQuality: Bool { true }
    public var componentNames: [String] { ["quality withhold", "withhold returned"] }
    public var parameters: [TermParameter] { [.init("withhold", rate, .fraction)] }
    public func setting(_ name: String, to value: Double) -> Self { Self(rate: value, returned: returned, score: score) }

    public func apply(_ t: TrialTotals, _ s: inout SettlementState, _ row: ComponentRow) {
        let held = rate * s.revenue
        let back = held * returned(t.scores[score])
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
    /// Which quality measure a reads.
    public var score: Int
    /// The adjustment's name in the breakdown (`HVBP adjustment`, `HRRP adjustment`).
    public var name: String

    public init(adjustment: PiecewiseLinearMap, score: Int = 0, name: String = "performance adjustment") {
        self.adjustment = adjustment
        self.score = score
        self.name = name
    }

    public var readsQuality: Bool { true }
    public var componentNames: [String] { [name] }
    public var eventNames: [String] { ["\(name) is a penalty"] }
    public var parameters: [TermParameter] { [] }
    public func setting(_ name: String, to value: Double) -> Self { self }

    public func apply(_ t: TrialTotals, _ s: inout SettlementState, _ row: ComponentRow) {
        let a = adjustment(t.scores[score]) * s.revenue
        s.margin += a
        row.set(0, a)
        row.event(0, a < 0)
    }

    public var summary: String { "\(name) a(Q\(score + 1)) × revenue: \(adjustment.summary)" }
}
