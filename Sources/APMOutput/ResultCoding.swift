import Foundation
import APMAnalysis
import APMContracts
import APMEngine
import APMModel
import APMRisk
import APMSampling
import APMSupport

/// A field name in a result document. Result documents are written and read field by field (`encode(to:)`,
/// `init(from:)`) with these string keys, because a non-finite figure adds a second key, `<key>_reason`.
package struct ResultKey: CodingKey {
    package let stringValue: String
    package init(_ name: String) { stringValue = name }
    package init?(stringValue: String) { self.stringValue = stringValue }
    package var intValue: Int? { nil }
    package init?(intValue: Int) { nil }
}

/// The one place a figure meets JSON. A finite figure is a JSON number; a non-finite one (an undefined 0/0 or an
/// overflow) is never printed: it is `null` with a `<key>_reason` field beside it (`Figure.reason`). Reading back,
/// `null` with the "undefined" reason is NaN and with the "overflow" reason +∞, so a document re-encodes to the
/// same bytes.
extension KeyedEncodingContainer where K == ResultKey {
    package mutating func figure(_ x: Double, _ key: String) throws {
        if x.isFinite {
            try encode(x, forKey: ResultKey(key))
        } else {
            try encodeNil(forKey: ResultKey(key))
            try encode(Figure.reason(x), forKey: ResultKey(key + "_reason"))
        }
    }

    /// A figure that may be absent: nil writes no key at all.
    package mutating func figure(_ x: Double?, _ key: String) throws {
        if let x { try figure(x, key) }
    }

    /// A figure that can be missing for a stated reason (an estimate without an honest standard error):
    /// `null` with `<key>_reason` set to `because`.
    package mutating func missing(_ key: String, because reason: String) throws {
        try encodeNil(forKey: ResultKey(key))
        try encode(reason, forKey: ResultKey(key + "_reason"))
    }

    package mutating func field<T: Encodable>(_ value: T, _ key: String) throws {
        try encode(value, forKey: ResultKey(key))
    }

    /// nil writes no key.
    package mutating func field<T: Encodable>(_ value: T?, _ key: String) throws {
        if let value { try encode(value, forKey: ResultKey(key)) }
    }

    /// nil writes `null` (a field that is always present, like `precision_target`).
    package mutating func nullable<T: Encodable>(_ value: T?, _ key: String) throws {
        if let value { try encode(value, forKey: ResultKey(key)) } else { try encodeNil(forKey: ResultKey(key)) }
    }
}

extension KeyedDecodingContainer where K == ResultKey {
    /// A figure written by `figure(_:_:)`: a number, or null with a `<key>_reason` naming why.
    package func figure(_ key: String) throws -> Double {
        if let x = try decodeIfPresent(Double.self, forKey: ResultKey(key)) { return x }
        let reason = try decodeIfPresent(String.self, forKey: ResultKey(key + "_reason"))
        if reason == Figure.reason(.nan) { return .nan }
        if reason == Figure.reason(.infinity) { return .infinity }
        throw DecodingError.dataCorruptedError(forKey: ResultKey(key), in: self,
                                               debugDescription: "\(key) is missing or null without a figure's reason")
    }

    /// A figure that may be absent (no key).
    package func figureIfPresent(_ key: String) throws -> Double? {
        contains(ResultKey(key)) ? try figure(key) : nil
    }

    /// The reason beside a null `key`, when it is not a non-finite figure's reason.
    package func missingReason(_ key: String) throws -> String? {
        guard try decodeNil(forKey: ResultKey(key)) else { return nil }
        let reason = try field(String.self, key + "_reason")
        return reason == Figure.reason(.nan) || reason == Figure.reason(.infinity) ? nil : reason
    }

    package func field<T: Decodable>(_ type: T.Type, _ key: String) throws -> T {
        try decode(type, forKey: ResultKey(key))
    }

    /// Absent or null is nil.
    package func optional<T: Decodable>(_ type: T.Type, _ key: String) throws -> T? {
        try decodeIfPresent(type, forKey: ResultKey(key))
    }
}

/// How result documents are written: Foundation's `JSONEncoder`, pretty-printed with two-space indentation, keys
/// in sorted order (the only deterministic order `JSONEncoder` offers: it does not keep the order fields are
/// encoded in), `/` unescaped. Numbers print in Swift's shortest round-trip form, whole numbers without a
/// fraction (`20000`, `0.0344`, `1e+20`).
public enum ResultJSON {
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return e
    }

    /// The document as text, without a final newline.
    public static func text<T: Encodable>(_ value: T) -> String {
        do {
            return String(decoding: try encoder().encode(value), as: UTF8.self)
        } catch {
            // Only non-conforming floats can make JSONEncoder throw, and `figure` never hands it one.
            preconditionFailure("result document could not be encoded: \(error)")
        }
    }
}
