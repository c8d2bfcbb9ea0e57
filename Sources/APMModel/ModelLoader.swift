import Foundation
import Yams
import APMAnalysis
import APMContracts
import APMEngine
import APMSampling
import APMSupport

/// A model file as read once: its path, the validated model, and the SHA-256 (hex) of the bytes it was parsed from.
public struct ModelFile: Sendable {
    public let path: String
    public var model: RiskModel
    /// The file's named stress scenarios, in file order.
    public var scenarios: [Scenario]
    public let sha256: String
    /// The file's text exactly as parsed (the bytes `sha256` is of, as UTF-8).
    public var text: String = ""
}

/// Turns a YAML model file into a validated `RiskModel`, or a `ModelError` naming the field and the rule.
///
/// Top level (see README for the full format):
///
///     name: …                     # optional
///     description: …              # optional
///     run: {trials, seed, generator, levels}      # optional defaults
///     cost: <cost distribution>                   # one episode (bundle) / one member-period (others)
///     systematic_factor: <cost distribution>      # optional Θ
///     contract: {bundle: …} | {capitation: …} | {shared_risk: …}
///     scenarios: [{name, shocks: {trend: 0.05, …}}]  # optional, for `apmrisk stress`
public enum ModelLoader {
    package static let topKeys = ["name", "description", "run", "cost", "systematic_factor", "contract", "scenarios"]

    /// Loads and validates the model file at `path`.
    public static func load(path: String) throws -> RiskModel { try read(path: path).model }

    /// A model file's model and its named stress scenarios.
    public struct Document: Sendable {
        public var model: RiskModel
        public var scenarios: [Scenario]
        /// The data files the model reads (`empirical` costs), with their bytes.
        public var dataFiles: [(path: String, data: Data)] = []
    }

    /// Reads the model file at `path` once, and validates it; the result carries the SHA-256 of exactly the bytes
    /// that were parsed, so a run record never describes a file changed since.
    public static func read(path: String) throws -> ModelFile {
        let (data, text) = try contents(path, kind: "model file")
        let document = try parseDocument(text, file: path)
        return ModelFile(path: path, model: document.model, scenarios: document.scenarios,
                         sha256: fingerprint(data, dataFiles: document.dataFiles), text: text)
    }

    /// The model file whose text was `text` when it was read from `path` (a shard file keeps it), validated again
    /// here; any data files it reads are read again from beside `path`, and the SHA-256 covers them as `read` does.
    public static func read(text: String, path: String) throws -> ModelFile {
        let document = try parseDocument(text, file: path)
        return ModelFile(path: path, model: document.model, scenarios: document.scenarios,
                         sha256: fingerprint(Data(text.utf8), dataFiles: document.dataFiles), text: text)
    }

    /// The bytes of the file at `path` and their UTF-8 text, or one line saying that the `kind` ("model file",
    /// "portfolio file") does not exist, cannot be read or is not UTF-8.
    package static func contents(_ path: String, kind: String) throws -> (Data, String) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw ModelError(file: path, field: "", rule: "\(kind) \(reason)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelError(file: path, field: "", rule: "\(kind) is not UTF-8 text")
        }
        return (data, text)
    }

    /// The SHA-256 a run record shows: of the model file's bytes alone, or — when the model reads data files
    /// (`empirical` costs) — of the model's bytes followed, for each data file in the order read, by a NUL, its
    /// path as written into the model's folder, a NUL and its bytes, so a changed claims file changes the hash.
    static func fingerprint(_ model: Data, dataFiles: [(path: String, data: Data)]) -> String {
        guard !dataFiles.isEmpty else { return SHA256.hex(model) }
        var all = model
        for file in dataFiles {
            all.append(0)
            all.append(contentsOf: Array(file.path.utf8))
            all.append(0)
            all.append(file.data)
        }
        return SHA256.hex(all)
    }

    /// Validates model text; `file` names it in errors.
    public static func parse(_ text: String, file: String? = nil) throws -> RiskModel {
        try parseDocument(text, file: file).model
    }

    /// Validates model text, scenarios included; `file` names it in errors.
    public static func parseDocument(_ text: String, file: String? = nil) throws -> Document {
        try YAMLExpansion.check(text, file: file)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ModelError(file: file, field: "", rule: "model file is empty")
            }
            root = node
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        }
        let top = try Field(node: root, path: "", file: file).mapping(allowed: topKeys)
        let (model, dataFiles) = try reading(top, file: file)
        var scenarios: [Scenario] = []
        if let f = top.optional("scenarios") {
            let items = try f.list()
            guard items.count <= ModelLimits.maxScenarios else {
                throw f.error("has \(items.count) scenarios; the limit is \(ModelLimits.maxScenarios)")
            }
            scenarios = try items.map { try ScenarioReader.scenario($0, base: model) }
        }
        return Document(model: model, scenarios: scenarios, dataFiles: dataFiles)
    }

    /// The model of a mapping holding a model file's `cost`, `systematic_factor`, `contract`, `name`,
    /// `description` and `run` (a model file's top level, or a portfolio's inline line), validated.
    package static func model(_ top: Section, file: String?) throws -> RiskModel { try reading(top, file: file).model }

    /// `model(_:file:)` with the data files it read (`empirical` costs), which the model's hash covers.
    static func reading(_ top: Section, file: String?) throws -> (model: RiskModel, dataFiles: [(path: String, data: Data)]) {
        var distributions = DistributionReader()
        distributions.baseDirectory = file.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }

        let unitCost = try distributions.cost(try top.required("cost"), allowsParameterUncertainty: true)
        let systematic = try top.optional("systematic_factor").map { try distributions.cost($0) }
        let contract = try ContractReader(distributions: distributions, systematicFactor: systematic).contract(try top.required("contract"))
        let run = try top.optional("run").map(runSettings) ?? RunSettings()
        var warnings = distributions.warnings
        if contract.riskAdjustment != nil { warnings += try RiskAdjustmentReader.memberCostWarnings(unitCost, try top.required("cost")) }
        if let systematic, case let .continuous(.normal(mean, sd)) = systematic, mean - 4 * sd <= 0 {
            warnings.append("systematic_factor: a normal factor with mean \(format(mean)) and sd \(format(sd)) "
                + "is negative with non-negligible probability; consider a lognormal or gamma factor")
        }
        var model = RiskModel(name: try top.optional("name")?.string(),
                              description: try top.optional("description")?.string(),
                              unitCost: unitCost, systematicFactor: systematic, contract: contract, run: run,
                              warnings: warnings)
        if let u = distributions.parameterUncertainty {
            if contract.riskAdjustment != nil {
                throw try top.required("cost").mapping(allowed: DistributionReader.allCostKeys).required("parameter_uncertainty")
                    .error("a risk-adjusted capitation draws its members from its own model; the cost's parameters are not drawn")
            }
            model.parameterUncertainty = u
        }
        if let v = ModelLimits.violation(of: model) {
            let prefix = top.field.path.isEmpty ? "" : top.field.path + "."
            throw ModelError(file: file, field: prefix + v.field, rule: v.rule)
        }
        return (model, distributions.dataFiles)
    }

    package static func runSettings(_ field: Field) throws -> RunSettings {
        let s = try field.mapping(allowed: ["trials", "seed", "generator", "levels"])
        var run = RunSettings()
        if let f = s.optional("trials") { run.trials = try f.positiveWhole() }
        if let f = s.optional("seed") { run.seed = try seed(f) }
        if let f = s.optional("generator") { run.generator = try generator(f) }
        if let f = s.optional("levels") {
            let items = try f.list()
            guard items.count <= ModelLimits.maxLevels else {
                throw f.error("has \(items.count) levels; the limit is \(ModelLimits.maxLevels)")
            }
            run.levels = try items.map(level)
        }
        if run.levels.isEmpty { throw try s.required("levels").error("must list at least one level") }
        return run
    }

    package static func seed(_ field: Field) throws -> UInt64 {
        let rule = "a whole number from 0 to 18446744073709551615"
        guard let value = UInt64(try field.numericText(rule).replacingOccurrences(of: "_", with: "")) else {
            throw field.error("must be \(rule), got \(field.kindDescription)")
        }
        return value
    }

    package static func generator(_ field: Field) throws -> Generator {
        let name = try field.string()
        switch Generator.forSimulation(named: name) {
        case let .success(g): return g
        case let .failure(e): throw field.error(e.rule)
        }
    }

    package static func level(_ field: Field) throws -> Double {
        let v = try field.number()
        guard v > 0 && v < 1 else { throw field.error("must be a level strictly between 0 and 1, got \(format(v))") }
        return v
    }

    package static func syntaxError(_ error: YamlError, file: String?) -> ModelError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let extra = context.map { " (\($0.text))" } ?? ""
            return ModelError(file: file, line: mark.line, column: mark.column, field: "",
                              rule: "YAML syntax error: \(problem)\(extra)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return ModelError(file: file, line: context.mark.line, column: context.mark.column, field: "",
                              rule: "duplicate key \(duplicates.map { MessageText.quoted($0) }.joined(separator: ", ")) in a mapping")
        case let .reader(problem, _, _, _):
            return ModelError(file: file, field: "", rule: "model file cannot be read as YAML: \(problem)")
        default:
            return ModelError(file: file, field: "", rule: "model file is not valid YAML: \(error)")
        }
    }
}
