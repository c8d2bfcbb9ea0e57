import APMContracts
import APMEngine
import APMModel
import APMRisk
import APMSampling

/// The units and sign convention every result document states at its top level, so a saved file can be read
/// without the README: money in dollars per performance period, probabilities and ratios as fractions, and the
/// provider's margin M > 0 a gain (loss L = −M).
public struct ResultConventions: Codable, Sendable, Equatable {
    public var money: String
    public var probability: String

    public static let standard = ResultConventions(money: "USD per performance period", probability: "fraction")
    public static let signConvention = "margin M > 0 is a gain for the provider; loss L = -M"

    package enum CodingKeys: String, CodingKey { case money, probability }
}
