/// One estimated parameter of a fitted distribution, in the model file's name and units (dollars for a scale or
/// a mean, none for a shape), with its standard error from the observed information; a parameter held fixed (a
/// Pareto's scale at its threshold) has none and says so.
public struct FittedParameter: Sendable, Hashable {
    public let name: String
    public let value: Double
    /// nil when the parameter is fixed, not estimated.
    public let standardError: Double?

    public init(name: String, value: Double, standardError: Double?) {
        self.name = name
        self.value = value
        self.standardError = standardError
    }
}
