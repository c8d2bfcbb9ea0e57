import APMRiskKit
import ArgumentParser

/// `--format` of simulate, price and stress: the data formats APMOutput writes (`ReportFormat`), and `html`,
/// the self-contained report APMReport draws from the same result document the JSON holds (`apmrisk report`
/// renders a saved one), so `--format html` and `--format json` followed by `report` give the same page.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, html

    /// The APMOutput format, or nil for html.
    var data: ReportFormat? { ReportFormat(rawValue: rawValue) }

    /// The page for a result document, as one line of failure if it cannot be drawn.
    static func html(_ result: SavedResult) throws -> String {
        do {
            return try HTMLReport.render(result)
        } catch let error as HTMLReport.Unsupported {
            throw CommandFailure(message: error.description)
        }
    }

    /// `simulate`'s output in this format.
    func render(_ simulation: Simulation, record: RunRecord) throws -> String {
        guard let data else { return try Self.html(.simulate(SimulateResult(simulation, record: record))) }
        return data.render(simulation, record: record)
    }
}

extension PriceOutput {
    /// `price`'s output in `format`.
    func render(_ format: OutputFormat) throws -> String {
        guard let data = format.data else { return try OutputFormat.html(.price(PriceResult(self))) }
        return render(data)
    }
}

extension StressOutput {
    /// `stress`'s output in `format`.
    func render(_ format: OutputFormat, model: RiskModel, record: RunRecord) throws -> String {
        guard let data = format.data else { return try OutputFormat.html(.stress(StressResult(self, model: model, record: record))) }
        return render(data, model: model, record: record)
    }
}
