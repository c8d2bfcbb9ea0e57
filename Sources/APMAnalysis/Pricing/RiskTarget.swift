import APMContracts
import APMEngine
import APMRisk
import APMSampling
import APMSupport

/// A limit the provider's risk must respect at the solved price.
public enum RiskTarget: Sendable, Hashable, CustomStringConvertible {
    /// P(M < 0) ≤ p.
    case maxLossProbability(Double)
    /// E[M] ≥ amount (dollars), or ≥ fraction × revenue when `ofRevenue`.
    case minExpectedMargin(Double, ofRevenue: Bool)
    /// VaR_α(L) ≤ amount (dollars).
    case maxValueAtRisk(level: Double, amount: Double)
    /// TVaR_α(L) ≤ amount (dollars).
    case maxTailValueAtRisk(level: Double, amount: Double)

    /// The VaR/TVaR level the target needs, if any.
    public var level: Double? {
        switch self {
        case let .maxValueAtRisk(level, _), let .maxTailValueAtRisk(level, _): return level
        default: return nil
        }
    }

    /// The metric the target constrains, at `report` (probability, or dollars).
    public func achieved(in report: RiskReport) -> Double {
        switch self {
        case .maxLossProbability: return report.lossProbability.value
        case let .minExpectedMargin(_, ofRevenue):
            return ofRevenue ? report.expectedMarginRatio.value : report.expectedMargin.value
        case let .maxValueAtRisk(level, _): return report.tail(at: level).valueAtRisk.value
        case let .maxTailValueAtRisk(level, _): return report.tail(at: level).tailValueAtRisk.value
        }
    }

    /// The bound the metric must respect.
    /// The standard error of the achieved value in `report` (+∞ where none is honest).
    public func standardError(in report: RiskReport) -> Double {
        switch self {
        case .maxLossProbability: return report.lossProbability.standardError
        case let .minExpectedMargin(_, ofRevenue):
            return ofRevenue ? report.expectedMarginRatio.standardError : report.expectedMargin.standardError
        case let .maxValueAtRisk(level, _): return report.tail(at: level).valueAtRisk.standardError
        case let .maxTailValueAtRisk(level, _): return report.tail(at: level).tailValueAtRisk.standardError
        }
    }

    /// Why the achieved value has no standard error, if it has none.
    public func errorNote(in report: RiskReport) -> String? {
        switch self {
        case .maxLossProbability: return report.lossProbability.errorNote
        case let .maxTailValueAtRisk(level, _): return report.tail(at: level).tailValueAtRisk.errorNote
        default: return nil
        }
    }

    public var bound: Double {
        switch self {
        case let .maxLossProbability(p): return p
        case let .minExpectedMargin(x, _): return x
        case let .maxValueAtRisk(_, a), let .maxTailValueAtRisk(_, a): return a
        }
    }

    /// Whether `report` meets this target.
    public func isMet(by report: RiskReport) -> Bool {
        let value = achieved(in: report)
        if case .minExpectedMargin = self { return value >= bound }
        return value <= bound
    }

    public var description: String {
        switch self {
        case let .maxLossProbability(p): return "P(loss) ≤ \(Figure.percent(p))"
        case let .minExpectedMargin(x, ofRevenue):
            return ofRevenue ? "E[M] ≥ \(Figure.percent(x)) of revenue" : "E[M] ≥ \(Figure.dollars(x))"
        case let .maxValueAtRisk(level, a): return "VaR \(percentLabel(level))% of the loss ≤ \(Figure.dollars(a))"
        case let .maxTailValueAtRisk(level, a): return "TVaR \(percentLabel(level))% of the loss ≤ \(Figure.dollars(a))"
        }
    }

    /// `achieved(in:)` for people: a percentage for probabilities and ratios, dollars otherwise.
    public func formattedAchieved(in report: RiskReport) -> String {
        let v = achieved(in: report)
        switch self {
        case .maxLossProbability: return Figure.percent(v)
        case let .minExpectedMargin(_, ofRevenue): return ofRevenue ? Figure.percent(v) : Figure.dollars(v)
        default: return Figure.dollars(v)
        }
    }

    /// A short machine name: `loss_probability`, `expected_margin`, `expected_margin_ratio`, `var`, `tvar`.
    public var metricName: String {
        switch self {
        case .maxLossProbability: return "loss_probability"
        case let .minExpectedMargin(_, ofRevenue): return ofRevenue ? "expected_margin_ratio" : "expected_margin"
        case .maxValueAtRisk: return "var"
        case .maxTailValueAtRisk: return "tvar"
        }
    }
}
