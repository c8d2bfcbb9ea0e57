import Foundation
import Testing
@testable import APMRiskKit

@Suite struct PrecisionStoppingTests {
    static let yaml = """
        cost: {lognormal: {mean: 25000, cv: 0.4}}
        contract: {bundle: {price: 28000, episodes: 20}}
        """

    @Test(arguments: [
        PrecisionTarget(metric: .lossProbability, absolute: 0.004),
        PrecisionTarget(metric: .tailValueAtRisk(0.99), relative: 0.01),
    ])
    func stopsAtTheSameBlockOnAnyThreadCount(target: PrecisionTarget) throws {
        let model = try ModelLoader.parse(Self.yaml)
        let runs = try [1, 2, 3].map {
            try Simulation.run(model, trials: 2_000_000, seed: 9, threads: $0, control: RunControl(precision: target))
        }
        let first = runs[0]
        #expect(first.outcome.trials < 2_000_000)
        #expect(target.isMet(by: target.metric.estimate(in: first.report)))
        for r in runs.dropFirst() {
            #expect(r.outcome.trials == first.outcome.trials)
            #expect(ReportJSON.metrics(r.report).serialized() == ReportJSON.metrics(first.report).serialized())
        }
        // The figures are those of a fixed-size run of the same length: blocks are added in order.
        let fixed = try Simulation.run(model, trials: first.outcome.trials, seed: 9, threads: 2)
        #expect(ReportJSON.metrics(fixed.report).serialized() == ReportJSON.metrics(first.report).serialized())
    }

    @Test func aStoppedRunReportsTheBlocksItCompleted() throws {
        let model = try ModelLoader.parse(Self.yaml)
        // Stop once the first round is merged: the trial loop hears it within 16 trials of the next round.
        let holder = ControlHolder()
        let control = RunControl(progress: { _, _ in holder.control?.requestStop() })
        holder.control = control
        let run = try Simulation.run(model, trials: 1_000_000, seed: 9, threads: 2, control: control)
        #expect(run.outcome.interrupted)
        #expect(run.outcome.trials > 0 && run.outcome.trials < 1_000_000)
        #expect(run.outcome.trialsRequested == 1_000_000)
        let fixed = try Simulation.run(model, trials: run.outcome.trials, seed: 9, threads: 2)
        #expect(ReportJSON.metrics(fixed.report).serialized() == ReportJSON.metrics(run.report).serialized())
    }

    /// A stop before any block completes leaves no figures: a clear error, not an empty report.
    @Test func aStopBeforeTheFirstBlockIsAnError() throws {
        let model = try ModelLoader.parse(Self.yaml)
        let control = RunControl()
        control.requestStop()
        #expect(throws: SimulationError.self) {
            try Simulation.run(model, trials: 1_000_000, seed: 9, threads: 2, control: control)
        }
    }

    /// A stop request is heard inside a block, not only between rounds: a run whose single block holds
    /// every trial stops long before it would finish.
    @Test func aStopIsHeardInsideABlock() throws {
        var model = try ModelLoader.parse(Self.yaml)
        model.run.blockTrials = 1 << 22
        let control = RunControl()
        // Its own thread: the dispatch pool may be busy with other tests' simulations.
        Thread { usleep(50_000); control.requestStop() }.start()
        do {
            let run = try Simulation.run(model, trials: 1 << 22, seed: 9, threads: 1, control: control)
            Issue.record("the run finished all \(run.outcome.trials) trials: the stop was not heard inside the block")
        } catch let error as SimulationError {
            #expect(error == .interruptedBeforeFirstBlock(blockTrials: 1 << 22))
        }
    }
}

/// Lets a progress callback reach the control it belongs to.
final class ControlHolder: @unchecked Sendable {
    weak var control: RunControl?
}

@Suite struct NonFiniteMarginTests {
    @Test func overflowingCostsStopTheRunWithACause() throws {
        let model = try ModelLoader.parse("""
            cost: {constant: 1e308}
            contract: {bundle: {price: 1000, episodes: 10}}
            """)
        #expect(throws: SimulationError.nonFiniteMargin(block: 0)) { try Simulation.run(model, trials: 100, threads: 1) }
        #expect(SimulationError.nonFiniteMargin(block: 0).description.contains("infinite mean"))
    }
}
