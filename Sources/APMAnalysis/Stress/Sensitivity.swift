import APMContracts
import APMEngine
import APMRisk
import APMSampling

/// One-at-a-time sensitivities: each parameter shocked down and up, ranked by the swing in a metric.
///
/// Parameters and their default steps (±10%): `trend` ∓0.10, `volume` ∓0.10, and × (1 ∓ 0.10) for
/// `severity`, `frequency`, `add_on_probability`, `lognormal_cv`, `pareto_shape` (those the cost model has)
/// and every finite, non-zero contract term. Every run uses the base's seed and blocks.
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

    public static let defaultStep = 0.10

    /// The down/up shocks of every parameter the model has, with `steps` overriding the default by name.
    public static func parameters(of model: RiskModel, steps: [String: Double]) -> [(String, Shock, Shock)] {
        var out: [(String, Shock, Shock)] = []
        func step(_ name: String) -> Double { steps[name] ?? defaultStep }
        out.append(("trend", .trend(-step("trend")), .trend(step("trend"))))
        out.append(("volume", .volume(-step("volume")), .volume(step("volume"))))
        for name in ["severity", "frequency", "add_on_probability", "lognormal_cv", "pareto_shape"] {
            let down = Shock.named(name, size: 1 - step(name))!, up = Shock.named(name, size: 1 + step(name))!
            if case .success = down.apply(to: model), case .success = up.apply(to: model) { out.append((name, down, up)) }
        }
        for term in ContractTerm.terms(of: model.contract) {
            guard let v = term.value(in: model.contract), v.isFinite, v != 0 else { continue }
            let down = Shock.term(term, v * (1 - step(term.rawValue))), up = Shock.term(term, v * (1 + step(term.rawValue)))
            if case .success = down.apply(to: model), case .success = up.apply(to: model) { out.append((term.rawValue, down, up)) }
        }
        return out
    }

    public static func run(_ model: RiskModel, metric: RiskMetric, steps: [String: Double], threads: Int) throws -> Sensitivity {
        let extra = metric.level.map { [$0] } ?? []
        let base = try Simulation.run(model, threads: threads, extraTailLevels: extra)
        var rows: [Row] = []
        for (name, down, up) in parameters(of: model, steps: steps) {
            let d = try Simulation.run(try down.apply(to: model).get(), threads: threads, extraTailLevels: extra).report
            let u = try Simulation.run(try up.apply(to: model).get(), threads: threads, extraTailLevels: extra).report
            let swing = abs(metric.estimate(in: u).value - metric.estimate(in: d).value)
            rows.append(Row(parameter: name, down: down, up: up, downReport: d, upReport: u, swing: swing))
        }
        // Stable order for equal swings: as listed.
        let ranked = rows.enumerated().sorted { $0.element.swing != $1.element.swing ? $0.element.swing > $1.element.swing : $0.offset < $1.offset }
        return Sensitivity(metric: metric, base: base, rows: ranked.map(\.element))
    }
}
