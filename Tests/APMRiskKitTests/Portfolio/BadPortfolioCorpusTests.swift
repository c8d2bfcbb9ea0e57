import Foundation
import Testing
@testable import APMRiskKit

/// Every file directly in BadPortfolios/ starts with `# expect: <message>`: the line `PortfolioLoader` must
/// produce, with the corpus folder left out of the paths (lines/ holds the model files they refer to).
@Suite struct BadPortfolioCorpusTests {
    static let folder = packageRoot.appendingPathComponent("Tests/APMRiskKitTests/Portfolio/BadPortfolios")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func theCorpusIsThere() { #expect(Self.files.count >= 10) }

    @Test(arguments: BadPortfolioCorpusTests.files)
    func brokenPortfolioGivesItsMessage(file: String) throws {
        let path = Self.folder.appendingPathComponent(file).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let firstLine = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).first)
        let expected = try #require(firstLine.hasPrefix("# expect: ") ? String(firstLine.dropFirst(10)) : nil)
        #expect(PortfolioLoader.isPortfolio(path: path))
        let error = #expect(throws: ModelError.self) { try PortfolioLoader.read(path: path) }
        #expect(error?.description.replacingOccurrences(of: Self.folder.path + "/", with: "") == expected)
    }
}
