import Foundation
import Testing
@testable import APMRiskKit

/// `simulate --tail-sampling` and `--tilt` as a user runs them: the record in every format, the weight column,
/// the schema, and one-line refusals.
@Suite(.serialized) struct ImportanceCommandLineTests {
    let model = "Benchmarks/reference/models/bundle.yaml"
    let tilt = "theta=1,severity=1e-5"

    @Test func theJSONRecordNamesTheTiltAndMatchesTheSchema() throws {
        let r = try Tool.run(["simulate", model, "--trials", "3000", "--tilt", tilt, "--format", "json", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let errors = try SchemaTests.validator("result.schema.json").errors(try JSONNode(json: Data(r.stdout.utf8)))
        #expect(errors.isEmpty, "\(errors.prefix(5))")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let run = try #require(doc["run"] as? [String: Any])
        let record = try #require(run["tail_sampling"] as? [String: Any])
        #expect(record["tilt"] as? String == "theta=1,units=0,claims=0,severity=1e-05")
        #expect((record["effective_sample_size"] as? Double ?? 0) > 0)
        #expect(doc["distribution"] == nil)
        // The saved document reads back.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("is-\(getpid()).json")
        try r.stdout.write(to: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: path) }
        let saved = try SavedResult.load(path: path.path)
        _ = saved
    }

    @Test func theTableAndCSVSayTheFiguresAreWeighted() throws {
        let table = try Tool.run(["simulate", model, "--trials", "3000", "--tilt", tilt, "--quiet"])
        #expect(table.stdout.contains("Importance sampling (weighted figures), tilt theta=1,units=0,claims=0,severity=1e-05"))
        let csv = try Tool.run(["simulate", model, "--trials", "3000", "--tilt", tilt, "--format", "csv", "--quiet"])
        #expect(csv.stdout.contains("# tail_sampling: importance sampling, tilt theta=1"))
        #expect(csv.stdout.contains("# effective_sample_size: "))
    }

    @Test func trialsOutCarriesTheWeights() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("is-trials-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try Tool.run(["simulate", model, "--trials", "500", "--tilt", tilt, "--trials-out", path, "--quiet"])
        #expect(r.status == 0)
        let rows = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(rows.first?.hasSuffix(",margin,weight") == true)
        #expect(rows.count == 501)
        // Weights are positive and at most 5 (the defensive mixture); every fifth trial index is drawn untilted.
        let weights = rows.dropFirst().map { Double($0.split(separator: ",").last!)! }
        #expect(weights.allSatisfy { $0 > 0 && $0 <= 5 })
    }

    @Test(arguments: [
        (["--tail-sampling", "sometimes"], "apmrisk: error: --tail-sampling: must be off or auto, got 'sometimes'\n"),
        (["--tilt", "theta"], "apmrisk: error: --tilt: must be NAME=VALUE pairs separated by commas, NAME one of theta, units, claims, severity, catastrophe, got 'theta'\n"),
        (["--tilt", "theta=1,theta=2"], "apmrisk: error: --tilt: gives theta twice, got 'theta=1,theta=2'\n"),
        (["--tilt", "theta=1", "--tail-sampling", "auto"], "apmrisk: error: --tilt: sets the tilt itself; it cannot go with --tail-sampling auto\n"),
    ])
    func badOptionsAreOneLine(arguments: [String], message: String) throws {
        let r = try Tool.run(["simulate", model, "--trials", "100"] + arguments)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == message)
    }

    @Test func aRiskAdjustedCapitationIsRefused() throws {
        let r = try Tool.run(["simulate", "Models/ma-risk-adjusted-capitation.yaml", "--trials", "100", "--tail-sampling", "auto"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("apmrisk: error: --tail-sampling: importance sampling does not cover a risk-adjusted capitation"))
    }
}
