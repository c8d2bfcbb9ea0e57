import APMSupport

extension QualityScore {
    /// The rule setting E[Q] to `m` breaks for this distribution, or nil (see `withMean`).
    public func meanViolation(_ m: Double) -> String? {
        guard m.isFinite else { return "must be a finite number" }
        switch self {
        case .fixed, .discrete: return nil
        case .beta:
            return m > 0 && m < 1 ? nil : "a beta quality score needs a mean strictly between 0 and 1, got \(format(m))"
        case let .observedRate(_, _, _, expected):
            let rate = m * (expected ?? 1)
            guard rate >= 0 && rate <= 1 else {
                return "needs an event probability between 0 and 1; mean \(format(m)) makes it \(format(rate))"
            }
            return nil
        }
    }

    /// This distribution moved to mean `m` (which must keep `meanViolation`), its shape kept as far as it has one:
    ///
    /// - fixed q: q = m;
    /// - beta: the same concentration a + b = k (as many pseudo-observations), a = m·k, b = (1 − m)·k, so
    ///   sd = √(m(1 − m)/(k + 1));
    /// - observed rate k/n (or 1 − k/n, over an expected rate e): the same n, the event probability p set so
    ///   that E[Q] = m — p = m·e, or 1 − m·e for a complement;
    /// - discrete: every value shifted by m − E[Q], the probabilities unchanged.
    public func withMean(_ m: Double) -> QualityScore {
        precondition(meanViolation(m) == nil)
        switch self {
        case .fixed: return .fixed(m)
        case let .beta(mean, sd):
            let k = mean * (1 - mean) / (sd * sd) - 1
            return .beta(mean: m, sd: (m * (1 - m) / (k + 1)).squareRoot())
        case let .observedRate(n, _, complement, expected):
            let rate = m * (expected ?? 1)
            return .observedRate(cases: n, probability: complement ? 1 - rate : rate, complement: complement, expected: expected)
        case let .discrete(values, probabilities):
            let shift = m - mean
            return .discrete(values: values.map { $0 + shift }, probabilities: probabilities)
        }
    }
}
