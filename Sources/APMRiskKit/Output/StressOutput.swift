import Foundation

/// The output of `apmrisk stress`: the scenario comparison, the tornado, or the reverse stress result.
public enum StressOutput {
    case comparison(StressComparison)
    case sensitivity(Sensitivity)
    case reverse(ReverseStress)

    public func render(_ format: ReportFormat, model: RiskModel, record: RunRecord) -> String {
        switch format {
        case .table: return table(model: model, record: record)
        case .json: return json(model: model, record: record).serialized() + "\n"
        case .csv: return csv()
        }
    }

    // MARK: Table

    func table(model: RiskModel, record: RunRecord) -> String {
        var out = "\(model.name ?? record.modelFile) — \(model.contract.kind), \(record.trials.formatted()) trials, "
            + "same seed and blocks in every run (common random numbers)\n\n"
        switch self {
        case let .comparison(c):
            let shown: [RiskMetric] = [.lossProbability, .expectedMargin]
                + (c.base.settings.levels.contains(0.99) ? [.valueAtRisk(0.99), .tailValueAtRisk(0.99)]
                   : c.base.settings.levels.suffix(1).flatMap { [RiskMetric.valueAtRisk($0), .tailValueAtRisk($0)] })
            var header = ReportTable.pad("scenario", 30)
            for m in shown { header += ReportTable.lpad(m.description, 14) + ReportTable.lpad("change ± paired s.e.", 30) }
            out += header + "\n"
            var baseLine = ReportTable.pad("base", 30)
            for m in shown { baseLine += ReportTable.lpad(m.format(m.estimate(in: c.base.report).value), 14) + String(repeating: " ", count: 30) }
            out += baseLine + "\n"
            for r in c.results {
                var line = ReportTable.pad(String(r.scenario.name.prefix(29)), 30)
                for m in shown {
                    let ch = r.changes.first { $0.metric == m }!
                    line += ReportTable.lpad(m.format(ch.scenario), 14)
                        + ReportTable.lpad("\(signed(m, ch.change)) ± \(m.format(ch.pairedStandardError))", 30)
                }
                out += line + "\n"
            }
            out += "\nShocks:\n"
            for r in c.results { out += "  \(r.scenario.name): " + r.scenario.shocks.map(\.description).joined(separator: ", ") + "\n" }
            out += "\nPaired s.e.: batch means over \(StressComparison.batches) batches of the shared trials. "
                + "JSON and CSV carry every level and the unpaired s.e. for comparison.\n"
        case let .sensitivity(s):
            out += "Sensitivity of \(s.metric) (base \(s.metric.format(s.metric.estimate(in: s.base.report).value))), "
                + "largest swing first\n\n"
            let width = 40
            let maxSwing = s.rows.map(\.swing).max() ?? 0
            out += ReportTable.pad("parameter", 22) + ReportTable.lpad("down", 22) + ReportTable.lpad("up", 22)
                + ReportTable.lpad("swing", 14) + "\n"
            for r in s.rows {
                let bar = maxSwing > 0 ? String(repeating: "█", count: max(0, min(width, Int(saturating: r.swing / maxSwing * Double(width), rounding: .toNearestOrAwayFromZero)))) : ""
                out += ReportTable.pad(r.parameter, 22)
                    + ReportTable.lpad(s.metric.format(s.metric.estimate(in: r.downReport).value), 22)
                    + ReportTable.lpad(s.metric.format(s.metric.estimate(in: r.upReport).value), 22)
                    + ReportTable.lpad(s.metric.format(r.swing), 14) + "  " + bar + "\n"
            }
            out += "\nShocks (down / up):\n" + s.rows.map { "  \($0.down.description) / \($0.up.description)\n" }.joined()
        case let .reverse(r):
            out += "Reverse stress: \(r.metric) reaches \(r.metric.format(r.target)) at \(r.shock) = \(number(r.size))"
                + " ± \(number(r.standardError)) (delta-method s.e.)\n\n"
            out += "Metrics at \(r.shock) = \(number(r.size)):\n\n" + ReportTable.metrics(r.report, warnings: [])
        }
        out += "\n" + ReportTable.footer(record)
        return out
    }

    func signed(_ m: RiskMetric, _ v: Double) -> String {
        (v >= 0 ? "+" : "") + m.format(v).replacingOccurrences(of: "-", with: "−")
    }

    func number(_ v: Double) -> String { String(format: "%.6g", v) }

    // MARK: JSON

    static func change(_ ch: StressComparison.Change) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("metric", .string(ch.metric.name))]
        if let l = ch.metric.level { pairs.append(("level", .number(l))) }
        pairs += [("base", .number(ch.base)), ("scenario", .number(ch.scenario)), ("change", .number(ch.change)),
                  ("change_se_paired", .number(ch.pairedStandardError)),
                  ("change_se_unpaired", .number(ch.unpairedStandardError))]
        return .object(pairs)
    }

    func json(model: RiskModel, record: RunRecord) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("model", .string(model.name ?? "")), ("contract", .string(model.contract.kind))]
        switch self {
        case let .comparison(c):
            pairs.append(("base", ReportJSON.metrics(c.base.report)))
            pairs.append(("scenarios", .array(c.results.map { r in
                .object([("name", .string(r.scenario.name)),
                         ("shocks", .array(r.scenario.shocks.map { .string($0.description) })),
                         ("changes", .array(r.changes.map(Self.change))),
                         ("metrics", ReportJSON.metrics(r.report))])
            })))
        case let .sensitivity(s):
            pairs.append(("metric", .string(s.metric.name)))
            if let l = s.metric.level { pairs.append(("level", .number(l))) }
            pairs.append(("base", .number(s.metric.estimate(in: s.base.report).value)))
            pairs.append(("tornado", .array(s.rows.map { r in
                .object([("parameter", .string(r.parameter)), ("down_shock", .string(r.down.description)),
                         ("up_shock", .string(r.up.description)),
                         ("down", .number(s.metric.estimate(in: r.downReport).value)),
                         ("up", .number(s.metric.estimate(in: r.upReport).value)), ("swing", .number(r.swing))])
            })))
        case let .reverse(r):
            var o: [(String, JSONValue)] = [("shock", .string(r.shock)), ("metric", .string(r.metric.name))]
            if let l = r.metric.level { o.append(("level", .number(l))) }
            o += [("target", .number(r.target)), ("size", .number(r.size)), ("standard_error", .number(r.standardError)),
                  ("metrics", ReportJSON.metrics(r.report))]
            pairs.append(("reverse_stress", .object(o)))
        }
        pairs.append(("warnings", .array(model.warnings.map { .string($0) })))
        pairs.append(("run", record.json))
        return .object(pairs)
    }

    // MARK: CSV

    func csv() -> String {
        var rows: [String] = []
        func level(_ m: RiskMetric) -> String { m.level.map { "\($0)" } ?? "" }
        func quote(_ s: String) -> String { s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
        switch self {
        case let .comparison(c):
            rows.append("scenario,metric,level,value,change,change_se_paired,change_se_unpaired")
            for m in c.metrics { rows.append("base,\(m.name),\(level(m)),\(m.estimate(in: c.base.report).value),,,") }
            for r in c.results {
                for ch in r.changes {
                    rows.append("\(quote(r.scenario.name)),\(ch.metric.name),\(level(ch.metric)),\(ch.scenario),\(ch.change),"
                        + "\(ch.pairedStandardError),\(ch.unpairedStandardError)")
                }
            }
        case let .sensitivity(s):
            rows.append("parameter,down_shock,up_shock,metric,level,base,down,up,swing")
            let base = s.metric.estimate(in: s.base.report).value
            for r in s.rows {
                rows.append("\(r.parameter),\(r.down.description),\(r.up.description),\(s.metric.name),\(level(s.metric)),\(base),"
                    + "\(s.metric.estimate(in: r.downReport).value),\(s.metric.estimate(in: r.upReport).value),\(r.swing)")
            }
        case let .reverse(r):
            rows.append("shock,metric,level,target,size,standard_error")
            rows.append("\(r.shock),\(r.metric.name),\(level(r.metric)),\(r.target),\(r.size),\(r.standardError)")
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
