import APMRiskKit
import Foundation
import Glibc
import Synchronization

/// `--trials-out FILE`: every trial's record as CSV, written while the run goes, block by block in trial order —
///
///     trial,units,gross_cost,capped_cost,retained_cost,theta,quality:NAME…,component:NAME…,margin
///
/// — dollars for money (margin > 0 a gain; components add up to the margin), `theta` the trial's systematic
/// factor × trend × catastrophe multiplier, one `quality:` column per quality measure the contract reads (and,
/// for a risk-adjusted capitation, `exposure` Σ eⱼ and `scored_exposure` Σ Sⱼeⱼ after `theta`). Run
/// metadata comes first as `# key: value` lines. A regular file is written beside its target and renamed into
/// place when the run ends (an interrupted or failed run leaves no half-written file); a FIFO or device is
/// written as it goes. About 100–200 bytes a trial.
final class TrialsFile: @unchecked Sendable {
    private let fd: Int32
    private let temporary: String?
    private let target: String
    private let shown: String
    private let contract: Contract
    private let measures: Int
    /// Whether the exposure columns are written (a risk-adjusted capitation).
    private let exposures: Bool
    /// Whether a `weight` column (the trial's likelihood-ratio weight, importance sampling) ends each row.
    private let weighted: Bool
    /// Text waiting to be written (flushed every 1 MiB).
    private let pending = Mutex<String>("")

    /// Opens `path` (checked by `OutputDestination` against the command's inputs) for `model`'s trials.
    init(path: String, model: RiskModel, inputs: [String], metadata: [(String, String)], weighted: Bool = false) throws {
        self.weighted = weighted
        let destination = try OutputDestination(path: path, inputs: inputs)
        target = try destination.target(of: path)
        shown = path
        contract = model.contract
        measures = model.contract.readsQuality ? model.contract.quality.count : 0
        exposures = model.contract.riskAdjustment != nil
        var info = stat()
        if stat(target, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
            fd = open(target, O_WRONLY | O_CLOEXEC)
            temporary = nil
            guard fd >= 0 else { throw destination.failure(path, Console.reason(errno)) }
        } else {
            let name = target.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? "trials"
            let created = TemporaryFiles.create(OutputDestination.folder(of: target) + "/." + name + ".apmrisk-XXXXXX")
            guard created.fd >= 0 else { throw destination.failure(path, Console.reason(created.errno)) }
            fd = created.fd
            temporary = created.path
            _ = fchmod(fd, OutputDestination.newFileMode)
        }
        var header = ["trial", "units", "gross_cost", "capped_cost", "retained_cost", "theta"]
        if exposures { header += ["exposure", "scored_exposure"] }
        header += contract.quality.prefix(measures).map { "quality:" + $0.name }
        header += contract.componentNames.map { "component:" + $0 }
        header.append("margin")
        if weighted { header.append("weight") }
        try append(CSVWriter.document(metadata: metadata, header: header, rows: []))
    }

    /// Appends the rows of one merged block whose first trial has global index `first`.
    func add(_ slot: BlockSlot, first: Int) throws {
        var text = ""
        text.reserveCapacity(slot.count * 160)
        let columns = (0..<slot.componentCount).map { slot.component($0) }
        for t in 0..<slot.count {
            let r = slot.totals[t]
            text += String(first + t) + "," + String(r.units) + "," + CSVWriter.number(r.costs.gross) + ","
                + CSVWriter.number(r.costs.capped) + "," + CSVWriter.number(r.costs.retained) + "," + CSVWriter.number(r.theta)
            if exposures { text += "," + CSVWriter.number(r.exposure) + "," + CSVWriter.number(r.scoredExposure) }
            for q in 0..<measures { text += "," + CSVWriter.number(r.scores[q]) }
            for c in columns { text += "," + CSVWriter.number(c[t]) }
            text += "," + CSVWriter.number(slot.margins[t]) + (weighted ? "," + CSVWriter.number(r.weight) : "") + "\n"
        }
        try append(text)
    }

    private func append(_ text: String) throws {
        let full: String? = pending.withLock { p in
            p += text
            guard p.utf8.count >= 1 << 20 else { return nil }
            defer { p = "" }
            return p
        }
        if let full { try write(full) }
    }

    private func write(_ text: String) throws {
        if let code = Console.write(text, to: fd) { throw failure(code) }
    }

    /// Writes what is left and puts the file in place.
    func finish() throws {
        try write(pending.withLock { p in defer { p = "" }; return p })
        if let temporary {
            if fsync(fd) != 0 { throw failure(errno) }
            if close(fd) != 0 { throw failure(errno) }
            if let code = TemporaryFiles.commit(temporary, to: target) { throw CommandFailure(message: "--trials-out: \(shown): \(Console.reason(code))") }
        } else {
            close(fd)
        }
    }

    /// The `# key: value` lines known before the run: what the file is and how to read it.
    static func metadata(file: ModelFile, settings: RunSettings) -> [(String, String)] {
        [("command", "simulate --trials-out"), ("model", file.model.name ?? ""), ("contract", file.model.contract.kind),
         ("units", "money in \(ResultConventions.standard.money)"), ("sign_convention", ResultConventions.signConvention),
         ("components", "the component: columns add up to margin"),
         ("model_file", file.path), ("model_sha256", file.sha256), ("seed", String(settings.seed)),
         ("trials_requested", String(settings.trials)), ("generator", settings.generator.name),
         ("stream_version", String(StreamKey.version)), ("apmrisk_version", Simulation.version)]
    }

    /// Removes the temporary file (a failed or interrupted run).
    func abandon() {
        close(fd)
        if let temporary { TemporaryFiles.discard(temporary) }
    }

    private func failure(_ code: Int32) -> CommandFailure {
        abandon()
        return CommandFailure(message: "--trials-out: \(shown): \(Console.reason(code))")
    }
}
