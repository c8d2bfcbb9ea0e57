import Foundation
import APMAnalysis
import APMBench
import APMEngine
import APMModel
import APMRisk

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
            var rows = ReportCSV.rows(simulation.report)
            if record.trialsRequested != record.trials || record.partial {
                rows.append([.text("trials_requested"), .empty, .integer(record.trialsRequested), .empty, .empty, .empty])
                rows.append([.text("partial"), .empty, .integer(record.partial ? 1 : 0), .empty, .empty, .empty])
            }
            if let reached = record.precisionReached {
                rows.append([.text("precision_reached"), .empty, .integer(reached ? 1 : 0), .empty, .empty, .empty])
            }
            return CSVWriter.document(metadata: ReportCSV.metadata(model: simulation.model, record: record, command: "simulate"),
                                      header: ReportCSV.columns, rows: rows)
        }
    }
}
