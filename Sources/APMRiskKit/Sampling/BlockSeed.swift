/// How the engine seeds the generator of each block of trials.
///
/// GSL generators take a seed of at most 32 significant bits, and 0 means "the generator's default seed".
/// A run's blocks must never share a stream, so the block seed is a *bijection* of the block index,
/// keyed by the user's 64-bit seed:
///
///     k₁, k₂ = the two 32-bit halves of splitmix64(seed)
///     s(i)   = mix32(mix32(i ⊕ k₁) ⊕ k₂)          mix32 = the "lowbias32" integer hash (a bijection on 32 bits)
///     seed   = s(i), or s(2³² − 1) when s(i) = 0
///
/// Different blocks of one run therefore get different seeds (for fewer than 2³² − 1 blocks), and the seed of
/// block i depends only on (seed, i): never on how many threads run the blocks.
public enum BlockSeed {
    /// The GSL seed of block `index` of a run with user seed `seed`.
    public static func seed(runSeed seed: UInt64, block index: Int) -> UInt32 {
        precondition(index >= 0 && index < Int(UInt32.max), "block index out of range")
        let key = splitMix64(seed)
        let k1 = UInt32(truncatingIfNeeded: key)
        let k2 = UInt32(truncatingIfNeeded: key >> 32)
        let s = mixKeyed(UInt32(index), k1, k2)
        return s != 0 ? s : mixKeyed(UInt32.max, k1, k2)
    }

    /// The seed of block `index`'s event stream (catastrophe draws): the same construction keyed by the run
    /// seed with its bits flipped by a fixed constant, so it never coincides with the cost stream of a block
    /// of the same run unless by a 1-in-2³² accident.
    public static func eventSeed(runSeed seed: UInt64, block index: Int) -> UInt32 {
        self.seed(runSeed: seed ^ 0xA5A5_5A5A_C3C3_3C3C, block: index)
    }

    private static func mixKeyed(_ i: UInt32, _ k1: UInt32, _ k2: UInt32) -> UInt32 {
        mix32(mix32(i ^ k1) ^ k2)
    }

    /// lowbias32 (Chris Wellons' hash prospector): xorshift-multiply rounds, each invertible on 32 bits.
    static func mix32(_ x0: UInt32) -> UInt32 {
        var x = x0
        x ^= x >> 16
        x &*= 0x7feb_352d
        x ^= x >> 15
        x &*= 0x846c_a68b
        x ^= x >> 16
        return x
    }

    /// splitmix64's output function: spreads a user seed (often small: 1, 2, 42) over 64 bits.
    static func splitMix64(_ x0: UInt64) -> UInt64 {
        var z = x0 &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
