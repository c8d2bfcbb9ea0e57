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
let fuzzDocument = try! ModelLoader.parseDocument("""
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
let fuzzModel = fuzzDocument.model

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
        if let message = APMRisk.optionMessage(for: error) {
            requireOneLine(message)   // a rule broken by an option value, from a command's validate()
        } else {
            _ = APMRisk.message(for: error)   // ArgumentParser's own message (the tool prints its first line)
        }
    }
    return 0
}

/// The checks each command makes of its option values before it simulates anything. Every value's own rule ran
/// in `validate()` (inside `parseAsRoot`); what is left are the rules that need the model.
func checkValues(_ command: ParsableCommand) throws {
    if let o = (command as? Simulate)?.options ?? (command as? Price)?.options ?? (command as? Stress)?.options {
        try checkFigures(o)
    }
    switch command {
    case let c as Price:
        if case let .success(field) = PriceField.resolve(try c.solve.value(), in: fuzzModel.contract) {
            _ = try c.gridValues(field)
        }
        _ = try c.parsedTargets()
    case let c as Stress:
        _ = try c.parsedSteps(fuzzModel)
        if c.breakTarget != nil {
            _ = try c.reverseSearch(fuzzModel)
        } else if !c.sensitivity {
            for s in try c.chosenScenarios(fuzzModel, from: fuzzDocument.scenarios) { _ = try s.apply(to: fuzzModel).get() }
        }
    default:
        break
    }
}

/// The figure options a run reads once its model is known (--percentiles needs the trial count).
func checkFigures(_ options: RunOptions) throws {
    var run = RunSettings()
    try ReportFigures.apply(percentiles: options.percentiles, exceedance: options.exceedance, to: &run)
}

func requireOneLine(_ message: String) {
    if message.contains(where: \.isNewline) || message.count > 2_000 {
        fatalError("an error message that is not one short line: \(message.debugDescription.prefix(300))")
    }
}
