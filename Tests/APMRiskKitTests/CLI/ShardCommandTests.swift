import Foundation
import Testing

/// `simulate --shard` and `merge` as a user runs them: the shard commands of a Slurm array run in a loop, merged,
/// give the single run's output but for the timing; what cannot be sharded is refused in one line.
@Suite(.serialized) struct ShardCommandTests {
    let model = "Models/knee-replacement-bundle.yaml"

    func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shard-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The JSON document without the run record's timing (threads, elapsed_seconds, trials_per_second).
    func withoutTiming(_ json: String) -> String {
        json.split(separator: "\n").filter {
            !$0.contains("\"threads\"") && !$0.contains("\"elapsed_seconds\"") && !$0.contains("\"trials_per_second\"")
        }.joined(separator: "\n")
    }

    @Test func shardsRunInALoopMergeToTheSingleRun() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let options = ["--trials", "3000", "--seed", "9", "--levels", "0.95,0.99"]
        let single = try Tool.run(["simulate", model, "--format", "json"] + options)
        #expect(single.status == 0, "\(single.stderr)")
        var parts: [String] = []
        for i in [2, 0, 1] {
            let part = dir.appendingPathComponent("part-\(i).shard").path
            let r = try Tool.run(["simulate", model, "--shard", "\(i)/3", "--output", part, "--threads", "1"] + options)
            #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty, "\(r.stderr)")
            parts.append(part)
        }
        let merged = try Tool.run(["merge"] + parts + ["--format", "json"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(withoutTiming(merged.stdout) == withoutTiming(single.stdout))
        #expect(merged.stdout.contains("\"threads\" : 3"))

        let truncated = dir.appendingPathComponent("short.shard")
        try Data(try Data(contentsOf: URL(fileURLWithPath: parts[1])).prefix(300)).write(to: truncated)
        let out = dir.appendingPathComponent("out.json").path
        let bad = try Tool.run(["merge", parts[0], truncated.path, parts[2], "-o", out])
        #expect(bad.status == 2)
        #expect(bad.stderr == "apmrisk: error: \(truncated.path): the shard file is truncated or corrupted (its SHA-256 "
            + "checksum does not match); run that shard again\n")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test(arguments: [
        (["--shard", "0/2", "-o", "p.shard", "--precision", "loss_probability=0.01"],
         "--precision: cannot go with --shard: a shard runs a fixed trial count (where a precision target stops depends on every block)"),
        (["--shard", "0/2", "-o", "p.shard", "--trials-out", "t.csv"], "--trials-out: cannot go with --shard:"),
        (["--shard", "0/2", "-o", "p.shard", "--format", "html"], "--format: cannot go with --shard: a shard writes a shard file; choose the format at 'apmrisk merge'"),
        (["--shard", "0/2"], "--shard: needs --output FILE, the shard file to write"),
        (["--shard", "2/2", "-o", "p.shard"], "--shard: must be I/N, shard I of N, with N from 1 to 1,000,000 and I from 0 to N - 1"),
        (["--shard", "-1/2", "-o", "p.shard"], "--shard: must be I/N"),
        (["--shard", "0/9999", "-o", "p.shard", "--trials", "1000"], "--shard: a run of 1,000 trials has 4 blocks of 256 trials, so at most 4 shards, got 9,999"),
    ])
    func whatCannotBeShardedIsRefusedInOneLine(extra: [String], message: String) throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = extra.map { $0.hasSuffix(".shard") || $0.hasSuffix(".csv") ? dir.appendingPathComponent($0).path : $0 }
        let r = try Tool.run(["simulate", model] + args)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("apmrisk: error: " + message), "\(r.stderr)")
        #expect(r.stderr.filter { $0 == "\n" }.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func aPortfolioIsRefused() throws {
        let r = try Tool.run(["simulate", "Models/health-system-portfolio.yaml", "--shard", "0/2", "-o", "/dev/null"])
        #expect(r.status == 2)
        #expect(r.stderr == "apmrisk: error: --shard: a portfolio file cannot be sharded yet; run it in one process, got 'Models/health-system-portfolio.yaml'\n")
    }
}
