import CGSL
import Foundation
import Testing
@testable import APMRiskKit

/// Solving one line's term for a target on the portfolio's total, on common random numbers.
@Suite struct PortfolioPriceTests {
    @Test func aLinesPriceSolvedForTheTotalIsWhatTheTotalGetsAtThatPrice() throws {
        let portfolio = try PortfolioLoader.parse(PortfolioRiskTests.gammaLines)
        let simulation = try PortfolioSimulation.run(portfolio, trials: 8000, solvingLine: 0, threads: 2)
        let ledger = try #require(simulation.totalLedger)
        let contract = portfolio.lines[0].model.contract
        let field = try PriceField.resolve("price", in: contract).get().resolvingDirection(on: ledger, contract: contract)
        var solver = PriceSolver(sample: .ledger(ledger), contract: contract, field: field,
                                 targets: [.maxLossProbability(0.2)], levels: simulation.settings.levels)
        solver.otherRevenue = portfolio.lines[1].model.contract.expectedRevenue
        // At the line's own price the ledger gives the total's figures.
        let base = try solver.report(at: 2300)
        #expect(abs(base.expectedMargin.value - simulation.total.expectedMargin.value) <= 1e-9 * 38_500)
        #expect(base.lossProbability.value == simulation.total.lossProbability.value)
        #expect(base.revenue == simulation.total.revenue)
        let solution = try solver.solve()
        #expect(solution.value > 2300)
        // The portfolio run again at the solved price: the same trials, the same total (to rounding).
        var priced = portfolio
        priced.lines[0].model.contract = field.setting(solution.value, in: contract)
        let again = try PortfolioSimulation.run(priced, trials: 8000, threads: 2)
        #expect(again.total.lossProbability.value <= 0.2)
        let atSolution = try solver.report(at: solution.value)
        #expect(abs(again.total.expectedMargin.value - atSolution.expectedMargin.value) <= 1e-9 * 38_500)
        #expect(again.total.lossProbability.value == atSolution.lossProbability.value)
        // P(S > R) = 0.2 for S ~ Γ(35, 1000): the total's revenue R = 10·price + 15,500 is the 80% quantile.
        let exact = (gsl_cdf_gamma_Pinv(0.8, 35, 1000) - 15_500) / 10
        let se = try #require(solution.interval?.standardError)
        #expect(within(solution.value, exact, se: se))
    }
}
