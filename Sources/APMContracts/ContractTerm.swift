import APMSampling
import APMSupport

/// A numeric term of a contract, by the name it has in a model file: what stress shocks and pricing set.
public enum ContractTerm: String, Sendable, CaseIterable {
    case price, outlierCap = "outlier_cap", stopLoss = "stop_loss", stopGain = "stop_gain"
    case pmpm, months, attachment, coinsurance, premiumPMPM = "premium_pmpm"
    case benchmark, savingsRate = "savings_rate", lossRate = "loss_rate"
    case minimumSavingsRate = "minimum_savings_rate", minimumLossRate = "minimum_loss_rate"
    case savingsCap = "savings_cap", lossCap = "loss_cap", qualityScore = "quality_score"
    case programmeCost = "programme_cost"

    /// The terms a contract has (a capitation's stop-loss terms only when it buys stop-loss).
    public static func terms(of contract: Contract) -> [ContractTerm] {
        switch contract {
        case .bundle: return [.price, .outlierCap, .stopLoss, .stopGain]
        case let .capitation(c):
            return [.pmpm, .months] + (c.stopLoss == nil ? [] : [.attachment, .coinsurance, .premiumPMPM])
        case .sharedRisk:
            return [.benchmark, .savingsRate, .lossRate, .minimumSavingsRate, .minimumLossRate, .savingsCap, .lossCap,
                    .qualityScore, .programmeCost]
        }
    }

    /// The rule a value of this term must keep, or nil when `value` keeps it.
    public func violation(_ value: Double) -> String? {
        guard value.isFinite else { return "must be a finite number" }
        switch self {
        case .price, .pmpm, .months, .attachment, .benchmark, .outlierCap:
            return value > 0 ? nil : "must be greater than 0, got \(format(value))"
        case .coinsurance, .savingsRate, .lossRate, .minimumSavingsRate, .minimumLossRate, .qualityScore:
            return value >= 0 && value <= 1 ? nil : "must be a probability between 0 and 1, got \(format(value))"
        case .stopLoss, .stopGain, .premiumPMPM, .savingsCap, .lossCap, .programmeCost:
            return value >= 0 ? nil : "must be 0 or more, got \(format(value))"
        }
    }

    /// The term's value in `contract` (`.infinity` for an absent cap or limit), or nil if it has no such term.
    public func value(in contract: Contract) -> Double? {
        guard Self.terms(of: contract).contains(self) else { return nil }
        switch contract {
        case let .bundle(c):
            switch self {
            case .price: return c.price
            case .outlierCap: return c.outlierCap
            case .stopLoss: return c.stopLoss
            default: return c.stopGain
            }
        case let .capitation(c):
            switch self {
            case .pmpm: return c.pmpm
            case .months: return c.months
            case .attachment: return c.stopLoss?.attachment
            case .coinsurance: return c.stopLoss?.coinsurance
            default: return c.stopLoss?.premiumPMPM
            }
        case let .sharedRisk(c):
            switch self {
            case .benchmark: return c.benchmark
            case .savingsRate: return c.savingsRate
            case .lossRate: return c.lossRate
            case .minimumSavingsRate: return c.minimumSavingsRate
            case .minimumLossRate: return c.minimumLossRate
            case .savingsCap: return c.savingsCap
            case .lossCap: return c.lossCap
            case .qualityScore: return c.qualityScore
            default: return c.programmeCost
            }
        }
    }

    /// `contract` with this term set to `value` (the term must be one of `terms(of:)`).
    public func setting(_ value: Double, in contract: Contract) -> Contract {
        precondition(Self.terms(of: contract).contains(self), "\(rawValue) is not a term of a \(contract.kind) contract")
        switch contract {
        case var .bundle(c):
            switch self {
            case .price: c.price = value
            case .outlierCap: c.outlierCap = value
            case .stopLoss: c.stopLoss = value
            default: c.stopGain = value
            }
            return .bundle(c)
        case var .capitation(c):
            switch self {
            case .pmpm: c.pmpm = value
            case .months: c.months = value
            case .attachment: c.stopLoss?.attachment = value
            case .coinsurance: c.stopLoss?.coinsurance = value
            default: c.stopLoss?.premiumPMPM = value
            }
            return .capitation(c)
        case var .sharedRisk(c):
            switch self {
            case .benchmark: c.benchmark = value
            case .savingsRate: c.savingsRate = value
            case .lossRate: c.lossRate = value
            case .minimumSavingsRate: c.minimumSavingsRate = value
            case .minimumLossRate: c.minimumLossRate = value
            case .savingsCap: c.savingsCap = value
            case .lossCap: c.lossCap = value
            case .qualityScore: c.qualityScore = value
            default: c.programmeCost = value
            }
            return .sharedRisk(c)
        }
    }
}
