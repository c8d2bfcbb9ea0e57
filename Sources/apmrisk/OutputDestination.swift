import APMRiskKit
import Glibc

/// Where a command's results go: standard output, or the file named by `--output`. Every command writes through
/// here, so no command can lose a file:
///
/// - `--output` naming one of the command's input files (the same file by device and inode, however the path is
///   spelt: another name, a symbolic or hard link) is refused before anything runs.
/// - A device or FIFO (`/dev/null`, `/dev/stdout`, a `mkfifo`) is written through directly, never replaced.
/// - A symbolic link is followed to its target first, so the link stays a link and the target gets the results.
/// - A regular file is written to a temporary file beside the target, with the target's permissions (or
///   0666 less the umask for a new file), and renamed into place, so a failed or interrupted run never leaves a
///   half-written file, and a signal removes the temporary file (`TemporaryFiles`).
struct OutputDestination {
    let path: String?
    /// The files the command reads; `path` may not be any of them.
    let inputs: [String]

    /// Checks `path` against `inputs` now, before the run, so a clash costs no simulation.
    init(path: String?, inputs: [String]) throws {
        self.path = path
        self.inputs = inputs
        if let path { _ = try target(of: path) }
    }

    func write(_ text: String) throws {
        guard path != nil else { return try Console.output(text) }
        try write(bytes: Array(text.utf8))
    }

    /// Writes `bytes` (a binary file: a shard) to the file `path` names, the same way; `path` must be given.
    func write(bytes: [UInt8]) throws {
        guard let path else { preconditionFailure("binary output needs a file") }
        let target = try target(of: path)
        var info = stat()
        if stat(target, &info) == 0 && !isRegular(info) {
            try writeThrough(bytes, to: target, shown: path)
        } else {
            try replace(target, with: bytes, mode: stat(target, &info) == 0 ? info.st_mode & 0o7777 : nil, shown: path)
        }
    }

    /// The file `path` finally names (symbolic links followed, even a dangling one), after checking that it is
    /// not an input of the command and not a directory.
    func target(of path: String) throws -> String {
        let target = try Self.followingLinks(path)
        var out = stat()
        guard stat(target, &out) == 0 else { return target }
        if (out.st_mode & S_IFMT) == S_IFDIR { throw failure(path, "it is a directory") }
        for input in inputs {
            var inp = stat()
            if stat(input, &inp) == 0 && inp.st_dev == out.st_dev && inp.st_ino == out.st_ino {
                throw failure(path, "it is the input file \(MessageText.quoted(input)), which would be overwritten; "
                    + "choose another path")
            }
        }
        return target
    }

    /// `path` with every symbolic link along the last component followed (relative links from their folder).
    static func followingLinks(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n >= 0 else { return current }
            let link = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : folder(of: current) + "/" + link
        }
        throw CommandFailure(message: "--output: cannot write \(MessageText.quoted(path)): too many levels of symbolic links")
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    func isRegular(_ info: stat) -> Bool { (info.st_mode & S_IFMT) == S_IFREG }

    /// Writes into a device or FIFO as it is.
    func writeThrough(_ bytes: [UInt8], to target: String, shown: String) throws {
        let fd = open(target, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(shown, Console.reason(errno)) }
        defer { close(fd) }
        if let code = Console.write(bytes: bytes, to: fd) { throw failure(shown, Console.reason(code)) }
    }

    /// Writes a temporary file beside `target` with `mode` (nil: a new file's default) and renames it into place.
    func replace(_ target: String, with bytes: [UInt8], mode: mode_t?, shown: String) throws {
        let name = target.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? "output"
        let (fd, temporary, createError) = TemporaryFiles.create(Self.folder(of: target) + "/." + name + ".apmrisk-XXXXXX")
        guard fd >= 0 else { throw failure(shown, Console.reason(createError)) }
        var code: Int32? = fchmod(fd, mode ?? Self.newFileMode) == 0 ? nil : errno
        if code == nil { code = Console.write(bytes: bytes, to: fd) }
        if code == nil && fsync(fd) != 0 { code = errno }
        Self.pauseForTests()
        if close(fd) != 0 && code == nil { code = errno }
        if let code {
            TemporaryFiles.discard(temporary)
            throw failure(shown, Console.reason(code))
        }
        if let code = TemporaryFiles.commit(temporary, to: target) { throw failure(shown, Console.reason(code)) }
    }

    /// Tests only: waits `APMRISK_TEST_PAUSE_BEFORE_RENAME` seconds with the temporary file written, so a test
    /// can signal the process in that window.
    static func pauseForTests() {
        if let text = getenv("APMRISK_TEST_PAUSE_BEFORE_RENAME"), let seconds = Double(String(cString: text)), seconds > 0 {
            usleep(useconds_t(min(seconds, 10) * 1e6))
        }
    }

    /// 0666 less the process umask: the mode a new file gets from `open(…, O_CREAT, 0666)`.
    static var newFileMode: mode_t {
        let mask = umask(0o022)
        umask(mask)
        return 0o666 & ~mask
    }

    func failure(_ path: String, _ reason: String) -> CommandFailure {
        CommandFailure(message: "--output: cannot write \(MessageText.quoted(path)): \(reason)")
    }
}
