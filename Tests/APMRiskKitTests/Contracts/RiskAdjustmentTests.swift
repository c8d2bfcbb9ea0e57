import Foundation
import Testing
@testable import APMRiskKit

/// Risk-adjusted capitation with attribution churn (payment-designs.md §6) against its exact moments, at fixed
/// seeds with tolerances of four reported standard errors.
@Suite struct RiskAdjustmentTests {
    /// k·months = m = 1,200 and b = κ = a = 0, NF = 1: E[M] = 0. S lognormal (mean 1, cv 0.5), E from R² = 0.3.
    static func identityModel(members: Int = 4, extra: String = "") -> String {
        """
        cost: {constant: 1200}
        contract:
          risk_adjusted_capitation:
            pmpm: 100
            members: \(members)
            months: 12
            risk_score: {lognormal: {mean: 1, cv: 0.5}}
            r_squared: 0.3
        \(extra)
        """
    }

    /// The sample variance of M (SD² from the report) and its standard error 2·SD·s.e.(SD) = √((μ₄ − σ⁴)/n).
    func variance(_ r: RiskReport) -> (value: Double, se: Double) {
        let sd = r.marginStandardDeviation
        return (sd.value * sd.value, 2 * sd.value * sd.standardError)
    }

    @Test func residualCVFollowsFromRSquared() {
        // payment-designs.md §6: cv_S = 1 and R² = 0.12 give cv_E ≈ 1.91.
        let cv = RiskAdjustment.residualCV(scoreCV: 1, rSquared: 0.12)
        #expect(abs(cv - (((1 / 0.12 + 1) / 2 - 1) as Double).squareRoot()) < 1e-15)
        #expect(abs(cv - 1.915) < 0.001)
        // …and R² = cv_S²/((1 + cv_S²)(1 + cv_E²) − 1) gives it back, for any score.
        for (cvS, r2) in [(1.0, 0.12), (0.5, 0.3), (2.0, 0.05), (0.9, 1.0)] {
            let cvE = RiskAdjustment.residualCV(scoreCV: cvS, rSquared: r2)
            let back = cvS * cvS / ((1 + cvS * cvS) * (1 + cvE * cvE) - 1)
            #expect(abs(back - r2) < 1e-12, "cv_S \(cvS), R² \(r2): got \(back)")
            let residual = RiskAdjustment.residual(scoreCV: cvS, rSquared: r2)
            #expect(abs(residual.mean - 1) < 1e-12 && abs(RiskAdjustment.cv(residual) - cvE) < 1e-12)
        }
    }

    /// The §6 variance identity: per member, Var(M) = m²(1 + cv_S²)·cv_E² with risk adjustment and
    /// m²((1 + cv_S²)(1 + cv_E²) − 1) under a flat PMPM on the same members; both have E[M] = 0.
    @Test func riskAdjustmentRemovesTheRSquaredShareOfTheVariance() throws {
        let model = try ModelLoader.parse(Self.identityModel())
        let risk = try #require(model.contract.riskAdjustment)
        let m = 1_200.0, n = 4.0, cvS2 = 0.25
        let cvE = RiskAdjustment.residualCV(scoreCV: 0.5, rSquared: 0.3)
        #expect(abs(RiskAdjustment.cv(risk.residual) - cvE) < 1e-12)
        let cvE2 = cvE * cvE

        let adjusted = try Simulation.run(model, trials: 400_000, seed: 61, threads: 2).report
        #expect(within(adjusted.expectedMargin.value, 0, se: adjusted.expectedMargin.standardError))
        let va = variance(adjusted), exactAdjusted = n * m * m * (1 + cvS2) * cvE2
        #expect(within(va.value, exactAdjusted, se: va.se), "Var(M) \(va.value) ± \(va.se), exact \(exactAdjusted)")

        // The same members paid a flat PMPM: the payment term without the score, on the member model's draws.
        var flat = model
        flat.contract = Contract(kind: "terms", units: .fixed(4), unitName: "members",
                                 terms: [UnitPayment(rateName: "pmpm", rate: 100, months: 12), CostTerm(for: UnitTerms())],
                                 riskAdjustment: risk)
        let unadjusted = try Simulation.run(flat, trials: 400_000, seed: 61, threads: 2).report
        #expect(within(unadjusted.expectedMargin.value, 0, se: unadjusted.expectedMargin.standardError))
        let vf = variance(unadjusted), exactFlat = n * m * m * ((1 + cvS2) * (1 + cvE2) - 1)
        #expect(within(vf.value, exactFlat, se: vf.se), "Var(M) \(vf.value) ± \(vf.se), exact \(exactFlat)")
        // What risk adjustment removes is exactly the R² share of the flat variance.
        #expect(abs((exactFlat - exactAdjusted) / exactFlat - 0.3) < 1e-12)
    }

    /// Attribution for the whole period, fixed or drawn with retention 1, is no churn at all: bit for bit.
    @Test(arguments: ["    months_attributed: 12", "    retention: 1"])
    func churnOfTheWholePeriodIsNoChurn(churn: String) throws {
        let plain = try simulate(Self.identityModel(members: 7), trials: 5_000, seed: 62)
        let churned = try simulate(Self.identityModel(members: 7, extra: churn), trials: 5_000, seed: 62)
        #expect(ReportJSON.metrics(plain.report).serialized() == ReportJSON.metrics(churned.report).serialized())
    }

    /// With churn, b, κ, NF, a and a premium: E[M] = n·E[e]·E[S]·(k·months·(1 + κ)/NF·(1 − a) − m·(1 + b)) − q·months·n·E[e],
    /// and the revenue and premium components at their own expectations.
    @Test(arguments: [("retention: 0.75", 0.75), ("months_attributed: 6", 0.5)])
    func expectedMarginWithChurnIsExact(churn: String, exposure: Double) throws {
        let yaml = """
            cost: {constant: 1250}
            contract:
              risk_adjusted_capitation:
                pmpm: 110
                members: 10
                risk_score: {gamma: {mean: 1.1, cv: 0.6}}
                residual: {gamma: {mean: 1, cv: 1.2}}
                missed_cost_share: 0.1
                coding_intensity: 0.05
                normalisation: 1.02
                coding_adjustment: 0.06
                \(churn)
                stop_loss: {attachment: 1.0e9, premium_pmpm: 3}
            """
        let model = try ModelLoader.parse(yaml)
        let r = try Simulation.run(model, trials: 200_000, seed: 63, threads: 2).report
        let n = 10.0, factor = 1.05 / 1.02 * (1 - 0.06)
        let revenue = n * exposure * 1.1 * 110 * 12 * factor
        let premium = -3 * 12 * n * exposure
        let exact = revenue - n * exposure * 1.1 * 1_250 * 1.1 + premium
        #expect(within(r.expectedMargin.value, exact, se: r.expectedMargin.standardError),
                "E[M] \(r.expectedMargin.value) ± \(r.expectedMargin.standardError), exact \(exact)")
        let components = Dictionary(uniqueKeysWithValues: r.breakdown.map { ($0.name, $0.estimate) })
        let rev = try #require(components["revenue"]), prem = try #require(components["stop-loss premium"])
        #expect(within(rev.value, revenue, se: rev.standardError), "revenue \(rev.value) ± \(rev.standardError), exact \(revenue)")
        if exposure == 0.5 {
            #expect(abs(prem.value - premium) <= 1e-9 * abs(premium))   // a fixed exposure: exact in every trial
        } else {
            #expect(within(prem.value, premium, se: prem.standardError))
        }
        // The revenue margins are measured against: k·months·n·E[S]·E[e]·(1 + κ)/NF·(1 − a).
        #expect(abs(model.contract.expectedRevenue - revenue) <= 1e-9 * revenue)
    }

    @Test func theShippedModelIsBitIdenticalOnOneAndTwoThreads() throws {
        let model = try ModelLoader.load(path: packageRoot.appendingPathComponent("Models/ma-risk-adjusted-capitation.yaml").path)
        let runs = try [1, 2].map { try Simulation.run(model, trials: 1_000, seed: 64, threads: $0) }
        #expect(runs[0].outcome.blocks > 3)
        #expect(ReportJSON.metrics(runs[0].report).serialized() == ReportJSON.metrics(runs[1].report).serialized())
        #expect(runs[0].outcome.orderStatistics.lowest == runs[1].outcome.orderStatistics.lowest)
    }

    /// Members draw from their own streams (12: score then residual; 13: attribution), which no other model keys,
    /// and never from the cost streams: adding risk adjustment reshuffles no existing draw (the goldens pin the
    /// existing models' figures).
    @Test func membersDrawFromTheirOwnStreams() throws {
        // Codes are 1, 2, 3, … with none skipped or reused (later features took 14 and 15).
        #expect(StreamPurpose.allCases.map(\.rawValue) == Array(1...UInt64(StreamPurpose.allCases.count)))
        #expect(StreamPurpose.riskScore.rawValue == 12 && StreamPurpose.attribution.rawValue == 13)
        for file in ShippedModelTests.models {
            let model = try ModelLoader.load(path: packageRoot.appendingPathComponent("Models/\(file)").path)
            let purposes = SimulationJob.job(for: model, threads: 1).streamPurposes
            if model.contract.riskAdjustment == nil {
                #expect(purposes.isDisjoint(with: [.riskScore, .attribution]), "\(file)")
            } else {
                #expect(purposes.contains(.riskScore) && purposes.contains(.attribution), "\(file)")
                #expect(purposes.isDisjoint(with: [.unitCost, .claimCount, .addOnOccurrence, .claimAllocation]), "\(file)")
            }
        }
        let noChurn = try ModelLoader.parse(Self.identityModel())
        #expect(!SimulationJob.job(for: noChurn, threads: 1).streamPurposes.contains(.attribution))
    }

    /// A risk-adjusted payment composes with the capitation's other terms: premium, aggregate stop-loss and a
    /// corridor on the revenue, by hand.
    @Test func riskAdjustedPaymentComposesWithOtherTerms() throws {
        let bands = [Corridor.Band(from: 0, to: 0.05, share: 1), .init(from: 0.05, to: .infinity, share: 0.5)]
        let corridor = try #require(Corridor(gains: bands, losses: bands))
        let score = PaymentScore(codingIntensity: 0.1, normalisation: 1.1, codingAdjustment: 0)   // factor exactly 1
        let risk = RiskAdjustment(score: .lognormal(mean: 1, cv: 1), residual: .constant(1))
        let contract = Contract(kind: "terms", units: .fixed(2), unitName: "members",
                                terms: [UnitPayment(rateName: "pmpm", rate: 100, months: 12, premium: 5, score: score),
                                        CostTerm(for: UnitTerms()), AggregateStopLoss(attachment: 2_000, coinsurance: 0.5),
                                        corridor],
                                riskAdjustment: risk)
        // Two members, exposures 1 and 0.5, scores 1.5 and 1: Σ eS = 2, Σ e = 1.5. Revenue 100·12·2 = 2,400;
        // premium 5·12·1.5 = 90; cost 2,500, aggregate recovery 0.5·500 = 250: R = 60 = 2.5% of 2,400, kept whole.
        let t = TrialTotals(units: 2, costs: UnitSums(gross: 2_500, capped: 2_500, retained: 2_500),
                            exposure: 1.5, scoredExposure: 2)
        var comps = [Double](repeating: .nan, count: contract.componentNames.count)
        var events = [Double](repeating: .nan, count: contract.eventNames.count + 1)
        let margin = comps.withUnsafeMutableBufferPointer { cb in
            events.withUnsafeMutableBufferPointer { eb in
                contract.settle(t, ComponentRow(components: cb.baseAddress!, events: eb.baseAddress!))
            }
        }
        let c = Dictionary(uniqueKeysWithValues: zip(contract.componentNames, comps))
        #expect(abs(c["revenue"]! - 2_400) < 1e-9 && abs(c["stop-loss premium"]! - -90) < 1e-9)
        #expect(c["cost"] == -2_500 && c["aggregate stop-loss recovery"] == 250)
        #expect(abs(margin - 60) < 1e-9 && abs(comps.reduce(0, +) - margin) < 1e-9)
        // Cost 3,260: recovery 0.5·1,260 = 630, R = 2,400 − 90 − 3,260 + 630 = −320 (13.3% of 2,400): the
        // provider keeps the first 5% (120) whole and half of the rest (100): M = −220.
        let loss = TrialTotals(units: 2, costs: UnitSums(gross: 3_260, capped: 3_260, retained: 3_260),
                               exposure: 1.5, scoredExposure: 2)
        #expect(abs(contract.margin(loss) - -220) < 1e-9)
        // The model file composes the same chain: the preset, then an aggregate stop-loss and a corridor.
        let read = try ModelLoader.parse(Self.identityModel(extra: """
                aggregate_stop_loss: {attachment: 2000, coinsurance: 0.5}
                corridor: {gains: [{to: 0.05, share: 1}, {share: 0.5}]}
            """))
        #expect(read.contract.terms.map { type(of: $0.base).kind } == ["payment", "cost", "aggregate_stop_loss", "corridor"])
        #expect(read.contract.riskAdjustment != nil && read.contract.componentNames.contains("aggregate stop-loss recovery"))
        // The two sums cost a trial's record 16 bytes and the importance-sampling weight 8 more (the ledger's size per
        // trial, which `Simulation.run` budgets).
        #expect(MemoryLayout<TrialTotals>.stride == 96)
    }

    /// Pricing re-settles the trials: a changed coding intensity on the ledger equals a fresh run bit for bit;
    /// a changed retention (which changes the draws) is refused.
    @Test func ledgerResettlesPaymentTermsAndRefusesMemberTerms() throws {
        let model = try ModelLoader.parse(Self.identityModel(extra: "    retention: 0.9\n    coding_intensity: 0.04"))
        let base = try Simulation.run(model, trials: 3_000, seed: 65, threads: 2, keepingLedger: true)
        let ledger = try #require(base.ledger)
        var changed = model
        changed.contract = changed.contract.settingAny("coding_intensity", to: 0)
        let fresh = try Simulation.run(changed, trials: 3_000, seed: 65, threads: 2)
        let resettled = try ledger.outcome(under: changed.contract, lowTailFraction: fresh.job.lowTailFraction)
        #expect(resettled.moments.mean == fresh.outcome.moments.mean)
        #expect(ledger.refusal(for: model.contract.settingAny("retention", to: 0.8)) != nil)
        #expect(ledger.refusal(for: model.contract.settingAny("missed_cost_share", to: 0.1)) != nil)
    }

    @Test func stressShocksTheMemberAndPaymentTerms() throws {
        let model = try ModelLoader.parse(Self.identityModel(extra: "    retention: 0.9"))
        let names = Set(ContractTerm.terms(of: model.contract).map(\.rawValue))
        #expect(names.isSuperset(of: ["pmpm", "months", "missed_cost_share", "retention", "coding_intensity",
                                      "normalisation", "coding_adjustment"]))
        let shocked = try Shock.term(ContractTerm(rawValue: "retention"), 0.5).apply(to: model).get()
        #expect(shocked.contract.riskAdjustment?.attribution == .binomial(months: 12, retention: 0.5))
        if case .success = Shock.term(ContractTerm(rawValue: "retention"), 1.5).apply(to: model) { Issue.record("retention 1.5 accepted") }
        // The cost's shape is not used: a shock that keeps its mean is refused rather than doing nothing.
        let lognormalCost = try ModelLoader.parse(Self.identityModel().replacingOccurrences(
            of: "cost: {constant: 1200}", with: "cost: {lognormal: {mean: 1200, cv: 2}}"))
        #expect(lognormalCost.warnings.count == 1 && lognormalCost.warnings[0].contains("uses only the mean of cost"))
        guard case let .failure(e) = Shock.lognormalCV(1.2).apply(to: lognormalCost) else {
            Issue.record("lognormal_cv applied to a risk-adjusted capitation"); return
        }
        #expect(e.rule.contains("uses only the mean"))
        // A severity shock moves m, and so the cost, exactly.
        let severe = try Shock.severity(1.1).apply(to: lognormalCost).get()
        let a = try Simulation.run(lognormalCost, trials: 2_000, seed: 66, threads: 1).report
        let b = try Simulation.run(severe, trials: 2_000, seed: 66, threads: 1).report
        let costA = try #require(a.breakdown.first { $0.name == "cost" }?.estimate.value)
        let costB = try #require(b.breakdown.first { $0.name == "cost" }?.estimate.value)
        #expect(abs(costB / costA - 1.1) < 1e-12)
    }
}
