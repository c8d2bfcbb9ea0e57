import APMRiskKit
import ArgumentParser
import Foundation

// The option fuzzer (Fuzz/) compiles these sources with APMRISK_FUZZ and brings its own entry point.
#if !APMRISK_FUZZ
@main
#endif
struct APMRisk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apmrisk",
        abstract: "Monte Carlo risk analysis of alternative payment contracts (bundles, capitation, shared risk).",
        discussion: """
        Margins are the provider's: M > 0 is a gain, M < 0 a loss. Every figure comes with its Monte Carlo error.

        Examples:
          apmrisk simulate Models/knee-replacement-bundle.yaml
          apmrisk price Models/knee-replacement-bundle.yaml --solve price --max-loss-probability 0.10
          apmrisk validate Models/primary-care-capitation.yaml
        """,
        version: Simulation.version,
        subcommands: [Simulate.self, Price.self, Stress.self, Bench.self, Validate.self]
    )

    /// Bad input of any kind — arguments, model files, output paths — exits with status 2 and one line on stderr.
    static func main() {
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
            let text = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            fail(text + " (see 'apmrisk help')")
        }
    }

    /// Prints `message` as one line (control characters escaped) and exits with status 2.
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data(("apmrisk: error: " + Echo.oneLine(message) + "\n").utf8))
        Foundation.exit(2)
    }
}

/// A failure the tool reports in one line (exit status 2).
struct CommandFailure: Error {
    let message: String
}

/// Prints warnings to stderr, never into machine-readable stdout.
func warn(_ text: String) {
    FileHandle.standardError.write(Data(("apmrisk: warning: " + text + "\n").utf8))
}
