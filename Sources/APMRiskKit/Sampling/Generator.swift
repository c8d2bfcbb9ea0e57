import CGSL

/// A GSL random number generator algorithm, chosen by its GSL name (`mt19937`, `taus2`, `ranlxd2`, …).
///
/// The default is `taus2`: L'Ecuyer's maximally equidistributed combined Tausworthe generator, period about
/// 2⁸⁸, which passes the statistical tests GSL documents and is among the fastest generators GSL has (three
/// shift-xor steps per draw, no table refill). `mt19937` (period 2¹⁹⁹³⁷ − 1, GSL's own default) is there for
/// anyone who wants it; it is a little slower per draw and much slower to reseed per block.
public struct Generator: Sendable, Hashable, CustomStringConvertible {
    /// The GSL name of the algorithm.
    public let name: String

    /// The generator apmrisk uses unless told otherwise.
    public static let standard = Generator(validatedName: "taus2")

    private init(validatedName: String) { self.name = validatedName }

    /// The generator GSL registers under `name`, or nil when GSL has none by that name.
    public init?(named name: String) {
        GSL.prepare()
        guard apm_rng_type_named(name) != nil else { return nil }
        self.name = name
    }

    public var description: String { name }

    var gslType: UnsafePointer<gsl_rng_type> {
        // Validated at construction; GSL's table of types is static.
        apm_rng_type_named(name)!
    }
}
