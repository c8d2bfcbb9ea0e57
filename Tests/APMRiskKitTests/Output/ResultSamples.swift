import Foundation
import Testing
@testable import APMRiskKit

/// The JSON of every command for shipped models at a few trials, written by the built tool: what the round-trip
/// and schema tests read. Run once per test process.
enum ResultSamples {
    static let knee = "Models/knee-replacement-bundle.yaml"
    static let capitation = "Models/primary-care-capitation.yaml"
    static let aco = "Models/aco-shared-risk.yaml"
    /// Figures that overflow a double: nulls with `<key>_reason` fields.
    static let overflowing = "cost: {lognormal: {mean: 1e300, cv: 1}}\ncontract: {bundle: {price: 1, episodes: 100}}\n"

    static let commands: [(name: String, arguments: [String])] = [
        ("simulate knee", ["simulate", knee, "--trials", "2000"]),
        ("simulate aco", ["simulate", aco, "--trials", "1000", "--levels", "0.9,0.995"]),
        ("simulate figures", ["simulate", knee, "--trials", "2000", "--percentiles", "1,50,99", "--exceedance", "1e5,-2e5,1e9"]),
        ("simulate overflowing", ["simulate", "OVERFLOWING", "--trials", "2000"]),
        ("price knee solution and grid", ["price", knee, "--solve", "price", "--max-loss-probability", "0.1",
                                          "--max-tvar", "0.99:200000", "--grid", "22000:24000:1000", "--trials", "4000"]),
        ("price capitation no interval", ["price", capitation, "--solve", "pmpm", "--max-loss-probability", "0.2", "--trials", "1000"]),
        ("price grid only", ["price", capitation, "--solve", "pmpm", "--grid", "900:1000:50", "--trials", "1000"]),
        ("price unit term simulated again", ["price", capitation, "--solve", "attachment", "--max-tvar", "0.99:9000000",
                                             "--trials", "1000"]),
        ("stress scenarios", ["stress", knee, "--trials", "2000"]),
        ("stress sensitivity", ["stress", capitation, "--sensitivity", "--metric", "tvar:0.99", "--trials", "1000"]),
        ("stress reverse", ["stress", knee, "--break", "expected_margin=0", "--along", "trend", "--trials", "2000"]),
        ("bench", ["bench", capitation, "--seconds", "0.02", "--trials", "500", "--threads", "1,2"]),
        ("stress risk-adjusted capitation", ["stress", "Models/ma-risk-adjusted-capitation.yaml", "--trials", "400"]),
        ("portfolio health system", ["simulate", "Models/health-system-portfolio.yaml", "--trials", "400", "--levels", "0.9,0.95"]),
    ]

    /// Command name → its JSON text (with the final newline).
    static let json: [String: String] = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("apmrisk-samples-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let overflowingFile = dir.appendingPathComponent("overflowing.yaml")
        try? Data(Self.overflowing.utf8).write(to: overflowingFile)
        var out: [String: String] = [:]
        for (name, arguments) in commands {
            let args = arguments.map { $0 == "OVERFLOWING" ? overflowingFile.path : $0 } + ["--format", "json"]
            guard let r = try? Tool.run(args), r.status == 0 else {
                Issue.record("\(name) failed: \((try? Tool.run(args))?.stderr ?? "apmrisk is not built")")
                continue
            }
            out[name] = r.stdout
        }
        return out
    }()
}
