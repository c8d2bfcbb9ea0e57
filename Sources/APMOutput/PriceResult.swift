import Foundation
import APMAnalysis
import APMContracts
import APMEngine
import APMModel
import APMRisk
import APMSampling
import APMSupport

/// The JSON document of `apmrisk price`: the solved term with its Monte Carlo interval, what each target reaches
/// there, the metrics at the solution, and the price-risk grid. Dollars for prices, PMPMs and benchmarks
/// (fractions for rates); margin M > 0 is a gain for the provider, loss L = −M.
public struct PriceResult: Codable, Sendable {
    /// One risk target and the value its metric reaches at the solution.
    public struct Target: Codable, Sendable {
        /// `loss_probability`, `expected_margin`, `var` or `tvar`.
        public var metric: String
        public var level: Double?
        /// The bound the target sets (a fraction for P(loss); dollars otherwise).
        public var bound: Double
        public var achieved: Double

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: ResultKey.self)
            try c.field(metric, "metric")
            try c.figure(level, "level")
            try c.figure(bound, "bound")
            try c.figure(achieved, "achieved")
        }

        public init(metric: String, level: Double?, bound: Double, achieved: Double) {
            self.metric = metric
            self.level = level
            self.bound = bound
            self.achieved = achieved
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: ResultKey.self)
            metric = try c.field(String.self, "metric")
            level = try c.figureIfPresent("level")
            bound = try c.figure("bound")
            achieved = try c.figure("achieved")
        }
    }

    /// The solved value with its 95% interval, or `standard_error: null` with the reason there is none.
    public struct Solution: Codable, Sendable {
        public var value: Double
        public var interval: (lower: Double, upper: Double, standardError: Double)?
        public var intervalMethod: String?
        /// Why there is no interval (when `interval` is nil).
        public var intervalNote: String?

        package init(_ s: PriceSolution) {
            value = s.value
            interval = s.interval
            intervalMethod = s.interval == nil ? nil : s.intervalMethod
            intervalNote = s.interval == nil ? (s.intervalNote ?? "no interval") : nil
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: ResultKey.self)
            try c.figure(value, "value")
            if let i = interval {
                try c.figure(i.lower, "ci95_lower")
                try c.figure(i.upper, "ci95_upper")
                try c.figure(i.standardError, "standard_error")
                try c.field(intervalMethod, "interval_method")
            } else {
                try c.missing("standard_error", because: intervalNote ?? "no interval")
            }
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: ResultKey.self)
            value = try c.figure("value")
            intervalNote = try c.missingReason("standard_error")
            if intervalNote == nil {
                interval = (try c.figure("ci95_lower"), try c.figure("ci95_upper"), try c.figure("standard_error"))
                intervalMethod = try c.optional(String.self, "interval_method")
            }
        }
    }

    /// One grid row: the term's value and the full metrics there.
    public struct GridRow: Codable, Sendable {
        public var value: Double
        public var metrics: MetricsResult

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: ResultKey.self)
            try c.figure(value, "value")
            try c.field(metrics, "metrics")
        }

        public init(value: Double, metrics: MetricsResult) {
            self.value = value
            self.metrics = metrics
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: ResultKey.self)
            value = try c.figure("value")
            metrics = try c.field(MetricsResult.self, "metrics")
        }
    }

    public var header: ResultHeader
    /// The term solved for, by its model-file name: `price`, `pmpm`, `benchmark`, `budget`, `withhold`, ….
    public var field: String
    /// In words: which end of the feasible range the answer is ("lowest price per episode that meets every target").
    public var direction: String
    /// How each candidate was evaluated on the same trials: re-settled totals, or simulated again (a unit term).
    public var evaluatedBy: String
    public var targets: [Target]?
    public var solution: Solution?
    /// The metrics at the solution.
    public var metrics: MetricsResult?
    /// The margin's histogram, exceedance curve and convergence trace at the solution.
    public var distribution: DistributionResult?
    public var grid: [GridRow]?
    public var run: RunRecord

    public init(_ output: PriceOutput) {
        header = ResultHeader(command: "price", model: output.model)
        field = output.field.rawValue
        direction = output.field.directionText
        evaluatedBy = output.field.changesRetainedCost ? "simulating again with the same seed and streams"
            : "re-settling the simulated totals"
        if let s = output.solution {
            targets = s.targets.map { Target(metric: $0.metricName, level: $0.level, bound: $0.bound, achieved: $0.achieved(in: s.report)) }
            solution = Solution(s)
            metrics = MetricsResult(s.report)
            distribution = DistributionResult(s.distribution)
        }
        grid = output.grid?.rows.map { GridRow(value: $0.value, metrics: MetricsResult($0.report)) }
        run = output.record
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try header.encode(into: &c)
        try c.field(field, "field")
        try c.field(direction, "direction")
        try c.field(evaluatedBy, "evaluated_by")
        try c.field(targets, "targets")
        try c.field(solution, "solution")
        try c.field(metrics, "metrics")
        try c.field(distribution, "distribution")
        try c.field(grid, "grid")
        try c.field(run, "run")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        header = try ResultHeader(from: c)
        field = try c.field(String.self, "field")
        direction = try c.field(String.self, "direction")
        evaluatedBy = try c.field(String.self, "evaluated_by")
        targets = try c.optional([Target].self, "targets")
        solution = try c.optional(Solution.self, "solution")
        metrics = try c.optional(MetricsResult.self, "metrics")
        distribution = try c.optional(DistributionResult.self, "distribution")
        grid = try c.optional([GridRow].self, "grid")
        run = try c.field(RunRecord.self, "run")
    }
}
