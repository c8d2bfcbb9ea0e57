import APMContracts

/// The margin taken apart: each component of M (revenue, cost, recoveries, sharing, limits, quality terms,
/// fixed costs — `Contract.componentNames`) with its moments over the run's trials, and how many trials each
/// event (`Contract.eventNames`: a limit binds, a gate fails) happened in. Merged block by block in block
/// order, like the margin's own moments, so it is bit-identical for any thread count. The components' means
/// add up to E[M] up to rounding.
public struct MarginBreakdown: Sendable {
    public let componentNames: [String]
    public private(set) var components: [Moments]
    public let eventNames: [String]
    public private(set) var eventCounts: [Int]

    public init(contract: Contract) {
        self.init(componentNames: contract.componentNames, eventNames: contract.eventNames)
    }

    /// A breakdown into the named components and events (a portfolio's total: one component per line).
    public init(componentNames: [String], eventNames: [String] = []) {
        self.componentNames = componentNames
        components = Array(repeating: Moments(), count: componentNames.count)
        self.eventNames = eventNames
        eventCounts = Array(repeating: 0, count: eventNames.count)
    }

    /// Adds the next block's summary, in block order.
    package mutating func merge(_ s: BlockSummary) {
        for k in components.indices where k < s.components.count { components[k].merge(s.components[k]) }
        for e in eventCounts.indices where e < s.events.count { eventCounts[e] += s.events[e] }
    }
}
