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

    @OptionGroup var options: RunOptions

    func run() throws {
        let loaded = try options.load(model)
        let simulation = try Simulation.run(loaded, threads: options.threads)
        let record = try options.record(model: model, settings: simulation.settings, outcome: simulation.outcome)
        try OutputDestination(path: options.output).write(options.format.render(simulation, record: record))
    }
}

extension ReportFormat: ExpressibleByArgument {}
