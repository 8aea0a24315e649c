/// The element type of a band: the source raster's data type, kept as is in the cube.
public enum CubeSampleType: String, Sendable, Hashable, CaseIterable, Codable {
    /// `uint8`
    case uint8
    /// `int8`
    case int8
    /// `uint16`
    case uint16
    /// `int16` (Sentinel-1 SIG0)
    case int16
    /// `uint32`
    case uint32
    /// `int32`
    case int32
    /// `float32`
    case float32
    /// `float64`
    case float64

    /// Bytes per element.
    public var byteCount: Int {
        switch self {
        case .uint8, .int8: 1
        case .uint16, .int16: 2
        case .uint32, .int32, .float32: 4
        case .float64: 8
        }
    }

    /// Whether `value` is representable exactly (used to check nodata values).
    public func represents(_ value: Double) -> Bool {
        switch self {
        case .uint8: UInt8(exactly: value) != nil
        case .int8: Int8(exactly: value) != nil
        case .uint16: UInt16(exactly: value) != nil
        case .int16: Int16(exactly: value) != nil
        case .uint32: UInt32(exactly: value) != nil
        case .int32: Int32(exactly: value) != nil
        case .float32: value.isNaN || Float(exactly: value) != nil
        case .float64: true
        }
    }
}
