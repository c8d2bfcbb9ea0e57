import Foundation
import Yams

/// A JSON value, read from JSON text or from a YAML model file.
indirect enum JSONNode: Decodable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONNode]), object([String: JSONNode])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let x = try? c.decode(Double.self) { self = .number(x) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONNode].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONNode].self)) }
    }

    init(json: Data) throws { self = try JSONDecoder().decode(JSONNode.self, from: json) }

    /// A YAML document as JSON, the way an editor's YAML schema check sees it: a plain scalar that reads as a
    /// number (underscores allowed, as apmrisk allows them) is a number, `true`/`false` a boolean, `null`/`~` null;
    /// a quoted scalar is text.
    init(yaml: String) throws {
        guard let node = try Yams.compose(yaml: yaml) else { self = .null; return }
        self = Self.from(node)
    }

    static func from(_ node: Node) -> JSONNode {
        switch node {
        case let .scalar(s):
            guard s.style == .plain else { return .string(s.string) }
            if let x = Double(s.string.replacingOccurrences(of: "_", with: "")), !s.string.lowercased().contains("n") { return .number(x) }
            switch s.string {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null", "~", "": return .null
            default: return .string(s.string)
            }
        case let .mapping(m):
            var o: [String: JSONNode] = [:]
            for (k, v) in m { o[k.string ?? ""] = from(v) }
            return .object(o)
        case let .sequence(seq):
            return .array(seq.map(from))
        case let .alias(a):
            return .string(a.anchor.rawValue)
        }
    }
}

/// A validator for the JSON Schema (draft 2020-12) keywords apmrisk's schemas use: `$ref` (to `#/$defs/…`),
/// `type`, `properties`, `required`, `additionalProperties`, `items`, `enum`, `const`, `oneOf`, `anyOf`,
/// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `minItems`, `minProperties`. A schema using any
/// other keyword is refused, so the subset cannot silently pass what a full validator would fail.
struct JSONSchemaValidator {
    let root: [String: JSONNode]
    static let known: Set<String> = ["$schema", "$id", "title", "description", "$defs", "$ref", "type", "properties", "required",
                                     "additionalProperties", "items", "enum", "const", "oneOf", "anyOf", "minimum", "maximum",
                                     "exclusiveMinimum", "exclusiveMaximum", "minItems", "minProperties"]

    init(schema: Data) throws {
        guard case let .object(o) = try JSONNode(json: schema) else { throw Failure("schema is not an object") }
        root = o
        try Self.checkKeywords(.object(o), at: "#")
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    static func checkKeywords(_ schema: JSONNode, at path: String) throws {
        guard case let .object(o) = schema else { return }
        for (k, v) in o {
            guard known.contains(k) else { throw Failure("\(path): keyword '\(k)' is not supported by the test validator") }
            switch (k, v) {
            case ("properties", .object(let ps)), ("$defs", .object(let ps)):
                for (name, s) in ps { try checkKeywords(s, at: "\(path)/\(k)/\(name)") }
            case ("oneOf", .array(let xs)), ("anyOf", .array(let xs)):
                for (i, s) in xs.enumerated() { try checkKeywords(s, at: "\(path)/\(k)/\(i)") }
            case ("items", _), ("additionalProperties", _): try checkKeywords(v, at: "\(path)/\(k)")
            default: break
            }
        }
    }

    /// The errors of `value` against the whole schema; empty when it is valid.
    func errors(_ value: JSONNode) -> [String] { errors(value, .object(root), at: "$") }

    func errors(_ value: JSONNode, _ schema: JSONNode, at path: String) -> [String] {
        guard case let .object(s) = schema else { return schema == .bool(false) ? ["\(path): not allowed"] : [] }
        var out: [String] = []
        if case let .string(r)? = s["$ref"] {
            let name = String(r.dropFirst("#/$defs/".count))
            guard r.hasPrefix("#/$defs/"), case let .object(defs)? = root["$defs"], let target = defs[name] else { return ["\(path): bad $ref \(r)"] }
            out += errors(value, target, at: path)
        }
        if let t = s["type"] {
            let types: [String] = { if case let .string(x) = t { return [x] }; if case let .array(xs) = t { return xs.compactMap { if case let .string(x) = $0 { return x }; return nil } }; return [] }()
            if !types.contains(where: { Self.has(type: $0, value) }) { return out + ["\(path): expected \(types.joined(separator: " or "))"] }
        }
        if case let .array(options)? = s["enum"], !options.contains(value) { out.append("\(path): not one of the allowed values") }
        if let c = s["const"], c != value { out.append("\(path): must be \(c)") }
        if case let .number(x) = value {
            if case let .number(m)? = s["minimum"], x < m { out.append("\(path): below \(m)") }
            if case let .number(m)? = s["maximum"], x > m { out.append("\(path): above \(m)") }
            if case let .number(m)? = s["exclusiveMinimum"], x <= m { out.append("\(path): not above \(m)") }
            if case let .number(m)? = s["exclusiveMaximum"], x >= m { out.append("\(path): not below \(m)") }
        }
        if case let .object(o) = value {
            if case let .array(req)? = s["required"] {
                for case let .string(k) in req where o[k] == nil { out.append("\(path): missing '\(k)'") }
            }
            if case let .number(m)? = s["minProperties"], Double(o.count) < m { out.append("\(path): fewer than \(Int(m)) keys") }
            let props: [String: JSONNode] = { if case let .object(p)? = s["properties"] { return p }; return [:] }()
            for (k, v) in o {
                if let p = props[k] { out += errors(v, p, at: "\(path).\(k)") }
                else if let extra = s["additionalProperties"] { out += errors(v, extra, at: "\(path).\(k)").map { $0 == "\(path).\(k): not allowed" ? "\(path): unknown key '\(k)'" : $0 } }
            }
        }
        if case let .array(items) = value {
            if case let .number(m)? = s["minItems"], Double(items.count) < m { out.append("\(path): fewer than \(Int(m)) items") }
            if let itemSchema = s["items"] { for (i, v) in items.enumerated() { out += errors(v, itemSchema, at: "\(path)[\(i)]") } }
        }
        if case let .array(options)? = s["oneOf"] {
            let matching = options.filter { errors(value, $0, at: path).isEmpty }.count
            if matching != 1 { out.append("\(path): matches \(matching) of the oneOf alternatives, not exactly 1") }
        }
        if case let .array(options)? = s["anyOf"], !options.contains(where: { errors(value, $0, at: path).isEmpty }) {
            out.append("\(path): matches none of the anyOf alternatives")
        }
        return out
    }

    static func has(type: String, _ v: JSONNode) -> Bool {
        switch (type, v) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array), ("object", .object): return true
        case let ("integer", .number(x)): return x == x.rounded()
        default: return false
        }
    }
}
