import APMRiskKit
import ArgumentParser

/// What one option's value must be: its name, as errors show it, and how its text becomes a value.
///
/// Every option whose value the tool checks has one (`OptionRules.swift`), and its property is a
/// `Checked<ThatRule>`, so a bad value of any option is reported the same way: one line naming the option and the
/// rule it broke (`apmrisk: error: --threads: must be a whole number greater than 0, got '-1'`), exit status 2,
/// no usage. ArgumentParser never judges the text itself — its own "The value … is invalid" message, with usage,
/// cannot occur for these options.
protocol OptionRule {
    associatedtype Value
    /// The option as written on the command line, e.g. `--trials`.
    static var option: String { get }
    /// The value `text` spells; throws `RuleBroken` with the rule in words.
    static func parse(_ text: String) throws -> Value
    /// Every value the option takes, for help and completion, when it is one of a few words.
    static var allValueStrings: [String] { get }
}

extension OptionRule {
    static var allValueStrings: [String] { [] }
}

/// A rule an option value broke, in words, without the option's name (`Checked` adds it): "must be a whole
/// number greater than 0, got '-1'".
struct RuleBroken: Error {
    let rule: String
    init(_ rule: String) { self.rule = rule }
}

/// An option value as typed, with the value it spells or the rule it broke.
///
/// ArgumentParser always accepts the text (`init(argument:)` cannot fail); the command's `validate()` calls
/// `value()` on each, which throws the broken rule as a `ModelError` whose field is the option. ArgumentParser
/// passes an error thrown by `validate()` on with its description as the message (`APMRisk.main` prints it as
/// the one error line), so a bad value is caught before the model file is even read.
struct Checked<Rule: OptionRule>: ExpressibleByArgument {
    /// The text as given on the command line.
    let text: String
    private let parsed: Result<Rule.Value, RuleBroken>

    init(argument: String) {
        text = argument
        do {
            parsed = .success(try Rule.parse(argument))
        } catch let broken as RuleBroken {
            parsed = .failure(broken)
        } catch {
            parsed = .failure(RuleBroken("\(error)"))
        }
    }

    /// The value, or the one-line error naming the option and the rule its text broke.
    func value() throws -> Rule.Value {
        switch parsed {
        case let .success(v): return v
        case let .failure(broken): throw ModelError(field: Rule.option, rule: broken.rule)
        }
    }

    /// `then` applied to the value — a further rule that needs another option, e.g. a grid of rates — with its
    /// broken rule, too, reported as this option's.
    func value<T>(_ then: (Rule.Value) throws -> T) throws -> T {
        do {
            return try then(try value())
        } catch let broken as RuleBroken {
            throw ModelError(field: Rule.option, rule: broken.rule)
        }
    }

    static var allValueStrings: [String] { Rule.allValueStrings }

    var defaultValueDescription: String { text }
}

extension Array {
    /// The values of a repeatable option, each checked, at most `CommandLineValues.maxRepeats` of them.
    func values<Rule: OptionRule>() throws -> [Rule.Value] where Element == Checked<Rule> {
        try CommandLineValues.checkRepeats(self, option: Rule.option)
        return try map { try $0.value() }
    }
}
