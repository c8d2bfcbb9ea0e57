import APMSupport

/// A term of a contract applied to one trial's totals, after the unit terms: a payment, the cost, a sharing
/// rule, a limit, a corridor, a quality gate, a withhold, a fixed cost.
///
/// A contract's aggregate terms run in chain order once per trial (`Contract.settle`); each moves the running
/// margin M (dollars, > 0 a gain) and writes what it moved into its own components of the breakdown, so that
/// the components add up to M. A new kind of term is one type conforming to this protocol plus its entry in
/// the model reader.
public protocol AggregateTerm: Sendable, Hashable {
    /// The term's name in a model file's `terms:` chain.
    static var kind: String { get }
    /// The names of the margin components this term writes, in the order of `apply`'s component slots.
    var componentNames: [String] { get }
    /// The names of the events whose probability is reported (a limit binds, a gate fails), in slot order.
    var eventNames: [String] { get }
    /// The term's numeric parameters by name, as pricing solves and stress shocks set them.
    var parameters: [TermParameter] { get }
    /// This term with parameter `name` (one of `parameters`) set to `value`, already checked by its rule.
    func setting(_ name: String, to value: Double) -> Self
    /// Whether the term reads the trial's quality score Q.
    var readsQuality: Bool { get }
    /// Whether the term sets the base B and revenue (a payment); a chain has exactly one such term first.
    var isPayment: Bool { get }
    /// Moves `state` by this term for trial `t`, writing its components and events into `row`.
    func apply(_ t: TrialTotals, _ state: inout SettlementState, _ row: ComponentRow)
    /// The revenue this term pays at `expectedUnits` units and Θ = 1 (dollars), if it is a payment.
    func revenue(expectedUnits: Double) -> Double?
    /// The revenue at an expected exposure Σ eⱼ and scored exposure Σ Sⱼeⱼ (`TrialTotals`), Θ = 1 (dollars), if
    /// it is a payment; by default the revenue at `expectedExposure` units.
    func revenue(expectedExposure: Double, expectedScoredExposure: Double) -> Double?
    /// One line for `apmrisk validate`.
    var summary: String { get }
}

extension AggregateTerm {
    public var eventNames: [String] { [] }
    public var readsQuality: Bool { false }
    public var isPayment: Bool { false }
    public func revenue(expectedUnits: Double) -> Double? { nil }
    public func revenue(expectedExposure: Double, expectedScoredExposure: Double) -> Double? {
        revenue(expectedUnits: expectedExposure)
    }
}

/// A numeric parameter of a term: its name, value, and the rule a new value must keep.
public struct TermParameter: Sendable, Hashable {
    public enum Rule: Sendable, Hashable {
        /// Dollars or a count, > 0.
        case positive
        /// ≥ 0; `.infinity` allowed where the parameter is an absent limit.
        case nonNegative
        /// A share in [0, 1].
        case fraction
        /// Any finite number (a P4P map's values may be negative).
        case finite
    }

    public let name: String
    public let value: Double
    public let rule: Rule

    public init(_ name: String, _ value: Double, _ rule: Rule) {
        self.name = name
        self.value = value
        self.rule = rule
    }

    /// The rule `value` breaks, in words, or nil.
    public func violation(_ value: Double) -> String? {
        guard value.isFinite else { return "must be a finite number" }
        switch rule {
        case .positive: return value > 0 ? nil : "must be greater than 0, got \(format(value))"
        case .nonNegative: return value >= 0 ? nil : "must be 0 or more, got \(format(value))"
        case .fraction: return value >= 0 && value <= 1 ? nil : "must be a probability between 0 and 1, got \(format(value))"
        case .finite: return nil
        }
    }
}

/// The running settlement of one trial while its aggregate terms apply.
public struct SettlementState: Sendable {
    /// M so far, dollars (> 0 a gain).
    public var margin = 0.0
    /// B: what limits, corridors and caps are measured against — the payment's target (N·b), revenue
    /// (k·n·m), budget G or benchmark B — set by the payment term, after any trend pass-through.
    public var base = 0.0
    /// The provider's revenue from the payment term (dollars), which withholds and P4P adjustments scale.
    public var revenue = 0.0

    @inlinable public init() {}
}

/// Where one term writes its components (dollars) and events (0 or 1) for the current trial. Slots are the
/// term's own, numbered from 0 in the order of its `componentNames` and `eventNames`.
///
/// Slot k of the row is at `stride`·k from its start: a block stores each component of all its trials
/// contiguously (stride = the block's trial count), a single trial uses stride 1.
public struct ComponentRow {
    @usableFromInline let components: UnsafeMutablePointer<Double>
    @usableFromInline let events: UnsafeMutablePointer<Double>
    @usableFromInline let stride: Int

    @inlinable
    public init(components: UnsafeMutablePointer<Double>, events: UnsafeMutablePointer<Double>, stride: Int = 1) {
        self.components = components
        self.events = events
        self.stride = stride
    }

    @inlinable @inline(__always)
    public func set(_ slot: Int, _ value: Double) { components[slot &* stride] = value }

    @inlinable @inline(__always)
    public func event(_ slot: Int, _ happened: Bool) { events[slot &* stride] = happened ? 1 : 0 }

    @inlinable @inline(__always)
    package func advanced(components c: Int, events e: Int) -> ComponentRow {
        ComponentRow(components: components + c &* stride, events: events + e &* stride, stride: stride)
    }
}
