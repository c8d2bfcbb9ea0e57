import Testing
@testable import APMRiskKit

/// A kind of term the compiled chain has no case for: it must settle through the protocol (`.other`).
private struct FlatFee: AggregateTerm {
    static let kind = "flat_fee"
    var fee: Double
    var componentNames: [String] { ["flat fee"] }
    var parameters: [TermParameter] { [.init("fee", fee, .finite)] }
    func setting(_ name: String, to value: Double) -> Self { Self(fee: value) }
    func apply(_ t: TrialTotals, _ s: inout SettlementState, _ row: ComponentRow) {
        s.margin += fee
        row.set(0, fee)
    }
    var summary: String { "a flat fee" }
}

/// The compiled chain (`SettlementChain`) against the terms applied one by one through their protocol, the way a
/// chain settled before it was compiled: the same margin, components and events, bit for bit, for every kind of
/// term, in every case of a grid of trials.
@Suite struct SettlementChainTests {
    static let map = PiecewiseLinearMap(points: [(0.2, -0.02), (0.5, 0), (0.9, 0.03)])!
    static let chains: [[any AggregateTerm]] = [
        [UnitPayment(rateName: "price", rate: 21_000, discount: 0.03, trendPassThrough: 0.5),
         CostTerm(for: UnitTerms(cap: 60_000)), AggregateStopLoss(attachment: 2_000_000, coinsurance: 0.9, premium: 10_000),
         Limits(stopLoss: 0.1, stopGain: 0.05), FixedCost(name: "care_management", amount: 25_000),
         QualityGate(minimum: 0.6), Withhold(rate: 0.02, returned: map), PerformanceAdjustment(adjustment: map),
         FlatFee(fee: 1_234)],
        [Sharing(benchmark: 2_100_000, savingsRate: 0.5, lossRate: 0.4, minimumSavingsRate: 0.02,
                 minimumLossRate: 0.02, savingsCap: 0.1, lossCap: 0.05),
         Corridor(gains: [.init(from: 0, to: 0.03, share: 1), .init(from: 0.03, to: 0.08, share: 0.5),
                          .init(from: 0.08, to: .infinity, share: 0.1)],
                  losses: [.init(from: 0, to: 0.03, share: 1), .init(from: 0.03, to: .infinity, share: 0.25)])!,
         FixedCost(amount: 5_000)],
        [Budget(amount: 2_000_000, trendPassThrough: 0.3), CostTerm(for: UnitTerms()),
         VolumeCorridor(baseVolume: 100, corridor: 0.05, price: 20_000, variableCostFactor: 0.5)],
    ]

    @Test(arguments: chains.indices)
    func compiledChainSettlesAsTheTermsDoOneByOne(chain: Int) {
        let contract = Contract(kind: "terms", units: .fixed(100), unitName: "episodes", terms: Self.chains[chain])
        let k = contract.componentNames.count, e = contract.eventNames.count
        for units in [0, 80, 100, 125] {
            for cost in [0.0, 1_500_000, 2_000_000, 2_300_000, 3_500_000] {
                for (theta, q) in [(0.9, 0.3), (1.0, 0.7), (1.2, 0.95)] {
                    let t = TrialTotals(units: units, costs: UnitSums(gross: cost * 1.1, capped: cost * 1.05, retained: cost),
                                        theta: theta, quality: q)
                    var compiled = [Double](repeating: .nan, count: k + e)
                    var reference = compiled
                    let m = compiled.withUnsafeMutableBufferPointer { b in
                        contract.settle(t, ComponentRow(components: b.baseAddress!, events: b.baseAddress! + k))
                    }
                    var state = SettlementState()
                    reference.withUnsafeMutableBufferPointer { b in
                        var row = ComponentRow(components: b.baseAddress!, events: b.baseAddress! + k)
                        for term in contract.terms {
                            term.base.apply(t, &state, row)
                            row = row.advanced(components: term.componentCount, events: term.eventCount)
                        }
                    }
                    #expect(m == state.margin)
                    #expect(compiled.map(\.bitPattern) == reference.map(\.bitPattern))
                }
            }
        }
    }

    @Test func changingATermRecompilesTheChain() {
        let bundle = BundleContract(price: 20_000, episodes: .fixed(10), stopLoss: 0.1).contract
        let t = TrialTotals(units: 10, retainedCost: 190_000)
        #expect(bundle.margin(t) == 10_000)
        #expect(bundle.setting("price", to: 18_000).margin(t) == -10_000)   // 180k − 190k, inside the 18k stop-loss
        #expect(bundle.setting("stop_loss", to: 0.02).setting("price", to: 18_000).margin(t) == -3_600)
        let withFee = bundle.appending([FlatFee(fee: 500)])
        #expect(withFee.margin(t) == 10_500)
        #expect(withFee.setting("fee", to: -250).margin(t) == 9_750)
    }
}
