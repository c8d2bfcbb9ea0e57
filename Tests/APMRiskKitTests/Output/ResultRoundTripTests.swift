import Foundation
import Testing
@testable import APMRiskKit

/// Every command's JSON is read back by the tool: decoding a document and encoding it again gives the same bytes,
/// non-finite figures (null with `<key>_reason`) and missing standard errors included.
@Suite struct ResultRoundTripTests {
    @Test(arguments: ResultSamples.commands.map(\.name))
    func encodeDecodeEncodeGivesTheSameBytes(command: String) throws {
        let text = try #require(ResultSamples.json[command])
        let saved = try SavedResult.decode(Data(text.utf8))
        #expect(saved.json + "\n" == text)
        switch (saved, command.split(separator: " ").first ?? "") {
        case (.simulate, "simulate"), (.price, "price"), (.stress, "stress"), (.bench, "bench"), (.portfolio, "portfolio"): break
        default: Issue.record("\(command) read back as the wrong kind of document")
        }
    }

    @Test func everyDocumentStatesItsUnitsAndSignConvention() throws {
        for (name, _) in ResultSamples.commands where !name.hasPrefix("bench") {
            let text = try #require(ResultSamples.json[name])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let units = try #require(object["units"] as? [String: String])
            #expect(units == ["money": "USD per performance period", "probability": "fraction"])
            #expect(object["sign_convention"] as? String == "margin M > 0 is a gain for the provider; loss L = -M")
        }
    }

    @Test func nonFiniteFiguresAreNullWithTheirReasonAndComeBackNonFinite() throws {
        let text = try #require(ResultSamples.json["simulate overflowing"])
        #expect(text.contains("\"value\" : null") && text.contains("\"value_reason\" : \"overflow: "))
        guard case let .simulate(result) = try SavedResult.decode(Data(text.utf8)) else {
            Issue.record("not a simulate document")
            return
        }
        #expect(result.metrics.marginSD.value == .infinity)
        // An overflowing standard error is no standard error, with its reason (never a silent figure).
        #expect(result.metrics.expectedMargin.standardError == nil
            && result.metrics.expectedMargin.errorNote?.contains("overflows") == true)
        // An estimate without an honest s.e. keeps its reason, not a figure's.
        #expect(result.metrics.lossProbability.standardError == nil)
        #expect(result.metrics.lossProbability.errorNote?.hasPrefix("an event in every one") == true)
    }

    @Test func aSavedFileLoadsFromItsPath() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("apmrisk-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try Tool.run(["simulate", ResultSamples.knee, "--trials", "1000", "--seed", "9", "--format", "json", "--output", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        guard case let .simulate(result) = try SavedResult.load(path: out.path) else {
            Issue.record("not a simulate document")
            return
        }
        #expect(result.run.seed == 9 && result.run.trials == 1000 && result.metrics.trials == 1000)
        #expect(result.header.contract == "bundle")
    }

    @Test func aFileThatIsNotAResultIsRefusedWithAReason() {
        #expect(throws: SavedResult.Failure.self) { try SavedResult.decode(Data("{\"metrics\": {}}".utf8)) }
        #expect(throws: SavedResult.Failure.self) { try SavedResult.decode(Data("{\"command\": \"validate\"}".utf8)) }
        #expect(throws: DecodingError.self) { try SavedResult.decode(Data("{\"command\": \"simulate\"}".utf8)) }
    }
}
