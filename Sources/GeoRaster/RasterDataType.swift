/// The numeric type of one pixel sample, as GDAL names it (`Int16`, `Float32`, …).
///
/// Built from the TIFF `SampleFormat` and `BitsPerSample` tags.
public enum RasterDataType: String, Sendable, Hashable, CaseIterable, Codable {
    /// Unsigned 8-bit integer (`SampleFormat` 1, 8 bits).
    case uint8
    /// Signed 8-bit integer (`SampleFormat` 2, 8 bits).
    case int8
    /// Unsigned 16-bit integer.
    case uint16
    /// Signed 16-bit integer (Sentinel-1 SIG0 backscatter).
    case int16
    /// Unsigned 32-bit integer.
    case uint32
    /// Signed 32-bit integer.
    case int32
    /// IEEE 754 single precision (`SampleFormat` 3, 32 bits).
    case float32
    /// IEEE 754 double precision (`SampleFormat` 3, 64 bits).
    case float64

    /// Bytes per sample.
    public var byteCount: Int {
        switch self {
        case .uint8, .int8: 1
        case .uint16, .int16: 2
        case .uint32, .int32, .float32: 4
        case .float64: 8
        }
    }

    /// Whether samples are IEEE floating point.
    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

    /// The NumPy dtype string of this type in little-endian order (`<i2`, `<f4`, `|u1`).
    public var numpyDescriptor: String {
        switch self {
        case .uint8: "|u1"
        case .int8: "|i1"
        case .uint16: "<u2"
        case .int16: "<i2"
        case .uint32: "<u4"
        case .int32: "<i4"
        case .float32: "<f4"
        case .float64: "<f8"
        }
    }

    /// Maps TIFF `SampleFormat` (1 uint, 2 int, 3 float) and `BitsPerSample`; nil for layouts
    /// this reader does not support (1/4/12-bit, complex, 64-bit integers).
    init?(sampleFormat: UInt16, bitsPerSample: UInt16) {
        switch (sampleFormat, bitsPerSample) {
        case (1, 8): self = .uint8
        case (2, 8): self = .int8
        case (1, 16): self = .uint16
        case (2, 16): self = .int16
        case (1, 32): self = .uint32
        case (2, 32): self = .int32
        case (3, 32): self = .float32
        case (3, 64): self = .float64
        default: return nil
        }
    }
}
