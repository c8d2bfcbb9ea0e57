import Foundation
import APMAnalysis
import APMEngine
import APMModel
import APMRisk
import APMSupport

/// The JSON document of `apmrisk simulate` on a portfolio file: the total's metrics (and distribution), each
/// line's metrics, the diversification benefit and the Euler allocation of the total's TVaR at each level, the
/// warnings and the run record (whose `model_file`, `model_sha256` and `model_text` are the portfolio file's;
/// `line_files` names each line's model file and its SHA-256). Dollars per performance period; margin M > 0 a
/// gain for the provider, loss L = −M; allocations are of the loss.
public struct PortfolioResult: Codable, Sendable {
    public var portfolio: String
    public var warnings: [String]
    public var total: MetricsResult
    public var distribution: DistributionResult?
    public var lines: [LineResult]
    public var diversification: [DiversificationResult]
    public var allocation: [AllocationResult]
    public var lineFiles: [LineFileResult]
    public var run: RunRecord

    /// One line: its name, contract kind, loading on Θ (β, or null for its own factor), model file (null inline)
    /// and its metrics as its model alone would report them on these trials.
    public struct LineResult: Codable, Sendable {
        public var name: String
        public var contract: String
        public var beta: Double?
        public var modelFile: String?
        public var metrics: MetricsResult
    }

    /// Σᵢ TVaR(Lᵢ) − TVaR(L) at one level (dollars), with its delta-method standard error.
    public struct DiversificationResult: Codable, Sendable {
        public var level: Double
        public var sumOfLineTVaRs: Double
        public var totalTVaR: Double
        public var benefit: EstimateResult
    }

    /// The Euler allocation at one level: E[Lᵢ | the total's worst (1 − α)·n trials] of each line (adding up to
    /// the total's `tvar`), with `share` = allocation ÷ TVaR, and of each line's components (`line: component`).
    public struct AllocationResult: Codable, Sendable {
        public var level: Double
        public var tvar: Double
        public var lines: [NamedEstimateResult]
        public var components: [NamedEstimateResult]
    }

    public struct LineFileResult: Codable, Sendable {
        public var line: String
        public var path: String
        public var sha256: String
    }

    public init(_ s: PortfolioSimulation, file: PortfolioFile, record: RunRecord) {
        portfolio = s.portfolio.name ?? ""
        warnings = s.portfolio.warnings
        total = MetricsResult(s.total)
        distribution = DistributionResult(s.distribution)
        lines = zip(s.portfolio.lines, s.lines).map { line, report in
            LineResult(name: line.name, contract: line.model.contract.kind, beta: line.beta, modelFile: line.source,
                       metrics: MetricsResult(report))
        }
        diversification = s.diversification.map {
            DiversificationResult(level: $0.level, sumOfLineTVaRs: $0.sumOfLines, totalTVaR: $0.total,
                                  benefit: EstimateResult($0.benefit))
        }
        allocation = s.allocations.map { a in
            AllocationResult(level: a.level, tvar: a.total,
                             lines: a.lines.map { NamedEstimateResult(name: $0.name, estimate: EstimateResult($0.estimate)) },
                             components: a.components.map { NamedEstimateResult(name: $0.name, estimate: EstimateResult($0.estimate)) })
        }
        lineFiles = file.lineFiles.map { LineFileResult(line: $0.line, path: $0.path, sha256: $0.sha256) }
        run = record
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.field("simulate", "command")
        try c.field("portfolio", "kind")
        try c.field(portfolio, "portfolio")
        try c.field(ResultConventions.standard, "units")
        try c.field(ResultConventions.signConvention, "sign_convention")
        try c.field(warnings, "warnings")
        try c.field(total, "total")
        try c.field(distribution, "distribution")
        try c.field(lines, "lines")
        try c.field(diversification, "diversification")
        try c.field(allocation, "allocation")
        try c.field(lineFiles, "line_files")
        try c.field(run, "run")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        portfolio = try c.field(String.self, "portfolio")
        warnings = try c.field([String].self, "warnings")
        total = try c.field(MetricsResult.self, "total")
        distribution = try c.optional(DistributionResult.self, "distribution")
        lines = try c.field([LineResult].self, "lines")
        diversification = try c.field([DiversificationResult].self, "diversification")
        allocation = try c.field([AllocationResult].self, "allocation")
        lineFiles = try c.field([LineFileResult].self, "line_files")
        run = try c.field(RunRecord.self, "run")
    }
}

extension PortfolioResult.LineResult {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.field(name, "name")
        try c.field(contract, "contract")
        try c.nullable(beta, "beta")
        try c.nullable(modelFile, "model_file")
        try c.field(metrics, "metrics")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        name = try c.field(String.self, "name")
        contract = try c.field(String.self, "contract")
        beta = try c.optional(Double.self, "beta")
        modelFile = try c.optional(String.self, "model_file")
        metrics = try c.field(MetricsResult.self, "metrics")
    }
}

extension PortfolioResult.DiversificationResult {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.figure(level, "level")
        try c.figure(sumOfLineTVaRs, "sum_of_line_tvars")
        try c.figure(totalTVaR, "total_tvar")
        try c.field(benefit, "benefit")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        level = try c.figure("level")
        sumOfLineTVaRs = try c.figure("sum_of_line_tvars")
        totalTVaR = try c.figure("total_tvar")
        benefit = try c.field(EstimateResult.self, "benefit")
    }
}

extension PortfolioResult.AllocationResult {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.figure(level, "level")
        try c.figure(tvar, "tvar")
        try c.field(lines, "lines")
        try c.field(components, "components")
        try c.field("allocations are of the loss L = -M: E[L_i | the total's worst (1 - level)*n trials]; "
            + "the lines' add up to tvar, each line's components to its allocation", "convention")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        level = try c.figure("level")
        tvar = try c.figure("tvar")
        lines = try c.field([NamedEstimateResult].self, "lines")
        components = try c.field([NamedEstimateResult].self, "components")
    }
}

extension PortfolioResult.LineFileResult {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.field(line, "line")
        try c.field(path, "path")
        try c.field(sha256, "sha256")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        line = try c.field(String.self, "line")
        path = try c.field(String.self, "path")
        sha256 = try c.field(String.self, "sha256")
    }
}
