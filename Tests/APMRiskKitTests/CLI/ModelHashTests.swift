import Foundation
import Testing
@testable import APMRiskKit

/// The run record's model SHA-256 is of the exact bytes that were parsed, read once.
@Suite(.serialized) struct ModelHashTests {
    @Test func readingAModelHashesTheBytesItParsed() throws {
        let path = packageRoot.appendingPathComponent("Models/knee-replacement-bundle.yaml").path
        let file = try ModelLoader.read(path: path)
        #expect(file.sha256 == SHA256.hex(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(file.path == path)
    }

    @Test func aModelChangedDuringTheRunIsRecordedAsItWasRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("apmrisk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("m.yaml"), out = dir.appendingPathComponent("out.json")
        let original = try Data(contentsOf: packageRoot.appendingPathComponent("Models/knee-replacement-bundle.yaml"))
        try original.write(to: model)
        let process = Process()
        process.executableURL = try #require(Tool.executable)
        process.arguments = ["simulate", model.path, "--trials", "60000", "--format", "json", "--output", out.path]
        process.standardError = Pipe()
        try process.run()
        Thread.sleep(forTimeInterval: 0.3)
        try Data((String(decoding: original, as: UTF8.self) + "\n# changed while running\n").utf8).write(to: model)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any]
        #expect((json?["run"] as? [String: Any])?["model_sha256"] as? String == SHA256.hex(original))
    }
}
