import Foundation
import Testing
@testable import APMRiskKit

/// The convergence trace: checkpoints at 1, 2, 4, … blocks and the last, its last point the final figures, the
/// same on any number of threads.
@Suite struct ConvergenceTests {
    @Test func theLastPointEqualsTheFinalFigures() throws {
        let run = try simulate(ThreadInvarianceTests.yaml, seed: nil, threads: 2)
        let trace = try #require(run.distribution.convergence)
        let level = try #require(run.settings.levels.max())
        #expect(trace.level == level)
        let last = try #require(trace.points.last)
        #expect(last.trials == run.report.trials && last.blocks == run.outcome.blocks)
        #expect(last.expectedMargin == run.report.expectedMargin)
        #expect(last.lossProbability == run.report.lossProbability)
        #expect(last.tailValueAtRisk == run.report.tail(at: level).tailValueAtRisk)
        // Checkpoints at powers of two blocks, then the last.
        let blocks = trace.points.map(\.blocks)
        #expect(blocks.dropLast().allSatisfy { $0 & ($0 - 1) == 0 })
        #expect(blocks == blocks.sorted() && Set(blocks).count == blocks.count)
    }

    @Test func theTraceIsTheSameOnOneAndTwoThreads() throws {
        let documents = try [1, 2].map { threads in
            ResultJSON.text(DistributionResult(try simulate(ThreadInvarianceTests.yaml, seed: nil, threads: threads).distribution))
        }
        #expect(documents[0] == documents[1])
    }

    /// Each point is what a run of exactly that many trials reports (same seed, same blocks).
    @Test func aPointEqualsARunOfItsLength() throws {
        let run = try simulate(ThreadInvarianceTests.yaml, seed: nil, threads: 2)
        let trace = try #require(run.distribution.convergence)
        let point = trace.points[trace.points.count - 2]
        let shorter = try simulate(ThreadInvarianceTests.yaml, trials: point.trials, seed: nil, threads: 1)
        #expect(point.expectedMargin == shorter.report.expectedMargin)
        #expect(point.lossProbability == shorter.report.lossProbability)
        #expect(point.tailValueAtRisk == shorter.report.tail(at: trace.level).tailValueAtRisk)
    }
}
