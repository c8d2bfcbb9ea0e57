import Foundation
import Testing
@testable import APMRiskKit

/// The model schema lists every shock the reader accepts, so editors do not flag a valid scenario (the term names
/// grow with every new kind of term).
@Suite struct ShockSchemaTests {
    @Test func everyShockNameIsInTheModelSchema() throws {
        let data = try Data(contentsOf: packageRoot.appendingPathComponent("Schemas/model.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let defs = try #require(schema["$defs"] as? [String: Any])
        let scenario = try #require(defs["scenario"] as? [String: Any])
        let shocks = try #require((scenario["properties"] as? [String: Any])?["shocks"] as? [String: Any])
        let names = Set(((shocks["properties"] as? [String: Any]) ?? [:]).keys)
        let missing = Shock.names.filter { !names.contains($0) }
        #expect(missing.isEmpty, "not in Schemas/model.schema.json: \(missing)")
    }
}
