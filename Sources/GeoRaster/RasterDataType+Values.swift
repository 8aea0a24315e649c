// MARK: - Sample values

extension RasterDataType {
    /// Whether `value` is representable exactly as this type (NaN counts for `float32`/`float64`),
    /// e.g. to check that a nodata value fits the band.
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

    /// The nodata value as GDAL reports it for a band of this type: rounded to `Float` for
    /// `float32` (so that `pixel == nodata` holds for the stored value; beyond Float's range it
    /// becomes ±infinity), nil for integer types when outside the type's range, NaN or infinite
    /// (GDAL then reports no nodata). A value inside the range is kept as written, even if not
    /// an integer, as GDAL does.
    public func nodataAsGDALReportsIt(_ value: Double) -> Double? {
        switch self {
        case .float64: return value
        case .float32: return value.isNaN ? value : Double(Float(value))
        case .uint8: return (0...255).contains(value) ? value : nil
        case .int8: return (-128...127).contains(value) ? value : nil
        case .uint16: return (0...65535).contains(value) ? value : nil
        case .int16: return (-32768...32767).contains(value) ? value : nil
        case .uint32: return (0...4_294_967_295).contains(value) ? value : nil
        case .int32: return (-2_147_483_648...2_147_483_647).contains(value) ? value : nil
        }
    }

    /// The native-endian bytes of one sample holding `value` (`byteCount` bytes); integer types
    /// give 0 when `value` is not representable, `float32` rounds.
    public func nativeBytes(of value: Double) -> [UInt8] {
        func bytes<T>(_ sample: T) -> [UInt8] { withUnsafeBytes(of: sample) { Array($0) } }
        switch self {
        case .uint8: return bytes(UInt8(exactly: value) ?? 0)
        case .int8: return bytes(Int8(exactly: value) ?? 0)
        case .uint16: return bytes(UInt16(exactly: value) ?? 0)
        case .int16: return bytes(Int16(exactly: value) ?? 0)
        case .uint32: return bytes(UInt32(exactly: value) ?? 0)
        case .int32: return bytes(Int32(exactly: value) ?? 0)
        case .float32: return bytes(Float(value))
        case .float64: return bytes(value)
        }
    }
}
