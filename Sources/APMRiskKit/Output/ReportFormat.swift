import Foundation

/// The output formats of `simulate`.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// Aligned text for people.
    case table
    /// Every metric with its error, and the run record.
    case json
    /// One row per metric, for spreadsheets.
    case csv

    public func render(_ simulation: Simulation, record: RunRecord) -> String {
        switch self {
        case .table: return ReportTable.render(simulation, record: record)
        case .json: return ResultJSON.text(SimulateResult(simulation, record: record)) + "\n"
        case .csv:
            var text = ReportCSV.render(simulation.report)
            if record.trialsRequested != record.trials || record.partial {
                text += "trials_requested,,\(record.trialsRequested),0,,\n"
                text += "partial,,\(record.partial ? 1 : 0),0,,\n"
            }
            if let reached = record.precisionReached { text += "precision_reached,,\(reached ? 1 : 0),0,,\n" }
            return text
        }
    }
}

/// Level names as people write them: 0.995 → "99.5".
func percentLabel(_ level: Double) -> String {
    let pct = (level * 1000).rounded() / 10
    return pct == pct.rounded() ? String(Int(pct)) : String(pct)
}
