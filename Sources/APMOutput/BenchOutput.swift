import Foundation
import APMAnalysis
import APMBench
import APMContracts
import APMEngine
import APMModel
import APMRisk
import APMSampling
import APMSupport

/// Results of `apmrisk bench`: throughput per family and per model at each thread count.
public struct BenchReport: Sendable {
    public struct FamilyRow: Sendable {
        public let family: BenchFamily
        /// (threads, variates per second), in the order measured.
        public let rates: [(threads: Int, rate: Double)]

        public init(family: BenchFamily, rates: [(threads: Int, rate: Double)]) {
            self.family = family
            self.rates = rates
        }
    }

    public struct ModelRow: Sendable {
        public let name: String
        public let file: String
        public let drawsPerTrial: Double
        public let rates: [(threads: Int, trials: Int, seconds: Double, rate: Double)]

        public init(name: String, file: String, drawsPerTrial: Double, rates: [(threads: Int, trials: Int, seconds: Double, rate: Double)]) {
            self.name = name
            self.file = file
            self.drawsPerTrial = drawsPerTrial
            self.rates = rates
        }
    }

    public var generator: String
    public var seconds: Double
    public var families: [FamilyRow] = []
    public var models: [ModelRow] = []

    public init(generator: String, seconds: Double) {
        self.generator = generator
        self.seconds = seconds
    }

    /// Throughput at T threads ÷ (T × throughput at 1 thread), for the last thread count measured.
    package static func efficiency(_ rates: [(Int, Double)]) -> Double? {
        guard let one = rates.first(where: { $0.0 == 1 })?.1, let last = rates.last, last.0 > 1, one > 0 else { return nil }
        return last.1 / (Double(last.0) * one)
    }

    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .json: return ResultJSON.text(BenchResult(self)) + "\n"
        case .csv: return csv()
        case .table: return table()
        }
    }

    package var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    package func table() -> String {
        var out = "apmrisk \(Simulation.version) bench — generator \(generator), GSL \(GSL.version), "
            + "\(Throughput.cpuModel), \(cores) cores, ~\(seconds) s per measurement after a warm-up\n"
        let threadCounts = families.first?.rates.map(\.threads) ?? models.first?.rates.map(\.threads) ?? []
        func header(_ first: String, _ unit: String) -> String {
            ReportTable.pad(first, 34) + threadCounts.map { ReportTable.lpad("\($0) thr \(unit)", 18) }.joined()
                + ReportTable.lpad("efficiency", 12) + "\n"
        }
        if !families.isEmpty {
            out += "\nVariates per second (engine sampling path)\n" + header("family", "/s")
            for f in families {
                out += ReportTable.pad(f.family.name, 34) + f.rates.map { ReportTable.lpad(Self.rate($0.rate), 18) }.joined()
                    + ReportTable.lpad(Self.efficiency(f.rates.map { ($0.threads, $0.rate) }).map { Figure.fixed($0, decimals: 2) } ?? "", 12) + "\n"
            }
        }
        if !models.isEmpty {
            out += "\nTrials per second (whole engine: sampling, settlement, merge)\n" + header("model", "/s")
            for m in models {
                out += ReportTable.pad(String(m.name.prefix(33)), 34) + m.rates.map { ReportTable.lpad(Self.rate($0.rate), 18) }.joined()
                    + ReportTable.lpad(Self.efficiency(m.rates.map { ($0.threads, $0.rate) }).map { Figure.fixed($0, decimals: 2) } ?? "", 12) + "\n"
            }
        }
        return out
    }

    package static func rate(_ r: Double) -> String {
        r >= 1e6 ? Figure.fixed(r / 1e6, decimals: 2) + " M" : r >= 1e3 ? Figure.fixed(r / 1e3, decimals: 1) + " k" : Figure.fixed(r, decimals: 1)
    }

    /// `kind,name,threads,per_second`: variates per second for a family, trials per second for a model.
    package func csv() -> String {
        let metadata = [("command", "bench"), ("apmrisk_version", Simulation.version), ("generator", generator),
                        ("gsl_version", GSL.version), ("cpu_model", Throughput.cpuModel), ("cores", String(cores)),
                        ("seconds_per_measurement", CSVWriter.number(seconds))]
        let rows: [[CSVCell]] = families.flatMap { f in f.rates.map { [.text("family"), .text(f.family.name), .integer($0.threads), .number($0.rate)] } }
            + models.flatMap { m in m.rates.map { [.text("model"), .text(m.file), .integer($0.threads), .number($0.rate)] } }
        return CSVWriter.document(metadata: metadata, header: ["kind", "name", "threads", "per_second"], rows: rows)
    }
}
