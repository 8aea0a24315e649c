import CBlosc

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
