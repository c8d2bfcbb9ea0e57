import Foundation

/// Standard output, or a file written atomically (a temporary file renamed into place), so a failed run never
/// leaves a half-written file.
struct OutputDestination {
    let path: String?

    func write(_ text: String) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandFailure(message: "--output: cannot write '\(path)': \(error.localizedDescription)")
        }
    }
}
