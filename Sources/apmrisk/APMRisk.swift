import APMRiskKit
import ArgumentParser
import Foundation

// The option fuzzer (Fuzz/) compiles these sources with APMRISK_FUZZ, and apmrisk-mpi (MPI/) with APMRISK_MPI; each
// brings its own entry point.
#if !APMRISK_FUZZ && !APMRISK_MPI
@main
#endif
struct APMRisk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apmrisk",
        abstract: "Monte Carlo risk analysis of alternative payment contracts (bundles, capitation, shared risk).",
        discussion: """
        Margins are the provider's: M > 0 is a gain, M < 0 a loss. Every figure comes with its Monte Carlo \
        error.

        Exit status: 0 done; 2 bad input or output that cannot be written (one line on stderr); 3 simulate \
        --precision not reached within --max-trials (figures written); 130/143 interrupted (SIGINT/SIGTERM).

        Examples:
          apmrisk simulate Models/knee-replacement-bundle.yaml
          apmrisk price Models/knee-replacement-bundle.yaml --solve price \\
              --max-loss-probability 0.10
          apmrisk validate Models/primary-care-capitation.yaml
        """,
        version: Simulation.version,
        subcommands: [Simulate.self, Merge.self, Price.self, Stress.self, Exact.self, Report.self, Bench.self, Validate.self, Fit.self]
    )

    /// Bad input of any kind — arguments, model files, output paths — exits with status 2 and one line on stderr.
    static func main() {
        Console.prepare()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ModelError {
            fail(error.description)
        } catch let error as SimulationError {
            fail(error.description)
        } catch let error as CommandFailure {
            fail(error.message)
        } catch {
            if exitCode(for: error) == .success || error is CleanExit { exit(withError: error) }
            fail(optionMessage(for: error) ?? firstLine(of: message(for: error)) + " (see 'apmrisk help')")
        }
    }

    /// The message of an error a command's `validate()` threw — a bad option value (`Checked`), options that
    /// exclude each other — which ArgumentParser hands back wrapped, with its description as the message and exit
    /// code 1 (`.failure`); nil for ArgumentParser's own errors (an unknown option, a missing value), which exit
    /// with 64 and get a pointer to the help. So a bad value reads like every other bad input: the option, the
    /// rule, no usage.
    static func optionMessage(for error: Error) -> String? {
        exitCode(for: error) == .failure ? message(for: error) : nil
    }

    /// Every error leaves through here: one line on stderr, with anything echoed from the input escaped.
    static func fail(_ message: String) -> Never {
        Activity.stopCurrent()
        var line = MessageText.escaped(message)
        if line.count > maxMessageCharacters {
            line = String(line.prefix(maxMessageCharacters)) + "… (message cut at \(maxMessageCharacters) of \(line.count) characters)"
        }
        Console.error("apmrisk: error: " + line + "\n")
        Foundation.exit(2)
    }

    /// The longest error line printed whole: a safety net under the 64-character echoes.
    static let maxMessageCharacters = 1_000

    /// The first line of an argument parser message, with the arguments it echoes escaped first, so a value that
    /// holds a line break is shown whole rather than cut at it.
    static func firstLine(of message: String) -> String {
        var text = message
        // Longest first, so an argument that contains another is replaced whole.
        for argument in CommandLine.arguments.dropFirst().sorted(by: { $0.count > $1.count })
        where MessageText.clipped(argument) != argument {
            text = text.replacingOccurrences(of: argument, with: MessageText.clipped(argument))
        }
        return text.split(separator: "\n").first.map(String.init) ?? ""
    }
}

/// A failure the tool reports in one line (exit status 2). Its description is the message, so it reads the same
/// when ArgumentParser passes it on from a `validate()`.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Prints warnings to stderr, never into machine-readable stdout.
func warn(_ text: String) {
    Console.error("apmrisk: warning: " + MessageText.escaped(text) + "\n")
}
