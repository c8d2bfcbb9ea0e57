import Foundation
import Testing
@testable import APMRiskKit

/// `empirical` costs: drawn from the claims themselves, with an optional Pareto tail spliced above a threshold.
@Suite struct EmpiricalCostTests {
    static let models = packageRoot.appendingPathComponent("Models")
    static let danish = packageRoot.appendingPathComponent("Models/data/danish-fire-losses.csv")

    func model(_ cost: String, price: Double = 4, episodes: Int = 1, trials: Int = 40_000) throws -> RiskModel {
        try ModelLoader.parse("""
            cost: \(cost)
            contract: {bundle: {price: \(price), episodes: \(episodes)}}
            run: {trials: \(trials), seed: 5}
            """, file: Self.models.appendingPathComponent("test.yaml").path)
    }

    func losses() throws -> [Double] {
        try ClaimsColumn.read(path: Self.danish.path, column: "loss_mdkk").values
    }

    /// One episode at price P: E[M] = P − the data's mean, within 4 reported s.e.; the path is the model's folder's.
    @Test func simulationReproducesTheDataMean() throws {
        let x = try losses()
        let mean = x.reduce(0, +) / Double(x.count)
        let s = try Simulation.run(try model("{empirical: {file: data/danish-fire-losses.csv, column: loss_mdkk}}"), threads: 2)
        let e = s.report.expectedMargin
        #expect(abs(e.value - (4 - mean)) <= 4 * e.standardError, "\(e.value) vs \(4 - mean)")
        #expect(abs(s.model.unitCost.mean - mean) < 1e-12 * mean)
    }

    /// The compiled sampler draws exactly what the distribution's own `sample` draws, empirical leaf and splice.
    @Test func samplerMatchesTheReferenceDrawForDraw() throws {
        let spliced = try model("{empirical: {file: data/danish-fire-losses.csv, column: loss_mdkk, tail: {above: 10}}}").unitCost
        let a = RandomStream(generator: .standard, seed: 3), b = RandomStream(generator: .standard, seed: 3)
        let sampler = CostSampler(spliced)
        for _ in 0..<5_000 { #expect(sampler.sample(a.handle) == spliced.sample(b)) }
    }

    /// The splice keeps every body quantile: P(X ≤ q) for an observed q at or below the threshold is its share of
    /// the data, within 4 binomial s.e. over 200,000 draws; above it, a fitted Pareto with the data's tail share.
    @Test func spliceKeepsTheBodysQuantiles() throws {
        let x = try losses().sorted()
        let d = try model("{empirical: {file: data/danish-fire-losses.csv, column: loss_mdkk, tail: {above_percentile: 0.9}}}").unitCost
        guard case let .mixture(m) = d, case let .continuous(.pareto(shape, u)) = m.components[1] else {
            Issue.record("expected a body and a Pareto tail, got \(d)"); return
        }
        let share = Double(x.filter { $0 > u }.count) / Double(x.count)
        #expect(abs(m.weights[1] - share) < 1e-15)
        // The fitted shape is the Pareto MLE of the values above u: m / Σ ln(x/u).
        let above = x.filter { $0 > u }
        #expect(abs(shape - Double(above.count) / above.reduce(0) { $0 + log($1 / u) }) < 1e-12 * shape)
        let stream = RandomStream(generator: .standard, seed: 9)
        let n = 200_000
        let draws = (0..<n).map { _ in d.sample(stream) }
        for q in [x[100], x[800], x[1_500], u] {
            let expected = Double(x.filter { $0 <= q }.count) / Double(x.count)
            let observed = Double(draws.filter { $0 <= q }.count) / Double(n)
            #expect(abs(observed - expected) <= 4 * (expected * (1 - expected) / Double(n)).squareRoot(), "q = \(q)")
        }
        // Beyond u the draws follow the Pareto: P(X > 2u) = share · 2^(−shape).
        let beyond = Double(draws.filter { $0 > 2 * u }.count) / Double(n), exact = share * pow(2, -shape)
        #expect(abs(beyond - exact) <= 4 * (exact * (1 - exact) / Double(n)).squareRoot())
    }

    /// A severity shock scales every observed value.
    @Test func severityShockScalesTheValues() throws {
        let d = try model("{empirical: {file: data/danish-fire-losses.csv, column: loss_mdkk}}").unitCost
        #expect(abs(d.scalingSeverity(by: 1.1).mean - 1.1 * d.mean) < 1e-12 * d.mean)
    }

    /// The run record's hash covers the data file: change a claim and the hash changes.
    @Test func modelHashCoversTheDataFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("apmrisk-empirical-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let modelPath = dir.appendingPathComponent("m.yaml").path
        try "cost: {empirical: {file: c.csv, column: cost}}\ncontract: {bundle: {price: 4, episodes: 1}}\n"
            .write(toFile: modelPath, atomically: true, encoding: .utf8)
        try "cost\n1\n2\n3\n".write(to: dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        let first = try ModelLoader.read(path: modelPath).sha256
        try "cost\n1\n2\n4\n".write(to: dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        let second = try ModelLoader.read(path: modelPath).sha256
        #expect(first != second)
        // A model without data files keeps the hash of its own bytes.
        let plain = dir.appendingPathComponent("p.yaml").path
        let text = "cost: {constant: 1}\ncontract: {bundle: {price: 4, episodes: 1}}\n"
        try text.write(toFile: plain, atomically: true, encoding: .utf8)
        #expect(try ModelLoader.read(path: plain).sha256 == SHA256.hex(Data(text.utf8)))
    }

    @Test(arguments: [
        ("{empirical: {file: data/none.csv, column: loss_mdkk}}",
         "cost.empirical.file: cannot read the data file 'data/none.csv'"),
        ("{empirical: {file: data/danish-fire-losses.csv, column: loss}}",
         "--column: the file has no column 'loss' (it has 'date', 'loss_mdkk')"),
        ("{empirical: {file: data/danish-fire-losses.csv, column: loss_mdkk, tail: {above: 1000}}}",
         "cost.empirical.tail: has no value above the threshold 1000"),
        ("{empirical: {file: data/danish-fire-losses.csv, column: loss_mdkk, tail: {above: 100, above_percentile: 0.9}}}",
         "cost.empirical.tail: takes above or above_percentile, not both"),
        ("{empirical: {file: data/danish-fire-losses.csv, column: loss_mdkk, tail: {above: 100}}}",
         "cost.empirical.tail: has 3 values above the threshold 100; fitting the Pareto needs at least 10 (or give pareto: {shape: a})"),
        ("{empirical: {file: ../Tests/APMRiskKitTests/Model/EmpiricalData/bad-cell.csv, column: cost}}",
         "bad-cell.csv:4: cost: must be a number, got 'abc'"),
    ])
    func badEmpiricalCostsAreOneLine(_ cost: String, _ expected: String) throws {
        let error = #expect(throws: ModelError.self) { try model(cost) }
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "")")
    }
}
