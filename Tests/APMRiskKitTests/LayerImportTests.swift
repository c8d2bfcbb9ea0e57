import Foundation
import Testing

/// The library's layers are SwiftPM targets whose dependencies run one way (Package.swift). SwiftPM refuses a
/// cycle, but on Linux a target can still import a module it does not declare when that module happens to be
/// built first; this test closes that gap: every `import` of a library source file names a module its target
/// declares (or a system module), so a backwards import fails here.
@Suite struct LayerImportTests {
    /// Each library target and the modules it declares, read from Package.swift.
    static func declaredDependencies() throws -> [String: Set<String>] {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        var result: [String: Set<String>] = [:]
        let pattern = try NSRegularExpression(pattern: #"\.target\(name: "(\w+)", dependencies: \[([^\]]*)\]"#)
        for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let name = String(text[Range(m.range(at: 1), in: text)!])
            let list = String(text[Range(m.range(at: 2), in: text)!])
            let names = try NSRegularExpression(pattern: #"(?:name: )?"(\w+)""#)
                .matches(in: list, range: NSRange(list.startIndex..., in: list))
                .map { String(list[Range($0.range(at: 1), in: list)!]) }
            result[name] = Set(names.filter { $0 != "Yams" || list.contains("product(name: \"Yams\"") })
        }
        return result
    }

    static let systemModules: Set<String> = ["Foundation", "Dispatch", "Synchronization", "Glibc", "CYaml"]

    @Test func everyImportIsADeclaredDependency() throws {
        let targets = try Self.declaredDependencies()
        #expect(targets.count >= 10, "Package.swift's library targets were not found: \(targets.keys.sorted())")
        #expect(targets["APMSampling"] == ["CGSL", "APMSupport"])
        var offences: [String] = []
        for (target, allowed) in targets {
            let folder = packageRoot.appendingPathComponent("Sources/\(target)")
            guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in files where url.pathExtension == "swift" {
                let text = try String(contentsOf: url, encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ")
                    guard let i = words.firstIndex(of: "import"), words[..<i].allSatisfy({ $0.hasPrefix("@") }),
                          i + 1 < words.count else { continue }
                    let module = String(words[i + 1])
                    if !allowed.contains(module) && !Self.systemModules.contains(module) {
                        offences.append("\(target)/\(url.lastPathComponent) imports \(module)")
                    }
                }
            }
        }
        #expect(offences.isEmpty, "\(offences.sorted())")
    }

    /// The one backwards edge most likely to creep back: the engine knowing the risk layer (it did, to check
    /// precision), or the sampling layer knowing the model reader.
    @Test func lowerLayersDoNotDeclareUpperOnes() throws {
        let targets = try Self.declaredDependencies()
        let order = ["APMSupport", "APMSampling", "APMFit", "APMContracts", "APMEngine", "APMRisk", "APMAnalysis",
                     "APMModel", "APMBench", "APMOutput", "APMReport", "APMRiskKit"]
        for (i, target) in order.enumerated() {
            let above = Set(order[i...])
            #expect((targets[target] ?? []).isDisjoint(with: above), "\(target) depends on a layer above it")
        }
    }
}
