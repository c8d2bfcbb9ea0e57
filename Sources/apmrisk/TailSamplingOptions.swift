import APMRiskKit
import ArgumentParser

/// `--tail-sampling off|auto`: plain Monte Carlo, or importance sampling with the tilt chosen by a pilot run
/// (`TiltPilot`).
enum TailSamplingOption: OptionRule {
    static let option = "--tail-sampling"
    static let allValueStrings = ["off", "auto"]
    static func parse(_ text: String) throws -> Bool {
        switch text {
        case "off": return false
        case "auto": return true
        default: throw RuleBroken("must be off or auto, got \(MessageText.quoted(text))")
        }
    }
}

/// `--tilt theta=μ,units=t,claims=t,severity=s[,catastrophe=q′]`: importance sampling under this tilt (`Tilt`);
/// a name left out is not tilted.
enum TiltOption: OptionRule {
    static let option = "--tilt"
    static func parse(_ text: String) throws -> Tilt {
        var tilt = Tilt.none
        var seen: Set<String> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let (name, value) = CommandLineValues.nameValue(String(part).trimmingCharacters(in: .whitespaces)),
                  ["theta", "units", "claims", "severity", "catastrophe"].contains(name) else {
                throw RuleBroken("must be NAME=VALUE pairs separated by commas, NAME one of theta, units, claims, "
                    + "severity, catastrophe, got \(MessageText.quoted(String(part)))")
            }
            guard seen.insert(name).inserted else { throw RuleBroken("gives \(name) twice, got \(MessageText.quoted(text))") }
            guard let x = try CommandLineValues.finite(value) else {
                throw RuleBroken("\(name) must be a finite number, got \(MessageText.quoted(value))")
            }
            switch name {
            case "theta": tilt.theta = x
            case "units": tilt.units = x
            case "claims": tilt.claims = x
            case "severity": tilt.severity = x
            default:
                guard x > 0 && x < 1 else { throw RuleBroken("catastrophe must be a probability strictly between 0 and 1, got \(MessageText.quoted(value))") }
                tilt.catastrophe = x
            }
        }
        return tilt
    }
}

/// The importance-sampling options of `simulate`.
struct TailSamplingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("off: plain Monte Carlo; auto: importance sampling of the tail, the tilt chosen by "
        + "a 10,000-trial pilot (weighted figures with their standard errors and the effective sample size).",
        valueName: "off|auto"))
    var tailSampling: Checked<TailSamplingOption>?

    @Option(help: ArgumentHelp("Importance sampling under this tilt: theta=SHIFT (Θ's Gaussian, in s.d.), "
        + "units=T, claims=T (exponential tilts of the counts), severity=S (per dollar), catastrophe=Q.",
        valueName: "name=value,…"))
    var tilt: Checked<TiltOption>?

    func validate() throws {
        _ = try tailSampling?.value()
        _ = try tilt?.value()
        if tilt != nil, try tailSampling?.value() == true {
            throw ModelError(field: TiltOption.option, rule: "sets the tilt itself; it cannot go with --tail-sampling auto")
        }
    }

    /// What the run does.
    func sampling() throws -> TailSampling {
        if let tilt { return .manual(try tilt.value()) }
        return try tailSampling?.value() == true ? .auto : .off
    }
}
