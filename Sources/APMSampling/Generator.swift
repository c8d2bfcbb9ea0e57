import CGSL
import APMSupport

/// A GSL random number generator algorithm, chosen by its GSL name.
///
/// Simulations key every stream of every trial with a 128-bit key (`StreamKey`), which sets the generator's
/// whole state; GSL's own `gsl_rng_set` takes only 32 bits. apmrisk can set the state of two generators:
/// - `taus2` (the default): L'Ecuyer's maximally equidistributed combined Tausworthe generator, period about
///   2⁸⁸, three 32-bit words of state, among the fastest GSL has; keying it costs a few nanoseconds.
/// - `mt19937` (GSL's own default): period 2¹⁹⁹³⁷ − 1, 624 words of state; keying it costs about a
///   microsecond per stream per trial, so simulations run markedly slower.
/// Other GSL generators are refused, by `apmrisk bench` too.
public struct Generator: Sendable, Hashable, CustomStringConvertible {
    /// The GSL name of the algorithm.
    public let name: String

    /// The generator apmrisk uses unless told otherwise.
    public static let standard = Generator(validatedName: "taus2")

    /// The generators whose whole state apmrisk can key (see the type's documentation).
    public static let keyableNames = ["taus2", "mt19937"]

    private init(validatedName: String) { self.name = validatedName }

    /// The generator GSL registers under `name`, or nil when GSL has none by that name.
    public init?(named name: String) {
        GSL.prepare()
        guard apm_rng_type_named(name) != nil else { return nil }
        self.name = name
    }

    /// The generator a simulation can run on, or the rule `name` breaks (for the caller's one-line error).
    public static func forSimulation(named name: String) -> Result<Generator, GeneratorError> {
        guard keyableNames.contains(name), let g = Generator(named: name) else {
            let known = Generator(named: name) != nil
            let hint = Suggestion.nearest(to: name, among: keyableNames).map { "; did you mean '\($0)'?" } ?? ""
            return .failure(GeneratorError(rule: known
                ? "GSL generator \(MessageText.quoted(name)) cannot be keyed per trial (apmrisk sets a generator's whole state from a "
                    + "128-bit stream key, which it can do for \(keyableNames.joined(separator: " and ")))"
                : "unknown GSL generator \(MessageText.quoted(name))\(hint) (simulations run on \(keyableNames.joined(separator: " or ")))"))
        }
        return .success(g)
    }

    /// Whether a stream of this generator can be keyed (`RandomStream.setKey`).
    public var isKeyable: Bool { apm_rng_type_is_keyable(gslType) != 0 }

    public var description: String { name }

    package var gslType: UnsafePointer<gsl_rng_type> {
        // Validated at construction; GSL's table of types is static.
        apm_rng_type_named(name)!
    }
}

/// Why a generator name cannot run a simulation.
public struct GeneratorError: Error, Sendable {
    public let rule: String
}
