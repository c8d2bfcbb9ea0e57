/// The nearest valid name to a misspelt one, for "did you mean …?" hints.
public enum Suggestion {
    /// The candidate closest to `word`, if close enough to be a plausible typo.
    public static func nearestName(to word: String, among candidates: [String]) -> String? {
        nearest(to: word, among: candidates)
    }

    /// The longest word (and candidate) compared: edit distance is quadratic in the length, and no typo of a
    /// name apmrisk knows is longer.
    public static let maxLength = 64

    /// The candidate closest to `word` in edit distance, if it is close enough to be a plausible typo. Words or
    /// candidates longer than `maxLength` characters get no suggestion, so the work is at most
    /// candidates × 64 × 64 steps whatever the input.
    package static func nearest(to word: String, among candidates: [String]) -> String? {
        guard word.utf8.count <= 4 * maxLength, word.count <= maxLength else { return nil }
        let scored = candidates.filter { $0.count <= maxLength }.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, word.count / 3) ? best.0 : nil
    }

    /// Levenshtein distance.
    package static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
