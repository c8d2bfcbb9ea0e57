import Foundation
import APMAnalysis
import APMContracts
import APMEngine
import APMModel
import APMRisk
import APMSampling
import APMSupport

/// A result document read back from a saved JSON file (`--format json --output FILE`): what a later
/// `apmrisk report` renders from. Dispatches on the top-level `command` field.
public enum SavedResult: Sendable {
    case simulate(SimulateResult)
    /// `simulate` on a portfolio file (`"kind": "portfolio"`).
    case portfolio(PortfolioResult)
    case price(PriceResult)
    case stress(StressResult)
    case bench(BenchResult)

    /// Reads a saved result file. Throws a `DecodingError` naming the field that is wrong, or a
    /// `SavedResult.Failure` for a file that is not a result document of this tool.
    public static func load(path: String) throws -> SavedResult {
        try decode(Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Reads a result document from its JSON bytes.
    public static func decode(_ data: Data) throws -> SavedResult {
        struct Command: Decodable { let command: String; let kind: String? }
        let decoder = JSONDecoder()
        let command: String
        do {
            let head = try decoder.decode(Command.self, from: data)
            command = head.command == "simulate" && head.kind == "portfolio" ? "portfolio" : head.command
        } catch {
            throw Failure(message: "not an apmrisk result document: no top-level \"command\" field")
        }
        switch command {
        case "simulate": return .simulate(try decoder.decode(SimulateResult.self, from: data))
        case "portfolio": return .portfolio(try decoder.decode(PortfolioResult.self, from: data))
        case "price": return .price(try decoder.decode(PriceResult.self, from: data))
        case "stress": return .stress(try decoder.decode(StressResult.self, from: data))
        case "bench": return .bench(try decoder.decode(BenchResult.self, from: data))
        default: throw Failure(message: "unknown result command \(MessageText.quoted(command))")
        }
    }

    /// The document written again, byte for byte as the tool writes it.
    public var json: String {
        switch self {
        case let .simulate(r): return ResultJSON.text(r)
        case let .portfolio(r): return ResultJSON.text(r)
        case let .price(r): return ResultJSON.text(r)
        case let .stress(r): return ResultJSON.text(r)
        case let .bench(r): return ResultJSON.text(r)
        }
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let message: String
        public var description: String { message }
    }
}
