import Foundation
import Glibc
import Testing
@testable import APMRiskKit

/// Progress on stderr when it is a terminal (a pseudo-terminal here), never with `--quiet` or into a pipe; and an
/// interrupted `price` or `stress` says in one line what it was doing.
@Suite(.serialized) struct ProgressTests {
    static let knee = "Models/knee-replacement-bundle.yaml"

    /// Runs the tool with stderr on a pseudo-terminal and stdout on a pipe: (status, stdout, what the terminal got).
    func runOnTerminal(_ arguments: [String]) throws -> (status: Int32, stdout: String, terminal: String) {
        let pty = try #require(PseudoTerminal.functions, "no pseudo-terminal functions in libc")
        let master = pty.open(O_RDWR | O_NOCTTY)
        try #require(master >= 0 && pty.grant(master) == 0 && pty.unlock(master) == 0, "no pseudo-terminal")
        defer { close(master) }
        let slavePath = String(cString: try #require(pty.name(master)))
        let slave = open(slavePath, O_RDWR | O_NOCTTY)
        try #require(slave >= 0)
        var size = winsize(ws_row: 24, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(slave, UInt(TIOCSWINSZ), &size)

        let process = Process()
        process.executableURL = try #require(Tool.executable, "apmrisk is not built")
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        // Read the terminal while the tool runs, so it never blocks on a full buffer.
        let collected = TerminalText()
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(master, &buffer, buffer.count)
                if n <= 0 { break }   // EIO once every copy of the slave is closed
                collected.append(buffer[..<n])
            }
        }
        try process.run()
        close(slave)
        reader.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let deadline = Date().addingTimeInterval(30)
        while !collected.finished(after: reader) && Date() < deadline { usleep(10_000) }
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), collected.text)
    }

    @Test(arguments: [
        (["price", knee, "--solve", "price", "--max-loss-probability", "0.1", "--trials", "20000"],
         "price: simulating the costs  "),
        (["stress", knee, "--trials", "2000"], "stress: the base and 6 scenarios (7 runs of 2,000 trials)"),
        (["stress", knee, "--trials", "2000", "--sensitivity"], "stress: sensitivity of E[M]: the base, then"),
        (["simulate", knee, "--trials", "20000"], "simulate: simulating"),
    ])
    func progressShowsOnATerminal(arguments: [String], line: String) throws {
        let r = try runOnTerminal(arguments)
        #expect(r.status == 0)
        #expect(r.terminal.contains(line), "\(r.terminal.debugDescription)")
        #expect(r.terminal.contains("\r"))
        if arguments[0] != "stress" { #expect(r.terminal.contains(" trials  "), "no trial count") }
        #expect(r.terminal.hasSuffix("\r\u{1B}[K"), "the progress line is not cleared at the end")
        #expect(!r.stdout.contains("\r") && !r.stdout.contains(line), "progress went into stdout")
    }

    @Test(arguments: [
        ["price", knee, "--solve", "price", "--max-loss-probability", "0.1", "--trials", "5000", "--quiet"],
        ["stress", knee, "--trials", "400", "--quiet"],
        ["simulate", knee, "--trials", "5000", "--quiet"],
    ])
    func quietShowsNoProgress(arguments: [String]) throws {
        let r = try runOnTerminal(arguments)
        #expect(r.status == 0)
        #expect(r.terminal.isEmpty, "\(r.terminal.debugDescription)")
    }

    @Test func noProgressIntoAPipe() throws {
        let r = try Tool.run(["stress", Self.knee, "--trials", "400"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty, "\(r.stderr)")
    }

    /// SIGINT a second into the run: exit status 130, nothing on stdout, and one line naming the step.
    @Test(arguments: [
        (["price", knee, "--solve", "price", "--max-loss-probability", "0.1", "--trials", "5e6"],
         "apmrisk: interrupted by SIGINT during price: simulating the costs ("),
        (["stress", knee, "--trials", "2e6"],
         "apmrisk: interrupted by SIGINT during stress: run 1 of 7: the base ("),
    ])
    func anInterruptSaysWhatItStopped(arguments: [String], line: String) throws {
        let process = Process()
        process.executableURL = try #require(Tool.executable, "apmrisk is not built")
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        process.interrupt()   // SIGINT
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = String(decoding: e, as: UTF8.self)
        #expect(process.terminationStatus == 130)
        #expect(o.isEmpty)
        #expect(stderr.hasPrefix(line), "\(stderr)")
        #expect(stderr.hasSuffix("; nothing written\n") && stderr.filter { $0 == "\n" }.count == 1, "\(stderr)")
    }
}

/// Bytes read from the terminal by one thread, read by another when it is done.
final class TerminalText: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []

    func append(_ more: ArraySlice<UInt8>) { lock.withLock { bytes += more } }

    var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }

    func finished(after thread: Thread) -> Bool { thread.isFinished }
}

/// libc's pseudo-terminal functions, which the Glibc module does not import (they need _XOPEN_SOURCE).
enum PseudoTerminal {
    typealias OpenPT = @convention(c) (Int32) -> Int32
    typealias PTName = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    static let functions: (open: OpenPT, grant: OpenPT, unlock: OpenPT, name: PTName)? = {
        guard let libc = dlopen(nil, RTLD_NOW),
              let open = dlsym(libc, "posix_openpt"), let grant = dlsym(libc, "grantpt"),
              let unlock = dlsym(libc, "unlockpt"), let name = dlsym(libc, "ptsname") else { return nil }
        return (unsafeBitCast(open, to: OpenPT.self), unsafeBitCast(grant, to: OpenPT.self),
                unsafeBitCast(unlock, to: OpenPT.self), unsafeBitCast(name, to: PTName.self))
    }()
}
