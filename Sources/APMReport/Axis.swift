import Foundation

/// One axis of a chart: a data domain mapped onto a pixel range, linearly or on a log₁₀ scale, with its ticks
/// and how they are labelled. The mapping is also written onto the chart as `data-` attributes, so a reader of
/// the page can turn a pixel position back into a value (`scripts/report-check.sh`).
struct Axis {
    enum Scale: String { case linear, log }

    var scale: Scale
    /// Data values at the two ends (lo < hi; both > 0 on a log scale).
    var lo: Double
    var hi: Double
    /// Pixels at `lo` and at `hi` (for a y axis, `from` is the bottom).
    var from: Double
    var to: Double
    /// Tick label text.
    var label: (Double) -> String

    init(_ scale: Scale = .linear, lo: Double, hi: Double, from: Double = 0, to: Double = 1,
         label: @escaping (Double) -> String) {
        self.scale = scale
        var lo = lo, hi = hi
        if scale == .log {
            lo = max(lo, 1e-300)
            hi = max(hi, lo * 10)
        }
        if !(hi > lo) || !lo.isFinite || !hi.isFinite {
            let centre = lo.isFinite ? lo : 0
            let half = max(abs(centre) * 0.05, 1)
            lo = centre - half
            hi = centre + half
        }
        self.lo = lo
        self.hi = hi
        self.from = from
        self.to = to
        self.label = label
    }

    /// The pixel position of `v` (clamped a little outside the axis so a far-off value stays drawable).
    func map(_ v: Double) -> Double {
        let t: Double
        switch scale {
        case .linear: t = (v - lo) / (hi - lo)
        case .log: t = (log10(max(v, 1e-300)) - log10(lo)) / (log10(hi) - log10(lo))
        }
        let clamped = min(max(t.isFinite ? t : 0, -0.05), 1.05)
        return from + clamped * (to - from)
    }

    /// Whether `v` lies on the axis.
    func contains(_ v: Double) -> Bool { v >= lo && v <= hi }

    /// Tick values: "nice" steps (1, 2, 2.5, 5 × 10ᵏ) on a linear axis, about `count` of them; powers of ten on
    /// a log axis (with 2× and 5× when it spans fewer than three decades).
    func ticks(_ count: Int = 6) -> [Double] {
        switch scale {
        case .linear:
            let step = Ticks.niceStep((hi - lo) / Double(max(count, 1)))
            var v = (lo / step).rounded(.up) * step
            var out: [Double] = []
            while v <= hi + step * 1e-9 && out.count < 50 {
                out.append(abs(v) < step * 1e-9 ? 0 : v)
                v += step
            }
            return out
        case .log:
            let first = Int(floor(log10(lo))), last = Int(ceil(log10(hi)))
            let decades = last - first
            var out: [Double] = []
            let stride = max(1, decades / 8)
            for e in Swift.stride(from: first, through: last, by: stride) {
                let base = pow(10, Double(e))
                for m in decades < 3 ? [1.0, 2, 5] : [1.0] where contains(base * m) { out.append(base * m) }
            }
            return out
        }
    }

    /// The `data-` attributes of this axis, for an element with the given prefix (`x` or `y`).
    func dataAttributes(_ prefix: String) -> String {
        "data-\(prefix)-scale=\"\(scale.rawValue)\" data-\(prefix)-lo=\"\(HTMLText.number(lo))\" "
            + "data-\(prefix)-hi=\"\(HTMLText.number(hi))\" data-\(prefix)-from=\"\(HTMLText.px(from))\" "
            + "data-\(prefix)-to=\"\(HTMLText.px(to))\""
    }
}

enum Ticks {
    /// The nice step (1, 2, 2.5 or 5 × 10ᵏ) nearest above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let power = pow(10, floor(log10(raw)))
        for m in [1.0, 2, 2.5, 5, 10] where m * power >= raw * 0.999 { return m * power }
        return 10 * power
    }

    /// [lo, hi] widened by `pad` of its span on each side (and to a unit span around a single value).
    static func padded(_ lo: Double, _ hi: Double, _ pad: Double = 0.05) -> (Double, Double) {
        guard lo.isFinite, hi.isFinite else { return (0, 1) }
        if hi <= lo {
            let half = max(abs(lo) * 0.05, 1)
            return (lo - half, hi + half)
        }
        let d = (hi - lo) * pad
        return (lo - d, hi + d)
    }
}
