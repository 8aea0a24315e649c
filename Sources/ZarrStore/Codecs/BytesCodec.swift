/// Settings of the `bytes` codec: the byte order elements are serialised in.
public struct ZarrBytesConfiguration: ZarrCodecConfiguration {
    public static let codecName = "bytes"
    /// The byte order; `nil` for single-byte types (zarr-python then writes no configuration).
    public var endian: ZarrEndian?

    /// A `bytes` configuration.
    public init(endian: ZarrEndian?) { self.endian = endian }

    /// `bytes(little)`, `bytes(big)` or `bytes(-)`.
    public var description: String { "bytes(\(endian?.rawValue ?? "-"))" }
}

extension ZarrCodec {
    /// `bytes`: elements in little or big endian byte order (`nil` for single-byte types).
    public static func bytes(endian: ZarrEndian?) -> ZarrCodec { ZarrCodec(ZarrBytesConfiguration(endian: endian)) }
}

extension ZarrBytesConfiguration: CodecPlugin {
    static var stage: CodecStage { .arrayToBytes }

    init(reading c: CodecConfigurationReader) throws(ZarrError) {
        guard let e = c["endian"] else { self.init(endian: nil); return }
        guard let s = e.stringValue, let endian = ZarrEndian(rawValue: s) else { throw c.bad("bytes endian must be 'little' or 'big'") }
        self.init(endian: endian)
    }

    func configurationJSON(elementSize: Int) -> JSONValue? { endian.map { ["endian": .string($0.rawValue)] } }

    func makeCodec(_ context: CodecContext) throws(ZarrError) -> RuntimeCodec {
        if endian == nil && context.dataType.byteCount > 1 { throw context.bad("the bytes codec needs an endian for \(context.dataType.rawValue)") }
        return .arrayToBytes(BytesCodec(endian: endian, dataType: context.dataType))
    }
}

/// The `bytes` codec: elements in little or big endian order.
struct BytesCodec: ArrayToBytesCodec {
    let endian: ZarrEndian?
    let dataType: ZarrDataType

    private var swaps: Bool { endian == .big && dataType.swapUnit > 1 }

    func encode(_ chunk: ChunkBuffer) throws(ZarrError) -> [UInt8] {
        swaps ? ByteSwap.swapped(chunk.bytes, unit: dataType.swapUnit) : chunk.bytes
    }

    func decode(_ bytes: ArraySlice<UInt8>, shape: [Int], key: String) throws(ZarrError) -> ChunkBuffer {
        let expected = shape.reduce(1, *) * dataType.byteCount
        guard bytes.count == expected else {
            throw .corruptChunk(key: key, reason: "decoded to \(bytes.count) bytes, expected \(expected) for shape \(shape) of \(dataType.rawValue)")
        }
        return ChunkBuffer(bytes: swaps ? ByteSwap.swapped(Array(bytes), unit: dataType.swapUnit) : Array(bytes), shape: shape)
    }

    func encodedSize(shape: [Int]) -> Int? { shape.reduce(1, *) * dataType.byteCount }

    func maximumEncodedSize(shape: [Int]) -> Int { shape.reduce(dataType.byteCount) { $0.multipliedReportingOverflow(by: $1).overflow ? .max : $0 * $1 } }
}

/// Byte order reversal of fixed-size units.
enum ByteSwap {
    static func swapped(_ bytes: [UInt8], unit: Int) -> [UInt8] {
        var out = bytes
        out.withUnsafeMutableBytes { raw in
            let count = raw.count / unit
            switch unit {
            case 2:
                let p = raw.bindMemory(to: UInt16.self)
                for i in 0..<count { p[i] = p[i].byteSwapped }
            case 4:
                let p = raw.bindMemory(to: UInt32.self)
                for i in 0..<count { p[i] = p[i].byteSwapped }
            case 8:
                let p = raw.bindMemory(to: UInt64.self)
                for i in 0..<count { p[i] = p[i].byteSwapped }
            default:
                for i in 0..<count {
                    var lo = i * unit, hi = lo + unit - 1
                    while lo < hi { raw.swapAt(lo, hi); lo += 1; hi -= 1 }
                }
            }
        }
        return out
    }
}
