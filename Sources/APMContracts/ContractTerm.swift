import APMSupport

/// A numeric term of a contract, by the name it has in a model file: what stress shocks and pricing set.
/// Which names a contract has comes from its chain (`Contract.parameters`); each term kind owns its names.
public struct ContractTerm: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// Every name a term of some contract goes by (for suggestions when a shock's name is unknown).
    public static let known: [String] = [
        "price", "target_price", "outlier_cap", "stop_loss", "stop_gain", "pmpm", "months", "attachment",
        "coinsurance", "premium_pmpm", "discount", "trend_pass_through", "budget", "benchmark", "savings_rate",
        "loss_rate", "minimum_savings_rate", "minimum_loss_rate", "savings_cap", "loss_cap", "quality_score",
        "quality_gate", "programme_cost", "fixed_cost", "aggregate_attachment", "aggregate_coinsurance",
        "aggregate_premium", "withhold", "base_volume", "volume_corridor", "volume_price", "variable_cost_factor",
        "missed_cost_share", "retention", "coding_intensity", "normalisation", "coding_adjustment",
    ]

    public var description: String { rawValue }

    /// The terms `contract` has: its unit terms' and its chain's parameters.
    public static func terms(of contract: Contract) -> [ContractTerm] {
        contract.allParameters.map { ContractTerm(rawValue: $0.name) }
    }

    /// The rule a value of this term must keep in `contract`, or nil when `value` keeps it.
    public func violation(_ value: Double, in contract: Contract) -> String? {
        contract.allParameters.first { $0.name == rawValue }?.violation(value)
    }

    /// The term's value in `contract` (`.infinity` for an absent cap or limit), or nil if it has no such term.
    public func value(in contract: Contract) -> Double? {
        contract.allParameters.first { $0.name == rawValue }?.value
    }

    /// `contract` with this term set to `value` (the term must be one of `terms(of:)`).
    public func setting(_ value: Double, in contract: Contract) -> Contract {
        contract.settingAny(rawValue, to: value)
    }
}
