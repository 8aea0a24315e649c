import CPOSIX
import GeoRaster

/// Typed loops over raw band bytes, specialised per element type.
enum SampleKernels {
    /// `count` elements of `value` as `type`, as raw bytes (one typed fill, no per-element work).
    static func filledBytes(of value: Double, as type: CubeSampleType, count: Int) -> [UInt8] {
        filledBytes(pattern: type.nativeBytes(of: value), count: count)
    }

    /// `count` elements of the one-element byte pattern `pattern` (1, 2, 4 or 8 bytes).
    static func filledBytes(pattern: [UInt8], count: Int) -> [UInt8] {
        switch pattern.count {
        case 1: return filled(UInt8.self, pattern, count: count)
        case 2: return filled(UInt16.self, pattern, count: count)
        case 4: return filled(UInt32.self, pattern, count: count)
        default: return filled(UInt64.self, pattern, count: count)
        }
    }

    /// Writes `count` elements of `pattern` (1, 2, 4 or 8 bytes) at `base`.
    static func fill(_ base: UnsafeMutableRawPointer, pattern: [UInt8], count: Int) {
        func words<Word: FixedWidthInteger>(_: Word.Type) {
            let word = pattern.withUnsafeBytes { $0.loadUnaligned(as: Word.self) }
            base.withMemoryRebound(to: Word.self, capacity: count) { $0.update(repeating: word, count: count) }
        }
        switch pattern.count {
        case 1: words(UInt8.self)
        case 2: words(UInt16.self)
        case 4: words(UInt32.self)
        default: words(UInt64.self)
        }
    }

    /// `count` copies of the one-element byte pattern `element`, filled as words of its width.
    private static func filled<Word: FixedWidthInteger>(_: Word.Type, _ element: [UInt8], count: Int) -> [UInt8] {
        let word = element.withUnsafeBytes { $0.loadUnaligned(as: Word.self) }
        return [UInt8](unsafeUninitializedCapacity: count * MemoryLayout<Word>.stride) { buffer, initialized in
            eocube_advise_huge_pages(buffer.baseAddress, buffer.count)
            if let base = buffer.baseAddress {
                base.withMemoryRebound(to: Word.self, capacity: count) { $0.initialize(repeating: word, count: count) }
            }
            initialized = count * MemoryLayout<Word>.stride
        }
    }

    /// `count` copies of `value`, in a buffer advised to use huge pages (see CPOSIX): block-sized
    /// metadata planes are allocated fresh for every block.
    static func filled<Element: BitwiseCopyable>(_ value: Element, count: Int) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            eocube_advise_huge_pages(buffer.baseAddress, count * MemoryLayout<Element>.stride)
            buffer.baseAddress?.initialize(repeating: value, count: count)
            initialized = count
        }
    }

    /// Sets `valid[i]` to 1 for every pixel of `region` (row-major) where `plane` (laid out over
    /// `source`) is not nodata; other marks are left as they are.
    static func markValid(_ plane: BandPlane, source: CubeWindow, region: CubeWindow, into valid: inout [UInt8]) {
        switch plane.type {
        case .float32: markValidFloat(plane, Float.self, source, region, &valid)
        case .float64: markValidFloat(plane, Double.self, source, region, &valid)
        default:
            // Integers are equal exactly when their bit patterns are, so compare unsigned words of
            // the type's width against the nodata's bytes; a nodata the type cannot hold marks all valid.
            guard let nodata = plane.nodata, plane.type.represents(nodata) else {
                for i in valid.indices { valid[i] = 1 }
                return
            }
            let pattern = plane.type.nativeBytes(of: nodata)
            switch pattern.count {
            case 1: markValidInteger(plane, UInt8.self, pattern, source, region, &valid)
            case 2: markValidInteger(plane, UInt16.self, pattern, source, region, &valid)
            default: markValidInteger(plane, UInt32.self, pattern, source, region, &valid)
            }
        }
    }

    private static func markValidInteger<Word: FixedWidthInteger>(_ plane: BandPlane, _: Word.Type, _ nodataBytes: [UInt8], _ source: CubeWindow, _ region: CubeWindow, _ valid: inout [UInt8]) {
        let nodata = nodataBytes.withUnsafeBytes { $0.loadUnaligned(as: Word.self) }
        markValid(plane, Word.self, source, region, &valid) { $0 != nodata }
    }

    private static func markValidFloat<T: BinaryFloatingPoint>(_ plane: BandPlane, _: T.Type, _ source: CubeWindow, _ region: CubeWindow, _ valid: inout [UInt8]) {
        // A NaN nodata matches every NaN (NaN != NaN otherwise).
        switch plane.nodata.map({ T($0) }) {
        case nil: markValid(plane, T.self, source, region, &valid) { _ in true }
        case let nodata? where nodata.isNaN: markValid(plane, T.self, source, region, &valid) { !$0.isNaN }
        case let nodata?: markValid(plane, T.self, source, region, &valid) { $0 != nodata }
        }
    }

    /// The row loop shared by the typed checks: marks the pixels whose value passes `isValid`.
    @inline(__always)
    private static func markValid<T>(_ plane: BandPlane, _: T.Type, _ source: CubeWindow, _ region: CubeWindow, _ valid: inout [UInt8], where isValid: (T) -> Bool) {
        plane.bytes.withUnsafeBytes { raw in
            valid.withUnsafeMutableBufferPointer { out in
                guard let values = raw.baseAddress?.assumingMemoryBound(to: T.self), let marks = out.baseAddress else { return }
                for r in 0..<region.height {
                    let sourceRow = values + ((region.row - source.row + r) * source.width + (region.column - source.column))
                    let markRow = marks + r * region.width
                    // An `or` of 0/1 bytes rather than `||`, which would branch: this loop vectorises.
                    for c in 0..<region.width { markRow[c] |= isValid(sourceRow[c]) ? 1 : 0 }
                }
            }
        }
    }

}
