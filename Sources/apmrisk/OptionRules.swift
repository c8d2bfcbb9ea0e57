import APMRiskKit

// The rule of every option value the tool checks, in one place. Each names its option and turns the text into a
// value or throws the rule it broke; `Checked` makes that one line: `--option: rule, got 'text'`. Rules that need
// the model (a shock that does not fit it, a sensitivity step it has no parameter for) are checked once it is read,
// with the same kind of line.

private typealias V = CommandLineValues

// MARK: simulate, price and stress (RunOptions)

enum TrialsOption: OptionRule {
    static let option = "--trials"
    static func parse(_ text: String) throws -> Int { try V.count(text) }
}

enum SeedOption: OptionRule {
    static let option = "--seed"
    static func parse(_ text: String) throws -> UInt64 { try V.seed(text) }
}

enum ThreadsOption: OptionRule {
    static let option = "--threads"
    static func parse(_ text: String) throws -> Int { try V.count(text, maximum: ModelLimits.maxThreads) }
}

enum GeneratorOption: OptionRule {
    static let option = "--rng"
    static func parse(_ text: String) throws -> Generator {
        switch Generator.forSimulation(named: text) {
        case let .success(g): return g
        case let .failure(e): throw RuleBroken(e.rule)
        }
    }
}

enum LevelsOption: OptionRule {
    static let option = "--levels"
    static func parse(_ text: String) throws -> [Double] {
        let parts = V.parts(text, ",")
        guard parts.count <= ModelLimits.maxLevels else {
            throw RuleBroken("at most \(ModelLimits.maxLevels) levels, got \(parts.count)")
        }
        return try parts.map { part in
            guard let v = try V.finite(part), v > 0, v < 1 else {
                throw RuleBroken("each level must be a number strictly between 0 and 1, got \(MessageText.quoted(part))")
            }
            return v
        }
    }
}

enum FormatOption: OptionRule {
    static let option = "--format"
    static let allValueStrings = OutputFormat.allCases.map(\.rawValue)
    static func parse(_ text: String) throws -> OutputFormat {
        guard let f = OutputFormat(rawValue: text) else {
            throw RuleBroken("must be table, json, csv or html, got \(MessageText.quoted(text))")
        }
        return f
    }
}

// MARK: simulate

enum PrecisionOption: OptionRule {
    static let option = "--precision"
    /// `METRIC=VALUE` (absolute standard error) or `METRIC=VALUE%` (relative to the metric's value).
    static func parse(_ text: String) throws -> PrecisionTarget {
        guard let (name, value) = V.nameValue(text), let metric = RiskMetric(name) else {
            throw RuleBroken("must be METRIC=VALUE with METRIC loss_probability, expected_margin, var:LEVEL or tvar:LEVEL "
                + "(tvar99 works too), got \(MessageText.quoted(text))")
        }
        let v = value.trimmingCharacters(in: .whitespaces)
        if v.hasSuffix("%") {
            guard let x = try V.finite(v.dropLast()), x > 0 else {
                throw RuleBroken("the relative standard error must be a percentage greater than 0, got \(MessageText.quoted(v))")
            }
            return PrecisionTarget(metric: metric, relative: x / 100)
        }
        guard let x = try V.finite(v), x > 0 else {
            throw RuleBroken("the standard error must be a number greater than 0, got \(MessageText.quoted(v))")
        }
        return PrecisionTarget(metric: metric, absolute: x)
    }
}

enum MaxTrialsOption: OptionRule {
    static let option = "--max-trials"
    static func parse(_ text: String) throws -> Int { try V.count(text) }
}

/// `--shard i/n`: shard i (0 ≤ i < n, counting from 0 like `SLURM_ARRAY_TASK_ID`) of n.
enum ShardOption: OptionRule {
    static let option = "--shard"
    static func parse(_ text: String) throws -> Shard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 1_000_000, i >= 0, i < n else {
            throw RuleBroken("must be I/N, shard I of N, with N from 1 to 1,000,000 and I from 0 to N - 1 "
                + "(counted from 0, like SLURM_ARRAY_TASK_ID), got \(MessageText.quoted(text))")
        }
        return Shard(index: i, count: n)
    }
}

// MARK: price

enum SolveOption: OptionRule {
    static let option = "--solve"
    /// The price-like term of each preset, for completion; any term of the model's contract is accepted here and
    /// checked against the contract once the model is read (`PriceField.resolve`).
    static let allValueStrings = ["price", "pmpm", "benchmark", "budget", "target_price", "withhold", "savings_rate",
                                  "loss_rate", "outlier_cap", "attachment"]
    /// A term, or LINE:TERM for a portfolio line (the line's name is checked once the portfolio is read).
    static func parse(_ text: String) throws -> String {
        let term = text.lastIndex(of: ":").map { text.index(after: $0) }.map { String(text[$0...]) } ?? text
        guard !term.isEmpty, term.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
            throw RuleBroken("must be a term of the model's contract by its model-file name (price, pmpm, benchmark, "
                + "budget, withhold, …), got \(MessageText.quoted(text))")
        }
        return text
    }
}

enum MaxLossProbabilityOption: OptionRule {
    static let option = "--max-loss-probability"
    static func parse(_ text: String) throws -> RiskTarget {
        let rule = "must be a probability from 0 up to (not including) 1"
        let p = try V.number(text, else: rule)
        guard p >= 0 && p < 1 else { throw RuleBroken("\(rule), got \(MessageText.quoted(text))") }
        return .maxLossProbability(p)
    }
}

enum TargetMarginOption: OptionRule {
    static let option = "--target-margin"
    /// `X` dollars or `X%` of revenue.
    static func parse(_ text: String) throws -> RiskTarget {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("%"), let v = try V.finite(t.dropLast()) { return .minExpectedMargin(v / 100, ofRevenue: true) }
        let v = try V.number(t, else: "must be dollars (250000) or a share of revenue (3%)")
        return .minExpectedMargin(v, ofRevenue: false)
    }
}

enum MaxTVaROption: OptionRule {
    static let option = "--max-tvar"
    static func parse(_ text: String) throws -> RiskTarget {
        let (level, amount) = try levelAmount(text, example: "0.99:500000")
        return .maxTailValueAtRisk(level: level, amount: amount)
    }
}

enum MaxVaROption: OptionRule {
    static let option = "--max-var"
    static func parse(_ text: String) throws -> RiskTarget {
        let (level, amount) = try levelAmount(text, example: "0.995:250000")
        return .maxValueAtRisk(level: level, amount: amount)
    }
}

/// `LEVEL:AMOUNT`, e.g. `0.99:500000`.
private func levelAmount(_ text: String, example: String) throws -> (Double, Double) {
    let parts = V.parts(text, ":")
    guard parts.count == 2, let level = try V.finite(parts[0]), let amount = try V.finite(parts[1]) else {
        throw RuleBroken("must be LEVEL:AMOUNT, e.g. \(example), got \(MessageText.quoted(text))")
    }
    guard level > 0 && level < 1 else {
        throw RuleBroken("the level must be strictly between 0 and 1, got \(MessageText.quoted(parts[0]))")
    }
    return (level, amount)
}

/// `FROM:TO:STEP` of `--grid`.
struct GridSpan {
    let from, to, step: Double
    let text: String

    /// The values, for a rate (within 0 and 1) or a price (above 0).
    func values(isRate: Bool) throws -> [Double] {
        if isRate {
            guard from >= 0 && to <= 1 else {
                throw RuleBroken("a rate grid must lie within 0 and 1, got \(MessageText.quoted(text))")
            }
        } else {
            guard from > 0 else { throw RuleBroken("FROM must be greater than 0, got \(MessageText.quoted(text))") }
        }
        return PriceGrid.values(from: from, to: to, step: step)
    }
}

enum GridOption: OptionRule {
    static let option = "--grid"
    /// FROM ≤ TO, STEP > 0, at most `PriceGrid.maxValues` values.
    static func parse(_ text: String) throws -> GridSpan {
        let parts = try V.parts(text, ":").map { try V.finite($0) }
        guard parts.count == 3, let from = parts[0], let to = parts[1], let step = parts[2] else {
            throw RuleBroken("must be FROM:TO:STEP, e.g. 22000:26000:500, got \(MessageText.quoted(text))")
        }
        guard step > 0 else { throw RuleBroken("STEP must be greater than 0, got \(MessageText.quoted(text))") }
        guard from <= to else { throw RuleBroken("FROM must not exceed TO, got \(MessageText.quoted(text))") }
        guard (to - from) / step < Double(PriceGrid.maxValues) else {
            throw RuleBroken("may have at most \(PriceGrid.maxValues.formatted()) values, got \(MessageText.quoted(text))")
        }
        return GridSpan(from: from, to: to, step: step, text: text)
    }
}

// MARK: stress

enum ShockOption: OptionRule {
    static let option = "--shock"
    /// `NAME=VALUE`, or `catastrophe=PROBABILITY:MULTIPLIER`.
    /// `NAME=VALUE`, or `LINE:NAME=VALUE` for one line of a portfolio (the line is checked once the portfolio is
    /// read; `portfolioShock` keeps it).
    static func parse(_ text: String) throws -> Shock { try portfolioShock(text).shock }

    static func portfolioShock(_ text: String) throws -> PortfolioShock {
        let equals = text.firstIndex(of: "=") ?? text.endIndex
        let colon = text[..<equals].lastIndex(of: ":")
        let line = colon.map { String(text[..<$0]) }
        if let line, line.isEmpty { throw RuleBroken("a line prefix must name a line, LINE:NAME=VALUE, got \(MessageText.quoted(text))") }
        return PortfolioShock(line: line, shock: try shock(colon.map { String(text[text.index(after: $0)...]) } ?? text))
    }

    static func shock(_ text: String) throws -> Shock {
        guard let (name, value) = V.nameValue(text) else {
            throw RuleBroken("must be NAME=VALUE, e.g. trend=0.05, got \(MessageText.quoted(text))")
        }
        guard Shock.names.contains(name) else {
            let hint = Suggestion.nearestName(to: name, among: Shock.names).map { "; did you mean '\($0)'?" } ?? ""
            throw RuleBroken("unknown shock \(MessageText.quoted(name))\(hint)")
        }
        if name == "catastrophe" {
            let v = try V.parts(value, ":").map { try V.finite($0) }
            guard v.count == 2, let p = v[0], let m = v[1] else {
                throw RuleBroken("catastrophe must be PROBABILITY:MULTIPLIER, e.g. catastrophe=0.05:1.3, got \(MessageText.quoted(value))")
            }
            return .catastrophe(probability: p, multiplier: m)
        }
        let size = try V.number(value, else: "\(name) must be a number")
        return Shock.named(name, size: size)!
    }
}

enum MetricOption: OptionRule {
    static let option = "--metric"
    static func parse(_ text: String) throws -> RiskMetric { try metric(text) }
}

/// `expected_margin`, `loss_probability`, `var:LEVEL` or `tvar:LEVEL`.
private func metric(_ text: String) throws -> RiskMetric {
    guard let m = RiskMetric(text) else {
        throw RuleBroken("must be expected_margin, loss_probability, var:LEVEL or tvar:LEVEL, got \(MessageText.quoted(text))")
    }
    return m
}

enum StepOption: OptionRule {
    static let option = "--step"
    /// `NAME=SIZE` with 0 < SIZE < 1; whether the model has that parameter is checked once it is read.
    static func parse(_ text: String) throws -> (name: String, size: Double) {
        guard let (name, value) = V.nameValue(text), let v = try V.finite(value), v > 0, v < 1 else {
            throw RuleBroken("must be NAME=SIZE with 0 < SIZE < 1, got \(MessageText.quoted(text))")
        }
        return (name, v)
    }
}

enum BreakOption: OptionRule {
    static let option = "--break"
    /// `METRIC=VALUE`, e.g. `expected_margin=0`.
    static func parse(_ text: String) throws -> (metric: RiskMetric, target: Double) {
        guard let (name, value) = V.nameValue(text), let target = try V.finite(value) else {
            throw RuleBroken("must be METRIC=VALUE, e.g. expected_margin=0, got \(MessageText.quoted(text))")
        }
        return (try metric(name), target)
    }
}

enum AlongOption: OptionRule {
    static let option = "--along"
    /// A shock of one size (not a catastrophe, which takes two).
    static func parse(_ text: String) throws -> String {
        guard text != "catastrophe", Shock.named(text, size: 1) != nil else {
            throw RuleBroken("must be one of trend, severity, frequency, volume, add_on_probability, "
                + "lognormal_cv, pareto_shape, quality_mean or a contract term, got \(MessageText.quoted(text))")
        }
        return text
    }
}

enum RangeOption: OptionRule {
    static let option = "--range"
    /// `LO:HI`, two different numbers.
    static func parse(_ text: String) throws -> (Double, Double) {
        let r = try V.parts(text, ":").map { try V.finite($0) }
        guard r.count == 2, let lo = r[0], let hi = r[1], lo != hi else {
            throw RuleBroken("must be LO:HI with two different numbers, e.g. 0:0.5, got \(MessageText.quoted(text))")
        }
        return (lo, hi)
    }
}

// MARK: bench

enum SecondsOption: OptionRule {
    static let option = "--seconds"
    /// The longest measurement `--seconds` may ask for (one hour).
    static let maxSeconds = 3_600.0
    static func parse(_ text: String) throws -> Double {
        let s = try V.number(text, else: "must be a number of seconds greater than 0")
        guard s > 0 else { throw RuleBroken("must be greater than 0, got \(MessageText.quoted(text))") }
        guard s <= maxSeconds else {
            throw RuleBroken("must be at most \(Int(maxSeconds).formatted()) (one hour), got \(MessageText.quoted(text))")
        }
        return s
    }
}

enum ThreadListOption: OptionRule {
    static let option = "--threads"
    /// Thread counts, comma-separated: at most 100, each from 1 to `ModelLimits.maxThreads`.
    static func parse(_ text: String) throws -> [Int] {
        let parts = V.parts(text, ",")
        try V.checkListLength(parts)
        return try parts.map {
            guard let w = try V.exactWhole($0), !w.negative, !w.isZero else {
                throw RuleBroken("must list whole numbers greater than 0, got \(MessageText.quoted(text))")
            }
            guard let t = w.magnitude, t <= UInt64(ModelLimits.maxThreads) else {
                throw RuleBroken("each count must be at most \(ModelLimits.maxThreads.formatted()), got \(MessageText.quoted($0))")
            }
            return Int(t)
        }
    }
}

// MARK: fit

enum FamiliesOption: OptionRule {
    static let option = "--families"
    /// Cost families, comma-separated, each named once.
    static func parse(_ text: String) throws -> [CostFamily] {
        let parts = V.parts(text, ",")
        let names = CostFamily.allCases.map(\.rawValue).joined(separator: ", ")
        var out: [CostFamily] = []
        for p in parts {
            guard let f = CostFamily(rawValue: String(p)) else {
                throw RuleBroken("must list families among \(names), got \(MessageText.quoted(p))")
            }
            guard !out.contains(f) else { throw RuleBroken("names \(p) twice") }
            out.append(f)
        }
        return out
    }
}

enum BootstrapOption: OptionRule {
    static let option = "--bootstrap"
    /// Parametric bootstrap replicates: 19 (p-values in steps of 0.05) to 100,000.
    static func parse(_ text: String) throws -> Int {
        let b = try V.count(text)
        guard b >= 19 && b <= 100_000 else {
            throw RuleBroken("must be from 19 to 100,000 replicates, got \(MessageText.quoted(text))")
        }
        return b
    }
}

enum ThresholdOption: OptionRule {
    static let option = "--pareto-threshold"
    static func parse(_ text: String) throws -> Double {
        let u = try V.number(text, else: "must be a cost in dollars greater than 0")
        guard u > 0 else { throw RuleBroken("must be greater than 0, got \(MessageText.quoted(text))") }
        return u
    }
}
