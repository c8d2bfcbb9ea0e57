import APMRiskKit
import ArgumentParser
import Foundation

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate a contract and report loss probability, expected margin and tail risk.",
        discussion: """
        Runs the model's trials on all cores and prints every metric with its Monte Carlo error. The same model
        file, seed and trial count give the same figures on any number of threads.

        Exit status: 0 done; 2 bad input or unwritable output (one line on stderr); 3 the --precision target
        was not reached within --max-trials (the figures are still written, marked so: "precision_reached":
        false in the JSON run record); 130 or 143 interrupted by SIGINT or SIGTERM (partial figures written).

        Examples:
          apmrisk simulate Models/knee-replacement-bundle.yaml
          apmrisk simulate Models/aco-shared-risk.yaml --trials 1000000 --seed 7 --format json --output aco.json
          apmrisk simulate Models/primary-care-capitation.yaml --levels 0.95,0.995 --format csv
        """
    )

    @Argument(help: "The model file (YAML).")
    var model: String

    @OptionGroup var options: RunOptions

    @Option(help: "Keep adding blocks until a standard error is reached: METRIC=VALUE (absolute) or METRIC=VALUE% (relative to the metric), e.g. loss_probability=0.0005 or tvar99=1%.")
    var precision: String?

    @Option(help: "With --precision: the most trials to run (default 10,000,000).", transform: CommandLineValues.wholeNumber)
    var maxTrials: Int?

    @Flag(help: "No progress line on stderr (it is shown only when stderr is a terminal anyway).")
    var quiet = false

    func validate() throws {
        if let maxTrials, maxTrials <= 0 { throw ValidationError("--max-trials must be a whole number greater than 0, got \(maxTrials)") }
        if maxTrials != nil && precision == nil { throw ValidationError("--max-trials goes with --precision") }
    }

    func run() throws {
        let destination = try OutputDestination(path: options.output, inputs: [model])
        let file = try options.load(model)
        var loaded = file.model
        let target = try precision.map(CommandLineValues.precision)
        if target != nil { loaded.run.trials = maxTrials ?? 10_000_000 }
        let progress = ProgressLine.make(quiet: quiet)
        var report: (@Sendable (Int, Int) -> Void)?
        if let progress { report = { done, total in progress.update(done: done, total: total) } }
        let control = RunControl(progress: report, precision: target)
        let interruption = Interruption.install(control: control)
        let simulation = try Simulation.run(loaded, threads: options.threads, control: control)
        progress?.finish()
        var record = options.record(model: file, settings: simulation.settings, outcome: simulation.outcome)
        record.precisionTarget = target?.description
        record.precisionReached = target.map { PrecisionOutcome.reached($0, by: simulation) }
        try destination.write(options.format.render(simulation, record: record))
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
}

extension ReportFormat: ExpressibleByArgument {}
