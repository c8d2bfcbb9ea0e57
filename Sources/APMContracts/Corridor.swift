import APMSupport

/// Marginal sharing bands on the result so far R against the base B (risk corridors, ACO REACH, Part D): the
/// provider keeps share kₖ of the part of |R| in band k, [aₖ·B, bₖ·B):
///
///     kept(R) = sign(R) · Σₖ kₖ · B · max(0, min(|R|/B, bₖ) − aₖ)
///
/// with separate bands for gains and for losses. Bands run from 0 without gaps; the last is open-ended.
public struct Corridor: AggregateTerm {
    public static let kind = "corridor"

    /// One band: from `from`·B to `to`·B (`.infinity` for the last), the provider keeping `share` of it.
    public struct Band: Sendable, Hashable {
        public var from: Double, to: Double, share: Double
        public init(from: Double, to: Double, share: Double) {
            self.from = from
            self.to = to
            self.share = share
        }
    }

    public var gains: [Band], losses: [Band]

    /// nil unless both band lists start at 0, run without gaps or overlaps, and end open (the reader says which).
    public init?(gains: [Band], losses: [Band]) {
        for bands in [gains, losses] {
            guard let first = bands.first, first.from == 0, bands.last!.to == .infinity,
                  zip(bands, bands.dropFirst()).allSatisfy({ $0.to == $1.from && $0.from < $0.to }) else { return nil }
        }
        self.gains = gains
        self.losses = losses
    }

    public var componentNames: [String] { ["corridor"] }
    public var eventNames: [String] {
        gains.dropFirst().map { "gains reach the \(format($0.from * 100))% band" }
            + losses.dropFirst().map { "losses reach the \(format($0.from * 100))% band" }
    }
    public var parameters: [TermParameter] { [] }
    public func setting(_ name: String, to value: Double) -> Self { self }

    /// What the provider keeps of a result `r` against base `b`, dollars.
    public func kept(_ r: Double, base b: Double, _ row: ComponentRow? = nil) -> Double {
        guard b > 0, r != 0 else { return r }
        let bands = r > 0 ? gains : losses
        let x = abs(r) / b
        var kept = 0.0
        for (i, band) in bands.enumerated() {
            kept += band.share * b * max(0, min(x, band.to) - band.from)
            if i > 0 { row?.event((r > 0 ? 0 : gains.count - 1) + i - 1, x > band.from) }
        }
        return r > 0 ? kept : -kept
    }

    public func apply(_ t: TrialTotals, _ s: inout SettlementState, _ row: ComponentRow) {
        for i in 0..<(gains.count + losses.count - 2) { row.event(i, false) }
        let r = s.margin
        let k = kept(r, base: s.base, row)
        s.margin = k
        row.set(0, k - r)
    }

    public var summary: String {
        func list(_ b: [Band]) -> String {
            b.map { "\(format($0.share * 100))% " + ($0.to.isFinite ? "to \(format($0.to * 100))%" : "beyond") }
                .joined(separator: ", ")
        }
        return "corridor: gains kept \(list(gains)); losses kept \(list(losses))"
    }
}
