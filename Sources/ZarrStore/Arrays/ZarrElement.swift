/// A Swift type whose values can be read from and written to arrays of one Zarr data type.
///
/// Conforming types have the same size and in-memory layout as the Zarr element, so
/// regions move with bulk copies, never per-element boxing.
public protocol ZarrElement: Sendable {
    /// The data type this Swift type maps to.
    static var zarrDataType: ZarrDataType { get }
}

extension Bool: ZarrElement {
    /// `bool`.
    public static var zarrDataType: ZarrDataType { .bool }
}
extension Int8: ZarrElement {
    /// `int8`.
    public static var zarrDataType: ZarrDataType { .int8 }
}
extension Int16: ZarrElement {
    /// `int16`.
    public static var zarrDataType: ZarrDataType { .int16 }
}
extension Int32: ZarrElement {
    /// `int32`.
    public static var zarrDataType: ZarrDataType { .int32 }
}
extension Int64: ZarrElement {
    /// `int64`.
    public static var zarrDataType: ZarrDataType { .int64 }
}
extension UInt8: ZarrElement {
    /// `uint8`.
    public static var zarrDataType: ZarrDataType { .uint8 }
}
extension UInt16: ZarrElement {
    /// `uint16`.
    public static var zarrDataType: ZarrDataType { .uint16 }
}
extension UInt32: ZarrElement {
    /// `uint32`.
    public static var zarrDataType: ZarrDataType { .uint32 }
}
extension UInt64: ZarrElement {
    /// `uint64`.
    public static var zarrDataType: ZarrDataType { .uint64 }
}
extension Float16: ZarrElement {
    /// `float16`.
    public static var zarrDataType: ZarrDataType { .float16 }
}
extension Float: ZarrElement {
    /// `float32`.
    public static var zarrDataType: ZarrDataType { .float32 }
}
extension Double: ZarrElement {
    /// `float64`.
    public static var zarrDataType: ZarrDataType { .float64 }
}

/// A `complex64` element: two `Float`s, real part first.
public struct ZarrComplex64: ZarrElement, Hashable {
    /// The real part.
    public var real: Float
    /// The imaginary part.
    public var imaginary: Float
    /// A complex number from its parts.
    public init(real: Float, imaginary: Float) { self.real = real; self.imaginary = imaginary }
    /// `complex64`.
    public static var zarrDataType: ZarrDataType { .complex64 }
}

/// A `complex128` element: two `Double`s, real part first.
public struct ZarrComplex128: ZarrElement, Hashable {
    /// The real part.
    public var real: Double
    /// The imaginary part.
    public var imaginary: Double
    /// A complex number from its parts.
    public init(real: Double, imaginary: Double) { self.real = real; self.imaginary = imaginary }
    /// `complex128`.
    public static var zarrDataType: ZarrDataType { .complex128 }
}

// MARK: - Bulk conversion

enum ElementBytes {
    /// The raw bytes of `values` (Booleans normalised to 0/1).
    static func bytes<T: ZarrElement>(of values: [T]) -> [UInt8] {
        values.withUnsafeBytes { Array($0) }
    }

    /// Values from raw bytes; any non-zero byte of a `bool` array reads as `true`
    /// (loading arbitrary bytes as `Bool` directly would be undefined behaviour).
    static func values<T: ZarrElement>(_ bytes: [UInt8], as type: T.Type) -> [T] {
        let count = bytes.count / MemoryLayout<T>.stride
        if T.self == Bool.self {
            let bools = bytes.map { $0 != 0 }
            return unsafeBitCast(bools, to: [T].self)
        }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { src in
                UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: src.baseAddress!, byteCount: count * MemoryLayout<T>.stride)
            }
            initialized = count
        }
    }
}
