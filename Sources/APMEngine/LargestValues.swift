import APMContracts
import APMSampling

/// The k largest values of a stream, exactly, in O(k) memory.
///
/// Values are appended while they beat the current threshold; when the buffer reaches k + slack, an in-place
/// selection (quickselect, no extra memory) moves the k largest to the front, the rest is dropped, and the
/// threshold becomes the k-th largest value seen so far. The kept multiset is the same whatever the order
/// values arrive in.
public struct LargestValues: Sendable {
    /// How many of the largest values are kept.
    public let capacity: Int
    private let slack: Int
    private var buffer: [Double] = []
    private var threshold = -Double.infinity

    public init(capacity: Int, expectedCount: Int) {
        self.capacity = max(0, capacity)
        slack = max(capacity / 4, 4096)
        buffer.reserveCapacity(min(self.capacity + slack, max(expectedCount, 0)))
    }

    @inlinable
    public mutating func insert(_ value: Double) {
        guard value > thresholdValue else { return }
        appendAndMaybeCompact(value)
    }

    @usableFromInline package var thresholdValue: Double { threshold }

    @usableFromInline
    package mutating func appendAndMaybeCompact(_ value: Double) {
        buffer.append(value)
        if buffer.count >= capacity + slack { compact() }
    }

    private mutating func compact() {
        guard buffer.count > capacity else { return }
        buffer.withUnsafeMutableBufferPointer { Self.selectLargest(capacity, in: $0) }
        buffer.removeLast(buffer.count - capacity)
        if capacity > 0 { threshold = buffer[0..<capacity].min()! }
    }

    /// Rearranges `a` so that its first k elements are its k largest (in no particular order): Hoare
    /// quickselect with a median-of-three pivot, in place.
    package static func selectLargest(_ k: Int, in a: UnsafeMutableBufferPointer<Double>) {
        var lo = 0, hi = a.count - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            // Median of three, descending order: a[lo] ≥ a[mid] ≥ a[hi].
            if a[mid] > a[lo] { a.swapAt(mid, lo) }
            if a[hi] > a[lo] { a.swapAt(hi, lo) }
            if a[hi] > a[mid] { a.swapAt(hi, mid) }
            let pivot = a[mid]
            var i = lo, j = hi
            while i <= j {
                while a[i] > pivot { i += 1 }
                while a[j] < pivot { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now a[lo...j] ≥ pivot ≥ a[i...hi]; keep narrowing towards position k.
            if k - 1 <= j { hi = j } else if k - 1 >= i { lo = i } else { return }
        }
    }

    /// The `k` largest values seen so far (k ≤ `capacity`), largest first, leaving the collection as it is. One
    /// pass over the kept values with a min-heap of k, so it needs O(k) memory, not a copy of the buffer.
    public func largestSortedDescending(_ k: Int) -> [Double] {
        let k = min(k, buffer.count)
        guard k > 0 else { return [] }
        var heap: [Double] = []            // min-heap of the k largest so far
        heap.reserveCapacity(k)
        for v in buffer {
            if heap.count < k {
                heap.append(v)
                var i = heap.count - 1
                while i > 0 {
                    let parent = (i - 1) / 2
                    guard heap[i] < heap[parent] else { break }
                    heap.swapAt(i, parent)
                    i = parent
                }
            } else if v > heap[0] {
                heap[0] = v
                var i = 0
                while true {
                    let l = 2 * i + 1, r = l + 1
                    var smallest = i
                    if l < k && heap[l] < heap[smallest] { smallest = l }
                    if r < k && heap[r] < heap[smallest] { smallest = r }
                    if smallest == i { break }
                    heap.swapAt(i, smallest)
                    i = smallest
                }
            }
        }
        heap.sort(by: >)
        return heap
    }

    /// The kept values, largest first (at most `capacity` of them). Hands the storage over without a copy:
    /// the collection is empty afterwards.
    public mutating func takeSortedDescending() -> [Double] {
        compact()
        var result = buffer
        buffer = []
        DescendingSort.sort(&result)
        return result
    }
}
