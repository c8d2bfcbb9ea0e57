// libFuzzer entry point: any bytes as a model file. The loader must answer with a model or a ModelError — never
// crash, hang or leak — and a model it accepts must describe itself, take its scenarios, and run a few trials
// (when that is cheap) without trapping.
import APMRiskKit
import Foundation

/// libFuzzer's driver, from libclang_rt.fuzzer_no_main (SwiftPM owns `main` for executable targets, so the
/// fuzzer's own `main` cannot be linked; this target's entry point hands control to the driver instead).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@main
struct ModelLoaderFuzzer {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            guard let data else { return 0 }
            return fuzzModelLoader(data, size)
        })
    }
}

func fuzzModelLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let document = try? ModelLoader.parseDocument(text, file: "fuzz.yaml") else { return 0 }
    let model = document.model
    _ = ModelDescription.render(model, scenarios: document.scenarios)
    for scenario in document.scenarios { _ = scenario.apply(to: model) }
    let job = SimulationJob.job(for: model, threads: 1)
    if job.expectedDrawsPerTrial.isFinite && job.expectedDrawsPerTrial < 5_000 {
        _ = try? Simulation.run(model, trials: 8, threads: 1)
    }
    return 0
}
