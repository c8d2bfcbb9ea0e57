import Foundation
import Testing
@testable import APMRiskKit

/// A `--precision` target that `--max-trials` does not reach is visible: a table line, a JSON field, a CSV row and
/// exit status 3, with the figures still written.
@Suite(.serialized) struct PrecisionExitTests {
    static let model = "Models/knee-replacement-bundle.yaml"
    static let unreachable = ["simulate", model, "--precision", "expected_margin=1", "--max-trials", "3000"]

    @Test func anUnreachedTargetExitsWithStatus3AndSaysSoInTheJSON() throws {
        let r = try Tool.run(Self.unreachable + ["--format", "json"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("precision target s.e. of E[M] ≤ 1.0 not reached within 3,000 trials"))
        #expect(r.stderr.split(separator: "\n").count == 1)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let run = try #require(json?["run"] as? [String: Any])
        #expect(run["precision_reached"] as? Bool == false)
        #expect(run["precision_target"] as? String == "s.e. of E[M] ≤ 1.0")
        #expect(run["trials"] as? Int == 3000)
    }

    @Test func anUnreachedTargetIsALineInTheTableAndARowInTheCSV() throws {
        let table = try Tool.run(Self.unreachable)
        #expect(table.status == 3)
        #expect(table.stdout.contains("Precision target s.e. of E[M] ≤ 1.0 NOT reached within 3,000 trials"))
        let csv = try Tool.run(Self.unreachable + ["--format", "csv"])
        #expect(csv.status == 3)
        #expect(csv.stdout.contains("\nprecision_reached,,0,,,\n"))
    }

    @Test func aReachedTargetExitsWith0() throws {
        let r = try Tool.run(["simulate", Self.model, "--precision", "loss_probability=0.5", "--max-trials", "100000",
                              "--format", "json"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect((json?["run"] as? [String: Any])?["precision_reached"] as? Bool == true)
    }

    @Test func withoutATargetThereIsNoPrecisionField() throws {
        let r = try Tool.run(["simulate", Self.model, "--trials", "2000", "--format", "json"])
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect((json?["run"] as? [String: Any])?["precision_reached"] == nil)
    }
}
