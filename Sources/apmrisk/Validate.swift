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
        let loaded = try ModelLoader.read(path: model)
        try Console.output(ModelDescription.render(loaded.model, scenarios: loaded.scenarios))
    }
}
