import Foundation
import APMAnalysis
import APMBench
import APMEngine
import APMModel
import APMRisk
import APMSampling
import APMSupport

/// The JSON document of `apmrisk bench`: the machine record, variates per second per distribution family and
/// trials per second per model at each thread count (rates per second of wall-clock time; no money).
public struct BenchResult: Codable, Sendable {
    public struct Record: Codable, Sendable {
        public var apmriskVersion: String
        public var generator: String
        public var gslVersion: String
        public var cpuModel: String
        public var cores: Int
        public var secondsPerMeasurement: Double

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: ResultKey.self)
            try c.field(apmriskVersion, "apmrisk_version")
            try c.field(generator, "generator")
            try c.field(gslVersion, "gsl_version")
            try c.field(cpuModel, "cpu_model")
            try c.field(cores, "cores")
            try c.figure(secondsPerMeasurement, "seconds_per_measurement")
        }

        package init(apmriskVersion: String, generator: String, gslVersion: String, cpuModel: String, cores: Int, secondsPerMeasurement: Double) {
            (self.apmriskVersion, self.generator, self.gslVersion, self.cpuModel) = (apmriskVersion, generator, gslVersion, cpuModel)
            (self.cores, self.secondsPerMeasurement) = (cores, secondsPerMeasurement)
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: ResultKey.self)
            apmriskVersion = try c.field(String.self, "apmrisk_version")
            generator = try c.field(String.self, "generator")
            gslVersion = try c.field(String.self, "gsl_version")
            cpuModel = try c.field(String.self, "cpu_model")
            cores = try c.field(Int.self, "cores")
            secondsPerMeasurement = try c.figure("seconds_per_measurement")
        }
    }

    /// One measurement: threads, and for models the trials run and seconds taken.
    public struct Rate: Codable, Sendable {
        public var threads: Int
        public var trials: Int?
        public var seconds: Double?
        public var trialsPerSecond: Double?
        public var variatesPerSecond: Double

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: ResultKey.self)
            try c.field(threads, "threads")
            try c.field(trials, "trials")
            try c.figure(seconds, "seconds")
            try c.figure(trialsPerSecond, "trials_per_second")
            try c.figure(variatesPerSecond, "variates_per_second")
        }

        package init(threads: Int, trials: Int? = nil, seconds: Double? = nil, trialsPerSecond: Double? = nil, variatesPerSecond: Double) {
            (self.threads, self.trials, self.seconds) = (threads, trials, seconds)
            (self.trialsPerSecond, self.variatesPerSecond) = (trialsPerSecond, variatesPerSecond)
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: ResultKey.self)
            threads = try c.field(Int.self, "threads")
            trials = try c.optional(Int.self, "trials")
            seconds = try c.figureIfPresent("seconds")
            trialsPerSecond = try c.figureIfPresent("trials_per_second")
            variatesPerSecond = try c.figure("variates_per_second")
        }
    }

    /// A family (`family`, `call`) or a model (`model`, `file`, `expected_draws_per_trial`) with its rates and
    /// parallel efficiency (null when only one thread count was measured).
    public struct Row: Codable, Sendable {
        public var family: String?
        public var call: String?
        public var model: String?
        public var file: String?
        public var expectedDrawsPerTrial: Double?
        public var rates: [Rate]
        public var efficiency: Double?

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: ResultKey.self)
            try c.field(family, "family")
            try c.field(call, "call")
            try c.field(model, "model")
            try c.field(file, "file")
            try c.figure(expectedDrawsPerTrial, "expected_draws_per_trial")
            try c.field(rates, "rates")
            if let efficiency { try c.figure(efficiency, "efficiency") } else { try c.encodeNil(forKey: ResultKey("efficiency")) }
        }

        package init(family: String? = nil, call: String? = nil, model: String? = nil, file: String? = nil,
             expectedDrawsPerTrial: Double? = nil, rates: [Rate], efficiency: Double?) {
            (self.family, self.call, self.model, self.file) = (family, call, model, file)
            (self.expectedDrawsPerTrial, self.rates, self.efficiency) = (expectedDrawsPerTrial, rates, efficiency)
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: ResultKey.self)
            family = try c.optional(String.self, "family")
            call = try c.optional(String.self, "call")
            model = try c.optional(String.self, "model")
            file = try c.optional(String.self, "file")
            expectedDrawsPerTrial = try c.figureIfPresent("expected_draws_per_trial")
            rates = try c.field([Rate].self, "rates")
            efficiency = try c.contains(ResultKey("efficiency_reason")) ? c.figure("efficiency") : c.optional(Double.self, "efficiency")
        }
    }

    public var command = "bench"
    public var record: Record
    public var families: [Row]
    public var models: [Row]

    public init(_ b: BenchReport) {
        record = Record(apmriskVersion: Simulation.version, generator: b.generator, gslVersion: GSL.version,
                        cpuModel: Throughput.cpuModel, cores: b.cores, secondsPerMeasurement: b.seconds)
        families = b.families.map { f in
            Row(family: f.family.name, call: f.family.call,
                rates: f.rates.map { Rate(threads: $0.threads, variatesPerSecond: $0.rate) },
                efficiency: BenchReport.efficiency(f.rates.map { ($0.threads, $0.rate) }))
        }
        models = b.models.map { m in
            Row(model: m.name, file: m.file, expectedDrawsPerTrial: m.drawsPerTrial,
                rates: m.rates.map { Rate(threads: $0.threads, trials: $0.trials, seconds: $0.seconds, trialsPerSecond: $0.rate,
                                          variatesPerSecond: $0.rate * m.drawsPerTrial) },
                efficiency: BenchReport.efficiency(m.rates.map { ($0.threads, $0.rate) }))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.field(command, "command")
        try c.field(record, "record")
        try c.field(families, "families")
        try c.field(models, "models")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        command = try c.field(String.self, "command")
        record = try c.field(Record.self, "record")
        families = try c.field([Row].self, "families")
        models = try c.field([Row].self, "models")
    }
}
