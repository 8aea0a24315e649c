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
    /// `COMPRESSION_CCITTRLE` (2), CCITT modified Huffman RLE (1-bit images).
    public static let ccittRLE = TIFFCompression(rawValue: 2)
    /// `COMPRESSION_CCITTFAX3` (3), CCITT Group 3 fax (1-bit images).
    public static let ccittFax3 = TIFFCompression(rawValue: 3)
    /// `COMPRESSION_CCITTFAX4` (4), CCITT Group 4 fax (1-bit images).
    public static let ccittFax4 = TIFFCompression(rawValue: 4)
    /// `COMPRESSION_OJPEG` (6), old-style JPEG.
    public static let oldJPEG = TIFFCompression(rawValue: 6)
    /// `COMPRESSION_JPEG` (7).
    public static let jpeg = TIFFCompression(rawValue: 7)
    /// `COMPRESSION_ADOBE_DEFLATE` (8).
    public static let deflate = TIFFCompression(rawValue: 8)
    /// `COMPRESSION_PACKBITS` (32773).
    public static let packBits = TIFFCompression(rawValue: 32773)
    /// `COMPRESSION_THUNDERSCAN` (32809), ThunderScan RLE (4-bit images).
    public static let thunderScan = TIFFCompression(rawValue: 32809)
    /// `COMPRESSION_PIXARLOG` (32909), Pixar companded 11-bit ZIP.
    public static let pixarLog = TIFFCompression(rawValue: 32909)
    /// `COMPRESSION_DEFLATE` (32946), the obsolete DEFLATE code.
    public static let pixarDeflate = TIFFCompression(rawValue: 32946)
    /// `COMPRESSION_JBIG` (34661), ISO JBIG.
    public static let jbig = TIFFCompression(rawValue: 34661)
    /// `COMPRESSION_SGILOG` (34676), SGI LogLuv RLE.
    public static let sgiLog = TIFFCompression(rawValue: 34676)
    /// `COMPRESSION_SGILOG24` (34677), SGI LogLuv 24-bit packed.
    public static let sgiLog24 = TIFFCompression(rawValue: 34677)
    /// `COMPRESSION_JP2000` (34712), JPEG 2000 (GDAL writes it through its own driver, not libtiff).
    public static let jpeg2000 = TIFFCompression(rawValue: 34712)
    /// `COMPRESSION_LERC` (34887).
    public static let lerc = TIFFCompression(rawValue: 34887)
    /// `COMPRESSION_LZMA` (34925).
    public static let lzma = TIFFCompression(rawValue: 34925)
    /// `COMPRESSION_ZSTD` (50000).
    public static let zstd = TIFFCompression(rawValue: 50000)
    /// `COMPRESSION_WEBP` (50001).
    public static let webp = TIFFCompression(rawValue: 50001)
    /// `COMPRESSION_JXL` (50002), JPEG XL.
    public static let jpegXL = TIFFCompression(rawValue: 50002)

    /// GDAL's name for the scheme (`DEFLATE`, `LZW`, `SGILOG24`, …), or `COMPRESSION_<number>`
    /// for schemes GDAL does not name. LERC's second stage is not part of the tag: see
    /// ``RasterLevel/compressionName``.
    public var description: String {
        switch self {
        case .none: "NONE"
        case .ccittRLE: "CCITTRLE"
        case .ccittFax3: "CCITTFAX3"
        case .ccittFax4: "CCITTFAX4"
        case .lzw: "LZW"
        case .oldJPEG: "OJPEG"
        case .jpeg: "JPEG"
        case .deflate, .pixarDeflate: "DEFLATE"
        case .packBits: "PACKBITS"
        case .thunderScan: "THUNDERSCAN"
        case .pixarLog: "PIXARLOG"
        case .jbig: "JBIG"
        case .sgiLog: "SGILOG"
        case .sgiLog24: "SGILOG24"
        case .jpeg2000: "JP2000"
        case .lerc: "LERC"
        case .lzma: "LZMA"
        case .zstd: "ZSTD"
        case .webp: "WEBP"
        case .jpegXL: "JXL"
        default: "COMPRESSION_\(rawValue)"
        }
    }
}
