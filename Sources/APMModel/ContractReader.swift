import APMAnalysis
import APMContracts
import APMEngine
import APMSampling
import APMSupport

/// Reads the `contract:` section: exactly one of `bundle`, `capitation`, `shared_risk`.
package struct ContractReader {
    package let distributions: DistributionReader
    package static let kinds = ["bundle", "capitation", "shared_risk"]

    package func contract(_ field: Field) throws -> Contract {
        if let c = try RiskAdjustmentReader(distributions: distributions).contract(ifNamedIn: field, among: Self.kinds) { return c }
        let section = try field.mapping(allowed: Self.kinds)
        guard section.keys.count == 1, let kind = section.keys.first else {
            throw field.error("needs exactly one contract (\(Self.kinds.joined(separator: ", ")))")
        }
        let f = try section.required(kind)
        switch kind {
        case "bundle": return try bundle(f).contract
        case "capitation": return try capitation(f).contract
        default: return try sharedRisk(f).contract
        }
    }

    package func bundle(_ field: Field) throws -> BundleContract {
        let s = try field.mapping(allowed: ["price", "episodes", "outlier_cap", "stop_loss", "stop_gain"])
        return BundleContract(
            price: try s.required("price").positive(),
            episodes: try distributions.count(try s.required("episodes")),
            outlierCap: try s.optional("outlier_cap")?.positive() ?? .infinity,
            stopLoss: try s.optional("stop_loss")?.nonNegative() ?? .infinity,
            stopGain: try s.optional("stop_gain")?.nonNegative() ?? .infinity)
    }

    package func capitation(_ field: Field) throws -> CapitationContract {
        let s = try field.mapping(allowed: ["pmpm", "members", "months", "stop_loss"])
        var stopLoss: SpecificStopLoss?
        if let f = s.optional("stop_loss") {
            let sl = try f.mapping(allowed: ["attachment", "coinsurance", "premium_pmpm"])
            stopLoss = .init(attachment: try sl.required("attachment").positive(),
                             coinsurance: try sl.optional("coinsurance")?.probability() ?? 1,
                             premiumPMPM: try sl.optional("premium_pmpm")?.nonNegative() ?? 0)
        }
        return CapitationContract(pmpm: try s.required("pmpm").positive(),
                                  members: try s.required("members").positiveWhole(),
                                  months: try s.optional("months")?.positive() ?? 12,
                                  stopLoss: stopLoss)
    }

    package func sharedRisk(_ field: Field) throws -> SharedRiskContract {
        let s = try field.mapping(allowed: [
            "benchmark", "members", "savings_rate", "loss_rate", "minimum_savings_rate", "minimum_loss_rate",
            "savings_cap", "loss_cap", "quality_score", "programme_cost",
        ])
        return SharedRiskContract(
            benchmark: try s.required("benchmark").positive(),
            members: try s.required("members").positiveWhole(),
            savingsRate: try s.required("savings_rate").probability(),
            lossRate: try s.required("loss_rate").probability(),
            minimumSavingsRate: try s.optional("minimum_savings_rate")?.probability() ?? 0,
            minimumLossRate: try s.optional("minimum_loss_rate")?.probability() ?? 0,
            savingsCap: try s.optional("savings_cap")?.nonNegative() ?? .infinity,
            lossCap: try s.optional("loss_cap")?.nonNegative() ?? .infinity,
            qualityScore: try s.optional("quality_score")?.probability() ?? 1,
            programmeCost: try s.optional("programme_cost")?.nonNegative() ?? 0)
    }
}
