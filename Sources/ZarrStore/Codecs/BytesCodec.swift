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
