/// A Swift numeric type that can hold pixels of one ``RasterDataType``.
///
/// Typed reads (`read(band:window:as:)`) check that the requested type matches the file's
/// data type; no conversion is made, so the values are exactly what GDAL returns.
public protocol RasterScalar: Numeric, Sendable {
    /// The raster data type this Swift type stores.
    static var rasterDataType: RasterDataType { get }
    /// Converts a nodata value (kept as `Double`, as GDAL does) to this type; nil when it is
    /// not representable, in which case no pixel can equal it.
    init?(nodataValue: Double)
    /// Whether this pixel equals the nodata value (NaN nodata matches NaN pixels).
    func isNodata(_ nodata: Self) -> Bool
}

extension RasterScalar where Self: BinaryInteger {
    /// Integer nodata: exact when representable.
    public init?(nodataValue: Double) { self.init(exactly: nodataValue) }
    /// Integer comparison.
    @inline(__always) public func isNodata(_ nodata: Self) -> Bool { self == nodata }
}

extension RasterScalar where Self: BinaryFloatingPoint {
    /// Floating-point nodata, NaN included.
    public init?(nodataValue: Double) { self.init(nodataValue) }
    /// Equality, or both NaN.
    @inline(__always) public func isNodata(_ nodata: Self) -> Bool { self == nodata || (nodata.isNaN && isNaN) }
}

/// `uint8` pixels.
extension UInt8: RasterScalar { public static var rasterDataType: RasterDataType { .uint8 } }
/// `int8` pixels.
extension Int8: RasterScalar { public static var rasterDataType: RasterDataType { .int8 } }
/// `uint16` pixels.
extension UInt16: RasterScalar { public static var rasterDataType: RasterDataType { .uint16 } }
/// `int16` pixels.
extension Int16: RasterScalar { public static var rasterDataType: RasterDataType { .int16 } }
/// `uint32` pixels.
extension UInt32: RasterScalar { public static var rasterDataType: RasterDataType { .uint32 } }
/// `int32` pixels.
extension Int32: RasterScalar { public static var rasterDataType: RasterDataType { .int32 } }
/// `float32` pixels.
extension Float: RasterScalar { public static var rasterDataType: RasterDataType { .float32 } }
/// `float64` pixels.
extension Double: RasterScalar { public static var rasterDataType: RasterDataType { .float64 } }
