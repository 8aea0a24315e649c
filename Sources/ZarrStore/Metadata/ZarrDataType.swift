/// A Zarr v3 core data type (the `data_type` of an array).
public enum ZarrDataType: String, Sendable, Hashable, CaseIterable {
    /// `bool`: one byte, 0 or 1.
    case bool
    /// `int8`.
    case int8
    /// `int16`.
    case int16
    /// `int32`.
    case int32
    /// `int64`.
    case int64
    /// `uint8`.
    case uint8
    /// `uint16`.
    case uint16
    /// `uint32`.
    case uint32
    /// `uint64`.
    case uint64
    /// `float16`: IEEE 754 half precision.
    case float16
    /// `float32`.
    case float32
    /// `float64`.
    case float64
    /// `complex64`: two `float32` (real, imaginary).
    case complex64
    /// `complex128`: two `float64` (real, imaginary).
    case complex128

    /// Bytes per element.
    public var byteCount: Int {
        switch self {
        case .bool, .int8, .uint8: return 1
        case .int16, .uint16, .float16: return 2
        case .int32, .uint32, .float32: return 4
        case .int64, .uint64, .float64, .complex64: return 8
        case .complex128: return 16
        }
    }

    /// The size of the unit the `bytes` codec swaps for big endian (a complex number's components swap separately).
    var swapUnit: Int {
        switch self {
        case .complex64: return 4
        case .complex128: return 8
        default: return byteCount
        }
    }

    /// Whether the type is a floating-point or complex type.
    public var isFloatingPoint: Bool {
        switch self {
        case .float16, .float32, .float64, .complex64, .complex128: return true
        default: return false
        }
    }

    /// Whether the type is a signed integer type.
    public var isSignedInteger: Bool {
        switch self {
        case .int8, .int16, .int32, .int64: return true
        default: return false
        }
    }

    /// Whether the type is an unsigned integer type.
    public var isUnsignedInteger: Bool {
        switch self {
        case .uint8, .uint16, .uint32, .uint64: return true
        default: return false
        }
    }
}
