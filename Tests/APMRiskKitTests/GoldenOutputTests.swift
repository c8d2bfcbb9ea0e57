import Foundation
import Testing
@testable import APMRiskKit

/// Pinned figures for every model in Models/ at a fixed seed and trial count, with the stream version they were
/// drawn with (`StreamKey.version`, the file's first line). A change to the random streams, the draw order or
/// the metrics shows up here as a failure; a change of figures under an unchanged stream version is named as a
/// likely stream change without a version bump. Regenerate only on purpose, and say why in the commit:
///
///     APMRISK_REGENERATE_GOLDEN=1 swift test --filter GoldenOutputTests
@Suite struct GoldenOutputTests {
    static let folder = packageRoot.appendingPathComponent("Tests/APMRiskKitTests/Golden")
    static let seed: UInt64 = 20_261_123
    /// Trials per model: enough for every metric, few enough for a debug build.
    static func trials(_ model: RiskModel) -> Int {
        if model.contract.kind == "bundle" { return 20_000 }
        return 1_000
    }

    @Test(arguments: ShippedModelTests.models)
    func figuresMatchThePinnedOutput(file: String) throws {
        let model = try ModelLoader.load(path: packageRoot.appendingPathComponent("Models/\(file)").path)
        let simulation = try Simulation.run(model, trials: Self.trials(model), seed: Self.seed, threads: 2)
        let text = "stream_version \(StreamKey.version)\n" + ReportJSON.metrics(simulation.report).serialized() + "\n"
        let golden = Self.folder.appendingPathComponent(file.replacingOccurrences(of: ".yaml", with: ".json"))
        if ProcessInfo.processInfo.environment["APMRISK_REGENERATE_GOLDEN"] == "1" {
            try Data(text.utf8).write(to: golden, options: .atomic)
        }
        let pinned = try String(contentsOf: golden, encoding: .utf8)
        let pinnedVersion = pinned.split(separator: "\n").first.map(String.init) ?? ""
        if pinnedVersion != "stream_version \(StreamKey.version)" {
            let name = golden.lastPathComponent
            Issue.record("\(name) was pinned with '\(pinnedVersion)', the streams are now version \(StreamKey.version): regenerate the goldens on purpose")
        } else {
            #expect(text == pinned, "\(file) no longer matches its golden under the same stream version: if draws changed, bump StreamKey.version; if only a metric's formula did, regenerate on purpose")
        }
    }

    /// The portfolio files of Models/: the total's and every line's figures pinned the same way (fewer trials: a
    /// trial holds every line's units).
    static var portfolios: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Models").path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
            .filter { PortfolioLoader.isPortfolio(path: packageRoot.appendingPathComponent("Models/\($0)").path) }
    }

    @Test(arguments: portfolios)
    func portfolioFiguresMatchThePinnedOutput(file: String) throws {
        #expect(!Self.portfolios.isEmpty)
        let loaded = try PortfolioLoader.read(path: packageRoot.appendingPathComponent("Models/\(file)").path)
        let simulation = try PortfolioSimulation.run(loaded.portfolio, trials: 400, seed: Self.seed, threads: 2)
        var text = "stream_version \(StreamKey.version)\ntotal " + ReportJSON.metrics(simulation.total).serialized() + "\n"
        for (line, report) in zip(loaded.portfolio.lines, simulation.lines) {
            text += "line \(line.name) " + ReportJSON.metrics(report).serialized() + "\n"
        }
        let golden = Self.folder.appendingPathComponent(file.replacingOccurrences(of: ".yaml", with: ".json"))
        if ProcessInfo.processInfo.environment["APMRISK_REGENERATE_GOLDEN"] == "1" {
            try Data(text.utf8).write(to: golden, options: .atomic)
        }
        let pinned = try String(contentsOf: golden, encoding: .utf8)
        #expect(pinned.hasPrefix("stream_version \(StreamKey.version)\n"), "\(file): pinned under another stream version")
        #expect(text == pinned, "\(file) no longer matches its golden under the same stream version")
    }
}
