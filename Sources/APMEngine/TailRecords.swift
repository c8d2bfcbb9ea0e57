import APMContracts

/// The records of a run's worst trials: for each kept trial its margin M, its global trial index and the
/// components of its margin (`Contract.componentNames`), so that the tail can be taken apart — E[component | the
/// worst (1 − α)·n trials] — from the same trials the TVaR averages.
///
/// Which trials are "the worst" is decided by a strict total order: lower margin first, and among equal margins
/// the lower global trial index first. So the kept set is a function of the trials alone, whatever order blocks
/// arrive in or how many threads drew them, and where trials tie at the VaR (an atom: a stop-loss, a cap) the
/// tail holds the earliest of them — the same margins the TVaR averages, since tied trials have equal margins.
///
/// Memory: (K + 3) × 8 bytes a kept trial (K components in a store of fixed slots, reused as trials leave; the
/// margin, the trial index and the slot), for `MarginTails.tailRanks` of the largest 1 − α among the levels
/// (the tail and 4 s.d. of room around its edge), × 1.25 for the selection's slack, and (K + 1) × 8 bytes more a
/// kept trial while the report is made (the records in rank order): for 10⁷ trials at α = 0.90 with K = 5,
/// 1.0 × 10⁶ kept × (64 × 1.25 + 48) bytes ≈ 128 MB.
public struct TailRecords: Sendable {
    /// How many of the worst trials are kept.
    public let capacity: Int
    /// K: components per trial.
    public let componentCount: Int
    private let slack: Int
    private var entries: [Entry] = []
    /// Room for `capacity + slack` trials' components, component-major: component c of entry e is at
    /// `c·(capacity + slack) + e.slot`. A slot freed by a compaction is reused, so the store never moves or grows.
    private var store: [Double] = []
    /// The block being added: (trial in the block, slot) of each trial kept, in trial order.
    private var pending: [(trial: Int, slot: Int)] = []
    private var freeSlots: [Int] = []
    private var nextSlot = 0
    /// After a compaction, the best-ranked kept trial (the capacity-th worst): a trial ranked after it is not kept.
    private var boundary: Entry?

    struct Entry: Sendable {
        var margin: Double
        var trial: Int
        var slot: Int

        /// Whether `self` is worse (ranked first) than `other`: lower margin, then lower trial index.
        @inline(__always)
        func isWorse(than other: Entry) -> Bool {
            margin < other.margin || (margin == other.margin && trial < other.trial)
        }
    }

    /// Keeps the records of the worst `capacity` of the trials added, each with `componentCount` components.
    public init(capacity: Int, componentCount: Int) {
        self.capacity = max(0, capacity)
        self.componentCount = componentCount
        slack = max(self.capacity / 4, 1024)
    }

    /// Records kept for a run of `trials` trials whose largest tail is `fraction` of them: the tail and room
    /// around its edge (`MarginTails.tailRanks`), from which the component at the VaR is estimated.
    public init(trials: Int, tailFraction: Double, componentCount: Int) {
        self.init(capacity: MarginTails.tailRanks(fraction: tailFraction, of: trials), componentCount: componentCount)
    }

    /// Peak bytes the records of a run need (see the type's documentation).
    public static func estimatedPeakBytes(trials: Int, tailFraction: Double, componentCount: Int) -> Double {
        let kept = Double(MarginTails.tailRanks(fraction: tailFraction, of: trials))
        return 1.25 * kept * Double(8 * (componentCount + 3)) + kept * Double(8 * (componentCount + 1))
    }

    /// Adds one block's trials: their margins and components (`BlockSlot`), the first being global trial
    /// `firstTrial`. The margins are scanned first; the kept trials' components are then copied one component at a
    /// time, so each of the block's component rows is read in order (a trial's K components lie a block apart).
    package mutating func add(_ slot: BlockSlot, firstTrial: Int) {
        guard capacity > 0 else { return }
        let n = slot.count, k = componentCount, rows = capacity + slack
        if store.isEmpty { store = Array(repeating: 0, count: rows * k) }
        pending.removeAll(keepingCapacity: true)
        for t in 0..<n {
            guard let free = admit(margin: slot.margins[t], trial: firstTrial + t) else { continue }
            pending.append((t, free))
            if entries.count >= rows { compact() }
        }
        // A slot freed by a compaction above and taken again later in this block ends up holding the later trial's
        // components, written last: the dropped trial's are never read.
        store.withUnsafeMutableBufferPointer { s in
            for c in 0..<k {
                let from = slot.components + c * n, to = s.baseAddress! + c * rows
                for p in pending { to[p.slot] = from[p.trial] }
            }
        }
    }

    /// Adds trials kept elsewhere (another shard's worst trials): the kept set is the same as if their blocks had
    /// been added here, since it depends on the trials alone.
    package mutating func add(_ kept: TailTrials) {
        guard capacity > 0 else { return }
        let k = componentCount, rows = capacity + slack
        if store.isEmpty { store = Array(repeating: 0, count: rows * k) }
        for r in stride(from: 1, through: kept.count, by: 1) {
            guard let free = admit(margin: kept.margins[r - 1], trial: kept.trials[r - 1]) else { continue }
            for c in 0..<k { store[c * rows + free] = kept.component(c, rank: r) }
            if entries.count >= rows { compact() }
        }
    }

    /// Enters trial `trial` of margin `margin` and returns the store slot for its components, or nil when it ranks
    /// after the boundary (and so is not kept).
    @inline(__always)
    private mutating func admit(margin: Double, trial: Int) -> Int? {
        if let boundary, margin >= boundary.margin, margin > boundary.margin || trial > boundary.trial { return nil }
        let free: Int
        if let f = freeSlots.popLast() { free = f } else { free = nextSlot; nextSlot += 1 }
        entries.append(Entry(margin: margin, trial: trial, slot: free))
        return free
    }

    /// Keeps only the `capacity` worst entries; the others' slots are freed.
    private mutating func compact() {
        guard entries.count > capacity else { return }
        entries.withUnsafeMutableBufferPointer { Self.selectWorst(capacity, in: $0) }
        for e in entries[capacity...] { freeSlots.append(e.slot) }
        entries.removeLast(entries.count - capacity)
        boundary = entries.max { $0.isWorse(than: $1) }
    }

    /// Rearranges `a` so that its first k entries are its k worst (in no particular order): Hoare quickselect
    /// with a median-of-three pivot, in place.
    static func selectWorst(_ k: Int, in a: UnsafeMutableBufferPointer<Entry>) {
        var lo = 0, hi = a.count - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            // Median of three, worst first: a[lo] ≤ a[mid] ≤ a[hi] in rank.
            if a[mid].isWorse(than: a[lo]) { a.swapAt(mid, lo) }
            if a[hi].isWorse(than: a[lo]) { a.swapAt(hi, lo) }
            if a[hi].isWorse(than: a[mid]) { a.swapAt(hi, mid) }
            let pivot = a[mid]
            var i = lo, j = hi
            while i <= j {
                while a[i].isWorse(than: pivot) { i += 1 }
                while pivot.isWorse(than: a[j]) { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k - 1 <= j { hi = j } else if k - 1 >= i { lo = i } else { return }
        }
    }

    /// The kept records, worst first, as `TailTrials` named by `componentNames`; the records are empty afterwards.
    public mutating func finish(componentNames: [String]) -> TailTrials {
        compact()
        entries.sort { $0.isWorse(than: $1) }
        let rows = capacity + slack, count = entries.count
        var ranked = [Double](repeating: 0, count: count * componentCount)
        store.withUnsafeBufferPointer { s in
            ranked.withUnsafeMutableBufferPointer { r in
                for c in 0..<componentCount {
                    for (i, e) in entries.enumerated() { r[c * count + i] = s[c * rows + e.slot] }
                }
            }
        }
        let t = TailTrials(componentNames: componentNames, margins: entries.map(\.margin), trials: entries.map(\.trial),
                           components: ranked)
        self = TailRecords(capacity: capacity, componentCount: componentCount)
        return t
    }
}

/// A run's worst trials, worst first (margin ascending, ties by trial index), each with its margin M (dollars),
/// its global trial index and the components of its margin — the trial records the tail breakdown reads.
public struct TailTrials: Sendable {
    /// The components' names, in chain order (`Contract.componentNames`).
    public let componentNames: [String]
    /// M of each kept trial, ascending: rank 1 is the worst trial of the run.
    public let margins: [Double]
    /// The global index of each kept trial.
    public let trials: [Int]
    /// The kept trials' components in rank order, component-major: component k of rank r at `k·count + r − 1`.
    @usableFromInline let ranked: [Double]

    package init(componentNames: [String], margins: [Double], trials: [Int], components: [Double]) {
        self.componentNames = componentNames
        self.margins = margins
        self.trials = trials
        ranked = components
    }

    /// How many trials are kept.
    public var count: Int { margins.count }

    /// Component `k` of the trial of rank `r` (1 = worst), dollars.
    @inlinable @inline(__always)
    public func component(_ k: Int, rank r: Int) -> Double { ranked[k * margins.count + r - 1] }

    /// Every component of the trial of rank `r`, in chain order.
    public func components(rank r: Int) -> [Double] { componentNames.indices.map { component($0, rank: r) } }
}
