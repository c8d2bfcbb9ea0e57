import Foundation
import Testing
@testable import APMRiskKit

/// Every error is exactly one line on stderr, exit status 2, whatever control characters the input held.
@Suite(.serialized) struct ErrorLineTests {
    func expectOneEscapedLine(_ r: (status: Int32, stdout: String, stderr: String), containing fragment: String) {
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasSuffix("\n") && r.stderr.filter { $0 == "\n" }.count == 1, "\(r.stderr)")
        #expect(!r.stderr.unicodeScalars.contains { $0.value == 0x1B || $0 == "\r" })
        #expect(r.stderr.contains(fragment), "\(r.stderr)")
    }

    @Test func aKeyWithControlCharactersGivesOneEscapedLine() throws {
        let model = "Tests/APMRiskKitTests/Model/BadModels/key-with-control-characters.yaml"
        expectOneEscapedLine(try Tool.run(["simulate", model]), containing: "unknown key 'stop\\u{1B}[31m_loss\\nx'")
    }

    @Test func aNumberTaggedAsTextIsRefused() throws {
        let model = "Tests/APMRiskKitTests/Model/BadModels/mean-tagged-str.yaml"
        expectOneEscapedLine(try Tool.run(["simulate", model]),
                             containing: "cost.lognormal.mean: must be a number, got the text '25000' tagged !!str; remove the tag")
    }

    @Test(arguments: [
        (["simulate", "Models/knee-replacement-bundle.yaml", "--rng", "a\nb\u{1B}[2J"], "--rng: unknown GSL generator 'a\\nb\\u{1B}[2J'"),
        (["simulate", "Models/knee-replacement-bundle.yaml", "--format", "x\ny"], "The value 'x\\ny' is invalid for '--format"),
        (["simulate", "no\nsuch\u{9B}model.yaml"], "no\\nsuch\\u{9B}model.yaml: model file does not exist"),
        (["stress", "Models/knee-replacement-bundle.yaml", "--shock", "tr\u{7F}end=1"], "unknown shock 'tr\\u{7F}end'"),
    ])
    func optionValuesAreEscaped(arguments: [String], fragment: String) throws {
        expectOneEscapedLine(try Tool.run(arguments), containing: fragment)
    }
}
