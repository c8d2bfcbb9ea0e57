import CGSL
import Foundation
import Testing
@testable import APMRiskKit

/// `exact` against closed forms: every bracket must hold the true figure, the central estimate must be close to
/// it, and the bracket must narrow as the lattice is refined.
func exact(_ yaml: String, points: Int, intervals: Int = 8, levels: [Double]? = nil) throws -> ExactAnalysis {
    try ExactAnalysis.run(ModelLoader.parse(yaml), latticePoints: points, thetaIntervals: intervals, levels: levels)
}

/// The bracket of `metric` holds `truth` (up to `slack` for rounding in the sums), and the central estimate is
/// within `share` of the bracket's width (plus `slack`) of it. A probability or a quantile at a fixed threshold moves
/// by whole lattice points, so its central estimate is only known to be inside (share 0.5); a mean is smooth in the
/// rounding, and its central estimate is far closer (share 0.01).
func holds(_ e: ExactAnalysis, _ metric: String, level: Double? = nil, _ truth: Double, slack: Double = 1e-9,
           share: Double = 0.5) -> Bool {
    guard let f = e.figure(metric, level: level) else { return false }
    let inside = f.lower - slack <= truth && truth <= f.upper + slack
    let close = abs(f.central - truth) <= share * f.width + slack
    if !(inside && close) {
        print("\(metric) \(level ?? 0): lower \(f.lower) central \(f.central) upper \(f.upper) truth \(truth)")
    }
    return inside && close
}

@Suite struct ExactLognormalBundle {
    // One episode, lognormal cost with mean 25,000 and cv 0.4, price 28,000 (domain.md's closed forms).
    static let yaml = """
        cost: {lognormal: {mean: 25000, cv: 0.4}}
        contract: {bundle: {price: 28000, episodes: 1}}
        """
    let sigma = log1p(0.16).squareRoot()
    var zeta: Double { log(25_000) - sigma * sigma / 2 }

    @Test func everyBracketHoldsTheClosedForm() throws {
        let e = try exact(Self.yaml, points: 1 << 14, levels: [0.95, 0.99])
        #expect(holds(e, "loss_probability", 1 - Phi((log(28_000) - zeta) / sigma)))
        #expect(holds(e, "expected_margin", 3_000, slack: 1e-6, share: 0.01))
        for a in [0.95, 0.99] {
            let z = PhiInverse(a)
            #expect(holds(e, "var", level: a, exp(zeta + sigma * z) - 28_000, slack: 1e-6))
            #expect(holds(e, "tvar", level: a, 25_000 * Phi(sigma - z) / (1 - a) - 28_000, slack: 1e-6))
        }
        #expect(e.leftOff < 1e-11 && e.wrapped < 1e-11)
    }

    @Test func bracketNarrowsAsTheLatticeRefines() throws {
        var widths: [Double] = []
        for points in [1 << 10, 1 << 12, 1 << 14] {
            let e = try exact(Self.yaml, points: points)
            let f = try #require(e.figure("expected_margin"))
            #expect(f.lower <= 3_000 + 1e-6 && 3_000 <= f.upper + 1e-6)
            widths.append(f.width)
        }
        // The width is the lattice step: four times the points, a quarter of the width.
        #expect(widths[1] < widths[0] / 3.5 && widths[2] < widths[1] / 3.5)
    }
}

@Suite struct ExactGammaCapitation {
    // 50 members, each Gamma(4, 500) a year: the total is Gamma(200, 500) exactly; revenue 102,000.
    static let yaml = """
        cost: {gamma: {shape: 4, scale: 500}}
        contract: {capitation: {pmpm: 170, members: 50}}
        """
    let revenue = 102_000.0

    @Test func lossProbabilityQuantilesAndShortfall() throws {
        let e = try exact(Self.yaml, points: 1 << 14, levels: [0.9, 0.99, 0.995])
        #expect(holds(e, "loss_probability", 1 - gsl_cdf_gamma_P(revenue, 200, 500)))
        #expect(holds(e, "expected_margin", revenue - 100_000, slack: 1e-6, share: 0.01))
        for a in [0.9, 0.99, 0.995] {
            let q = gsl_cdf_gamma_Pinv(a, 200, 500)
            // E[S; S > q] = a·b·P(S' > q) with S' ~ Gamma(a + 1, b).
            let shortfall = 100_000 * gsl_cdf_gamma_Q(q, 201, 500) / (1 - a)
            #expect(holds(e, "var", level: a, q - revenue, slack: 1e-6))
            #expect(holds(e, "tvar", level: a, shortfall - revenue, slack: 1e-6))
        }
        for q in [0.05, 0.5, 0.95] {
            #expect(holds(e, "margin_percentile", level: q, revenue - gsl_cdf_gamma_Pinv(1 - q, 200, 500), slack: 1e-6))
        }
    }
}

@Suite struct ExactNegativeBinomialGamma {
    // N ~ NB(mean 40, dispersion 2), each episode Gamma(2, 5,000) (mean 10,000), price 10,500: given N = n the
    // total is Gamma(2n, 5,000), so P(loss) = Σₙ P(N = n)·P(Gamma(2n, 5,000) > 10,500·n) exactly.
    static let yaml = """
        cost: {gamma: {shape: 2, scale: 5000}}
        contract: {bundle: {price: 10500, episodes: {negative_binomial: {mean: 40, dispersion: 2}}}}
        """

    @Test func lossProbabilityIsTheGammaMixture() throws {
        let e = try exact(Self.yaml, points: 1 << 12, levels: [0.99])
        let p = 0.5, size = 40.0   // dispersion 2: p = 1/2, n = 40/(2 − 1)
        var loss = 0.0, k = 1
        while k < 1_000 {
            let pn = gsl_ran_negative_binomial_pdf(UInt32(k), p, size)
            loss += pn * gsl_cdf_gamma_Q(10_500 * Double(k), 2 * Double(k), 5_000)
            k += 1
        }
        #expect(holds(e, "loss_probability", loss, slack: 1e-9))
        #expect(holds(e, "expected_margin", 40 * 500, slack: 1e-6, share: 0.01))
        #expect(e.unitRange.lowerBound == 0)
    }
}

@Suite struct ExactStopLoss {
    // One member, lognormal cost (mean 20,000, cv 1.5), specific stop-loss above 50,000 (coinsurance 1, no premium):
    // E[M] = revenue − m + E[max(0, Y − A)] (domain.md's stop-loss recovery).
    static let yaml = """
        cost: {lognormal: {mean: 20000, cv: 1.5}}
        contract: {capitation: {pmpm: 1500, members: 1, stop_loss: {attachment: 50000, coinsurance: 1}}}
        """

    @Test func expectedMarginHoldsTheRecovery() throws {
        let e = try exact(Self.yaml, points: 1 << 14)
        let s2 = log1p(1.5 * 1.5), s = s2.squareRoot(), z = log(20_000) - s2 / 2, a = 50_000.0
        let recovery = 20_000 * Phi((z + s2 - log(a)) / s) - a * (1 - Phi((log(a) - z) / s))
        // The retained cost has an atom at A (P(Y > A) ≈ 3%), which rounding to the nearest point moves by up to h/2:
        // the central estimate is within a few hundredths of the width, no longer within one.
        #expect(holds(e, "expected_margin", 18_000 - 20_000 + recovery, slack: 1e-6, share: 0.05))
        // The retained cost is at most A: the worst loss is A − revenue, to within a lattice step (A rounded up)
        // and a bin of the margin (its pessimistic edge).
        let worst = try #require(e.figure("tvar", level: 0.995))
        #expect(worst.upper <= a - 18_000 + 2 * e.step && abs(worst.central - (a - 18_000)) <= e.step)
    }
}

@Suite struct ExactSystematicFactor {
    // 20 members Gamma(4, 500) with Θ lognormal (cv 0.05): given Θ = θ the total is Gamma(80, 500·θ). The bracket
    // holds P(loss) = ∫ P(Gamma(80, 500θ) > 42,000) dF(θ), computed here by a fine midpoint rule in Θ's normal score.
    static let yaml = """
        cost: {gamma: {shape: 4, scale: 500}}
        systematic_factor: {lognormal: {mean: 1, cv: 0.05}}
        contract: {capitation: {pmpm: 175, members: 20}}
        """

    @Test func bracketHoldsTheThetaIntegral() throws {
        let e = try exact(Self.yaml, points: 1 << 12, intervals: 24)
        let s = log1p(0.0025).squareRoot(), zeta = -s * s / 2
        var p = 0.0, z = -8.0
        let dz = 1e-3
        while z < 8 {
            let mid = z + dz / 2
            let theta = exp(zeta + s * mid)
            p += (Phi(z + dz) - Phi(z)) * gsl_cdf_gamma_Q(42_000, 80, 500 * theta)
            z += dz
        }
        #expect(holds(e, "loss_probability", p, slack: 1e-6))
        #expect(holds(e, "expected_margin", 42_000 - 40_000, slack: 1e-6))
    }
}
