import APMRiskKit
import Glibc

/// Standard output and standard error for the tool. Writes go straight to the file descriptors and report failure
/// instead of trapping (as `FileHandle.write` does), so a closed or broken stdout ends the run with one line and
/// exit status 2, and a closed stderr is simply not written to.
enum Console {
    /// Call first thing. A standard descriptor that was closed (`>&-`, `2>&-`) is reopened read-only on
    /// /dev/null, so no file the tool opens later (a model, a temporary output file) can take its number, and a
    /// write to it fails cleanly (EBADF). SIGPIPE is ignored, whatever the parent left it as, so a reader that
    /// goes away (`| head`) is a write error (EPIPE) handled like any other, never a signal or a trap.
    static func prepare() {
        for fd in Int32(0)...2 where fcntl(fd, F_GETFD) == -1 {
            let null = open("/dev/null", O_RDONLY)
            if null >= 0 && null != fd {
                dup2(null, fd)
                close(null)
            }
        }
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes `text` to standard output; a failure is a `CommandFailure` naming the reason.
    static func output(_ text: String) throws {
        if let errno = write(text, to: STDOUT_FILENO) {
            throw CommandFailure(message: "standard output: cannot write the results (\(reason(errno)))")
        }
    }

    /// Writes `text` to standard error, if it can; there is nowhere to report a failure to.
    static func error(_ text: String) {
        _ = write(text, to: STDERR_FILENO)
    }

    /// Writes every byte of `text` to `fd`, retrying after interruptions; the errno of a failure, or nil.
    static func write(_ text: String, to fd: Int32) -> Int32? { write(bytes: Array(text.utf8), to: fd) }

    /// Writes every one of `bytes` to `fd`, retrying after interruptions; the errno of a failure, or nil.
    static func write(bytes all: [UInt8], to fd: Int32) -> Int32? {
        var bytes = all[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            bytes = bytes.dropFirst(n)
        }
        return nil
    }

    /// The system's words for an errno, e.g. "Broken pipe".
    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}
