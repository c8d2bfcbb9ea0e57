import APMRiskKit
import ArgumentParser

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a model file without running it, and print what apmrisk understood.",
        usage: "apmrisk validate <model>",
        discussion: """
        Prints each distribution with its implied mean and cv, and the contract terms. Exits with status 2 and \
        one line naming the field and the rule when the model is broken.

        Example:
          apmrisk validate Models/knee-replacement-bundle.yaml
        """
    )

    @Argument(help: "The model file (YAML).")
    var model: String

    func run() throws {
        if PortfolioLoader.isPortfolio(path: model) {
            // A portfolio: its shared factor and catastrophe, then each line as its model is described.
            let file = try PortfolioLoader.read(path: model)
            let p = file.portfolio
            var out = "\(p.name ?? model): portfolio of \(p.lines.count) lines\n"
            out += "  systematic factor Θ: " + (p.systematicFactor.map { ModelDescription.moments($0) } ?? "none") + "\n"
            out += "  catastrophe: " + (p.catastrophe.map { "probability \(Figure.number($0.probability)), costs × \(Figure.number($0.multiplier))" } ?? "none") + "\n"
            for line in p.lines {
                let loading = line.beta.map { "loads on Θ^\(Figure.number($0)); its own systematic factor, if any, is not used" } ?? "its own factor, if any"
                out += "\nline '\(line.name)' (\(line.source ?? "inline"); \(loading); streams salted by its name)\n"
                out += ModelDescription.render(line.model)
            }
            out += "\n\(file.scenarios.count) scenario\(file.scenarios.count == 1 ? "" : "s")"
                + file.scenarios.map { "\n  \($0.name): " + $0.shocks.map(\.description).joined(separator: ", ") }.joined() + "\n"
            return try Console.output(out)
        }
        let loaded = try ModelLoader.read(path: model)
        try Console.output(ModelDescription.render(loaded.model, scenarios: loaded.scenarios))
    }
}
