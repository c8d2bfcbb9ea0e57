import APMEngine
import APMSampling
import APMSupport

/// A metric of a `RiskReport` by name: what stress compares, ranks by, or breaks on.
public enum RiskMetric: Sendable, Hashable, CustomStringConvertible {
    /// P(M < 0).
    case lossProbability
    /// E[M], dollars.
    case expectedMargin
    /// VaR_α(L), dollars.
    case valueAtRisk(Double)
    /// TVaR_α(L), dollars.
    case tailValueAtRisk(Double)

    /// Parses `loss_probability`, `expected_margin`, `var:0.99`, `tvar:0.99` (also `tvar99`, `var99.5`).
    public init?(_ text: String) {
        switch text {
        case "loss_probability": self = .lossProbability
        case "expected_margin": self = .expectedMargin
        default:
            for (prefix, make) in [("tvar", RiskMetric.tailValueAtRisk), ("var", RiskMetric.valueAtRisk)] where text.hasPrefix(prefix) {
                var rest = text.dropFirst(prefix.count)
                let percent = !rest.hasPrefix(":")
                if rest.hasPrefix(":") { rest = rest.dropFirst() }
                guard let v = Double(rest) else { return nil }
                let level = percent ? v / 100 : v
                guard level > 0 && level < 1 else { return nil }
                self = make(level)
                return
            }
            return nil
        }
    }

    /// The level it needs kept in the tails, if any.
    public var level: Double? {
        switch self {
        case let .valueAtRisk(l), let .tailValueAtRisk(l): return l
        default: return nil
        }
    }

    /// Machine name: `loss_probability`, `expected_margin`, `var`, `tvar`.
    public var name: String {
        switch self {
        case .lossProbability: return "loss_probability"
        case .expectedMargin: return "expected_margin"
        case .valueAtRisk: return "var"
        case .tailValueAtRisk: return "tvar"
        }
    }

    public var description: String {
        switch self {
        case .lossProbability: return "P(loss)"
        case .expectedMargin: return "E[M]"
        case let .valueAtRisk(l): return "VaR \(percentLabel(l))%"
        case let .tailValueAtRisk(l): return "TVaR \(percentLabel(l))%"
        }
    }

    /// Whether the metric is a probability (else dollars).
    public var isProbability: Bool { self == .lossProbability }

    /// The value and standard error in `report`.
    public func estimate(in report: RiskReport) -> Estimate {
        switch self {
        case .lossProbability: return report.lossProbability
        case .expectedMargin: return report.expectedMargin
        case let .valueAtRisk(l):
            let q = report.tail(at: l).valueAtRisk
            return Estimate(value: q.value, standardError: q.standardError)
        case let .tailValueAtRisk(l): return report.tail(at: l).tailValueAtRisk
        }
    }

    /// The metrics stress compares for report levels `levels`.
    public static func compared(levels: [Double]) -> [RiskMetric] {
        [.lossProbability, .expectedMargin] + levels.flatMap { [RiskMetric.valueAtRisk($0), .tailValueAtRisk($0)] }
    }

    /// For people: a percentage or dollars.
    public func format(_ v: Double) -> String { isProbability ? Figure.percent(v) : Figure.dollars(v) }
}
