/// A JSON document with object keys kept in the order written, so output is stable and readable.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case integer(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

    /// Pretty-printed JSON with two-space indentation. Doubles print in Swift's shortest round-trip form. A
    /// non-finite number is never printed: in an object it becomes `null` with a `<key>_reason` field right after
    /// it (`Figure.reason`); JSON has no way to say why beside an array element, which prints `null`.
    public func serialized(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1), end = String(repeating: "  ", count: indent)
        switch self {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case let .number(x): return x.isFinite ? (x == x.rounded() && abs(x) < 1e15 ? String(Int(saturating: x)) : "\(x)") : "null"
        case let .integer(i): return String(i)
        case let .string(s): return Self.quote(s)
        case let .array(items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { pad + $0.serialized(indent: indent + 1) }.joined(separator: ",\n") + "\n\(end)]"
        case let .object(pairs):
            if pairs.isEmpty { return "{}" }
            return "{\n" + Self.explained(pairs).map { pad + Self.quote($0.0) + ": " + $0.1.serialized(indent: indent + 1) }
                .joined(separator: ",\n") + "\n\(end)}"
        }
    }

    /// `pairs` with every non-finite number replaced by `null` and followed by its reason.
    static func explained(_ pairs: [(String, JSONValue)]) -> [(String, JSONValue)] {
        pairs.flatMap { key, value -> [(String, JSONValue)] in
            guard case let .number(x) = value, !x.isFinite else { return [(key, value)] }
            return [(key, .null), (key + "_reason", .string(Figure.reason(x)))]
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
