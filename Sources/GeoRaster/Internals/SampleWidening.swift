/// Samples stored in a width GeoRaster has no type for, widened as GDAL widens them: unsigned
/// 1–7 bits to `uint8`, 9–15 to `uint16`, 17–31 to `uint32`, 16-bit floats to `float32`.
///
/// libtiff hands these blocks over as stored: each row a big-endian bit stream padded to a
/// whole byte (24-bit samples too: GDAL reads the 3 bytes most significant first), half floats
/// in host order.
struct SampleWidening: Sendable, Equatable {
    /// Bits of one stored sample.
    let bitsPerSample: Int
    /// Whether the stored samples are IEEE half floats.
    let isHalfFloat: Bool

    /// The widened type of a `SampleFormat`/`BitsPerSample` pair, nil when GeoRaster reads the
    /// samples as stored (or not at all).
    static func type(sampleFormat: UInt16, bitsPerSample: UInt16) -> (RasterDataType, SampleWidening)? {
        let bits = Int(bitsPerSample)
        // SampleFormat 4 (void) is read as unsigned, as GDAL does.
        switch (sampleFormat, bits) {
        case (3, 16):
            return (.float32, SampleWidening(bitsPerSample: 16, isHalfFloat: true))
        case (1, 1...7), (4, 1...7):
            return (.uint8, SampleWidening(bitsPerSample: bits, isHalfFloat: false))
        case (1, 9...15), (4, 9...15):
            return (.uint16, SampleWidening(bitsPerSample: bits, isHalfFloat: false))
        case (1, 17...31), (4, 17...31):
            return (.uint32, SampleWidening(bitsPerSample: bits, isHalfFloat: false))
        default:
            return nil
        }
    }

    /// Bytes of one stored row of `samples` samples.
    func storedRowBytes(samples: Int) -> Int { (samples * bitsPerSample + 7) / 8 }

    /// Widens `rows` stored rows of `samples` samples each from `stored` into `output`
    /// (`rows × samples` samples of `type`, packed).
    func widen(_ stored: UnsafeRawPointer, rows: Int, samples: Int, as type: RasterDataType, into output: UnsafeMutableRawPointer) {
        let rowBytes = storedRowBytes(samples: samples)
        for row in 0..<rows {
            let source = stored + row * rowBytes
            let target = output + row * samples * type.byteCount
            if isHalfFloat {
                for i in 0..<samples {
                    let half = Float16(bitPattern: source.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))
                    target.storeBytes(of: Float(half), toByteOffset: i * 4, as: Float.self)
                }
            } else {
                for i in 0..<samples {
                    let value = bits(source, from: i * bitsPerSample)
                    switch type {
                    case .uint8: target.storeBytes(of: UInt8(truncatingIfNeeded: value), toByteOffset: i, as: UInt8.self)
                    case .uint16: target.storeBytes(of: UInt16(truncatingIfNeeded: value), toByteOffset: i * 2, as: UInt16.self)
                    default: target.storeBytes(of: UInt32(truncatingIfNeeded: value), toByteOffset: i * 4, as: UInt32.self)
                    }
                }
            }
        }
    }

    /// `bitsPerSample` bits of a big-endian bit stream starting at bit `start`.
    @inline(__always)
    private func bits(_ row: UnsafeRawPointer, from start: Int) -> UInt64 {
        var value: UInt64 = 0
        var bit = start
        let end = start + bitsPerSample
        while bit < end {
            let byte = UInt64(row.load(fromByteOffset: bit >> 3, as: UInt8.self))
            let offset = bit & 7
            let take = min(8 - offset, end - bit)
            let chunk = (byte >> UInt64(8 - offset - take)) & ((1 << UInt64(take)) - 1)
            value = value << UInt64(take) | chunk
            bit += take
        }
        return value
    }
}
