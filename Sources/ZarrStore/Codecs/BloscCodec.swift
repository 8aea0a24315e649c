import CBlosc

/// Configuration of the `blosc` codec (all compressors libblosc 1 provides).
public struct ZarrBloscConfiguration: ZarrCodecConfiguration {
    public static let codecName = "blosc"

    /// The compressor inside Blosc.
    public enum Compressor: String, Sendable, Hashable, CaseIterable {
        /// `blosclz` (BLOSC_BLOSCLZ).
        case blosclz
        /// `lz4` (BLOSC_LZ4).
        case lz4
        /// `lz4hc` (BLOSC_LZ4HC).
        case lz4hc
        /// `snappy` (BLOSC_SNAPPY; only if libblosc was built with it).
        case snappy
        /// `zlib` (BLOSC_ZLIB).
        case zlib
        /// `zstd` (BLOSC_ZSTD).
        case zstd
    }

    /// The pre-compression shuffle filter.
    public enum Shuffle: String, Sendable, Hashable, CaseIterable {
        /// No shuffle (BLOSC_NOSHUFFLE).
        case noshuffle
        /// Byte shuffle (BLOSC_SHUFFLE).
        case shuffle
        /// Bit shuffle (BLOSC_BITSHUFFLE).
        case bitshuffle
    }

    /// The compressor.
    public var compressor: Compressor
    /// Compression level 0…9.
    public var level: Int
    /// The shuffle filter.
    public var shuffle: Shuffle
    /// The element size the shuffle works on; `nil` means the array's element size.
    public var typeSize: Int?
    /// Blosc block size in bytes; 0 lets Blosc choose.
    public var blockSize: Int

    /// A Blosc configuration; `typeSize` defaults to the array's element size.
    public init(compressor: Compressor = .zstd, level: Int = 5, shuffle: Shuffle = .shuffle, typeSize: Int? = nil, blockSize: Int = 0) {
        self.compressor = compressor
        self.level = level
        self.shuffle = shuffle
        self.typeSize = typeSize
        self.blockSize = blockSize
    }

    /// `blosc(CNAME,LEVEL,SHUFFLE)`.
    public var description: String { "blosc(\(compressor.rawValue),\(level),\(shuffle.rawValue))" }
}

extension ZarrCodec {
    /// `blosc`: the Blosc 1 meta-compressor.
    public static func blosc(_ configuration: ZarrBloscConfiguration) -> ZarrCodec { ZarrCodec(configuration) }
}

extension ZarrBloscConfiguration: CodecPlugin {
    static var stage: CodecStage { .bytesToBytes }

    init(reading c: CodecConfigurationReader) throws(ZarrError) {
        let cname = c["cname"]?.stringValue ?? "zstd"
        guard let compressor = Compressor(rawValue: cname) else {
            throw .unsupportedFeature(key: c.key, feature: "blosc compressor '\(cname)'")
        }
        var shuffle = Shuffle.noshuffle
        if let s = c["shuffle"] {
            // numcodecs writes the shuffle as 0, 1 or 2.
            if let text = s.stringValue, let parsed = Shuffle(rawValue: text) { shuffle = parsed }
            else if let i = s.intValue, (0...2).contains(i) { shuffle = [.noshuffle, .shuffle, .bitshuffle][i] }
            else { throw c.bad("blosc shuffle must be noshuffle, shuffle or bitshuffle") }
        }
        let typeSize = c["typesize"].flatMap { $0.intValue }
        let level = try c.int("clevel", default: 5, in: 0...9, label: "blosc clevel")
        let blockSize = try c.int("blocksize", default: 0, in: 0...Int(Int32.max), label: "blosc blocksize")
        self.init(compressor: compressor, level: level, shuffle: shuffle, typeSize: typeSize, blockSize: blockSize)
    }

    func configurationJSON(elementSize: Int) -> JSONValue? {
        ["typesize": .int(Int64(typeSize ?? elementSize)), "cname": .string(compressor.rawValue),
         "clevel": .int(Int64(level)), "shuffle": .string(shuffle.rawValue), "blocksize": .int(Int64(blockSize))]
    }

    func makeCodec(_ context: CodecContext) throws(ZarrError) -> RuntimeCodec {
        .bytesToBytes(BloscCodec(configuration: self, elementSize: context.dataType.byteCount, decodedLimit: context.decodedLimit))
    }
}


/// The `blosc` codec through libblosc 1, using the context API so many threads can
/// (de)compress at once (each call single-threaded; parallelism comes from the array layer).
struct BloscCodec: BytesToBytesCodec {
    let configuration: ZarrBloscConfiguration
    let elementSize: Int
    /// The most bytes a buffer may decode to (what the rest of the chain can accept).
    var decodedLimit = ZarrArrayMetadata.maximumChunkBytes
    var fixedOverhead: Int? { nil }

    func encode(_ bytes: [UInt8]) throws(ZarrError) -> [UInt8] {
        try Self.checkSize(bytes.count)
        var output = [UInt8](repeating: 0, count: maximumEncodedSize(bytes.count))
        let written = output.withUnsafeMutableBytes { dst in
            bytes.withUnsafeBytes { src in Result { () throws(ZarrError) in try compress(src, into: dst) } }
        }
        // A right-sized copy, so shards being assembled do not pin chunk-sized buffers.
        return Array(output[0..<(try written.get())])
    }

    /// Blosc 1 sizes are 32-bit: refuse larger chunks before allocating anything.
    private static func checkSize(_ count: Int) throws(ZarrError) {
        guard count <= Int(Int32.max) - Int(BLOSC_MAX_OVERHEAD) else {
            throw .encodingFailed(codec: "blosc", reason: "a chunk of \(count) bytes exceeds Blosc's 2 GiB limit; use smaller chunks")
        }
    }

    /// Compresses `source` into `destination` (at least ``maximumEncodedSize(_:)`` bytes); returns the bytes written.
    private func compress(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) throws(ZarrError) -> Int {
        let typeSize = min(max(configuration.typeSize ?? elementSize, 1), 255)
        let shuffle: Int32
        switch configuration.shuffle {
        case .noshuffle: shuffle = BLOSC_NOSHUFFLE
        case .shuffle: shuffle = BLOSC_SHUFFLE
        case .bitshuffle: shuffle = BLOSC_BITSHUFFLE
        }
        let name = configuration.compressor.rawValue
        // libblosc wants a non-null source even for an empty chunk.
        let written = blosc_compress_ctx(Int32(configuration.level), shuffle, typeSize, source.count,
                                         source.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!,
                                         destination.baseAddress, destination.count, name, configuration.blockSize, 1)
        guard written > 0 else {
            throw .encodingFailed(codec: "blosc", reason: "blosc_compress_ctx returned \(written) (is compressor '\(name)' built into libblosc?)")
        }
        return Int(written)
    }

    func decode(_ bytes: ArraySlice<UInt8>, key: String) throws(ZarrError) -> [UInt8] {
        guard bytes.count >= Int(BLOSC_MIN_HEADER_LENGTH) else { throw .corruptChunk(key: key, reason: "blosc data shorter than its header") }
        var declared = 0
        let valid = bytes.withUnsafeBytes { blosc_cbuffer_validate($0.baseAddress, $0.count, &declared) }
        guard valid == 0, declared <= decodedLimit else {
            throw .corruptChunk(key: key, reason: "blosc header is invalid or does not match the data length")
        }
        var output = [UInt8](repeating: 0, count: declared)
        if declared == 0 { return output }
        let n = output.withUnsafeMutableBytes { dst in
            bytes.withUnsafeBytes { src in blosc_decompress_ctx(src.baseAddress, dst.baseAddress, dst.count, 1) }
        }
        guard Int(n) == declared else { throw .corruptChunk(key: key, reason: "blosc decompression failed (\(n))") }
        return output
    }
}

extension BloscCodec: DirectBytesToBytesCodec {
    func maximumEncodedSize(_ count: Int) -> Int { count + Int(BLOSC_MAX_OVERHEAD) }

    func encode(_ source: UnsafeRawBufferPointer, scratch: UnsafeMutableRawBufferPointer) throws(ZarrError) -> [UInt8] {
        try Self.checkSize(source.count)
        let written = try compress(source, into: scratch)
        return Array(UnsafeRawBufferPointer(start: scratch.baseAddress, count: written))
    }

    func decode(_ bytes: ArraySlice<UInt8>, into destination: UnsafeMutableRawBufferPointer, key: String) throws(ZarrError) {
        guard bytes.count >= Int(BLOSC_MIN_HEADER_LENGTH) else { throw .corruptChunk(key: key, reason: "blosc data shorter than its header") }
        var declared = 0
        let valid = bytes.withUnsafeBytes { blosc_cbuffer_validate($0.baseAddress, $0.count, &declared) }
        guard valid == 0, declared == destination.count else {
            throw .corruptChunk(key: key, reason: "blosc header is invalid or declares \(declared) bytes instead of \(destination.count)")
        }
        if declared == 0 { return }
        let n = bytes.withUnsafeBytes { blosc_decompress_ctx($0.baseAddress, destination.baseAddress, destination.count, 1) }
        guard Int(n) == declared else { throw .corruptChunk(key: key, reason: "blosc decompression failed (\(n))") }
    }
}
