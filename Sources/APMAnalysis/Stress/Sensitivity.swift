import APMContracts
import APMEngine
import APMRisk
import APMSampling

/// One-at-a-time sensitivities: each parameter shocked down and up, ranked by the swing in a metric.
///
/// Parameters and their default steps (±10%): `trend` ∓0.10, `volume` ∓0.10, and × (1 ∓ 0.10) for
/// `severity`, `frequency`, `add_on_probability`, `lognormal_cv`, `pareto_shape` (those the cost model has),
/// `quality_mean` (where a term reads a quality score) and every finite, non-zero contract term, unit terms
/// included (a fraction clamped into [0, 1]). Terms left out are listed with why (`skipped`). Every run uses
/// the base's seed and blocks.
public struct Sensitivity: Sendable {
    public struct Row: Sendable {
        public let parameter: String
        /// The shocks applied for the down and up runs.
        public let down: Shock
        public let up: Shock
        public let downReport: RiskReport
        public let upReport: RiskReport
        /// |metric(up) − metric(down)|.
        public let swing: Double
    }

    public let metric: RiskMetric
    public let base: Simulation
    /// Largest swing first.
    public let rows: [Row]
    /// The parameters not shocked, with why (a term at 0 or absent).
    public var skipped: [(name: String, reason: String)] = []

    public static let defaultStep = 0.10

    /// The down/up shocks of every parameter the model has, with `steps` overriding the default by name.
    public static func parameters(of model: RiskModel, steps: [String: Double]) -> [(String, Shock, Shock)] {
        survey(of: model, steps: steps).shocked
    }

    /// The parameters of `model` with their down/up shocks, and those left out with why: a contract term at 0
    /// or absent (an unlimited cap) has no relative step; a shock the model cannot take (a fraction already at a
    /// bound on both sides) has none either.
    ///
    /// Every contract term (`Contract.allParameters`, unit terms included) is stepped × (1 ∓ step), clamped into
    /// its rule (a fraction stays within [0, 1], so a coinsurance of 1 is shocked down to 0.9 and "up" to 1), and
    /// `quality_mean` × (1 ∓ step) where a term reads a quality score.
    public static func survey(of model: RiskModel, steps: [String: Double])
        -> (shocked: [(String, Shock, Shock)], skipped: [(name: String, reason: String)])
    {
        var out: [(String, Shock, Shock)] = []
        var skipped: [(name: String, reason: String)] = []
        func step(_ name: String) -> Double { steps[name] ?? defaultStep }
        out.append(("trend", .trend(-step("trend")), .trend(step("trend"))))
        out.append(("volume", .volume(-step("volume")), .volume(step("volume"))))
        for name in ["severity", "frequency", "add_on_probability", "lognormal_cv", "pareto_shape"] {
            let down = Shock.named(name, size: 1 - step(name))!, up = Shock.named(name, size: 1 + step(name))!
            if case .success = down.apply(to: model), case .success = up.apply(to: model) { out.append((name, down, up)) }
        }
        if model.contract.readsQuality, let q = model.contract.quality.first?.score.mean {
            let name = "quality_mean"
            let down = Shock.qualityMean(q * (1 - step(name))), up = Shock.qualityMean(q * (1 + step(name)))
            switch (down.apply(to: model), up.apply(to: model)) {
            case (.success, .success): out.append((name, down, up))
            case let (.failure(e), _), let (_, .failure(e)): skipped.append((name, e.rule))
            }
        }
        for p in model.contract.allParameters {
            let v = p.value, name = p.name
            guard v.isFinite else { skipped.append((name, "absent (unlimited): no relative step")); continue }
            guard v != 0 else { skipped.append((name, "0: no relative step")); continue }
            var down = v * (1 - step(name)), up = v * (1 + step(name))
            if p.rule == .fraction {
                down = min(1, max(0, down))
                up = min(1, max(0, up))
            }
            let term = ContractTerm(rawValue: name)
            let d = Shock.term(term, down), u = Shock.term(term, up)
            switch (d.apply(to: model), u.apply(to: model)) {
            case (.success, .success): out.append((name, d, u))
            case let (.failure(e), _), let (_, .failure(e)): skipped.append((name, e.rule))
            }
        }
        return (out, skipped)
    }

    /// `progress`, when given, hears of each of the 1 + 2 × parameters runs and of their trials.
    public static func run(_ model: RiskModel, metric: RiskMetric, steps: [String: Double], threads: Int,
                           progress: RunProgress? = nil) throws -> Sensitivity {
        let extra = metric.level.map { [$0] } ?? []
        let survey = survey(of: model, steps: steps)
        let runs = 1 + 2 * survey.shocked.count
        let base = try Simulation.run(model, threads: threads, extraTailLevels: extra,
                                      control: progress.control(run: 1, of: runs, "the base"))
        var rows: [Row] = []
        for (i, (name, down, up)) in survey.shocked.enumerated() {
            let d = try Simulation.run(try down.apply(to: model).get(), threads: threads, extraTailLevels: extra,
                                       control: progress.control(run: 2 + 2 * i, of: runs, "\(name) down: \(down)")).report
            let u = try Simulation.run(try up.apply(to: model).get(), threads: threads, extraTailLevels: extra,
                                       control: progress.control(run: 3 + 2 * i, of: runs, "\(name) up: \(up)")).report
            let swing = abs(metric.estimate(in: u).value - metric.estimate(in: d).value)
            rows.append(Row(parameter: name, down: down, up: up, downReport: d, upReport: u, swing: swing))
        }
        // Stable order for equal swings: as listed.
        let ranked = rows.enumerated().sorted { $0.element.swing != $1.element.swing ? $0.element.swing > $1.element.swing : $0.offset < $1.offset }
        return Sensitivity(metric: metric, base: base, rows: ranked.map(\.element), skipped: survey.skipped)
    }
}
