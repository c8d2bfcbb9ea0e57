import APMEngine

/// What a command of several simulations is doing: which run of how many, and the trials done within it.
///
/// Stress comparisons, sensitivities and reverse stress run the model many times over; a progress line that shows
/// only "trials done" would restart from zero on every run. The caller (the command line's activity line) gets
/// the run's number, the number of runs when it is known (a reverse-stress search does not know it in
/// advance), and a label in words — then the run's trial counts through an ordinary `RunControl`. Progress never
/// changes a figure: a control without a precision target leaves the engine's rounds as they are.
public struct RunProgress: Sendable {
    /// Called before run `run` (1-based) of `runs` (nil: not known in advance) starts; `label` says what it is.
    public let started: @Sendable (_ run: Int, _ runs: Int?, _ label: String) -> Void
    /// Trials done and trials in the current run, between rounds of blocks.
    public let trials: @Sendable (_ done: Int, _ total: Int) -> Void

    public init(started: @escaping @Sendable (Int, Int?, String) -> Void,
                trials: @escaping @Sendable (Int, Int) -> Void) {
        self.started = started
        self.trials = trials
    }

    /// Announces run `run` of `runs` and gives the control that reports its trials.
    package func control(run: Int, of runs: Int?, _ label: String) -> RunControl {
        started(run, runs, label)
        return RunControl(progress: trials)
    }
}

extension Optional where Wrapped == RunProgress {
    /// The control of run `run` of `runs`, or nil when nobody is watching.
    package func control(run: Int, of runs: Int?, _ label: String) -> RunControl? {
        self?.control(run: run, of: runs, label)
    }
}
