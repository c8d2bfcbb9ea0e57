import Yams
import APMAnalysis
import APMContracts
import APMEngine
import APMSampling
import APMSupport

/// One node of a model file with its field path: the reading primitives every model section is built on.
/// Every failure is a `ModelError` naming the path, the position and the rule.
package struct Field {
    package let node: Node
    package let path: String
    package let file: String?

    package func error(_ rule: String) -> ModelError {
        ModelError(file: file, line: node.mark?.line, column: node.mark?.column, field: path, rule: rule)
    }

    package func child(_ key: String, _ node: Node) -> Field {
        Field(node: node, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    /// What kind of YAML value this is, in words, for "got …" messages.
    package var kindDescription: String {
        switch node {
        case let .scalar(s): return MessageText.quoted(s.string)
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    // MARK: Scalars

    /// The text of a scalar written as a number: plain, and untagged or tagged `!!int`/`!!float`. Text — quoted
    /// (`"100"`) or tagged as text (`!!str 100`, `! 100`, any other tag) — is refused by the one rule here, so
    /// a number written as text never passes for a number.
    package func numericText(_ what: String) throws -> String {
        guard case let .scalar(s) = node else { throw error("must be \(what), got \(kindDescription)") }
        guard s.style == .plain || s.style == .any else {
            throw error("must be \(what), got the quoted text \(kindDescription); remove the quotes")
        }
        let tag = s.tag.rawValue
        guard [Tag.Name.implicit.rawValue, Tag.Name.int.rawValue, Tag.Name.float.rawValue].contains(tag) else {
            let shown = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst(18) : tag
            throw error("must be \(what), got the text \(kindDescription) tagged \(MessageText.escaped(String(shown))); remove the tag")
        }
        return s.string
    }

    /// A finite number (integers, decimals, exponents and `_` digit separators are accepted).
    package func number() throws -> Double {
        let text = try numericText("a number").replacingOccurrences(of: "_", with: "").lowercased()
        if [".inf", "+.inf", "-.inf", ".nan", "inf", "-inf", "nan"].contains(text) {
            throw error("must be a finite number, got \(kindDescription)")
        }
        guard let value = Double(text), value.isFinite else {
            throw error("must be a number, got \(kindDescription)")
        }
        return value
    }

    /// A whole number (1e6 is accepted; 2.5 is not).
    package func wholeNumber() throws -> Int {
        let value = try number()
        guard value == value.rounded(), abs(value) <= 9.0e15, let whole = Int(checked: value) else {
            throw error("must be a whole number, got \(kindDescription)")
        }
        return whole
    }

    /// Text from the model (a name, a description, a generator): with line breaks and other control characters
    /// escaped once, here, so no name can drive a terminal or forge a line of any output.
    package func string() throws -> String {
        guard case let .scalar(s) = node else { throw error("must be text, got \(kindDescription)") }
        return MessageText.escaped(s.string)
    }

    // MARK: Rules

    package func positive() throws -> Double {
        let v = try number()
        guard v > 0 else { throw error("must be greater than 0, got \(format(v))") }
        return v
    }

    package func nonNegative() throws -> Double {
        let v = try number()
        guard v >= 0 else { throw error("must be 0 or more, got \(format(v))") }
        return v
    }

    package func probability() throws -> Double {
        let v = try number()
        guard v >= 0 && v <= 1 else { throw error("must be a probability between 0 and 1, got \(format(v))") }
        return v
    }

    package func positiveWhole() throws -> Int {
        let v = try wholeNumber()
        guard v > 0 else { throw error("must be a whole number greater than 0, got \(v)") }
        return v
    }

    // MARK: Collections

    package func mapping(allowed: [String]) throws -> Section {
        guard case let .mapping(m) = node else { throw error("must be a mapping, got \(kindDescription)") }
        var entries: [(String, Field)] = []
        for (k, v) in m {
            let key = (try? Field(node: k, path: path, file: file).string()) ?? ""
            let field = child(key, v)
            guard allowed.contains(key) else {
                let hint = Suggestion.nearest(to: key, among: allowed).map { "; did you mean '\($0)'?" } ?? ""
                throw Field(node: k, path: child(MessageText.clipped(key), v).path, file: file)
                    .error("unknown key \(MessageText.quoted(key))\(hint) (allowed: \(allowed.joined(separator: ", ")))")
            }
            entries.append((key, field))
        }
        return Section(field: self, entries: entries)
    }

    package func list() throws -> [Field] {
        guard case let .sequence(s) = node else { throw error("must be a list, got \(kindDescription)") }
        return s.enumerated().map { i, n in Field(node: n, path: "\(path)[\(i)]", file: file) }
    }
}

/// A mapping whose keys have been checked against the allowed ones.
package struct Section {
    package let field: Field
    package let entries: [(String, Field)]

    package var keys: [String] { entries.map(\.0) }

    package func has(_ key: String) -> Bool { entries.contains { $0.0 == key } }

    package func optional(_ key: String) -> Field? { entries.first { $0.0 == key }?.1 }

    package func required(_ key: String, context: String = "") throws -> Field {
        if let f = optional(key) { return f }
        let suffix = context.isEmpty ? "" : " (\(context))"
        throw field.error("missing field '\(key)'\(suffix)")
    }
}
