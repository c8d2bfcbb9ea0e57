import Foundation
import Testing
@testable import APMRiskKit

/// The `apmrisk` executable, run as a user would, from the build folder `swift test` builds it into.
enum Tool {
    static var executable: URL? {
        let build = packageRoot.appendingPathComponent(".build")
        let candidates = [build.appendingPathComponent("debug/apmrisk")]
            + ((try? FileManager.default.contentsOfDirectory(atPath: build.path)) ?? [])
                .map { build.appendingPathComponent("\($0)/debug/apmrisk") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = try #require(executable, "apmrisk is not built")
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}

@Suite(.serialized) struct CommandLineTests {
    let badModel = "Tests/APMRiskKitTests/Model/BadModels/cv-zero.yaml"
    let goodModel = "Models/knee-replacement-bundle.yaml"

    @Test func aBrokenModelExitsWithStatus2AndOneLine() throws {
        let r = try Tool.run(["simulate", badModel])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "apmrisk: error: \(badModel):2:37: cost.lognormal.cv: must be greater than 0, got 0\n")
    }

    @Test func aBrokenModelWritesNoOutputFile() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("apmrisk-\(UUID().uuidString).json")
        let r = try Tool.run(["simulate", badModel, "--format", "json", "--output", out.path])
        #expect(r.status == 2)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test(arguments: [
        (["simulate", "Models/knee-replacement-bundle.yaml", "--threads", "0"], "--threads: must be a whole number greater than 0, got '0'"),
        (["simulate", "Models/knee-replacement-bundle.yaml", "--trials=-5"], "--trials: must be a whole number greater than 0, got '-5'"),
        (["simulate", "Models/knee-replacement-bundle.yaml", "--rng", "nope"], "--rng: unknown GSL generator 'nope'"),
        (["simulate", "Models/knee-replacement-bundle.yaml", "--levels", "0.9,1.5"], "--levels: each level must be"),
        (["simulate", "Models/knee-replacement-bundle.yaml", "--format", "xml"], "--format: must be table, json, csv or html, got 'xml'"),
        (["simulate", "Models/knee-replacement-bundle.yaml", "--trials", "100000000000"], "trials: 100000000000 trials need about"),
        (["simulate", "no-such-model.yaml"], "no-such-model.yaml: model file does not exist"),
        (["simulate"], "Missing expected argument"),
        (["price", "Models/knee-replacement-bundle.yaml", "--solve", "pmpm", "--max-loss-probability", "0.1"],
         "--solve: a bundle contract can solve for outlier_cap, price, stop_loss, stop_gain, not 'pmpm'"),
        (["price", "Models/knee-replacement-bundle.yaml", "--solve", "price"], "price needs at least one target"),
        (["price", "Models/knee-replacement-bundle.yaml", "--solve", "price", "--trials", "2000", "--max-loss-probability", "0"],
         "--max-loss-probability 0.0 cannot be met"),
        (["price", "Models/knee-replacement-bundle.yaml", "--solve", "price", "--max-tvar", "0.99"], "--max-tvar: must be LEVEL:AMOUNT"),
        (["price", "Models/knee-replacement-bundle.yaml", "--solve", "price", "--grid", "30000:20000:100"], "--grid: FROM must not exceed TO"),
        (["price", "Models/aco-shared-risk.yaml", "--solve", "savings_rate", "--trials", "500", "--target-margin", "50%"],
         "no savings_rate meets every target"),
    ])
    func badArgumentsExitWithStatus2(arguments: [String], fragment: String) throws {
        let r = try Tool.run(arguments)
        #expect(r.status == 2)
        #expect(r.stderr.contains(fragment))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    /// One case per class a hostile tester found: traps, hangs and long echoes all give one line and status 2,
    /// within seconds.
    static let hostileCases: [([String], String)] = [
        (["validate", "Tests/APMRiskKitTests/Model/BadModels/scenario-volume-overflow.yaml"], "above the limit of 100,000,000 for any count"),
        (["validate", "Tests/APMRiskKitTests/Model/BadModels/negative-binomial-infinite-mean.yaml"], "mean inf is above the limit"),
        (["validate", "Tests/APMRiskKitTests/Model/BadModels/alias-bomb.yaml"], "expands to more than 1,000,000 YAML nodes"),
        (["simulate", "Tests/APMRiskKitTests/Model/BadModels/trial-too-many-draws.yaml"], "one trial needs about 1e+12 GSL draws"),
        (["simulate", "Models/knee-replacement-bundle.yaml", "--threads", "100000"], "--threads: must be at most 1,024, got '100000'"),
        (["bench", "--seconds", "1e300"], "--seconds: must be at most 3,600 (one hour), got '1e300'"),
        (["bench", "--families-only", "--threads", "1,2000"], "--threads: each count must be at most 1,024"),
        (["simulate", "Models/knee-replacement-bundle.yaml", "--levels", Array(repeating: "0.5", count: 101).joined(separator: ",")],
         "--levels: at most 100 levels"),
        (["stress", "Models/knee-replacement-bundle.yaml"] + [String](Array(repeating: ["--shock", "trend=0.1"], count: 101).joined()),
         "--shock: may be given at most 100 times"),
        (["stress", "Models/knee-replacement-bundle.yaml", "--trials", "400", "--shock", "volume=1e300"], "--shock volume: makes 1.8e+302 episodes"),
        (["stress", "Models/knee-replacement-bundle.yaml", "--trials", "400", "--break", "expected_margin=-1e300", "--along", "volume",
          "--range", "0:1e300"], "volume: makes 1.13e+301 episodes"),
        (["simulate", "Models/knee-replacement-bundle.yaml", "--rng", String(repeating: "x", count: 300)], "…' (300 characters)"),
        (["simulate", "Models/knee-replacement-bundle.yaml", "--rng", "a\nb"], "unknown GSL generator 'a\\nb'"),
    ]

    @Test(arguments: CommandLineTests.hostileCases)
    func hostileInputGivesOneLineQuickly(arguments: [String], fragment: String) throws {
        let start = Date()
        let r = try Tool.run(arguments)
        #expect(Date().timeIntervalSince(start) < 60)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains(fragment))
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stderr.count < 400)
    }

    @Test func jsonOutputCarriesMetricsAndTheRunRecord() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("apmrisk-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try Tool.run(["simulate", goodModel, "--trials", "20000", "--seed", "3", "--format", "json", "--output", out.path])
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any]
        let run = try #require(json?["run"] as? [String: Any])
        #expect(run["seed"] as? String == "3")
        #expect(run["trials"] as? Int == 20_000)
        #expect(run["generator"] as? String == "taus2")
        #expect((run["model_sha256"] as? String)?.count == 64)
        let metrics = try #require(json?["metrics"] as? [String: Any])
        #expect(metrics["loss_probability"] != nil && metrics["tail_risk"] != nil)
    }

    @Test func csvHasOneRowPerMetric() throws {
        let r = try Tool.run(["simulate", goodModel, "--trials", "5000", "--format", "csv", "--levels", "0.9,0.99"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.first == "metric,level,value,standard_error,ci95_lower,ci95_upper")
        // 6 scalar rows, VaR and TVaR at 2 levels, 7 percentiles; then the breakdown, the events and the tail's
        // breakdown at each level.
        let breakdown = ["component:", "event:", "tail_component:"]
        let figures = lines.filter { l in !breakdown.contains { l.hasPrefix($0) || l.hasPrefix("\"" + $0) } }
        #expect(figures.count == 1 + 6 + 4 + 7)
        #expect(lines.contains { $0.hasPrefix("component:revenue,") } && lines.contains { $0.hasPrefix("component:cost,") })
        let components = lines.filter { $0.hasPrefix("component:") }.count
        #expect(lines.filter { $0.hasPrefix("tail_component:") }.count == 2 * components)
        #expect(lines.contains { $0.hasPrefix("tail_component:cost,0.99,") })
    }

    @Test func priceWritesTheSolutionAndGridAsJSON() throws {
        let r = try Tool.run(["price", goodModel, "--solve", "price", "--trials", "5000", "--max-loss-probability", "0.1",
                              "--grid", "22000:24000:1000", "--format", "json"])
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let solution = try #require(json?["solution"] as? [String: Any])
        let value = try #require(solution["value"] as? Double)
        #expect(value > 22_000 && value < 24_000)
        #expect((json?["grid"] as? [Any])?.count == 3)
        #expect(json?["direction"] as? String == "lowest price per episode that meets every target")
    }

    @Test func sigtermStopsAtABlockBoundaryWithPartialFiguresAndStatus143() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("apmrisk-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: out) }
        let process = Process()
        process.executableURL = try #require(Tool.executable)
        process.arguments = ["simulate", "Models/primary-care-capitation.yaml", "--trials", "5000000", "--format", "json",
                             "--output", out.path]
        process.currentDirectoryURL = packageRoot
        process.standardError = Pipe()
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        process.terminate()   // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationStatus == 143)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any]
        let run = try #require(json?["run"] as? [String: Any])
        #expect(run["partial"] as? Bool == true)
        #expect(run["trials_requested"] as? Int == 5_000_000)
        #expect((run["trials"] as? Int ?? 0) < 5_000_000)
    }

    /// A smoke check only: speed is measured by `apmrisk bench` and Benchmarks/, never asserted.
    @Test func benchReportsEveryFamilyAndModel() throws {
        let r = try Tool.run(["bench", goodModel, "--seconds", "0.02", "--trials", "2000", "--threads", "1,2", "--format", "json"])
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let families = try #require(json?["families"] as? [[String: Any]])
        #expect(families.count == 8)
        let models = try #require(json?["models"] as? [[String: Any]])
        #expect((models.first?["rates"] as? [Any])?.count == 2)
        #expect((json?["record"] as? [String: Any])?["gsl_version"] as? String == GSL.version)
    }

    @Test func helpAndValidateSucceed() throws {
        #expect(try Tool.run(["simulate", "--help"]).stdout.contains("Examples:"))
        let v = try Tool.run(["validate", goodModel])
        #expect(v.status == 0)
        #expect(v.stdout.contains("mean"))
    }
}

@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array(String(repeating: "a", count: 1_000).utf8))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
