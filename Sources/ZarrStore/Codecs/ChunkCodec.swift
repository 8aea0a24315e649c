/// A decoded chunk: its elements in C order and host (little-endian) byte order.
struct ChunkBuffer: Sendable {
    /// The raw element bytes.
    var bytes: [UInt8]
    /// The chunk's shape.
    var shape: [Int]
}

/// A codec that transforms an array chunk into another array chunk (e.g. `transpose`).
protocol ArrayToArrayCodec: Sendable {
    /// The shape of the encoded chunk, for a decoded chunk of `shape`.
    func encodedShape(_ shape: [Int]) -> [Int]
    func encode(_ chunk: ChunkBuffer) throws(ZarrError) -> ChunkBuffer
    func decode(_ chunk: ChunkBuffer, decodedShape: [Int], key: String) throws(ZarrError) -> ChunkBuffer
}

/// A codec that serialises an array chunk into bytes (`bytes`, `sharding_indexed`).
protocol ArrayToBytesCodec: Sendable {
    func encode(_ chunk: ChunkBuffer) throws(ZarrError) -> [UInt8]
    func decode(_ bytes: ArraySlice<UInt8>, shape: [Int], key: String) throws(ZarrError) -> ChunkBuffer
    /// The encoded size when it is fixed (needed for shard index codecs), else `nil`.
    func encodedSize(shape: [Int]) -> Int?
    /// The largest encoded size a chunk of `shape` can have (saturating at `Int.max`).
    func maximumEncodedSize(shape: [Int]) -> Int
}

/// A codec that transforms bytes into bytes (compressors, checksums).
protocol BytesToBytesCodec: Sendable {
    func encode(_ bytes: [UInt8]) throws(ZarrError) -> [UInt8]
    func decode(_ bytes: ArraySlice<UInt8>, key: String) throws(ZarrError) -> [UInt8]
    /// Bytes added to a fixed-size input, when that is fixed (checksums), else `nil`.
    var fixedOverhead: Int? { get }
}

/// A bytes→bytes codec that can work between caller-provided buffers (the fast path for
/// the common `bytes` + compressor chain: no intermediate arrays).
protocol DirectBytesToBytesCodec: BytesToBytesCodec {
    /// Decodes into exactly `destination.count` bytes; anything else is a corrupt chunk.
    func decode(_ bytes: ArraySlice<UInt8>, into destination: UnsafeMutableRawBufferPointer, key: String) throws(ZarrError)
    /// Encodes `source`, using `scratch` (at least ``maximumEncodedSize(_:)`` bytes), and returns the exact encoded bytes.
    func encode(_ source: UnsafeRawBufferPointer, scratch: UnsafeMutableRawBufferPointer) throws(ZarrError) -> [UInt8]
    /// The largest encoded size of `count` input bytes.
    func maximumEncodedSize(_ count: Int) -> Int
}
