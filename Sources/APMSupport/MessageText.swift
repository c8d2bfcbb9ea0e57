/// Text echoed into a message: whatever a user typed (a YAML key or value, a name, a path, an option value) is
/// shown with every line break and other control character escaped, so an error is always exactly one line and
/// never drives the terminal.
public enum MessageText {
    /// `text` with C0 controls (U+0000–U+001F), DEL (U+007F), C1 controls (U+0080–U+009F, which include NEL) and
    /// the Unicode line and paragraph separators (U+2028, U+2029) escaped: `\n`, `\r`, `\t`, and `\u{1B}` for
    /// the rest, as Swift writes them. Everything else, backslashes included, is left alone, so escaping twice
    /// changes nothing.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where needsEscape(scalar): out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The longest user text echoed in full: a 20 MB name still gives one short line.
    public static let maxCharacters = 64

    /// `'text'` escaped, for "got '…'" parts of a message; beyond `maxCharacters` characters,
    /// `'first 64 characters…' (N characters)`.
    public static func quoted(_ text: some StringProtocol) -> String {
        let (head, cut) = clip(text)
        return cut ? "'\(head)…' (\(text.count.formatted()) characters)" : "'\(head)'"
    }

    /// The text unquoted, escaped and cut to `maxCharacters` characters (ending in `…`): for user text inside
    /// a field path.
    public static func clipped(_ text: some StringProtocol) -> String {
        let (head, cut) = clip(text)
        return cut ? head + "…" : head
    }

    /// The first `maxCharacters` characters of `text`, escaped, and whether it was longer. Reads no further
    /// than it keeps, so the work is bounded whatever the length.
    private static func clip(_ text: some StringProtocol) -> (String, cut: Bool) {
        var prefix = ""
        var count = 0
        for c in text {
            if count == maxCharacters { return (escaped(prefix), true) }
            prefix.append(c)
            count += 1
        }
        return (escaped(prefix), false)
    }

    package static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
    }
}
