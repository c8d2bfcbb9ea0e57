import APMRisk

/// The breakdown of the tail at one level, as result documents write it (`tail_breakdown` of a `tail_risk`
/// entry): each component of M (dollars, > 0 adds to the provider's margin) averaged over the `tvar_trials`
/// worst trials — exactly the trials the TVaR averages — with its standard error. The components add up to
/// −TVaR (a mean of M, not of the loss L = −M); `convention` says so in the document itself.
public struct TailBreakdownResult: Codable, Sendable {
    /// What the figures are and how they add up: the same text in every document.
    public static let convention = "components of M (> 0 adds to the margin) averaged over the tvar_trials worst "
        + "trials, the trials the TVaR averages; they add up to -tvar"

    public var components: [NamedEstimateResult]

    public init(_ b: TailBreakdown) {
        components = b.components.map { NamedEstimateResult(name: $0.name, estimate: EstimateResult($0.estimate)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.field(Self.convention, "convention")
        try c.field(components, "components")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        components = try c.field([NamedEstimateResult].self, "components")
    }
}
