import APMAnalysis
import APMContracts
import APMEngine
import APMModel
import APMRisk
import APMSampling
import APMSupport

/// The fields every simulate, price and stress document starts from: which command wrote it, the model's name
/// and contract kind, the units and sign convention (`ResultConventions`) and the model's warnings. The run
/// record (`run`) is written by each document beside them.
public struct ResultHeader: Sendable {
    /// `simulate`, `price` or `stress`: what `SavedResult.load` dispatches on.
    public var command: String
    /// The model's `name` ("" when it has none).
    public var model: String
    /// `bundle`, `capitation` or `shared_risk`.
    public var contract: String
    public var units: ResultConventions
    public var signConvention: String
    public var warnings: [String]

    public init(command: String, model: RiskModel) {
        self.command = command
        self.model = model.name ?? ""
        contract = model.contract.kind
        units = .standard
        signConvention = ResultConventions.signConvention
        warnings = model.warnings
    }

    package func encode(into c: inout KeyedEncodingContainer<ResultKey>) throws {
        try c.field(command, "command")
        try c.field(model, "model")
        try c.field(contract, "contract")
        try c.field(units, "units")
        try c.field(signConvention, "sign_convention")
        try c.field(warnings, "warnings")
    }

    package init(from c: KeyedDecodingContainer<ResultKey>) throws {
        command = try c.field(String.self, "command")
        model = try c.field(String.self, "model")
        contract = try c.field(String.self, "contract")
        units = try c.field(ResultConventions.self, "units")
        signConvention = try c.field(String.self, "sign_convention")
        warnings = try c.field([String].self, "warnings")
    }
}
