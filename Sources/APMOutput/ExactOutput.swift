import Foundation
import APMAnalysis
import APMEngine
import APMModel
import APMRisk
import APMSampling
import APMSupport

/// `apmrisk exact`'s output: every figure of the margin's distribution as a bracket [lower, upper] with the
/// central estimate, and, with `--compare`, the simulation's estimate, its standard error and its z-score
/// against the central estimate. Dollars for money (M > 0 a gain; VaR and TVaR of the loss L = −M), fractions
/// for probabilities.
public struct ExactOutput: Sendable {
    /// The simulation's estimate of one figure.
    public struct Simulated: Sendable {
        public var value: Double
        /// nil when the simulation has no honest standard error (`reason` says why).
        public var standardError: Double?
        public var reason: String?
        /// (simulated − central) / standard error.
        public var z: Double? { standardError.flatMap { $0 > 0 ? (value - central) / $0 : nil } }
        var central: Double
    }

    public let model: RiskModel
    public let modelFile: String
    public let modelSHA256: String
    public let exact: ExactAnalysis
    /// The simulation run beside it (`--compare`), and its record.
    public let simulation: Simulation?
    public let record: RunRecord?

    public init(model: RiskModel, modelFile: String, modelSHA256: String, exact: ExactAnalysis,
                simulation: Simulation? = nil, record: RunRecord? = nil) {
        self.model = model
        self.modelFile = modelFile
        self.modelSHA256 = modelSHA256
        self.exact = exact
        self.simulation = simulation
        self.record = record
    }

    /// The simulation's estimate of figure `f`, when there is a simulation.
    public func simulated(_ f: ExactAnalysis.Figure) -> Simulated? {
        guard let r = simulation?.report else { return nil }
        func est(_ e: Estimate) -> Simulated {
            Simulated(value: e.value, standardError: e.errorNote == nil ? e.standardError : nil, reason: e.errorNote, central: f.central)
        }
        func quantile(_ q: QuantileEstimate) -> Simulated {
            Simulated(value: q.value, standardError: q.standardError, reason: nil, central: f.central)
        }
        switch f.metric {
        case "loss_probability": return est(r.lossProbability)
        case "expected_margin": return est(r.expectedMargin)
        case "margin_sd": return est(r.marginStandardDeviation)
        case "var": return quantile(r.tail(at: f.level!).valueAtRisk)
        case "tvar": return est(r.tail(at: f.level!).tailValueAtRisk)
        case "margin_percentile": return quantile(r.orderStatistics.percentile(f.level!))
        default: return nil
        }
    }

    /// The figure's name for people.
    static func label(_ f: ExactAnalysis.Figure) -> String {
        switch f.metric {
        case "loss_probability": return "P(loss)"
        case "expected_margin": return "E[M]"
        case "margin_sd": return "SD(M)"
        case "var": return "VaR \(Figure.plain(f.level! * 100) + "%")"
        case "tvar": return "TVaR \(Figure.plain(f.level! * 100) + "%")"
        default: return "M at \(Figure.plain(f.level! * 100))%"
        }
    }

    static func show(_ f: ExactAnalysis.Figure, _ x: Double) -> String {
        f.metric == "loss_probability" ? Figure.percent(x) : Figure.dollars(x)
    }

    /// One sentence on how the figures were computed.
    public var method: String {
        "FFT on \(exact.latticePoints.formatted()) lattice points of \(Figure.dollarsAndCents(exact.step)); "
            + (exact.thetaIntervals > 0 ? "Θ in \(exact.thetaIntervals) intervals of its normal score on ±6; " : "")
            + "\(model.contract.unitName) \(exact.unitRange.lowerBound.formatted())…\(exact.unitRange.upperBound.formatted())"
    }

    // MARK: Table

    public func table() -> String {
        var out = "\(model.name ?? "model") — exact margin distribution (\(model.contract.kind))\n"
        out += ReportTable.wrapped(method) + "\n"
        let compare = simulation != nil
        var header = ReportTable.pad("figure", 14) + ReportTable.lpad("lower", 14) + ReportTable.lpad("central", 14)
            + ReportTable.lpad("upper", 14) + ReportTable.lpad("width", 12)
        if compare { header += ReportTable.lpad("simulated", 14) + ReportTable.lpad("± s.e.", 12) + ReportTable.lpad("z", 7) }
        out += header + "\n"
        for f in exact.figures {
            var line = ReportTable.pad(Self.label(f), 14) + ReportTable.lpad(Self.show(f, f.lower), 14)
                + ReportTable.lpad(Self.show(f, f.central), 14) + ReportTable.lpad(Self.show(f, f.upper), 14)
                + ReportTable.lpad(f.bracketed ? Self.show(f, f.width) : "no bound", 12)
            if let s = simulated(f) {
                line += ReportTable.lpad(Self.show(f, s.value), 14)
                line += ReportTable.lpad(s.standardError.map { Self.show(f, $0) } ?? "n/a", 12)
                line += ReportTable.lpad(s.z.map { String(format: "%.2f", $0) } ?? "n/a", 7)
            }
            out += Figure.typeset(line) + "\n"
        }
        out += "\n"
        out += ReportTable.wrapped("lower … upper brackets the true figure (units rounded down and up onto the lattice, Θ at "
            + "each interval's ends) up to the probability left off: \(Figure.significant(exact.leftOff)) (far tails of N, Θ "
            + "and unit costs), \(Figure.significant(exact.wrapped)) wrapped by the FFT (Chernoff bound), "
            + "\(Figure.significant(exact.ignored)) on points below 1e-20 each. central: each lattice interval's mass split to keep its mean, "
            + "Θ at two nodes per interval matching its conditional mean and variance. SD(M) has no bound.")
        if compare, let record {
            out += ReportTable.wrapped("z = (simulated − central) / s.e., from \(record.trials.formatted()) trials.")
            out += ReportTable.footer(record)
        }
        out += String(format: "exact: %.2f s, model sha256 %@\n", exact.elapsedSeconds, String(modelSHA256.prefix(12)))
        return out
    }

    // MARK: CSV

    public static let csvColumns = ["metric", "level", "lower", "upper", "central", "bracket_width", "simulated",
                                    "standard_error", "z"]

    public func csv() -> String {
        var meta: [(String, String)] = [
            ("command", "exact"), ("model", model.name ?? ""), ("contract", model.contract.kind),
            ("units", "money in \(ResultConventions.standard.money); probabilities as a \(ResultConventions.standard.probability)"),
            ("sign_convention", ResultConventions.signConvention),
            ("model_file", modelFile), ("model_sha256", modelSHA256), ("method", method),
            ("lattice_step", CSVWriter.number(exact.step)), ("lattice_points", String(exact.latticePoints)),
            ("left_off", CSVWriter.number(exact.leftOff)), ("wrapped_bound", CSVWriter.number(exact.wrapped)),
            ("not_evaluated", CSVWriter.number(exact.ignored)),
        ]
        if let record { meta += [("seed", String(record.seed)), ("trials", String(record.trials)), ("generator", record.generator)] }
        meta += model.warnings.map { ("warning", $0) }
        let rows: [[CSVCell]] = exact.figures.map { f in
            let s = simulated(f)
            return [.text(f.metric), f.level.map { .number($0) } ?? .empty, .number(f.lower), .number(f.upper),
                    .number(f.central), f.bracketed ? .number(f.width) : .empty, s.map { .number($0.value) } ?? .empty,
                    s?.standardError.map { .number($0) } ?? .empty, s?.z.map { .number($0) } ?? .empty]
        }
        return CSVWriter.document(metadata: meta, header: Self.csvColumns, rows: rows)
    }

    // MARK: JSON

    public func json() -> String { ResultJSON.text(ExactResult(self)) + "\n" }
}

/// The JSON document of `apmrisk exact`: the common header (`command: "exact"`), `exact` (how: lattice step
/// and points, Θ intervals, the units' range, the probability left off, the wrapped-mass bound, the time),
/// `figures` (each `metric`, `level`, `lower`, `upper`, `central`, `bracket_width` — null with its reason for
/// the SD, which has no bound — and with `--compare` `simulated` and `z`), and with `--compare` the simulation's
/// `run` record.
public struct ExactResult: Encodable, Sendable {
    let output: ExactOutput

    public init(_ output: ExactOutput) { self.output = output }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try ResultHeader(command: "exact", model: output.model).encode(into: &c)
        let e = output.exact
        var x = c.nestedContainer(keyedBy: ResultKey.self, forKey: ResultKey("exact"))
        try x.field(output.modelFile, "model_file")
        try x.field(output.modelSHA256, "model_sha256")
        try x.field(output.method, "method")
        try x.figure(e.step, "lattice_step")
        try x.field(e.latticePoints, "lattice_points")
        try x.field(e.thetaIntervals, "theta_intervals")
        try x.field(e.unitRange.lowerBound, "units_min")
        try x.field(e.unitRange.upperBound, "units_max")
        try x.figure(e.leftOff, "left_off")
        try x.figure(e.wrapped, "wrapped_bound")
        try x.figure(e.ignored, "not_evaluated")
        try x.figure(e.elapsedSeconds, "elapsed_seconds")
        var list = c.nestedUnkeyedContainer(forKey: ResultKey("figures"))
        for f in e.figures {
            var item = list.nestedContainer(keyedBy: ResultKey.self)
            try item.field(f.metric, "metric")
            try item.figure(f.level, "level")
            try item.figure(f.lower, "lower")
            try item.figure(f.upper, "upper")
            try item.figure(f.central, "central")
            if f.bracketed { try item.figure(f.width, "bracket_width") } else {
                try item.missing("bracket_width", because: "the standard deviation is not monotone in cost: no proven bracket")
            }
            if let s = output.simulated(f) {
                var sim = item.nestedContainer(keyedBy: ResultKey.self, forKey: ResultKey("simulated"))
                try sim.figure(s.value, "value")
                if let se = s.standardError { try sim.figure(se, "standard_error") } else {
                    try sim.missing("standard_error", because: s.reason ?? "no standard error")
                }
                if let z = s.z { try item.figure(z, "z") } else { try item.missing("z", because: "no standard error") }
            }
        }
        if let record = output.record { try c.field(record, "run") }
    }
}
