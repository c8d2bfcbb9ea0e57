import APMContracts
import APMEngine
import APMRisk

/// A contract term `apmrisk price` can solve for. Each leaves the provider's retained cost per unit unchanged,
/// so it can be solved on one simulated sample (common random numbers, `TrialLedger`).
public enum PriceField: String, Sendable, CaseIterable {
    /// Bundle price per episode, dollars.
    case price
    /// Capitation rate, dollars per member per month.
    case pmpm
    /// Shared-risk benchmark, dollars per member per period.
    case benchmark
    /// Shared-risk savings rate s in [0, 1].
    case savingsRate = "savings_rate"
    /// Shared-risk loss rate l in [0, 1].
    case lossRate = "loss_rate"

    /// The fields a contract can solve for: those of its terms that leave its retained cost per unit unchanged.
    public static func fields(for contract: Contract) -> [PriceField] {
        let names = Set(contract.parameters.map(\.name))
        return allCases.filter { names.contains($0.rawValue) }
    }

    /// Whether this term is a rate bounded to [0, 1] (otherwise a positive dollar amount).
    public var isRate: Bool { self == .savingsRate || self == .lossRate }

    /// Whether the provider's margin rises with this term (every field but the loss rate).
    public var marginRises: Bool { self != .lossRate }

    /// The contract term this field sets.
    public var term: ContractTerm { ContractTerm(rawValue: rawValue) }

    /// The value of this term in `contract`.
    public func value(in contract: Contract) -> Double { term.value(in: contract)! }

    /// `contract` with this term set to `value`.
    public func setting(_ value: Double, in contract: Contract) -> Contract { term.setting(value, in: contract) }

    /// What the solution is, in words: the least favourable term for the provider that still meets every target.
    public var direction: String {
        switch self {
        case .price: return "lowest price per episode that meets every target"
        case .pmpm: return "lowest PMPM that meets every target"
        case .benchmark: return "lowest benchmark per member that meets every target"
        case .savingsRate: return "lowest savings rate that meets every target"
        case .lossRate: return "highest loss rate that meets every target"
        }
    }
}
