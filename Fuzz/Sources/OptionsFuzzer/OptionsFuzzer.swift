// libFuzzer entry point: any bytes as a command line (arguments separated by newlines). Every subcommand's
// options are parsed by ArgumentParser exactly as the tool parses them (`APMRisk.parseAsRoot`, which runs each
// command's `validate()`), and then every option value the command would check before simulating is checked —
// against a small fixed model, without running a single trial. The answer must be a parsed command or an error
// whose message is one line; a trap, a hang or a multi-line message is a finding.
import APMRiskKit
import ArgumentParser
import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@main
struct OptionsFuzzer {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            guard let data else { return 0 }
            return fuzzOptions(data, size)
        })
    }
}

/// A small model with scenarios, for the checks that need one (shocks, steps, reverse-stress searches).
let fuzzModel = try! ModelLoader.parse("""
    cost:
      compound:
        frequency: {poisson: {mean: 2}}
        severity: {lognormal: {mean: 1000, cv: 1.5}}
      add_ons: [{name: readmission, probability: 0.05, cost: {pareto: {shape: 4.5, scale: 1000}}}]
    contract: {capitation: {pmpm: 200, members: 500, stop_loss: {attachment: 50000}}}
    run: {trials: 400}
    scenarios:
      - {name: trend, shocks: {trend: 0.05}}
    """)

func fuzzOptions(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let arguments = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    do {
        let command = try APMRisk.parseAsRoot(arguments)
        try checkValues(command)
    } catch let error as ModelError {
        requireOneLine(error.description)
    } catch let error as CommandFailure {
        requireOneLine(error.message)
    } catch let error as ShockError {
        requireOneLine(error.description)
    } catch {
        _ = APMRisk.message(for: error)   // ArgumentParser's own message (the tool prints its first line)
    }
    return 0
}

/// The checks each command makes of its option values before it simulates anything.
func checkValues(_ command: ParsableCommand) throws {
    switch command {
    case let c as Simulate:
        try checkRun(c.options)
        _ = try c.precision.map(CommandLineValues.precision)
    case let c as Price:
        try checkRun(c.options)
        _ = try c.parsedTargets()
        if let field = PriceField(rawValue: c.solve), let grid = c.grid {
            _ = try CommandLineValues.grid(grid, isRate: field.isRate)
        }
    case let c as Stress:
        try checkRun(c.options)
        _ = try c.parsedMetric(c.metric, option: "--metric")
        _ = try c.parsedSteps(fuzzModel)
        if let b = c.breakTarget {
            _ = try c.reverseSearch(fuzzModel, b)
        } else if !c.sensitivity {
            for s in try c.chosenScenarios(fuzzModel) { _ = try s.apply(to: fuzzModel).get() }
        }
    case let c as Bench:
        _ = try c.threadCounts()
        _ = try c.rng.map(CommandLineValues.generator)
    default:
        break
    }
}

func checkRun(_ options: RunOptions) throws {
    _ = try options.rng.map(CommandLineValues.generator)
    _ = try options.levels.map(CommandLineValues.levels)
    var run = RunSettings()
    try ReportFigures.apply(percentiles: options.percentiles, exceedance: options.exceedance, to: &run)
}

func requireOneLine(_ message: String) {
    if message.contains(where: \.isNewline) || message.count > 2_000 {
        fatalError("an error message that is not one short line: \(message.debugDescription.prefix(300))")
    }
}
