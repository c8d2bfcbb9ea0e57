import Foundation
import Testing
@testable import APMRiskKit

/// Echoed values are short and on one line; suggestions cost bounded work whatever the input.
@Suite struct EchoTests {
    @Test func shortTextIsQuotedWhole() {
        #expect(MessageText.quoted("taus") == "'taus'")
    }

    @Test func longTextIsCutWithItsLength() {
        let text = String(repeating: "x", count: 1000)
        #expect(MessageText.quoted(text) == "'" + String(repeating: "x", count: 64) + "…' (1,000 characters)")
    }

    @Test func controlCharactersAreEscaped() {
        #expect(MessageText.quoted("a\nb\u{2028}c") == "'a\\nb\\u{2028}c'")
        #expect(MessageText.escaped("a\r\nb") == "a\\r\\nb")
        #expect(MessageText.escaped("plain — text") == "plain — text")
    }

    @Test func aTwentyMegabyteGeneratorNameIsRefusedQuicklyOnOneLine() throws {
        let name = String(repeating: "taus", count: 5_000_000)
        let start = Date()
        let error = #expect(throws: ModelError.self) {
            try ModelLoader.parse("run: {generator: \(name)}\ncost: {constant: 1}\ncontract: {bundle: {price: 1, episodes: 1}}")
        }
        #expect(Date().timeIntervalSince(start) < 30)
        let message = try #require(error?.description)
        #expect(message.count < 200)
        #expect(!message.contains("\n"))
        #expect(message.contains("(20,000,000 characters)"))
    }

    @Test func suggestionsSkipOverlongWords() {
        #expect(Suggestion.nearest(to: "tauss", among: ["taus", "taus2"]) == "taus")
        #expect(Suggestion.nearest(to: String(repeating: "a", count: 65), among: [String(repeating: "a", count: 64)]) == nil)
    }
}
