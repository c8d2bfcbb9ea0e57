import Foundation
import Testing
@testable import APMRiskKit

/// Numbers on the command line follow the model file's rule: infinity and NaN, in any spelling, are refused with
/// one line naming the option, and exit status 2.
@Suite(.serialized) struct NumberOptionTests {
    static let model = "Models/knee-replacement-bundle.yaml"

    @Test(arguments: [
        (["simulate", model, "--trials", "inf"], "--trials: must be a finite number, got 'inf'"),
        (["simulate", model, "--trials", "2.5"], "--trials: must be a whole number greater than 0, got '2.5'"),
        (["simulate", model, "--threads", "NaN"], "--threads: must be a finite number, got 'NaN'"),
        (["simulate", model, "--precision", "expected_margin=10", "--max-trials", "Infinity"], "--max-trials: must be a finite number, got 'Infinity'"),
        (["simulate", model, "--levels", "0.9,nan"], "--levels: must be a finite number, got 'nan'"),
        (["simulate", model, "--precision", "tvar99=inf%"], "--precision: must be a finite number, got 'inf'"),
        (["price", model, "--solve", "price", "--max-loss-probability=-nan"], "--max-loss-probability: must be a finite number, got '-nan'"),
        (["price", model, "--solve", "price", "--target-margin=-INF%"], "--target-margin: must be a finite number, got '-INF'"),
        (["price", model, "--solve", "price", "--max-tvar", "0.99:infinity"], "--max-tvar: must be a finite number, got 'infinity'"),
        (["price", model, "--solve", "price", "--grid", "1:+inf:1"], "--grid: must be a finite number, got '+inf'"),
        (["stress", model, "--shock", "catastrophe=0.1:inf"], "--shock: must be a finite number, got 'inf'"),
        (["stress", model, "--shock", "trend=nan"], "--shock: must be a finite number, got 'nan'"),
        (["stress", model, "--break", "expected_margin=NAN", "--along", "trend"], "--break: must be a finite number, got 'NAN'"),
        (["stress", model, "--break", "expected_margin=0", "--along", "trend", "--range", "0:Inf"], "--range: must be a finite number, got 'Inf'"),
        (["stress", model, "--sensitivity", "--step", "trend=nan"], "--step: must be a finite number, got 'nan'"),
        (["bench", "--seconds", "inf"], "--seconds: must be a finite number, got 'inf'"),
        (["bench", "--trials", "nan"], "--trials: must be a finite number, got 'nan'"),
    ])
    func infinityAndNaNAreRefused(arguments: [String], fragment: String) throws {
        let r = try Tool.run(arguments)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains(fragment), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test(arguments: ["", ",", "1,", ",2"])
    func anEmptyThreadListIsRefused(list: String) throws {
        let r = try Tool.run(["bench", "--families-only", "--seconds", "0.01", "--threads", list])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "apmrisk: error: --threads: must list whole numbers greater than 0, got '\(list)'\n")
    }

    @Test func aWholeNumberMayBeWrittenWithAnExponent() throws {
        let r = try Tool.run(["simulate", Self.model, "--trials", "2e3", "--format", "csv"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("\ntrials,,2000,,,\n"))
    }
}
