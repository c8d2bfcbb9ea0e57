/// User text quoted back in a message, made safe to print on one line.
///
/// Every value an error message repeats (an unknown key, a generator name, an option value) goes through
/// `Echo.quoted`: at most `maxCharacters` characters, with the full length said when it was cut, and control
/// characters (newlines included) written as escapes — so a 20 MB name or a quoted "a\nb" still gives one short
/// line.
public enum Echo {
    /// The longest text echoed in full.
    public static let maxCharacters = 64

    /// `'text'`, or `'first 64 characters…' (N characters)`, with control characters escaped.
    public static func quoted(_ text: some StringProtocol) -> String {
        let (head, cut) = clip(text)
        return cut ? "'\(head)…' (\(text.count.formatted()) characters)" : "'\(head)'"
    }

    /// The text unquoted, cut to `maxCharacters` characters (ending in `…`), control characters escaped: for
    /// user text inside a field path.
    public static func clipped(_ text: some StringProtocol) -> String {
        let (head, cut) = clip(text)
        return cut ? head + "…" : head
    }

    private static func clip(_ text: some StringProtocol) -> (String, cut: Bool) {
        var out = ""
        var count = 0
        for c in text {
            if count == maxCharacters { return (out, true) }
            out += escaped(c)
            count += 1
        }
        return (out, false)
    }

    /// Text safe on one line: line and paragraph separators and other control characters as escapes.
    public static func oneLine(_ text: String) -> String {
        text.allSatisfy { escaped($0).count == 1 } ? text : text.map(escaped).joined()
    }

    private static func escaped(_ c: Character) -> String {
        let plain = c.unicodeScalars.allSatisfy {
            $0.properties.generalCategory != .control && $0.properties.generalCategory != .lineSeparator
                && $0.properties.generalCategory != .paragraphSeparator
        }
        return plain ? String(c) : c.unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
    }
}
