import Foundation
import APMAnalysis
import APMEngine
import APMModel
import APMSampling
import APMSupport

/// `apmrisk merge`: the shards of one run (`ShardFile`), in any order, merged into the run's `Simulation` and run
/// record — bit for bit those of `apmrisk simulate` with the same options, but for the record's timing (`threads`:
/// the shards' threads summed; `elapsed_seconds`: their simulation seconds summed; and so `trials_per_second`).
///
/// Every shard is read twice, one at a time — once to check the set from the headers (one run, each shard once),
/// then in shard order to merge, checking each file's checksum — so the merge holds one shard's data at a time
/// beside the run's own accumulators, and hashes each file once. Before an error is blamed on a header, that
/// file's checksum is checked, so a corrupted file is reported as corrupted rather than as another run's shard.
public enum ShardMerge {
    /// Merges the shards `names` names; `bytes(i)` reads the i-th. A file that is not a shard, of a newer format,
    /// truncated or corrupted, of another run, given twice, or a shard missing, is one line naming the file or shard.
    public static func merge(names: [String], bytes: (Int) throws -> [UInt8]) throws -> (Simulation, RunRecord) {
        precondition(!names.isEmpty)
        var headers: [ShardHeader] = []
        for (i, name) in names.enumerated() {
            headers.append(try ShardFile.decodeHeader(try bytes(i), path: name, checkingSum: false))
        }
        // An error found in the headers stands only once every file's checksum is known good: a corrupted file is
        // reported as corrupted, not as another run's shard or a missing one.
        let first = headers[0]
        let count: Int, order: [Int], settings: RunSettings, tilt: Tilt?
        var file: ModelFile
        do {
            for (i, h) in headers.enumerated().dropFirst() {
                if let d = h.difference(from: first) {
                    let detail = d.key == "model_text" ? "the model text differs"
                        : "\(d.key) is \(MessageText.quoted(d.here)) here and \(MessageText.quoted(d.there)) there"
                    throw ModelError(file: names[i], field: "", rule: "is a shard of another run than \(MessageText.quoted(names[0])): \(detail)")
                }
            }
            count = try first.shard(path: names[0]).count
            var byShard = [Int?](repeating: nil, count: count)
            for (i, h) in headers.enumerated() {
                let shard = try h.shard(path: names[i])
                if let other = byShard[shard.index] {
                    if names[other] == names[i] {
                        throw ModelError(file: names[i], field: "", rule: "is given twice; give each shard once")
                    }
                    throw ModelError(file: names[i], field: "", rule: "is shard \(shard), and so is \(MessageText.quoted(names[other])); give each shard once")
                }
                byShard[shard.index] = i
            }
            if let missing = byShard.firstIndex(where: { $0 == nil }) {
                let given = byShard.indices.filter { byShard[$0] != nil }.map(String.init).joined(separator: ", ")
                throw ModelError(field: "merge", rule: "shard \(missing)/\(count) of \(MessageText.quoted(first.modelFile)) is missing "
                    + "(given: \(given)); run 'apmrisk simulate … --shard \(missing)/\(count) --output FILE' for it")
            }
            order = byShard.map { $0! }

            file = try ModelLoader.read(text: first.modelText, path: first.modelFile)
            guard file.sha256 == first["model_sha256"] else {
                throw ModelError(file: first.modelFile, field: "", rule: "the model's data files have changed since the shards ran "
                    + "(SHA-256 \(file.sha256.prefix(12)) now, \((first["model_sha256"] ?? "").prefix(12)) then)")
            }
            settings = try first.settings(onto: file.model.run, path: names[0])
            file.model.run = settings
            tilt = try first.tilt(path: names[0])
        } catch {
            for i in names.indices { try ShardFile.checkSum(try bytes(i), path: names[i]) }
            throw error
        }
        let threads = headers.reduce(0) { $0 + $1.threads }
        let seconds = order.reduce(0.0) { $0 + headers[$1].elapsedSeconds }
        var next = 0
        let simulation = try Simulation.merging(file.model, settings: settings, tilt: tilt, threads: threads,
                                                elapsedSeconds: seconds) {
            guard next < order.count else { return nil }
            let i = order[next]
            let shard = try ShardFile.decode(try bytes(i), path: names[i])
            let expected = Shard(index: next, count: count).blocks(of: first.blocks)
            guard shard.part.firstBlock == expected.lowerBound, shard.part.endBlock == expected.upperBound,
                  shard.part.blockTrials == Int(first["block_trials"] ?? "") else {
                throw ModelError(file: names[i], field: "", rule: "holds blocks \(shard.part.firstBlock)..<\(shard.part.endBlock), "
                    + "but shard \(next)/\(count) of \(first.blocks) blocks is blocks \(expected.lowerBound)..<\(expected.upperBound)")
            }
            next += 1
            return shard.part
        }
        guard simulation.job.blockTrials == Int(first["block_trials"] ?? "") else {
            throw ModelError(file: names[0], field: "", rule: "the model now runs in blocks of \(simulation.job.blockTrials) trials, "
                + "the shards in blocks of \(first["block_trials"] ?? "")")
        }
        let record = RunRecord(modelFile: file.path, modelSHA256: file.sha256, settings: settings,
                               outcome: simulation.outcome, modelText: file.text)
        return (simulation, record)
    }

    /// Merges the shard files at `paths`.
    public static func merge(paths: [String]) throws -> (Simulation, RunRecord) {
        try merge(names: paths) { i in
            do {
                return Array(try Data(contentsOf: URL(fileURLWithPath: paths[i])))
            } catch {
                let reason = FileManager.default.fileExists(atPath: paths[i]) ? "cannot be read" : "does not exist"
                throw ModelError(file: paths[i], field: "", rule: "shard file \(reason)")
            }
        }
    }
}
