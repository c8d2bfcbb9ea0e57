import Foundation
import Testing
@testable import APMRiskKit

@Suite struct FigureTests {
    @Test func figuresTooLargeForAnIntegerPrintInScientificNotation() {
        #expect(Figure.dollars(9.2e18) == "$9.200e+18")
        #expect(Figure.dollars(-9.3e18) == "−$9.300e+18")
        #expect(Figure.dollars(1e15) == "$1.000e+15")
        #expect(Figure.dollars(999_999_999_999_999) == "$999,999,999,999,999")
        #expect(Figure.dollarsAndCents(2e19) == "$2.000e+19")
        #expect(Figure.percent(1e20) == "1.000e+22%")
        #expect(Figure.whole(1e300) == "1.000e+300")
        #expect(Figure.fixed(-4e17, decimals: 6) == "−4.000e+17")   // one minus sign in every table (U+2212)
    }

    @Test func ordinaryFiguresKeepTheirForm() {
        #expect(Figure.dollars(-292_393.4) == "−$292,393")
        #expect(Figure.dollarsAndCents(23_225.866) == "$23,225.87")
        #expect(Figure.percent(0.0367) == "3.67%")
        #expect(Figure.significant(1_234_567) == "1.23457e+06")
        #expect(ModelDescription.num(22_500) == "22500")
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteFiguresAreNeverPrinted(x: Double) {
        let reason = x.isNaN ? "undefined" : "overflow"
        for text in [Figure.dollars(x), Figure.dollarsAndCents(x), Figure.percent(x), Figure.significant(x),
                     Figure.fixed(x, decimals: 2), Figure.whole(x), ModelDescription.num(x)] {
            #expect(text == "n/a (\(reason))")
        }
        #expect(CSVWriter.field(.number(x)) == "")
    }

    /// Three figures written through the result documents' one figure coder.
    struct Figures: Codable {
        var value: Double, standardError: Double, n: Double
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: ResultKey.self)
            try c.figure(value, "value")
            try c.figure(standardError, "standard_error")
            try c.figure(n, "n")
        }
        init(value: Double, standardError: Double, n: Double) { (self.value, self.standardError, self.n) = (value, standardError, n) }
        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: ResultKey.self)
            (value, standardError, n) = (try c.figure("value"), try c.figure("standard_error"), try c.figure("n"))
        }
    }

    @Test func jsonGivesANullOnlyWithItsReasonBesideIt() throws {
        let text = ResultJSON.text(Figures(value: .nan, standardError: .infinity, n: 2))
        let back = try JSONDecoder().decode(Figures.self, from: Data(text.utf8))
        #expect(back.value.isNaN && back.standardError == .infinity && back.n == 2)
        #expect(ResultJSON.text(back) == text)
        #expect(!text.contains("nan") && !text.contains("inf\""))
        let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
        #expect(object?["value"] is NSNull)
        #expect((object?["value_reason"] as? String)?.hasPrefix("undefined") == true)
        #expect(object?["standard_error"] is NSNull)
        #expect((object?["standard_error_reason"] as? String)?.hasPrefix("overflow") == true)
        #expect(object?["n"] as? Int == 2)
        #expect(object?["n_reason"] == nil)
    }
}
