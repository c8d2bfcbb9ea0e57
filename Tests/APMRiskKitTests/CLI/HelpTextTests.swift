import Foundation
import Testing
@testable import APMRiskKit

/// Help fits an 80-column terminal: no line is longer, and wrapping never cuts a word or an example command.
@Suite(.serialized) struct HelpTextTests {
    static let commands = [[], ["simulate"], ["price"], ["stress"], ["exact"], ["bench"], ["validate"]]

    func help(_ command: [String], columns: Int) throws -> String {
        let r = try Tool.run(["help"] + command, environment: ["COLUMNS": String(columns)])
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    @Test(arguments: HelpTextTests.commands)
    func everyLineFitsEightyColumns(command: [String]) throws {
        let text = try help(command, columns: 80)
        #expect(text.contains("OVERVIEW:"))
        for line in text.split(separator: "\n") {
            #expect(line.count <= 80, "\(line.count) columns: \(line)")
        }
    }

    /// The overview and discussion are filled, not broken where the source happened to break: a line of a
    /// paragraph ends early only when the next word would not fit (ArgumentParser leaves the 80th column free).
    @Test(arguments: HelpTextTests.commands)
    func paragraphsAreFilled(command: [String]) throws {
        let text = try help(command, columns: 80)
        let prose = text.components(separatedBy: "\nUSAGE:").first ?? ""
        let lines = prose.split(separator: "\n", omittingEmptySubsequences: false)
        for (line, next) in zip(lines, lines.dropFirst())
        where !line.isEmpty && !next.isEmpty && !line.hasPrefix(" ") && !next.hasPrefix(" ") {
            let nextWord = next.split(separator: " ").first ?? ""
            #expect(line.count + 1 + nextWord.count > 79, "a paragraph broken early: '\(line)' / '\(next)'")
        }
    }

    /// The same words, in the same order, at 80 columns as on a wide terminal: a line was only ever broken
    /// between words.
    @Test(arguments: HelpTextTests.commands)
    func wrappingCutsNoWord(command: [String]) throws {
        let narrow = try help(command, columns: 80), wide = try help(command, columns: 400)
        #expect(narrow.split(whereSeparator: \.isWhitespace) == wide.split(whereSeparator: \.isWhitespace))
    }

    /// Every example is a whole command, continued with a backslash where it does not fit one line.
    @Test(arguments: HelpTextTests.commands)
    func examplesAreWholeCommands(command: [String]) throws {
        let lines = try help(command, columns: 80).split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() where line.hasPrefix("      --") {
            #expect(lines[i - 1].hasSuffix(" \\"), "a continued example without its backslash: \(lines[i - 1])")
        }
        for (i, line) in lines.enumerated() where line.hasSuffix(" \\") {
            #expect(lines[i + 1].hasPrefix("      "), "a continuation line not indented: \(lines[i + 1])")
        }
    }
}
