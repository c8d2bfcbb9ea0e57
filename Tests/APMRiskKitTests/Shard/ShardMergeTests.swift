import Foundation
import Testing
@testable import APMRiskKit

/// Shards and their merge: the merged figures are the single run's, byte for byte in every format, for any shard
/// count and any order the shards are given in; and every way a set of shard files can be wrong is one line.
@Suite struct ShardMergeTests {
    /// The model file at `path` (from the package root) read as `simulate` reads it, with these run settings.
    static func modelFile(_ path: String, trials: Int, seed: UInt64 = 11, levels: [Double]? = nil,
                          exceedances: [Double] = []) throws -> ModelFile {
        var file = try ModelLoader.read(path: packageRoot.appendingPathComponent(path).path)
        file.model.run.trials = trials
        file.model.run.seed = seed
        if let levels { file.model.run.levels = levels }
        file.model.run.exceedances = exceedances
        return file
    }

    /// Every format's output for a simulation, with the run record's timing (threads, seconds) set to zero: the
    /// one part of the output a merge cannot reproduce.
    static func outputs(_ simulation: Simulation, _ file: ModelFile) throws -> [String] {
        var record = RunRecord(modelFile: file.path, modelSHA256: file.sha256, settings: simulation.settings,
                               outcome: simulation.outcome, modelText: file.text)
        record.threads = 0
        record.elapsedSeconds = 0
        return ReportFormat.allCases.map { $0.render(simulation, record: record) }
            + [try HTMLReport.render(.simulate(SimulateResult(simulation, record: record)))]
    }

    /// The shard files of `file`'s run cut into `n` shards, as bytes.
    static func shards(_ file: ModelFile, n: Int, sampling: TailSampling = .off, threads: Int = 2) throws -> [[UInt8]] {
        try (0..<n).map { i in
            let run = try Simulation.runShard(file.model, shard: Shard(index: i, count: n), threads: threads,
                                              tailSampling: sampling)
            return ShardFile(header: ShardHeader(run: run, model: file, tailSampling: sampling), part: run.part).encoded()
        }
    }

    static func merge(_ files: [[UInt8]], names: [String]? = nil) throws -> (Simulation, RunRecord) {
        let names = names ?? files.indices.map { "part-\($0).shard" }
        return try ShardMerge.merge(names: names) { files[$0] }
    }

    /// A fixed shuffle of 0..<n (a rotation and a reversal), so the shards never arrive in order.
    static func shuffled<T>(_ xs: [T]) -> [T] {
        guard xs.count > 1 else { return xs }
        let k = (xs.count + 1) / 2
        return Array((xs[k...] + xs[..<k]).reversed())
    }

    @Test(arguments: [("Models/knee-replacement-bundle.yaml", 2_000), ("Models/primary-care-capitation.yaml", 500)])
    func mergedShardsGiveTheSingleRunByteForByte(path: String, trials: Int) throws {
        let file = try Self.modelFile(path, trials: trials, levels: [0.9, 0.99], exceedances: [1e4, -5e3])
        let single = try Simulation.run(file.model, threads: 2)
        let expected = try Self.outputs(single, file)
        for n in [1, 2, 3, 7] {
            let (merged, record) = try Self.merge(Self.shuffled(try Self.shards(file, n: n, threads: 1 + n % 2)))
            #expect(record.trials == trials && record.modelSHA256 == file.sha256)
            let got = try Self.outputs(merged, file)
            for (format, (a, b)) in zip(["table", "json", "csv", "html"], zip(expected, got)) {
                #expect(a == b, "\(path), \(n) shards, \(format) differs")
            }
        }
    }

    @Test func importanceSampledShardsGiveTheSingleRunByteForByte() throws {
        let file = try Self.modelFile("Models/knee-replacement-bundle.yaml", trials: 2_000)
        let single = try Simulation.run(file.model, threads: 2, tailSampling: .auto)
        #expect(single.outcome.weighted != nil)
        let expected = try Self.outputs(single, file)
        for n in [2, 3] {
            let (merged, _) = try Self.merge(Self.shuffled(try Self.shards(file, n: n, sampling: .auto)))
            #expect(merged.outcome.tilt == single.outcome.tilt)
            #expect(try Self.outputs(merged, file) == expected, "\(n) shards under importance sampling")
        }
    }

    @Test func theMergedRecordShowsTheShardsSummedThreadsAndSeconds() throws {
        let file = try Self.modelFile("Models/knee-replacement-bundle.yaml", trials: 1_000)
        let shards = try Self.shards(file, n: 2, threads: 2)
        let (_, record) = try Self.merge(shards)
        #expect(record.threads == 4)
        let recorded = try shards.enumerated().map { try ShardFile.decodeHeader($1, path: "part-\($0).shard").elapsedSeconds }
        #expect(record.elapsedSeconds == recorded.reduce(0, +))
    }

    // MARK: what a merge refuses

    func refusal(_ files: [[UInt8]], names: [String]? = nil) -> String {
        do {
            _ = try Self.merge(files, names: names)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func shardsOfDifferentRunsAreRefusedNamingTheField() throws {
        let a = try Self.shards(try Self.modelFile("Models/knee-replacement-bundle.yaml", trials: 1_000, seed: 1), n: 2)
        let b = try Self.shards(try Self.modelFile("Models/knee-replacement-bundle.yaml", trials: 1_000, seed: 2), n: 2)
        #expect(refusal([a[0], b[1]]) == "part-1.shard: is a shard of another run than 'part-0.shard': seed is '2' here and '1' there")
        let c = try Self.shards(try Self.modelFile("Models/knee-replacement-bundle.yaml", trials: 1_000, seed: 1), n: 3)
        #expect(refusal([a[0], c[1], c[2]]).hasPrefix("part-1.shard: is a shard of another run than 'part-0.shard': shards is '3' here and '2' there"))
    }

    @Test func aMissingOrRepeatedShardIsRefused() throws {
        let s = try Self.shards(try Self.modelFile("Models/knee-replacement-bundle.yaml", trials: 1_000), n: 3)
        #expect(refusal([s[0], s[2]], names: ["a", "c"]).hasPrefix("merge: shard 1/3 of '"))
        #expect(refusal([s[0], s[2]], names: ["a", "c"]).hasSuffix("is missing (given: 0, 2); run 'apmrisk simulate … --shard 1/3 --output FILE' for it"))
        #expect(refusal([s[0], s[1], s[1], s[2]], names: ["a", "b", "b2", "c"])
            == "b2: is shard 1/3, and so is 'b'; give each shard once")
    }

    @Test func aTruncatedCorruptedForeignOrNewerFileIsRefusedNamingIt() throws {
        let s = try Self.shards(try Self.modelFile("Models/knee-replacement-bundle.yaml", trials: 1_000), n: 2)
        let checksum = "the shard file is truncated or corrupted (its SHA-256 checksum does not match); run that shard again"
        #expect(refusal([s[0], Array(s[1].dropLast(100))]) == "part-1.shard: " + checksum)
        #expect(refusal([s[0], Array(s[1].prefix(12))]) == "part-1.shard: " + checksum)
        var flipped = s[1]
        flipped[flipped.count / 2] ^= 0x10
        #expect(refusal([s[0], flipped]) == "part-1.shard: " + checksum)
        #expect(refusal([s[0], Array("{\"metrics\": {}}".utf8)]).hasPrefix("part-1.shard: is not an apmrisk shard file"))
        var newer = s[1]
        newer[8] = 2
        #expect(refusal([s[0], newer]) == "part-1.shard: shard format version 2 is newer than this apmrisk "
            + "\(Simulation.version) reads (1); merge with the apmrisk that wrote it")
    }

    @Test func aShardCountAboveTheBlocksIsRefused() throws {
        let file = try Self.modelFile("Models/knee-replacement-bundle.yaml", trials: 1_000)
        #expect(throws: ModelError(field: "--shard", rule: "a run of 1,000 trials has 4 blocks of 256 trials, so at most 4 shards, got 5")) {
            try Simulation.runShard(file.model, shard: Shard(index: 0, count: 5), threads: 1)
        }
    }

    @Test func aShardFileReadsBackAsWritten() throws {
        let file = try Self.modelFile("Models/knee-replacement-bundle.yaml", trials: 1_000)
        let bytes = try Self.shards(file, n: 2)[1]
        let read = try ShardFile.decode(bytes, path: "x")
        #expect(read.encoded() == bytes)
        #expect(read.header["shard"] == "1/2" && read.part.firstBlock == 2 && read.part.trials == 1_000 - 512)
    }
}
