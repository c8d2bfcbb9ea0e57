import APMRiskKit
import ArgumentParser
import Dispatch
import Foundation
import Synchronization

/// Ctrl-C and SIGTERM for the command line. The first signal asks a running simulation to stop at the next block
/// boundary (`simulate`, which reports the partial figures); for commands that cannot report partial figures
/// (`price`, `stress`, `bench`) it ends the process at once with nothing written, after one line saying what it
/// interrupted (the command's `Activity`). A second signal ends the process at once. Ending at once removes any
/// temporary output file first. Exit status 130 for SIGINT, 143 for SIGTERM.
/// (`@unchecked Sendable`: its only mutable state is an atomic; the dispatch sources are set up once in init.)
final class Interruption: @unchecked Sendable {
    private let received = Atomic<Int32>(0)
    private let sources: [any DispatchSourceSignal]
    nonisolated(unsafe) private static var installed: Interruption?

    /// Installs the handlers; `control` (if any) is asked to stop on the first signal, otherwise the first signal
    /// ends the process, saying what `activity` was doing.
    @discardableResult
    static func install(control: RunControl?, activity: Activity?) -> Interruption {
        let i = Interruption(control: control, activity: activity)
        installed = i
        return i
    }

    private init(control: RunControl?, activity: Activity?) {
        var made: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            Glibc.signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            made.append(source)
        }
        sources = made
        for (sig, source) in zip([SIGINT, SIGTERM], sources) {
            source.setEventHandler { [weak self] in
                guard let self else { return }
                let first = self.received.compareExchange(expected: 0, desired: sig, ordering: .relaxed).exchanged
                if first, let control {
                    let lead = Self.lead(cleared: activity?.clearLine() ?? false)
                    Console.error(lead + "apmrisk: stopping at the next block boundary (again to quit at once)\n")
                    control.requestStop()
                } else {
                    if first, let activity {
                        let lead = Self.lead(cleared: activity.stop())
                        Console.error(lead + "apmrisk: interrupted by \(sig == SIGINT ? "SIGINT" : "SIGTERM") during "
                            + MessageText.escaped(activity.summary) + "; nothing written\n")
                    }
                    TemporaryFiles.removeAllAndExit(128 + sig)
                }
            }
            source.resume()
        }
    }

    /// A line break before a message on a terminal, after the "^C" it echoed, unless the progress line (and the
    /// echo with it) was just cleared.
    private static func lead(cleared: Bool) -> String { cleared || isatty(STDERR_FILENO) == 0 ? "" : "\n" }

    /// The signal received, if any.
    var receivedSignal: Int32? {
        let s = received.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }
}

/// `--quiet`, for every command that shows progress.
struct ProgressOptions: ParsableArguments {
    @Flag(help: "No progress line on stderr (it is shown only when stderr is a terminal anyway).")
    var quiet = false
}

/// What a command is doing right now — its step, and trials done within the step — for two readers: the progress
/// line on stderr, redrawn in place (only when stderr is a terminal and not `--quiet`, never into stdout), and
/// the one line an interrupt prints (`summary`). `simulate`, `price`, `stress` and `bench` each keep one.
///
/// A step that reports no trials (a stress run, a bench measurement) is redrawn by a ticker with its elapsed time,
/// so the line shows the command is alive. (`@unchecked Sendable`: the state is behind a mutex; the ticker is set
/// once in init and only cancelled after.)
final class Activity: @unchecked Sendable {
    private struct State {
        var step: String
        var done = 0
        var total = 0
        var stepStart: UInt64
        var lastDraw: UInt64 = 0
        var shown = false
        var stopped = false
    }

    let command: String
    private let state: Mutex<State>
    private let draws: Bool
    private var ticker: (any DispatchSourceTimer)?

    /// The activity of the command that is running, so an error line (`APMRisk.fail`) can clear the progress
    /// line first.
    private static let current = Mutex<Activity?>(nil)

    /// `command` names the command in `summary`; the line is drawn only when `quiet` is false and stderr is a
    /// terminal.
    init(command: String, quiet: Bool, step: String) {
        self.command = command
        state = Mutex(State(step: step, stepStart: Self.now))
        draws = !quiet && isatty(STDERR_FILENO) != 0
        Self.current.withLock { $0 = self }
        guard draws else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + .milliseconds(500), repeating: .milliseconds(500))
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.resume()
        ticker = timer
    }

    static var now: UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// A new step, e.g. "solving for price"; its trial count starts again from 0.
    func begin(_ step: String) {
        state.withLock {
            $0.step = step
            $0.done = 0
            $0.total = 0
            $0.stepStart = Self.now
            draw(&$0, force: true)
        }
    }

    /// Trials done in the current step (the engine calls this between rounds, through `report`).
    func update(done: Int, total: Int) {
        state.withLock {
            $0.done = done
            $0.total = total
            draw(&$0, force: done == total)
        }
    }

    /// Progress of a command of several runs: every run becomes a step, "run 3 of 7: scenario 'trend +5%'",
    /// whose trials the line then counts.
    var runs: RunProgress {
        RunProgress(started: { [self] run, runs, label in
            begin("run \(run)\(runs.map { " of \($0)" } ?? ""): \(label)")
        }, trials: report)
    }

    /// The callback for `RunControl(progress:)`.
    var report: @Sendable (Int, Int) -> Void {
        { [self] done, total in update(done: done, total: total) }
    }

    /// Clears the line and stops drawing: call before the results or a message are printed. Whether a line was
    /// cleared.
    @discardableResult
    func stop() -> Bool {
        ticker?.cancel()
        return state.withLock {
            $0.stopped = true
            return clear(&$0)
        }
    }

    /// Stops the running command's activity, if any: before an error line.
    static func stopCurrent() {
        Self.current.withLock { $0 }?.stop()
    }

    /// Clears the line for a message; drawing goes on at the next update. Whether a line was cleared.
    @discardableResult
    func clearLine() -> Bool { state.withLock { clear(&$0) } }

    /// What the command is doing, in words: "price: simulating the costs (1,024 of 200,000 trials done)".
    var summary: String {
        state.withLock { s in
            var text = "\(command): \(s.step)"
            if s.total > 0 { text += " (\(s.done.formatted()) of \(s.total.formatted()) trials done)" }
            return text
        }
    }

    private func tick() { state.withLock { draw(&$0, force: false) } }

    private func clear(_ s: inout State) -> Bool {
        let shown = s.shown
        if shown { Console.error("\r\u{1B}[K") }
        s.shown = false
        return shown
    }

    /// Redraws the line, at most five times a second unless `force`.
    private func draw(_ s: inout State, force: Bool) {
        guard draws, !s.stopped else { return }
        let now = Self.now
        guard force || now - s.lastDraw > 200_000_000 else { return }
        s.lastDraw = now
        let elapsed = Double(now - s.stepStart) / 1e9
        var line = "\(command): \(s.step)"
        if s.total > 0 {
            let rate = elapsed > 0 ? Double(s.done) / elapsed : 0
            let eta = rate > 0 ? Double(s.total - s.done) / rate : 0
            line += String(format: "  %@ / %@ trials  %@/s  %.1f s, ETA %.1f s",
                           s.done.formatted(), s.total.formatted(), Figure.whole(rate), elapsed, eta)
        } else {
            line += String(format: "  elapsed %.1f s", elapsed)
        }
        // One terminal line, so the carriage return redraws it in place.
        let width = Self.terminalWidth() - 1
        if line.count > width { line = String(line.prefix(max(width - 1, 0))) + "…" }
        Console.error("\r\u{1B}[K" + MessageText.escaped(line))
        s.shown = true
    }

    /// The width of the terminal on stderr, or 80.
    static func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}

/// The end of a `--precision` run: whether its figures meet the target, and the exit status when they do not.
enum PrecisionOutcome {
    /// Exit status when `--max-trials` ran out before the precision target was met (the figures are still written).
    static let notReachedExitStatus: Int32 = 3

    /// Whether `simulation`'s figures meet `target`: the run stopped early at a checkpoint where it was met, or its
    /// final estimate meets it.
    static func reached(_ target: PrecisionTarget, by simulation: Simulation) -> Bool {
        let o = simulation.outcome
        return (!o.interrupted && o.trials < o.trialsRequested)
            || target.isMet(by: target.metric.estimate(in: simulation.report))
    }
}
