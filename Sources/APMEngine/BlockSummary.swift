/// What one block of trials contributes besides its margins.
package struct BlockSummary: Sendable {
    package var moments = Moments()
    /// Trials with margin < 0.
    package var losses = 0
    /// Trials whose margin is NaN or infinite.
    package var nonFinite = 0

    package init() {}

    package init(margins: UnsafeMutableBufferPointer<Double>) {
        for m in margins {
            if !m.isFinite { nonFinite += 1 } else if m < 0 { losses += 1 }
        }
        if nonFinite == 0 { moments = Moments(of: margins) }
    }
}
