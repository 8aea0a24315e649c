/// A rectangle of one band's values as raw native-endian bytes, with the band's nodata.
public struct BandPlane: Sendable {
    /// The element type.
    public let type: CubeSampleType
    /// The nodata / fill value (NaN allowed for float bands; nil = every value is valid).
    public let nodata: Double?
    /// Row-major values, `pixelCount * type.byteCount` bytes.
    public var bytes: [UInt8]

    /// A plane over existing bytes.
    public init(type: CubeSampleType, nodata: Double?, bytes: [UInt8]) {
        self.type = type
        self.nodata = nodata
        self.bytes = bytes
    }

    /// A plane of `pixelCount` values, all nodata (zero when there is none).
    public init(type: CubeSampleType, nodata: Double?, pixelCount: Int) {
        self.type = type
        self.nodata = nodata
        bytes = SampleKernels.filledBytes(of: nodata ?? 0, as: type, count: pixelCount)
    }

    /// The number of values.
    public var pixelCount: Int { bytes.count / type.byteCount }
}
