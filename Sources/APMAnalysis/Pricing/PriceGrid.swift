import APMContracts
import APMEngine
import APMRisk
import APMSampling
import APMSupport

/// Metrics at a list of values of one contract term, all from the same simulated trials.
public struct PriceGrid: Sendable {
    public let field: PriceField
    public let rows: [(value: Double, report: RiskReport)]

    /// The most values a grid may have (`--grid` refuses more).
    public static let maxValues = 10_000

    /// The values FROM, FROM + STEP, … up to TO (inclusive within rounding), at most `maxValues` of them.
    public static func values(from: Double, to: Double, step: Double) -> [Double] {
        let count = 1 + min(maxValues - 1, max(0, Int(saturating: (to - from) / step + 1e-9, rounding: .down)))
        return (0..<count).map { from + Double($0) * step }
    }

    public init(solver: PriceSolver, values: [Double]) throws {
        field = solver.field
        rows = try values.map { ($0, try solver.report(at: $0)) }
    }
}
