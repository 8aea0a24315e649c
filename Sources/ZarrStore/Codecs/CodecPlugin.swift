/// One kind of codec, owning everything about it: its names, its `zarr.json` configuration
/// both ways, and the runtime codec it builds for an array (the model is zarrs' codec plugins).
///
/// Adding a codec is one new file: a configuration type conforming to this protocol (plus
/// ``ZarrCodecConfiguration`` for callers), a static constructor on ``ZarrCodec``, the runtime
/// codec, and one line in ``ZarrCodecRegistry/plugins``.
protocol CodecPlugin: ZarrCodecConfiguration {
    /// Further names read as this codec (e.g. `zlib` for `numcodecs.zlib`); never written.
    static var aliases: [String] { get }
    /// Where the codec sits in a chain.
    static var stage: CodecStage { get }
    /// Parses the codec's `configuration` object (empty when the document has none).
    init(reading configuration: CodecConfigurationReader) throws(ZarrError)
    /// The `configuration` object to write, or `nil` to write the name alone.
    /// `elementSize` is the byte size of the elements entering the chain.
    func configurationJSON(elementSize: Int) -> JSONValue?
    /// The runtime codec for chunks entering this codec as described by `context`.
    func makeCodec(_ context: CodecContext) throws(ZarrError) -> RuntimeCodec
}

extension CodecPlugin {
    static var aliases: [String] { [] }
}

/// What a codec is built for: the array's element type and fill, the chunk shape entering the
/// codec, and the most bytes its decoder may produce (what the rest of the chain accepts).
struct CodecContext {
    let dataType: ZarrDataType
    let shape: [Int]
    let fillElement: [UInt8]
    let decodedLimit: Int
    /// The store key named in errors.
    let key: String

    func bad(_ reason: String) -> ZarrError { .invalidMetadata(key: key, reason: reason) }
}

/// A built codec, by stage.
enum RuntimeCodec {
    case arrayToArray(any ArrayToArrayCodec)
    case arrayToBytes(any ArrayToBytesCodec)
    case bytesToBytes(any BytesToBytesCodec)
}
