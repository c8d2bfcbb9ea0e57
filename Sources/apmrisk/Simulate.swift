import APMRiskKit
import ArgumentParser
import Foundation

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate a contract and report loss probability, expected margin and tail risk.",
        discussion: """
        Runs the model's trials on all cores and prints every metric with its Monte Carlo error. The same model
        file, seed and trial count give the same figures on any number of threads.

        Examples:
          apmrisk simulate Models/knee-replacement-bundle.yaml
          apmrisk simulate Models/aco-shared-risk.yaml --trials 1000000 --seed 7 --format json --output aco.json
          apmrisk simulate Models/primary-care-capitation.yaml --levels 0.95,0.995 --format csv
        """
    )

    @Argument(help: "The model file (YAML).")
    var model: String

    @Option(help: "Number of trials (overrides run.trials).")
    var trials: Int?

    @Option(help: "Run seed, 0 to 2^64-1 (overrides run.seed).")
    var seed: UInt64?

    @Option(help: "Worker threads (default: all cores). Does not change the figures.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "GSL generator name, e.g. taus2 or mt19937 (overrides run.generator).")
    var rng: String?

    @Option(help: "VaR/TVaR levels, comma-separated, e.g. 0.9,0.99 (overrides run.levels).")
    var levels: String?

    @Option(help: "Output format: table, json or csv.")
    var format: ReportFormat = .table

    @Option(help: "Write the output to this file (atomically) instead of standard output.")
    var output: String?

    func validate() throws {
        if let trials, trials <= 0 { throw ValidationError("--trials must be a whole number greater than 0, got \(trials)") }
        if threads <= 0 { throw ValidationError("--threads must be a whole number greater than 0, got \(threads)") }
    }

    func run() throws {
        let loaded = try ModelLoader.load(path: model)
        let generator = try rng.map(CommandLineValues.generator)
        let levelList = try levels.map(CommandLineValues.levels)
        for w in loaded.warnings { warn(w) }
        let simulation = try Simulation.run(loaded, trials: trials, seed: seed, generator: generator,
                                            levels: levelList, threads: threads)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: model))
        let record = RunRecord(modelFile: model, modelSHA256: SHA256.hex(bytes), simulation: simulation)
        try OutputDestination(path: output).write(format.render(simulation, record: record))
    }
}

extension ReportFormat: ExpressibleByArgument {}
