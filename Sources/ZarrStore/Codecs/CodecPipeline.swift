/// A validated codec chain for chunks of one shape: array→array codecs, one array→bytes
/// codec, then bytes→bytes codecs. Built once per array and shared by all threads.
struct CodecPipeline: Sendable {
    let arrayToArray: [any ArrayToArrayCodec]
    /// The chunk shape entering each array→array codec, and after the last one.
    let shapes: [[Int]]
    let arrayToBytes: any ArrayToBytesCodec
    let bytesToBytes: [any BytesToBytesCodec]
    let chunkShape: [Int]
    let dataType: ZarrDataType
    /// The largest stored (encoded) chunk this chain can produce; anything larger is corrupt and
    /// is refused before it is read into memory.
    let maximumStoredSize: Int
    /// Encodings of single-valued chunks, shared by every copy of the pipeline.
    let uniformEncodings = UniformChunkEncodings()

    /// The sharding codec when it is the chain's only codec: the array layer then reads
    /// and writes inner chunks directly (byte-range reads, no whole-shard buffers).
    var plainSharding: ShardingCodec? {
        guard arrayToArray.isEmpty, bytesToBytes.isEmpty else { return nil }
        return arrayToBytes as? ShardingCodec
    }

    init(codecs: [ZarrCodec], dataType: ZarrDataType, chunkShape: [Int], key: String,
         fillElement: [UInt8]? = nil) throws(ZarrError) {
        func bad(_ reason: String) -> ZarrError { .invalidMetadata(key: key, reason: reason) }
        self.chunkShape = chunkShape
        self.dataType = dataType
        var chunkBytes = dataType.byteCount
        for extent in chunkShape {
            let (product, overflow) = chunkBytes.multipliedReportingOverflow(by: extent)
            guard !overflow, product <= ZarrArrayMetadata.maximumChunkBytes else {
                throw bad("a chunk of shape \(chunkShape) is larger than the \(ZarrArrayMetadata.maximumChunkBytes >> 30) GiB limit")
            }
            chunkBytes = product
        }
        var a2a: [any ArrayToArrayCodec] = []
        var shapes = [chunkShape]
        var a2b: (any ArrayToBytesCodec)?
        var b2b: [any BytesToBytesCodec] = []
        // The most bytes the next bytes→bytes codec may decode to: the array→bytes codec's
        // largest output, then each codec's worst-case expansion (compressors add a little to
        // incompressible data: zstd ~1/256, gzip ~1/3000, blosc 16 bytes; checksums 4 bytes).
        var stageLimit = 0
        func expanded(_ n: Int) -> Int { let (sum, overflow) = n.addingReportingOverflow(n / 64 + 4096); return overflow ? .max : sum }
        let fill: [UInt8]
        if let fillElement { fill = fillElement } else { fill = try ZarrFillValue.zero(for: dataType).elementBytes(for: dataType) }
        for codec in codecs {
            switch codec.stage {
            case .arrayToArray:
                guard a2b == nil else { throw bad("array→array codec '\(codec.name)' follows the array→bytes codec") }
            case .arrayToBytes:
                guard a2b == nil else { throw bad("more than one array→bytes codec ('\(codec.name)')") }
            case .bytesToBytes:
                guard a2b != nil else { throw bad("bytes→bytes codec '\(codec.name)' precedes the array→bytes codec") }
            }
            let shape = shapes[shapes.count - 1]
            let context = CodecContext(dataType: dataType, shape: shape, fillElement: fill, decodedLimit: stageLimit, key: key)
            switch try codec.plugin.makeCodec(context) {
            case .arrayToArray(let codec):
                a2a.append(codec)
                shapes.append(codec.encodedShape(shape))
            case .arrayToBytes(let codec):
                a2b = codec
                stageLimit = codec.maximumEncodedSize(shape: shape)
            case .bytesToBytes(let codec):
                b2b.append(codec)
                stageLimit = expanded(stageLimit)
            }
        }
        guard let a2b else { throw bad("the codec chain has no array→bytes codec (add 'bytes')") }
        self.arrayToArray = a2a
        self.shapes = shapes
        self.arrayToBytes = a2b
        self.bytesToBytes = b2b
        self.maximumStoredSize = stageLimit
    }

    /// The fixed encoded size of a chunk, when every codec has one (shard index chains).
    var fixedEncodedSize: Int? {
        guard var size = arrayToBytes.encodedSize(shape: shapes[shapes.count - 1]) else { return nil }
        for codec in bytesToBytes {
            guard let extra = codec.fixedOverhead else { return nil }
            size += extra
        }
        return size
    }

    /// The compressor of a `bytes` (host order) + at most one direct compressor chain, when
    /// that is the whole chain; `.some(nil)` for a plain `bytes` chain; `nil` otherwise.
    var directPath: (any DirectBytesToBytesCodec)?? {
        guard arrayToArray.isEmpty, let b = arrayToBytes as? BytesCodec, b.endian != .big || dataType.swapUnit == 1 else { return nil }
        if bytesToBytes.isEmpty { return .some(nil) }
        guard bytesToBytes.count == 1, let direct = bytesToBytes[0] as? any DirectBytesToBytesCodec else { return nil }
        return .some(direct)
    }

    var chunkByteCount: Int { chunkShape.reduce(1, *) * dataType.byteCount }

    /// Decodes a stored chunk into `destination` (exactly ``chunkByteCount`` bytes), without
    /// intermediate arrays when the chain allows.
    func decode(_ bytes: ArraySlice<UInt8>, into destination: UnsafeMutableRawBufferPointer, key: String) throws(ZarrError) {
        if let path = directPath {
            if let codec = path {
                try codec.decode(bytes, into: destination, key: key)
            } else {
                guard bytes.count == destination.count else {
                    throw .corruptChunk(key: key, reason: "decoded to \(bytes.count) bytes, expected \(destination.count)")
                }
                bytes.withUnsafeBytes { destination.copyMemory(from: $0) }
            }
            return
        }
        let decoded = try decode(bytes, key: key)
        decoded.withUnsafeBytes { destination.copyMemory(from: $0) }
    }

    /// Encodes a chunk held in `source` (``chunkByteCount`` bytes). A chunk whose elements all
    /// hold one value is encoded once per value (see ``UniformChunkEncodings``).
    func encode(_ source: UnsafeRawBufferPointer) throws(ZarrError) -> [UInt8] {
        guard let element = RegionCopy.uniformElement(source, size: dataType.byteCount) else { return try encodeAny(source) }
        return try uniformEncodings.encoded(element) { () throws(ZarrError) -> [UInt8] in try encodeAny(source) }
    }

    /// The encoding of a chunk whose every element is `element` (from ``UniformChunkEncodings``).
    func encode(uniform element: [UInt8]) throws(ZarrError) -> [UInt8] {
        try uniformEncodings.encoded(element) { () throws(ZarrError) -> [UInt8] in
            try BufferPool.shared.with(size: chunkByteCount) { (chunk: UnsafeMutableRawBufferPointer) throws(ZarrError) -> [UInt8] in
                if let base = chunk.baseAddress {
                    RegionCopy.fill(base, shape: chunkShape, origin: chunkShape.map { _ in 0 }, extent: chunkShape, element: element)
                }
                return try encodeAny(UnsafeRawBufferPointer(chunk))
            }
        }
    }

    private func encodeAny(_ source: UnsafeRawBufferPointer) throws(ZarrError) -> [UInt8] {
        if let path = directPath {
            guard let codec = path else { return Array(source) }
            return try BufferPool.shared.with(size: codec.maximumEncodedSize(source.count)) { (scratch: UnsafeMutableRawBufferPointer) throws(ZarrError) -> [UInt8] in
                try codec.encode(source, scratch: scratch)
            }
        }
        return try encode(Array(source))
    }

    /// Encodes a chunk given as C-ordered element bytes of ``chunkShape``.
    func encode(_ bytes: [UInt8]) throws(ZarrError) -> [UInt8] {
        var chunk = ChunkBuffer(bytes: bytes, shape: chunkShape)
        for codec in arrayToArray { chunk = try codec.encode(chunk) }
        var encoded = try arrayToBytes.encode(chunk)
        for codec in bytesToBytes { encoded = try codec.encode(encoded) }
        return encoded
    }

    /// Decodes a stored chunk into C-ordered element bytes of ``chunkShape``.
    func decode(_ bytes: ArraySlice<UInt8>, key: String) throws(ZarrError) -> [UInt8] {
        var data = bytes
        for codec in bytesToBytes.reversed() { data = try codec.decode(data, key: key)[...] }
        var chunk = try arrayToBytes.decode(data, shape: shapes[shapes.count - 1], key: key)
        for (i, codec) in arrayToArray.enumerated().reversed() {
            chunk = try codec.decode(chunk, decodedShape: shapes[i], key: key)
        }
        guard chunk.bytes.count == chunkShape.reduce(1, *) * dataType.byteCount else {
            throw .corruptChunk(key: key, reason: "decoded chunk has the wrong size")
        }
        return chunk.bytes
    }
}
