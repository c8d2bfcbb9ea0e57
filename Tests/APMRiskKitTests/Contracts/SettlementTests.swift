import Testing
@testable import APMRiskKit

/// Settlement functions against hand-computed cases (dollars; margin > 0 is a gain).
@Suite struct BundleSettlementTests {
    let plain = BundleContract(price: 30_000, episodes: .fixed(1))

    @Test func singleEpisodeMarginIsPriceLessCost() {
        #expect(plain.margin(units: 1, retainedCost: plain.retainedCost(25_000)) == 5_000)
        #expect(plain.margin(units: 1, retainedCost: plain.retainedCost(41_000)) == -11_000)
    }

    @Test func outlierCapLimitsEachEpisode() {
        let c = BundleContract(price: 30_000, episodes: .fixed(3), outlierCap: 50_000)
        // Costs 20k, 80k (capped at 50k), 35k: Σ(b − min(X, u)) = 10k − 20k − 5k = −15k.
        let retained = [20_000.0, 80_000, 35_000].map(c.retainedCost).reduce(0, +)
        #expect(retained == 105_000)
        #expect(c.margin(units: 3, retainedCost: retained) == -15_000)
    }

    @Test func stopLossAndStopGainClampAtFractionsOfTarget() {
        let c = BundleContract(price: 10_000, episodes: .fixed(10), stopLoss: 0.10, stopGain: 0.05)
        // Target N·b = 100k: losses floor at −10k, gains cap at +5k.
        #expect(c.margin(units: 10, retainedCost: 130_000) == -10_000)
        #expect(c.margin(units: 10, retainedCost: 109_000) == -9_000)
        #expect(c.margin(units: 10, retainedCost: 80_000) == 5_000)
        #expect(c.margin(units: 10, retainedCost: 97_000) == 3_000)
        // No episodes: no target, no margin (and no NaN from ∞ × 0 without stops).
        #expect(c.margin(units: 0, retainedCost: 0) == 0)
        #expect(plain.margin(units: 0, retainedCost: 0) == 0)
    }
}

@Suite struct CapitationSettlementTests {
    @Test func marginWithoutStopLoss() {
        let c = CapitationContract(pmpm: 500, members: 100, months: 12)
        // k·n·m = 600k; costs 550k.
        #expect(c.margin(units: 100, retainedCost: 550_000) == 50_000)
        #expect(c.revenue(expectedUnits: 100) == 600_000)
    }

    @Test func specificStopLossRecoversCoinsuredExcessAndChargesPremium() {
        let sl = CapitationContract.SpecificStopLoss(attachment: 100_000, coinsurance: 0.9, premiumPMPM: 5)
        let c = CapitationContract(pmpm: 500, members: 2, months: 12, stopLoss: sl)
        // Member costs 250k and 40k: recovery 0.9 × 150k = 135k; premium 5 × 2 × 12 = 120.
        let retained = c.retainedCost(250_000) + c.retainedCost(40_000)
        #expect(retained == 155_000)
        // M = 12,000 − 290,000 + 135,000 − 120 = −143,120.
        #expect(c.margin(units: 2, retainedCost: retained) == -143_120)
    }
}

@Suite struct SharedRiskSettlementTests {
    /// B = 10,000 × 1,000 = $10M; 50% sharing both ways, 2% MSR/MLR, 10% savings cap, 5% loss cap.
    let c = SharedRiskContract(benchmark: 10_000, members: 1_000, savingsRate: 0.5, lossRate: 0.5,
                               minimumSavingsRate: 0.02, minimumLossRate: 0.02, savingsCap: 0.10, lossCap: 0.05)

    func margin(spending: Double, _ contract: SharedRiskContract? = nil) -> Double {
        let k = contract ?? c
        return k.margin(units: k.members, retainedCost: spending)
    }

    @Test func savingsBelowMSRAreNotShared() {
        #expect(margin(spending: 9_800_001) == 0)      // savings 199,999 < 200,000
    }

    @Test func savingsAtMSRAreSharedFromFirstDollar() {
        #expect(margin(spending: 9_800_000) == 100_000)  // 0.5 × 200,000
    }

    @Test func lossesBelowMLROweNothingAndAtMLRFromFirstDollar() {
        #expect(margin(spending: 10_199_999) == 0)
        #expect(margin(spending: 10_200_000) == -100_000)
    }

    @Test func capsBindOnBothSides() {
        // Savings 3M: 0.5 × 3M = 1.5M, capped at 10% of B = 1M. Losses 2M: 1M, capped at 5% = 500k.
        #expect(margin(spending: 7_000_000) == 1_000_000)
        #expect(margin(spending: 12_000_000) == -500_000)
    }

    @Test func upsideOnlyNeverLoses() {
        var upside = c
        upside.lossRate = 0
        #expect(margin(spending: 15_000_000, upside) == 0)
        #expect(margin(spending: 9_000_000, upside) == 500_000)
    }

    @Test func qualityScoreScalesSavingsAndProgrammeCostIsSubtracted() {
        var q = c
        q.qualityScore = 0.8
        q.programmeCost = 25_000
        // Savings 500k: 0.5 × 0.8 × 500k = 200k, less 25k.
        #expect(margin(spending: 9_500_000, q) == 175_000)
        // Inside the corridor only the programme cost remains.
        #expect(margin(spending: 10_000_000, q) == -25_000)
    }
}
