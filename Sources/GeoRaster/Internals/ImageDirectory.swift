/// The decoding-relevant tags of one TIFF image file directory (IFD), plus its block index.
struct ImageDirectory: Sendable {
    /// Byte offset of the IFD (used to position other handles on it).
    var offset: UInt64
    var width: Int
    var height: Int
    var samplesPerPixel: Int
    var dataType: RasterDataType
    /// PlanarConfiguration 1 (pixel-interleaved) vs 2 (band-interleaved).
    var isBandInterleaved: Bool
    var isTiled: Bool
    var blockWidth: Int
    var blockHeight: Int
    var compression: TIFFCompression
    /// GDAL's name for the compression (LERC with its second stage).
    var compressionName: String
    /// LERC's second stage from `LercParameters` (0 none, 1 Deflate, 2 Zstd).
    var lercSecondStage: UInt32 = 0
    /// How stored samples become ``dataType`` (odd bit depths, half floats); nil when stored as is.
    var widening: SampleWidening? = nil
    /// Whether blocks are decoded through libtiff's RGBA interface, as GDAL reads 8-bit CMYK and
    /// CIELab (4 bands R, G, B, A) and 8-bit YCbCr without new-style JPEG (3 bands R, G, B): blocks
    /// then hold 4 uint8 samples per pixel whatever the file stores, ``samplesPerPixel`` being the
    /// bands shown.
    var convertsToRGBA = false
    var predictor: Int
    var photometric: UInt16
    var subfileType: UInt32
    /// StripOffsets / TileOffsets and the matching byte counts (0 marks a sparse block).
    var blockOffsets: [UInt64]
    var blockByteCounts: [UInt64]

    /// Whether JPEG YCbCr data must be converted to RGB by libtiff (as GDAL does).
    var needsJPEGColorConversion: Bool { compression == .jpeg && photometric == 6 }
    /// Whether GeoRaster undoes horizontal differencing (Predictor 2) of integer samples itself
    /// instead of libtiff, which is told the predictor is 1: libtiff's loop keeps the running
    /// sum in memory and cost ~16 % of a cube build's CPU; ``HorizontalDifferencing`` keeps it
    /// in a register. Only the codecs libtiff applies predictors to are concerned.
    var undoesPredictorItself: Bool {
        predictor == 2 && !dataType.isFloatingPoint && widening == nil && !convertsToRGBA && [.lzw, .deflate, .pixarDeflate, .zstd, .lzma].contains(compression)
    }
    var blocksAcross: Int { (width + blockWidth - 1) / blockWidth }
    var blocksDown: Int { (height + blockHeight - 1) / blockHeight }
    /// Samples per pixel stored in one block.
    var samplesPerBlockPixel: Int { convertsToRGBA ? 4 : isBandInterleaved ? 1 : samplesPerPixel }
    /// Size in bytes of one decoded full block.
    var blockBytes: Int { blockWidth * blockHeight * samplesPerBlockPixel * dataType.byteCount }
    /// Size in bytes of one stored row of a block as libtiff decodes it (before ``widening``).
    var storedRowBytes: Int {
        widening?.storedRowBytes(samples: blockWidth * samplesPerBlockPixel) ?? blockWidth * samplesPerBlockPixel * dataType.byteCount
    }
    /// Size in bytes of one full block as libtiff decodes it.
    var storedBlockBytes: Int { storedRowBytes * blockHeight }

    var level: RasterLevel {
        RasterLevel(width: width, height: height, blockWidth: blockWidth, blockHeight: blockHeight,
                    isTiled: isTiled, compression: compression, predictor: predictor,
                    compressionName: compressionName)
    }

    /// Index of the tile/strip holding block (column, row) of band `band` (0-based).
    func blockIndex(column: Int, row: Int, band: Int) -> Int {
        let plane = isBandInterleaved ? band : 0
        return (plane * blocksDown + row) * blocksAcross + column
    }

    /// Pixel extent of block (column, row), clipped to the image.
    func blockWindow(column: Int, row: Int) -> PixelWindow {
        let x = column * blockWidth, y = row * blockHeight
        return PixelWindow(x: x, y: y, width: min(blockWidth, width - x), height: min(blockHeight, height - y))
    }

    // MARK: Reading from a handle

    /// Codecs libtiff applies a `Predictor` to.
    static let codecsWithPredictor: Set<TIFFCompression> = [.lzw, .deflate, .pixarDeflate, .zstd, .lzma]
    /// `LercParameters` (50674): LERC version and second-stage compression (0 none, 1 Deflate, 2 Zstd).
    static let lercParametersTag: UInt32 = 50674

    /// Refuses, before any block is decoded, the layouts whose decoded samples are not the image
    /// GDAL shows (raw YCbCr GeoRaster cannot convert, old-style JPEG other than YCbCr) and codecs
    /// this libtiff lacks, with ``GeoRasterError/unsupported(location:reason:)`` naming the reason.
    static func refuseUnsupportedLayout(compression: TIFFCompression, photometric: UInt16, convertsToRGBA: Bool,
                                        location: String) throws(GeoRasterError) {
        if compression == .oldJPEG && !convertsToRGBA {
            throw .unsupported(location: location, reason: "old-style JPEG (OJPEG, Compression 6) other than 8-bit YCbCr; convert the file with gdal_translate")
        }
        guard TIFFIsCODECConfigured(compression.rawValue) != 0 else {
            throw .unsupported(location: location, reason: "compression \(compression) (\(compression.rawValue)) is not available in this libtiff")
        }
        // Raw YCbCr samples (often subsampled, so a strip holds fewer bytes than width × height × 3)
        // are not the RGB image; only 8-bit, 3-sample YCbCr goes through the RGBA interface. (CMYK
        // and CIELab GDAL does not convert, not 8-bit, it returns as stored, as GeoRaster does.)
        if photometric == 6 && compression != .jpeg && !convertsToRGBA {
            throw .unsupported(location: location, reason: "YCbCr (Photometric 6) without JPEG compression other than 8-bit with 3 samples")
        }
    }

    /// Whether libtiff's RGBA interface accepts the current directory (`TIFFRGBAImageOK`).
    static func canReadAsRGBA(_ handle: TIFFHandle) -> Bool {
        var message = [CChar](repeating: 0, count: 1024)
        return TIFFRGBAImageOK(handle.tiff, &message) == 1
    }

    /// Reads the current directory of `handle`, validating what later code relies on.
    static func read(from handle: TIFFHandle, limits: RasterOpenOptions) throws(GeoRasterError) -> ImageDirectory {
        let location = handle.stream.source.location
        guard let width = handle.u32(256), let height = handle.u32(257), width > 0, height > 0 else {
            throw .invalidFile(location: location, reason: "ImageWidth/ImageLength missing or zero")
        }
        let spp = Int(handle.u16Defaulted(277) ?? 1)
        let bps = handle.u16Defaulted(258) ?? 1
        let sampleFormat = handle.u16Defaulted(339) ?? 1
        guard spp >= 1 else { throw .invalidFile(location: location, reason: "SamplesPerPixel is 0") }
        // SampleFormat 4 (void: no type given) is read as unsigned, as GDAL does.
        let format = sampleFormat == 4 ? 1 : sampleFormat
        let dataType: RasterDataType
        var widening: SampleWidening? = nil
        if let stored = RasterDataType(sampleFormat: format, bitsPerSample: bps) {
            dataType = stored
        } else if let (wider, how) = SampleWidening.type(sampleFormat: format, bitsPerSample: bps) {
            dataType = wider
            widening = how
        } else {
            let kind = switch (format, bps) {
            case (1, 64), (2, 64): "64-bit integer samples (GeoRaster's types stop at 32-bit integers)"
            case (5, _), (6, _): "complex samples"
            case (2, _): "signed samples of \(bps) bits"
            default: "samples of \(bps) bits"
            }
            throw .unsupported(location: location, reason: "\(kind) (SampleFormat \(sampleFormat), BitsPerSample \(bps))")
        }
        let planar = handle.u16Defaulted(284) ?? 1
        let compression = TIFFCompression(rawValue: handle.u16Defaulted(259) ?? 1)
        // Only codecs with a predictor register the tag; asking another codec's state for it reads
        // unrelated memory (TIFFGetFieldDefaulted), so their predictor is 1, as GDAL reports it.
        let predictor = Self.codecsWithPredictor.contains(compression) ? Int(handle.u16Defaulted(317) ?? 1) : 1
        let photometric = handle.u16(262) ?? 1
        // 8-bit CMYK inks, CIELab and YCbCr outside new-style JPEG: GDAL reads them through
        // libtiff's RGBA interface.
        let inkSet = handle.u16Defaulted(332) ?? 1
        let convertsToRGBA = bps == 8 && sampleFormat == 1
            && ((photometric == 5 && spp >= 4 && inkSet == 1) || (photometric == 8 && spp >= 3)
                || (photometric == 6 && compression != .jpeg && spp == 3))
            && canReadAsRGBA(handle)
        // GDAL shows raw YCbCr as RGB (3 bands), CMYK and CIELab as RGBA.
        let convertedBands = photometric == 6 ? 3 : 4
        try refuseUnsupportedLayout(compression: compression, photometric: photometric, convertsToRGBA: convertsToRGBA, location: location)
        var compressionName = compression.description
        var lercSecondStage: UInt32 = 0
        if compression == .lerc, let parameters = handle.u32s(lercParametersTag), parameters.count >= 2 {
            lercSecondStage = parameters[1]
            switch parameters[1] {
            case 1: compressionName = "LERC_DEFLATE"
            case 2: compressionName = "LERC_ZSTD"
            default: break
            }
        }
        let subfileType = handle.u32(254) ?? 0
        let isTiled = TIFFIsTiled(handle.tiff) != 0
        var blockWidth = Int(width), blockHeight = Int(height)
        if isTiled {
            guard let tw = handle.u32(322), let th = handle.u32(323), tw > 0, th > 0 else {
                throw .invalidFile(location: location, reason: "TileWidth/TileLength missing or zero")
            }
            blockWidth = Int(tw)
            blockHeight = Int(th)
        } else {
            let rows = handle.u32Defaulted(278) ?? UInt32.max
            blockHeight = Int(min(rows, height))
            if blockHeight == 0 { blockHeight = Int(height) }
        }
        // The strips/tiles in the file: one set per sample when band-interleaved.
        let storedPlanes = planar == 2 && spp > 1 ? spp : 1
        var directory = ImageDirectory(
            offset: handle.directoryOffset, width: Int(width), height: Int(height), samplesPerPixel: convertsToRGBA ? convertedBands : spp,
            dataType: dataType, isBandInterleaved: planar == 2 && spp > 1 && !convertsToRGBA, isTiled: isTiled,
            blockWidth: blockWidth, blockHeight: blockHeight, compression: compression,
            compressionName: compressionName, lercSecondStage: lercSecondStage, widening: widening, predictor: predictor,
            photometric: photometric, subfileType: subfileType, blockOffsets: [], blockByteCounts: [])
        directory.convertsToRGBA = convertsToRGBA
        // One decoded block must fit comfortably in memory, whatever the header claims.
        let blockBytes = blockWidth.multipliedReportingOverflow(by: blockHeight)
        guard !blockBytes.overflow, blockBytes.partialValue <= limits.maxSingleAllocation / max(1, directory.samplesPerBlockPixel * dataType.byteCount) else {
            throw .tooLarge(location: location, reason: "block of \(blockWidth) × \(blockHeight) pixels")
        }
        let grid = directory.blocksAcross.multipliedReportingOverflow(by: directory.blocksDown)
        let planes = grid.partialValue.multipliedReportingOverflow(by: storedPlanes)
        guard !grid.overflow, !planes.overflow, planes.partialValue <= 50_000_000 else {
            throw .tooLarge(location: location, reason: "\(directory.blocksAcross) × \(directory.blocksDown) blocks per band")
        }
        let expected = planes.partialValue
        let count = Int(isTiled ? TIFFNumberOfTiles(handle.tiff) : TIFFNumberOfStrips(handle.tiff))
        guard count == expected else {
            throw .invalidFile(location: location, reason: "\(count) strips/tiles where the image size needs \(expected)")
        }
        guard count <= 50_000_000 else {
            throw .tooLarge(location: location, reason: "\(count) strips/tiles")
        }
        var offsets = [UInt64](repeating: 0, count: count)
        var byteCounts = [UInt64](repeating: 0, count: count)
        for index in 0..<count {
            var err: Int32 = 0
            offsets[index] = TIFFGetStrileOffsetWithErr(handle.tiff, UInt32(index), &err)
            byteCounts[index] = TIFFGetStrileByteCountWithErr(handle.tiff, UInt32(index), &err)
            if err != 0 {
                throw handle.failure { .invalidFile(location: location, reason: "unreadable tile/strip index: \($0)") }
            }
        }
        directory.blockOffsets = offsets
        directory.blockByteCounts = byteCounts
        return directory
    }
}

import CTIFF
