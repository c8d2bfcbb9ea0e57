import Foundation
import Testing
@testable import APMRiskKit

/// `--output` never loses a file: not the model, not a device or FIFO, not a symbolic link, not a file's mode,
/// and a signal during the write leaves no temporary file behind.
@Suite(.serialized) struct OutputFileTests {
    let folder: URL
    let model: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("apmrisk-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        model = folder.appendingPathComponent("model.yaml")
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Models/knee-replacement-bundle.yaml"), to: model)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    func cleanUp() { try? FileManager.default.removeItem(at: folder) }
    func leftovers() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.contains(".apmrisk-") }
    }

    @Test func outputNamingTheModelIsRefusedAndTheModelKept() throws {
        defer { cleanUp() }
        let before = try Data(contentsOf: model)
        try FileManager.default.createSymbolicLink(atPath: path("link.yaml"), withDestinationPath: "model.yaml")
        try FileManager.default.linkItem(atPath: model.path, toPath: path("hard.yaml"))
        for output in [model.path, folder.path + "/./model.yaml", path("link.yaml"), path("hard.yaml")] {
            for command in [["simulate"], ["price", "--solve", "price", "--max-loss-probability", "0.1"], ["stress", "--shock", "trend=0.1"]] {
                let r = try Tool.run([command[0], model.path] + command.dropFirst() + ["--trials", "1000", "--output", output])
                #expect(r.status == 2)
                #expect(r.stderr.contains("--output: cannot write") && r.stderr.contains("it is the input file"), "\(r.stderr)")
                #expect(r.stderr.split(separator: "\n").count == 1)
            }
        }
        let bench = try Tool.run(["bench", model.path, "--models-only", "--trials", "100", "--threads", "1", "--output", path("hard.yaml")])
        #expect(bench.status == 2 && bench.stderr.contains("it is the input file"))
        #expect(try Data(contentsOf: model) == before)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path("link.yaml")) == "model.yaml")
    }

    @Test func aSymbolicLinkStaysALinkAndItsTargetGetsTheResults() throws {
        defer { cleanUp() }
        try Data("old".utf8).write(to: URL(fileURLWithPath: path("results.json")))
        try FileManager.default.createSymbolicLink(atPath: path("latest.json"), withDestinationPath: "results.json")
        try FileManager.default.createSymbolicLink(atPath: path("dangling.csv"), withDestinationPath: "new.csv")
        let r = try Tool.run(["simulate", model.path, "--trials", "1000", "--format", "json", "--output", path("latest.json")])
        #expect(r.status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path("latest.json")) == "results.json")
        #expect(try String(contentsOfFile: path("results.json"), encoding: .utf8).contains("\"run\""))
        let d = try Tool.run(["simulate", model.path, "--trials", "1000", "--format", "csv", "--output", path("dangling.csv")])
        #expect(d.status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path("dangling.csv")) == "new.csv")
        #expect(try String(contentsOfFile: path("new.csv"), encoding: .utf8).contains("\nmetric,level,value,"))
        #expect(leftovers().isEmpty)
    }

    @Test func aDeviceIsWrittenThroughNotReplaced() throws {
        defer { cleanUp() }
        let r = try Tool.run(["simulate", model.path, "--trials", "1000", "--output", "/dev/null"])
        #expect(r.status == 0)
        let type = try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType
        #expect(type == .typeCharacterSpecial)
    }

    @Test func aFIFOIsWrittenThroughNotReplaced() throws {
        defer { cleanUp() }
        let fifo = path("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        let pipe = Pipe()
        reader.standardOutput = pipe
        try reader.run()
        let r = try Tool.run(["simulate", model.path, "--trials", "1000", "--format", "csv", "--output", fifo])
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        reader.waitUntilExit()
        #expect(r.status == 0)
        #expect(text.contains("\nmetric,level,value"))
        let type = try FileManager.default.attributesOfItem(atPath: fifo)[.type] as? FileAttributeType
        #expect(type != .typeRegular)
        #expect(leftovers().isEmpty)
    }

    @Test func replacingAResultsFileKeepsItsMode() throws {
        defer { cleanUp() }
        let out = path("results.json")
        try Data("old".utf8).write(to: URL(fileURLWithPath: out))
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: out)
        let r = try Tool.run(["simulate", model.path, "--trials", "1000", "--format", "json", "--output", out])
        #expect(r.status == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int == 0o640)
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("\"run\""))
    }

    @Test func aNewResultsFileGetsTheUsualMode() throws {
        defer { cleanUp() }
        let out = path("new.json")
        let r = try Tool.run(["simulate", model.path, "--trials", "1000", "--output", out])
        #expect(r.status == 0)
        let mask = umask(0o022); umask(mask)
        #expect(try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int == Int(0o666 & ~mask))
    }

    @Test func aSignalDuringTheFinalWriteLeavesNoTemporaryFile() throws {
        defer { cleanUp() }
        let out = path("stress.json")
        let process = Process()
        process.executableURL = try #require(Tool.executable)
        process.arguments = ["stress", model.path, "--trials", "1000", "--shock", "trend=0.1", "--format", "json", "--output", out]
        process.environment = ProcessInfo.processInfo.environment.merging(["APMRISK_TEST_PAUSE_BEFORE_RENAME": "5"]) { $1 }
        process.standardError = Pipe()
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while leftovers().isEmpty && Date() < deadline && process.isRunning { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!leftovers().isEmpty, "the temporary file never appeared")
        process.terminate()   // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationStatus == 143)
        #expect(leftovers().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}

/// A closed or broken standard output or error ends the run with exit status 2 and never a trap.
@Suite(.serialized) struct ClosedStreamTests {
    func shell(_ script: String) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "sh", try #require(Tool.executable).path]
        process.currentDirectoryURL = packageRoot
        let err = Pipe()
        process.standardError = err
        try process.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: e, as: UTF8.self))
    }

    @Test(arguments: [
        "\"$1\" simulate Models/knee-replacement-bundle.yaml --trials 1000 >&-",
        "\"$1\" validate Models/knee-replacement-bundle.yaml >&-",
    ])
    func aClosedStdoutIsAnErrorNotACrash(script: String) throws {
        let r = try shell(script)
        #expect(r.status == 2)
        #expect(r.stderr == "apmrisk: error: standard output: cannot write the results (Bad file descriptor)\n")
    }

    @Test(arguments: [
        ("\"$1\" simulate Models/knee-replacement-bundle.yaml --rng nope 2>&-", Int32(2)),
        ("\"$1\" simulate Models/knee-replacement-bundle.yaml --trials 1000 >&- 2>&-", Int32(2)),
        ("\"$1\" simulate Models/knee-replacement-bundle.yaml --trials 1000 2>&- >/dev/null", Int32(0)),
    ])
    func aClosedStderrIsNotACrash(script: String, status: Int32) throws {
        #expect(try shell(script).status == status)
    }

    @Test func aReaderThatGoesAwayGivesOneLineAndNoStackTrace() throws {
        let r = try shell("(sleep 0.5; \"$1\" simulate Models/knee-replacement-bundle.yaml --trials 1000 --format csv; echo $? >&2) | true")
        #expect(r.stderr == "apmrisk: error: standard output: cannot write the results (Broken pipe)\n2\n")
    }
}
