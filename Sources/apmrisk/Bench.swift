import APMRiskKit
import ArgumentParser
import Foundation

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure sampler throughput: variates per second per family, trials per second per model.",
        usage: "apmrisk bench [<model>...] [<options>]",
        discussion: """
        Each measurement runs at 1, 2, … up to all cores after a warm-up, and reports the parallel efficiency \
        (throughput at T threads ÷ (T × throughput at 1 thread)). Speed is only measured and reported here.

        Examples:
          apmrisk bench
          apmrisk bench Models/primary-care-capitation.yaml --seconds 5 \\
              --format json
          apmrisk bench --families-only --rng mt19937
        """
    )

    @Argument(help: "Model files to measure (default: every .yaml in Models/).")
    var models: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds per measurement (default 1).", valueName: "s"))
    var seconds: Checked<SecondsOption>?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Trials per model measurement instead of sizing by --seconds.", valueName: "n"))
    var trials: Checked<TrialsOption>?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Thread counts to measure, comma-separated (default 1 … all cores).", valueName: "list"))
    var threads: Checked<ThreadListOption>?

    @Option(help: ArgumentHelp("GSL generator for the family measurements (models use their own run.generator).",
                               valueName: "name"))
    var rng: Checked<GeneratorOption>?

    @Flag(help: "Measure the distribution families only.")
    var familiesOnly = false

    @Flag(help: "Measure the models only.")
    var modelsOnly = false

    @Option(help: ArgumentHelp("Output format.", valueName: "format"))
    var format = Checked<FormatOption>(argument: "table")

    @Option(name: [.short, .long],
            help: ArgumentHelp("Write the output to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    @OptionGroup var progress: ProgressOptions

    func validate() throws {
        _ = try seconds?.value()
        _ = try trials?.value()
        _ = try threads?.value()
        _ = try rng?.value()
        _ = try dataFormat()
        if familiesOnly && modelsOnly {
            throw CommandFailure(message: "--families-only and --models-only exclude each other")
        }
    }

    func run() throws {
        let paths = familiesOnly ? [] : try modelPaths()
        let destination = try OutputDestination(path: output, inputs: paths)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let activity = Activity(command: "bench", quiet: progress.quiet, step: "starting")
        Interruption.install(control: nil, activity: activity)   // Ctrl-C: stop at once, nothing half-written
        let counts = try threads?.value() ?? Array(1...min(cores, ModelLimits.maxThreads))
        let generator = try rng?.value() ?? .standard
        let seconds = try seconds?.value() ?? 1
        let trials = try trials?.value()
        var report = BenchReport(generator: generator.name, seconds: seconds)
        if !modelsOnly {
            for family in BenchFamily.all {
                report.families.append(.init(family: family, rates: counts.map {
                    activity.begin("measuring \(family.name) on \($0) thread\($0 == 1 ? "" : "s")")
                    return ($0, Throughput.variates(family, generator: generator, threads: $0, seconds: seconds))
                }))
            }
        }
        if !familiesOnly {
            for path in paths {
                let model = try ModelLoader.load(path: path)
                let rates = try counts.map { t -> (threads: Int, trials: Int, seconds: Double, rate: Double) in
                    activity.begin("measuring \(path) on \(t) thread\(t == 1 ? "" : "s")")
                    let r = try Throughput.trials(model, threads: t, trials: trials, seconds: seconds)
                    return (t, r.trials, r.seconds, r.rate)
                }
                let draws = SimulationJob.job(for: model, threads: 1).expectedDrawsPerTrial
                report.models.append(.init(name: model.name ?? path, file: path, drawsPerTrial: draws, rates: rates))
            }
        }
        activity.stop()
        try destination.write(report.render(try dataFormat()))
    }

    /// `--format` as bench writes it: table, json or csv (there is no bench report page).
    func dataFormat() throws -> ReportFormat {
        guard let data = try format.value().data else {
            throw ModelError(field: "--format", rule: "must be table, json or csv (bench has no html report), got 'html'")
        }
        return data
    }

    func modelPaths() throws -> [String] {
        if !models.isEmpty { return models }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: "Models")) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.sorted().map { "Models/\($0)" }
            .filter { !PortfolioLoader.isPortfolio(path: $0) }
    }
}
