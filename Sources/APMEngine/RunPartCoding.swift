import APMContracts
import APMSupport

/// A `RunPart` as bytes (the body of a shard file, `ShardFile`), little-endian, doubles as bit patterns:
///
///     first block, block trials, block count B
///     B × block:  trials, moments (count, mean, M₂, M₃, M₄), losses, non-finite count,
///                 K, K × moments of the components, E, E × event counts, trials × margin
///     tail:       K, names (K × string), count R, R margins, R trial indices, R × K components (rank by rank)
///     weighted:   0, or 1 followed by first trial, K, E, margins, weights, component rows, event rows
extension RunPart {
    public func encode(into w: inout ByteWriter) {
        w.int(firstBlock)
        w.int(blockTrials)
        w.int(blockCount)
        var start = 0
        for (b, size) in blockSizes.enumerated() {
            w.int(size)
            let s = summaries[b]
            Self.encode(s.moments, into: &w)
            w.int(s.losses)
            w.int(s.nonFinite)
            w.int(s.components.count)
            for m in s.components { Self.encode(m, into: &w) }
            w.ints(s.events)
            for m in margins[start..<(start + size)] { w.double(m) }
            start += size
        }
        if let t = tailTrials {
            w.int(1)
            w.int(t.componentNames.count)
            for name in t.componentNames { w.string(name) }
            w.doubles(t.margins)
            w.ints(t.trials)
            for r in stride(from: 1, through: t.count, by: 1) { for c in 0..<t.componentNames.count { w.double(t.component(c, rank: r)) } }
        } else {
            w.int(0)
        }
        if let v = weighted {
            w.int(1)
            w.int(v.firstTrial)
            w.int(v.componentNames.count)
            for name in v.componentNames { w.string(name) }
            w.int(v.eventNames.count)
            for name in v.eventNames { w.string(name) }
            w.doubles(v.margins)
            w.doubles(v.weights)
            w.doubles(v.componentRows)
            w.doubles(v.eventRows)
        } else {
            w.int(0)
        }
    }

    /// Reads a part `encode` wrote; throws `ByteReader.Truncated` when the bytes end early or a count cannot be right.
    public init(from r: inout ByteReader) throws {
        self.init(blockTrials: 0, firstBlock: 0)
        let first = try r.int()
        let blockTrials = try r.int()
        let blocks = try r.count(of: 8 * 9)
        guard first >= 0, blockTrials > 0 else { throw ByteReader.Truncated() }
        var part = RunPart(blockTrials: blockTrials, firstBlock: first)
        for _ in 0..<blocks {
            let size = try r.count(of: 8)
            var s = BlockSummary()
            s.moments = try Self.moments(&r)
            s.losses = try r.int()
            s.nonFinite = try r.int()
            let k = try r.count(of: 40)
            for _ in 0..<k { s.components.append(try Self.moments(&r)) }
            s.events = try r.ints()
            var block = [Double](repeating: 0, count: size)
            for i in 0..<size { block[i] = try r.double() }
            block.withUnsafeMutableBufferPointer { part.append(summary: s, margins: $0) }
        }
        if try r.int() == 1 {
            let k = try r.count(of: 8)
            var names: [String] = []
            for _ in 0..<k { names.append(try r.string()) }
            let margins = try r.doubles()
            let trials = try r.ints()
            guard trials.count == margins.count else {
                throw ByteReader.Truncated()
            }
            // The file holds each rank's components in turn; `TailTrials` keeps each component's ranks in turn.
            let count = margins.count
            var ranked = [Double](repeating: 0, count: count * k)
            for i in 0..<count { for c in 0..<k { ranked[c * count + i] = try r.double() } }
            part.tailTrials = TailTrials(componentNames: names, margins: margins, trials: trials, components: ranked)
        }
        if try r.int() == 1 {
            let firstTrial = try r.int()
            var components: [String] = [], events: [String] = []
            for _ in 0..<(try r.count(of: 8)) { components.append(try r.string()) }
            for _ in 0..<(try r.count(of: 8)) { events.append(try r.string()) }
            let margins = try r.doubles(), weights = try r.doubles()
            let componentRows = try r.doubles(), eventRows = try r.doubles()
            guard weights.count == margins.count, componentRows.count == margins.count * components.count,
                  eventRows.count == margins.count * events.count else { throw ByteReader.Truncated() }
            part.weighted = WeightedTrials(componentNames: components, eventNames: events, firstTrial: firstTrial,
                                           margins: margins, weights: weights, componentRows: componentRows,
                                           eventRows: eventRows)
        }
        self = part
    }

    private static func encode(_ m: Moments, into w: inout ByteWriter) {
        w.int(m.count)
        w.double(m.mean)
        w.double(m.m2)
        w.double(m.m3)
        w.double(m.m4)
    }

    private static func moments(_ r: inout ByteReader) throws -> Moments {
        Moments(count: try r.int(), mean: try r.double(), m2: try r.double(), m3: try r.double(), m4: try r.double())
    }
}
