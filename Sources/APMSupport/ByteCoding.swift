/// Writes values as little-endian bytes, for binary files apmrisk reads back (the shard file): 64-bit whole
/// numbers, doubles as their IEEE 754 bit patterns (so every value, −0 and NaN payloads included, comes back
/// bit for bit), and UTF-8 strings prefixed by their byte count.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func uint64(_ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func int(_ v: Int) { uint64(UInt64(bitPattern: Int64(v))) }

    public mutating func double(_ v: Double) { uint64(v.bitPattern) }

    /// The count, then the values.
    public mutating func doubles<C: Collection>(_ values: C) where C.Element == Double {
        int(values.count)
        bytes.reserveCapacity(bytes.count + 8 * values.count)
        for v in values { double(v) }
    }

    /// The count, then the values.
    public mutating func ints(_ values: [Int]) {
        int(values.count)
        for v in values { int(v) }
    }

    public mutating func string(_ s: String) {
        int(s.utf8.count)
        bytes.append(contentsOf: s.utf8)
    }

    public mutating func raw<C: Collection>(_ b: C) where C.Element == UInt8 { bytes.append(contentsOf: b) }
}

/// Reads what `ByteWriter` wrote, from a byte array, failing with `ByteReader.Truncated` instead of reading past
/// the end, and refusing a count larger than the bytes left could hold (so a damaged count cannot ask for a
/// huge allocation).
public struct ByteReader: Sendable {
    /// The input ended before a value did.
    public struct Truncated: Error { public init() {} }

    private let bytes: [UInt8]
    private let end: Int
    public private(set) var offset: Int

    /// Reads `bytes[offset..<end]` (`end`: nil for all of them).
    public init(_ bytes: [UInt8], from offset: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.end = min(end ?? bytes.count, bytes.count)
        self.offset = offset
    }

    /// Bytes not yet read.
    public var remaining: Int { end - offset }

    public mutating func uint64() throws -> UInt64 {
        guard remaining >= 8 else { throw Truncated() }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return v
    }

    public mutating func int() throws -> Int { Int(Int64(bitPattern: try uint64())) }

    /// A count of items of `size` bytes each that the bytes left can hold.
    public mutating func count(of size: Int) throws -> Int {
        let n = try int()
        guard n >= 0, n <= remaining / max(size, 1) else { throw Truncated() }
        return n
    }

    public mutating func double() throws -> Double { Double(bitPattern: try uint64()) }

    public mutating func doubles() throws -> [Double] {
        let n = try count(of: 8)
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n { out[i] = try double() }
        return out
    }

    public mutating func ints() throws -> [Int] {
        let n = try count(of: 8)
        var out = [Int](repeating: 0, count: n)
        for i in 0..<n { out[i] = try int() }
        return out
    }

    public mutating func string() throws -> String {
        let n = try count(of: 1)
        defer { offset += n }
        return String(decoding: bytes[offset..<(offset + n)], as: UTF8.self)
    }

    public mutating func raw(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, remaining >= n else { throw Truncated() }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }
}
