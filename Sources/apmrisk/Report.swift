import APMRiskKit
import ArgumentParser
import Foundation

/// `apmrisk report RESULT.json -o report.html`: the HTML report of a saved result.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a saved JSON result (simulate, price or stress) as a self-contained HTML report.",
        discussion: """
        The report is one HTML file with inline SVG charts and CSS, no script and no network: the key figures;
        the distribution of the margin with VaR and TVaR; the exceedance curve P(L > x) with its 95% band; the
        convergence of E[M], P(loss) and TVaR; the waterfall of E[M] by component when the result has one; for
        price the price-risk curves of the grid; for stress the scenario bars, the tornado or the reverse-stress
        curve; and the run record with the model's text and SHA-256. Every chart has its data table beside it.
        `--format html` on simulate, price and stress writes the same report directly.

        Examples:
          apmrisk simulate Models/knee-replacement-bundle.yaml --format json -o knee.json
          apmrisk report knee.json -o knee.html
        """
    )

    @Argument(help: "A result document written by simulate, price or stress with --format json.")
    var result: String

    @Option(name: [.short, .customLong("output")], help: "Write the report to this file (atomically) instead of standard output.")
    var output: String?

    func run() throws {
        let destination = try OutputDestination(path: output, inputs: [result])
        let saved: SavedResult
        do {
            saved = try SavedResult.load(path: result)
        } catch let error as SavedResult.Failure {
            throw CommandFailure(message: "\(MessageText.quoted(result)): \(error.message)")
        } catch let error as DecodingError {
            throw CommandFailure(message: "\(MessageText.quoted(result)): not a result document apmrisk can read (\(Self.describe(error)))")
        } catch {
            let reason = FileManager.default.fileExists(atPath: result) ? "cannot be read" : "does not exist"
            throw CommandFailure(message: "\(MessageText.quoted(result)): the result file \(reason)")
        }
        try destination.write(try OutputFormat.html(saved))
    }

    /// A decoding error in a few words, naming the field.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "" : "at \(p): "
        }
        switch error {
        case let .keyNotFound(key, c): return path(c) + "missing field \(MessageText.quoted(key.stringValue))"
        case let .typeMismatch(_, c), let .valueNotFound(_, c), let .dataCorrupted(c):
            return path(c) + MessageText.clipped(c.debugDescription)
        @unknown default: return "unreadable"
        }
    }
}
