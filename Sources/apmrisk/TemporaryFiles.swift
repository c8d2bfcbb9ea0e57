import Glibc
import Synchronization

/// Temporary output files that exist right now, so that a signal that ends the process (`Interruption`) removes
/// them instead of leaving them beside the real output.
///
/// The lock orders the two ends: a file is renamed into place and forgotten while the lock is held, and the
/// signal path removes every remembered file and exits while holding it, so a file is either renamed whole or
/// removed, never both, and never left behind.
enum TemporaryFiles {
    private static let paths = Mutex<Set<String>>([])

    /// Creates a file from a `mkstemp` template (`…XXXXXX`) and remembers it in one step, so a signal finds
    /// every file that exists. Returns the open descriptor and the path, or fd −1 and the errno of a failure.
    static func create(_ template: String) -> (fd: Int32, path: String, errno: Int32) {
        paths.withLock { set in
            var name = Array(template.utf8CString)
            let fd = name.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { return (-1, "", errno) }
            let path = String(cString: name)
            set.insert(path)
            return (fd, path, 0)
        }
    }

    /// Removes `path` and forgets it (a failed write).
    static func discard(_ path: String) {
        paths.withLock { set in
            unlink(path)
            set.remove(path)
        }
    }

    /// Renames `path` onto `target` and forgets it; the errno of a failure (the file is then removed), or nil.
    static func commit(_ path: String, to target: String) -> Int32? {
        paths.withLock { set in
            set.remove(path)
            guard rename(path, target) == 0 else {
                let code = errno
                unlink(path)
                return code
            }
            return nil
        }
    }

    /// Removes every remembered file and ends the process with `status`, holding the lock so no rename follows.
    static func removeAllAndExit(_ status: Int32) -> Never {
        paths.withLock { set in
            for path in set { unlink(path) }
            exit(status)
        }
    }
}
