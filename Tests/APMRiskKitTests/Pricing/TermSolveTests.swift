import CGSL
import Foundation
import Testing
@testable import APMRiskKit

/// Solving for any term of a chain, and stressing the quality score's mean.
@Suite struct TermSolveTests {
    /// A global budget G against Poisson(100) units of constant cost 10,000: M = G − 10,000·N.
    static let budgetModel: RiskModel = {
        let contract = Contract(kind: "global_budget", units: .poisson(mean: 100), unitName: "volume",
                                terms: [Budget(amount: 1_000_000), CostTerm(for: UnitTerms())])
        return RiskModel(unitCost: .continuous(.constant(10_000)), contract: contract,
                         run: RunSettings(trials: 40_000, seed: 17, levels: [0.9, 0.99]))
    }()

    /// P(loss) ≤ 10% ⇔ P(N > G/10,000) ≤ 10%: G = 10,000 × the smallest v with P(N ≤ v) ≥ 0.9, which for
    /// Poisson(100) is 113 (F(112) = 0.8928, F(113) = 0.9095, each more than 4 s.e. of the empirical CDF from
    /// 0.9 at 40,000 trials). On the sample the answer is exactly 10,000 × that order statistic of N.
    @Test func budgetOfAGlobalBudgetIsCostTimesAPoissonQuantile() throws {
        #expect(gsl_cdf_poisson_P(112, 100) < 0.9 - 4 * (0.09 / 40_000).squareRoot())
        #expect(gsl_cdf_poisson_P(113, 100) > 0.9 + 4 * (0.09 / 40_000).squareRoot())
        let model = Self.budgetModel
        let field = try PriceField.resolve("budget", in: model.contract).get()
        #expect(field.direction == .rises && !field.changesRetainedCost)
        let s = try Simulation.run(model, threads: 2, keepingLedger: true)
        let sample = PriceSample.solving(field, job: s.job, ledger: s.ledger)
        #expect(!sample.simulatesAgain)
        let solver = PriceSolver(sample: sample, contract: model.contract, field: field,
                                 targets: [.maxLossProbability(0.1)], levels: [0.9])
        let solution = try solver.solve()
        #expect(abs(solution.value - 1_130_000) <= 1e-9 * 1_130_000, "budget \(solution.value)")
        // The empirical quantile of N on the ledger, independently.
        let units = s.ledger!.totals.map(\.units).sorted()
        #expect(Double(units[36_000 - 1]) * 10_000 == 1_130_000)
        #expect(solution.report.lossProbability.value <= 0.1)
        #expect(solution.interval != nil)
    }

    /// A ten-episode bundle with an outlier cap: the cap changes retained costs, so every value is simulated
    /// again with the same seed. The solution is the highest cap with P(loss) ≤ 5%: a fresh simulation at it
    /// meets the target, one just above it does not, and the trials could not have been re-settled.
    @Test func outlierCapIsSolvedBySimulatingAgainAndMatchesBruteForce() throws {
        let contract = BundleContract(price: 24_000, episodes: .fixed(10), outlierCap: 60_000).contract
        let model = RiskModel(unitCost: .continuous(.lognormal(mean: 20_000, cv: 0.6)), contract: contract,
                              run: RunSettings(trials: 4_000, seed: 23, levels: [0.95]))
        let field = try PriceField.resolve("outlier_cap", in: model.contract).get()
        #expect(field.direction == .falls && field.changesRetainedCost)
        let s = try Simulation.run(model, threads: 2, keepingLedger: true)
        // The invariant: the ledger refuses a contract with another cap.
        #expect(s.ledger!.refusal(for: field.setting(50_000, in: contract)) != nil)
        #expect(throws: LedgerError.self) { try s.ledger!.outcome(under: field.setting(50_000, in: contract), lowTailFraction: 0.05) }
        let sample = PriceSample.solving(field, job: s.job, ledger: s.ledger)
        #expect(sample.simulatesAgain)
        let solver = PriceSolver(sample: sample, contract: contract, field: field, targets: [.maxLossProbability(0.05)],
                                 levels: [0.95])
        let cap = try solver.solve().value
        func lossProbability(_ u: Double) throws -> Double {
            var m = model
            m.contract = field.setting(u, in: contract)
            return try Simulation.run(m, threads: 1).report.lossProbability.value
        }
        #expect(cap > 20_000 && cap < 200_000, "cap \(cap)")
        #expect(try lossProbability(cap) <= 0.05)
        #expect(try lossProbability(cap * (1 + 1e-6)) > 0.05)
        // Monotone: every lower cap meets the target, every higher one fails it.
        for f in [0.5, 0.9, 0.99] { #expect(try lossProbability(cap * f) <= 0.05) }
        for f in [1.01, 1.1, 2] { #expect(try lossProbability(cap * f) > 0.05) }
    }

    /// A batch of a re-simulated run draws what its trials drew in the whole run.
    @Test func aReSimulatedBatchKeepsItsTrialsDraws() throws {
        let s = try Simulation.run(Self.budgetModel, trials: 3_200, threads: 2, keepingLedger: true)
        let batches = PriceSample.simulation(s.job).batches(32)
        guard case let .simulation(job) = batches[7] else { Issue.record("not a simulation"); return }
        #expect(job.firstTrial == 700 && job.trials == 100)
        let (_, ledger) = try Engine.run(job, keepingLedger: true)
        #expect(ledger!.totals == Array(s.ledger!.totals[700..<800]))
    }

    /// Every price-like term of a chain is offered, with its direction; a term whose direction is not fixed
    /// by its formula is read from the trials, and refused when it moves margins both ways.
    @Test func everyTermIsOfferedAndDirectionsAreReadWhereNeeded() throws {
        let contract = Contract(kind: "global_budget", units: .poisson(mean: 100), unitName: "volume",
                                terms: [Budget(amount: 1_000_000, trendPassThrough: 0.5), CostTerm(for: UnitTerms()),
                                        Withhold(rate: 0.02, returned: PiecewiseLinearMap(points: [(0, 0), (1, 1)])!),
                                        FixedCost(amount: 50_000)])
        let offered = PriceField.fields(for: contract).map(\.rawValue)
        #expect(offered == ["budget", "trend_pass_through", "withhold", "fixed_cost"])
        #expect(try PriceField.resolve("withhold", in: contract).get().direction == .falls)
        let pass = try PriceField.resolve("trend_pass_through", in: contract).get()
        #expect(pass.direction == .fromTrials)
        var model = Self.budgetModel
        model.contract = contract
        model.systematicFactor = .continuous(.lognormal(mean: 1, cv: 0.1))
        let s = try Simulation.run(model, trials: 2_000, threads: 2, keepingLedger: true)
        #expect(throws: PriceFieldError.self) { try pass.resolvingDirection(on: s.ledger!, contract: contract) }
        if case let .failure(e) = PriceField.resolve("pmpm", in: contract) {
            #expect(e.description.contains("can solve for budget, trend_pass_through, withhold, fixed_cost"))
        } else {
            Issue.record("pmpm resolved on a global budget")
        }
    }
}

/// `quality_mean`: the mean of the quality score, shocked with its shape kept.
@Suite struct QualityMeanShockTests {
    /// One episode paid 1,000 costing 500 (M = 500 > 0 always) behind a quality gate at 0.75: the gate fails
    /// exactly when Q < 0.75.
    static func gated(_ score: QualityScore) -> RiskModel {
        let contract = Contract(kind: "terms", units: .fixed(1), unitName: "episodes",
                                terms: [UnitPayment(rateName: "price", rate: 1_000), CostTerm(for: UnitTerms()),
                                        QualityGate(minimum: 0.75)],
                                quality: [QualityMeasure(name: "composite", score: score)])
        return RiskModel(unitCost: .continuous(.constant(500)), contract: contract,
                         run: RunSettings(trials: 40_000, seed: 31, levels: [0.9]))
    }

    static func gateFails(_ model: RiskModel, mean: Double? = nil) throws -> Estimate {
        let m = try mean.map { try Shock.qualityMean($0).apply(to: model).get() } ?? model
        let r = try Simulation.run(m, threads: 2).report
        return try #require(r.eventProbabilities.first { $0.name == "quality gate fails" }?.estimate)
    }

    /// Q = k/20, k ~ Binomial(20, p): the gate fails when k ≤ 14 (k = 15 gives exactly 0.75, which passes).
    /// quality_mean = m sets p = m.
    @Test(arguments: [nil, 0.7, 0.85])
    func binomialGateFailsAsTheBinomialSays(mean: Double?) throws {
        let model = Self.gated(.observedRate(cases: 20, probability: 0.8, complement: false, expected: nil))
        let p = try Self.gateFails(model, mean: mean)
        let exact = gsl_cdf_binomial_P(14, mean ?? 0.8, 20)
        #expect(within(p.value, exact, se: p.standardError), "P = \(p.value) ± \(p.standardError), exact \(exact)")
    }

    /// Beta by mean 0.8 and sd 0.1 (a + b = 15): quality_mean = m keeps a + b, so Q ~ Beta(15m, 15(1 − m)).
    @Test(arguments: [nil, 0.7])
    func betaGateFailsAsTheBetaSays(mean: Double?) throws {
        let model = Self.gated(.beta(mean: 0.8, sd: 0.1))
        let p = try Self.gateFails(model, mean: mean)
        let m = mean ?? 0.8, k = 0.8 * 0.2 / 0.01 - 1
        let exact = gsl_cdf_beta_P(0.75, m * k, (1 - m) * k)
        #expect(within(p.value, exact, se: p.standardError), "P = \(p.value) ± \(p.standardError), exact \(exact)")
    }

    /// Discrete levels 0.6, 0.8, 1.0 (mean 0.82): quality_mean = m shifts every level by m − 0.82. At 0.77 the
    /// middle level lands on the gate exactly and passes; at 0.76 it falls below.
    @Test func discreteLevelsShift() throws {
        let model = Self.gated(.discrete(values: [0.6, 0.8, 1.0], probabilities: [0.2, 0.5, 0.3]))
        for (mean, exact) in [(0.82, 0.2), (0.77, 0.2), (0.76, 0.7)] {
            let p = try Self.gateFails(model, mean: mean)
            #expect(within(p.value, exact, se: p.standardError), "mean \(mean): P = \(p.value), exact \(exact)")
        }
    }

    @Test func aMeanTheDistributionCannotTakeIsRefused() {
        let model = Self.gated(.beta(mean: 0.8, sd: 0.1))
        guard case let .failure(e) = Shock.qualityMean(1.2).apply(to: model) else { Issue.record("accepted"); return }
        #expect(e.description.hasPrefix("quality_mean: a beta quality score needs a mean strictly between 0 and 1"))
        var none = model
        none.contract = BundleContract(price: 1_000, episodes: .fixed(1)).contract
        guard case let .failure(f) = Shock.qualityMean(0.5).apply(to: none) else { Issue.record("accepted"); return }
        #expect(f.rule.contains("no quality measure"))
        #expect(Shock.named("quality_mean", size: 0.7) == .qualityMean(0.7))
    }

    /// Sensitivity shocks every finite, non-zero term — unit terms and a fraction at its bound included — and the
    /// quality mean, and says which it left out.
    @Test func sensitivityCoversEveryTermAndTheQualityMean() {
        var model = Self.gated(.beta(mean: 0.8, sd: 0.1))
        model.contract.unitTerms = UnitTerms(cap: 5_000, stopLoss: SpecificStopLoss(attachment: 400, coinsurance: 1))
        let survey = Sensitivity.survey(of: model, steps: [:])
        let names = Set(survey.shocked.map(\.0))
        for p in model.contract.allParameters where p.value.isFinite && p.value != 0 {
            #expect(names.contains(p.name), "\(p.name) not shocked")
        }
        #expect(names.contains("quality_mean") && names.contains("coinsurance") && names.contains("outlier_cap"))
        let coinsurance = survey.shocked.first { $0.0 == "coinsurance" }!
        #expect(coinsurance.1 == .term(ContractTerm(rawValue: "coinsurance"), 0.9))
        #expect(coinsurance.2 == .term(ContractTerm(rawValue: "coinsurance"), 1))
    }

    /// Every name a term of any kind has is shockable by name (`ContractTerm.known`, which `--shock` and model
    /// scenarios check names against).
    @Test func everyTermNameIsShockable() {
        let terms: [any AggregateTerm] = [
            UnitPayment(rateName: "price", rate: 1, months: 12, discount: 0.1, trendPassThrough: 0.1, premium: 1),
            UnitPayment(rateName: "pmpm", rate: 1), UnitPayment(rateName: "target_price", rate: 1), Budget(amount: 1, trendPassThrough: 0.2),
            Limits(stopLoss: 0.1, stopGain: 0.1), AggregateStopLoss(attachment: 1),
            Sharing(benchmark: 1, savingsRate: 0.5, lossRate: 0.5, qualityGate: 0.5, trendPassThrough: 0.1),
            QualityGate(minimum: 0.5), Withhold(rate: 0.1, returned: PiecewiseLinearMap(points: [(0, 0), (1, 1)])!),
            VolumeCorridor(baseVolume: 1, corridor: 0.1, price: 1, variableCostFactor: 0.5),
            FixedCost(name: "programme_cost", amount: 1), FixedCost(amount: 1),
        ]
        let unit = UnitTerms(cap: 1, stopLoss: SpecificStopLoss(attachment: 1)).parameters(unitName: "members")
        for name in terms.flatMap(\.parameters).map(\.name) + unit.map(\.name) {
            #expect(ContractTerm.known.contains(name) && Shock.names.contains(name), "\(name)")
        }
    }
}
