/// Metrics at a list of values of one contract term, all from the same simulated trials.
public struct PriceGrid: Sendable {
    public let field: PriceField
    public let rows: [(value: Double, report: RiskReport)]

    /// The values FROM, FROM + STEP, … up to TO (inclusive within rounding).
    public static func values(from: Double, to: Double, step: Double) -> [Double] {
        let count = Int(((to - from) / step + 1e-9).rounded(.down)) + 1
        return (0..<count).map { from + Double($0) * step }
    }

    public init(solver: PriceSolver, values: [Double]) throws {
        field = solver.field
        rows = try values.map { ($0, try solver.report(at: $0)) }
    }
}
