/// What one block of trials contributes besides its margins.
package struct BlockSummary: Sendable {
    package var moments = Moments()
    /// Trials with margin < 0.
    package var losses = 0
    /// Trials whose margin is NaN or infinite.
    package var nonFinite = 0

    /// Moments of each component of the margin (`Contract.componentNames`).
    package var components: [Moments] = []
    /// Trials in which each event happened (`Contract.eventNames`).
    package var events: [Int] = []

    package init() {}

    package init(margins: UnsafeMutableBufferPointer<Double>) {
        for m in margins {
            if !m.isFinite { nonFinite += 1 } else if m < 0 { losses += 1 }
        }
        if nonFinite == 0 { moments = Moments(of: margins) }
    }

    /// The summary of a whole slot: its margins, and its components and events.
    package init(slot: BlockSlot) {
        self.init(margins: slot.margins)
        components = (0..<slot.componentCount).map { Moments(of: slot.component($0)) }
        events = (0..<slot.eventCount).map { slot.eventCount($0) }
    }
}
