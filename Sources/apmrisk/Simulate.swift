import APMRiskKit
import ArgumentParser
import Foundation

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate a contract and report loss probability, expected margin and tail risk.",
        usage: "apmrisk simulate <model> [<options>]",
        discussion: """
        Runs the model's trials on all cores and prints every metric with its Monte Carlo error. The same \
        model file, seed and trial count give the same figures on any number of threads.

        Exit status: 0 done; 2 bad input or unwritable output (one line on stderr); 3 the --precision target \
        was not reached within --max-trials (the figures are still written, marked so: "precision_reached": \
        false in the JSON run record); 130 or 143 interrupted by SIGINT or SIGTERM (partial figures written).

        Examples:
          apmrisk simulate Models/knee-replacement-bundle.yaml
          apmrisk simulate Models/aco-shared-risk.yaml --trials 1e6 --seed 7 \\
              --format json -o aco.json
          apmrisk simulate Models/primary-care-capitation.yaml --levels 0.95,0.995 \\
              --format csv
        """
    )

    @Argument(help: "The model file (YAML).")
    var model: String

    @OptionGroup var options: RunOptions

    @Option(help: ArgumentHelp("Keep adding blocks until a standard error is reached: METRIC=VALUE (absolute) or "
        + "METRIC=VALUE% (relative to the metric), e.g. loss_probability=0.0005 or tvar99=1%.", valueName: "metric=value"))
    var precision: Checked<PrecisionOption>?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("With --precision: the most trials to run (default 10,000,000).", valueName: "n"))
    var maxTrials: Checked<MaxTrialsOption>?

    @Option(help: ArgumentHelp("Also write every trial's record (units, costs, quality, each component of the "
        + "margin, the margin) to this CSV file, in trial order.", valueName: "file"))
    var trialsOut: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Run only shard I of N (0 ≤ I < N) of the run's blocks and write "
        + "a shard file to --output, for 'apmrisk merge'.", valueName: "i/n"))
    var shard: Checked<ShardOption>?

    @OptionGroup var tailSampling: TailSamplingOptions

    @OptionGroup var progress: ProgressOptions

    func validate() throws {
        _ = try precision?.value()
        _ = try maxTrials?.value()
        _ = try shard?.value()
        if maxTrials != nil && precision == nil {
            throw ModelError(field: MaxTrialsOption.option, rule: "goes with --precision, which is not given")
        }
    }

    func run() throws {
        #if APMRISK_MPI
        // apmrisk-mpi (MPI/): every rank runs its shard; rank 0 merges them and writes the output.
        return try runRanks(MPIRanks.world)
        #endif
        if let shard = try shard?.value() { return try runShard(shard) }
        if PortfolioLoader.isPortfolio(path: model) { return try runPortfolio() }
        let destination = try OutputDestination(path: options.output, inputs: [model])
        let file = try options.load(model)
        var loaded = file.model
        let target = try precision?.value()
        if target != nil {
            // An importance-sampled run keeps every trial, so its default ceiling is the most it can keep.
            let ceiling = try tailSampling.sampling() == .off ? 10_000_000 : WeightedTrials.maximumTrials
            loaded.run.trials = try maxTrials?.value() ?? ceiling
        }
        let activity = Activity(command: "simulate", quiet: progress.quiet, step: "simulating")
        let trials = try trialsOut.map { path in
            if let output = options.output, output == path {
                throw ModelError(field: "--trials-out", rule: "must differ from --output, got \(MessageText.quoted(path)) for both")
            }
            return try TrialsFile(path: path, model: loaded, inputs: [model] + [options.output].compactMap { $0 },
                                  metadata: TrialsFile.metadata(file: file, settings: loaded.run),
                                  weighted: try tailSampling.sampling() != .off)
        }
        var recorder: (@Sendable (BlockSlot, Int) throws -> Void)?
        if let trials { recorder = { slot, first in try trials.add(slot, first: first) } }
        let control = RunControl(progress: activity.report, precision: target, trialRecords: recorder)
        let interruption = Interruption.install(control: control, activity: activity)
        let simulation: Simulation
        do {
            simulation = try Simulation.run(loaded, threads: try options.threadCount, control: control,
                                            tailSampling: try tailSampling.sampling())
            try trials?.finish()
        } catch {
            trials?.abandon()
            throw error
        }
        activity.stop()
        var record = options.record(model: file, settings: simulation.settings, outcome: simulation.outcome)
        record.precisionTarget = target?.description
        record.precisionReached = target.map { PrecisionOutcome.reached($0, by: simulation) }
        try destination.write(try options.reportFormat.render(simulation, record: record))
        if simulation.outcome.interrupted, let sig = interruption.receivedSignal {
            Console.error("apmrisk: interrupted: figures are from \(simulation.outcome.trials) of \(simulation.outcome.trialsRequested) trials\n")
            Foundation.exit(128 + sig)
        }
        if let target, record.precisionReached == false {
            warn("precision target \(target) not reached within \(record.trialsRequested.formatted()) trials "
                + "(--max-trials); the figures are written, exit status \(PrecisionOutcome.notReachedExitStatus)")
            Foundation.exit(PrecisionOutcome.notReachedExitStatus)
        }
    }

    /// `simulate` on a portfolio file: the total, each line, the diversification benefit and the allocation.
    func runPortfolio() throws {
        for (given, option) in [(precision != nil, "--precision"), (trialsOut != nil, "--trials-out"),
                                (try tailSampling.sampling() != .off, "--tail-sampling")] where given {
            throw ModelError(field: option, rule: "is not available for a portfolio file, got \(MessageText.quoted(model))")
        }
        guard let format = try options.reportFormat.data else {
            throw ModelError(field: "--format", rule: "must be table, json or csv for a portfolio (no html report yet), got 'html'")
        }
        let file = try options.loadPortfolio(model)
        let destination = try OutputDestination(path: options.output, inputs: [model] + file.lineFiles.map(\.path))
        let activity = Activity(command: "simulate", quiet: progress.quiet, step: "simulating")
        let control = RunControl(progress: activity.report)
        let interruption = Interruption.install(control: control, activity: activity)
        let simulation = try PortfolioSimulation.run(file.portfolio, threads: try options.threadCount, control: control)
        activity.stop()
        let record = RunRecord(modelFile: file.path, modelSHA256: file.sha256, settings: simulation.settings,
                               outcome: simulation.outcome.total, modelText: file.text)
        try destination.write(PortfolioOutput(simulation, file: file, record: record).render(format))
        if simulation.outcome.total.interrupted, let sig = interruption.receivedSignal {
            Console.error("apmrisk: interrupted: figures are from \(simulation.outcome.total.trials) of \(simulation.outcome.total.trialsRequested) trials\n")
            Foundation.exit(128 + sig)
        }
    }

    /// `simulate --shard i/n`: the shard's blocks only, written as a shard file for `apmrisk merge`.
    func runShard(_ shard: Shard) throws {
        try refuseWhatCannotBeSharded(by: "--shard", writingShardFile: true)
        let destination = try OutputDestination(path: options.output, inputs: [model])
        let activity = Activity(command: "simulate", quiet: progress.quiet, step: "simulating shard \(shard)")
        // No partial shard is ever written: the first Ctrl-C ends the process with nothing written.
        Interruption.install(control: nil, activity: activity)
        let file = try shardFile(shard, activity: activity)
        activity.stop()
        try destination.write(bytes: file.encoded())
    }

    /// Refuses, in one line, what a sharded run cannot do; `by` is how the run is sharded (`--shard`, or MPI
    /// ranks), and a run `writingShardFile` also needs `--output` and leaves the format to the merge.
    func refuseWhatCannotBeSharded(by sharding: String, writingShardFile: Bool) throws {
        let refused: [(Bool, String, String)] = [
            (precision != nil, "--precision", "cannot go with \(sharding): a shard runs a fixed trial count (where a precision "
                + "target stops depends on every block)"),
            (trialsOut != nil, "--trials-out", "cannot go with \(sharding): a shard writes its shard file only; run "
                + "'apmrisk simulate --trials-out' in one process"),
            (try writingShardFile && options.reportFormat != .table, "--format", "cannot go with \(sharding): a shard writes "
                + "a shard file; choose the format at 'apmrisk merge'"),
            (PortfolioLoader.isPortfolio(path: model), sharding, "a portfolio file cannot be sharded yet; run it in one "
                + "process, got \(MessageText.quoted(model))"),
            (writingShardFile && options.output == nil, sharding, "needs --output FILE, the shard file to write"),
        ]
        for (given, option, rule) in refused where given { throw ModelError(field: option, rule: rule) }
    }

    /// Runs shard `shard` of the model with this command line's options: the shard file's contents.
    func shardFile(_ shard: Shard, activity: Activity?) throws -> ShardFile {
        let file = try options.load(model)
        let sampling = try tailSampling.sampling()
        let run = try Simulation.runShard(file.model, shard: shard, threads: try options.threadCount,
                                          control: { RunControl(progress: activity?.report, trialRecords: $0) },
                                          tailSampling: sampling)
        return ShardFile(header: ShardHeader(run: run, model: file, tailSampling: sampling), part: run.part)
    }
}
