import APMRiskKit

/// Parsing of option values that need more than a type conversion.
enum CommandLineValues {
    static func generator(_ name: String) throws -> Generator {
        guard let g = Generator(named: name) else {
            throw ModelError(field: "--rng", rule: "unknown GSL generator '\(name)' (e.g. taus2, mt19937, ranlxd2)")
        }
        return g
    }

    static func levels(_ text: String) throws -> [Double] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        return try parts.map { part in
            guard let v = Double(part.trimmingCharacters(in: .whitespaces)), v > 0, v < 1 else {
                throw ModelError(field: "--levels", rule: "each level must be a number strictly between 0 and 1, got '\(part)'")
            }
            return v
        }
    }
}

import Foundation
