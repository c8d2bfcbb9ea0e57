import Foundation
import Testing
@testable import APMRiskKit

/// The JSON Schemas in Schemas/ describe what the tool writes and reads: every command's JSON for shipped models
/// validates against result.schema.json, every shipped model against model.schema.json, and structurally wrong
/// models fail it. Validated by `JSONSchemaValidator` (a subset of draft 2020-12 that refuses unknown keywords).
@Suite struct SchemaTests {
    static func validator(_ name: String) throws -> JSONSchemaValidator {
        try JSONSchemaValidator(schema: Data(contentsOf: packageRoot.appendingPathComponent("Schemas/\(name)")))
    }

    @Test(arguments: ResultSamples.commands.map(\.name))
    func everyCommandsJSONMatchesTheResultSchema(command: String) throws {
        let text = try #require(ResultSamples.json[command])
        let errors = try Self.validator("result.schema.json").errors(try JSONNode(json: Data(text.utf8)))
        #expect(errors.isEmpty, "\(errors.prefix(5))")
    }

    @Test func theResultSchemaRejectsADocumentWithAFigureAsText() throws {
        let text = try #require(ResultSamples.json["simulate knee"])
        let broken = text.replacingOccurrences(of: "\"trials\" : 2000,", with: "\"trials\" : \"2000\",")
        #expect(broken != text)
        #expect(!(try Self.validator("result.schema.json").errors(try JSONNode(json: Data(broken.utf8)))).isEmpty)
    }

    @Test(arguments: ShippedModelTests.models)
    func everyShippedModelMatchesTheModelSchema(file: String) throws {
        let yaml = try String(contentsOf: packageRoot.appendingPathComponent("Models/\(file)"), encoding: .utf8)
        let errors = try Self.validator("model.schema.json").errors(try JSONNode(yaml: yaml))
        #expect(errors.isEmpty, "\(errors.prefix(5))")
    }

    /// Structurally wrong models from the bad-model corpus: unknown keys, a wrong type, two of a one-of.
    @Test(arguments: ["unknown-top-key.yaml", "unknown-bundle-key.yaml", "price-is-a-mapping.yaml", "price-quoted-string.yaml",
                      "two-distributions.yaml", "two-contracts.yaml", "mixture-not-a-list.yaml", "root-is-a-list.yaml"])
    func structurallyWrongModelsFailTheModelSchema(file: String) throws {
        let yaml = try String(contentsOf: packageRoot.appendingPathComponent("Tests/APMRiskKitTests/Model/BadModels/\(file)"), encoding: .utf8)
        #expect(!(try Self.validator("model.schema.json").errors(try JSONNode(yaml: yaml))).isEmpty)
    }

    @Test func theValidatorRefusesKeywordsItDoesNotImplement() {
        #expect(throws: JSONSchemaValidator.Failure.self) {
            try JSONSchemaValidator(schema: Data("{\"type\": \"object\", \"patternProperties\": {}}".utf8))
        }
    }
}
