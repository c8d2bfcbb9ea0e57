import CGSL
import Testing
@testable import APMRiskKit

/// Each aggregate term on hand-computed cases, edges included (payment-designs.md §§1–5 and its conventions).
/// Dollars; margin > 0 is a gain.
@Suite struct TermTests {
    /// Settles one trial under a chain and returns (margin, components, events).
    func settle(_ terms: [any AggregateTerm], _ t: TrialTotals, unit: UnitTerms = UnitTerms(),
                quality: [QualityMeasure] = []) -> (Double, [String: Double], [String: Double]) {
        let c = Contract(kind: "terms", units: .fixed(t.units), unitName: "members", unitTerms: unit, terms: terms,
                         quality: quality)
        var comps = [Double](repeating: .nan, count: c.componentNames.count)
        var events = [Double](repeating: .nan, count: c.eventNames.count + 1)
        let m = comps.withUnsafeMutableBufferPointer { cb in
            events.withUnsafeMutableBufferPointer { eb in
                c.settle(t, ComponentRow(components: cb.baseAddress ?? eb.baseAddress!, events: eb.baseAddress!))
            }
        }
        return (m, Dictionary(uniqueKeysWithValues: zip(c.componentNames, comps)),
                Dictionary(uniqueKeysWithValues: zip(c.eventNames, events)))
    }

    func trial(units: Int, cost: Double, theta: Double = 1, quality: Double = 1) -> TrialTotals {
        TrialTotals(units: units, costs: UnitSums(gross: cost, capped: cost, retained: cost), theta: theta, quality: quality)
    }

    @Test func componentsAddUpToTheMargin() {
        let terms: [any AggregateTerm] = [UnitPayment(rateName: "pmpm", rate: 500, months: 12, premium: 5),
                                          CostTerm(for: UnitTerms()), AggregateStopLoss(attachment: 500_000, coinsurance: 0.8, premium: 2_000),
                                          FixedCost(amount: 10_000)]
        let (m, c, e) = settle(terms, trial(units: 100, cost: 650_000))
        // Revenue 600,000, premium −6,000, cost −650,000, recovery 0.8 × 150,000 = 120,000, premium −2,000, fixed −10,000.
        #expect(c["revenue"] == 600_000 && c["stop-loss premium"] == -6_000 && c["cost"] == -650_000)
        #expect(c["aggregate stop-loss recovery"] == 120_000 && c["aggregate stop-loss premium"] == -2_000)
        #expect(m == 52_000)
        #expect(c.values.reduce(0, +) == m)
        #expect(e["aggregate stop-loss attaches"] == 1)
        // Exactly at the attachment: it attaches (thresholds pass at equality), recovering nothing.
        #expect(settle(terms, trial(units: 100, cost: 500_000)).2["aggregate stop-loss attaches"] == 1)
    }

    @Test func limitsBindAtTheirEdges() {
        let terms: [any AggregateTerm] = [UnitPayment(rateName: "price", rate: 10_000), CostTerm(for: UnitTerms()),
                                          Limits(stopLoss: 0.1, stopGain: 0.05)]
        let (m1, c1, e1) = settle(terms, trial(units: 10, cost: 130_000))
        #expect(m1 == -10_000 && c1["stop-loss limit"] == 20_000 && e1["stop-loss binds"] == 1)
        let (m2, _, e2) = settle(terms, trial(units: 10, cost: 110_000))   // exactly −10%: binds, changes nothing
        #expect(m2 == -10_000 && e2["stop-loss binds"] == 1)
        let (m3, c3, e3) = settle(terms, trial(units: 10, cost: 80_000))
        #expect(m3 == 5_000 && c3["stop-gain limit"] == -15_000 && e3["stop-gain binds"] == 1 && e3["stop-loss binds"] == 0)
    }

    @Test func corridorKeepsMarginalSharesOfEachBand() throws {
        // ACO REACH Professional gains: 50% below 5%, 35% 5–10%, 15% 10–15%, 5% beyond; losses the same.
        let bands = [Corridor.Band(from: 0, to: 0.05, share: 0.5), .init(from: 0.05, to: 0.10, share: 0.35),
                     .init(from: 0.10, to: 0.15, share: 0.15), .init(from: 0.15, to: .infinity, share: 0.05)]
        let corridor = try #require(Corridor(gains: bands, losses: bands))
        // B = 1,000,000; R = 120,000 (12%): 25,000 + 17,500 + 3,000 = 45,500.
        #expect(abs(corridor.kept(120_000, base: 1_000_000) - 45_500) < 1e-9)
        #expect(abs(corridor.kept(-200_000, base: 1_000_000) - -(25_000 + 17_500 + 7_500 + 2_500)) < 1e-9)
        // Exactly at a band edge nothing of the next band is kept.
        #expect(abs(corridor.kept(50_000, base: 1_000_000) - 25_000) < 1e-9)
        #expect(Corridor(gains: [.init(from: 0, to: 0.05, share: 1)], losses: bands) == nil)   // must end open
        #expect(Corridor(gains: [.init(from: 0.01, to: .infinity, share: 1)], losses: bands) == nil)   // must start at 0
        let terms: [any AggregateTerm] = [UnitPayment(rateName: "pmpm", rate: 1_000, months: 1), CostTerm(for: UnitTerms()), corridor]
        let (m, c, e) = settle(terms, trial(units: 1_000, cost: 880_000))
        #expect(abs(m - 45_500) < 1e-9 && abs(c["corridor"]! - (45_500 - 120_000)) < 1e-9)
        #expect(e["gains reach the 10% band"] == 1 && e["gains reach the 15% band"] == 0)
    }

    @Test func qualityGateForfeitsGainsNotLosses() {
        let terms: [any AggregateTerm] = [UnitPayment(rateName: "price", rate: 100), CostTerm(for: UnitTerms()), QualityGate(minimum: 0.2)]
        #expect(settle(terms, trial(units: 10, cost: 900, quality: 0.19)).0 == 0)
        #expect(settle(terms, trial(units: 10, cost: 1_100, quality: 0.19)).0 == -100)
        // 1 − 8/10 passes a threshold of 0.2 (ratios compared with a relative tolerance of 1e-12).
        #expect(settle(terms, trial(units: 10, cost: 900, quality: 1 - 8.0 / 10)).0 == 100)
    }

    @Test func withholdAndPerformanceAdjustmentScaleRevenue() throws {
        let r = try #require(PiecewiseLinearMap(points: [(0.5, 0), (0.9, 1)]))
        #expect(r(0.4) == 0 && abs(r(0.7) - 0.5) < 1e-12 && r(1) == 1)
        let step = try #require(PiecewiseLinearMap(points: [(0, 0), (0.5, 0), (0.5, 1), (1, 1)]))
        #expect(step(0.4999) == 0 && step(0.5) == 1)   // a step: the later point applies from its Q on
        #expect(PiecewiseLinearMap(points: [(0.9, 1), (0.5, 0)]) == nil)   // unsorted points are refused
        let terms: [any AggregateTerm] = [Budget(amount: 1_000_000), CostTerm(for: UnitTerms()), Withhold(rate: 0.02, returned: r)]
        let (m, c, _) = settle(terms, trial(units: 1, cost: 900_000, quality: 0.7))
        #expect(c["quality withhold"] == -20_000 && abs(c["withhold returned"]! - 10_000) < 1e-6 && abs(m - 90_000) < 1e-6)
        // HVBP: a = 0.02·(TPS/100)·slope − 0.02, slope 2: TPS 25 → −1%, 50 → 0, 75 → +1% of revenue.
        let hvbp = try #require(PiecewiseLinearMap(points: [(0, -0.02), (100, 0.02)], scale: 100))
        let p4p: [any AggregateTerm] = [Budget(amount: 1_000_000), PerformanceAdjustment(adjustment: hvbp)]
        #expect(abs(settle(p4p, trial(units: 1, cost: 0, quality: 0.25)).0 - 990_000) < 1e-6)
    }

    @Test func volumeCorridorIsClosedAtItsEdges() {
        let terms: [any AggregateTerm] = [Budget(amount: 1_000_000),
                                          VolumeCorridor(baseVolume: 100, corridor: 0.15, price: 10_000, variableCostFactor: 0.5)]
        #expect(settle(terms, trial(units: 115, cost: 0)).0 == 1_000_000)   // V = 115 is inside 100·(1 + 0.15)
        #expect(abs(settle(terms, trial(units: 120, cost: 0)).0 - 1_025_000) < 1e-6)   // +0.5 × 10,000 × 5
        let (m, _, e) = settle(terms, trial(units: 80, cost: 0))
        #expect(abs(m - 975_000) < 1e-6 && e["volume below the corridor"] == 1)
    }

    @Test func trendPassThroughMovesTheBenchmark() {
        let sharing = Sharing(benchmark: 10_000, savingsRate: 0.5, lossRate: 0.5, trendPassThrough: 0.6)
        // Θ = 1.2: B = 10M × (1 + 0.6 × 0.2) = 11.2M; spending 11.5M → losses 300k, half owed.
        let (m, c, e) = settle([sharing], trial(units: 1_000, cost: 11_500_000, theta: 1.2))
        #expect(abs(m - -150_000) < 1e-6 && c["shared losses"] == m && e["losses owed"] == 1)
    }

    @Test func minimumSavingsRateBySizeInterpolatesTheTable() {
        #expect(MinimumSavingsRate.bySize(members: 5_000) == 0.039)
        #expect(abs(MinimumSavingsRate.bySize(members: 5_500) - 0.0375) < 1e-15)
        #expect(abs(MinimumSavingsRate.bySize(members: 12_500) - 0.0285) < 1e-15)
        #expect(MinimumSavingsRate.bySize(members: 75_000) == 0.02)
    }

    @Test func enhancedLossRateFollowsTheFinalSharingRate() {
        var s = Sharing(benchmark: 1_000, savingsRate: 0.75, lossRate: 0, qualityGate: 0.7)
        s.enhancedLossRate = true
        // Losses of 100,000 on B = 1,000,000: gate passed → 1 − 0.75 = 0.25, bounded up to 0.40; failed → 0.75.
        #expect(abs(settle([s], trial(units: 1_000, cost: 1_100_000, quality: 0.8)).0 - -40_000) < 1e-6)
        #expect(abs(settle([s], trial(units: 1_000, cost: 1_100_000, quality: 0.6)).0 - -75_000) < 1e-6)
        var scaled = Sharing(benchmark: 1_000, savingsRate: 0.5, lossRate: 0, qualityScaling: true)
        scaled.enhancedLossRate = true
        // Final sharing rate 0.5 × 0.9 = 0.45: loss rate 0.55.
        #expect(abs(settle([scaled], trial(units: 1_000, cost: 1_100_000, quality: 0.9)).0 - -55_000) < 1e-6)
    }

    /// On a simulated model, the components' means add up to E[M] within 1e-9 relative, and P(stop-gain binds)
    /// matches the exact probability of a normal bundle within its reported standard error.
    @Test func simulatedBreakdownAddsUpAndBindingProbabilityIsExact() throws {
        let model = try ModelLoader.parse("""
            cost: {normal: {mean: 1000, sd: 200}}
            contract: {bundle: {price: 1100, episodes: 1, stop_gain: 0.2}}
            run: {trials: 40000, seed: 11}
            """)
        let s = try Simulation.run(model, threads: 2)
        let sum = s.report.breakdown.reduce(0) { $0 + $1.estimate.value }
        #expect(abs(sum - s.report.expectedMargin.value) <= 1e-9 * abs(s.report.expectedMargin.value))
        // Stop-gain binds when 1100 − X ≥ 220, i.e. X ≤ 880: Φ((880 − 1000)/200) = Φ(−0.6).
        let exact = gsl_cdf_ugaussian_P(-0.6)
        let p = try #require(s.report.eventProbabilities.first { $0.name == "stop-gain binds" }?.estimate)
        #expect(abs(p.value - exact) <= 3 * p.standardError, "P = \(p.value) ± \(p.standardError), exact \(exact)")
    }
}
