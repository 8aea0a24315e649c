import GeoRaster
import ZarrStore

// MARK: - Cube ↔ Zarr

extension CubeSampleType {
    /// The Zarr data type of this element type.
    var zarrDataType: ZarrDataType {
        switch self {
        case .uint8: .uint8
        case .int8: .int8
        case .uint16: .uint16
        case .int16: .int16
        case .uint32: .uint32
        case .int32: .int32
        case .float32: .float32
        case .float64: .float64
        }
    }

    /// The element type of a Zarr data type, if a band can have it.
    init?(zarr: ZarrDataType) {
        guard let match = CubeSampleType.allCases.first(where: { $0.zarrDataType == zarr }) else { return nil }
        self = match
    }

    /// A fill value of this type in Zarr metadata form.
    func zarrFill(_ value: Double) -> ZarrFillValue {
        switch self {
        case .float32, .float64: .float(value)
        case .uint8, .uint16, .uint32: .uint(UInt64(exactly: value) ?? 0)
        default: .int(Int64(exactly: value) ?? 0)
        }
    }
}

extension ZarrFillValue {
    /// The fill value as a Double (nil for types a band cannot have).
    var doubleValue: Double? {
        switch self {
        case .int(let v): Double(v)
        case .uint(let v): Double(v)
        case .float(let v): v
        default: nil
        }
    }
}

extension CubeCompression {
    /// The bytes→bytes codecs of the chunks.
    var zarrCodecs: [ZarrCodec] {
        switch self {
        case .bloscZstd(let level, let shuffle, let blockSize):
            [.blosc(ZarrBloscConfiguration(compressor: .zstd, level: level, shuffle: shuffle.zarrShuffle, blockSize: blockSize))]
        case .bloscLZ4(let level, let shuffle, let blockSize):
            [.blosc(ZarrBloscConfiguration(compressor: .lz4, level: level, shuffle: shuffle.zarrShuffle, blockSize: blockSize))]
        case .zstd(let level): [.zstd(level: level, checksum: false)]
        case .none: []
        }
    }
}

extension CubeCompression.Shuffle {
    /// The same filter in ZarrStore's terms.
    var zarrShuffle: ZarrBloscConfiguration.Shuffle {
        switch self {
        case .noshuffle: .noshuffle
        case .shuffle: .shuffle
        case .bitshuffle: .bitshuffle
        }
    }
}
