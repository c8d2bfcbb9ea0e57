import CGSL

/// One GSL generator state: the only owner of a `gsl_rng *` in apmrisk.
///
/// A stream belongs to one worker at a time and is never shared across threads. The engine keys it afresh for
/// every trial (`setKey(_:)`, see `StreamKey`), so one allocation serves a worker's whole run.
public final class RandomStream {
    @usableFromInline package let rng: UnsafeMutablePointer<gsl_rng>

    /// A stream of `generator`, seeded with `seed` through `gsl_rng_set` (benchmarks and tests; simulations key
    /// their streams with `setKey`).
    public init(generator: Generator, seed: UInt32) {
        GSL.prepare()
        guard let r = gsl_rng_alloc(generator.gslType) else {
            fatalError("gsl_rng_alloc failed: out of memory")
        }
        rng = r
        reseed(seed)
    }

    deinit { gsl_rng_free(rng) }

    /// Restarts the stream from `seed` (`gsl_rng_set`).
    public func reseed(_ seed: UInt32) {
        gsl_rng_set(rng, UInt(seed))
    }

    /// Sets the generator's whole state from a 128-bit stream key (`StreamKey`). The generator must be keyable
    /// (`Generator.isKeyable`; model loading and the command line accept no other for a simulation).
    @inline(__always)
    public func setKey(_ key: (UInt64, UInt64)) {
        let status = apm_rng_set_key(rng, key.0, key.1)
        precondition(status == 0, "stream keys need a keyable generator")
    }

    /// A non-owning handle for hot loops: a plain value, so passing it costs no reference counting. Valid while
    /// this stream is alive.
    @inlinable public var handle: StreamHandle { StreamHandle(rng: rng) }

    /// A uniform draw on [0, 1) (`gsl_rng_uniform`).
    @inlinable public func uniform() -> Double { gsl_rng_uniform(rng) }

    /// True with probability `p` (one uniform draw).
    @inlinable public func bernoulli(_ p: Double) -> Bool { gsl_rng_uniform(rng) < p }
}

/// A non-owning view of a `RandomStream` for the sampling hot loop (see `RandomStream.handle`).
public struct StreamHandle {
    @usableFromInline package let rng: UnsafeMutablePointer<gsl_rng>

    @usableFromInline package init(rng: UnsafeMutablePointer<gsl_rng>) { self.rng = rng }

    /// A uniform draw on [0, 1).
    @inlinable public func uniform() -> Double { gsl_rng_uniform(rng) }

    /// True with probability `p` (one uniform draw).
    @inlinable public func bernoulli(_ p: Double) -> Bool { gsl_rng_uniform(rng) < p }
}
