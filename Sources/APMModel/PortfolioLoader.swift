import Foundation
import Yams
import APMAnalysis
import APMContracts
import APMEngine
import APMSampling
import APMSupport

/// A portfolio file as read once: its path, the validated portfolio, the SHA-256 of its bytes and its text,
/// and the model files its lines were read from (each read once too, with its own SHA-256).
public struct PortfolioFile: Sendable {
    public let path: String
    public var portfolio: Portfolio
    public let sha256: String
    public var text: String
    /// The model files of the lines given by reference, in line order: (path as resolved, SHA-256).
    public var lineFiles: [(line: String, path: String, sha256: String)]
    /// The file's named stress scenarios, in file order.
    public var scenarios: [PortfolioScenario] = []
}

/// Reads a portfolio file (payment-designs.md §7):
///
///     name: …                                   # optional
///     description: …                            # optional
///     run: {trials, seed, generator, levels}    # optional, as in a model file
///     portfolio:
///       systematic_factor: <cost distribution>  # optional shared Θ
///       catastrophe: {probability: p, multiplier: m}   # optional shared catastrophe
///       lines:
///         - name: knee                          # unique; keys the line's random streams
///           model: knee-replacement-bundle.yaml # a model file, relative to this file …
///           beta: 1                             # optional: load on the shared Θ as Θ^beta (beta ≥ 0)
///         - name: panel                         # … or inline: a model file's cost / systematic_factor / contract
///           cost: …
///           contract: …
///
/// A line with `beta` loads on the portfolio's Θ and its model's own `systematic_factor`, if any, is not
/// used; a line without `beta` keeps its own factor (drawn from its own streams, independent of Θ). Errors are
/// one `ModelError` naming the file, the field path and the rule: a missing line file, a circular reference
/// (a line's model that is a portfolio leading back here), a duplicate line name, an empty `lines` list.
public enum PortfolioLoader {
    package static let topKeys = ["name", "description", "run", "portfolio", "scenarios"]
    package static let portfolioKeys = ["systematic_factor", "catastrophe", "lines"]
    package static let lineKeys = ["name", "model", "beta", "description", "cost", "systematic_factor", "contract"]
    /// The most lines a portfolio may hold.
    public static let maxLines = 64

    /// Whether the file at `path` is a portfolio file: YAML whose top level is a mapping with a `portfolio`
    /// key. Anything unreadable is not (the model reader then reports why).
    public static func isPortfolio(path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { return false }
        return isPortfolio(text: text)
    }

    static func isPortfolio(text: String) -> Bool {
        guard (try? YAMLExpansion.check(text, file: nil)) != nil,
              case let .mapping(m)? = try? Yams.compose(yaml: text) else { return false }
        return m.keys.contains { $0.string == "portfolio" }
    }

    /// Reads the portfolio file at `path` once, and its lines' model files, and validates them.
    public static func read(path: String) throws -> PortfolioFile {
        let (data, text) = try contents(path)
        var lineFiles: [(line: String, path: String, sha256: String)] = []
        let portfolio = try parse(text, file: path, lineFiles: &lineFiles)
        let top = try root(text, file: path).mapping(allowed: topKeys)
        var scenarios: [PortfolioScenario] = []
        if let f = top.optional("scenarios") {
            let items = try f.list()
            guard items.count <= ModelLimits.maxScenarios else {
                throw f.error("has \(items.count) scenarios; the limit is \(ModelLimits.maxScenarios)")
            }
            scenarios = try items.map { try scenario($0, base: portfolio) }
        }
        return PortfolioFile(path: path, portfolio: portfolio, sha256: SHA256.hex(data), text: text, lineFiles: lineFiles,
                             scenarios: scenarios)
    }

    /// Validates portfolio text; `file` names it in errors and line files are resolved relative to its folder
    /// (the working directory without one).
    public static func parse(_ text: String, file: String? = nil) throws -> Portfolio {
        var ignored: [(line: String, path: String, sha256: String)] = []
        return try parse(text, file: file, lineFiles: &ignored)
    }

    private static func parse(_ text: String, file: String?,
                              lineFiles: inout [(line: String, path: String, sha256: String)]) throws -> Portfolio {
        let top = try root(text, file: file).mapping(allowed: topKeys)
        let section = try top.required("portfolio").mapping(allowed: portfolioKeys)
        var distributions = DistributionReader()
        let factor = try section.optional("systematic_factor").map { try distributions.cost($0) }
        var catastrophe: Catastrophe?
        if let f = section.optional("catastrophe") {
            let c = try f.mapping(allowed: ["probability", "multiplier"])
            catastrophe = Catastrophe(probability: try c.required("probability").probability(),
                                      multiplier: try c.required("multiplier").positive())
        }
        let linesField = try section.required("lines")
        let items = try linesField.list()
        guard !items.isEmpty else { throw linesField.error("must list at least one line") }
        guard items.count <= maxLines else { throw linesField.error("has \(items.count) lines; the limit is \(maxLines)") }
        let folder = file.map { ($0 as NSString).deletingLastPathComponent } ?? ""
        var lines: [PortfolioLine] = []
        var seen: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            let s = try item.mapping(allowed: lineKeys)
            let nameField = try s.required("name")
            let name = try nameField.string()
            guard !name.isEmpty, !name.contains(":"), !name.contains("="), name.count <= 80 else {
                throw nameField.error("must be a non-empty name of at most 80 characters without ':' or '=', got "
                    + MessageText.quoted(name))
            }
            if let j = seen[name] {
                throw nameField.error("duplicate line name \(MessageText.quoted(name)) (also lines[\(j)]); each line needs its own name")
            }
            seen[name] = i
            let beta = try s.optional("beta").map { try $0.nonNegative() }
            if let b = s.optional("beta"), factor == nil {
                throw b.error("needs the portfolio's systematic_factor to load on; add portfolio.systematic_factor or remove beta")
            }
            var model: RiskModel
            var source: String?
            if let m = s.optional("model") {
                for key in ["cost", "systematic_factor", "contract", "description"] where s.has(key) {
                    throw try s.required(key).error("a line given by 'model' takes its \(key) from that file; remove one of them")
                }
                let written = try m.string()
                let resolved = resolve(written, in: folder)
                try checkReference(resolved, written: written, from: file, folder: folder, field: m)
                let read = try ModelLoader.read(path: resolved)
                model = read.model
                source = resolved
                lineFiles.append((name, resolved, read.sha256))
            } else {
                if beta != nil, let f = s.optional("systematic_factor") {
                    throw f.error("a line loads on the portfolio's Θ (beta) or has its own systematic_factor, not both")
                }
                model = try ModelLoader.model(s, file: file)
            }
            if beta != nil { try checkQualityLoading(model, factor, item) }
            model.run = RunSettings()
            lines.append(PortfolioLine(name: name, model: model, beta: beta, source: source))
        }
        let run = try top.optional("run").map(ModelLoader.runSettings) ?? RunSettings()
        var warnings = distributions.warnings
        for line in lines { warnings += line.model.warnings.map { "\(line.name): \($0)" } }
        return Portfolio(name: try top.optional("name")?.string(), description: try top.optional("description")?.string(),
                         systematicFactor: factor, catastrophe: catastrophe, lines: lines, run: run, warnings: warnings)
    }

    /// One scenario of a portfolio file: `{name, shocks: {trend: 0.05, aco:loss_rate: 0.5, …}}`, a shock key
    /// `LINE:NAME` for one line, `NAME` for every line (a catastrophe without a line: the shared one). Applied
    /// when read, so an unknown line or a shock a line refuses is an error of the file, with its path.
    static func scenario(_ field: Field, base: Portfolio) throws -> PortfolioScenario {
        let s = try field.mapping(allowed: ["name", "shocks"])
        let name = try s.required("name").string()
        let shocksField = try s.required("shocks")
        guard case let .mapping(m) = shocksField.node else {
            throw shocksField.error("must be a mapping of shocks, got \(shocksField.kindDescription)")
        }
        guard !m.isEmpty else { throw shocksField.error("must list at least one shock") }
        var shocks: [PortfolioShock] = []
        for (k, v) in m {
            let key = (try? Field(node: k, path: shocksField.path, file: field.file).string()) ?? ""
            let f = shocksField.child(key, v)
            let colon = key.lastIndex(of: ":")
            let line = colon.map { String(key[..<$0]) }
            let shockName = colon.map { String(key[key.index(after: $0)...]) } ?? key
            if let line, !base.lineNames.contains(line) {
                throw f.error("unknown line \(MessageText.quoted(line)) in a shock (lines: \(base.lineNames.joined(separator: ", ")))")
            }
            guard Shock.names.contains(shockName) else {
                let hint = Suggestion.nearest(to: shockName, among: Shock.names).map { "; did you mean '\($0)'?" } ?? ""
                throw f.error("unknown shock \(MessageText.quoted(shockName))\(hint)")
            }
            let shock = PortfolioShock(line: line, shock: try ScenarioReader.shock(shockName, f))
            if case let .failure(e) = PortfolioScenario(name: name, shocks: [shock]).apply(to: base) { throw f.error(e.rule) }
            shocks.append(shock)
        }
        let scenario = PortfolioScenario(name: name, shocks: shocks)
        if case let .failure(e) = scenario.apply(to: base) { throw shocksField.error(e.description) }
        return scenario
    }

    /// A quality measure that loads on Θ reads the normal score of the portfolio's Θ when its line loads on it.
    private static func checkQualityLoading(_ model: RiskModel, _ factor: CostDistribution?, _ item: Field) throws {
        guard model.contract.quality.contains(where: { $0.systematicCorrelation != 0 }) else { return }
        guard case let .continuous(d)? = factor, d.normalScore(d.mean) != nil else {
            throw item.error("a quality measure of this line loads on the systematic factor, and the portfolio's "
                + "systematic_factor has no normal score (use a lognormal, gamma or normal factor)")
        }
    }

    /// `path` as written in a portfolio file in `folder` (the portfolio file's folder as its path was given):
    /// relative paths stay relative to the working directory, so results name files as the user did.
    private static func resolve(_ path: String, in folder: String) -> String {
        path.hasPrefix("/") || folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
    }

    /// The absolute, standardised form of `path`, for comparing files along a chain of references.
    private static func canonical(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// Refuses a line file that is missing or is itself a portfolio: naming the loop when it leads back to
    /// `file` (or to any portfolio on the way), else saying that portfolios do not nest.
    private static func checkReference(_ path: String, written: String, from file: String?, folder: String,
                                       field: Field) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
            throw field.error("model file \(MessageText.quoted(written)) does not exist (a line's model is resolved "
                + "relative to the portfolio file's folder)")
        }
        guard isPortfolio(path: path) else { return }
        let origin = file.map(canonical)
        if let loop = cycle(from: canonical(path), chain: [origin].compactMap { $0 }) {
            let base = canonical(folder.isEmpty ? "." : folder) + "/"
            let shown = loop.map { MessageText.quoted($0.hasPrefix(base) ? String($0.dropFirst(base.count)) : $0) }
            throw field.error("circular reference: \(shown.joined(separator: " → ")); a line's model must be a single model file")
        }
        throw field.error("model file \(MessageText.quoted(written)) is a portfolio; a line's model must be a single "
            + "model file (portfolios do not nest: list its lines here)")
    }

    /// The first loop reached from the portfolio at `path`, following its lines' model files, as the chain of
    /// files ending where it began; nil when there is none.
    private static func cycle(from path: String, chain: [String]) -> [String]? {
        if let start = chain.firstIndex(of: path) { return Array(chain[start...]) + [path] }
        guard chain.count < 32, let (_, text) = try? contents(path), isPortfolio(text: text),
              case let .mapping(top)? = try? Yams.compose(yaml: text),
              case let .mapping(section)? = top["portfolio"], case let .sequence(lines)? = section["lines"]
        else { return nil }
        let folder = (path as NSString).deletingLastPathComponent
        for case let .mapping(line) in lines {
            guard let model = line["model"]?.string else { continue }
            let next = canonical(resolve(model, in: folder))
            if isPortfolio(path: next), let loop = cycle(from: next, chain: chain + [path]) { return loop }
        }
        return nil
    }

    private static func contents(_ path: String) throws -> (Data, String) {
        try ModelLoader.contents(path, kind: "portfolio file")
    }

    private static func root(_ text: String, file: String?) throws -> Field {
        try YAMLExpansion.check(text, file: file)
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ModelError(file: file, field: "", rule: "portfolio file is empty")
            }
            return Field(node: node, path: "", file: file)
        } catch let error as YamlError {
            throw ModelLoader.syntaxError(error, file: file)
        }
    }
}
