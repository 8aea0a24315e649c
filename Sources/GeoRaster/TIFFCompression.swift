/// A TIFF `Compression` tag value (259), with names for the schemes this libtiff decodes.
public struct TIFFCompression: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The numeric tag value.
    public var rawValue: UInt16
    /// A scheme from its tag value.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `COMPRESSION_NONE` (1).
    public static let none = TIFFCompression(rawValue: 1)
    /// `COMPRESSION_LZW` (5).
    public static let lzw = TIFFCompression(rawValue: 5)
    /// `COMPRESSION_OJPEG` (6), old-style JPEG.
    public static let oldJPEG = TIFFCompression(rawValue: 6)
    /// `COMPRESSION_JPEG` (7).
    public static let jpeg = TIFFCompression(rawValue: 7)
    /// `COMPRESSION_ADOBE_DEFLATE` (8).
    public static let deflate = TIFFCompression(rawValue: 8)
    /// `COMPRESSION_PACKBITS` (32773).
    public static let packBits = TIFFCompression(rawValue: 32773)
    /// `COMPRESSION_DEFLATE` (32946), the obsolete DEFLATE code.
    public static let pixarDeflate = TIFFCompression(rawValue: 32946)
    /// `COMPRESSION_LERC` (34887).
    public static let lerc = TIFFCompression(rawValue: 34887)
    /// `COMPRESSION_LZMA` (34925).
    public static let lzma = TIFFCompression(rawValue: 34925)
    /// `COMPRESSION_ZSTD` (50000).
    public static let zstd = TIFFCompression(rawValue: 50000)
    /// `COMPRESSION_WEBP` (50001).
    public static let webp = TIFFCompression(rawValue: 50001)

    /// GDAL's name for the scheme (`DEFLATE`, `LZW`, …), or the number.
    public var description: String {
        switch self {
        case .none: "NONE"
        case .lzw: "LZW"
        case .oldJPEG: "OJPEG"
        case .jpeg: "JPEG"
        case .deflate, .pixarDeflate: "DEFLATE"
        case .packBits: "PACKBITS"
        case .lerc: "LERC"
        case .lzma: "LZMA"
        case .zstd: "ZSTD"
        case .webp: "WEBP"
        default: "COMPRESSION_\(rawValue)"
        }
    }
}
