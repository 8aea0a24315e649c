import CZstd

/// Settings of the `zstd` codec.
public struct ZarrZstdConfiguration: ZarrCodecConfiguration {
    public static let codecName = "zstd"
    /// The compression level (0 = libzstd's default; negative levels are faster).
    public var level: Int
    /// Whether each frame carries a content checksum.
    public var checksum: Bool

    /// A `zstd` configuration.
    public init(level: Int, checksum: Bool = false) {
        self.level = level
        self.checksum = checksum
    }

    /// `zstd(LEVEL)`.
    public var description: String { "zstd(\(level))" }
}

extension ZarrCodec {
    /// `zstd`: Zstandard at a level (0 = library default), optionally with a content checksum.
    public static func zstd(level: Int, checksum: Bool) -> ZarrCodec { ZarrCodec(ZarrZstdConfiguration(level: level, checksum: checksum)) }
}

extension ZarrZstdConfiguration: CodecPlugin {
    static var stage: CodecStage { .bytesToBytes }

    init(reading c: CodecConfigurationReader) throws(ZarrError) {
        let checksum = c["checksum"]?.boolValue ?? false
        // libzstd's range (ZSTD_minCLevel()…ZSTD_maxCLevel()); the value reaches C as an int.
        self.init(level: try c.int("level", default: 0, in: -131_072...22), checksum: checksum)
    }

    func configurationJSON(elementSize: Int) -> JSONValue? { ["level": .int(Int64(level)), "checksum": .bool(checksum)] }

    func makeCodec(_ context: CodecContext) throws(ZarrError) -> RuntimeCodec {
        .bytesToBytes(ZstdCodec(level: level, checksum: checksum, decodedLimit: context.decodedLimit))
    }
}

/// The `zstd` codec: Zstandard frames (with the content size, and a checksum when configured).
struct ZstdCodec: BytesToBytesCodec {
    let level: Int
    let checksum: Bool
    /// The most bytes a frame may decode to (what the rest of the chain can accept).
    var decodedLimit = ZarrArrayMetadata.maximumChunkBytes
    var fixedOverhead: Int? { nil }

    func encode(_ bytes: [UInt8]) throws(ZarrError) -> [UInt8] {
        guard let context = ZSTD_createCCtx() else { throw .encodingFailed(codec: "zstd", reason: "cannot create a context") }
        defer { ZSTD_freeCCtx(context) }
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, Int32(level))
        ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, checksum ? 1 : 0)
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count))
        let written = output.withUnsafeMutableBytes { dst in
            bytes.withUnsafeBytes { src in ZSTD_compress2(context, dst.baseAddress, dst.count, src.baseAddress, src.count) }
        }
        guard ZSTD_isError(written) == 0 else {
            throw .encodingFailed(codec: "zstd", reason: String(cString: ZSTD_getErrorName(written)))
        }
        return Array(output[0..<written])
    }

    func decode(_ bytes: ArraySlice<UInt8>, key: String) throws(ZarrError) -> [UInt8] {
        let declared = bytes.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        if declared == UInt64.max - 1 { throw .corruptChunk(key: key, reason: "not a zstd frame") }
        if declared != UInt64.max {
            guard declared <= UInt64(decodedLimit) else {
                throw .corruptChunk(key: key, reason: "zstd frame declares \(declared) bytes, more than the \(decodedLimit) a chunk of this array can hold")
            }
            var output = [UInt8](repeating: 0, count: Int(declared))
            let n = output.withUnsafeMutableBytes { dst in
                bytes.withUnsafeBytes { src in ZSTD_decompress(dst.baseAddress, dst.count, src.baseAddress, src.count) }
            }
            guard ZSTD_isError(n) == 0, n == Int(declared) else {
                throw .corruptChunk(key: key, reason: "zstd: \(ZSTD_isError(n) != 0 ? String(cString: ZSTD_getErrorName(n)) : "short frame")")
            }
            return output
        }
        return try streamingDecode(bytes, key: key)
    }

    /// Frames without a content size are decompressed in steps.
    private func streamingDecode(_ bytes: ArraySlice<UInt8>, key: String) throws(ZarrError) -> [UInt8] {
        guard let stream = ZSTD_createDStream() else { throw .corruptChunk(key: key, reason: "zstd: cannot create a stream") }
        defer { ZSTD_freeDStream(stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var failure: String?
        bytes.withUnsafeBytes { src in
            var input = ZSTD_inBuffer(src: src.baseAddress, size: src.count, pos: 0)
            while true {
                var result = 0
                let produced: Int = chunk.withUnsafeMutableBytes { dst in
                    var out = ZSTD_outBuffer(dst: dst.baseAddress, size: dst.count, pos: 0)
                    result = ZSTD_decompressStream(stream, &out, &input)
                    return out.pos
                }
                if ZSTD_isError(result) != 0 { failure = String(cString: ZSTD_getErrorName(result)); return }
                output.append(contentsOf: chunk[0..<produced])
                if output.count > decodedLimit { failure = "the frame decodes to more than the \(decodedLimit) bytes a chunk of this array can hold"; return }
                if result == 0 && input.pos == input.size { return }
                if produced == 0 && input.pos == input.size { failure = "truncated frame"; return }
            }
        }
        if let failure { throw .corruptChunk(key: key, reason: "zstd: \(failure)") }
        return output
    }
}

extension ZstdCodec: DirectBytesToBytesCodec {
    func maximumEncodedSize(_ count: Int) -> Int { ZSTD_compressBound(count) }

    func encode(_ source: UnsafeRawBufferPointer, scratch: UnsafeMutableRawBufferPointer) throws(ZarrError) -> [UInt8] {
        guard let context = ZSTD_createCCtx() else { throw .encodingFailed(codec: "zstd", reason: "cannot create a context") }
        defer { ZSTD_freeCCtx(context) }
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, Int32(level))
        ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, checksum ? 1 : 0)
        let written = ZSTD_compress2(context, scratch.baseAddress, scratch.count, source.baseAddress, source.count)
        guard ZSTD_isError(written) == 0 else {
            throw .encodingFailed(codec: "zstd", reason: String(cString: ZSTD_getErrorName(written)))
        }
        return Array(UnsafeRawBufferPointer(start: scratch.baseAddress, count: written))
    }

    func decode(_ bytes: ArraySlice<UInt8>, into destination: UnsafeMutableRawBufferPointer, key: String) throws(ZarrError) {
        let declared = bytes.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        guard declared == UInt64(destination.count) else {
            // Unknown or different content size: take the general path and check the length.
            let decoded = try decode(bytes, key: key)
            guard decoded.count == destination.count else {
                throw .corruptChunk(key: key, reason: "zstd frame holds \(decoded.count) bytes, expected \(destination.count)")
            }
            decoded.withUnsafeBytes { destination.copyMemory(from: $0) }
            return
        }
        let n = bytes.withUnsafeBytes { ZSTD_decompress(destination.baseAddress, destination.count, $0.baseAddress, $0.count) }
        guard ZSTD_isError(n) == 0, n == destination.count else {
            throw .corruptChunk(key: key, reason: "zstd: \(ZSTD_isError(n) != 0 ? String(cString: ZSTD_getErrorName(n)) : "short frame")")
        }
    }
}
