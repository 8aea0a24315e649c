/// A rectangle of one band's values as raw native-endian bytes, with the band's nodata.
struct BandPlane: Sendable {
    /// The element type.
    let type: CubeSampleType
    /// The nodata / fill value (NaN allowed for float bands; nil = every value is valid).
    let nodata: Double?
    /// Row-major values, `pixelCount * type.byteCount` bytes.
    var bytes: [UInt8]

    /// A plane over existing bytes.
    init(type: CubeSampleType, nodata: Double?, bytes: [UInt8]) {
        self.type = type
        self.nodata = nodata
        self.bytes = bytes
    }

    /// A plane of `pixelCount` values, all nodata (zero when there is none).
    init(type: CubeSampleType, nodata: Double?, pixelCount: Int) {
        self.type = type
        self.nodata = nodata
        bytes = SampleKernels.filledBytes(of: nodata ?? 0, as: type, count: pixelCount)
    }

    /// The number of values.
    var pixelCount: Int { bytes.count / type.byteCount }
}
