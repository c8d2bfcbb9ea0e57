import Foundation
import Testing
@testable import APMRiskKit

/// The limits of `ModelLimits` hold at every door: the loader, every shock, and `Simulation.run` itself.
@Suite struct ModelLimitsTests {
    static let capitation = """
        cost: {lognormal: {mean: 1000, cv: 0.5}}
        contract: {capitation: {pmpm: 100, members: 1000}}
        run: {trials: 400}
        """

    @Test func aliasesWithinTheLimitStillWork() throws {
        let model = try ModelLoader.parse("""
            cost:
              mixture:
                - {weight: 0.5, lognormal: &body {mean: 1000, cv: 0.5}}
                - {weight: 0.5, lognormal: *body}
            contract: {bundle: {price: 1200, episodes: 10}}
            """)
        #expect(model.unitCost.leaves.count == 2)
    }

    @Test func aModelChangedBehindTheLoadersBackIsRefusedBeforeItRuns() throws {
        var model = try ModelLoader.parse(Self.capitation)
        #expect(model.contract.kind == "capitation")
        model.contract.units = .fixed(1_000_000_000_000)
        let error = #expect(throws: ModelError.self) { try Simulation.run(model, threads: 1) }
        #expect(error?.field == "contract.capitation.members")
    }

    @Test(arguments: [0, ModelLimits.maxThreads + 1, 100_000])
    func threadCountsOutsideTheLimitAreRefused(threads: Int) throws {
        let model = try ModelLoader.parse(Self.capitation)
        #expect(throws: ModelError.self) { try Simulation.run(model, trials: 64, threads: threads) }
    }

    @Test func everyShockIsChecked() throws {
        let model = try ModelLoader.parse(Self.capitation)
        for shock in [Shock.volume(1e300), .volume(2e5)] {
            guard case let .failure(error) = shock.apply(to: model) else { Issue.record("\(shock) applied"); continue }
            #expect(error.rule.contains("limit"))
        }
        #expect((try? Shock.volume(0.5).apply(to: model).get()) != nil)
    }

    @Test func aReverseStressSearchCannotRunPastTheLimit() throws {
        let model = try ModelLoader.parse(Self.capitation)
        #expect(throws: ShockError.self) {
            try ReverseStress.run(model, shock: "volume", metric: .expectedMargin, target: -1e300, range: (0, 1e300), threads: 1)
        }
    }

    @Test func aNegativeBinomialWithAHugeVarianceIsRefused() throws {
        let error = #expect(throws: ModelError.self) {
            try ModelLoader.parse("""
                cost: {constant: 1}
                contract: {bundle: {price: 1, episodes: {negative_binomial: {mean: 100, dispersion: 1e300}}}}
                """)
        }
        #expect(error?.rule.contains("standard deviation") == true)
    }
}
