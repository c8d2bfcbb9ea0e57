import Foundation
import APMAnalysis
import APMEngine
import APMModel
import APMSampling
import APMSupport

/// One shard's partial result (`apmrisk simulate MODEL --shard i/n --output part-i.shard`), as a file `apmrisk
/// merge` reads back. Binary, little-endian (README, "Shard files"):
///
///     "APMSHARD"                    8 bytes
///     format version                u64 (1)
///     header                        u64 count, then (key, value) string pairs: the run's identity and the shard's own
///     model text                    string: the model file's bytes as the shard read them
///     part                          `RunPart` (`RunPartCoding`): block summaries and margins, tail records, weights
///     SHA-256                       32 bytes, of every byte before it
///
/// A string is a u64 byte count and its UTF-8 bytes. The identity (`ShardHeader.identityKeys`) must be equal, byte
/// for byte, in every shard of a run; numbers in it are Swift's shortest exact spelling, so they read back bit for bit.
public struct ShardFile: Sendable {
    public static let magic = Array("APMSHARD".utf8)
    /// The format this apmrisk writes and the newest it reads.
    public static let formatVersion = 1

    public var header: ShardHeader
    public var part: RunPart

    public init(header: ShardHeader, part: RunPart) {
        self.header = header
        self.part = part
    }

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.raw(Self.magic)
        w.int(Self.formatVersion)
        w.int(header.entries.count)
        for (key, value) in header.entries {
            w.string(key)
            w.string(value)
        }
        w.string(header.modelText)
        part.encode(into: &w)
        var bytes = w.bytes
        bytes += SHA256.digest(bytes)
        return bytes
    }

    /// Reads the shard file `path` held `bytes`; a file that is not a shard, of a newer format, truncated or
    /// corrupted is one line naming `path`.
    public static func decode(_ bytes: [UInt8], path: String) throws -> ShardFile {
        var r = try reader(bytes, path: path)
        let header = try ShardHeader.read(&r, path: path)
        do {
            let part = try RunPart(from: &r)
            guard r.remaining == 0 else { throw ByteReader.Truncated() }
            return ShardFile(header: header, part: part)
        } catch is ByteReader.Truncated {
            throw ModelError(file: path, field: "", rule: "the shard's data do not match its own layout (written by another apmrisk?)")
        }
    }

    /// The header alone. Without `checkingSum` the checksum is not computed: a merge checks each file's sum once,
    /// when it reads the file's data (`decode`), and calls `checkSum` before it blames an error on a header.
    /// A header that cannot be read is reported as a corrupted file when the sum does not match.
    public static func decodeHeader(_ bytes: [UInt8], path: String, checkingSum: Bool = true) throws -> ShardHeader {
        var r = try reader(bytes, path: path, checkingSum: checkingSum)   // not a shard, a newer version: said as such
        do {
            return try ShardHeader.read(&r, path: path)
        } catch {
            if !checkingSum { try checkSum(bytes, path: path) }
            throw error
        }
    }

    /// Throws the one-line "truncated or corrupted" error unless `bytes` end with the checksum of what precedes it.
    public static func checkSum(_ bytes: [UInt8], path: String) throws {
        guard bytes.count >= magic.count + 8 + 32 else { throw truncated(path) }
        let end = bytes.count - 32
        guard SHA256.digest(bytes[0..<end]) == Array(bytes[end...]) else { throw truncated(path) }
    }

    /// A reader of the bytes between the version and the checksum, once the magic, version and checksum are right.
    private static func reader(_ bytes: [UInt8], path: String, checkingSum: Bool = true) throws -> ByteReader {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw ModelError(file: path, field: "", rule: "is not an apmrisk shard file (it does not start with 'APMSHARD'; "
                + "shard files are written by 'apmrisk simulate --shard i/n --output FILE')")
        }
        var r = ByteReader(bytes, from: magic.count)
        guard let version = try? r.int() else { throw truncated(path) }
        if version > formatVersion || version < 1 {
            throw ModelError(file: path, field: "", rule: "shard format version \(version) is "
                + (version < 1 ? "not one apmrisk writes" : "newer than this apmrisk \(Simulation.version) reads (\(formatVersion)); merge with the apmrisk that wrote it"))
        }
        guard bytes.count >= magic.count + 8 + 32 else { throw truncated(path) }
        if checkingSum { try checkSum(bytes, path: path) }
        return ByteReader(bytes, from: r.offset, end: bytes.count - 32)
    }

    private static func truncated(_ path: String) -> ModelError {
        ModelError(file: path, field: "", rule: "the shard file is truncated or corrupted (its SHA-256 checksum does not match); "
            + "run that shard again")
    }
}

/// A shard file's header: the identity of the run it is part of, which shard it is, and what it cost.
public struct ShardHeader: Sendable {
    /// The entries that must be equal in every shard of a run, in the order a merge compares them: whatever changes
    /// a figure (the model, its data files and the options that override its run settings, the tilt, the block
    /// layout, the stream and program versions) and the shard count.
    public static let identityKeys = ["apmrisk_version", "stream_version", "gsl_version", "model_file", "model_sha256",
                                      "trials", "seed", "generator", "levels", "percentiles", "exceedances",
                                      "block_trials", "blocks", "tail_sampling", "tilt", "shards"]

    /// Every entry, identity first, then `shard`, `first_block`, `end_block`, `threads`, `elapsed_seconds`.
    public private(set) var entries: [(key: String, value: String)]
    /// The model file's text as the shard read it (its SHA-256, with any data files, is `model_sha256`).
    public let modelText: String

    /// The header of `run`, a shard of `file`'s model run with `tailSampling`.
    public init(run: ShardRun, model file: ModelFile, tailSampling: TailSampling) {
        let s = run.settings
        let mode: String
        switch tailSampling {
        case .off: mode = "off"
        case .auto: mode = "auto"
        case .manual: mode = "tilt"
        }
        entries = [("apmrisk_version", Simulation.version), ("stream_version", String(StreamKey.version)),
                   ("gsl_version", GSL.version), ("model_file", file.path), ("model_sha256", file.sha256),
                   ("trials", String(s.trials)), ("seed", String(s.seed)), ("generator", s.generator.name),
                   ("levels", Self.numbers(s.levels)), ("percentiles", Self.numbers(s.percentiles)),
                   ("exceedances", Self.numbers(s.exceedances)), ("block_trials", String(run.blockTrials)),
                   ("blocks", String(run.blocks)), ("tail_sampling", mode), ("tilt", Self.tilt(run.tilt)),
                   ("shards", String(run.shard.count)),
                   ("shard", run.shard.description), ("first_block", String(run.part.firstBlock)),
                   ("end_block", String(run.part.endBlock)), ("threads", String(run.threads)),
                   ("elapsed_seconds", String(run.elapsedSeconds))]
        modelText = file.text
    }

    private init(entries: [(key: String, value: String)], modelText: String) {
        self.entries = entries
        self.modelText = modelText
    }

    static func read(_ r: inout ByteReader, path: String) throws -> ShardHeader {
        do {
            var entries: [(key: String, value: String)] = []
            for _ in 0..<(try r.count(of: 16)) { entries.append((try r.string(), try r.string())) }
            let header = ShardHeader(entries: entries, modelText: try r.string())
            for key in identityKeys + ["shard", "first_block", "end_block", "threads", "elapsed_seconds"] where header[key] == nil {
                throw ModelError(file: path, field: "", rule: "the shard file's header has no \(key)")
            }
            _ = try header.shard(path: path)
            return header
        } catch is ByteReader.Truncated {
            throw ModelError(file: path, field: "", rule: "the shard's header does not match its own layout (written by another apmrisk?)")
        }
    }

    /// The value of `key`, or nil.
    public subscript(key: String) -> String? { entries.first { $0.key == key }?.value }

    /// The first identity entry in which `other` differs from this header, or nil when they are shards of one run.
    public func difference(from other: ShardHeader) -> (key: String, here: String, there: String)? {
        for key in Self.identityKeys where self[key] != other[key] {
            return (key, self[key] ?? "", other[key] ?? "")
        }
        return modelText == other.modelText ? nil : ("model_text", "", "")
    }

    /// Which shard this is.
    public func shard(path: String) throws -> Shard {
        let parts = (self["shard"] ?? "").split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[1] >= 1, parts[0] >= 0, parts[0] < parts[1], String(parts[1]) == self["shards"] else {
            throw ModelError(file: path, field: "", rule: "the shard file's header names no valid shard, got \(MessageText.quoted(self["shard"] ?? ""))")
        }
        return Shard(index: parts[0], count: parts[1])
    }

    public var threads: Int { Int(self["threads"] ?? "") ?? 0 }
    public var elapsedSeconds: Double { Double(self["elapsed_seconds"] ?? "") ?? 0 }
    public var modelFile: String { self["model_file"] ?? "" }
    public var firstBlock: Int { Int(self["first_block"] ?? "") ?? -1 }
    public var endBlock: Int { Int(self["end_block"] ?? "") ?? -1 }
    public var blocks: Int { Int(self["blocks"] ?? "") ?? -1 }

    /// The run settings the shard ran under: `base` (the model file's own) with the values the command line
    /// overrode restored exactly.
    public func settings(onto base: RunSettings, path: String) throws -> RunSettings {
        var s = base
        guard let trials = Int(self["trials"] ?? ""), let seed = UInt64(self["seed"] ?? ""),
              case let .success(generator) = Generator.forSimulation(named: self["generator"] ?? ""),
              let levels = Self.numbers(self["levels"]), let percentiles = Self.numbers(self["percentiles"]),
              let exceedances = Self.numbers(self["exceedances"]) else {
            throw ModelError(file: path, field: "", rule: "the shard file's run settings cannot be read")
        }
        (s.trials, s.seed, s.generator, s.levels) = (trials, seed, generator, levels)
        (s.percentiles, s.exceedances) = (percentiles, exceedances)
        return s
    }

    /// The tilt every trial was drawn under, or nil.
    public func tilt(path: String) throws -> Tilt? {
        guard let text = self["tilt"], text != "none" else { return nil }
        let values = text.split(separator: ",", omittingEmptySubsequences: false).map { Double(String($0)) }
        guard values.count == 5, let theta = values[0], let units = values[1], let claims = values[2],
              let severity = values[3] else {
            throw ModelError(file: path, field: "", rule: "the shard file's tilt cannot be read, got \(MessageText.quoted(text))")
        }
        return Tilt(theta: theta, catastrophe: values[4], units: units, claims: claims, severity: severity)
    }

    /// Numbers, comma-separated, each spelt exactly (Swift's shortest round-trip form).
    static func numbers(_ xs: [Double]) -> String { xs.map { "\($0)" }.joined(separator: ",") }

    static func numbers(_ text: String?) -> [Double]? {
        guard let text else { return nil }
        if text.isEmpty { return [] }
        let xs = text.split(separator: ",", omittingEmptySubsequences: false).compactMap { Double(String($0)) }
        return xs.count == text.split(separator: ",", omittingEmptySubsequences: false).count ? xs : nil
    }

    /// theta,units,claims,severity,catastrophe ("" for none), exactly; "none" for an untilted run.
    static func tilt(_ t: Tilt?) -> String {
        guard let t else { return "none" }
        return numbers([t.theta, t.units, t.claims, t.severity]) + "," + (t.catastrophe.map { "\($0)" } ?? "")
    }
}
