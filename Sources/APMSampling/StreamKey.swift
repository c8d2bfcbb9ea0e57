/// The random-stream key scheme: every GSL stream a simulation draws from is keyed by
/// (run seed, global trial index, purpose), and nothing else.
///
/// A trial never shares a stream with another trial, and within a trial each quantity (unit count, unit costs,
/// claim counts, add-ons, Θ, catastrophe, …) has its own stream. So a change to one quantity — more episodes,
/// a higher claim frequency, a catastrophe that may or may not strike — leaves every other quantity's draws
/// alone, in the same trial and in every other trial; the block layout, thread count and shard count cannot
/// touch a draw. New purposes (and portfolio lines, by a hash of their names) add codes without changing any
/// existing stream.
///
/// The key is 128 bits wide, in two lanes built from different bijective 64-bit mixers:
///
///     a = sm(sm(sm(seed ⊕ Cₐ) ⊕ trial) ⊕ purpose)           sm = splitmix64's finaliser
///     b = fm(fm(fm(seed + C_b) + trial·K₁) ⊕ purpose·K₂)     fm = MurmurHash3's fmix64
///
/// and sets the generator's whole state (`RandomStream.setKey`): taus2 takes 96 of the bits. For a fixed seed,
/// each lane is a bijection of the trial index, and for a fixed trial, of the purpose; two streams share a
/// state only by a 2⁻⁸⁸-per-pair accident (about 10⁻¹⁰ for 10¹⁰ streams), never by construction.
public struct StreamKey: Sendable, Hashable {
    /// The two lanes derived from the run seed.
    package let seedA: UInt64, seedB: UInt64

    /// The version of the random streams: recorded with every result, and bumped whenever any draw of any
    /// model changes (a new key scheme, a new draw order, a different GSL call for a variate). Golden tests
    /// pin it together with the figures they check.
    public static let version = 2

    public init(seed: UInt64) {
        seedA = Self.splitMix(seed ^ 0x6A09_E667_F3BC_C908)
        seedB = Self.fmix(seed &+ 0xBB67_AE85_84CA_A73B)
    }

    /// The key of trial `trial` (0-based, global: the same whichever block, thread or shard draws it).
    @inline(__always)
    public func trial(_ trial: Int) -> TrialKey {
        let t = UInt64(bitPattern: Int64(trial))
        return TrialKey(a: Self.splitMix(seedA ^ t), b: Self.fmix(seedB &+ t &* 0x9E37_79B9_7F4A_7C15))
    }

    /// splitmix64's output function (Stafford's mix13 with the golden-ratio increment): a bijection on 64 bits.
    @inline(__always)
    package static func splitMix(_ x0: UInt64) -> UInt64 {
        var z = x0 &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The salt of a portfolio line's streams: a 64-bit hash of its name (FNV-1a over the name's UTF-8 bytes,
    /// then MurmurHash3's finaliser), XORed into every purpose code of the line (`TrialKey.stream(_:salt:)`).
    /// It depends on the name alone, so adding, removing or reordering other lines never moves a line's draws.
    /// Two lines' streams, or a line's and the portfolio's own (Θ, catastrophe: codes 1 and 2, unsalted), share a
    /// code only if the salts differ by a XOR of two purpose codes (< 16): about 2⁻⁶⁰ a pair of names, never by
    /// construction. Names are compared as the reader keeps them (escaped text).
    public static func lineSalt(name: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01B3
        }
        return fmix(h)
    }

    /// MurmurHash3's 64-bit finaliser: a bijection on 64 bits.
    @inline(__always)
    package static func fmix(_ x0: UInt64) -> UInt64 {
        var x = x0
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }
}

/// The key of one trial; `stream(_:)` gives the 128-bit key of each of its streams.
public struct TrialKey: Sendable, Hashable {
    package let a: UInt64, b: UInt64

    /// The 128-bit key of the trial's stream for `purpose`.
    @inline(__always)
    public func stream(_ purpose: StreamPurpose) -> (UInt64, UInt64) { stream(code: purpose.rawValue) }

    /// The 128-bit key of the trial's stream for `purpose` of the portfolio line whose name hashes to `salt`
    /// (`StreamKey.lineSalt(name:)`): the purpose's code XOR the salt. A salt of 0 is the single-model stream.
    @inline(__always)
    public func stream(_ purpose: StreamPurpose, salt: UInt64) -> (UInt64, UInt64) {
        stream(code: purpose.rawValue ^ salt)
    }

    @inline(__always)
    private func stream(code p: UInt64) -> (UInt64, UInt64) {
        (StreamKey.splitMix(a ^ p), StreamKey.fmix(b ^ (p &* 0xD6E8_FEB8_6659_FD93)))
    }
}

/// What a stream feeds. The codes are part of the reproducibility contract: never renumber one; a new
/// purpose takes a new code (and a portfolio line XORs a 64-bit hash of its name into the code:
/// `StreamKey.lineSalt(name:)`).
public enum StreamPurpose: UInt64, Sendable, CaseIterable {
    /// Θ, the systematic factor of the trial.
    case systematicFactor = 1
    /// The catastrophe's uniform.
    case catastrophe = 2
    /// The trial's unit count N (episodes), when random.
    case unitCount = 3
    /// The draws that turn N into a volume-shocked count (superposed extra units, or thinning).
    case unitCountExtra = 4
    /// Unit costs: leaf variates, mixture choices and probability-of-zero uniforms, in unit order.
    case unitCost = 5
    /// Claim counts of compound units.
    case claimCount = 6
    /// The draws that turn a claim count into a frequency-shocked one.
    case claimCountExtra = 7
    /// Add-on occurrence uniforms.
    case addOnOccurrence = 8
    /// Everything an add-on's cost draws.
    case addOnCost = 9
    /// Which member a pooled claim belongs to.
    case claimAllocation = 10
    /// The trial's quality score Q (`QualityScore`).
    case quality = 11
    /// A risk-adjusted capitation's members: each member's payment risk score S and then its residual E, member
    /// by member (`RiskAdjustment`).
    case riskScore = 12
    /// A risk-adjusted capitation's attribution churn: each member's months attributed, member by member.
    case attribution = 13
    /// `apmrisk fit`'s parametric bootstrap: replicate b's sample, keyed as if b were a trial (not a simulation
    /// stream: no model draws from it).
    case fitBootstrap = 14
    /// The trial's draw of the unit cost's parameters (`ParameterUncertainty`): one Gaussian per parameter.
    case parameterDraw = 15
}
