/// The k largest values of a stream, exactly, in O(k) memory.
///
/// Values are appended while they beat the current threshold; when the buffer reaches k + slack it is sorted
/// and cut back to k, and the threshold becomes the k-th largest value seen so far. The kept multiset is the
/// same whatever the order values arrive in.
public struct LargestValues: Sendable {
    /// How many of the largest values are kept.
    public let capacity: Int
    private let slack: Int
    private var buffer: [Double] = []
    private var threshold = -Double.infinity

    public init(capacity: Int, expectedCount: Int) {
        self.capacity = max(0, capacity)
        slack = max(capacity / 2, 4096)
        buffer.reserveCapacity(min(self.capacity + slack, max(expectedCount, 0)))
    }

    @inlinable
    public mutating func insert(_ value: Double) {
        guard value > thresholdValue else { return }
        appendAndMaybeCompact(value)
    }

    @usableFromInline var thresholdValue: Double { threshold }

    @usableFromInline
    mutating func appendAndMaybeCompact(_ value: Double) {
        buffer.append(value)
        if buffer.count >= capacity + slack { compact() }
    }

    private mutating func compact() {
        buffer.sort(by: >)
        if buffer.count > capacity { buffer.removeLast(buffer.count - capacity) }
        if buffer.count == capacity, let last = buffer.last { threshold = last }
    }

    /// The kept values, largest first (at most `capacity` of them). Hands the storage over without a copy:
    /// the collection is empty afterwards.
    public mutating func takeSortedDescending() -> [Double] {
        compact()
        defer { buffer = [] }
        return buffer
    }
}
