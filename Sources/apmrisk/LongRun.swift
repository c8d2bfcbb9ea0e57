import APMRiskKit
import Dispatch
import Foundation
import Synchronization

/// Ctrl-C and SIGTERM for the command line. The first signal asks a running simulation to stop at the next block
/// boundary (or, for commands that cannot report partial figures, ends the process at once with nothing
/// written); a second signal ends the process at once. Exit status 130 for SIGINT, 143 for SIGTERM.
/// (`@unchecked Sendable`: its only mutable state is an atomic; the dispatch sources are set up once in init.)
final class Interruption: @unchecked Sendable {
    private let received = Atomic<Int32>(0)
    private let sources: [any DispatchSourceSignal]
    nonisolated(unsafe) private static var installed: Interruption?

    /// Installs the handlers; `control` (if any) is asked to stop on the first signal.
    @discardableResult
    static func install(control: RunControl?) -> Interruption {
        let i = Interruption(control: control)
        installed = i
        return i
    }

    private init(control: RunControl?) {
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
                    FileHandle.standardError.write(Data("\napmrisk: stopping at the next block boundary (again to quit at once)\n".utf8))
                    control.requestStop()
                } else {
                    exit(128 + sig)
                }
            }
            source.resume()
        }
    }

    /// The signal received, if any.
    var receivedSignal: Int32? {
        let s = received.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }
}

/// Progress on stderr — trials done, rate, elapsed, ETA — only when stderr is a terminal and not --quiet.
final class ProgressLine: @unchecked Sendable {
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastPrint: UInt64 = 0
    private var shown = false

    static func make(quiet: Bool) -> ProgressLine? {
        quiet || isatty(STDERR_FILENO) == 0 ? nil : ProgressLine()
    }

    /// Called by the engine between rounds, on one thread.
    func update(done: Int, total: Int) {
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastPrint > 200_000_000 || done == total else { return }
        lastPrint = now
        let elapsed = Double(now - start) / 1e9
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let line = String(format: "\r  %@ / %@ trials  %@ trials/s  elapsed %.1f s  ETA %.1f s ",
                          done.formatted(), total.formatted(), Int(saturating: rate).formatted(), elapsed, eta)
        FileHandle.standardError.write(Data(line.utf8))
        shown = true
    }

    /// Clears the line before anything else is printed.
    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
