import Testing
@testable import APMRiskKit

@Suite struct MessageTextTests {
    @Test func lineBreaksAndControlCharactersAreEscaped() {
        #expect(MessageText.escaped("a\nb\r\tc") == "a\\nb\\r\\tc")
        #expect(MessageText.escaped("\u{1B}[31mred\u{7F}\u{0}") == "\\u{1B}[31mred\\u{7F}\\u{0}")
        #expect(MessageText.escaped("nel\u{85}csi\u{9B}ls\u{2028}ps\u{2029}") == "nel\\u{85}csi\\u{9B}ls\\u{2028}ps\\u{2029}")
    }

    @Test func plainTextAndBackslashesAreLeftAlone() {
        #expect(MessageText.escaped("price: $23,500 — ok \\n") == "price: $23,500 — ok \\n")
    }

    @Test func escapingTwiceChangesNothing() {
        let once = MessageText.escaped("x\u{1B}]0;title\u{7}\ny")
        #expect(MessageText.escaped(once) == once)
        #expect(!once.contains("\n") && !once.contains("\u{1B}"))
    }

    @Test func quotedValuesAreEscaped() {
        #expect(MessageText.quoted("a\nb") == "'a\\nb'")
    }

    @Test func aModelErrorIsOneLineWhateverItEchoes() {
        let e = ModelError(file: "m\n.yaml", line: 1, column: 2, field: "cost.\u{1B}[2J", rule: "unknown key '\u{1B}[2J'")
        #expect(e.description == "m\\n.yaml:1:2: cost.\\u{1B}[2J: unknown key '\\u{1B}[2J'")
    }
}
