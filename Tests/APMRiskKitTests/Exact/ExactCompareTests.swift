import Foundation
import Testing
@testable import APMRiskKit

/// `exact --compare` on the shipped models it can treat: the simulation at the model's own seed and trials must
/// agree with the central estimate within four of its standard errors on every figure that has one. A coarser
/// lattice and fewer Θ intervals than the defaults keep the test quick; the central estimate's error is of order h²
/// and (Δz)⁴, far below the simulation's.
@Suite struct ExactCompareTests {
    static let models: [(file: String, points: Int)] = [
        ("knee-replacement-bundle", 1 << 12), ("primary-care-capitation", 1 << 14), ("aco-shared-risk", 1 << 16),
        ("aco-reach-professional", 1 << 14), ("cjr-retrospective-bundle", 1 << 11), ("claims-capitation", 1 << 12),
    ]

    @Test(arguments: models)
    func simulationAgreesWithTheCentralEstimate(model: (file: String, points: Int)) throws {
        let m = try ModelLoader.read(path: packageRoot.appendingPathComponent("Models/\(model.file).yaml").path).model
        let e = try ExactAnalysis.run(m, latticePoints: model.points, thetaIntervals: 12)
        let s = try Simulation.run(m, trials: min(m.run.trials, 50_000), threads: 2)
        let output = ExactOutput(model: m, modelFile: model.file, modelSHA256: "", exact: e, simulation: s)
        for f in e.figures {
            guard let sim = output.simulated(f), let z = sim.z else { continue }
            #expect(abs(z) < 4, "\(model.file) \(f.metric) \(f.level ?? 0): simulated \(sim.value), central \(f.central), z \(z)")
            if f.bracketed {
                // The bracket holds the truth, so the simulation must be near it too.
                #expect(sim.value >= f.lower - 4 * sim.standardError! && sim.value <= f.upper + 4 * sim.standardError!)
            }
        }
    }
}
