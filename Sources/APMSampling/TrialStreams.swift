import CGSL

/// The GSL streams one trial's unit costs draw from, by purpose (see `StreamPurpose`): plain handles for the
/// hot loop. Valid while the `TrialStreams` that made them is alive.
public struct DrawStreams {
    /// Leaf variates, mixture choices and probability-of-zero uniforms.
    public let cost: StreamHandle
    /// Claim counts of compound units, and the draws that shock them.
    public let claims: StreamHandle, claimsExtra: StreamHandle
    /// Add-on occurrence uniforms, and everything an add-on's cost draws.
    public let addOns: StreamHandle, addOnCost: StreamHandle
    /// Which member a pooled claim belongs to.
    public let allocation: StreamHandle

    /// Every purpose drawn from one stream (a single-stream sampler, e.g. Θ's own stream).
    public init(single s: StreamHandle) {
        cost = s; claims = s; claimsExtra = s; addOns = s; addOnCost = s; allocation = s
    }

    package init(cost: StreamHandle, claims: StreamHandle, claimsExtra: StreamHandle, addOns: StreamHandle,
         addOnCost: StreamHandle, allocation: StreamHandle) {
        self.cost = cost; self.claims = claims; self.claimsExtra = claimsExtra
        self.addOns = addOns; self.addOnCost = addOnCost; self.allocation = allocation
    }
}

/// One worker's GSL streams, one per purpose, keyed afresh for each trial it simulates.
///
/// Only the purposes a job draws from are keyed (`purposes`); keying is a few nanoseconds for taus2.
public final class TrialStreams {
    private let streams: [RandomStream]
    /// The purposes keyed per trial and their GSL states, as plain memory for the per-trial loop.
    private let keyed: UnsafeMutablePointer<(purpose: StreamPurpose, rng: UnsafeMutablePointer<gsl_rng>)>
    private let keyedCount: Int
    private let key: StreamKey
    /// XORed into every purpose code: a portfolio line's `StreamKey.lineSalt(name:)`; 0 for a model run alone.
    public let salt: UInt64

    /// Streams of `generator` for a run seeded with `seed`, keying the purposes in `purposes`, each purpose's
    /// code XOR `salt` (0: the single-model streams; a portfolio line's name hash: that line's own streams).
    public init(generator: Generator, seed: UInt64, purposes: Set<StreamPurpose>, salt: UInt64 = 0) {
        self.salt = salt
        precondition(generator.isKeyable, "simulations need a keyable generator")
        streams = StreamPurpose.allCases.map { _ in RandomStream(generator: generator, seed: 1) }
        let used = StreamPurpose.allCases.filter(purposes.contains)
        keyed = .allocate(capacity: max(1, used.count))
        for (i, p) in used.enumerated() { (keyed + i).initialize(to: (p, streams[Int(p.rawValue) - 1].rng)) }
        keyedCount = used.count
        key = StreamKey(seed: seed)
    }

    deinit { keyed.deallocate() }

    /// The stream of `purpose`.
    public func stream(_ purpose: StreamPurpose) -> RandomStream { streams[Int(purpose.rawValue) - 1] }

    /// Keys every stream in use for global trial `trial`.
    @inline(__always)
    public func key(trial: Int) {
        let k = key.trial(trial)
        for i in 0..<keyedCount {
            let (p, rng) = keyed[i]
            let (a, b) = k.stream(p, salt: salt)
            _ = apm_rng_set_key(rng, a, b)
        }
    }

    /// The handles unit costs draw from.
    public var draws: DrawStreams {
        DrawStreams(cost: stream(.unitCost).handle, claims: stream(.claimCount).handle,
                    claimsExtra: stream(.claimCountExtra).handle, addOns: stream(.addOnOccurrence).handle,
                    addOnCost: stream(.addOnCost).handle, allocation: stream(.claimAllocation).handle)
    }
}
