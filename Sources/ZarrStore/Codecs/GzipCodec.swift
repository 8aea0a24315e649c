import CZlib

/// Settings of the `gzip` codec (RFC 1952).
public struct ZarrGzipConfiguration: ZarrCodecConfiguration {
    public static let codecName = "gzip"
    /// The deflate level 0…9.
    public var level: Int

    /// A `gzip` configuration.
    public init(level: Int) { self.level = level }

    /// `gzip(LEVEL)`.
    public var description: String { "gzip(\(level))" }
}

extension ZarrCodec {
    /// `gzip`: RFC 1952 gzip at a level 0…9.
    public static func gzip(level: Int) -> ZarrCodec { ZarrCodec(ZarrGzipConfiguration(level: level)) }
}

extension ZarrGzipConfiguration: CodecPlugin {
    static var stage: CodecStage { .bytesToBytes }
    init(reading c: CodecConfigurationReader) throws(ZarrError) { self.init(level: try c.int("level", default: 5, in: 0...9)) }
    func configurationJSON(elementSize: Int) -> JSONValue? { ["level": .int(Int64(level))] }
    func makeCodec(_ context: CodecContext) throws(ZarrError) -> RuntimeCodec {
        .bytesToBytes(GzipCodec(level: level, decodedLimit: context.decodedLimit))
    }
}

/// Settings of numcodecs' `zlib` codec (RFC 1950), as zarr-python writes it.
public struct ZarrZlibConfiguration: ZarrCodecConfiguration {
    public static let codecName = "numcodecs.zlib"
    /// The deflate level 0…9.
    public var level: Int

    /// A `numcodecs.zlib` configuration.
    public init(level: Int) { self.level = level }

    /// `zlib(LEVEL)`.
    public var description: String { "zlib(\(level))" }
}

extension ZarrCodec {
    /// `numcodecs.zlib`: RFC 1950 zlib at a level 0…9 (zarr-python's wrapper of numcodecs' Zlib).
    public static func zlib(level: Int) -> ZarrCodec { ZarrCodec(ZarrZlibConfiguration(level: level)) }
}

extension ZarrZlibConfiguration: CodecPlugin {
    static var aliases: [String] { ["zlib"] }
    static var stage: CodecStage { .bytesToBytes }
    init(reading c: CodecConfigurationReader) throws(ZarrError) {
        self.init(level: try c.int("level", default: 1, in: 0...9, label: "zlib level"))
    }
    func configurationJSON(elementSize: Int) -> JSONValue? { ["level": .int(Int64(level))] }
    func makeCodec(_ context: CodecContext) throws(ZarrError) -> RuntimeCodec {
        .bytesToBytes(GzipCodec(level: level, zlibWrapper: true, decodedLimit: context.decodedLimit))
    }
}

/// The `gzip` codec (RFC 1952 gzip) and numcodecs' `numcodecs.zlib` (RFC 1950 zlib), both through zlib.
struct GzipCodec: BytesToBytesCodec {
    let level: Int
    /// Whether the deflate stream has the zlib wrapper (`numcodecs.zlib`) instead of gzip's.
    var zlibWrapper = false
    /// The most bytes a stream may inflate to (what the rest of the chain can accept).
    var decodedLimit = ZarrArrayMetadata.maximumChunkBytes
    var fixedOverhead: Int? { nil }
    private var name: String { zlibWrapper ? "numcodecs.zlib" : "gzip" }

    func encode(_ bytes: [UInt8]) throws(ZarrError) -> [UInt8] {
        var stream = z_stream()
        // windowBits 15 + 16 selects the gzip wrapper, 15 alone the zlib one.
        guard eocube_deflate_init2(&stream, Int32(level), Z_DEFLATED, zlibWrapper ? 15 : 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK else {
            throw .encodingFailed(codec: name, reason: "deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(bytes.count))) + 32
        var output = [UInt8](repeating: 0, count: bound)
        var input = bytes
        let status: Int32 = input.withUnsafeMutableBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in
                stream.next_in = src.baseAddress
                stream.avail_in = uInt(src.count)
                stream.next_out = dst.baseAddress
                stream.avail_out = uInt(dst.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw .encodingFailed(codec: name, reason: "deflate returned \(status)") }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    func decode(_ bytes: ArraySlice<UInt8>, key: String) throws(ZarrError) -> [UInt8] {
        try Self.inflate(Array(bytes), key: key, codec: name, limit: decodedLimit)
    }

    /// Inflates gzip or zlib data (windowBits 15 + 32 detects the header), growing the output as needed.
    static func inflate(_ bytes: [UInt8], key: String, codec: String, limit: Int = ZarrArrayMetadata.maximumChunkBytes) throws(ZarrError) -> [UInt8] {
        let limit = min(limit, ZarrArrayMetadata.maximumChunkBytes)
        var stream = z_stream()
        guard eocube_inflate_init2(&stream, 15 + 32) == Z_OK else { throw .corruptChunk(key: key, reason: "\(codec): inflateInit2 failed") }
        defer { inflateEnd(&stream) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: min(limit + 1, max(1024, bytes.count.multipliedReportingOverflow(by: 4).partialValue)))
        var status: Int32 = Z_OK
        var oversize = false
        input.withUnsafeMutableBufferPointer { src in
            stream.next_in = src.baseAddress
            stream.avail_in = uInt(src.count)
            while true {
                let produced = Int(stream.total_out)
                if produced == output.count {
                    // One byte over the limit tells a too-long stream from one that fills it exactly.
                    guard output.count <= limit else { status = Z_BUF_ERROR; oversize = true; return }
                    output.append(contentsOf: repeatElement(0, count: min(output.count, limit + 1 - output.count)))
                }
                status = output.withUnsafeMutableBufferPointer { dst in
                    stream.next_out = dst.baseAddress! + produced
                    stream.avail_out = uInt(dst.count - produced)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                if status == Z_STREAM_END { return }
                if status != Z_OK && status != Z_BUF_ERROR { return }
                if status == Z_BUF_ERROR && stream.avail_in == 0 { return }
            }
        }
        if oversize { throw .corruptChunk(key: key, reason: "\(codec) data inflates to more than the \(limit) bytes a chunk of this array can hold") }
        guard status == Z_STREAM_END else {
            throw .corruptChunk(key: key, reason: "\(codec) data is truncated or corrupt (zlib status \(status))")
        }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }
}
