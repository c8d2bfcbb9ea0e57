import APMSupport

/// One component's share of the expected margin: `mean` is its contribution to E[M] in dollars per performance
/// period (positive adds to the provider's margin, negative takes from it), with the Monte Carlo
/// `standard_error` of that mean (null with `standard_error_reason` where there is no honest one). The
/// components of a contract sum to E[M]. JSON: `{"component": …, "mean": …, "standard_error": …}`, in the
/// `breakdown` list of a `metrics` object; the HTML report draws them as a waterfall, whatever the components.
public struct BreakdownEntry: Codable, Sendable, Hashable {
    /// The component's name as the contract names it, e.g. `revenue`, `retained cost`, `stop-loss recovery`.
    public var component: String
    /// Its mean contribution to E[M], dollars.
    public var mean: Double
    /// The standard error of `mean`, dollars; nil when there is none (`standardErrorReason` says why).
    public var standardError: Double?
    public var standardErrorReason: String?

    public init(component: String, mean: Double, standardError: Double?, standardErrorReason: String? = nil) {
        self.component = component
        self.mean = mean
        self.standardError = standardError
        self.standardErrorReason = standardError == nil ? (standardErrorReason ?? "not reported") : nil
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.field(component, "component")
        try c.figure(mean, "mean")
        if let standardError {
            try c.figure(standardError, "standard_error")
        } else {
            try c.missing("standard_error", because: standardErrorReason ?? "not reported")
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        component = try c.field(String.self, "component")
        mean = try c.figure("mean")
        standardErrorReason = try c.missingReason("standard_error")
        standardError = standardErrorReason == nil ? try c.figure("standard_error") : nil
    }
}
