/// A model file (or a command-line value) that apmrisk will not run, with the field it concerns and the rule
/// it broke. Its description is the one line the command-line tool prints: anything echoed from the input is
/// escaped (`MessageText`), so it is one line whatever the file or the command line held.
public struct ModelError: Error, Equatable, CustomStringConvertible {
    /// The file, when the error is about one.
    public var file: String?
    /// 1-based line and column in the file, when known.
    public var line: Int?
    public var column: Int?
    /// The field path, e.g. `contract.capitation.stop_loss.attachment`; empty for the whole file.
    public var field: String
    /// The rule that was broken, in words.
    public var rule: String

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, field: String, rule: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.rule = rule
    }

    public var description: String {
        var place = file ?? ""
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        var parts: [String] = []
        if !place.isEmpty { parts.append(place) }
        if !field.isEmpty { parts.append(field) }
        parts.append(rule)
        return MessageText.escaped(parts.joined(separator: ": "))
    }
}
