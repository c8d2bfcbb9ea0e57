extension SimulationOutcome {
    /// The outcome of `margins` (dollars, in trial order) merged in blocks of `blockTrials` exactly as the engine
    /// merges a run's blocks, with the histogram and, for a `convergenceLevel`, the convergence checkpoints: for
    /// re-settled trials (a price at its solution) it equals the outcome of a fresh run at those terms.
    public static func merging(_ margins: [Double], blockTrials: Int, lowTailFraction: Double,
                               convergenceLevel: Double?) throws -> SimulationOutcome {
        precondition(blockTrials > 0)
        var accumulator = MarginAccumulator(trials: margins.count, lowTailFraction: lowTailFraction,
                                            convergenceLevel: convergenceLevel)
        var block = 0
        try margins.withUnsafeBufferPointer { readOnly in
            // BlockSummary and the accumulator only read the block.
            let buffer = UnsafeMutableBufferPointer(mutating: readOnly)
            for start in stride(from: 0, to: buffer.count, by: blockTrials) {
                let slice = UnsafeMutableBufferPointer(rebasing: buffer[start..<min(start + blockTrials, buffer.count)])
                try accumulator.add(block: block, margins: slice, summary: BlockSummary(margins: slice))
                block += 1
            }
        }
        let statistics = accumulator.finish()
        var outcome = SimulationOutcome(trials: margins.count, moments: accumulator.moments, losses: accumulator.losses,
                                        orderStatistics: statistics, blockTrials: blockTrials, blocks: block,
                                        threads: 1, elapsedSeconds: 0)
        outcome.histogram = accumulator.histogram
        outcome.convergence = accumulator.checkpoints
        return outcome
    }
}
