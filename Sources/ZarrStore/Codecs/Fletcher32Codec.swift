/// Settings of numcodecs' `fletcher32` checksum codec (it has none).
public struct ZarrFletcher32Configuration: ZarrCodecConfiguration {
    public static let codecName = "numcodecs.fletcher32"

    /// The `numcodecs.fletcher32` codec.
    public init() {}

    /// `numcodecs.fletcher32`.
    public var description: String { Self.codecName }
}

extension ZarrCodec {
    /// `numcodecs.fletcher32`: HDF5's 4-byte Fletcher-32 checksum appended to the bytes.
    public static let fletcher32 = ZarrCodec(ZarrFletcher32Configuration())
}

extension ZarrFletcher32Configuration: CodecPlugin {
    static var stage: CodecStage { .bytesToBytes }
    init(reading c: CodecConfigurationReader) throws(ZarrError) { self.init() }
    func configurationJSON(elementSize: Int) -> JSONValue? { nil }
    func makeCodec(_ context: CodecContext) throws(ZarrError) -> RuntimeCodec { .bytesToBytes(Fletcher32Codec()) }
}

/// numcodecs' `fletcher32` codec: appends HDF5's Fletcher-32 checksum of the bytes (little
/// endian) and checks it on decode.
struct Fletcher32Codec: BytesToBytesCodec {
    var fixedOverhead: Int? { 4 }

    /// HDF5's variant: big-endian 16-bit words, an odd last byte as the high half of a word,
    /// sums folded every 360 words so they cannot overflow.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var sum1: UInt32 = 0, sum2: UInt32 = 0
        var i = bytes.startIndex
        var words = bytes.count / 2
        while words > 0 {
            let block = min(words, 360)
            words -= block
            for _ in 0..<block {
                sum1 &+= UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1])
                sum2 &+= sum1
                i += 2
            }
            sum1 = (sum1 & 0xFFFF) &+ (sum1 >> 16)
            sum2 = (sum2 & 0xFFFF) &+ (sum2 >> 16)
        }
        if bytes.count % 2 == 1 {
            sum1 &+= UInt32(bytes[i]) << 8
            sum2 &+= sum1
            sum1 = (sum1 & 0xFFFF) &+ (sum1 >> 16)
            sum2 = (sum2 & 0xFFFF) &+ (sum2 >> 16)
        }
        sum1 = (sum1 & 0xFFFF) &+ (sum1 >> 16)
        sum2 = (sum2 & 0xFFFF) &+ (sum2 >> 16)
        return sum2 << 16 | sum1
    }

    func encode(_ bytes: [UInt8]) throws(ZarrError) -> [UInt8] {
        let sum = Self.checksum(bytes[...])
        return bytes + withUnsafeBytes(of: sum.littleEndian) { Array($0) }
    }

    func decode(_ bytes: ArraySlice<UInt8>, key: String) throws(ZarrError) -> [UInt8] {
        guard bytes.count >= 4 else { throw .corruptChunk(key: key, reason: "shorter than its fletcher32 checksum") }
        let body = bytes[bytes.startIndex..<(bytes.endIndex - 4)]
        let stored = bytes[(bytes.endIndex - 4)...].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let computed = Self.checksum(body)
        guard stored == computed else {
            throw .corruptChunk(key: key, reason: "fletcher32 mismatch (stored \(String(stored, radix: 16)), computed \(String(computed, radix: 16)))")
        }
        return Array(body)
    }
}
