/// The one way apmrisk turns a `Double` into an integer.
///
/// `Int(x)` on a `Double` traps when x is NaN, infinite or outside the integer's range — and a model file or an
/// option can make almost any derived quantity that large (`volume: 1e300`, a negative binomial with an
/// infinite mean, `--seconds 1e300`). Every conversion in Sources goes through `init?(checked:rounding:)`,
/// which answers nil instead; the caller either refuses the input with its field and rule, or falls back to a
/// value that is right for the use (a saturated count that a limit then refuses, a plain number in a message).
extension FixedWidthInteger {
    /// `value` rounded by `rule`, or nil when that is NaN, infinite or outside this type's range.
    @inlinable
    public init?(checked value: Double, rounding rule: FloatingPointRoundingRule = .towardZero) {
        guard let exact = Self(exactly: value.rounded(rule)) else { return nil }
        self = exact
    }

    /// `value` rounded by `rule`, clamped to this type's range; NaN gives `nan`.
    @inlinable
    public init(saturating value: Double, rounding rule: FloatingPointRoundingRule = .towardZero, nan: Self = 0) {
        if let exact = Self(checked: value, rounding: rule) { self = exact }
        else if value.isNaN { self = nan }
        else { self = value < 0 ? .min : .max }
    }
}
