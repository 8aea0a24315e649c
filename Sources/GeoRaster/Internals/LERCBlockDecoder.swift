import CLerc
import CZlib
import CZstd

/// Decodes one LERC block (LERC, LERC_DEFLATE, LERC_ZSTD) with the LERC library instead of libtiff.
///
/// Newer libtiff (GDAL's) writes a pixel-interleaved multi-band float block holding NaN as one
/// LERC band per sample, each with its own validity mask; Debian 12's libtiff 4.5 rejects those
/// blocks ("Unexpected nDim", "lerc_decode() failed") although they are valid. This decoder
/// accepts both that layout and the classic one (one LERC band of `samples` values per pixel),
/// interleaves the samples, and writes NaN where a float sample is masked out (0 for integers),
/// as libtiff does.
struct LERCBlockDecoder {
    /// `LercParameters`' second stage: 0 none, 1 Deflate, 2 Zstd.
    let secondStage: UInt32
    let dataType: RasterDataType
    /// Samples per pixel stored in one block (1 for band-interleaved files).
    let samplesPerPixel: Int

    /// Why a block could not be decoded, for ``GeoRasterError/decodeFailed(location:block:reason:)``.
    struct Failure: Error {
        let reason: String
    }

    /// Decodes `compressed` (the block's bytes in the file) into `output`, which holds
    /// `columns × rows × samplesPerPixel` samples, pixel-interleaved.
    func decode(_ compressed: UnsafeRawBufferPointer, columns: Int, rows: Int, into output: UnsafeMutableRawPointer) throws(Failure) {
        let blockBytes = columns * rows * samplesPerPixel * dataType.byteCount
        // A LERC blob is at most the raw samples plus masks and headers: anything larger is damage.
        let blobLimit = 2 * blockBytes + columns * rows * samplesPerPixel + (1 << 16)
        switch secondStage {
        case 0:
            try decodeBlob(compressed, columns: columns, rows: rows, into: output)
        case 1, 2:
            let blob = UnsafeMutableRawBufferPointer.allocate(byteCount: blobLimit, alignment: 16)
            defer { blob.deallocate() }
            let size = secondStage == 1 ? try inflate(compressed, into: blob) : try unzstd(compressed, into: blob)
            try decodeBlob(UnsafeRawBufferPointer(rebasing: blob[..<size]), columns: columns, rows: rows, into: output)
        default:
            throw Failure(reason: "LercParameters names an unknown second-stage compression \(secondStage)")
        }
    }

    private func inflate(_ compressed: UnsafeRawBufferPointer, into blob: UnsafeMutableRawBufferPointer) throws(Failure) -> Int {
        guard let source = compressed.baseAddress, let target = blob.baseAddress else { return 0 }
        var length = uLongf(blob.count)
        let status = uncompress(target.assumingMemoryBound(to: Bytef.self), &length,
                                source.assumingMemoryBound(to: Bytef.self), uLong(compressed.count))
        guard status == Z_OK else { throw Failure(reason: "Deflate stage of LERC_DEFLATE failed (zlib status \(status))") }
        return Int(length)
    }

    private func unzstd(_ compressed: UnsafeRawBufferPointer, into blob: UnsafeMutableRawBufferPointer) throws(Failure) -> Int {
        guard let source = compressed.baseAddress, let target = blob.baseAddress else { return 0 }
        let size = ZSTD_decompress(target, blob.count, source, compressed.count)
        guard ZSTD_isError(size) == 0 else {
            throw Failure(reason: "Zstd stage of LERC_ZSTD failed: \(String(cString: ZSTD_getErrorName(size)))")
        }
        return size
    }

    /// LERC's code for each sample type (`Lerc_types.h`).
    private var lercType: UInt32 {
        switch dataType {
        case .int8: 0
        case .uint8: 1
        case .int16: 2
        case .uint16: 3
        case .int32: 4
        case .uint32: 5
        case .float32: 6
        case .float64: 7
        }
    }

    private func decodeBlob(_ blob: UnsafeRawBufferPointer, columns: Int, rows: Int, into output: UnsafeMutableRawPointer) throws(Failure) {
        guard let base = blob.baseAddress, blob.count > 0, blob.count <= Int(UInt32.max) else {
            throw Failure(reason: "empty LERC block")
        }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var info = [UInt32](repeating: 0, count: 11)
        var ranges = [Double](repeating: 0, count: 3)
        guard lerc_getBlobInfo(bytes, UInt32(blob.count), &info, &ranges, 11, 3) == 0 else {
            throw Failure(reason: "not a LERC blob (lerc_getBlobInfo failed)")
        }
        // { version, dataType, nDepth, nCols, nRows, nBands, nValidPixels, blobSize, nMasks, nDepth, nUsesNoDataValue }
        let type = info[1], depth = Int(info[2]), blobColumns = Int(info[3]), blobRows = Int(info[4])
        let bands = Int(info[5]), masks = Int(info[8])
        guard type == lercType else { throw Failure(reason: "LERC data type \(type) where the file declares \(dataType)") }
        guard blobColumns == columns, blobRows == rows else {
            throw Failure(reason: "LERC block of \(blobColumns) × \(blobRows) pixels where the file needs \(columns) × \(rows)")
        }
        let interleaved = depth == samplesPerPixel && bands == 1
        let perSampleBands = depth == 1 && bands == samplesPerPixel
        guard interleaved || perSampleBands else {
            throw Failure(reason: "LERC block of \(bands) band(s) × \(depth) value(s) per pixel for \(samplesPerPixel) sample(s) per pixel")
        }
        guard masks == 0 || masks == 1 || masks == bands else { throw Failure(reason: "LERC block with \(masks) masks for \(bands) bands") }
        let pixels = columns * rows
        let size = dataType.byteCount
        // The classic layout decodes in place; one band per sample goes through a planar buffer.
        let planar = interleaved ? nil : UnsafeMutableRawPointer.allocate(byteCount: pixels * samplesPerPixel * size, alignment: 16)
        defer { planar?.deallocate() }
        var valid = [UInt8](repeating: 1, count: max(1, pixels * masks))
        var usesNoData = [UInt8](repeating: 0, count: bands)
        var noData = [Double](repeating: 0, count: bands)
        let status = valid.withUnsafeMutableBufferPointer { validBytes in
            lerc_decode_4D(bytes, UInt32(blob.count), Int32(masks), masks > 0 ? validBytes.baseAddress : nil, Int32(depth), Int32(columns),
                           Int32(rows), Int32(bands), type, planar ?? output, &usesNoData, &noData)
        }
        guard status == 0 else { throw Failure(reason: "lerc_decode failed (status \(status))") }

        let anyNoData = usesNoData.contains { $0 != 0 }
        guard planar != nil || masks > 0 || anyNoData else { return }
        let invalid: [UInt8] = dataType.nativeBytes(of: dataType.isFloatingPoint ? .nan : 0)
        for pixel in 0..<pixels {
            for sample in 0..<samplesPerPixel {
                let band = interleaved ? 0 : sample
                let target = output + (pixel * samplesPerPixel + sample) * size
                let source: UnsafeRawPointer
                if let planar {
                    source = UnsafeRawPointer(planar + (sample * pixels + pixel) * size)
                } else {
                    source = UnsafeRawPointer(target)
                }
                let maskBand = masks == 1 ? 0 : band
                let mask: UInt8 = masks == 0 ? 1 : valid[maskBand * pixels + pixel]
                let isNoData = anyNoData && usesNoData[band] != 0 && value(at: source) == noData[band]
                if mask == 0 || isNoData {
                    invalid.withUnsafeBytes { target.copyMemory(from: $0.baseAddress!, byteCount: size) }
                } else if source != UnsafeRawPointer(target) {
                    target.copyMemory(from: source, byteCount: size)
                }
            }
        }
    }

    private func value(at pointer: UnsafeRawPointer) -> Double {
        switch dataType {
        case .int8: Double(pointer.load(as: Int8.self))
        case .uint8: Double(pointer.load(as: UInt8.self))
        case .int16: Double(pointer.loadUnaligned(as: Int16.self))
        case .uint16: Double(pointer.loadUnaligned(as: UInt16.self))
        case .int32: Double(pointer.loadUnaligned(as: Int32.self))
        case .uint32: Double(pointer.loadUnaligned(as: UInt32.self))
        case .float32: Double(pointer.loadUnaligned(as: Float.self))
        case .float64: pointer.loadUnaligned(as: Double.self)
        }
    }
}
