import APMContracts
import APMEngine
import APMRisk
import APMSupport

/// A contract term `apmrisk price` can solve for: any numeric term of the contract (`Contract.allParameters`)
/// given in dollars, as a count, or as a fraction — the price-like term of every preset (a bundle's `price`, a
/// capitation's `pmpm`, a shared-risk `benchmark`, a global `budget`, a retrospective bundle's `target_price`)
/// and every other: a `withhold`, a `savings_rate`, a `stop_loss`, an `outlier_cap`, an `attachment`, ….
///
/// **Direction.** The answer is the term's least favourable value for the provider that still meets every
/// target, so the solver must know which way the margin M moves as the term rises. For the terms whose formula
/// fixes it (`declaredDirections`) it is read from the term: M rises with a price, PMPM, budget, benchmark,
/// savings rate or share, MLR, savings cap, stop-gain, quality multiplier or coinsurance, and falls with a
/// discount, loss rate, MSR, loss cap, stop-loss, premium, fixed cost, attachment, withhold, outlier cap or base
/// volume — the term's first effect, even where a limit later makes one trial's M move the other way (a higher
/// price deepens a stop-loss floor of −ℓ·N·b: the scan of `PriceSolver` copes). For any other term (`months`,
/// `trend_pass_through`, a volume corridor's `volume_corridor`, `volume_price` and `variable_cost_factor`) it is
/// read from the trials (`resolvingDirection(on:)`): every trial is settled at the model's value and at a value
/// beside it; if no trial's M moves the other way, that is the direction; if some move each way (a trend
/// pass-through lifts M where Θ > 1 and lowers it where Θ < 1) there is no least favourable value, and the term
/// is refused with the counts.
///
/// **Retained costs.** A term that changes what a trial retains — a unit term: `outlier_cap`, `attachment`,
/// `coinsurance` — cannot be solved by re-settling the simulated totals (`TrialLedger` refuses). Which terms
/// do is not a list: `changesRetainedCost` asks the contract (`Contract.drawsTheSameTrials`) whether the term
/// at another value leaves the trials' totals alone; the solver then re-simulates instead (`PriceSample`).
public struct PriceField: Sendable, Hashable, CustomStringConvertible {
    /// How M moves as the term rises.
    public enum Direction: Sendable, Hashable {
        case rises, falls
        /// Not fixed by the term's formula: read from the trials before solving.
        case fromTrials
    }

    /// The term's name (`price`, `withhold`, …).
    public let rawValue: String
    /// The rule a value must keep: `.fraction` is a rate searched on [0, 1]; `.positive` and `.nonNegative`
    /// are amounts searched on (0, ∞).
    public let rule: TermParameter.Rule
    public let direction: Direction
    /// Whether setting the term changes the trials' retained costs (so the trials are re-simulated).
    public let changesRetainedCost: Bool

    public init(_ name: String, rule: TermParameter.Rule, direction: Direction, changesRetainedCost: Bool = false) {
        rawValue = name
        self.rule = rule
        self.direction = direction
        self.changesRetainedCost = changesRetainedCost
    }

    // The price-like terms of the first presets, for callers that build a contract themselves.
    public static let price = PriceField("price", rule: .positive, direction: .rises)
    public static let pmpm = PriceField("pmpm", rule: .positive, direction: .rises)
    public static let benchmark = PriceField("benchmark", rule: .positive, direction: .rises)
    public static let savingsRate = PriceField("savings_rate", rule: .fraction, direction: .rises)
    public static let lossRate = PriceField("loss_rate", rule: .fraction, direction: .falls)

    /// The terms whose formula fixes the direction M moves as they rise (true: M rises).
    public static let declaredDirections: [String: Bool] = [
        "price": true, "target_price": true, "pmpm": true, "budget": true, "benchmark": true, "savings_rate": true,
        "minimum_loss_rate": true, "savings_cap": true, "quality_score": true, "stop_gain": true, "coinsurance": true,
        "aggregate_coinsurance": true,
        "discount": false, "loss_rate": false, "minimum_savings_rate": false, "loss_cap": false, "stop_loss": false,
        "premium_pmpm": false, "programme_cost": false, "fixed_cost": false, "aggregate_attachment": false,
        "aggregate_premium": false, "withhold": false, "outlier_cap": false, "attachment": false, "base_volume": false,
    ]

    /// Terms that are counts (printed as plain numbers, not dollars).
    static let counts: Set<String> = ["months", "base_volume"]
    /// Terms that are fractions of a base but may exceed 1 (printed as rates).
    static let shares: Set<String> = ["stop_loss", "stop_gain", "savings_cap", "loss_cap"]

    /// Whether values print as rates (six decimals) rather than dollars.
    public var isRate: Bool { rule == .fraction || Self.shares.contains(rawValue) }
    /// Whether values are a count (months, volume).
    public var isCount: Bool { Self.counts.contains(rawValue) }
    /// Whether the search runs on [0, 1] (a fraction) rather than (0, ∞).
    public var isBounded: Bool { rule == .fraction }

    /// Whether the provider's margin rises with this term (known once `direction` is not `.fromTrials`).
    public var marginRises: Bool { direction == .rises }

    public var description: String { rawValue }

    /// The contract term this field sets.
    public var term: ContractTerm { ContractTerm(rawValue: rawValue) }

    /// The value of this term in `contract`.
    public func value(in contract: Contract) -> Double { term.value(in: contract)! }

    /// `contract` with this term set to `value`.
    public func setting(_ value: Double, in contract: Contract) -> Contract { term.setting(value, in: contract) }

    /// What the solution is, in words: the least favourable term for the provider that still meets every target.
    public var directionText: String {
        switch rawValue {
        case "price": return "lowest price per episode that meets every target"
        case "pmpm": return "lowest PMPM that meets every target"
        case "benchmark": return "lowest benchmark per member that meets every target"
        default: return "\(marginRises ? "lowest" : "highest") \(rawValue) that meets every target"
        }
    }

    /// The terms of `contract` it can solve for, in chain order (unit terms first).
    public static func fields(for contract: Contract) -> [PriceField] {
        contract.allParameters.compactMap { try? resolve($0.name, in: contract).get() }
    }

    /// The term `name` of `contract` as a field, or why it cannot be solved for.
    public static func resolve(_ name: String, in contract: Contract) -> Result<PriceField, PriceFieldError> {
        guard let p = contract.allParameters.first(where: { $0.name == name }) else {
            return .failure(.notATerm(name: name, kind: contract.kind, offered: fields(for: contract).map(\.rawValue)))
        }
        guard p.rule != .finite else {
            return .failure(.cannotSolve(name: name, reason: "is on its score's own scale, not dollars or a fraction"))
        }
        guard p.value.isFinite else {
            return .failure(.cannotSolve(name: name, reason: "is absent from this contract (unlimited); give it a value in the model to solve for it"))
        }
        let direction: Direction = declaredDirections[name].map { $0 ? .rises : .falls } ?? .fromTrials
        // Another valid value, to ask the contract whether the term reaches the trials' retained costs.
        let other = p.rule == .fraction ? (p.value < 0.5 ? p.value + 0.25 : p.value - 0.25) : 2 * p.value + 1
        let changes = !contract.drawsTheSameTrials(as: contract.settingAny(name, to: other))
        if changes && direction == .fromTrials {
            return .failure(.cannotSolve(name: name, reason: "changes retained costs and its direction is not fixed by its formula"))
        }
        return .success(PriceField(name, rule: p.rule, direction: direction, changesRetainedCost: changes))
    }

    /// This field with its direction read from the trials of `ledger` where the term does not fix it: each
    /// trial settled at the model's value v and at v·1.1 (a fraction: v ± 0.05 within [0, 1]). Throws when no
    /// trial's margin moves, or when some move each way.
    public func resolvingDirection(on ledger: TrialLedger, contract: Contract) throws -> PriceField {
        guard direction == .fromTrials else { return self }
        let v = value(in: contract)
        let w = isBounded ? (v <= 0.95 ? v + 0.05 : v - 0.05) : (v > 0 ? v * 1.1 : 1)
        let (lo, hi) = (min(v, w), max(v, w))
        let a = try ledger.margins(under: setting(lo, in: contract)), b = try ledger.margins(under: setting(hi, in: contract))
        var up = 0, down = 0
        for (x, y) in zip(a, b) { if y > x { up += 1 } else if y < x { down += 1 } }
        if up > 0 && down > 0 {
            throw PriceFieldError.cannotSolve(name: rawValue, reason: "moves the margin both ways: raising it from \(v) "
                + "lifts M in \(up) trials and lowers it in \(down), so no value is the least favourable for the provider")
        }
        if up == 0 && down == 0 {
            throw PriceFieldError.cannotSolve(name: rawValue, reason: "moves no trial's margin near its value \(v), so no target can pin it")
        }
        return PriceField(rawValue, rule: rule, direction: up > 0 ? .rises : .falls, changesRetainedCost: changesRetainedCost)
    }
}

/// Why a term cannot be solved for.
public enum PriceFieldError: Error, Equatable, CustomStringConvertible {
    case notATerm(name: String, kind: String, offered: [String])
    case cannotSolve(name: String, reason: String)

    public var description: String {
        switch self {
        case let .notATerm(name, kind, offered):
            let hint = Suggestion.nearestName(to: name, among: offered).map { "; did you mean '\($0)'?" } ?? ""
            return "a \(kind) contract can solve for \(offered.joined(separator: ", ")), not \(MessageText.quoted(name))\(hint)"
        case let .cannotSolve(name, reason): return "\(name) \(reason)"
        }
    }
}
