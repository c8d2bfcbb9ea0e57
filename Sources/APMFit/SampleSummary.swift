import Foundation

/// The sums every maximum-likelihood fit of a cost family reads, computed once: n, Σx, Σ ln x, and the values
/// sorted (for the goodness-of-fit statistics). All values must be > 0 for the log-based families.
public struct SampleSummary: Sendable {
    public let sorted: [Double]
    public let count: Double
    public let mean: Double
    /// Mean of ln x (−∞ when a value is 0).
    public let meanLog: Double
    /// (1/n) Σ (x − x̄)², the maximum-likelihood variance.
    public let variance: Double

    public init(_ values: [Double]) {
        sorted = values.sorted()
        count = Double(values.count)
        mean = values.reduce(0, +) / count
        meanLog = values.reduce(0) { $0 + log($1) } / count
        let m = mean
        variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / count
    }

    public var minimum: Double { sorted.first! }
    public var maximum: Double { sorted.last! }
}
