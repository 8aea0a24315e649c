/// Settings of the `transpose` codec: a permutation of the chunk's axes.
public struct ZarrTransposeConfiguration: ZarrCodecConfiguration {
    public static let codecName = "transpose"
    /// `order[i]` is the decoded axis that becomes encoded axis `i`.
    public var order: [Int]

    /// A `transpose` configuration.
    public init(order: [Int]) { self.order = order }

    /// `transpose`.
    public var description: String { Self.codecName }
}

extension ZarrCodec {
    /// `transpose`: a permutation of the chunk's axes.
    public static func transpose(order: [Int]) -> ZarrCodec { ZarrCodec(ZarrTransposeConfiguration(order: order)) }
}

extension ZarrTransposeConfiguration: CodecPlugin {
    static var stage: CodecStage { .arrayToArray }

    init(reading c: CodecConfigurationReader) throws(ZarrError) {
        if c["order"]?.stringValue != nil { throw c.bad("transpose order 'C'/'F' strings are not Zarr v3; use a permutation") }
        self.init(order: try c.shape("order"))
    }

    func configurationJSON(elementSize: Int) -> JSONValue? { ["order": JSONValue(integers: order)] }

    func makeCodec(_ context: CodecContext) throws(ZarrError) -> RuntimeCodec {
        let rank = context.shape.count
        guard order.count == rank, Set(order) == Set(0..<rank) else {
            throw context.bad("transpose order \(order) is not a permutation of 0..<\(rank)")
        }
        return .arrayToArray(TransposeCodec(order: order, elementSize: context.dataType.byteCount))
    }
}

/// The `transpose` codec: permutes a chunk's axes (`order[i]` is the decoded axis that becomes encoded axis `i`).
struct TransposeCodec: ArrayToArrayCodec {
    let order: [Int]
    let elementSize: Int

    func encodedShape(_ shape: [Int]) -> [Int] { order.map { shape[$0] } }

    func encode(_ chunk: ChunkBuffer) throws(ZarrError) -> ChunkBuffer {
        let outShape = encodedShape(chunk.shape)
        return ChunkBuffer(bytes: Self.permute(chunk.bytes, shape: chunk.shape, order: order, elementSize: elementSize), shape: outShape)
    }

    func decode(_ chunk: ChunkBuffer, decodedShape: [Int], key: String) throws(ZarrError) -> ChunkBuffer {
        // The inverse permutation maps the encoded axes back.
        var inverse = [Int](repeating: 0, count: order.count)
        for (i, axis) in order.enumerated() { inverse[axis] = i }
        return ChunkBuffer(bytes: Self.permute(chunk.bytes, shape: chunk.shape, order: inverse, elementSize: elementSize), shape: decodedShape)
    }

    /// `out[i0, i1, …] = in[…]` where output axis `k` is input axis `order[k]`.
    static func permute(_ input: [UInt8], shape: [Int], order: [Int], elementSize: Int) -> [UInt8] {
        let rank = shape.count
        let count = shape.reduce(1, *)
        guard rank > 1, count > 0, order != Array(0..<rank) else { return input }
        var inStrides = [Int](repeating: 1, count: rank)
        for d in stride(from: rank - 2, through: 0, by: -1) { inStrides[d] = inStrides[d + 1] * shape[d + 1] }
        let outShape = order.map { shape[$0] }
        let stridesForOut = order.map { inStrides[$0] }
        var output = [UInt8](repeating: 0, count: input.count)
        input.withUnsafeBytes { src in
            output.withUnsafeMutableBytes { dst in
                var index = [Int](repeating: 0, count: rank)
                var offset = 0
                for o in 0..<count {
                    (dst.baseAddress! + o * elementSize).copyMemory(from: src.baseAddress! + offset * elementSize, byteCount: elementSize)
                    var d = rank - 1
                    while d >= 0 {
                        index[d] += 1
                        offset += stridesForOut[d]
                        if index[d] < outShape[d] { break }
                        offset -= stridesForOut[d] * outShape[d]
                        index[d] = 0
                        d -= 1
                    }
                }
            }
        }
        return output
    }
}
