import CGSL
import Foundation
import Testing
@testable import APMRiskKit

/// Each new preset against an exact answer (payment-designs.md §§2–5), with fixed seeds and tolerances of a few
/// reported standard errors; and every shipped model bit-identical on 1 and 3 threads.
@Suite struct PresetExactTests {
    func run(_ yaml: String, threads: Int = 2) throws -> Simulation {
        try Simulation.run(try ModelLoader.parse(yaml), threads: threads)
    }

    /// ∫ f over [lo, hi] by the midpoint rule on `cells` cells (the densities here are smooth: the error is far
    /// below any test's standard error).
    func integral(from lo: Double, to hi: Double, cells: Int, _ f: (Double) -> Double) -> Double {
        let h = (hi - lo) / Double(cells)
        return (0..<cells).reduce(0) { $0 + f(lo + (Double($1) + 0.5) * h) } * h
    }

    /// ∫ f between the first and last breakpoint by GSL's `gsl_integration_qagp` (adaptive Gauss–Kronrod, the
    /// interior breakpoints being where f has a kink); the integral and GSL's estimate of its absolute error.
    func gslIntegral(breakpoints: [Double], _ f: @escaping (Double) -> Double) throws -> (Double, Double) {
        final class Box { let f: (Double) -> Double; init(_ f: @escaping (Double) -> Double) { self.f = f } }
        let box = Box(f)
        let workspace = try #require(gsl_integration_workspace_alloc(1000))
        defer { gsl_integration_workspace_free(workspace) }
        var points = breakpoints, result = 0.0, error = 0.0
        let status = withExtendedLifetime(box) {
            var function = gsl_function(function: { x, params in
                Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue().f(x)
            }, params: Unmanaged.passUnretained(box).toOpaque())
            return gsl_integration_qagp(&function, &points, points.count, 0, 1e-12, 1000, workspace, &result, &error)
        }
        #expect(status == GSL_SUCCESS)
        return (result, error)
    }

    func event(_ s: Simulation, _ name: String) throws -> Estimate {
        try #require(s.report.eventProbabilities.first { $0.name == name }?.estimate, "no event \(name)")
    }

    func component(_ s: Simulation, _ name: String) throws -> Estimate {
        try #require(s.report.breakdown.first { $0.name == name }?.estimate, "no component \(name)")
    }

    /// A global budget with Poisson volume V and a constant unit cost c: M = G − c·V + A(V) − F exactly, so
    /// P(loss) and E[M] are sums over the Poisson distribution.
    @Test func globalBudgetWithPoissonVolumeIsExact() throws {
        let s = try run("""
            cost: {constant: 1000}
            contract:
              global_budget:
                budget: 1010000
                volume: {poisson: {mean: 1000}}
                volume_corridor: {base_volume: 1000, corridor: 0.03, price: 1200, variable_cost_factor: 0.5}
                fixed_cost: 5000
            run: {trials: 40000, seed: 3}
            """)
        var pLoss = 0.0, mean = 0.0, pAbove = 0.0
        for v in 0...2_000 {
            let p = gsl_ran_poisson_pdf(UInt32(v), 1000)
            let x = Double(v)
            var a = 0.0
            if x > 1030 { a = 0.5 * 1200 * (x - 1030); pAbove += p } else if x < 970 { a = -0.5 * 1200 * (970 - x) }
            let m = 1_010_000 - 1000 * x + a - 5000
            mean += p * m
            if m < 0 { pLoss += p }
        }
        let r = s.report
        #expect(abs(r.lossProbability.value - pLoss) <= 3 * r.lossProbability.standardError, "\(r.lossProbability.value) vs \(pLoss)")
        #expect(abs(r.expectedMargin.value - mean) <= 3 * r.expectedMargin.standardError, "\(r.expectedMargin.value) vs \(mean)")
        let above = try event(s, "volume above the corridor")
        #expect(abs(above.value - pAbove) <= 3 * above.standardError)
    }

    /// P4P with a beta quality score: E[a(Q)]·R by GSL numerical integration (QAGP) of the map against the beta density.
    @Test func payForPerformanceWithBetaQualityMatchesIntegration() throws {
        let s = try run("""
            cost: {constant: 900}
            contract:
              pay_for_performance:
                price: 1000
                volume: 500
                quality: {tps: {beta: {mean: 0.45, sd: 0.12}}}
                adjustments: [{name: HVBP, scale: 100, map: [[0, -0.02], [30, -0.01], [100, 0.03]]}]
            run: {trials: 40000, seed: 5}
            """)
        let (a, b) = QualityScore.betaParameters(mean: 0.45, sd: 0.12)
        // E[a(Q)] = ∫ a(q) f(q) dq by the midpoint rule on 200,000 cells (error ~1e-10, far below the s.e.).
        let map = PiecewiseLinearMap(points: [(0, -0.02), (30, -0.01), (100, 0.03)], scale: 100)!
        // The map's kinks at Q = 0.30 are breakpoints of GSL's adaptive QAGP, which also copes with the density's ends.
        let (expected, error) = try gslIntegral(breakpoints: [0, 0.30, 1]) { q in map(q) * gsl_ran_beta_pdf(q, a, b) }
        #expect(error < 1e-10)
        let revenue = 1000.0 * 500
        let adj = try component(s, "HVBP adjustment")
        #expect(abs(adj.value - expected * revenue) <= 3 * adj.standardError, "\(adj.value) vs \(expected * revenue)")
    }

    /// A quality gate on an observed rate: P(gate fails) = P(1 − k/n < q_min) for k ~ Binomial(n, p), exact.
    @Test func qualityGateOnABinomialRateIsExact() throws {
        let s = try run("""
            cost: {constant: 900}
            contract:
              retrospective_bundle:
                target_price: 1000
                episodes: 10
                quality: {observed_rate: {cases: 40, probability: 0.15, complement: true}}
                quality_gate: {minimum: 0.8}
            run: {trials: 40000, seed: 8}
            """)
        // Fails when 1 − k/40 < 0.8 ⇔ k > 8 (k = 8 gives exactly 0.8, which passes).
        let exact = 1 - gsl_cdf_binomial_P(8, 0.15, 40)
        let fails = try event(s, "quality gate fails")
        #expect(abs(fails.value - exact) <= 3 * fails.standardError, "\(fails.value) vs \(exact)")
        // Each trial gains 10 × 100 unless the gate fails: E[M] = 1000 · (1 − P(fail)).
        #expect(abs(s.report.expectedMargin.value - 1000 * (1 - exact)) <= 3 * s.report.expectedMargin.standardError)
    }

    /// A corridor on a gamma total: with Θ ~ Gamma and one member at constant cost, R = B − Θ·c is a gamma
    /// reflected, and E[kept(R)] is an integral against the gamma density.
    @Test func corridorOnAGammaTotalMatchesIntegration() throws {
        let s = try run("""
            cost: {constant: 1000000}
            systematic_factor: {gamma: {mean: 1, cv: 0.1}}
            contract:
              capitation:
                pmpm: 87500
                members: 1
                corridor:
                  gains: [{to: 0.05, share: 1}, {to: 0.10, share: 0.5}, {share: 0.2}]
                  losses: [{to: 0.03, share: 1}, {share: 0.4}]
            run: {trials: 40000, seed: 9}
            """)
        let base = 87_500.0 * 12
        let shape = 100.0, scale = 0.01   // mean 1, cv 0.1
        let corridor = Corridor(gains: [.init(from: 0, to: 0.05, share: 1), .init(from: 0.05, to: 0.10, share: 0.5),
                                         .init(from: 0.10, to: .infinity, share: 0.2)],
                                losses: [.init(from: 0, to: 0.03, share: 1), .init(from: 0.03, to: .infinity, share: 0.4)])!
        let expected = integral(from: 0.4, to: 1.8, cells: 100_000) { theta in
            corridor.kept(base - theta * 1_000_000, base: base) * gsl_ran_gamma_pdf(theta, shape, scale)
        }
        let r = s.report.expectedMargin
        #expect(abs(r.value - expected) <= 3 * r.standardError, "\(r.value) vs \(expected)")
    }

    /// An MSSP contract with a fixed quality score, MSR by size and trend pass-through, one member-sized unit and
    /// a lognormal Θ: the payment is a function of Θ alone, so E[M] is an integral against the lognormal density.
    @Test func msspWithGateMSRBySizeAndPassThroughMatchesIntegration() throws {
        let s = try run("""
            cost: {constant: 1000}
            systematic_factor: {lognormal: {mean: 0.98, cv: 0.05}}
            contract:
              shared_risk:
                benchmark: 1000
                members: 12500
                savings_rate: 0.5
                loss_rate: 0.4
                minimum_savings_rate: by_size
                minimum_loss_rate: 0.02
                trend_pass_through: 0.5
                quality: {composite: {fixed: 0.9}}
                quality_gate: 0.8
            run: {trials: 40000, seed: 10}
            """)
        let msr = MinimumSavingsRate.bySize(members: 12_500)   // 2.85%
        #expect(abs(msr - 0.0285) < 1e-12)
        let sigma = (log(1 + 0.05 * 0.05)).squareRoot(), zeta = log(0.98) - sigma * sigma / 2
        let expected = integral(from: 0.7, to: 1.3, cells: 100_000) { theta in
            let b = 1000 * 12_500 * (1 + 0.5 * (theta - 1)), spend = theta * 1000 * 12_500, d = b - spend
            let pay = d >= msr * b ? 0.5 * d : (-d >= 0.02 * b ? -0.4 * -d : 0)
            return pay * gsl_ran_lognormal_pdf(theta, zeta, sigma)
        }
        let r = s.report.expectedMargin
        #expect(abs(r.value - expected) <= 3 * r.standardError, "\(r.value) vs \(expected)")
    }

    @Test(arguments: ShippedModelTests.models)
    func everyShippedModelIsBitIdenticalOnOneAndThreeThreads(file: String) throws {
        var model = try ModelLoader.load(path: packageRoot.appendingPathComponent("Models/\(file)").path)
        model.run.trials = 1_000
        let one = try Simulation.run(model, threads: 1), three = try Simulation.run(model, threads: 3)
        #expect(ReportJSON.metrics(one.report).serialized() == ReportJSON.metrics(three.report).serialized())
    }
}
