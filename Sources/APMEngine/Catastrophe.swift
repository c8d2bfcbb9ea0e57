import APMSampling

/// A catastrophic-year event (a pandemic-like shock): with `probability`, every cost in the trial is multiplied
/// by `multiplier`.
///
/// Its uniform draw comes from the trial's own catastrophe stream (`StreamPurpose.catastrophe`), never from a
/// cost stream, so adding the event to a scenario leaves every cost draw of the base run in place: the difference
/// between base and scenario is the event, not a reshuffle of the random numbers.
public struct Catastrophe: Sendable, Hashable {
    public var probability: Double
    public var multiplier: Double

    public init(probability: Double, multiplier: Double) {
        self.probability = probability
        self.multiplier = multiplier
    }
}
