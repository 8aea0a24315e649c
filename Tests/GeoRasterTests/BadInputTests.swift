import Foundation
import GeoRaster
import InteropSupport
import Testing

/// Damaged or hostile input gives a typed ``GeoRasterError``, never a crash or a giant allocation.
@Suite("Bad input")
struct BadInputTests {
    /// A minimal little-endian classic TIFF with one directory made of `entries` (tag, type, value).
    static func tiff(_ entries: [(tag: UInt16, type: UInt16, value: UInt32)], trailing: Int = 64) -> [UInt8] {
        var bytes: [UInt8] = [0x49, 0x49, 42, 0]
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        u32(8)
        u16(UInt16(entries.count))
        for entry in entries.sorted(by: { $0.tag < $1.tag }) {
            u16(entry.tag); u16(entry.type); u32(1)
            if entry.type == 3 { u16(UInt16(truncatingIfNeeded: entry.value)); u16(0) } else { u32(entry.value) }
        }
        u32(0)
        bytes += [UInt8](repeating: 7, count: trailing)
        return bytes
    }

    static func write(_ bytes: [UInt8], name: String) throws -> String {
        let directory = try Interop.temporaryDirectory("georaster-bad")
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test func wrongMagicIsNotATIFF() throws {
        let path = try Self.write(Array("GIF89a, definitely not a TIFF".utf8), name: "x.tif")
        #expect {
            _ = try RasterDataset.openBlocking(path)
        } throws: { error in
            guard case .notATIFF(let location, _) = error as? GeoRasterError else { return false }
            return location == path
        }
    }

    @Test func emptyFileIsNotATIFF() throws {
        let path = try Self.write([], name: "empty.tif")
        #expect(throws: GeoRasterError.notATIFF(location: path, reason: "file is only 0 bytes long")) { _ = try RasterDataset.openBlocking(path) }
    }

    /// `error` is `.tooLarge` about `path`, its reason mentioning `about`.
    static func isTooLarge(_ error: any Error, path: String, about: String) -> Bool {
        guard case .tooLarge(let location, let reason) = error as? GeoRasterError else { return false }
        return location == path && reason.contains(about)
    }

    /// Layouts whose samples are not the image GDAL shows, or codecs this libtiff lacks, are refused
    /// when the file is opened, with `unsupported` naming the reason.
    @Test(arguments: [
        (UInt16(34712), UInt16(1), UInt16(8), UInt16(1), "JP2000"),       // JPEG 2000: no libtiff codec
        (UInt16(6), UInt16(1), UInt16(8), UInt16(1), "old-style JPEG"),   // OJPEG grey, not YCbCr
        (UInt16(1), UInt16(6), UInt16(16), UInt16(3), "YCbCr"),           // raw 16-bit YCbCr
    ])
    func unsupportedLayoutsAreRefusedUpFront(compression: UInt16, photometric: UInt16, bits: UInt16, samples: UInt16, reason: String) throws {
        let path = try Self.write(Self.tiff([
            (256, 3, 16), (257, 3, 16), (258, 3, UInt32(bits)), (259, 3, UInt32(compression)), (262, 3, UInt32(photometric)),
            (273, 4, 200), (277, 3, UInt32(samples)), (278, 3, 16), (279, 4, 256),
        ], trailing: 600), name: "layout-\(compression)-\(photometric).tif")
        #expect {
            _ = try RasterDataset.openBlocking(path)
        } throws: { error in
            guard case .unsupported(let location, let message) = error as? GeoRasterError else { return false }
            return location == path && message.contains(reason)
        }
    }

    @Test func missingFileCannotBeOpened() {
        #expect {
            _ = try RasterDataset.openBlocking("/nonexistent/dir/x.tif")
        } throws: { error in
            if case .cannotOpen = error as? GeoRasterError { return true }
            return false
        }
    }

    @Test func absurdStripDimensionsAreRefusedWithoutAllocating() throws {
        let path = try Self.write(Self.tiff([
            // One Deflate strip of 100 000 × 100 000 int16 pixels: a directory libtiff accepts, a block
            // GeoRaster refuses. (Compressed, because libtiff chops a single uncompressed strip into small ones.)
            (256, 4, 100_000), (257, 4, 100_000), (258, 3, 16), (259, 3, 8), (262, 3, 1),
            (273, 4, 8), (277, 3, 1), (278, 4, 100_000), (279, 4, 64), (339, 3, 2),
        ]), name: "huge-strips.tif")
        #expect {
            let raster = try RasterDataset.openBlocking(path)
            _ = try raster.readBlocking(band: 1, window: PixelWindow(x: 0, y: 0, width: 4, height: 4), as: Int16.self)
        } throws: { Self.isTooLarge($0, path: path, about: "block of 100000 × 100000 pixels") }
    }

    @Test func absurdTileDimensionsAreRefusedWithoutAllocating() throws {
        let path = try Self.write(Self.tiff([
            // One tile of 65 536 × 65 536 float64 pixels.
            (256, 4, 65536), (257, 4, 65536), (258, 3, 64), (259, 3, 1), (262, 3, 1),
            (277, 3, 1), (322, 4, 65536), (323, 4, 65536), (324, 4, 8), (325, 4, 64), (339, 3, 3),
        ]), name: "huge-tiles.tif")
        #expect {
            let raster = try RasterDataset.openBlocking(path)
            _ = try raster.readBlocking(band: 1, window: PixelWindow(x: 0, y: 0, width: 4, height: 4), as: Double.self)
        } throws: { Self.isTooLarge($0, path: path, about: "block of 65536 × 65536 pixels") }
    }

    @Test func hugeGridOfTinyTilesIsRefused() throws {
        let path = try Self.write(Self.tiff([
            (256, 4, 4_294_967_280), (257, 4, 4_294_967_280), (258, 3, 8), (259, 3, 1), (262, 3, 1),
            (277, 3, 1), (322, 4, 16), (323, 4, 16), (324, 4, 8), (325, 4, 64),
        ]), name: "tiny-tiles.tif")
        // libtiff's directory reader already refuses the tile count (it overflows 32 bits), before
        // GeoRaster's own grid limit; the error says so.
        #expect {
            _ = try RasterDataset.openBlocking(path)
        } throws: { error in
            guard case .invalidFile(let location, let reason) = error as? GeoRasterError else { return false }
            return location == path && reason.contains("zero number of tiles")
        }
    }

    @Test(.enabled(if: ReferenceFixtures.interopEnabled))
    func absurdWindowsAreRefused() throws {
        let (directory, _) = try ReferenceFixtures.matrix.get()
        let raster = try RasterDataset.openBlocking(directory.appendingPathComponent("cog_sig0.tif").path)
        for window in [PixelWindow(x: Int.max, y: 0, width: Int.max, height: 1), PixelWindow(x: 0, y: 0, width: Int.max, height: Int.max),
                       PixelWindow(x: -1, y: 0, width: 2, height: 2), PixelWindow(x: 0, y: 0, width: 0, height: 5)] {
            #expect(throws: GeoRasterError.windowOutOfBounds(location: raster.location, window: window, width: 700, height: 600), "\(window)") {
                _ = try raster.readBlocking(band: 1, window: window, as: Int16.self)
            }
        }
    }

    @Test(.enabled(if: ReferenceFixtures.interopEnabled))
    func truncatedFilesGiveTypedErrors() throws {
        let (directory, _) = try ReferenceFixtures.matrix.get()
        let original = try [UInt8](Data(contentsOf: directory.appendingPathComponent("cog_sig0.tif")))
        for fraction in [0.001, 0.01, 0.3, 0.6, 0.95] {
            let path = try Self.write(Array(original.prefix(Int(Double(original.count) * fraction))), name: "cut.tif")
            #expect("cut at \(fraction)") {
                let raster = try RasterDataset.openBlocking(path)
                _ = try raster.readBlocking(band: 1, as: Int16.self)
            } throws: { error in
                // A cut header is a damaged file; a cut in the tile data fails decoding that tile.
                switch error as? GeoRasterError {
                case .invalidFile(let location, _): fraction < 0.01 && location == path
                case .decodeFailed(let location, _, _): fraction >= 0.01 && location == path
                default: false
                }
            }
        }
    }

    @Test(.enabled(if: ReferenceFixtures.interopEnabled))
    func corruptTilesGiveDecodeErrors() throws {
        let (directory, _) = try ReferenceFixtures.matrix.get()
        for name in ["m_int16_deflate_p2", "m_uint16_lzw_p2", "m_float32_zstd_p3", "m_int32_lerc_p1"] {
            var bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent("\(name).tif")))
            // Scramble the second half, where the tile data lives (the header and index come first).
            var state: UInt32 = 12345
            for i in (bytes.count / 2)..<bytes.count {
                state = state &* 1_103_515_245 &+ 12345
                bytes[i] = UInt8(truncatingIfNeeded: state >> 16)
            }
            let path = try Self.write(bytes, name: "\(name).tif")
            #expect("\(name)") {
                let raster = try RasterDataset.openBlocking(path)
                for band in 1...raster.bandCount {
                    switch raster.dataType {
                    case .int16: _ = try raster.readBlocking(band: band, as: Int16.self)
                    case .uint16: _ = try raster.readBlocking(band: band, as: UInt16.self)
                    case .float32: _ = try raster.readBlocking(band: band, as: Float.self)
                    default: _ = try raster.readBlocking(band: band, as: Int32.self)
                    }
                }
            } throws: { error in
                guard case .decodeFailed(let location, _, _) = error as? GeoRasterError else { return false }
                return location == path
            }
        }
    }
}
