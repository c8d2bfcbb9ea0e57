import CGSL
import Foundation
import Testing
@testable import APMRiskKit

/// A solver over a model's own simulated trials (common random numbers).
func solver(_ yaml: String, field: PriceField, targets: [RiskTarget], trials: Int, seed: UInt64) throws
    -> (PriceSolver, Simulation)
{
    let model = try ModelLoader.parse(yaml)
    let simulation = try Simulation.run(model, trials: trials, seed: seed, threads: 2, keepingLedger: true,
                                        extraTailLevels: targets.compactMap(\.level))
    return (PriceSolver(ledger: simulation.ledger!, contract: model.contract, field: field, targets: targets,
                        levels: simulation.settings.levels), simulation)
}

@Suite struct LognormalBundlePriceTests {
    static let yaml = """
        cost: {lognormal: {mean: 25000, cv: 0.4}}
        contract: {bundle: {price: 28000, episodes: 1}}
        """

    /// The price with P(loss) ≤ α is the (1 − α) quantile of the lognormal cost: exp(ζ + σ·z₁₋α).
    @Test(arguments: [0.10, 0.05])
    func solvedPriceIsTheLognormalQuantile(alpha: Double) throws {
        let (s, _) = try solver(Self.yaml, field: .price, targets: [.maxLossProbability(alpha)], trials: 200_000, seed: 5)
        let solution = try s.solve()
        let sigma = log1p(0.16).squareRoot(), zeta = log(25_000.0) - sigma * sigma / 2
        let truth = exp(zeta + sigma * PhiInverse(1 - alpha))
        // Four reported (batch-means) standard errors, as in every closed-form test: the 95% interval itself
        // would miss the truth on one seed in twenty.
        let interval = try #require(solution.interval)
        #expect(within(solution.value, truth, se: interval.standardError), "\(solution.value) vs \(truth), s.e. \(interval.standardError)")
        #expect(solution.report.lossProbability.value <= alpha)
    }

    /// On the sample itself the answer is exactly an order statistic of the costs: the ⌈(1 − α)·n⌉-th smallest.
    @Test func solvedPriceIsTheEmpiricalCostQuantile() throws {
        let (s, simulation) = try solver(Self.yaml, field: .price, targets: [.maxLossProbability(0.1)], trials: 10_000, seed: 6)
        let costs = simulation.ledger!.totals.map(\.costs.retained).sorted()
        let quantile = costs[9_000 - 1]   // 1,000 trials (10%) cost more than this price
        let solved = try s.solve().value
        #expect(abs(solved - quantile) <= 1e-9 * quantile)
    }
}

@Suite struct GammaCapitationPriceTests {
    /// 50 members of Gamma(4, 500): S ~ Gamma(200, 500). PMPM with P(loss) ≤ α is Q_S(1 − α)/(50 × 12).
    @Test(arguments: [0.10, 0.01])
    func solvedPMPMIsTheGammaQuantile(alpha: Double) throws {
        let yaml = """
            cost: {gamma: {shape: 4, scale: 500}}
            contract: {capitation: {pmpm: 170, members: 50}}
            """
        let (s, _) = try solver(yaml, field: .pmpm, targets: [.maxLossProbability(alpha)], trials: 200_000, seed: 8)
        let solution = try s.solve()
        let truth = gsl_cdf_gamma_Pinv(1 - alpha, 200, 500) / 600
        let interval = try #require(solution.interval)
        #expect(within(solution.value, truth, se: interval.standardError), "\(solution.value) vs \(truth), s.e. \(interval.standardError)")
    }
}

@Suite struct SharedRiskPriceTests {
    /// Every member costs exactly $1,000 (S = $100,000). With a 2% MSR, nothing is shared until B − S ≥ 0.02·B,
    /// i.e. β ≥ 1000/0.98; there the payment is 0.5 × 0.02·B ≈ $1,020, enough to cover the $500 programme cost.
    /// So the lowest benchmark with P(loss) ≤ 10% is exactly the MSR threshold.
    @Test func targetBindsAtTheMSRThreshold() throws {
        let yaml = """
            cost: {constant: 1000}
            contract:
              shared_risk: {benchmark: 1100, members: 100, savings_rate: 0.5, loss_rate: 0.5,
                            minimum_savings_rate: 0.02, minimum_loss_rate: 0.02, programme_cost: 500}
            """
        let (s, _) = try solver(yaml, field: .benchmark, targets: [.maxLossProbability(0.1)], trials: 5_000, seed: 1)
        let solution = try s.solve()
        #expect(abs(solution.value - 1_000 / 0.98) <= 1e-8 * 1_000)
        #expect(solution.report.lossProbability.value == 0)
        #expect(abs(solution.report.expectedMargin.value - (0.5 * 0.02 * 100 * 1_000 / 0.98 - 500)) < 1e-3)
    }

    @Test func anUnreachableTargetIsInfeasibleWithTheBestValue() throws {
        let yaml = """
            cost: {lognormal: {mean: 1000, cv: 0.5}}
            contract: {shared_risk: {benchmark: 1000, members: 100, savings_rate: 0.5, loss_rate: 0.5, savings_cap: 0.01}}
            """
        // The savings cap limits the payment to 1% of B = $1,000: an expected margin of $5,000 is impossible.
        let (s, _) = try solver(yaml, field: .savingsRate, targets: [.minExpectedMargin(5_000, ofRevenue: false)],
                                trials: 2_000, seed: 2)
        #expect(throws: PriceError.self) { try s.solve() }
    }

    @Test func lossRateIsSolvedFromTheTop() throws {
        // E[M] ≥ −$1,000 with a sure shortfall of $10,000 (cost 1,100 against 1,000, 100 members): l ≤ 0.1.
        let yaml = """
            cost: {constant: 1100}
            contract: {shared_risk: {benchmark: 1000, members: 100, savings_rate: 0.5, loss_rate: 0.5}}
            """
        let (s, _) = try solver(yaml, field: .lossRate, targets: [.minExpectedMargin(-1_000, ofRevenue: false)],
                                trials: 2_000, seed: 3)
        #expect(abs(try s.solve().value - 0.1) < 1e-9)
    }
}

@Suite struct PriceGridTests {
    /// Each grid row is bit-identical to `simulate` run with that price and the same seed.
    @Test func gridAgreesWithSimulateAtTheSamePrices() throws {
        let yaml = try String(contentsOf: packageRoot.appendingPathComponent("Models/knee-replacement-bundle.yaml"), encoding: .utf8)
        let (s, _) = try solver(yaml, field: .price, targets: [], trials: 20_000, seed: 4)
        let grid = try PriceGrid(solver: s, values: PriceGrid.values(from: 22_000, to: 24_000, step: 1_000))
        #expect(grid.rows.map(\.value) == [22_000, 23_000, 24_000])
        var model = try ModelLoader.parse(yaml)
        for row in grid.rows {
            model.contract = PriceField.price.setting(row.value, in: model.contract)
            let direct = try Simulation.run(model, trials: 20_000, seed: 4, threads: 3).report
            #expect(ReportJSON.metrics(direct).serialized() == ReportJSON.metrics(row.report).serialized())
        }
    }

    @Test func zeroLossProbabilityCannotBeShown() throws {
        let (s, _) = try solver(LognormalBundlePriceTests.yaml, field: .price, targets: [.maxLossProbability(0)],
                                trials: 1_000, seed: 1)
        #expect(throws: PriceError.self) { try s.solve() }
    }
}
