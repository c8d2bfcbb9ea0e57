import APMContracts
import APMSampling

/// A provider's portfolio: several contracts held at once (lines), sharing one systematic factor Θ and the
/// catastrophe events, whose margins add up: M = Σᵢ Mᵢ, L = −M (payment-designs.md §7). What a portfolio file
/// describes, validated; after the reader nothing re-checks it.
public struct Portfolio: Sendable {
    public var name: String?
    public var description: String?
    /// Θ, drawn once a trial from the portfolio's own stream (`StreamPurpose.systematicFactor`, unsalted) and
    /// shared by every line that loads on it; nil for none (Θ = 1).
    public var systematicFactor: CostDistribution?
    /// A catastrophic-year event, its uniform drawn once a trial from the portfolio's own stream
    /// (`StreamPurpose.catastrophe`, unsalted): when it strikes, every cost of every line × its multiplier.
    public var catastrophe: Catastrophe?
    /// The lines, in file order (the order of the output; it never changes a draw).
    public var lines: [PortfolioLine]
    public var run: RunSettings
    public var warnings: [String]

    public init(name: String? = nil, description: String? = nil, systematicFactor: CostDistribution? = nil,
                catastrophe: Catastrophe? = nil, lines: [PortfolioLine], run: RunSettings = RunSettings(),
                warnings: [String] = []) {
        self.name = name
        self.description = description
        self.systematicFactor = systematicFactor
        self.catastrophe = catastrophe
        self.lines = lines
        self.run = run
        self.warnings = warnings
    }

    /// The lines' names, in order.
    public var lineNames: [String] { lines.map(\.name) }
}

/// One contract of a portfolio: its name, its cost model and contract (a `RiskModel`, whose own run settings
/// the portfolio's replace), and how it meets the systematic risk.
public struct PortfolioLine: Sendable {
    /// Unique within the portfolio; its hash keys the line's streams (`StreamKey.lineSalt(name:)`).
    public var name: String
    /// The line's cost model and contract. Its `systematicFactor` is used only when `beta` is nil.
    public var model: RiskModel
    /// β ≥ 0 of a line that loads on the portfolio's Θ: Θᵢ = Θ^β (β = 1: Θ itself; β = 0: no systematic
    /// risk). nil: the line keeps its model's own factor (if any), drawn from the line's own stream,
    /// independent of Θ.
    public var beta: Double?
    /// The model file the line was read from, when it was given by reference.
    public var source: String?

    public init(name: String, model: RiskModel, beta: Double? = nil, source: String? = nil) {
        self.name = name
        self.model = model
        self.beta = beta
        self.source = source
    }

    /// XORed into every purpose code of the line's streams.
    public var streamSalt: UInt64 { StreamKey.lineSalt(name: name) }
}
