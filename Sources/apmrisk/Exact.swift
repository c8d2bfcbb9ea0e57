import APMRiskKit
import ArgumentParser
import Foundation

struct Exact: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute the margin's distribution exactly (by FFT), bracketed, where the model allows it.",
        usage: "apmrisk exact <model> [<options>]",
        discussion: """
        Puts each unit's retained cost on a lattice, convolves the units by GSL's FFT conditional on their \
        count, mixes over Θ and discrete quality scores, and settles every lattice total with the contract. \
        Each figure is bracketed: units rounded down and up onto the lattice (Θ at each interval's ends) give a \
        lower and an upper bound; the central estimate keeps each lattice interval's mean. A model exact cannot treat \
        (risk adjustment, a beta or observed-rate quality score, …) gets one line naming the field, exit status 2.

        Examples:
          apmrisk exact Models/knee-replacement-bundle.yaml
          apmrisk exact Models/primary-care-capitation.yaml --compare --trials 1e5
          apmrisk exact Models/aco-shared-risk.yaml --lattice-points 1048576 \\
              --format json
        """
    )

    @Argument(help: "The model file (YAML).")
    var model: String

    @Flag(help: "Also run the simulation and print both, with the simulation's z-score against the exact figure.")
    var compare = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Lattice points of one convolution, a power of two from 64 to "
        + "16777216 (default 262144 for a fixed count of units, 16384 for a random one).", valueName: "n"))
    var latticePoints: Checked<LatticePointsOption>?

    @Option(parsing: .unconditional, help: ArgumentHelp("Intervals of Θ's normal score on ±6 (default 24).", valueName: "n"))
    var thetaIntervals: Checked<ThetaIntervalsOption>?

    @OptionGroup var options: RunOptions

    func validate() throws {
        _ = try latticePoints?.value()
        _ = try thetaIntervals?.value()
    }

    func run() throws {
        let destination = try OutputDestination(path: options.output, inputs: [model])
        guard let format = try options.reportFormat.data else {
            throw ModelError(field: "--format", rule: "must be table, json or csv for exact, got 'html'")
        }
        let file = try options.load(model)
        let exact = try ExactAnalysis.run(file.model, latticePoints: try latticePoints?.value(),
                                          thetaIntervals: try thetaIntervals?.value() ?? 24)
        var simulation: Simulation?
        var record: RunRecord?
        if compare {
            let s = try Simulation.run(file.model, threads: try options.threadCount)
            simulation = s
            record = options.record(model: file, settings: s.settings, outcome: s.outcome)
        }
        let output = ExactOutput(model: file.model, modelFile: file.path, modelSHA256: file.sha256, exact: exact,
                                 simulation: simulation, record: record)
        switch format {
        case .table: try destination.write(output.table())
        case .json: try destination.write(output.json())
        case .csv: try destination.write(output.csv())
        }
    }
}

/// `--lattice-points`: a power of two from 64 to 2²⁴.
enum LatticePointsOption: OptionRule {
    static let option = "--lattice-points"
    static func parse(_ text: String) throws -> Int {
        let n = try CommandLineValues.count(text, maximum: 1 << 24)
        guard n >= 64 && n & (n - 1) == 0 else {
            throw RuleBroken("must be a power of two from 64 to 16,777,216, got \(MessageText.quoted(text))")
        }
        return n
    }
}

/// `--theta-intervals`: 2 to 1,000.
enum ThetaIntervalsOption: OptionRule {
    static let option = "--theta-intervals"
    static func parse(_ text: String) throws -> Int {
        let n = try CommandLineValues.count(text, maximum: 1000)
        guard n >= 2 else { throw RuleBroken("must be at least 2, got \(MessageText.quoted(text))") }
        return n
    }
}
