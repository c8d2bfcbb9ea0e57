import Foundation
import Testing

/// `--trials-out`: the per-trial file rebuilds the run's figures, and its components add up to each margin.
@Suite struct TrialsOutTests {
    func rows(_ text: String) -> (header: [String], rows: [[Double]]) {
        let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        let header = lines[0].split(separator: ",").map(String.init)
        return (header, lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) ?? .nan } })
    }

    @Test func theFileRebuildsExpectedMarginAndLossProbability() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trials-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("trials.csv").path
        let r = try Tool.run(["simulate", "Models/cjr-retrospective-bundle.yaml", "--trials", "3000", "--threads", "2",
                              "--format", "json", "--trials-out", file])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let metrics = try #require(json["metrics"] as? [String: Any])
        let em = try #require((metrics["expected_margin"] as? [String: Any])?["value"] as? Double)
        let pl = try #require((metrics["loss_probability"] as? [String: Any])?["value"] as? Double)
        let (header, rows) = rows(try String(contentsOfFile: file, encoding: .utf8))
        #expect(rows.count == 3000)
        #expect(rows.enumerated().allSatisfy { Int($0.element[0]) == $0.offset })   // trial order, every trial
        let margin = try #require(header.firstIndex(of: "margin"))
        let margins = rows.map { $0[margin] }
        let mean = margins.reduce(0, +) / Double(margins.count)
        #expect(abs(mean - em) <= 1e-9 * abs(em), "file \(mean), run \(em)")
        #expect(Double(margins.filter { $0 < 0 }.count) / 3000 == pl)
        let components = header.indices.filter { header[$0].hasPrefix("component:") }
        #expect(components.count >= 3)
        for row in rows {
            let sum = components.reduce(0) { $0 + row[$1] }
            #expect(abs(sum - row[margin]) <= 1e-6 * max(1, abs(row[margin])))
        }
    }

    @Test func aFailedRunLeavesNoFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trials-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("trials.csv").path
        let r = try Tool.run(["simulate", "Models/cjr-retrospective-bundle.yaml", "--trials", "300",
                              "--trials-out", file, "-o", file])
        #expect(r.status == 2 && r.stderr.contains("--trials-out: must differ from --output"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
