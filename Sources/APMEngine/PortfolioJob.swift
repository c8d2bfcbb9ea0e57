import APMContracts
import APMSampling

/// Everything the engine needs for one portfolio run: each line's job (its streams salted by its name), the
/// shared Θ and catastrophe, and how to run them. Every line runs the same trials in the same blocks.
public struct PortfolioJob: Sendable {
    /// One line's job and its loading on the shared Θ.
    public struct Line: Sendable {
        public var name: String
        /// The line's job: the run's trials, seed, generator and blocks, `streamSalt` its name's hash, and no
        /// systematic factor of its own when it loads on the shared Θ.
        public var job: SimulationJob
        /// β when the line loads on the shared Θ (`PortfolioLine.beta`).
        public var beta: Double?
    }

    public var lines: [Line]
    public var systematicFactor: CostDistribution?
    public var catastrophe: Catastrophe?
    public var trials: Int
    /// The global index of the first trial (0 for a whole run).
    public var firstTrial = 0
    public var seed: UInt64
    public var generator: Generator
    public var blockTrials: Int
    public var threads: Int
    public var lowTailFraction: Double

    /// The job that runs `portfolio` with its run settings on `threads` threads.
    public static func job(for portfolio: Portfolio, threads: Int, lowTailFraction: Double? = nil) -> PortfolioJob {
        let run = portfolio.run
        let low = lowTailFraction ?? (1 - (run.levels.min() ?? 0.9))
        var lines: [Line] = portfolio.lines.map { line in
            var model = line.model
            // The portfolio's run settings; a line keeps its claim pool, pinned by a shock to its base's.
            var settings = run
            settings.claimPool = line.model.run.claimPool
            model.run = settings
            var job = SimulationJob.job(for: model, threads: threads, lowTailFraction: low)
            job.streamSalt = line.streamSalt
            if line.beta != nil { job.systematicFactor = nil }
            return Line(name: line.name, job: job, beta: line.beta)
        }
        var draws = lines.reduce(0) { $0 + $1.job.expectedDrawsPerTrial }
        if let f = portfolio.systematicFactor { draws += f.expectedDraws }
        if portfolio.catastrophe != nil { draws += 1 }
        let blockTrials = run.blockTrials ?? SimulationJob.blockTrials(forDrawsPerTrial: draws)
        for i in lines.indices { lines[i].job.blockTrials = blockTrials }
        return PortfolioJob(lines: lines, systematicFactor: portfolio.systematicFactor,
                            catastrophe: portfolio.catastrophe, trials: run.trials, seed: run.seed,
                            generator: run.generator, blockTrials: blockTrials, threads: threads,
                            lowTailFraction: low)
    }

    /// The streams of the portfolio's own draws (Θ and the catastrophe), keyed unsalted.
    package var sharedPurposes: Set<StreamPurpose> {
        var p: Set<StreamPurpose> = []
        if systematicFactor != nil { p.insert(.systematicFactor) }
        if catastrophe != nil { p.insert(.catastrophe) }
        return p
    }
}
