/// Settings of the `crc32c` checksum codec (it has none).
public struct ZarrCrc32cConfiguration: ZarrCodecConfiguration {
    public static let codecName = "crc32c"

    /// The `crc32c` codec.
    public init() {}

    /// `crc32c`.
    public var description: String { Self.codecName }
}

extension ZarrCodec {
    /// `crc32c`: a 4-byte CRC-32C checksum appended to the bytes.
    public static let crc32c = ZarrCodec(ZarrCrc32cConfiguration())
}

extension ZarrCrc32cConfiguration: CodecPlugin {
    static var stage: CodecStage { .bytesToBytes }
    init(reading c: CodecConfigurationReader) throws(ZarrError) { self.init() }
    func configurationJSON(elementSize: Int) -> JSONValue? { nil }
    func makeCodec(_ context: CodecContext) throws(ZarrError) -> RuntimeCodec { .bytesToBytes(Crc32cCodec()) }
}

/// The `crc32c` codec: appends the CRC-32C (Castagnoli) of the bytes, little endian, and checks it on decode.
struct Crc32cCodec: BytesToBytesCodec {
    var fixedOverhead: Int? { 4 }

    func encode(_ bytes: [UInt8]) throws(ZarrError) -> [UInt8] {
        var out = bytes
        let crc = CRC32C.checksum(bytes[...])
        out.append(contentsOf: withUnsafeBytes(of: crc.littleEndian) { Array($0) })
        return out
    }

    func decode(_ bytes: ArraySlice<UInt8>, key: String) throws(ZarrError) -> [UInt8] {
        guard bytes.count >= 4 else { throw .corruptChunk(key: key, reason: "shorter than its crc32c checksum") }
        let body = bytes[bytes.startIndex..<(bytes.endIndex - 4)]
        let stored = bytes[(bytes.endIndex - 4)...].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let computed = CRC32C.checksum(body)
        guard stored == computed else {
            throw .corruptChunk(key: key, reason: "crc32c mismatch (stored \(String(stored, radix: 16)), computed \(String(computed, radix: 16)))")
        }
        return Array(body)
    }
}
