import Foundation
import Testing
@testable import APMRiskKit

extension Tool {
    /// Runs the tool with extra environment variables.
    static func run(_ arguments: [String], environment: [String: String]) throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        let process = Process()
        process.executableURL = try #require(executable, "apmrisk is not built")
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// A model file written for one test; removed by the caller.
    static func temporaryModel(_ yaml: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("apmrisk-\(UUID().uuidString).yaml")
        try Data(yaml.utf8).write(to: url)
        return url.path
    }
}

/// Every bad option value is reported one way — one line, `apmrisk: error: --option: rule`, exit status 2, no usage
/// — whichever option it is and whether ArgumentParser or the tool used to judge it.
@Suite(.serialized) struct OptionStyleTests {
    static let knee = "Models/knee-replacement-bundle.yaml"
    static let aco = "Models/aco-shared-risk.yaml"

    /// (arguments, the option the line must name, the exact rest of the line).
    static let badValues: [([String], String, String)] = [
        // simulate, price and stress share these
        (["simulate", knee, "--trials", "abc"], "--trials", "must be a whole number greater than 0, got 'abc'"),
        (["simulate", knee, "--trials", "2.5"], "--trials", "must be a whole number greater than 0, got '2.5'"),
        (["simulate", knee, "--trials", "-5"], "--trials", "must be a whole number greater than 0, got '-5'"),
        (["simulate", knee, "--trials", "1e400"], "--trials", "must be at most 9,223,372,036,854,775,807, got '1e400'"),
        (["simulate", knee, "--seed", "18446744073709551616"], "--seed",
         "must be a whole number from 0 to 18446744073709551615, got '18446744073709551616'"),
        (["simulate", knee, "--seed", "-1"], "--seed", "must be a whole number from 0 to 18446744073709551615, got '-1'"),
        (["simulate", knee, "--seed", "1.5"], "--seed", "must be a whole number from 0 to 18446744073709551615, got '1.5'"),
        (["simulate", knee, "--seed", "seven"], "--seed", "must be a whole number from 0 to 18446744073709551615, got 'seven'"),
        (["simulate", knee, "--threads", "-1"], "--threads", "must be a whole number greater than 0, got '-1'"),
        (["simulate", knee, "--threads", "0"], "--threads", "must be a whole number greater than 0, got '0'"),
        (["simulate", knee, "--threads", "2000"], "--threads", "must be at most 1,024, got '2000'"),
        (["simulate", knee, "--rng", "ranlux"], "--rng", "GSL generator 'ranlux' cannot be keyed per trial"),
        (["simulate", knee, "--levels", "0.9,-0.5"], "--levels", "each level must be a number strictly between 0 and 1, got '-0.5'"),
        (["simulate", knee, "--format", "xml"], "--format", "must be table, json, csv or html, got 'xml'"),
        (["price", knee, "--solve", "price", "--max-loss-probability", "0.1", "--format", "yaml"], "--format",
         "must be table, json, csv or html, got 'yaml'"),
        (["stress", knee, "--trials", "-400"], "--trials", "must be a whole number greater than 0, got '-400'"),
        // simulate
        (["simulate", knee, "--precision", "tvar99"], "--precision", "must be METRIC=VALUE with METRIC loss_probability"),
        (["simulate", knee, "--precision", "tvar99=-1%"], "--precision",
         "the relative standard error must be a percentage greater than 0, got '-1%'"),
        (["simulate", knee, "--precision", "tvar99=1%", "--max-trials", "-10"], "--max-trials",
         "must be a whole number greater than 0, got '-10'"),
        (["simulate", knee, "--max-trials", "1000"], "--max-trials", "goes with --precision, which is not given"),
        // price
        (["price", knee, "--solve", "cost", "--max-loss-probability", "0.1"], "--solve",
         "a bundle contract can solve for outlier_cap, price, stop_loss, stop_gain, not 'cost'"),
        (["price", knee, "--solve", "Price!", "--max-loss-probability", "0.1"], "--solve",
         "must be a term of the model's contract by its model-file name"),
        (["price", "Models/primary-care-capitation.yaml", "--solve", "pmp", "--max-loss-probability", "0.1"], "--solve",
         "a capitation contract can solve for attachment, coinsurance, pmpm, months, premium_pmpm, not 'pmp'; did you mean 'pmpm'?"),
        (["price", knee, "--solve", "price", "--max-loss-probability", "-0.1"], "--max-loss-probability",
         "must be a probability from 0 up to (not including) 1, got '-0.1'"),
        (["price", knee, "--solve", "price", "--target-margin", "lots"], "--target-margin",
         "must be dollars (250000) or a share of revenue (3%), got 'lots'"),
        (["price", knee, "--solve", "price", "--max-tvar", "-0.99:5"], "--max-tvar",
         "the level must be strictly between 0 and 1, got '-0.99'"),
        (["price", knee, "--solve", "price", "--max-var", "0.99"], "--max-var", "must be LEVEL:AMOUNT, e.g. 0.995:250000, got '0.99'"),
        (["price", knee, "--solve", "price", "--grid", "-100:100:10"], "--grid", "FROM must be greater than 0, got '-100:100:10'"),
        (["price", aco, "--solve", "savings_rate", "--grid", "0:2:0.5"], "--grid", "a rate grid must lie within 0 and 1, got '0:2:0.5'"),
        (["price", knee, "--solve", "price", "--grid", "1:2:-1"], "--grid", "STEP must be greater than 0, got '1:2:-1'"),
        // stress
        (["stress", knee, "--shock", "inflation=0.1"], "--shock", "unknown shock 'inflation'"),
        (["stress", knee, "--shock", "volume"], "--shock", "must be NAME=VALUE, e.g. trend=0.05, got 'volume'"),
        (["stress", knee, "--sensitivity", "--metric", "var"], "--metric",
         "must be expected_margin, loss_probability, var:LEVEL or tvar:LEVEL, got 'var'"),
        (["stress", knee, "--sensitivity", "--step", "trend=-0.1"], "--step", "must be NAME=SIZE with 0 < SIZE < 1, got 'trend=-0.1'"),
        (["stress", knee, "--sensitivity", "--step", "pmpm=0.1"], "--step", "'pmpm' is not a parameter of this model"),
        (["stress", knee, "--break", "expected_margin", "--along", "trend"], "--break",
         "must be METRIC=VALUE, e.g. expected_margin=0, got 'expected_margin'"),
        (["stress", knee, "--break", "expected_margin=0", "--along", "weather"], "--along",
         "must be one of trend, severity, frequency, volume, add_on_probability, lognormal_cv, pareto_shape, quality_mean or a contract term, got 'weather'"),
        (["stress", knee, "--break", "expected_margin=0", "--along", "trend", "--range", "-1:-1"], "--range",
         "must be LO:HI with two different numbers, e.g. 0:0.5, got '-1:-1'"),
        (["stress", knee, "--break", "expected_margin=0", "--along", "price"], "--range",
         "a contract term needs a range to search, e.g. --range 15000:25000"),
        // bench
        (["bench", "--seconds", "-1"], "--seconds", "must be greater than 0, got '-1'"),
        (["bench", "--seconds", "soon"], "--seconds", "must be a number of seconds greater than 0, got 'soon'"),
        (["bench", "--trials", "-3"], "--trials", "must be a whole number greater than 0, got '-3'"),
        (["bench", "--threads", "-1,2"], "--threads", "must list whole numbers greater than 0, got '-1,2'"),
        (["bench", "--rng", "nope"], "--rng", "unknown GSL generator 'nope'"),
        (["bench", "--format", "html"], "--format", "must be table, json or csv (bench has no html report), got 'html'"),
    ]

    @Test(arguments: OptionStyleTests.badValues)
    func aBadValueIsOneLineNamingTheOptionAndItsRule(arguments: [String], option: String, rule: String) throws {
        let r = try Tool.run(arguments)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("apmrisk: error: \(option): \(rule)"), "\(r.stderr)")
        #expect(r.stderr.hasSuffix("\n") && r.stderr.filter { $0 == "\n" }.count == 1, "\(r.stderr)")
        #expect(!r.stderr.lowercased().contains("usage"), "\(r.stderr)")
        #expect(!r.stderr.contains("is invalid for"), "ArgumentParser's own style: \(r.stderr)")
    }

    /// A negative number is the option's value (refused by its rule), never a missing value followed by an
    /// unknown option `-1`, with or without `=`.
    @Test(arguments: [
        ["simulate", knee, "--threads", "-1"], ["simulate", knee, "--threads=-1"], ["simulate", knee, "--seed", "-7"],
        ["bench", "--seconds", "-0.5"], ["price", knee, "--solve", "price", "--max-loss-probability", "-1"],
    ])
    func negativeNumbersReachTheRule(arguments: [String]) throws {
        let r = try Tool.run(arguments)
        #expect(r.status == 2)
        #expect(!r.stderr.contains("Missing value") && !r.stderr.contains("Unknown option"), "\(r.stderr)")
        #expect(r.stderr.contains("must be"), "\(r.stderr)")
    }

    @Test func aNegativeTargetMarginIsAValue() throws {
        let r = try Tool.run(["price", Self.knee, "--solve", "price", "--target-margin", "-5000", "--trials", "2000", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let target = try #require((json?["targets"] as? [[String: Any]])?.first)
        #expect(target["bound"] as? Double == -5000)
    }

    /// `-o` is `--output`, in every command that writes results.
    @Test(arguments: [
        ["simulate", knee, "--trials", "2000"],
        ["price", knee, "--solve", "price", "--max-loss-probability", "0.1", "--trials", "2000"],
        ["stress", knee, "--trials", "400", "--shock", "trend=0.05"],
        ["bench", knee, "--families-only", "--seconds", "0.01", "--threads", "1"],
    ])
    func shortOIsOutput(arguments: [String]) throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("apmrisk-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try Tool.run(arguments + ["--format", "json", "-o", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) is [String: Any])
    }

    /// Whole numbers take exponents, as in the model file: `--trials 1e6`, `--seed 1e6`; and the largest seed is
    /// taken exactly, not through a double.
    @Test func trialsAndSeedTakeExponents() throws {
        let model = try Tool.temporaryModel("cost: {constant: 100}\ncontract: {bundle: {price: 101, episodes: 1}}\n")
        defer { try? FileManager.default.removeItem(atPath: model) }
        let r = try Tool.run(["simulate", model, "--trials", "1e6", "--seed", "2.5e6", "--levels", "0.9", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let run = try #require((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["run"] as? [String: Any])
        #expect(run["trials"] as? Int == 1_000_000)
        #expect(run["seed"] as? String == "2500000")
        let top = try Tool.run(["simulate", model, "--trials", "1_000", "--seed", "18446744073709551615", "--format", "json"])
        #expect(top.status == 0, "\(top.stderr)")
        let topRun = (try JSONSerialization.jsonObject(with: Data(top.stdout.utf8)) as? [String: Any])?["run"] as? [String: Any]
        #expect(topRun?["seed"] as? String == "18446744073709551615")
        #expect(topRun?["trials"] as? Int == 1_000)
    }
}
