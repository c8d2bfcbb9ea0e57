import APMRiskKit
import ArgumentParser
import Foundation

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure sampler throughput: variates per second per family, trials per second per model.",
        discussion: """
        Each measurement runs at 1, 2, … up to all cores after a warm-up, and reports the parallel efficiency
        (throughput at T threads ÷ (T × throughput at 1 thread)). Speed is only measured and reported here.

        Examples:
          apmrisk bench
          apmrisk bench Models/primary-care-capitation.yaml --seconds 5 --format json
          apmrisk bench --families-only --rng mt19937
        """
    )

    @Argument(help: "Model files to measure (default: every .yaml in Models/).")
    var models: [String] = []

    @Option(help: "Seconds per measurement (default 1).", transform: CommandLineValues.finiteNumber)
    var seconds: Double = 1

    @Option(help: "Trials per model measurement instead of sizing by --seconds.", transform: CommandLineValues.wholeNumber)
    var trials: Int?

    @Option(help: "Thread counts to measure, comma-separated (default 1 … all cores).")
    var threads: String?

    @Option(help: "GSL generator name for the family measurements (models use their own run.generator).")
    var rng: String?

    @Flag(help: "Measure the distribution families only.")
    var familiesOnly = false

    @Flag(help: "Measure the models only.")
    var modelsOnly = false

    @Option(help: "Output format: table, json or csv.")
    var format: ReportFormat = .table

    @Option(help: "Write the output to this file (atomically) instead of standard output.")
    var output: String?

    /// The longest measurement `--seconds` may ask for (one hour).
    static let maxSeconds = 3_600.0

    func validate() throws {
        guard seconds > 0 && seconds.isFinite else { throw ValidationError("--seconds must be greater than 0, got \(seconds)") }
        guard seconds <= Self.maxSeconds else {
            throw ValidationError("--seconds must be at most \(Int(saturating: Self.maxSeconds)) (one hour), got \(seconds)")
        }
        if let trials, trials <= 0 { throw ValidationError("--trials must be a whole number greater than 0, got \(trials)") }
        if familiesOnly && modelsOnly { throw ValidationError("--families-only and --models-only exclude each other") }
    }

    func run() throws {
        let paths = familiesOnly ? [] : try modelPaths()
        let destination = try OutputDestination(path: output, inputs: paths)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        Interruption.install(control: nil)   // Ctrl-C: stop at once, nothing half-written
        let counts = try threadCounts() ?? Array(1...min(cores, ModelLimits.maxThreads))
        let generator = try rng.map(CommandLineValues.generator) ?? .standard
        var report = BenchReport(generator: generator.name, seconds: seconds)
        if !modelsOnly {
            for family in BenchFamily.allCases {
                report.families.append(.init(family: family, rates: counts.map {
                    ($0, Throughput.variates(family, generator: generator, threads: $0, seconds: seconds))
                }))
            }
        }
        if !familiesOnly {
            for path in paths {
                let model = try ModelLoader.load(path: path)
                let rates = try counts.map { t -> (threads: Int, trials: Int, seconds: Double, rate: Double) in
                    let r = try Throughput.trials(model, threads: t, trials: trials, seconds: seconds)
                    return (t, r.trials, r.seconds, r.rate)
                }
                let draws = SimulationJob.job(for: model, threads: 1).expectedDrawsPerTrial
                report.models.append(.init(name: model.name ?? path, file: path, drawsPerTrial: draws, rates: rates))
            }
        }
        try destination.write(report.render(format))
    }

    /// The thread counts of `--threads`: at most 100, each from 1 to `ModelLimits.maxThreads`; nil when not given.
    func threadCounts() throws -> [Int]? {
        guard let threads else { return nil }
        let parts = threads.split(separator: ",", omittingEmptySubsequences: false)
        try CommandLineValues.checkRepeats(parts, option: "--threads")
        return try parts.map {
            guard let t = Int($0.trimmingCharacters(in: .whitespaces)), t > 0 else {
                throw ModelError(field: "--threads", rule: "must list whole numbers greater than 0, got \(MessageText.quoted(threads))")
            }
            guard t <= ModelLimits.maxThreads else {
                throw ModelError(field: "--threads", rule: "each count must be at most \(ModelLimits.maxThreads.formatted()), got \(t)")
            }
            return t
        }
    }

    func modelPaths() throws -> [String] {
        if !models.isEmpty { return models }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: "Models")) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.sorted().map { "Models/\($0)" }
    }
}
