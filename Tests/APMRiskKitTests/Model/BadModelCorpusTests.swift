import Foundation
import Testing
@testable import APMRiskKit

/// Every file in BadModels/ starts with `# expect: <message>`: the exact line `ModelLoader` must produce.
@Suite struct BadModelCorpusTests {
    static let folder = packageRoot.appendingPathComponent("Tests/APMRiskKitTests/Model/BadModels")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func theCorpusIsThere() {
        #expect(Self.files.count >= 50)
    }

    @Test(arguments: BadModelCorpusTests.files)
    func brokenModelGivesItsMessage(file: String) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
        let firstLine = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).first)
        let expected = try #require(firstLine.hasPrefix("# expect: ") ? String(firstLine.dropFirst(10)) : nil)
        let error = #expect(throws: ModelError.self) { try ModelLoader.parse(text, file: file) }
        #expect(error?.description == expected)
    }
}

@Suite struct NumberTagTests {
    @Test func numbersTaggedIntOrFloatAreNumbers() throws {
        let model = try ModelLoader.parse("""
            run: {seed: !!int 42, trials: !!float 1e3}
            cost: {lognormal: {mean: !!float 25000, cv: 0.4}}
            contract: {bundle: {price: !!int 23500, episodes: 1}}
            """)
        #expect(model.run.seed == 42 && model.run.trials == 1000)
    }

    @Test(arguments: ["!!str 23500", "\"23500\"", "'23500'", "! 23500", "!custom 23500"])
    func aNumberWrittenAsTextIsRefusedByOneRule(price: String) throws {
        let error = #expect(throws: ModelError.self) {
            try ModelLoader.parse("cost: {constant: 1}\ncontract: {bundle: {price: \(price), episodes: 1}}")
        }
        #expect(error?.rule.hasPrefix("must be a number, got the ") == true)
        #expect(error?.rule.contains("text '23500'") == true)
    }
}

@Suite struct ModelWarningTests {
    @Test(arguments: [(0.8, "infinite mean"), (1.7, "infinite variance")])
    func heavyParetoTailsWarn(shape: Double, words: String) throws {
        let model = try ModelLoader.parse("""
            cost: {pareto: {shape: \(shape), scale: 1000}}
            contract: {bundle: {price: 5000, episodes: 1}}
            """)
        #expect(model.warnings.count == 1)
        #expect(model.warnings.first?.contains(words) == true)
    }

    @Test(arguments: ["{shape: 2.5, scale: 1000}", "{mean: 3000, cv: 0.5}"])
    func aParetoWithoutAFourthMomentWarns(parameters: String) throws {
        let model = try ModelLoader.parse("""
            cost: {pareto: \(parameters)}
            contract: {bundle: {price: 5000, episodes: 1}}
            """)
        #expect(model.warnings.count == 1)
        #expect(model.warnings.first?.contains("< 4 has an infinite fourth moment") == true)
    }

    @Test(arguments: ["{shape: 4, scale: 1000}", "{mean: 3000, cv: 0.3}"])
    func aParetoWithAFourthMomentDoesNotWarn(parameters: String) throws {
        let model = try ModelLoader.parse("""
            cost: {pareto: \(parameters)}
            contract: {bundle: {price: 5000, episodes: 1}}
            """)
        #expect(model.warnings.isEmpty)
    }
}

@Suite struct ShippedModelTests {
    /// The single-model files of Models/ (portfolio files, which combine them, have their own tests).
    static var models: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Models").path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
            .filter { !PortfolioLoader.isPortfolio(path: packageRoot.appendingPathComponent("Models/\($0)").path) }
    }

    @Test func thereAreAtLeastThreeModels() { #expect(Self.models.count >= 3) }

    @Test(arguments: ShippedModelTests.models)
    func shippedModelValidatesWithoutWarnings(file: String) throws {
        let model = try ModelLoader.load(path: packageRoot.appendingPathComponent("Models/\(file)").path)
        #expect(model.warnings.isEmpty)
        #expect(model.name != nil)
    }
}
