import Yams

/// One node of a model file with its field path: the reading primitives every model section is built on.
/// Every failure is a `ModelError` naming the path, the position and the rule.
struct Field {
    let node: Node
    let path: String
    let file: String?

    func error(_ rule: String) -> ModelError {
        ModelError(file: file, line: node.mark?.line, column: node.mark?.column, field: path, rule: rule)
    }

    func child(_ key: String, _ node: Node) -> Field {
        Field(node: node, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    /// What kind of YAML value this is, in words, for "got …" messages.
    var kindDescription: String {
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
    func numericText(_ what: String) throws -> String {
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
    func number() throws -> Double {
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
    func wholeNumber() throws -> Int {
        let value = try number()
        guard value == value.rounded(), abs(value) <= 9.0e15, let whole = Int(checked: value) else {
            throw error("must be a whole number, got \(kindDescription)")
        }
        return whole
    }

    /// Text from the model (a name, a description, a generator): with line breaks and other control characters
    /// escaped once, here, so no name can drive a terminal or forge a line of any output.
    func string() throws -> String {
        guard case let .scalar(s) = node else { throw error("must be text, got \(kindDescription)") }
        return MessageText.escaped(s.string)
    }

    // MARK: Rules

    func positive() throws -> Double {
        let v = try number()
        guard v > 0 else { throw error("must be greater than 0, got \(format(v))") }
        return v
    }

    func nonNegative() throws -> Double {
        let v = try number()
        guard v >= 0 else { throw error("must be 0 or more, got \(format(v))") }
        return v
    }

    func probability() throws -> Double {
        let v = try number()
        guard v >= 0 && v <= 1 else { throw error("must be a probability between 0 and 1, got \(format(v))") }
        return v
    }

    func positiveWhole() throws -> Int {
        let v = try wholeNumber()
        guard v > 0 else { throw error("must be a whole number greater than 0, got \(v)") }
        return v
    }

    // MARK: Collections

    func mapping(allowed: [String]) throws -> Section {
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

    func list() throws -> [Field] {
        guard case let .sequence(s) = node else { throw error("must be a list, got \(kindDescription)") }
        return s.enumerated().map { i, n in Field(node: n, path: "\(path)[\(i)]", file: file) }
    }
}

/// A mapping whose keys have been checked against the allowed ones.
struct Section {
    let field: Field
    let entries: [(String, Field)]

    var keys: [String] { entries.map(\.0) }

    func has(_ key: String) -> Bool { entries.contains { $0.0 == key } }

    func optional(_ key: String) -> Field? { entries.first { $0.0 == key }?.1 }

    func required(_ key: String, context: String = "") throws -> Field {
        if let f = optional(key) { return f }
        let suffix = context.isEmpty ? "" : " (\(context))"
        throw field.error("missing field '\(key)'\(suffix)")
    }
}

/// A number for messages: integers without a fraction, others as Swift prints them.
func format(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e15 ? String(Int(saturating: v)) : String(v)
}
