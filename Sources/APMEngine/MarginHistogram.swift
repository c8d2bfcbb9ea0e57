/// A histogram of every margin of a run (dollars), built while blocks are merged in block order, so the same
/// run gives the same counts on any number of threads.
///
/// Bins are `binCount` equal intervals of width w = 2^`exponent` dollars, aligned on multiples of w: bin i
/// covers [(origin + i)·w, (origin + i + 1)·w). There are no under- or overflow bins: every margin is counted
/// in a real bin. The scheme, deterministic for a fixed block order:
/// - the first block fixes the width: the smallest power of two with which that block spans at most a
///   quarter of the bins (at least 2⁻⁴⁰ × its largest |margin|, so bin indices stay far inside an `Int`), and
///   its bins are centred in the window;
/// - a later margin outside the window moves the window (re-centring the occupied bins) if the occupied
///   bins and the new one fit in `binCount` bins, and otherwise doubles w, merging bins pairwise
///   (bin a of width w goes to bin ⌊a/2⌋ of width 2w, exactly), until they do.
///
/// Because w is a power of two, x / w and ⌊x / w⌋ are exact, and a count never moves between bins by
/// rounding. Counts at bin edges are therefore exact: the number of margins below an edge is a sum of counts.
public struct MarginHistogram: Sendable, Hashable {
    /// Bins in the window.
    public static let binCount = 1024

    /// w = 2^exponent dollars.
    public private(set) var exponent = 0
    /// The absolute index of bin 0: it covers [origin·w, (origin + 1)·w).
    public private(set) var origin = 0
    /// Margins counted in each bin of the window.
    public private(set) var counts: [Int] = []
    /// Margins counted in all.
    public private(set) var total = 0
    /// Lowest and highest occupied absolute bin indices (valid when `total` > 0).
    private var lowestUsed = 0
    private var highestUsed = 0

    public init() {}

    /// The bin width, dollars.
    public var binWidth: Double { Double(sign: .plus, exponent: exponent, significand: 1) }

    /// The lower edge of bin `i` of the window, dollars.
    public func lowerEdge(_ i: Int) -> Double { Double(origin + i) * binWidth }

    /// The occupied bins: from the lowest to the highest bin holding a margin (empty when none is counted).
    public var occupied: Range<Int> { total == 0 ? 0..<0 : (lowestUsed - origin)..<(highestUsed - origin + 1) }

    /// Counts one block's margins, in trial order. Every margin must be finite.
    public mutating func add<C: Collection>(_ margins: C) where C.Element == Double {
        guard !margins.isEmpty else { return }
        if total == 0 { start(margins) }
        var index = margins.startIndex
        while index != margins.endIndex {
            // Fast path, for margins within the occupied bins: ⌊x/w⌋ in [lowestUsed, highestUsed] exactly when
            // x/w is in [lowestUsed, highestUsed + 1); then truncation, corrected below zero, is the floor.
            let scale = 1 / binWidth
            let low = Double(lowestUsed), highEnd = Double(highestUsed) + 1, base = origin
            counts.withUnsafeMutableBufferPointer { c in
                while index != margins.endIndex {
                    let t = margins[index] * scale
                    guard t >= low && t < highEnd else { return }
                    var a = Int(t)
                    if Double(a) > t { a -= 1 }
                    c[a - base] += 1
                    margins.formIndex(after: &index)
                }
            }
            guard index != margins.endIndex else { break }
            // A margin outside the occupied bins: widen the occupied range, moving or widening the window first
            // if it lies outside it.
            let x = margins[index]
            var a = (x * scale).rounded(.down)
            if a < Double(origin) || a >= Double(origin + Self.binCount) { a = widen(toInclude: x) }
            let i = Int(a)
            lowestUsed = Swift.min(lowestUsed, i)
            highestUsed = Swift.max(highestUsed, i)
            counts[i - origin] += 1
            margins.formIndex(after: &index)
        }
        total += margins.count
    }

    /// Fixes the width and window from the first block.
    private mutating func start<C: Collection>(_ margins: C) where C.Element == Double {
        var low = Double.infinity, high = -Double.infinity
        for x in margins {
            low = Swift.min(low, x)
            high = Swift.max(high, x)
        }
        let magnitude = Swift.max(abs(low), abs(high))
        let wanted = Swift.max((high - low) / Double(Self.binCount / 4), magnitude * 0x1p-40, 0x1p-40)
        exponent = Self.powerOfTwoExponent(atLeast: wanted)
        let scale = 1 / binWidth
        let first = Int((low * scale).rounded(.down)), last = Int((high * scale).rounded(.down))
        origin = first - (Self.binCount - (last - first + 1)) / 2
        counts = [Int](repeating: 0, count: Self.binCount)
        lowestUsed = first
        highestUsed = first
    }

    /// Moves or widens the window until it holds the bin of `x`; returns that bin's absolute index.
    private mutating func widen(toInclude x: Double) -> Double {
        while true {
            let a = (x / binWidth).rounded(.down)
            let low = Swift.min(Double(lowestUsed), a), high = Swift.max(Double(highestUsed), a)
            if high - low + 1 <= Double(Self.binCount) {
                let newOrigin = Int(low) - (Self.binCount - (Int(high) - Int(low) + 1)) / 2
                var moved = [Int](repeating: 0, count: Self.binCount)
                for j in lowestUsed...highestUsed { moved[j - newOrigin] = counts[j - origin] }
                counts = moved
                origin = newOrigin
                return a
            }
            // Double the width: absolute bin j of width w lies in bin ⌊j/2⌋ of width 2w.
            var merged = [Int](repeating: 0, count: Self.binCount)
            let newLowest = Self.half(lowestUsed), newHighest = Self.half(highestUsed)
            let newOrigin = newLowest - (Self.binCount - (newHighest - newLowest + 1)) / 2
            for j in lowestUsed...highestUsed { merged[Self.half(j) - newOrigin] += counts[j - origin] }
            counts = merged
            origin = newOrigin
            lowestUsed = newLowest
            highestUsed = newHighest
            exponent += 1
        }
    }

    /// ⌊j / 2⌋ for any sign.
    private static func half(_ j: Int) -> Int { j >> 1 }

    /// The smallest e with 2^e ≥ x (x > 0, finite).
    static func powerOfTwoExponent(atLeast x: Double) -> Int {
        var e = Int(x.exponent)
        if Double(sign: .plus, exponent: e, significand: 1) < x { e += 1 }
        return e
    }

    /// Margins below `edge` (dollars), exactly, when `edge` is a bin edge of the window; otherwise the count
    /// below the last bin edge at or below it.
    public func count(below edge: Double) -> Int {
        guard total > 0 else { return 0 }
        let a = (edge / binWidth).rounded(.down)
        if a <= Double(origin) { return 0 }
        if a >= Double(origin + Self.binCount) { return total }
        return counts[0..<(Int(a) - origin)].reduce(0, +)
    }
}
