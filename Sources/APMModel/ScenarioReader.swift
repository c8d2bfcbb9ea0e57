import APMAnalysis
import APMEngine
import APMSampling
import APMSupport

/// Reads the `scenarios:` list of a model file:
///
///     scenarios:
///       - name: cost trend +5%
///         shocks: {trend: 0.05}
///       - name: pandemic-like year
///         shocks: {catastrophe: {probability: 0.05, multiplier: 1.3}, volume: -0.1}
///
/// Every scenario is applied to the model when it is read, so a shock that cannot apply (an unknown name,
/// a size out of range, a term the contract does not have) is an error of the model file, with its path.
package enum ScenarioReader {
    package static func scenario(_ field: Field, base: RiskModel) throws -> Scenario {
        let s = try field.mapping(allowed: ["name", "shocks"])
        let name = try s.required("name").string()
        let shocksField = try s.required("shocks")
        let section = try shocksField.mapping(allowed: Shock.names)
        guard !section.entries.isEmpty else { throw shocksField.error("must list at least one shock") }
        var shocks: [Shock] = []
        for (key, f) in section.entries {
            let shock = try self.shock(key, f)
            if case let .failure(error) = shock.apply(to: base) { throw f.error(error.rule) }
            shocks.append(shock)
        }
        let scenario = Scenario(name: name, shocks: shocks)
        if case let .failure(error) = scenario.apply(to: base) { throw shocksField.error(error.description) }
        return scenario
    }

    package static func shock(_ name: String, _ field: Field) throws -> Shock {
        if name == "catastrophe" {
            let c = try field.mapping(allowed: ["probability", "multiplier"])
            return .catastrophe(probability: try c.required("probability").number(),
                                multiplier: try c.required("multiplier").number())
        }
        return Shock.named(name, size: try field.number())!
    }
}
