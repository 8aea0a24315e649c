import Foundation

/// Copies the part of a decoded block that falls inside a window into the packed output,
/// extracting one band from pixel-interleaved blocks; sparse blocks become nodata (or 0).
struct BlockCopier {
    let directory: ImageDirectory
    /// 0-based band.
    let band: Int
    /// One sample holding the fill value of sparse blocks, native-endian.
    let fillPattern: [UInt8]

    init(directory: ImageDirectory, band: Int, nodata: Double?) {
        self.directory = directory
        self.band = band
        self.fillPattern = directory.dataType.nativeBytes(of: nodata ?? 0)
    }

    func copy(block: BlockEngine.Block, data: UnsafeRawPointer?, window: PixelWindow, to output: UnsafeMutableRawPointer) {
        let extent = directory.blockWindow(column: block.column, row: block.row)
        guard let part = extent.intersection(window) else { return }
        let size = directory.dataType.byteCount
        let outRowBytes = window.width * size
        guard let data else {
            for row in part.y..<part.maxY {
                var target = output + (row - window.y) * outRowBytes + (part.x - window.x) * size
                fillPattern.withUnsafeBytes { sample in
                    for _ in 0..<part.width { target.copyMemory(from: sample.baseAddress!, byteCount: size); target += size }
                }
            }
            return
        }
        let samples = directory.samplesPerBlockPixel
        let inRowBytes = directory.blockWidth * samples * size
        let sampleOffset = samples == 1 ? 0 : band
        for row in part.y..<part.maxY {
            let source = data + (row - extent.y) * inRowBytes + ((part.x - extent.x) * samples + sampleOffset) * size
            let target = output + (row - window.y) * outRowBytes + (part.x - window.x) * size
            if samples == 1 {
                target.copyMemory(from: source, byteCount: part.width * size)
            } else {
                switch size {
                case 1: gather(UInt8.self, source, target, part.width, samples)
                case 2: gather(UInt16.self, source, target, part.width, samples)
                case 4: gather(UInt32.self, source, target, part.width, samples)
                default: gather(UInt64.self, source, target, part.width, samples)
                }
            }
        }
    }

    @inline(__always)
    private func gather<T>(_: T.Type, _ source: UnsafeRawPointer, _ target: UnsafeMutableRawPointer, _ count: Int, _ stride: Int) {
        for i in 0..<count {
            target.storeBytes(of: source.loadUnaligned(fromByteOffset: i * stride * MemoryLayout<T>.size, as: T.self),
                              toByteOffset: i * MemoryLayout<T>.size, as: T.self)
        }
    }
}
