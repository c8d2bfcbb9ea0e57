import Foundation
import APMAnalysis
import APMContracts
import APMEngine
import APMModel
import APMRisk
import APMSampling
import APMSupport

/// The JSON document of `apmrisk stress`, in one of three modes (`mode`): `scenarios` (the base and each
/// scenario's metrics with the changes and their paired errors), `sensitivity` (the tornado) or `reverse` (the
/// shock size at which a metric reaches a value). Dollars per performance period for money, fractions for
/// probabilities; margin M > 0 is a gain for the provider, loss L = −M, so a negative change in E[M] is worse.
public struct StressResult: Codable, Sendable {
    /// One metric's change from the base to a scenario, on the same trials.
    public struct Change: Codable, Sendable {
        public var metric: String
        public var level: Double?
        public var base: Double
        public var scenario: Double
        public var change: Double
        /// Nil when there is no honest paired error (`pairedNote` says why).
        public var pairedStandardError: Double?
        public var pairedNote: String?
        public var unpairedStandardError: Double
        /// Why there is no unpaired error, when there is none.
        public var unpairedNote: String?

        package init(_ ch: StressComparison.Change) {
            metric = ch.metric.name
            level = ch.metric.level
            base = ch.base
            scenario = ch.scenario
            change = ch.change
            pairedStandardError = ch.note == nil ? ch.pairedStandardError : nil
            pairedNote = ch.note
            unpairedStandardError = ch.unpairedStandardError
            unpairedNote = ch.unpairedNote
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: ResultKey.self)
            try c.field(metric, "metric")
            try c.figure(level, "level")
            try c.figure(base, "base")
            try c.figure(scenario, "scenario")
            try c.figure(change, "change")
            if let note = pairedNote {
                try c.missing("change_se_paired", because: note)
            } else {
                try c.figure(pairedStandardError ?? .nan, "change_se_paired")
            }
            if let note = unpairedNote {
                try c.missing("change_se_unpaired", because: note)
            } else {
                try c.figure(unpairedStandardError, "change_se_unpaired")
            }
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: ResultKey.self)
            metric = try c.field(String.self, "metric")
            level = try c.figureIfPresent("level")
            base = try c.figure("base")
            scenario = try c.figure("scenario")
            change = try c.figure("change")
            pairedNote = try c.missingReason("change_se_paired")
            pairedStandardError = pairedNote == nil ? try c.figure("change_se_paired") : nil
            unpairedNote = try c.missingReason("change_se_unpaired")
            unpairedStandardError = unpairedNote == nil ? try c.figure("change_se_unpaired") : .infinity
        }
    }

    /// A scenario: its name and shocks as written, the changes and its full metrics.
    public struct ScenarioRun: Codable, Sendable {
        public var name: String
        public var shocks: [String]
        public var changes: [Change]
        public var metrics: MetricsResult

        package enum CodingKeys: String, CodingKey { case name, shocks, changes, metrics }
    }

    /// One tornado bar: the metric with the parameter shocked down and up, and the swing |up − down|.
    public struct TornadoRow: Codable, Sendable {
        public var parameter: String
        public var downShock: String
        public var upShock: String
        public var down: Double
        public var up: Double
        public var swing: Double

        package init(parameter: String, downShock: String, upShock: String, down: Double, up: Double, swing: Double) {
            (self.parameter, self.downShock, self.upShock) = (parameter, downShock, upShock)
            (self.down, self.up, self.swing) = (down, up, swing)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: ResultKey.self)
            try c.field(parameter, "parameter")
            try c.field(downShock, "down_shock")
            try c.field(upShock, "up_shock")
            try c.figure(down, "down")
            try c.figure(up, "up")
            try c.figure(swing, "swing")
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: ResultKey.self)
            parameter = try c.field(String.self, "parameter")
            downShock = try c.field(String.self, "down_shock")
            upShock = try c.field(String.self, "up_shock")
            down = try c.figure("down")
            up = try c.figure("up")
            swing = try c.figure("swing")
        }
    }

    /// The shock size at which the metric reaches `target`, with its delta-method standard error.
    public struct Reverse: Codable, Sendable {
        public var shock: String
        public var metric: String
        public var level: Double?
        public var target: Double
        public var size: Double
        public var standardError: Double
        /// The metrics at that size.
        public var metrics: MetricsResult
        /// The metric at every size the search evaluated, ascending in size (nil in older documents).
        public var curve: [CurvePoint]?

        /// One evaluation of the search: the metric (with its s.e.) at a shock size.
        public struct CurvePoint: Codable, Sendable {
            public var size: Double
            public var estimate: EstimateResult

            public init(size: Double, estimate: EstimateResult) {
                self.size = size
                self.estimate = estimate
            }

            public func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: ResultKey.self)
                try c.figure(size, "size")
                try estimate.encodeFields(into: &c)
            }

            public init(from decoder: Decoder) throws {
                let c = try decoder.container(keyedBy: ResultKey.self)
                size = try c.figure("size")
                estimate = try EstimateResult(from: decoder)
            }
        }

        package init(_ r: ReverseStress) {
            shock = r.shock
            metric = r.metric.name
            level = r.metric.level
            target = r.target
            size = r.size
            standardError = r.standardError
            metrics = MetricsResult(r.report)
            curve = r.curve.map { CurvePoint(size: $0.size, estimate: EstimateResult($0.estimate)) }
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: ResultKey.self)
            try c.field(shock, "shock")
            try c.field(metric, "metric")
            try c.figure(level, "level")
            try c.figure(target, "target")
            try c.figure(size, "size")
            try c.figure(standardError, "standard_error")
            try c.field(metrics, "metrics")
            try c.field(curve, "curve")
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: ResultKey.self)
            shock = try c.field(String.self, "shock")
            metric = try c.field(String.self, "metric")
            level = try c.figureIfPresent("level")
            target = try c.figure("target")
            size = try c.figure("size")
            standardError = try c.figure("standard_error")
            metrics = try c.field(MetricsResult.self, "metrics")
            curve = try c.optional([CurvePoint].self, "curve")
        }
    }

    /// The mode and its data.
    public enum Body: Sendable {
        /// The base metrics and every scenario.
        case scenarios(base: MetricsResult, scenarios: [ScenarioRun])
        /// The metric ranked by, its level, its base value and the tornado rows, largest swing first.
        case sensitivity(metric: String, level: Double?, base: Double, tornado: [TornadoRow])
        case reverse(Reverse)

        package var mode: String {
            switch self {
            case .scenarios: return "scenarios"
            case .sensitivity: return "sensitivity"
            case .reverse: return "reverse"
            }
        }
    }

    public var header: ResultHeader
    public var body: Body
    /// The margin's histogram, exceedance curve and convergence trace: of the base run (scenarios, sensitivity)
    /// or of the run at the breaking size (reverse).
    public var distribution: DistributionResult?
    public var run: RunRecord

    public init(_ output: StressOutput, model: RiskModel, record: RunRecord) {
        header = ResultHeader(command: "stress", model: model)
        run = record
        switch output {
        case let .comparison(c):
            body = .scenarios(base: MetricsResult(c.base.report), scenarios: c.results.map { r in
                ScenarioRun(name: r.scenario.name, shocks: r.scenario.shocks.map(\.description),
                            changes: r.changes.map(Change.init), metrics: MetricsResult(r.report))
            })
        case let .sensitivity(s):
            body = .sensitivity(metric: s.metric.name, level: s.metric.level, base: s.metric.estimate(in: s.base.report).value,
                                tornado: s.rows.map { r in
                TornadoRow(parameter: r.parameter, downShock: r.down.description, upShock: r.up.description,
                           down: s.metric.estimate(in: r.downReport).value, up: s.metric.estimate(in: r.upReport).value,
                           swing: r.swing)
            })
        case let .reverse(r):
            body = .reverse(Reverse(r))
        }
        distribution = DistributionResult(output.distribution)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try header.encode(into: &c)
        try c.field(body.mode, "mode")
        switch body {
        case let .scenarios(base, scenarios):
            try c.field(base, "base")
            try c.field(scenarios, "scenarios")
        case let .sensitivity(metric, level, base, tornado):
            try c.field(metric, "metric")
            try c.figure(level, "level")
            try c.figure(base, "base")
            try c.field(tornado, "tornado")
        case let .reverse(r):
            try c.field(r, "reverse_stress")
        }
        try c.field(distribution, "distribution")
        try c.field(run, "run")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        header = try ResultHeader(from: c)
        run = try c.field(RunRecord.self, "run")
        distribution = try c.optional(DistributionResult.self, "distribution")
        switch try c.field(String.self, "mode") {
        case "scenarios":
            body = .scenarios(base: try c.field(MetricsResult.self, "base"), scenarios: try c.field([ScenarioRun].self, "scenarios"))
        case "sensitivity":
            body = .sensitivity(metric: try c.field(String.self, "metric"), level: try c.figureIfPresent("level"),
                                base: try c.figure("base"), tornado: try c.field([TornadoRow].self, "tornado"))
        case "reverse":
            body = .reverse(try c.field(Reverse.self, "reverse_stress"))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: ResultKey("mode"), in: c,
                                                   debugDescription: "unknown stress mode '\(MessageText.escaped(other))'")
        }
    }
}
